// The home page: the countdowns, what one can do in each stage, the totals, the leaderboard's top five with
// 查看全部, an entry to every part of the campaign, and the 单位代表 entry on a first visit (silent login).
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage, settle } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')

const TIMELINE = [
  ['nomination', '推荐申报', '2019-04-23', '2019-05-31'], ['review', '考察审核', '2019-06-01', '2019-07-14'],
  ['promotion', '技能推介', '2019-07-15', '2019-09-30'], ['evaluation', '评议公告', '2019-10-01', '2019-10-31'],
  ['commendation', '表彰奖励', '2019-11-01', '2019-11-30']
]
const OPEN = {
  nomination: { nominations: true, recommendations: true, likes: false, objections: false },
  review: { nominations: false, recommendations: false, likes: false, objections: false },
  promotion: { nominations: false, recommendations: false, likes: true, objections: false },
  evaluation: { nominations: false, recommendations: false, likes: false, objections: true },
  commendation: { nominations: false, recommendations: false, likes: false, objections: false }
}

function current (stage, extra = {}) {
  const position = TIMELINE.findIndex((row) => row[0] === stage)
  return Object.assign({
    campaign: { id: 1, year: 2019, title: '寻找“身边的港城工匠”选树活动' },
    stage: { key: stage, name: TIMELINE[position][1], starts_on: TIMELINE[position][2], ends_on: TIMELINE[position][3] },
    phase: 'in_stage',
    open: OPEN[stage],
    timeline: TIMELINE.map(([key, name, starts, ends], i) => ({ key, name, starts_on: starts, ends_on: ends, status: i < position ? 'done' : i === position ? 'current' : 'upcoming' })),
    selection: { finalists: 50, top_winners: 10, winners: 40 },
    prizes_yuan: { top_winner: 10000, winner: 4000 },
    countdowns: [{ key: 'stage', label: '距' + TIMELINE[position][1] + '阶段结束', ends_at: TIMELINE[position][3] + 'T16:00:00Z' }],
    opens_on: { likes: position < 2 ? '2019-07-15' : null }
  }, extra)
}

function homeServer (stage, options = {}) {
  const { wx, api } = setup()
  const server = createFakeServer(wx)
  server.on('POST', '/api/v1/auth/login', (r) => options.login ? options.login(r) : { token: 't-' + r.body.code, user: { id: 1, nickname: '访客', roles: [] } })
  server.on('GET', '/api/v1/campaigns/current', () => current(stage, options.current))
  server.on('GET', '/api/v1/campaigns/current/totals', () => ({ nominees: 58, likes: 21, participants: 37 }))
  server.on('GET', '/api/v1/leaderboard', (r) => ({
    items: [[1, 9], [1, 9], [3, 7], [4, 5], [4, 5]].map(([rank, likes], i) => ({ rank, id: i + 1, name: '工匠' + (i + 1), employer_name: '单位', trade: '钳工', likes, thumbnail: null })),
    total: 50,
    limit: r.query.limit
  }))
  server.on('GET', '/api/v1/notification-templates', () => ({ templates: [], moments: { results: ['tpl-result', 'tpl-activity'] } }))
  server.on('POST', '/api/v1/me/subscriptions', (r) => ({ grants: { 'tpl-result': 1, 'tpl-activity': 1 }, body: r.body }))
  return { wx, api, server }
}

const titles = (items) => items.map((item) => item.title)

test('home: each stage offers what one can do now, as buttons to the right pages', async () => {
  const expected = {
    nomination: [['我要自荐', '/pages/nominate/index'], ['推荐身边工匠', '/pages/recommend/index']],
    review: [['查看推荐对象', '/pages/nominees/index']],
    promotion: [['为工匠点赞', '/pages/nominees/index'], ['点赞排行', '/pages/leaderboard/index'], ['技能推介', '/pages/articles/index']],
    evaluation: [['查看公示', '/pages/results/index'], ['提出异议', '/pages/objection/index']],
    commendation: [['荣誉榜', '/pages/honour-roll/index'], ['评选结果', '/pages/results/index']]
  }
  for (const stage of Object.keys(expected)) {
    homeServer(stage)
    const { page, ready } = loadPage('pages/index/index', {})
    await ready
    assert.equal(page.data.status, 'ready')
    assert.deepEqual(page.data.actions.map((a) => [a.title, a.url]), expected[stage], stage)
    assert.equal(page.data.timeline.find((row) => row.status === 'current').key, stage)
    assert.ok(page.data.timeline.every((row) => row.hint), 'every stage says what happens in it')
  }
  // Objections closed (before or after the notice): no 提出异议 button, the notice still one tap away.
  homeServer('evaluation', { current: { open: OPEN.commendation } })
  const { page, ready } = loadPage('pages/index/index', {})
  await ready
  assert.deepEqual(titles(page.data.actions), ['查看公示'])
})

