// Recommend: tell about a craftsman you know (a lead for the organizers).
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')

// The server's checks (app/services/leads.py), so most mistakes are caught before sending.
const REQUIRED = ['name', 'employer', 'trade', 'reason']
const REASON_MIN = 10

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

  onAgain () {
    this.setData({ done: false, form: { name: '', employer: '', trade: '', reason: '', contact: '' }, errors: {} })
  }
}
