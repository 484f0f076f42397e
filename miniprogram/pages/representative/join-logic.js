// Join: an organizer's QR makes the scanner a verified representative of an organization (an employer
// endorsing its workers, a union or association nominating within its quota).
const api = require('../../utils/api')
const { finalFor, toast } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')
const { tokenFrom, loadScanned, scanToken } = require('../../utils/scan')

// Answers that end the flow (scanning the same code again cannot help): what happened and what to do.
const FINALS = {
  token_invalid: { title: '邀请二维码无效', action: '重新扫码', key: 'scan', home: true, message: '扫到的不是有效的单位代表邀请二维码，可能扫错了或没有扫完整。请重新扫描市总工会发给您的邀请二维码。' },
  token_expired: { title: '邀请二维码已过期', home: true, message: '这张邀请二维码已过有效期。请联系市总工会工作人员，为本单位重新生成邀请二维码。' },
  token_revoked: { title: '邀请二维码已作废', action: '扫描新的二维码', key: 'scan', home: true, message: '市总工会已为本单位重新生成了邀请二维码，这一张随之作废。请向市总工会索取最新的邀请二维码再扫。' },
  token_used: { title: '邀请二维码已使用', action: '查看我代表的单位', key: 'representative', home: true, message: '每张邀请二维码只能使用一次，这一张已经有人使用。若是您本人使用的，可直接进入单位代表页面；如需增加单位代表，请联系市总工会重新生成。' }
}
const MISSING = { title: '没有读到邀请二维码', action: '扫码', key: 'scan', home: true, message: '请用微信扫一扫，扫描市总工会发给您的单位代表邀请二维码。' }

module.exports = {
  data: { status: 'loading', errorMessage: '', final: null, token: '', invitation: null, name: '', accepting: false, done: false },

  onLoad (query) {
    this.setData({ token: tokenFrom(query) })
    return this.load()
  },

  retry () {
    return this.load()
  },

  async load () {
    const invitation = await loadScanned(this, { path: '/representative-invitations/', missing: MISSING, finals: FINALS })
    if (!invitation) return
    this.setData({ status: 'ready', invitation: Object.assign({}, invitation, { expiresText: formatDate(invitation.expires_at) }) })
  },

  onInput (e) {
    this.setData({ name: e.detail.value })
  },

  async onAccept () {
    if (this.data.accepting) return false
    this.setData({ accepting: true })
    try {
      await api.post('/representative-invitations/' + encodeURIComponent(this.data.token), { name: this.data.name.trim() || null })
      await api.login() // my roles changed: a fresh login carries "representative"
      this.setData({ done: true })
      return true
    } catch (error) {
      const final = finalFor(error, FINALS)
      if (final) this.setData(final)
      else toast(error.message)
      return false
    } finally {
      this.setData({ accepting: false })
    }
  },

  // The final view's way forward: scan a new invitation here, or open the representative page.
  async onFinalAction () {
    const final = this.data.final || {}
    if (final.key === 'representative') {
      wx.redirectTo({ url: '/pages/representative/index' })
      return true
    }
    if (final.key !== 'scan') return false
    const token = await scanToken('representative')
    if (token === null) return false // the camera closed
    if (!token) {
      toast('这不是单位代表邀请二维码，请扫描市总工会发给您的邀请二维码')
      return false
    }
    this.setData({ token, final: null, done: false })
    await this.load()
    return true
  },

  onOpen () {
    wx.redirectTo({ url: '/pages/representative/index' })
  }
}