test('home: the countdowns, the totals and the top five with ties as the server ranks them, and 查看全部', async () => {
  const { wx, server } = homeServer('evaluation', {
    current: { countdowns: [{ key: 'notice', label: '距评选结果公示期结束', ends_at: '2019-10-19T16:00:00Z' }, { key: 'stage', label: '距评议公告阶段结束', ends_at: '2019-10-31T16:00:00Z' }] }
  })
  const { page, ready } = loadPage('pages/index/index', {})
  await ready
  assert.deepEqual(page.data.countdowns.map((c) => c.label), ['距评选结果公示期结束', '距评议公告阶段结束'])
  assert.deepEqual(page.data.totals, { nominees: 58, likes: 21, participants: 37 })
  assert.deepEqual(page.data.leaders.map((l) => l.rank), [1, 1, 3, 4, 4])
  assert.equal(server.requests('GET', '/api/v1/leaderboard').pop().query.limit, '5')
  assert.equal(page.data.leadersTotal, 50)

  // A countdown at 0: the stage or the notice changed, so the page reads the campaign again.
  const before = server.requests('GET', '/api/v1/campaigns/current').length
  await page.onCountdownEnd()
  assert.equal(server.requests('GET', '/api/v1/campaigns/current').length, before + 1)

  page.go({ currentTarget: { dataset: { url: '/pages/leaderboard/index' } } })
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/leaderboard/index')
})

test('home: without totals or a leaderboard the page still stands', async () => {
  const { server } = homeServer('nomination')
  server.on('GET', '/api/v1/campaigns/current/totals', () => apiError(503, 'service_unavailable', '服务暂时不可用'))
  server.on('GET', '/api/v1/leaderboard', () => ({ items: [], total: 0 }))
  const { page, ready } = loadPage('pages/index/index', {})
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.totals, null)
  assert.deepEqual(page.data.leaders, [])
})

test('home: every later part of the campaign is one tap from the entries grid; 订阅提醒 asks WeChat in the tap', async () => {
  const { wx, server } = homeServer('promotion')
  const { page, ready } = loadPage('pages/index/index', {})
  await ready
  await settle()
  const byTitle = Object.fromEntries(page.data.entries.map((e) => [e.title, e]))
  for (const [title, url] of [['技能推介', '/pages/articles/index'], ['评选公示', '/pages/results/index'], ['异议', '/pages/objection/index'],
    ['荣誉榜', '/pages/honour-roll/index'], ['活动通知', '/pages/notices/index'], ['点赞排行', '/pages/leaderboard/index']]) {
    assert.ok(byTitle[title], title + ' is on the home page')
    page.onEntry({ currentTarget: { dataset: { key: byTitle[title].key, url: byTitle[title].url } } })
    assert.equal(wx.callsOf('navigateTo').pop().url, url)
  }
  assert.ok(byTitle['订阅提醒'])
  wx.answers.subscribe = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']))
  const grants = await page.onEntry({ currentTarget: { dataset: { key: 'subscribe', url: '' } } })
  assert.deepEqual(wx.callsOf('requestSubscribeMessage').pop().tmplIds, ['tpl-result', 'tpl-activity'])
  assert.deepEqual(server.requests('POST', '/api/v1/me/subscriptions').pop().body, { accepted: ['tpl-result', 'tpl-activity'], rejected: [] })
  assert.deepEqual(grants, { 'tpl-result': 1, 'tpl-activity': 1 })
  assert.equal(wx.callsOf('showToast').pop().title, '已订阅，有新消息会提醒您')
})

test('home: a representative opening the app for the first time sees 单位代表 at once (silent login)', async () => {
  const { wx } = homeServer('nomination', { login: () => ({ token: 't-rep', user: { id: 7, nickname: '联络员', roles: ['representative'] } }) })
  assert.equal(wx.getStorageSync('auth_user'), '', 'nothing stored: a first visit')
  const { page, ready } = loadPage('pages/index/index', {})
  await ready
  await page.onShow()
  assert.equal(page.data.isRepresentative, true)
  assert.ok(page.data.entries.some((e) => e.title === '单位代表' && e.url === '/pages/representative/index'))
  assert.equal(wx.loginCount, 1, 'one wx.login for onLoad and onShow together')
  await page.onShow()
  assert.equal(wx.loginCount, 1, 'the stored user serves the next visits')
})

test('home: a worker logged in silently sees no 单位代表; a failed login hides it and the page still works', async () => {
  const worker = homeServer('nomination')
  let opened = loadPage('pages/index/index', {})
  await opened.ready
  await opened.page.onShow()
  assert.equal(worker.wx.loginCount, 1)
  assert.equal(opened.page.data.isRepresentative, false)
  assert.ok(!opened.page.data.entries.some((e) => e.title === '单位代表'))

  homeServer('nomination', { login: () => apiError(401, 'invalid_code', '登录失败') })
  opened = loadPage('pages/index/index', {})
  await opened.ready
  await opened.page.onShow()
  assert.equal(opened.page.data.status, 'ready')
  assert.equal(opened.page.data.isRepresentative, false)
})

test('home: the likes total shows once likes can happen, not while the day they open is still ahead', async () => {
  const shown = {}
  for (const stage of ['nomination', 'review', 'promotion', 'evaluation']) {
    homeServer(stage)
    const { page, ready } = loadPage('pages/index/index', {})
    await ready
    shown[stage] = page.data.showLikeTotal
  }
  assert.deepEqual(shown, { nomination: false, review: false, promotion: true, evaluation: true })
})
