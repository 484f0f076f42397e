// Join: an organizer's QR makes the scanner a verified representative of an organization (an employer
// endorsing its workers, a union or association nominating within its quota).
const api = require('../../utils/api')
const { toast } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')
const { tokenFrom, TOKEN_ERRORS, loadScanned } = require('../../utils/scan')

module.exports = {
  data: { status: 'loading', errorMessage: '', token: '', invitation: null, name: '', accepting: false, done: false },

  onLoad (query) {
    this.setData({ token: tokenFrom(query) })
    return this.load()
  },

  retry () {
    return this.load()
  },

  async load () {
    const invitation = await loadScanned(this, { path: '/representative-invitations/', missing: '没有读到邀请二维码，请重新扫码' })
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
      if (TOKEN_ERRORS[error.code]) this.setData({ status: 'error', errorMessage: TOKEN_ERRORS[error.code] })
      else toast(error.message)
      return false
    } finally {
      this.setData({ accepting: false })
    }
  },

  onOpen () {
    wx.redirectTo({ url: '/pages/representative/index' })
  }
}
