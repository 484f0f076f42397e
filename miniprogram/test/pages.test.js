// Nothing blank: each page loads into ready (or empty), says offline or error with a retry, and
// does its own job (paging, filters, the QR, the quota, the inbox, a lead).
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { json, apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')
const { nominationServer } = require('./support/nomination-server')

const CURRENT = {
  campaign: { id: 1, year: 2019, title: '寻找“身边的港城工匠”选树活动' },
  stage: { key: 'promotion', name: '技能推介' },
  phase: 'in_stage',
  open: { nominations: false, recommendations: true, likes: true },
  timeline: [{ key: 'nomination', name: '推荐申报', starts_on: '2019-04-23', ends_on: '2019-05-31', status: 'done' },
    { key: 'promotion', name: '技能推介', starts_on: '2019-07-15', ends_on: '2019-09-30', status: 'current' }],
  selection: { finalists: 50, top_winners: 10, winners: 40 },
  prizes_yuan: { top_winner: 10000, winner: 4000 }
}

function nominee (id) {
  return { id, name: '工匠' + id, employer_name: '单位' + id, trade: '钳工', district: '海州区', thumbnail: null, status: 'finalist', status_label: '入围', likes: 100 - id, rank: id }
}

function fakeServer () {
  const { wx, api } = setup()
  const server = nominationServer(wx)
  return { wx, api, server }
}

// Each page opened offline, then again once the network is back.
const PAGES = [
  ['pages/index/index', {}],
  ['pages/nominees/index', {}],
  ['pages/nominee/index', { id: '3' }],
  ['pages/nominate/index', {}],
  ['pages/my-nominations/index', {}],
  ['pages/endorse/index', { scene: 'T' }],
  ['pages/invitation/index', { code: 'ABC123' }],
  ['pages/representative/index', {}],
  ['pages/representative/join', { scene: 'JOIN1' }],
  ['pages/recommend/index', {}],
  ['pages/results/index', {}],
  ['pages/objection/index', { id: '1' }],
  ['pages/me/index', {}]
]

for (const [route, query] of PAGES) {
  test(route + ': offline shows "offline" with a retry that recovers; a server failure shows "error"', async () => {
    const { wx, server } = fakeServer()
    server.on('GET', '/api/v1/campaigns/current', () => CURRENT)
    server.on('GET', '/api/v1/nominees', () => ({ items: [nominee(1)], total: 1, page: 1, per_page: 10 }))
    server.on('GET', '/api/v1/nominees/:id', (r) => nominee(Number(r.params.id)))
    server.on('GET', '/api/v1/me/likes/today', () => ({ remaining_today: 10, liked_nominee_ids: [] }))
    server.on('GET', '/api/v1/endorsements/:token', () => ({ nominee: nominee(1), organization: null, can_endorse_directly: false, expires_at: '2019-05-17T00:00:00Z' }))
    server.on('GET', '/api/v1/organizations/mine', () => ({ items: [{ id: 1, name: '海州区总工会', kind: 'county_union', kind_label: '县区总工会', quota: 15, used: 2, left: 13 }] }))
    server.on('GET', '/api/v1/organizations/:id/nominations', () => ({ items: [] }))
    server.on('GET', '/api/v1/organizations/:id/endorsement-requests', () => ({ items: [] }))
    server.on('GET', '/api/v1/representative-invitations/:token', () => ({ organization: { id: 31, name: '海缘数控', kind: 'employer', kind_label: '用人单位' }, expires_at: '2019-05-17T00:00:00Z', already_representative: false }))
    server.on('GET', '/api/v1/me', () => ({ id: 1, nickname: '王晓燕', roles: [] }))
    server.on('GET', '/api/v1/results', () => ({ campaign_year: 2019, published: true, state: 'open', state_label: '公示中', starts_on: '2019-10-14', ends_on: '2019-10-18', working_days: 5, top_winners: [{ nomination_id: 1, name: '工匠1', employer: '单位', trade: '钳工', title: '港城十大工匠', group: 'top_winner', promoted: false }], winners: [], changes: [] }))
    server.on('GET', '/api/v1/me/notifications', () => ({ items: [], total: 0, unread: 0, page: 1, per_page: 20 }))
    server.on('POST', '/api/v1/invitations/claim', () => ({ id: 1, name: '赵师傅', status: 'draft', status_label: '草稿', channel_label: '单位集中推荐' }))
    server.state.nominations[1] = { id: 1, channel: 'self', status: 'draft', status_label: '草稿', files: [], conditions: [] }
    const online = wx.handler
    wx.handler = (o) => /auth\/login/.test(o.url) ? online(o) : { fail: 'net::ERR_INTERNET_DISCONNECTED' }
    const { page, ready } = loadPage(route, query)
    await ready
    assert.equal(page.data.status, 'offline')
    assert.equal(page.data.errorMessage, '网络连接失败，请检查网络后重试')

    wx.handler = (o) => /auth\/login/.test(o.url) ? online(o) : apiError(503, 'service_unavailable', '服务暂时不可用，请稍后再试')
    await page.retry()
    assert.equal(page.data.status, 'error')
    assert.equal(page.data.errorMessage, '服务暂时不可用，请稍后再试')

    wx.handler = online
    await page.retry()
    assert.equal(page.data.status, 'ready')
  })
}

test('home: the stage, the timeline, the ways in and the leaderboard', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/campaigns/current', () => CURRENT)
  server.on('GET', '/api/v1/leaderboard', (r) => ({ items: [{ rank: 1, id: 4, name: '王晓燕', likes: 99, limit: r.query.limit }] }))
  const { page, ready } = loadPage('pages/index/index', {})
  await ready
  assert.equal(page.data.stageText, '当前阶段：技能推介')
  assert.deepEqual(page.data.timeline.map((t) => [t.name, t.statusLabel]), [['推荐申报', '已结束'], ['技能推介', '进行中']])
  assert.equal(page.data.timeline[0].dates, '2019年4月23日 — 2019年5月31日')
  assert.equal(page.data.leaders[0].limit, '5')
  assert.equal(page.data.open.nominations, false)
})

