// The nomination form of attachment 1: its steps, its fields, and validation with the server's
// limits and messages (the rules from GET /nominations/rules or the local copy).
const { charCount } = require('./text')

const STEPS = [
  { key: 'person', title: '基本信息', fields: ['name', 'gender', 'political_status', 'birth_month', 'education', 'mobile', 'district'] },
  { key: 'work', title: '工作信息', fields: ['employer_name', 'post', 'trade', 'skill_level', 'trade_since'] },
  { key: 'merit', title: '经历与条件', fields: ['career', 'awards', 'conditions', 'priority_chief_employee', 'priority_innovation_award'] },
  { key: 'story', title: '事迹材料', fields: ['deeds', 'story', 'brief'] },
  { key: 'files', title: '照片与证书', fields: ['id_photo', 'work_photo', 'certificate'] },
  { key: 'confirm', title: '确认提交', fields: ['privacy_consent'] }
]

const FIELDS = {
  name: { label: '姓名', type: 'name', required: true, maxlength: 20 },
  gender: { label: '性别', type: 'choice', required: true },
  political_status: { label: '政治面貌', type: 'choice', required: true },
  birth_month: { label: '出生年月', type: 'month', required: true },
  education: { label: '学历', type: 'choice', required: true },
  mobile: { label: '联系方式（手机）', type: 'mobile', required: true, maxlength: 13 },
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
  story: { label: '事迹简介', type: 'story', required: true, minKey: 'story_min', maxKey: 'story_max' },
  brief: { label: '简要技能业绩', type: 'textarea', required: true, maxKey: 'brief_max' },
  id_photo: { label: '彩色证件照', type: 'files', kind: 'id_photo' },
  work_photo: { label: '工作照', type: 'files', kind: 'work_photo' },
  certificate: { label: '主要荣誉证书', type: 'files', kind: 'certificate' },
  privacy_consent: { label: '个人信息使用同意', type: 'consent' }
}

// The server's patterns (app/services/nomination_rules.py).
const NAME = /^[\u4e00-\u9fffA-Za-z·．. ]{2,20}$/
const MOBILE = /^1[3-9]\d{9}$/

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

function parseMonth (text) {
  const match = /^(\d{4})-(\d{1,2})$/.exec(String(text).trim())
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return null
  return { year: Number(match[1]), month: Number(match[2]) }
}

function monthsBetween (start, end) {
  return (end.year - start.year) * 12 + (end.month - start.month)
}

// The conditions a draft can keep: claimed, with evidence (the server refuses the others).
function keptConditions (claimed, rules) {
  return (claimed || []).filter((c) => !isBlank(c.evidence) && charCount(c.evidence) <= rules.limits.evidence_max)
    .map((c) => ({ condition: Number(c.condition), evidence: String(c.evidence).trim() }))
}

// The rows of the conditions (1–4) with what is claimed and its evidence.
function conditionRows (rules, claimed) {
  return Object.keys(rules.options.conditions).map((key) => {
    const found = (claimed || []).find((c) => Number(c.condition) === Number(key))
    return { value: Number(key), label: rules.options.conditions[key], checked: Boolean(found), evidence: found ? found.evidence : '' }
  })
}

// What a PATCH sends: blanks as null; of the conditions, those with their evidence written.
function patchBody (values, names, rules) {
  const body = {}
  names.forEach((name) => {
    const value = values[name]
    if (name === 'conditions') body.conditions = keptConditions(value, rules)
    else body[name] = typeof value === 'string' && value.trim() === '' ? null : value
  })
  return body
}

