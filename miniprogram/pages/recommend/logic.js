// Recommend: tell about a craftsman you know (a lead for the organizers).
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')

// Outside the stages that take recommendations: why, when they are (were) taken, and where to go instead —
// from the server's timeline (each stage's switches), not from dates guessed here.
function closedView (current) {
  const periods = (current.timeline || []).filter((row) => row.switches && row.switches.recommendations)
  const when = periods.map((row) => '“' + row.name + '”阶段（' + formatDate(row.starts_on) + ' — ' + formatDate(row.ends_on) + '）').join('、')
  const now = current.stage ? '现在是“' + current.stage.name + '”阶段。' : ''
  if (periods.some((row) => row.status === 'upcoming')) {
    return { title: '推荐线索征集尚未开始', text: '推荐身边工匠将在' + when + '开放，届时欢迎告诉我们您身边的能工巧匠。' + now }
  }
  if (periods.length) {
    return { title: '本届推荐线索征集已结束', text: '推荐身边工匠在' + when + '开放，现已结束。' + now + '感谢您的关注，可以看看已推荐的工匠风采。' }
  }
  return { title: '当前未开放推荐线索征集', text: now + '开放时会在首页和活动通知中告知。' }
}

// The server's checks (app/services/leads.py), so most mistakes are caught before sending.
const REQUIRED = ['name', 'employer', 'trade', 'reason']
const REASON_MIN = 10

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    open: true,
    closed: null, // {title, text} when recommendations are not taken now
    form: { name: '', employer: '', trade: '', reason: '', contact: '' },
    errors: {},
    submitting: false,
    done: false,
    formError: ''
  },

  onLoad () {
    return this.load()
  },

  retry () {
    return this.load()
  },

  // Whether the campaign takes recommendations now (the form says so instead of failing at the end).
  load () {
    return loadInto(this, async () => {
      const current = await api.get('/campaigns/current')
      const open = Boolean(current.open.recommendations)
      this.setData({ open, closed: open ? null : closedView(current) })
    })
  },

  onInput (e) {
    const field = e.currentTarget.dataset.field
    this.setData({ ['form.' + field]: e.detail.value, ['errors.' + field]: '' })
  },

  async onSubmit () {
    if (this.data.submitting) return false
    const errors = {}
    REQUIRED.forEach((field) => { if (!this.data.form[field].trim()) errors[field] = '此项为必填项' })
    const reason = this.data.form.reason.trim()
    if (reason && Array.from(reason).length < REASON_MIN) errors.reason = '请写明推荐理由（至少' + REASON_MIN + '个字）'
    if (Object.keys(errors).length) {
      this.setData({ errors })
      return false
    }
    const body = {}
    Object.keys(this.data.form).forEach((field) => { body[field] = this.data.form[field].trim() })
    if (!body.contact) delete body.contact
    this.setData({ submitting: true, formError: '' })
    try {
      await api.post('/leads', body, { auth: 'required' })
      this.setData({ done: true })
      return true
    } catch (error) {
      if (error.fields && Object.keys(error.fields).length) this.setData({ errors: error.fields })
      this.setData({ formError: error.message })
      toast(error.message)
      return false
    } finally {
      this.setData({ submitting: false })
    }
  },

  onNominees () {
    wx.navigateTo({ url: '/pages/nominees/index' })
  },

  onHome () {
    wx.reLaunch({ url: '/pages/index/index' })
  },

  onAgain () {
    this.setData({ done: false, form: { name: '', employer: '', trade: '', reason: '', contact: '' }, errors: {} })
  }
}
