// The nomination form: the draft saved as you go, the server's field errors at their fields,
// steps, and submission (incomplete refused with reasons; complete sent for endorsement).
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { nominationServer } = require('./support/nomination-server')
const rules = require('../utils/nomination-rules')

function input (field, value) {
  return { currentTarget: { dataset: { field } }, detail: { value } }
}

async function openForm (query, options) {
  const { wx } = setup()
  const server = nominationServer(wx, options)
  const { page, ready } = loadPage('pages/nominate/index', query || {})
  await ready
  return { wx, server, page }
}

test('starts empty with the rules; the first change creates the self-nomination draft and saves it', async () => {
  const { server, page } = await openForm()
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.nominationId, null)
  assert.deepEqual(page.data.options.gender, rules.options.gender)
  page.onInput(input('name', '王晓燕'))
  page.onInput(input('trade', '数控车工'))
  await page.flushSave()
  page.onUnload()
  assert.equal(server.requests('POST', '/api/v1/nominations')[0].body.channel, 'self')
  assert.equal(page.data.nominationId, 100)
  assert.deepEqual(server.state.patches, [{ name: '王晓燕', trade: '数控车工' }])
  assert.equal(page.data.saveState, 'saved')
})

test('saves only what changed, as you go, with choices, months, switches and conditions', async () => {
  const { server, page } = await openForm()
  page.onInput(input('name', '王晓燕'))
  await page.flushSave()
  page.onChoice({ currentTarget: { dataset: { field: 'education' } }, detail: { value: '3' } })
  page.onMonth({ currentTarget: { dataset: { field: 'trade_since' } }, detail: { value: '2005-07' } })
  page.onSwitch({ currentTarget: { dataset: { field: 'priority_chief_employee' } }, detail: { value: true } })
  page.onToggleCondition({ currentTarget: { dataset: { condition: 2 } } })
  page.onEvidenceInput({ currentTarget: { dataset: { condition: 2 } }, detail: { value: '2017 年市技能大赛第一名' } })
  await page.flushSave()
  page.onUnload()
  assert.deepEqual(server.state.patches[1], {
    education: rules.options.education[3], trade_since: '2005-07', priority_chief_employee: true,
    conditions: [{ condition: 2, evidence: '2017 年市技能大赛第一名' }]
  })
  assert.equal(server.requests('POST', '/api/v1/nominations').length, 1, 'one draft, not one per save')
})

test('the save waits for a pause in typing', async () => {
  const { server, page } = await openForm()
  page.onInput(input('name', '王'))
  page.onInput(input('name', '王晓'))
  page.onInput(input('name', '王晓燕'))
  assert.equal(server.state.patches.length, 0)
  await new Promise((resolve) => setTimeout(resolve, 900))
  await page.flushSave()
  page.onUnload()
  assert.deepEqual(server.state.patches, [{ name: '王晓燕' }])
})

test('resumes my open self-nomination draft, with its values, counters and file previews', async () => {
  const draft = { id: 7, channel: 'self', status: 'returned', status_label: '已退回修改', return_reason: '请补充获奖证书', name: '李建国', story: '匠'.repeat(30), conditions: [{ condition: 1, evidence: '市级非遗传承人' }], files: [{ id: 9, kind: 'id_photo', url: '/api/v1/files/9', content_type: 'image/jpeg' }] }
  const { page } = await openForm({}, { existing: [draft] })
  assert.equal(page.data.nominationId, 7)
  assert.equal(page.data.form.name, '李建国')
  assert.equal(page.data.returnReason, '请补充获奖证书')
  assert.equal(page.data.editable, true)
  assert.equal(page.data.counters.story.count, 30)
  assert.equal(page.data.conditionRows[0].checked, true)
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(page.data.files.id_photo[0].preview, 'data:image/jpeg;base64,/9j/')
})

test('a submitted nomination opens read-only', async () => {
  const { page } = await openForm({ id: '8' }, { existing: [{ id: 8, channel: 'self', status: 'awaiting_endorsement', status_label: '待单位认可', files: [], conditions: [] }] })
  assert.equal(page.data.editable, false)
  page.onInput(input('name', '改名'))
  assert.equal(page.data.form.name, '')
})

test('errors show while typing: limits at once, the server field errors at their field', async () => {
  const { page } = await openForm()
  page.onInput(input('brief', '匠'.repeat(rules.limits.brief_max + 1)))
  assert.equal(page.data.errors.brief, rules.messages.brief_max)
  assert.equal(page.data.counters.brief.over, true)
  page.onInput(input('mobile', '123'))
  assert.equal(page.data.errors.mobile, rules.messages.mobile_format)
  page.setData({ step: 3 })
  page.showServerErrors({ mobile: '该手机号已被其他推荐使用' })
  assert.equal(page.data.errors.mobile, '该手机号已被其他推荐使用')
  assert.equal(page.data.step, 0, 'the form goes to the step of the field')
})

test("a PATCH refused with field errors shows them, and a network failure keeps the changes for a retry", async () => {
  const { server, page } = await openForm()
  page.onInput(input('name', '王晓燕'))
  await page.flushSave()
  page.rules = JSON.parse(JSON.stringify(rules))
  page.rules.messages.mobile_format = '' // let the bad value reach the server
  page.onInput(input('mobile', '999'))
  await page.flushSave()
  assert.equal(page.data.errors.mobile, rules.messages.mobile_format)
  assert.equal(page.data.saveState, 'invalid')

  server.on('PATCH', '/api/v1/nominations/:id', () => ({ fail: 'net::ERR_CONNECTION_RESET' }))
  page.onInput(input('post', '班组长'))
  await page.flushSave()
  assert.equal(page.data.saveState, 'failed')
  server.on('PATCH', '/api/v1/nominations/:id', (r) => { server.state.patches.push(r.body); return { id: 100 } })
  await page.retrySave()
  page.onUnload()
  assert.equal(page.data.saveState, 'saved')
  assert.deepEqual(server.state.patches[server.state.patches.length - 1], { post: '班组长' })
})