// One field's error message, or '' when it is fine. Without `complete`, the checks the server makes
// on each change (PATCH); with it, also what submission asks (required, ranges, counts).
function fieldError (name, form, files, rules, options = {}) {
  const field = FIELDS[name]
  const { limits, messages, options: choices } = rules
  const value = form[name]
  const complete = Boolean(options.complete)
  const today = options.today || new Date()
  switch (field.type) {
    case 'files': {
      const count = (files[name] || []).length
      if (name === 'certificate') return complete && count < limits.certificate_min ? messages.certificate_min : ''
      if (count === limits[name] || (!complete && count < limits[name])) return ''
      return messages[name + '_count'] + '（当前' + count + '张）'
    }
    case 'consent':
      return complete && value !== true ? messages.privacy_consent : ''
    case 'switch':
      return ''
    case 'conditions': {
      const claimed = value || []
      const tooLong = claimed.some((c) => charCount(c.evidence) > limits.evidence_max)
      if (tooLong || (complete && claimed.some((c) => isBlank(c.evidence)))) return messages.conditions_format
      return complete && claimed.length === 0 ? messages.conditions_min : ''
    }
  }
  if (isBlank(value)) return complete && field.required ? messages.required : ''
  const text = String(value)
  const length = charCount(text)
  if (field.type === 'choice') return choices[name].indexOf(text) < 0 ? messages.option : ''
  if (field.type === 'name') return NAME.test(text.trim()) ? '' : messages.name_format
  if (field.type === 'mobile') return MOBILE.test(text.replace(/[\s-]/g, '')) ? '' : messages.mobile_format
  if (field.type === 'month') {
    const month = parseMonth(text)
    if (!month) return messages.month_format
    const now = { year: today.getFullYear(), month: today.getMonth() + 1 }
    if (name === 'birth_month') {
      const age = Math.floor(monthsBetween(month, now) / 12)
      return age < 16 || age > 80 ? messages.birth_month_range : ''
    }
    if (monthsBetween(month, now) < 0 || month.year < 1950) return messages.trade_since_range
    return Math.floor(monthsBetween(month, now) / 12) < limits.years_in_trade_min ? messages.years_in_trade : ''
  }
  if (field.type === 'story') {
    if (length > limits.story_max || (complete && length < limits.story_min)) {
      return messages.story_range + '，当前' + length + '字'
    }
    return ''
  }
  if (field.maxKey) return length > limits[field.maxKey] ? messages[field.maxKey] : ''
  return field.maxlength && length > field.maxlength ? messages.too_long : ''
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

// How a value reads in the summary before submission: choices as chosen, months in words, long text cut
// short with its length, files counted.
const SHORT = 36

function monthText (value) {
  const month = parseMonth(value || '')
  return month ? month.year + '年' + month.month + '月' : String(value)
}

function readable (name, form, files, rules) {
  const field = FIELDS[name]
  const value = form[name]
  switch (field.type) {
    case 'files': {
      const count = (files[name] || []).length
      return count ? '已上传 ' + count + (name === 'certificate' ? ' 份' : ' 张') : ''
    }
    case 'switch':
      return value ? '是' : ''
    case 'conditions':
      return (value || []).map((c) => c.condition + '. ' + (rules.options.conditions[c.condition] || '') +
        (isBlank(c.evidence) ? '' : '：' + String(c.evidence).trim())).join('\n')
    case 'month':
      return isBlank(value) ? '' : monthText(value) + (name === 'trade_since' ? ' 起' : '')
  }
  if (isBlank(value)) return ''
  const text = String(value).trim()
  const length = charCount(text)
  return length > SHORT ? Array.from(text).slice(0, SHORT).join('') + '…（共 ' + length + ' 字）' : text
}

// The confirm step: per step (but the last), what was entered with readable labels, and what is still
// missing or wrong (with the message a submission would give) so that a tap can go to that step.
function summary (form, files, rules, options = {}) {
  return STEPS.slice(0, -1).map((step, index) => {
    const rows = []
    const missing = []
    step.fields.forEach((name) => {
      const label = FIELDS[name].label
      const value = readable(name, form, files, rules)
      if (value) rows.push({ name, label, value })
      const message = fieldError(name, form, files, rules, Object.assign({}, options, { complete: true }))
      const nothing = message === rules.messages.required || (FIELDS[name].type === 'files' && !(files[name] || []).length)
      if (message) missing.push({ name, label, message, note: nothing ? (FIELDS[name].type === 'files' ? '未上传' : '未填写') : message })
    })
    return { index, title: step.title, rows, missing }
  })
}

// The missing items of all steps as one list, each with its step ({step, title, label, message}).
function missingItems (sections) {
  return sections.reduce((all, section) => all.concat(section.missing.map((m) => Object.assign({ step: section.index, title: section.title }, m))), [])
}

module.exports = { STEPS, FIELDS, SAVED_FIELDS, emptyForm, formFromNomination, filesByKind, keptConditions, fieldError, validate, stepOfField, counter, summary, missingItems, conditionRows, patchBody }
