// Endorse: opened by scanning the nominee's code. The token comes from `scene` (mini-program code),
// `token` (a link) or `q` (a plain QR of a link). A verified representative confirms or declines
// directly; anyone else gives name, post and a photo of the sealed letter (recorded as unverified).
const api = require('../../utils/api')
const upload = require('../../utils/upload')
const { localRules } = require('../../utils/rules')
const { finalFor, toast } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')
const { tokenFrom, loadScanned, scanToken } = require('../../utils/scan')
const subscribe = require('../../utils/subscribe')

// Answers that end the flow: the page says what happened and what to do instead of offering the form
// (a retry cannot help: the same code gives the same answer). "scan" reads the worker's new code here.
const SCAN_AGAIN = { key: 'scan', home: true }
const FINALS = {
  token_invalid: Object.assign({ title: '认可码无效', action: '重新扫码', message: '扫到的不是有效的认可码，可能扫错了二维码或没有扫完整。请让职工在小程序“我的推荐”中重新出示认可码，再扫码办理。' }, SCAN_AGAIN),
  token_expired: Object.assign({ title: '认可码已过期', action: '扫描新的认可码', message: '这个认可码已过有效期。请让职工在小程序“我的推荐”中重新生成认可码，再扫码办理。' }, SCAN_AGAIN),
  token_revoked: Object.assign({ title: '认可码已作废', action: '扫描最新的认可码', message: '职工已重新生成认可码，这个旧码随之作废。请扫描职工手机上最新出示的认可码。' }, SCAN_AGAIN),
  token_used: { title: '认可码已使用', message: '这个认可码已经办理过认可，无需重复办理。如需更改单位意见，请联系市总工会。', home: true },
  not_awaiting_endorsement: { title: '无需办理认可', message: '该职工的申报当前不需要单位认可：可能已经认可过，或申报已撤回、退回修改。', home: true }
}
const MISSING = Object.assign({ title: '没有读到认可码', action: '扫码', message: '请用微信扫一扫，扫描职工在小程序“我的推荐”中出示的认可码。' }, SCAN_AGAIN)

// The final view of a refusal: the known ones above, and "not your own nomination" in the server's words.
function finalOf (error) {
  if (error.code === 'forbidden') return { title: '无法办理认可', message: error.message, home: true }
  return FINALS[error.code] || null
}

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    final: null,
    token: '',
    summary: null,
    direct: false,
    decision: 'confirm',
    comment: '',
    signerName: '',
    signerPost: '',
    letter: null, // {preview, fileId, state: uploading|done|failed, error}
    errors: {},
    submitting: false,
    done: null // {decision, unverified}
  },

  onLoad (query) {
    this.setData({ token: tokenFrom(query) })
    subscribe.prepare() // the templates to ask for when the representative taps 提交
    return this.load()
  },

  retry () {
    return this.load()
  },

  async load () {
    const summary = await loadScanned(this, {
      path: '/endorsements/',
      missing: MISSING,
      finals: finalOf
    })
    if (!summary) return
    this.setData({
      status: 'ready',
      summary: Object.assign({}, summary, { expiresText: formatDate(summary.expires_at) }),
      direct: Boolean(summary.can_endorse_directly)
    })
  },

  onDecision (e) {
    this.setData({ decision: e.currentTarget.dataset.decision, 'errors.comment': '' })
  },

  onInput (e) {
    const field = e.currentTarget.dataset.field
    this.setData({ [field]: e.detail.value, ['errors.' + field]: '' })
  },

  // The photo of the letter with the unit's seal, uploaded before the decision is sent.
  async onChooseLetter () {
    const chosen = await upload.chooseImages(1)
    if (!chosen.length) return false
    this.setData({ letter: { preview: chosen[0].path, state: 'uploading', error: '' }, 'errors.letter': '' })
    this.letterFile = chosen[0]
    return this.sendLetter()
  },

  async sendLetter () {
    try {
      const prepared = await upload.prepare(this.letterFile, localRules)
      const stored = await upload.send('/endorsements/' + encodeURIComponent(this.data.token) + '/letter', prepared)
      this.setData({ letter: { preview: prepared.path, fileId: stored.id, state: 'done', error: '' } })
      return true
    } catch (error) {
      this.setData({ 'letter.state': 'failed', 'letter.error': error.message })
      return false
    }
  },

  onRetryLetter () {
    this.setData({ 'letter.state': 'uploading', 'letter.error': '' })
    return this.sendLetter()
  },

  check () {
    const errors = {}
    const comment = this.data.comment.trim()
    if (this.data.decision === 'decline' && !comment) errors.comment = '不予认可时请说明原因，职工会看到这段说明'
    if (!this.data.direct) {
      if (!this.data.signerName.trim()) errors.signerName = '请填写您的姓名'
      if (!this.data.signerPost.trim()) errors.signerPost = '请填写您的职务'
      if (!this.data.letter || this.data.letter.state !== 'done') errors.letter = '请上传加盖单位公章的认可函照片'
    }
    return errors
  },

  async onSubmit () {
    if (this.data.submitting) return false
    const errors = this.check()
    if (Object.keys(errors).length) {
      this.setData({ errors })
      toast('请先完善标红的内容')
      return false
    }
    const body = { decision: this.data.decision, comment: this.data.comment.trim() }
    if (this.data.summary && this.data.summary.nomination_id) body.nomination_id = this.data.summary.nomination_id
    if (!this.data.direct) {
      body.signer_name = this.data.signerName.trim()
      body.signer_post = this.data.signerPost.trim()
      body.letter_file_id = this.data.letter.fileId
    }
    this.setData({ submitting: true })
    subscribe.ask('after_endorsement') // in the tap, before any await
    try {
      const result = await api.post('/endorsements/' + encodeURIComponent(this.data.token), body)
      this.setData({ done: { decision: body.decision, unverified: !this.data.direct || (result && result.verified === false) } })
      return true
    } catch (error) {
      const final = finalFor(error, finalOf)
      if (final) this.setData(final)
      else if (error.fields && Object.keys(error.fields).length) {
        const map = { signer_name: 'signerName', signer_post: 'signerPost', letter_file_id: 'letter' }
        const shown = {}
        Object.keys(error.fields).forEach((key) => { shown[map[key] || key] = String(error.fields[key]) })
        this.setData({ errors: shown })
        toast(error.message)
      } else toast(error.message)
      return false
    } finally {
      this.setData({ submitting: false })
    }
  },

  // The final view's way forward: scan the worker's new code here and open it.
  async onFinalAction () {
    const final = this.data.final || {}
    if (final.key !== 'scan') return false
    const token = await scanToken('endorse')
    if (token === null) return false // the camera closed
    if (!token) {
      toast('这不是认可码，请扫描职工在“我的推荐”中出示的认可码')
      return false
    }
    this.setData({ token, final: null, done: null, decision: 'confirm', comment: '', letter: null, errors: {} })
    await this.load()
    return true
  },

  onHome () {
    wx.reLaunch({ url: '/pages/index/index' })
  }
}

module.exports.tokenFrom = tokenFrom
