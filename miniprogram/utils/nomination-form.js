// The nomination form of attachment 1: its steps, its fields, and validation with the server's
// limits and messages (the rules from GET /nominations/rules or the local copy).
const { charCount, yearsSince } = require('./text')

const STEPS = [
  { key: 'person', title: '基本信息', fields: ['name', 'gender', 'political_status', 'birth_month', 'education', 'mobile', 'district'] },
  { key: 'work', title: '工作信息', fields: ['employer_name', 'post', 'trade', 'skill_level', 'trade_since'] },
  { key: 'merit', title: '经历与条件', fields: ['career', 'awards', 'conditions', 'priority_chief_employee', 'priority_innovation_award'] },
  { key: 'story', title: '事迹材料', fields: ['deeds', 'story', 'brief'] },
  { key: 'files', title: '照片与证书', fields: ['id_photo', 'work_photo', 'certificate'] },
  { key: 'confirm', title: '确认提交', fields: ['privacy_consent'] }
]

const FIELDS = {
  name: { label: '姓名', type: 'text', required: true, maxlength: 40 },
  gender: { label: '性别', type: 'choice', required: true },
  political_status: { label: '政治面貌', type: 'choice', required: true },
  birth_month: { label: '出生年月', type: 'month', required: true },
  education: { label: '学历', type: 'choice', required: true },
  mobile: { label: '联系方式（手机）', type: 'mobile', required: true, maxlength: 11 },
  district: { label: '所在县区', type: 'choice', required: true },
  employer_name: { label: '工作单位', type: 'text', required: true, maxlength: 120 },
  post: { label: '工作岗位（职务）', type: 'text', required: true, maxlength: 60 },
  trade: { label: '工种（专业）', type: 'text', required: true, maxlength: 60 },
  skill_level: { label: '技能等级', type: 'choice', required: true },
  trade_since: { label: '从事本工种（专业）工作时间', type: 'month', required: true },
  career: { label: '主要经历', type: 'textarea', required: true, maxlength: 2000 },
  awards: { label: '何时何地受过何种奖励', type: 'textarea', required: true, maxlength: 2000 },
  conditions: { label: '符合的推荐条件', type: 'conditions', required: true },
  priority_chief_employee: { label: '曾获市“首席员工”称号', type: 'switch' },
  priority_innovation_award: { label: '市以上职工科技创新成果奖主要完成人', type: 'switch' },
  deeds: { label: '主要事迹', type: 'textarea', required: true, maxKey: 'deeds_max' },
  story: { label: '事迹简介', type: 'textarea', required: true, minKey: 'story_min', maxKey: 'story_max' },
  brief: { label: '简要技能业绩', type: 'textarea', required: true, maxKey: 'brief_max' },
  id_photo: { label: '彩色证件照', type: 'files', kind: 'id_photo' },
  work_photo: { label: '工作照', type: 'files', kind: 'work_photo' },
  certificate: { label: '主要荣誉证书', type: 'files', kind: 'certificate' },
  privacy_consent: { label: '个人信息使用同意', type: 'consent' }
}

// The fields a PATCH carries (files and the step keys are not among them).
const SAVED_FIELDS = Object.keys(FIELDS).filter((name) => FIELDS[name].type !== 'files')

function emptyForm () {
  const form = {}
  SAVED_FIELDS.forEach((name) => {
    const type = FIELDS[name].type
    form[name] = type === 'switch' || type === 'consent' ? false : type === 'conditions' ? [] : ''
  })
  return form
}

// The form's values from a nomination JSON of the server.
function formFromNomination (nomination) {
  const form = emptyForm()
  SAVED_FIELDS.forEach((name) => {
    const value = nomination[name]
    if (value !== undefined && value !== null) form[name] = value
  })
  form.conditions = (nomination.conditions || []).map((c) => ({ condition: Number(c.condition), evidence: c.evidence || '' }))
  return form
}

function filesByKind (files) {
  const grouped = { id_photo: [], work_photo: [], certificate: [] }
  ;(files || []).forEach((file) => { if (grouped[file.kind]) grouped[file.kind].push(file) })
  return grouped
}

function isBlank (value) {
  return value === undefined || value === null || String(value).trim() === ''
}

// One field's error message, or '' when it is fine. `complete` also checks that it is filled in.
function fieldError (name, form, files, rules, options = {}) {
  const field = FIELDS[name]
  const { limits, messages, options: choices } = rules
  const value = form[name]
  const complete = Boolean(options.complete)
  switch (field.type) {
    case 'files': {
      const count = (files[name] || []).length
      if (name === 'certificate') return complete && count < limits.certificate_min ? messages.certificate_min : ''
      if (!complete && count <= limits[name]) return ''
      return count === limits[name] ? '' : messages[name]
    }
    case 'consent':
      return complete && value !== true ? messages.privacy_consent : ''
    case 'switch':
      return ''
    case 'conditions': {
      const claimed = value || []
      if (complete && claimed.length === 0) return messages.conditions_min
      const missing = claimed.find((c) => isBlank(c.evidence))
      return complete && missing ? messages.condition_evidence : ''
    }
  }
  if (isBlank(value)) return complete && field.required ? messages.required : ''
  const text = String(value)
  if (field.type === 'choice' && choices[name] && choices[name].indexOf(text) < 0) return messages.choice
  if (field.type === 'mobile' && !/^1\d{10}$/.test(text.trim())) return messages.mobile_format
  if (field.type === 'month') {
    if (!/^\d{4}-\d{2}$/.test(text)) return messages.month_format
    if (name === 'trade_since' && yearsSince(text, options.today) < limits.years_in_trade_min) return messages.years_in_trade_min
  }
  if (field.maxKey && charCount(text) > limits[field.maxKey]) return messages[field.maxKey]
  if (field.minKey && charCount(text) < limits[field.minKey]) return messages[field.minKey]
  return ''
}

// Errors of the given fields (all of them by default) as {field: message}.
function validate (form, files, rules, options = {}) {
  const names = options.fields || Object.keys(FIELDS)
  const errors = {}
  names.forEach((name) => {
    const message = fieldError(name, form, files, rules, options)
    if (message) errors[name] = message
  })
  return errors
}

function stepOfField (name) {
  const root = String(name).split(/[.[]/)[0]
  const index = STEPS.findIndex((step) => step.fields.indexOf(root) >= 0)
  return index
}

// The live counter under a text area: "326 / 800 字", and whether it is out of range.
function counter (name, value, rules) {
  const field = FIELDS[name]
  const count = charCount(value)
  const max = field.maxKey ? rules.limits[field.maxKey] : null
  const min = field.minKey ? rules.limits[field.minKey] : null
  let text = count + (max ? ' / ' + max : '') + ' 字'
  if (min && count < min) text += '（至少 ' + min + ' 字）'
  return { count, text, over: Boolean((max && count > max) || (min && count > 0 && count < min)) }
}

module.exports = { STEPS, FIELDS, SAVED_FIELDS, emptyForm, formFromNomination, filesByKind, fieldError, validate, stepOfField, counter }