test('nominees: search, filters and sort go to the server; scrolling loads the next page until the end', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/campaigns/current', () => CURRENT)
  const all = Array.from({ length: 23 }, (_, i) => nominee(i + 1))
  server.on('GET', '/api/v1/nominees', (r) => {
    const page = Number(r.query.page)
    return { items: all.slice((page - 1) * 10, page * 10), total: all.length, page, per_page: 10 }
  })
  const { page, ready } = loadPage('pages/nominees/index', {})
  await ready
  assert.equal(page.data.items.length, 10)
  assert.equal(page.data.hasMore, true)
  await page.onReachBottom()
  await page.onReachBottom()
  assert.equal(page.data.items.length, 23)
  assert.equal(page.data.hasMore, false)
  await page.onReachBottom()
  assert.equal(server.requests('GET', '/api/v1/nominees').length, 3, 'no request past the end')

  page.onQueryInput({ detail: { value: ' 王 ' } })
  await page.onSearch()
  await page.onDistrict({ detail: { value: '1' } })
  await page.onChannel({ detail: { value: '1' } })
  await page.onSort({ currentTarget: { dataset: { sort: 'newest' } } })
  const last = server.requests('GET', '/api/v1/nominees').pop().query
  assert.deepEqual(last, { q: '王', district: '海州区', channel: 'self', stage: 'finalist', sort: 'newest', page: '1', per_page: '10' })
  assert.equal(page.data.items[0].name, '工匠1')
  assert.equal(page.data.items[0].rankText, '第1名')
})

test('nominees: nothing found is an "empty" state; a failed next page keeps the list and offers a retry', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/campaigns/current', () => CURRENT)
  server.on('GET', '/api/v1/nominees', (r) => r.query.q === '无此人' ? { items: [], total: 0 } : { items: [nominee(1)], total: 2 })
  const { page, ready } = loadPage('pages/nominees/index', {})
  await ready
  server.on('GET', '/api/v1/nominees', () => ({ fail: 'timeout' }))
  await page.onReachBottom()
  assert.equal(page.data.items.length, 1)
  assert.equal(page.data.moreError, '网络超时，请稍后重试')
  server.on('GET', '/api/v1/nominees', (r) => r.query.q === '无此人' ? { items: [], total: 0 } : { items: [nominee(2)], total: 2 })
  await page.onRetryMore()
  assert.equal(page.data.items.length, 2)
  page.onQueryInput({ detail: { value: '无此人' } })
  await page.onSearch()
  assert.equal(page.data.status, 'empty')
  // 清除搜索 (the empty view's action) clears every filter and shows the whole list again.
  await page.onClear()
  assert.equal(page.data.q, '')
  assert.equal(page.data.status, 'ready')
  assert.ok(!server.requests('GET', '/api/v1/nominees').pop().query.q, 'asked without the search')
})

