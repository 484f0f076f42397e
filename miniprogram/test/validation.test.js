// The form's validation uses the server's limits and messages (GET /nominations/rules, or the
// local copy offline); the end-to-end test proves the local copy equals the server's answer.
const test = require('node:test')
const assert = require('node:assert/strict')
const form = require('../utils/nomination-form')
const rules = require('../utils/nomination-rules')

const TODAY = new Date(2019, 4, 10) // 2019-05-10, during the nomination stage

function text (n) {
  return '匠'.repeat(n)
}

function completeForm () {
  return Object.assign(form.emptyForm(), {
    name: '王晓燕', gender: '女', political_status: '中共党员', birth_month: '1982-03', education: '大专',
    mobile: '13812345678', district: '海州区', employer_name: '连云港海缘数控机床有限公司', post: '数控车间班组长',
    trade: '数控车工', skill_level: '高级技师', trade_since: '2005-07', career: '2005 年起从事数控车工',
    awards: '2017 年获市职工技能大赛第一名', conditions: [{ condition: 2, evidence: '2017 年市技能大赛数控车工第一名' }],
    deeds: text(300), story: text(rules.limits.story_min), brief: text(60), privacy_consent: true
  })
}

function completeFiles () {
  return { id_photo: [{ id: 1 }], work_photo: [{ id: 2 }, { id: 3 }], certificate: [{ id: 4 }] }
}

test('a complete form passes', () => {
  assert.deepEqual(form.validate(completeForm(), completeFiles(), rules, { complete: true, today: TODAY }), {})
})

test('every missing required field is named, with the rules message', () => {
  const errors = form.validate(form.emptyForm(), { id_photo: [], work_photo: [], certificate: [] }, rules, { complete: true, today: TODAY })
  for (const name of ['name', 'gender', 'political_status', 'birth_month', 'education', 'mobile', 'district', 'employer_name', 'post', 'trade', 'skill_level', 'trade_since', 'career', 'awards', 'deeds', 'story', 'brief']) {
    assert.equal(errors[name], rules.messages.required, name)
  }
  assert.equal(errors.conditions, rules.messages.conditions_min)
  assert.equal(errors.id_photo, rules.messages.id_photo_count + '（当前0张）')
  assert.equal(errors.work_photo, rules.messages.work_photo_count + '（当前0张）')
  assert.equal(errors.certificate, rules.messages.certificate_min)
  assert.equal(errors.privacy_consent, rules.messages.privacy_consent)
})

test('while typing, only format and limits are checked, not "required"', () => {
  assert.deepEqual(form.validate(form.emptyForm(), { id_photo: [], work_photo: [], certificate: [] }, rules, { today: TODAY }), {})
})

test('limits at their edges: deeds, story, brief', () => {
  const values = completeForm()
  const files = completeFiles()
  const check = (name, value) => form.fieldError(name, Object.assign({}, values, { [name]: value }), files, rules, { complete: true, today: TODAY })
  assert.equal(check('deeds', text(rules.limits.deeds_max)), '')
  assert.equal(check('deeds', text(rules.limits.deeds_max + 1)), rules.messages.deeds_max)
  assert.equal(check('story', text(rules.limits.story_min - 1)), rules.messages.story_range + '，当前' + (rules.limits.story_min - 1) + '字')
  assert.equal(check('story', text(rules.limits.story_max)), '')
  assert.equal(check('story', text(rules.limits.story_max + 1)), rules.messages.story_range + '，当前' + (rules.limits.story_max + 1) + '字')
  assert.equal(check('post', text(61)), rules.messages.too_long)
  assert.equal(check('brief', text(rules.limits.brief_max)), '')
  assert.equal(check('brief', text(rules.limits.brief_max + 1)), rules.messages.brief_max)
})

test('characters are counted as the server counts them: code points, surrounding spaces ignored', () => {
  const values = Object.assign(completeForm(), { brief: '  ' + '😀'.repeat(rules.limits.brief_max) + '\n' })
  assert.equal(form.fieldError('brief', values, completeFiles(), rules, { complete: true }), '')
})

