// 活动通知: the list of notices (newest first as the server sends them, paging on scroll), one notice with
// its text and the page it links to, and the error states with their retry.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')
const { pageUrl } = require('../utils/notices')

function card (id, extra) {
  return Object.assign({
    id,
    title: '通知' + id,
    summary: '“港城工匠”评议结果公示已开始。',
    published_at: '2019-10-08T01:30:00+00:00',
    page: null
  }, extra)
}

function server () {
  const { wx } = setup()
  return { wx, server: createFakeServer(wx).acceptLogins() }
}

test('a notice links only to a page path of the mini-program', () => {
  assert.equal(pageUrl('pages/results/index'), '/pages/results/index')
  assert.equal(pageUrl('/pages/nominee/index?id=3'), '/pages/nominee/index?id=3')
  assert.equal(pageUrl('https://example.com/'), '')
  assert.equal(pageUrl(null), '')
})

for (const route of ['pages/notices/index', 'pages/notice/index']) {
  test(route + ': offline, then a server error, then ready, each with its retry', async () => {
    const { wx, server: fake } = server()
    fake.on('GET', '/api/v1/notices', () => ({ items: [card(1)], total: 1, page: 1, per_page: 10 }))
    fake.on('GET', '/api/v1/notices/:id', (r) => Object.assign(card(Number(r.params.id)), { body: '正文' }))
    const online = wx.handler
    wx.handler = (o) => /auth\/login/.test(o.url) ? online(o) : { fail: 'net::ERR_INTERNET_DISCONNECTED' }
    const { page, ready } = loadPage(route, { id: '1' })
    await ready
    assert.equal(page.data.status, 'offline')
    wx.handler = (o) => /auth\/login/.test(o.url) ? online(o) : apiError(503, 'service_unavailable', '服务暂时不可用，请稍后再试')
    await page.retry()
    assert.equal(page.data.status, 'error')
    assert.equal(page.data.errorMessage, '服务暂时不可用，请稍后再试')
    wx.handler = online
    await page.retry()
    assert.equal(page.data.status, 'ready')
  })
}

test('list: the server\'s order, paging on scroll until the end, then the way to one notice', async () => {
  const { wx, server: fake } = server()
  const all = Array.from({ length: 13 }, (_, i) => card(13 - i))
  fake.on('GET', '/api/v1/notices', (r) => {
    const page = Number(r.query.page)
    return { items: all.slice((page - 1) * 10, page * 10), total: all.length, page, per_page: 10 }
  })
  const { page, ready } = loadPage('pages/notices/index', {})
  await ready
  assert.deepEqual(fake.requests('GET', '/api/v1/notices')[0].query, { page: '1', per_page: '10' })
  assert.equal(page.data.items.length, 10)
  assert.deepEqual(page.data.items.slice(0, 2).map((n) => n.title), ['通知13', '通知12'])
  assert.equal(page.data.items[0].timeText, '2019年10月8日 09:30')
  await page.onReachBottom()
  assert.equal(page.data.items.length, 13)
  assert.equal(page.data.hasMore, false)
  await page.onReachBottom()
  assert.equal(fake.requests('GET', '/api/v1/notices').length, 2, 'no request past the end')
  page.onOpen({ currentTarget: { dataset: { id: 12 } } })
  assert.equal(wx.calls.filter((c) => c.name === 'navigateTo').pop().args.url, '/pages/notice/index?id=12')
})

test('list: no notices yet is the empty state, not a blank page', async () => {
  const { server: fake } = server()
  fake.on('GET', '/api/v1/notices', () => ({ items: [], total: 0, page: 1, per_page: 10 }))
  const { page, ready } = loadPage('pages/notices/index', {})
  await ready
  assert.equal(page.data.status, 'empty')
})

test('notice: title, time and text; its page opens; sharing names it', async () => {
  const { wx, server: fake } = server()
  fake.on('GET', '/api/v1/notices/:id', (r) => Object.assign(card(Number(r.params.id)), {
    body: '公示期五个工作日。\n欢迎监督。', page: 'pages/results/index'
  }))
  const { page, ready } = loadPage('pages/notice/index', { id: '5' })
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.notice.body, '公示期五个工作日。\n欢迎监督。')
  assert.equal(page.data.notice.timeText, '2019年10月8日 09:30')
  assert.equal(wx.calls.find((c) => c.name === 'setNavigationBarTitle').args.title, '通知5')
  page.onOpenPage()
  assert.equal(wx.calls.filter((c) => c.name === 'navigateTo').pop().args.url, '/pages/results/index')
  assert.deepEqual(page.onShareAppMessage(), { title: '通知5', path: '/pages/notice/index?id=5' })
})

test('notice: one that does not exist (or was withdrawn) says so and leads to the list, without 重试', async () => {
  const { wx, server: fake } = server()
  fake.on('GET', '/api/v1/notices/:id', () => apiError(404, 'not_found', '通知不存在'))
  const { page, ready } = loadPage('pages/notice/index', { id: '8' })
  await ready
  assert.equal(page.data.status, 'final')
  assert.equal(page.data.final.title, '通知不存在或已撤回')
  assert.equal(page.data.final.home, true)
  page.onFinalAction()
  assert.equal(wx.callsOf('redirectTo').pop().url, '/pages/notices/index')
})