test('my nominations: status, the reason of a return, the QR with its expiry, regenerated when expired', async () => {
  const { server } = fakeServer()
  server.state.nominations[1] = { id: 1, channel: 'self', name: '王晓燕', status: 'awaiting_endorsement', status_label: '待单位认可', files: [], conditions: [] }
  server.state.nominations[2] = { id: 2, channel: 'self', name: '王晓燕', status: 'returned', status_label: '已退回修改', return_reason: '单位不予认可：已调离本单位', files: [], conditions: [] }
  let issued = 0
  server.on('GET', '/api/v1/nominations/:id/endorsement-qr', () => ({
    statusCode: 200, data: Uint8Array.from([137, 80, 78, 71, ++issued]).buffer,
    header: { 'Content-Type': 'image/png', 'X-Endorsement-Expires-At': issued === 1 ? '2019-05-01T00:00:00Z' : '2099-05-08T00:00:00Z' }
  }))
  const { page, ready } = loadPage('pages/my-nominations/index', {})
  await ready
  assert.deepEqual(page.data.items.map((i) => [i.statusLabel, i.awaitingEndorsement, i.editable]), [['待单位认可', true, false], ['已退回', false, true]])
  assert.equal(page.data.items[1].returnReason, '单位不予认可：已调离本单位')
  assert.equal(page.data.items[1].detail, '已退回：单位不予认可：已调离本单位')
  await page.onShowQr({ currentTarget: { dataset: { index: 0 } } })
  const first = page.data.items[0].qr.src
  assert.match(first, /^data:image\/png;base64,/)
  assert.equal(page.data.items[0].qr.expiresText, '2019年5月1日 08:00')
  page.checkExpiry(Date.parse('2019-05-02T00:00:00Z'))
  assert.equal(page.data.items[0].qr.expired, true)
  await page.onRegenerateQr({ currentTarget: { dataset: { index: 0 } } })  // expired: no question asked
  assert.notEqual(page.data.items[0].qr.src, first)
  assert.equal(page.data.items[0].qr.expired, false)
})

test('my nominations: regenerating a code that still works asks first, and a "no" keeps it', async () => {
  const { wx, server } = fakeServer()
  server.state.nominations[1] = { id: 1, channel: 'self', name: '王晓燕', status: 'awaiting_endorsement', status_label: '待单位认可', files: [], conditions: [] }
  let issued = 0
  server.on('GET', '/api/v1/nominations/:id/endorsement-qr', () => ({
    statusCode: 200, data: Uint8Array.from([137, 80, 78, 71, ++issued]).buffer,
    header: { 'Content-Type': 'image/png', 'X-Endorsement-Expires-At': '2099-05-08T00:00:00Z' }
  }))
  const { page, ready } = loadPage('pages/my-nominations/index', {})
  await ready
  await page.onShowQr({ currentTarget: { dataset: { index: 0 } } })
  const first = page.data.items[0].qr.src
  wx.answers.modalConfirm = false
  assert.equal(await page.onRegenerateQr({ currentTarget: { dataset: { index: 0 } } }), false)
  assert.equal(page.data.items[0].qr.src, first, 'the code on screen still works')
  assert.match(wx.callsOf('showModal')[0].content, /立即失效/)
  assert.equal(issued, 1)
  wx.answers.modalConfirm = true
  assert.equal(await page.onRegenerateQr({ currentTarget: { dataset: { index: 0 } } }), true)
  assert.notEqual(page.data.items[0].qr.src, first)
  assert.equal(wx.callsOf('showModal').length, 2)
})

test('my nominations: none yet is an "empty" state', async () => {
  fakeServer()
  const { page, ready } = loadPage('pages/my-nominations/index', {})
  await ready
  assert.equal(page.data.status, 'empty')
})