test('months: years in the trade counted from the start month, sensible ranges, the format', () => {
  const values = completeForm()
  const check = (name, month) => form.fieldError(name, Object.assign({}, values, { [name]: month }), {}, rules, { today: TODAY })
  assert.equal(check('trade_since', '2014-05'), '', 'five full years on 2019-05-10')
  assert.equal(check('trade_since', '2014-6'), rules.messages.years_in_trade)
  assert.equal(check('trade_since', '2019-06'), rules.messages.trade_since_range, 'not in the future')
  assert.equal(check('trade_since', '1949-12'), rules.messages.trade_since_range)
  assert.equal(check('trade_since', '2014'), rules.messages.month_format)
  assert.equal(check('birth_month', '2014-13'), rules.messages.month_format)
  assert.equal(check('birth_month', '2004-01'), rules.messages.birth_month_range, 'under 16')
  assert.equal(check('birth_month', '1938-01'), rules.messages.birth_month_range, 'over 80')
  assert.equal(check('birth_month', '1982-03'), '')
})

test('mobile, choices and conditions with their evidence', () => {
  const values = completeForm()
  const check = (name, value) => form.fieldError(name, Object.assign({}, values, { [name]: value }), completeFiles(), rules, { complete: true })
  assert.equal(check('mobile', '1381234567'), rules.messages.mobile_format)
  assert.equal(check('mobile', '12812345678'), rules.messages.mobile_format)
  assert.equal(check('mobile', '138-1234 5678'), '', 'spaces and dashes are ignored, as the server does')
  assert.equal(check('name', '王'), rules.messages.name_format)
  assert.equal(check('name', '王晓燕1'), rules.messages.name_format)
  assert.equal(check('education', '博士后'), rules.messages.option)
  assert.equal(check('conditions', [{ condition: 1, evidence: '' }]), rules.messages.conditions_format)
  assert.equal(check('conditions', [{ condition: 1, evidence: text(rules.limits.evidence_max + 1) }]), rules.messages.conditions_format)
  assert.equal(check('conditions', []), rules.messages.conditions_min)
})

test('files: exactly one ID photo, exactly two work photos, at least one certificate', () => {
  const values = completeForm()
  const check = (files) => form.validate(values, Object.assign(completeFiles(), files), rules, { fields: ['id_photo', 'work_photo', 'certificate'], complete: true })
  assert.deepEqual(check({ id_photo: [{}, {}] }), { id_photo: rules.messages.id_photo_count + '（当前2张）' })
  assert.deepEqual(check({ work_photo: [{}] }), { work_photo: rules.messages.work_photo_count + '（当前1张）' })
  assert.deepEqual(check({ work_photo: [{}, {}, {}] }), { work_photo: rules.messages.work_photo_count + '（当前3张）' })
  assert.deepEqual(check({ certificate: [] }), { certificate: rules.messages.certificate_min })
  assert.deepEqual(check({ certificate: [{}, {}, {}] }), {})
})

test("the server's rules drive validation: other limits and messages are used as given", () => {
  const server = JSON.parse(JSON.stringify(rules))
  server.limits.deeds_max = 10
  server.messages.deeds_max = '主要事迹不超过 10 字'
  const values = Object.assign(completeForm(), { deeds: text(11) })
  assert.equal(form.fieldError('deeds', values, completeFiles(), server, { complete: true }), '主要事迹不超过 10 字')
  assert.equal(form.counter('deeds', text(11), server).text, '11 / 10 字')
  assert.equal(form.counter('deeds', text(11), server).over, true)
})

test('a draft keeps only the conditions with their evidence (the server refuses the others)', () => {
  assert.deepEqual(form.keptConditions([{ condition: 1, evidence: ' 市级非遗传承人 ' }, { condition: 3, evidence: '' }], rules),
    [{ condition: 1, evidence: '市级非遗传承人' }])
})

test('the live counter of the story shows the range', () => {
  const shown = form.counter('story', text(20), rules)
  assert.equal(shown.text, '20 / ' + rules.limits.story_max + ' 字（至少 ' + rules.limits.story_min + ' 字）')
  assert.equal(shown.over, true)
})

test('each field belongs to one step; errors lead to the right step', () => {
  assert.equal(form.stepOfField('mobile'), 0)
  assert.equal(form.stepOfField('trade_since'), 1)
  assert.equal(form.stepOfField('conditions[0].evidence'), 2)
  assert.equal(form.stepOfField('story'), 3)
  assert.equal(form.stepOfField('work_photo'), 4)
  assert.equal(form.stepOfField('privacy_consent'), 5)
  const everyField = form.STEPS.reduce((all, step) => all.concat(step.fields), [])
  assert.deepEqual(everyField.slice().sort(), Object.keys(form.FIELDS).sort())
})