test('"next" checks the step with "required"; the step headers jump freely', async () => {
  const { page } = await openForm()
  assert.equal(page.onNext(), false)
  assert.equal(page.data.step, 0)
  assert.equal(page.data.errors.name, rules.messages.required)
  for (const [field, value] of [['name', '王晓燕'], ['gender', '女'], ['political_status', '群众'], ['birth_month', '1982-03'], ['education', '大专'], ['mobile', '13812345678'], ['district', '海州区']]) {
    page.setField(field, value)
  }
  assert.equal(page.onNext(), true)
  assert.equal(page.data.step, 1)
  page.onJump({ currentTarget: { dataset: { step: 4 } } })
  assert.equal(page.data.step, 4)
  page.onUnload()
})

test('submit: an incomplete form is refused on the phone, naming each field, nothing sent', async () => {
  const { server, page } = await openForm()
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.errors.story, rules.messages.required)
  assert.equal(page.data.errors.id_photo, rules.messages.id_photo_count + '（当前0张）')
  assert.equal(page.data.errors.privacy_consent, rules.messages.privacy_consent)
  assert.equal(page.data.step, 0)
  assert.equal(server.requests('POST').filter((r) => /submit/.test(r.path)).length, 0)
})

function fillComplete (page) {
  const values = {
    name: '王晓燕', gender: '女', political_status: '中共党员', birth_month: '1982-03', education: '大专', mobile: '13812345678',
    district: '海州区', employer_name: '连云港海缘数控机床有限公司', post: '班组长', trade: '数控车工', skill_level: '高级技师',
    trade_since: '2005-07', career: '2005 年起从事数控车工', awards: '2017 年获市技能大赛第一名', deeds: '匠'.repeat(200),
    story: '匠'.repeat(rules.limits.story_min), brief: '数控车工技能大赛冠军', privacy_consent: true,
    conditions: [{ condition: 2, evidence: '2017 年市技能大赛第一名' }]
  }
  Object.keys(values).forEach((k) => page.setField(k, values[k]))
  page.setData({
    files: {
      id_photo: [{ id: 1, state: 'done' }],
      work_photo: [{ id: 2, state: 'done' }, { id: 3, state: 'done' }],
      certificate: [{ id: 4, state: 'done' }]
    }
  })
}

test('submit: a complete form is saved, then submitted, and the nominee is sent to show the QR', async () => {
  const { wx, server, page } = await openForm()
  fillComplete(page)
  assert.equal(await page.onSubmit(), true)
  assert.equal(page.data.nominationStatus, 'awaiting_endorsement')
  assert.equal(page.data.editable, false)
  const nomination = server.state.nominations[100]
  assert.equal(nomination.story.length, rules.limits.story_min)
  assert.equal(nomination.privacy_consent, true)
  assert.equal(server.requests('POST', '/api/v1/nominations/100/submit').length, 1)
  await new Promise((resolve) => setImmediate(resolve))
  assert.match(wx.callsOf('showModal')[0].content, /认可码/)
  assert.equal(wx.callsOf('redirectTo')[0].url, '/pages/my-nominations/index')
})

test("submit: the server's refusal is shown — incomplete fields at their fields, others as a message", async () => {
  const fields = { certificate: '至少上传 1 份主要荣誉证书', story: '事迹简介不少于 1000 字' }
  let opened = await openForm({}, { submitError: apiError(400, 'nomination_incomplete', '推荐表还有内容未完成', { fields }) })
  fillComplete(opened.page)
  assert.equal(await opened.page.onSubmit(), false)
  assert.equal(opened.page.data.errors.certificate, fields.certificate)
  assert.equal(opened.page.data.errors.story, fields.story)
  assert.equal(opened.page.data.step, 3)
  assert.equal(opened.page.data.formError, '推荐表还有内容未完成')

  opened = await openForm({}, { submitError: apiError(409, 'duplicate_nominee', '该职工已有一份有效的推荐') })
  fillComplete(opened.page)
  assert.equal(await opened.page.onSubmit(), false)
  assert.equal(opened.page.data.formError, '该职工已有一份有效的推荐')
  assert.equal(opened.page.data.editable, true)
})

test('a representative nominates within the organization: the draft is made for the organization', async () => {
  const { server, page } = await openForm({ org: '12' })
  page.onInput(input('name', '赵师傅'))
  await page.flushSave()
  page.onUnload()
  assert.equal(server.requests('POST', '/api/v1/organizations/12/nominations').length, 1)
  assert.equal(server.state.nominations[100].channel, 'union')
})

test('offline: the form says so, and opens on retry', async () => {
  const { wx } = setup()
  wx.handler = () => ({ fail: 'net::ERR_INTERNET_DISCONNECTED' })
  const { page, ready } = loadPage('pages/nominate/index', {})
  await ready
  assert.equal(page.data.status, 'offline')
  assert.equal(page.data.errorMessage, '网络连接失败，请检查网络后重试')
  nominationServer(wx)
  await page.retry()
  assert.equal(page.data.status, 'ready')
})