test('representative: quota used and left, requests, nominations, and nominating within the quota', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/organizations/mine', () => ({ items: [
    { id: 1, name: '海州区总工会', kind: 'county_union', kind_label: '县区总工会', quota: 15, used: 15, left: 0 },
    { id: 2, name: '市机械制造行业协会', kind: 'association', kind_label: '行业协会（商会）', quota: 5, used: 1, left: 4 }] }))
  server.on('GET', '/api/v1/organizations/:id/nominations', (r) => ({ items: [{ id: 9, name: '赵师傅', status: 'submitted', status_label: '已提交', org: r.params.id }] }))
  server.on('GET', '/api/v1/organizations/:id/endorsement-requests', () => ({ items: [{ id: 3, nominee: { name: '王晓燕', trade: '数控车工' }, status: 'endorsed', status_label: '单位已认可', waiting: false, created_at: '2019-05-02T01:00:00Z', endorsement: { decision_label: '认可', status_label: '已生效', comment: '同意推荐' } }] }))
  const { page, ready } = loadPage('pages/representative/index', {})
  await ready
  assert.equal(page.data.org.left, 0)
  assert.equal(page.data.canNominate, false)
  page.onNominate()
  assert.equal(wx.callsOf('navigateTo').length, 0)
  await page.onOrg({ detail: { value: '1' } })
  assert.equal(page.data.canNominate, true)
  assert.equal(page.data.requests[0].name, '王晓燕')
  assert.equal(page.data.requests[0].decision, '认可（已生效）')
  assert.equal(page.data.requests[0].comment, '同意推荐')
  assert.equal(page.data.nominations[0].name, '赵师傅')
  page.onNominate()
  assert.equal(wx.callsOf('navigateTo')[0].url, '/pages/nominate/index?org=2')
})

test('representative: not a representative of anything is an "empty" state with guidance', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/organizations/mine', () => ({ items: [] }))
  const { page, ready } = loadPage('pages/representative/index', {})
  await ready
  assert.equal(page.data.status, 'empty')
})

test('recommend: required fields checked on the phone, the lead sent, the daily limit explained', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/campaigns/current', () => CURRENT)
  const leads = []
  server.on('POST', '/api/v1/leads', (r) => { leads.push(r.body); return json(201, { id: 1 }) })
  const { page, ready } = loadPage('pages/recommend/index', {})
  await ready
  assert.equal(await page.onSubmit(), false)
  assert.deepEqual(Object.keys(page.data.errors).sort(), ['employer', 'name', 'reason', 'trade'])
  for (const [field, value] of [['name', '张师傅'], ['employer', '云台港口机械'], ['trade', '焊工'], ['reason', '焊接技术全港第一，带出徒弟十多名']]) {
    page.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
  }
  assert.equal(await page.onSubmit(), true)
  assert.deepEqual(leads, [{ name: '张师傅', employer: '云台港口机械', trade: '焊工', reason: '焊接技术全港第一，带出徒弟十多名' }])
  assert.equal(page.data.done, true)
  page.onAgain()
  for (const [field, value] of [['name', '李师傅'], ['employer', '某厂'], ['trade', '车工'], ['reason', '好']]) {
    page.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
  }
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.errors.reason, '请写明推荐理由（至少10个字）')
  assert.equal(leads.length, 1, 'a reason too short is not sent')
  page.onInput({ currentTarget: { dataset: { field: 'reason' } }, detail: { value: '车工技术好，多次获奖，徒弟众多' } })
  server.on('POST', '/api/v1/leads', () => apiError(429, 'too_many_leads', '今天的推荐次数已达上限，请明天再来'))
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.formError, '今天的推荐次数已达上限，请明天再来')
})

