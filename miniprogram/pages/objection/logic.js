// A real-name objection (异议) to a person on the public notice, with evidence photos.
const api = require('../../utils/api')
const upload = require('../../utils/upload')
const { localRules } = require('../../utils/rules')
const { loadInto, toast } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')

// The server's checks (app/services/results/objections.py), so most mistakes are caught before sending.
const RELATIONS = [
  { key: 'colleague', label: '同事' },
  { key: 'same_trade', label: '同行' },
  { key: 'acquaintance', label: '熟人' },
  { key: 'public', label: '社会公众' },
  { key: 'other', label: '其他' }
]
const MOBILE = /^1[3-9]\d{9}$/
const CONTENT_MIN = 10
const CONTENT_MAX = 2000
const PHOTOS_MAX = 6

// Outside the public notice's window: why, when, and the way to the results (the server's state and dates).
function closedView (result) {
  if (result.state === 'open') return null
  if (result.state === 'closed') {
    return { title: '公示期已结束', text: '评选结果公示期已于' + formatDate(result.ends_on) + '结束，不再受理异议。已提交的异议，核查结果会通过小程序消息答复您。' }
  }
  if (result.state === 'upcoming') {
    return { title: '公示尚未开始', text: '评选结果公示期为' + formatDate(result.starts_on) + '至' + formatDate(result.ends_on) + '，公示开始后可以对公示对象实名提出异议。' }
  }
  return { title: '评选结果尚未公示', text: '评选结果公示后，在公示期内可以对公示对象实名提出异议。公示时会在首页和活动通知中告知。' }
}

function emptyForm () {
  return { real_name: '', mobile: '', relation: '', content: '' }
}

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    open: false,
    closed: null, // {title, text} when objections are not taken now
    people: [],
    personIndex: -1,
    relations: RELATIONS.map((r) => r.label),
    relationIndex: -1,
    form: emptyForm(),
    photos: [],
    errors: {},
    submitting: false,
    done: false,
    formError: '',
    uploadProblem: ''
  },

  onLoad (query) {
    this.wanted = query && query.id ? Number(query.id) : null
    return this.load()
  },

  retry () {
    return this.load()
  },

  // Who is on the notice, and whether objections are taken now (the form says so instead of failing at the end).
  load () {
    return loadInto(this, async () => {
      const result = await api.get('/results')
      const people = result.top_winners.concat(result.winners)
      const closed = closedView(result)
      const personIndex = people.findIndex((p) => p.nomination_id === this.wanted)
      this.setData({ open: result.state === 'open', closed, people: people.map((p) => p.name + '（' + p.title + '）'), personIndex })
      this.peopleIds = people.map((p) => p.nomination_id)
    })
  },

  onResults () {
    wx.redirectTo({ url: '/pages/results/index' })
  },

  onHome () {
    wx.reLaunch({ url: '/pages/index/index' })
  },

  onInput (e) {
    const field = e.currentTarget.dataset.field
    this.setData({ ['form.' + field]: e.detail.value, ['errors.' + field]: '' })
  },

  onPerson (e) {
    this.setData({ personIndex: Number(e.detail.value), 'errors.nomination_id': '' })
  },

  onRelation (e) {
    const index = Number(e.detail.value)
    this.setData({ relationIndex: index, 'form.relation': RELATIONS[index].key, 'errors.relation': '' })
  },

  async onAddPhoto () {
    const room = PHOTOS_MAX - this.data.photos.length
    if (room <= 0) {
      toast('最多上传' + PHOTOS_MAX + '张证明材料')
      return false
    }
    try {
      const chosen = await upload.chooseImages(room)
      const prepared = []
      for (const file of chosen) prepared.push(await upload.prepare(file, localRules))
      this.setData({ photos: this.data.photos.concat(prepared), 'errors.photos': '' })
      return true
    } catch (error) {
      this.setData({ 'errors.photos': error.message })
      return false
    }
  },

  onRemovePhoto (e) {
    const photos = this.data.photos.slice()
    photos.splice(Number(e.currentTarget.dataset.index), 1)
    this.setData({ photos })
  },

  validate () {
    const form = this.data.form
    const errors = {}
    if (this.data.personIndex < 0) errors.nomination_id = '请选择异议对象'
    if (Array.from(form.real_name.trim()).length < 2) errors.real_name = '请填写真实姓名'
    if (!MOBILE.test(form.mobile.trim())) errors.mobile = '请填写11位手机号码'
    if (!form.relation) errors.relation = '请选择与被公示人的关系'
    const length = Array.from(form.content.trim()).length
    if (length < CONTENT_MIN || length > CONTENT_MAX) errors.content = '请写明异议的事实和理由（' + CONTENT_MIN + '至' + CONTENT_MAX + '字）'
    return errors
  },

  async onSubmit () {
    if (this.data.submitting || !this.data.open) return false
    const errors = this.validate()
    if (Object.keys(errors).length) {
      this.setData({ errors, formError: '请按提示修改后再提交' })
      return false
    }
    const form = this.data.form
    const body = { nomination_id: this.peopleIds[this.data.personIndex], real_name: form.real_name.trim(),
      mobile: form.mobile.trim(), relation: form.relation, content: form.content.trim() }
    this.setData({ submitting: true, formError: '' })
    try {
      const objection = await api.post('/objections', body, { auth: 'required' })
      const failed = []
      for (const photo of this.data.photos) {
        try {
          await upload.send('/objections/' + objection.id + '/files', photo)
        } catch (error) {
          failed.push(error.message)
        }
      }
      this.setData({ done: true, uploadProblem: failed.length ? failed.length + '张证明材料未能上传：' + failed[0] : '' })
      return true
    } catch (error) {
      if (error.fields && Object.keys(error.fields).length) this.setData({ errors: error.fields })
      this.setData({ formError: error.message })
      toast(error.message)
      return false
    } finally {
      this.setData({ submitting: false })
    }
  }
}
