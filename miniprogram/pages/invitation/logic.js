// Invitation: a union or association nominated me (or a lead about me was followed up); the code
// they gave me (link, QR or typed) attaches the nomination to my account so I can check and complete it.
const api = require('../../utils/api')
const { toast } = require('../../utils/page-state')
const { tokenFrom } = require('../../utils/scan')

// What each refusal means and what to do: retyping helps only a mistyped code; a replaced, used or
// expired one needs a new code from the union or association that nominated the worker.
const FINAL = {
  invitation_invalid: '邀请码无效，请核对后重新输入（注意区分字母和数字）',
  invitation_revoked: '该邀请码已作废：推荐单位已重新生成了邀请码。请向推荐单位索取最新的邀请码',
  invitation_used: '该邀请码已被其他微信账号使用。如果不是您本人使用的，请联系推荐单位重新生成邀请码',
  invitation_expired: '邀请码已过期，请联系推荐单位重新生成邀请码'
}

function codeFrom (query) {
  return tokenFrom(query, 'code')
}

module.exports = {
  data: { status: 'ready', errorMessage: '', code: '', claiming: false, error: '', nomination: null },

  onLoad (query) {
    const code = codeFrom(query)
    this.setData({ code })
    return code ? this.claim() : null
  },

  retry () {
    return this.claim()
  },

  onInput (e) {
    this.setData({ code: e.detail.value, error: '' })
  },

  async claim () {
    const code = this.data.code.trim()
    if (!code) {
      this.setData({ error: '请输入推荐单位给您的邀请码' })
      return false
    }
    this.setData({ claiming: true, error: '', status: 'loading' })
    try {
      const nomination = await api.post('/invitations/claim', { code }, { auth: 'required' })
      this.setData({ nomination: { id: nomination.id, name: nomination.name, statusLabel: nomination.status_label, channelLabel: nomination.channel_label || '' }, status: 'ready' })
      return true
    } catch (error) {
      if (error.offline) this.setData({ status: 'offline', errorMessage: error.message })
      else if (error.status >= 500) this.setData({ status: 'error', errorMessage: error.message })
      else {
        this.setData({ status: 'ready', error: FINAL[error.code] || error.message })
        toast(FINAL[error.code] || error.message)
      }
      return false
    } finally {
      this.setData({ claiming: false })
    }
  },

  onOpen () {
    wx.redirectTo({ url: '/pages/nominate/index?id=' + this.data.nomination.id })
  }
}

module.exports.codeFrom = codeFrom