test('me: the account, the inbox with unread marks, paging and mark-as-read', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/me', () => ({ id: 1, nickname: '海州区总工会联络员', roles: ['representative'] }))
  const notes = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, event: 'x', title: '消息' + (i + 1), body: '内容', data: i === 0 ? { nomination_id: 1 } : {}, created_at: '2019-05-01T02:00:00Z', read: i > 1 }))
  server.on('GET', '/api/v1/me/notifications', (r) => {
    const page = Number(r.query.page)
    return { items: notes.slice((page - 1) * 20, page * 20), total: 25, unread: 2, page, per_page: 20 }
  })
  const marked = []
  server.on('POST', '/api/v1/me/notifications/read', (r) => { marked.push(r.body); return { marked: 1 } })
  const { page, ready } = loadPage('pages/me/index', {})
  await ready
  assert.equal(page.data.roleText, '单位联系人')
  assert.equal(page.data.isRepresentative, true)
  assert.equal(page.data.unread, 2)
  assert.equal(page.data.inbox[0].time, '2019年5月1日 10:00')
  await page.onReachBottom()
  assert.equal(page.data.inbox.length, 25)
  assert.equal(page.data.hasMore, false)
  await page.onOpenNotification({ currentTarget: { dataset: { index: 0 } } })
  assert.deepEqual(marked, [{ ids: [1] }])
  assert.equal(page.data.unread, 1)
  assert.equal(page.data.inbox[0].read, true)
  await page.onMarkAllRead()
  assert.deepEqual(marked[1], {})
  assert.equal(page.data.unread, 0)
})

test('me: in development the server address can be changed, and the token of the old server is dropped', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/me', () => ({ id: 1, nickname: 'x', roles: [] }))
  server.on('GET', '/api/v1/me/notifications', () => ({ items: [], total: 0, unread: 0 }))
  const { page, ready } = loadPage('pages/me/index', {})
  await ready
  assert.equal(page.data.development, true)
  page.onBaseUrlInput({ detail: { value: 'http://192.168.1.20:8000/' } })
  await page.onSaveBaseUrl()
  assert.equal(page.data.baseUrl, 'http://192.168.1.20:8000')
  assert.match(wx.callsOf('request').pop().url, /^http:\/\/192\.168\.1\.20:8000\/api\/v1\//)
  page.onBaseUrlInput({ detail: { value: 'ftp://x' } })
  await page.onSaveBaseUrl()
  assert.match(wx.callsOf('showToast').pop().title, /http/)
})

test('me: in development, a demo account of the emulator logs in instead of wx.login', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/me', (r) => ({ id: 1, nickname: r.header.Authorization, roles: [] }))
  server.on('GET', '/api/v1/me/notifications', () => ({ items: [], total: 0, unread: 0 }))
  const { page, ready } = loadPage('pages/me/index', {})
  await ready
  assert.equal(page.data.user.nickname, 'Bearer token-dev-tester')
  page.onDevLoginInput({ detail: { value: 'alice' } })
  await page.onSaveDevLogin()
  assert.equal(page.data.devLogin, 'dev-alice')
  assert.equal(page.data.user.nickname, 'Bearer token-dev-alice')
  assert.equal(wx.loginCount, 1, 'wx.login was not asked for the demo account')
  page.onDevLoginInput({ detail: { value: 'bad name!' } })
  await page.onSaveDevLogin()
  assert.match(wx.callsOf('showToast').pop().title, /演示账号/)
})

test('me: a phone on the LAN sends the server\'s access key with its demo login, and only then', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/me', () => ({ id: 1, nickname: 'x', roles: [] }))
  server.on('GET', '/api/v1/me/notifications', () => ({ items: [], total: 0, unread: 0 }))
  const { page, ready } = loadPage('pages/me/index', {})
  await ready
  assert.equal(server.requests('POST', '/api/v1/auth/login')[0].header['X-Dev-Access-Key'], undefined)
  page.onDevLoginInput({ detail: { value: 'alice' } })
  page.onDevAccessKeyInput({ detail: { value: 'lan-preview-key-0123' } })
  await page.onSaveDevLogin()
  assert.equal(server.requests('POST', '/api/v1/auth/login').pop().header['X-Dev-Access-Key'], 'lan-preview-key-0123')
  page.onDevAccessKeyInput({ detail: { value: 'short' } })
  await page.onSaveDevLogin()
  assert.match(wx.callsOf('showToast').pop().title, /16 位/)
})

test('a release build ignores the development overrides', () => {
  const { wx } = setup({ envVersion: 'release' })
  const config = require('../utils/config')
  wx.setStorageSync('api_base_url', 'http://evil.example')
  wx.setStorageSync('dev_login_code', 'dev-alice')
  wx.setStorageSync('dev_access_key', 'lan-preview-key-0123')
  assert.equal(config.baseUrl(), config.BASE_URLS.release)
  assert.equal(config.developmentLoginCode(), '')
  assert.equal(config.developmentAccessKey(), '')
})

