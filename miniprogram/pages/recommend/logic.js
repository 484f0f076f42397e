// Recommend: tell about a craftsman you know (a lead for the organizers).
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')

const REQUIRED = { name: '请填写工匠姓名', employer: '请填写工作单位', trade: '请填写工种或专业', reason: '请说说推荐的理由' }

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    open: true,
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
      this.setData({ open: Boolean(current.open.recommendations) })
    })
  },

  onInput (e) {
    const field = e.currentTarget.dataset.field
    this.setData({ ['form.' + field]: e.detail.value, ['errors.' + field]: '' })
  },

  async onSubmit () {
    if (this.data.submitting) return false
    const errors = {}
    Object.keys(REQUIRED).forEach((field) => { if (!this.data.form[field].trim()) errors[field] = REQUIRED[field] })
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

  onAgain () {
    this.setData({ done: false, form: { name: '', employer: '', trade: '', reason: '', contact: '' }, errors: {} })
  }
}
