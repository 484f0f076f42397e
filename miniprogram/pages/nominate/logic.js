// The nomination form: load or start a draft, validate as you type with the server's rules, save
// the draft as you go (PATCH), show the server's field errors at their fields, submit.
const api = require('../../utils/api')
const { loadRules } = require('../../utils/rules')
const form = require('../../utils/nomination-form')
const { loadInto, toast } = require('../../utils/page-state')
const files = require('./files')
const { formState, submittedMessage } = require('../../utils/nomination-status')
const subscribe = require('../../utils/subscribe')

const SAVE_DELAY_MS = 800

const definition = {
  data: {
    status: 'loading',
    errorMessage: '',
    steps: form.STEPS.map((s) => s.title),
    step: 0,
    fields: form.FIELDS,
    form: form.emptyForm(),
    errors: {},
    formError: '',
    counters: {},
    options: {},
    conditionRows: [],
    files: { id_photo: [], work_photo: [], certificate: [] },
    fileGroups: files.groups(null),
    summary: [], // the confirm step: what was entered, per step
    missing: [], // … and what is still missing, each with its step
    limits: {},
    consentText: '',
    nominationId: null,
    nominationStatus: 'draft',
    returnReason: '',
    returnDetail: '', // what a return asks for, and until when; lockedNote: why the form can no longer change
    lockedNote: '',
    editable: true,
    orgId: null,
    saveState: 'idle',
    submitting: false
  },

  onLoad (query) {
    this.query = query || {}
    this.dirty = {}
    subscribe.prepare() // the templates to ask for when the worker taps 提交
    return this.load()
  },

  onUnload () {
    clearTimeout(this.saveTimer)
    this.flushSave()
  },

  retry () {
    return this.load()
  },

  load () {
    return loadInto(this, async () => {
      this.rules = await loadRules()
      let nomination = null
      if (this.query.id) {
        nomination = await api.get('/nominations/' + this.query.id, { auth: 'required' })
      } else if (!this.query.org) {
        // A worker has one self-nomination per campaign: resume it (read-only once submitted).
        const mine = await api.get('/me/nominations', { auth: 'required' })
        const own = (mine.items || []).filter((n) => n.channel === 'self' && n.status !== 'withdrawn')
        nomination = own.find((n) => n.status === 'draft' || n.status === 'returned') || own[0] || null
      }
      this.applyNomination(nomination)
    })
  },

  applyNomination (nomination) {
    const values = nomination ? form.formFromNomination(nomination) : form.emptyForm()
    const counters = {}
    ;['deeds', 'story', 'brief'].forEach((name) => { counters[name] = form.counter(name, values[name], this.rules) })
    this.setData(Object.assign({
      form: values,
      counters,
      options: this.rules.options,
      limits: this.rules.limits,
      consentText: this.rules.consent_text || '',
      fileGroups: files.groups(this.rules),
      conditionRows: form.conditionRows(this.rules, values.conditions),
      nominationId: nomination ? nomination.id : null,
      nominationStatus: nomination ? nomination.status : 'draft',
      statusLabel: (nomination && nomination.status_label) || '草稿',
      returnReason: (nomination && nomination.return_reason) || '',
      orgId: this.query.org ? Number(this.query.org) : null,
      files: files.filesFromServer(nomination ? nomination.files : [])
    }, formState(nomination)))
    files.loadPreviews(this)
  },

  // Every change: the value, its own check (format and limits, not "required" yet), the counter, a save soon.
  setField (name, value) {
    if (!this.data.editable) return
    const values = Object.assign({}, this.data.form, { [name]: value })
    const message = form.fieldError(name, values, this.data.files, this.rules, {})
    const patch = { ['form.' + name]: value, ['errors.' + name]: message }
    if (this.data.counters[name]) patch['counters.' + name] = form.counter(name, value, this.rules)
    this.setData(patch)
    this.dirty[name] = true
    this.scheduleSave()
  },

  onInput (e) {
    this.setField(e.currentTarget.dataset.field, e.detail.value)
  },

  onBlur () {
    this.flushSave()
  },

  onChoice (e) {
    const name = e.currentTarget.dataset.field
    this.setField(name, this.rules.options[name][Number(e.detail.value)])
  },

  onMonth (e) {
    this.setField(e.currentTarget.dataset.field, String(e.detail.value).slice(0, 7))
  },

  onSwitch (e) {
    this.setField(e.currentTarget.dataset.field, Boolean(e.detail.value))
  },

  onConsent () {
    this.setField('privacy_consent', !this.data.form.privacy_consent)
  },

  onToggleCondition (e) {
    const value = Number(e.currentTarget.dataset.condition)
    const rows = this.data.conditionRows.map((row) => row.value === value ? Object.assign({}, row, { checked: !row.checked }) : row)
    this.setData({ conditionRows: rows })
    this.setField('conditions', rows.filter((r) => r.checked).map((r) => ({ condition: r.value, evidence: r.evidence })))
  },

  onEvidenceInput (e) {
    const value = Number(e.currentTarget.dataset.condition)
    const rows = this.data.conditionRows.map((row) => row.value === value ? Object.assign({}, row, { evidence: e.detail.value }) : row)
    this.setData({ conditionRows: rows })
    this.setField('conditions', rows.filter((r) => r.checked).map((r) => ({ condition: r.value, evidence: r.evidence })))
  },

  scheduleSave () {
    clearTimeout(this.saveTimer)
    this.saveTimer = setTimeout(() => this.flushSave(), SAVE_DELAY_MS)
  },

  // The draft exists on the server before the first save or upload.
  async ensureNomination () {
    if (this.data.nominationId) return this.data.nominationId
    if (!this.creating) {
      const path = this.data.orgId ? '/organizations/' + this.data.orgId + '/nominations' : '/nominations'
      this.creating = api.post(path, this.data.orgId ? {} : { channel: 'self' }, { auth: 'required' })
    }
    try {
      const created = await this.creating
      this.setData({ nominationId: created.id, nominationStatus: created.status })
      return created.id
    } finally {
      this.creating = null
    }
  },

  async flushSave () {
    clearTimeout(this.saveTimer)
    if (this.saving) return this.saving
    const names = Object.keys(this.dirty || {})
    if (!names.length || !this.data.editable) return null
    this.dirty = {}
    this.setData({ saveState: 'saving' })
    this.saving = (async () => {
      try {
        const id = await this.ensureNomination()
        await api.patch('/nominations/' + id, form.patchBody(this.data.form, names, this.rules))
        this.setData({ saveState: 'saved' })
        return true
      } catch (error) {
        if (error.fields && Object.keys(error.fields).length) {
          this.showServerErrors(error.fields)
          this.setData({ saveState: 'invalid' })
        } else {
          names.forEach((name) => { this.dirty[name] = true }) // kept for the next try
          this.setData({ saveState: 'failed', formError: error.offline ? '' : error.message })
        }
        return false
      } finally {
        this.saving = null
      }
    })()
    const result = await this.saving
    if (Object.keys(this.dirty).length && result) return this.flushSave()
    return result
  },

  retrySave () {
    return this.flushSave()
  },

  // The server's {field: message}: each at its field; the first step with an error is shown.
  showServerErrors (fields) {
    const patch = {}
    let first = null
    Object.keys(fields).forEach((name) => {
      const message = Array.isArray(fields[name]) ? fields[name].join('；') : String(fields[name])
      const root = name.split(/[.[]/)[0]
      patch['errors.' + (form.FIELDS[root] ? root : name)] = message
      const step = form.stepOfField(root)
      if (step >= 0 && (first === null || step < first)) first = step
    })
    if (first !== null) patch.step = first
    this.setData(patch)
  },

  stepErrors (index) {
    return form.validate(this.data.form, files.counts(this.data.files), this.rules,
      { fields: form.STEPS[index].fields, complete: true })
  },

  goStep (index) {
    this.flushSave()
    const step = Math.max(0, Math.min(form.STEPS.length - 1, index))
    const patch = { step }
    if (step === form.STEPS.length - 1) { // the confirm step: a summary of the whole form
      patch.summary = form.summary(this.data.form, files.counts(this.data.files), this.rules)
      patch.missing = form.missingItems(patch.summary)
    }
    this.setData(patch)
  },

  onJump (e) {
    this.goStep(Number(e.currentTarget.dataset.step))
  },

  onPrev () {
    this.goStep(this.data.step - 1)
  },

  onNext () {
    const errors = this.stepErrors(this.data.step)
    if (Object.keys(errors).length) {
      this.setData({ errors: Object.assign({}, this.data.errors, errors) })
      toast('请先完善标红的内容')
      return false
    }
    this.goStep(this.data.step + 1)
    return true
  },

  async onSubmit () {
    if (this.data.submitting || !this.data.editable) return false
    const errors = form.validate(this.data.form, files.counts(this.data.files), this.rules, { complete: true })
    if (Object.keys(errors).length) {
      this.setData({ errors })
      this.showServerErrors(errors)
      toast('还有内容需要完善')
      return false
    }
    this.setData({ submitting: true, formError: '' })
    subscribe.ask('after_nomination') // in the tap, before any await: the progress and result notices
    try {
      await this.flushSave()
      const id = await this.ensureNomination()
      const result = await api.post('/nominations/' + id + '/submit', {})
      this.setData({ nominationStatus: result.status, statusLabel: result.status_label || '', editable: false, returnDetail: '' })
      wx.showModal({
        title: '提交成功',
        content: submittedMessage(result.status),
        showCancel: false,
        success: () => wx.redirectTo({ url: '/pages/my-nominations/index' })
      })
      return true
    } catch (error) {
      if (error.fields && Object.keys(error.fields).length) this.showServerErrors(error.fields)
      this.setData({ formError: error.message })
      toast(error.message)
      return false
    } finally {
      this.setData({ submitting: false })
    }
  }
}

module.exports = Object.assign({}, definition, files.handlers, { data: definition.data })
