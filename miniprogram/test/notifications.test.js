// Subscribe messages and notification settings: asking at the right moments (inside the tap), the
// answer reported to the server, and 我的 → 通知设置 (kinds on or off; the inbox always keeps a copy).
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage, settle, freshRequire } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')

const CATALOGUE = {
  templates: [{ key: 'progress', template_id: 'tpl-progress', title: '申报进度通知' },
    { key: 'result', template_id: 'tpl-result', title: '评选结果通知' },
    { key: 'activity', template_id: 'tpl-activity', title: '活动进度提醒' }],
  moments: { after_nomination: ['tpl-progress', 'tpl-result', 'tpl-activity'], after_endorsement: ['tpl-progress'], results: ['tpl-result', 'tpl-activity'] }
}

function server () {
  const { wx } = setup()
  const fake = createFakeServer(wx).acceptLogins()
  const reports = []
  fake.on('GET', '/api/v1/notification-templates', () => CATALOGUE)
  fake.on('POST', '/api/v1/me/subscriptions', (r) => {
    reports.push(r.body)
    return { grants: Object.fromEntries(r.body.accepted.map((id) => [id, 1])) }
  })
  return { wx, fake, reports }
}

test('the answer of the subscribe dialog is reported: accepted and rejected templates', async () => {
  const { wx, reports } = server()
  const subscribe = freshRequire('utils/subscribe')
  await subscribe.prepare()
  wx.answers.subscribe = (ids) => ({ [ids[0]]: 'accept', [ids[1]]: 'reject', [ids[2]]: 'ban' })
  const grants = await subscribe.ask('after_nomination')
  assert.deepEqual(wx.callsOf('requestSubscribeMessage'), [{ tmplIds: ['tpl-progress', 'tpl-result', 'tpl-activity'] }])
  assert.deepEqual(reports, [{ accepted: ['tpl-progress'], rejected: ['tpl-result'] }])
  assert.deepEqual(grants, { 'tpl-progress': 1 })
})

test('nothing is reported when the dialog fails, and nothing is asked without templates', async () => {
  const { wx, reports, fake } = server()
  const subscribe = freshRequire('utils/subscribe')
  await subscribe.prepare()
  assert.equal(await subscribe.ask('after_endorsement'), null) // no answer set: WeChat refused outside a tap
  assert.equal(reports.length, 0)
  fake.on('GET', '/api/v1/notification-templates', () => apiError(503, 'unavailable', '服务暂不可用'))
  const fresh = freshRequire('utils/subscribe')
  wx.storage.clear()
  await fresh.prepare()
  assert.equal(await fresh.ask('results'), null)
  assert.equal(wx.callsOf('requestSubscribeMessage').length, 1, 'only the first ask opened a dialog')
})

test('the results page asks for the result templates when 订阅结果通知 is tapped', async () => {
  const { wx, fake, reports } = server()
  fake.on('GET', '/api/v1/results', () => ({ published: false }))
  const { page, ready } = loadPage('pages/results/index', {})
  await ready
  await settle()
  wx.answers.subscribe = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']))
  assert.deepEqual(await page.onSubscribe(), { 'tpl-result': 1, 'tpl-activity': 1 })
  assert.deepEqual(reports, [{ accepted: ['tpl-result', 'tpl-activity'], rejected: [] }])
  assert.equal(wx.callsOf('showToast').pop().icon, 'success')
})

test('endorsing asks inside the tap, before the server answers', async () => {
  const { wx, fake } = server()
  fake.on('GET', '/api/v1/endorsements/:token', () => ({ nomination_id: 41, nominee: { name: '王晓燕' }, organization: { id: 3, name: '港口集团' }, expires_at: '2019-05-17T08:00:00+00:00', can_endorse_directly: true }))
  let askedBeforeAnswer = null
  fake.on('POST', '/api/v1/endorsements/:token', () => {
    askedBeforeAnswer = wx.callsOf('requestSubscribeMessage').length === 1
    return { status: 'ok', verified: true }
  })
  const { page, ready } = loadPage('pages/endorse/index', { token: 'TOKEN123' })
  await ready
  await settle()
  page.onInput({ currentTarget: { dataset: { field: 'comment' } }, detail: { value: '同意推荐' } })
  assert.equal(await page.onSubmit(), true)
  assert.equal(askedBeforeAnswer, true)
  assert.deepEqual(wx.callsOf('requestSubscribeMessage'), [{ tmplIds: ['tpl-progress'] }])
})

test('我的 → 通知设置: kinds switched per channel, the count of allowed messages, asking again', async () => {
  const { wx, fake, reports } = server()
  fake.on('GET', '/api/v1/me', () => ({ id: 1, nickname: '王晓燕', roles: [] }))
  fake.on('GET', '/api/v1/me/notifications', () => ({ items: [], total: 0, unread: 0 }))
  fake.on('GET', '/api/v1/me/subscriptions', () => ({ grants: { 'tpl-progress': 2, 'tpl-result': 1 } }))
  const kinds = [{ kind: 'progress', label: '申报进度', channels: { subscribe: true, mp_template: true } },
    { kind: 'results', label: '评选结果', channels: { subscribe: true, mp_template: true } }]
  fake.on('GET', '/api/v1/me/notification-preferences', () => ({ kinds, channels: [], inbox_always: true }))
  const changes = []
  fake.on('PUT', '/api/v1/me/notification-preferences', (r) => {
    changes.push(r.body)
    const change = r.body.changes[0]
    return { kinds: kinds.map((k) => k.kind === change.kind ? Object.assign({}, k, { channels: { subscribe: change.enabled, mp_template: true } }) : k), channels: [], inbox_always: true }
  })
  const { page, ready } = loadPage('pages/me/index', {})
  await ready
  await settle()
  assert.deepEqual(page.data.prefs, [{ kind: 'progress', label: '申报进度', on: true }, { kind: 'results', label: '评选结果', on: true }])
  assert.equal(page.data.subscribedCount, 3)
  assert.equal(await page.onTogglePreference({ currentTarget: { dataset: { index: 1 } }, detail: { value: false } }), true)
  assert.deepEqual(changes, [{ changes: [{ kind: 'results', channel: 'subscribe', enabled: false }] }])
  assert.equal(page.data.prefs[1].on, false)
  fake.on('PUT', '/api/v1/me/notification-preferences', () => apiError(400, 'unknown_kind', '未知的通知类别'))
  assert.equal(await page.onTogglePreference({ currentTarget: { dataset: { index: 0 } }, detail: { value: false } }), false)
  assert.equal(page.data.prefs[0].on, true, 'a refused change is undone on screen')
  wx.answers.subscribe = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']))
  await page.onSubscribeAgain()
  assert.equal(reports.length, 1)
  assert.equal(page.data.subscribedCount, 3)
})

test('without the settings API the 我的 page still works, without the section', async () => {
  const { fake } = server()
  fake.on('GET', '/api/v1/me', () => ({ id: 1, nickname: 'x', roles: [] }))
  fake.on('GET', '/api/v1/me/notifications', () => ({ items: [], total: 0, unread: 0 }))
  const { page, ready } = loadPage('pages/me/index', {})
  await ready
  await settle()
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.prefs, null)
})