test('invitation: the code from the link is claimed and the form opens; a wrong code is explained', async () => {
  const { wx, server } = fakeServer()
  server.on('POST', '/api/v1/invitations/claim', (r) => r.body.code === 'GOOD1234'
    ? { id: 9, name: '赵师傅', status: 'draft', status_label: '草稿', channel_label: '单位集中推荐' }
    : apiError(404, 'invitation_invalid', '邀请码无效，请核对后重新输入'))
  let opened = loadPage('pages/invitation/index', { q: encodeURIComponent('https://gcgj.example.cn/mp/invitation?code=GOOD1234') })
  await opened.ready
  assert.equal(opened.page.data.nomination.name, '赵师傅')
  opened.page.onOpen()
  assert.equal(wx.callsOf('redirectTo')[0].url, '/pages/nominate/index?id=9')

  opened = loadPage('pages/invitation/index', {})
  await opened.ready
  assert.equal(await opened.page.claim(), false)
  assert.equal(opened.page.data.error, '请输入推荐单位给您的邀请码')
  opened.page.onInput({ detail: { value: 'WRONG' } })
  assert.equal(await opened.page.claim(), false)
  assert.match(opened.page.data.error, /^邀请码无效，请核对后重新输入/)
  assert.equal(opened.page.data.status, 'ready')
})

test('representative: an invitation code for a nominated worker, copied and shown once', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/organizations/mine', () => ({ items: [{ id: 2, name: '市机械制造行业协会', kind: 'association', kind_label: '行业协会（商会）', quota: 5, used: 1, left: 4, drafts: 0, can_nominate: true }] }))
  server.on('GET', '/api/v1/organizations/:id/nominations', () => ({ items: [{ id: 9, name: '赵师傅', status: 'submitted', status_label: '已提交', nominee_claimed: false }] }))
  server.on('POST', '/api/v1/nominations/:id/invitation', () => ({ code: 'K7P2-9QXM', path: 'pages/invitation/index?code=K7P2-9QXM', expires_at: '2019-06-01T00:00:00Z' }))
  const { page, ready } = loadPage('pages/representative/index', {})
  await ready
  assert.equal(page.data.nominations[0].claimed, false)
  assert.equal(await page.onInvite({ currentTarget: { dataset: { id: 9 } } }), 'K7P2-9QXM')
  assert.equal(wx.callsOf('setClipboardData')[0].data, 'K7P2-9QXM')
  assert.match(wx.callsOf('showModal')[0].content, /K7P2-9QXM/)
})

test('join: scanning the organizer QR makes me a representative; a used code is explained', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/representative-invitations/:token', (r) => r.params.token === 'JOIN1'
    ? { organization: { id: 31, name: '连云港海缘数控机床有限公司', kind: 'employer', kind_label: '用人单位' }, expires_at: '2019-05-17T00:00:00Z', already_representative: false }
    : apiError(409, 'token_used', '已使用'))
  const accepted = []
  server.on('POST', '/api/v1/representative-invitations/:token', (r) => { accepted.push(r.body); return { membership_id: 1, user_id: 1, organization_id: 31, active: true } })
  let opened = loadPage('pages/representative/join', { q: encodeURIComponent('https://gcgj.example.cn/mp/representative?token=JOIN1') })
  await opened.ready
  assert.equal(opened.page.data.status, 'ready')
  assert.equal(opened.page.data.invitation.organization.name, '连云港海缘数控机床有限公司')
  opened.page.onInput({ detail: { value: '刘明' } })
  assert.equal(await opened.page.onAccept(), true)
  assert.deepEqual(accepted, [{ name: '刘明' }])
  assert.equal(wx.loginCount, 2, 'logged in again so the new role is in the token')
  opened.page.onOpen()
  assert.equal(wx.callsOf('redirectTo')[0].url, '/pages/representative/index')

  opened = loadPage('pages/representative/join', { token: 'OLD' })
  await opened.ready
  assert.equal(opened.page.data.status, 'final')
  assert.equal(opened.page.data.final.title, '邀请二维码已使用')
})
