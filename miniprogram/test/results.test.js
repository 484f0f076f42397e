// The results on public notice and the objection form: the two groups, the window and 递补 notes, the way to
// object only while the notice is open; the form checked on the phone, the objection sent with its photos,
// the server's refusals (window closed, daily limit) explained.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { json, apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')

function person (id, group) {
  return { nomination_id: id, name: '工匠' + id, employer: '单位' + id, trade: '钳工', title: group === 'top_winner' ? '港城十大工匠' : '港城工匠', group, promoted: id === 51 }
}

const OPEN = {
  campaign_year: 2019, published: true, state: 'open', state_label: '公示中', starts_on: '2019-10-14', ends_on: '2019-10-18', working_days: 5,
  top_winners: [person(1, 'top_winner'), person(2, 'top_winner')],
  winners: [person(3, 'winner'), person(51, 'winner')],
  changes: [{ date: '2019-10-17', note: '工匠4经核查被取消“港城工匠”资格，由工匠51递补为“港城工匠”' }]
}

function server () {
  const { wx } = setup()
  return { wx, server: createFakeServer(wx).acceptLogins() }
}

const input = (page, field, value) => page.onInput({ currentTarget: { dataset: { field } }, detail: { value } })

test('results: both groups, the window, the 递补 note and the objection entry while open', async () => {
  const { wx, server: s } = server()
  s.on('GET', '/api/v1/results', () => OPEN)
  const { page, ready } = loadPage('pages/results/index', {})
  await ready
  assert.equal(page.data.status, 'ready')
  assert.deepEqual(page.data.result.top_winners.map((p) => p.name), ['工匠1', '工匠2'])
  assert.deepEqual(page.data.result.winners.map((p) => p.name), ['工匠3', '工匠51'])
  assert.equal(page.data.windowText, '公示期：2019年10月14日至2019年10月18日（5个工作日）')
  assert.match(page.data.result.changes[0].note, /递补/)
  assert.equal(page.data.canObject, true)
  assert.equal(page.onObject({ currentTarget: { dataset: { id: 3, name: '工匠3' } } }), true)
  assert.equal(wx.callsOf('navigateTo').at(-1).url, '/pages/objection/index?id=3&name=%E5%B7%A5%E5%8C%A03')
})

test('results: not yet published is an empty page; after the window there is no objection entry', async () => {
  const { server: s } = server()
  s.on('GET', '/api/v1/results', () => ({ ...OPEN, published: false, state: 'unpublished', top_winners: [], winners: [], changes: [] }))
  const { page, ready } = loadPage('pages/results/index', {})
  await ready
  assert.equal(page.data.status, 'empty')
  s.on('GET', '/api/v1/results', () => ({ ...OPEN, state: 'closed', state_label: '公示已结束' }))
  await page.retry()
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.canObject, false)
  assert.equal(page.onObject({ currentTarget: { dataset: { id: 3 } } }), false)
})

test('objection: checked on the phone, sent with its photos, then thanked', async () => {
  const { wx, server: s } = server()
  s.on('GET', '/api/v1/results', () => OPEN)
  const sent = []
  const uploads = []
  s.on('POST', '/api/v1/objections', (r) => { sent.push(r.body); return json(201, { id: 9 }) })
  s.on('POST', '/api/v1/objections/:id/files', (r) => { uploads.push(r.params.id); return json(201, { id: 1, content_type: 'image/jpeg', size: 10 }) })
  const { page, ready } = loadPage('pages/objection/index', { id: '51', name: '工匠51' })
  await ready
  assert.equal(page.data.personIndex, 3, 'the person the results page was opened for')
  assert.equal(await page.onSubmit(), false)
  assert.deepEqual(Object.keys(page.data.errors).sort(), ['content', 'mobile', 'real_name', 'relation'])
  assert.equal(page.data.errors.mobile, '请填写11位手机号码')
  assert.equal(sent.length, 0)
  input(page, 'real_name', '李明')
  input(page, 'mobile', '13912345678')
  page.onRelation({ detail: { value: '0' } })
  input(page, 'content', '太短')
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.errors.content, '请写明异议的事实和理由（10至2000字）')
  input(page, 'content', '该同志申报的技能大赛名次与实际不符，请核查。')
  wx.files['wxfile://tmp/proof.jpg'] = { size: 400000 }
  wx.answers.chooseMedia.push([{ tempFilePath: 'wxfile://tmp/proof.jpg', size: 400000 }])
  assert.equal(await page.onAddPhoto(), true)
  assert.equal(page.data.photos.length, 1)
  assert.equal(await page.onSubmit(), true)
  assert.deepEqual(sent, [{ nomination_id: 51, real_name: '李明', mobile: '13912345678', relation: 'colleague', content: '该同志申报的技能大赛名次与实际不符，请核查。' }])
  assert.deepEqual(uploads, ['9'])
  assert.equal(page.data.done, true)
  assert.equal(page.data.uploadProblem, '')
})

test('objection: the server refuses after the window and over the daily limit, with its own words', async () => {
  const { server: s } = server()
  s.on('GET', '/api/v1/results', () => OPEN)
  const { page, ready } = loadPage('pages/objection/index', { id: '1' })
  await ready
  input(page, 'real_name', '李明')
  input(page, 'mobile', '13912345678')
  page.onRelation({ detail: { value: '4' } })
  input(page, 'content', '该同志申报的技能大赛名次与实际不符，请核查。')
  s.on('POST', '/api/v1/objections', () => apiError(429, 'too_many_objections', '每人每天最多提交3条异议，请明天再来'))
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.formError, '每人每天最多提交3条异议，请明天再来')
  s.on('POST', '/api/v1/objections', () => apiError(409, 'notice_closed', '公示期已于2019年10月18日结束，不再受理异议'))
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.formError, '公示期已于2019年10月18日结束，不再受理异议')
  assert.equal(page.data.done, false)
})

test('objection: after the window the form is not shown, and says why', async () => {
  const { server: s } = server()
  s.on('GET', '/api/v1/results', () => ({ ...OPEN, state: 'closed' }))
  const { page, ready } = loadPage('pages/objection/index', {})
  await ready
  assert.equal(page.data.open, false)
  assert.equal(page.data.closed.title, '公示期已结束')
  assert.match(page.data.closed.text, /^评选结果公示期已于2019年10月18日结束，不再受理异议。/)
  assert.equal(await page.onSubmit(), false)
})
