// The promotion pages (技能推介): the feed (newest first as the server sends it, outlet filter, paging),
// one article rendered with rich-text, and the "宣传报道" list on a nominee's page.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')
const { mount, simulate } = require('./support/dom')
const { dateText, bodyNodes } = require('../utils/articles')

function card (id, extra) {
  return Object.assign({
    id,
    title: '报道' + id,
    outlet: 'daily',
    outlet_label: '连云港日报',
    cover_thumbnail_url: 'http://127.0.0.1:8000/api/v1/article-images/' + id + '?size=thumbnail',
    published_at: '2019-08-0' + (id % 9 + 1) + 'T17:30:00+00:00',
    nominee_id: 3,
    nominee_name: '王建军',
    summary: '港口机械维修高级技师的二十年。'
  }, extra)
}

function server () {
  const { wx } = setup()
  return { wx, server: createFakeServer(wx).acceptLogins() }
}

test('dates are the day in Lianyungang, whatever the phone says', () => {
  assert.equal(dateText('2019-08-03T17:30:00+00:00'), '2019-08-04')
  assert.equal(dateText('2019-08-03T09:00:00Z'), '2019-08-03')
  assert.equal(dateText(null), '')
})

test('pictures and headings of the body get their sizes for rich-text', () => {
  const nodes = bodyNodes('<h2>二十年</h2><p>文字<img src="https://x/a.jpg"></p>')
  assert.match(nodes, /<img style="max-width:100%;height:auto;[^"]*" src="https:\/\/x\/a.jpg">/)
  assert.match(nodes, /<h2 style="font-size:36rpx;/)
  assert.equal(bodyNodes(undefined), '')
})

for (const route of ['pages/articles/index', 'pages/article/index']) {
  test(route + ': offline, then a server error, then ready, each with its retry', async () => {
    const { wx, server: fake } = server()
    fake.on('GET', '/api/v1/articles', () => ({ items: [card(1)], total: 1, page: 1, per_page: 10 }))
    fake.on('GET', '/api/v1/articles/:id', (r) => Object.assign(card(Number(r.params.id)), { body: '<p>正文</p>', cover_url: null, source_url: null }))
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

test('feed: the server\'s order, an outlet filter, paging on scroll until the end; nothing is "empty"', async () => {
  const { wx, server: fake } = server()
  const all = Array.from({ length: 13 }, (_, i) => card(13 - i))
  fake.on('GET', '/api/v1/articles', (r) => {
    const page = Number(r.query.page)
    const items = all.filter((a) => !r.query.outlet || a.outlet === r.query.outlet)
    return { items: items.slice((page - 1) * 10, page * 10), total: items.length, page, per_page: 10 }
  })
  const { page, ready } = loadPage('pages/articles/index', {})
  await ready
  assert.equal(page.data.items.length, 10)
  assert.deepEqual(page.data.items.slice(0, 2).map((a) => a.title), ['报道13', '报道12'])
  assert.equal(page.data.items[0].dateText, '2019-08-06')
  assert.equal(page.data.items[0].thumbnail, 'http://127.0.0.1:8000/api/v1/article-images/13?size=thumbnail')
  await page.onReachBottom()
  assert.equal(page.data.items.length, 13)
  assert.equal(page.data.hasMore, false)
  await page.onReachBottom()
  assert.equal(fake.requests('GET', '/api/v1/articles').length, 2, 'no request past the end')

  await page.onOutlet({ currentTarget: { dataset: { outlet: 'tv' } } })
  assert.deepEqual(fake.requests('GET', '/api/v1/articles').pop().query, { outlet: 'tv', page: '1', per_page: '10' })
  assert.equal(page.data.status, 'empty')
  assert.equal(page.data.outlet, 'tv')

  await page.onOutlet({ currentTarget: { dataset: { outlet: '' } } })
  page.onOpen({ currentTarget: { dataset: { id: 12 } } })
  assert.equal(wx.calls.filter((c) => c.name === 'navigateTo').pop().args.url, '/pages/article/index?id=12')
})

test('feed: opened from a nominee\'s "查看全部" it shows only that nominee\'s articles', async () => {
  const { wx, server: fake } = server()
  fake.on('GET', '/api/v1/articles', () => ({ items: [card(2)], total: 1 }))
  const { page, ready } = loadPage('pages/articles/index', { nominee_id: '3' })
  await ready
  assert.deepEqual(fake.requests('GET', '/api/v1/articles')[0].query, { nominee_id: '3', page: '1', per_page: '10' })
  assert.equal(wx.calls.filter((c) => c.name === 'setNavigationBarTitle').pop().args.title, '王建军的报道')
})

test('article: the sanitized body in rich-text, the cover, the link to copy and the way to the nominee', async () => {
  const { wx, server: fake } = server()
  fake.on('GET', '/api/v1/articles/:id', (r) => Object.assign(card(Number(r.params.id)), {
    body: '<h2>扎根码头</h2><p>他是<b>高级技师</b>。<img src="http://127.0.0.1:8000/api/v1/article-images/9"></p>',
    cover_url: 'http://127.0.0.1:8000/api/v1/article-images/4', source_url: 'https://www.lyg.gov.cn/news/1'
  }))
  const { page, ready } = loadPage('pages/article/index', { id: '5' })
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.article.title, '报道5')
  assert.equal(page.data.article.cover, 'http://127.0.0.1:8000/api/v1/article-images/4')
  assert.match(page.data.nodes, /<b>高级技师<\/b>/)
  assert.match(page.data.nodes, /<img style="max-width:100%[^"]*" src="http:\/\/127.0.0.1:8000\/api\/v1\/article-images\/9">/)
  assert.equal(wx.calls.find((c) => c.name === 'setNavigationBarTitle').args.title, '报道5')
  page.onCopySource()
  assert.equal(wx.calls.find((c) => c.name === 'setClipboardData').args.data, 'https://www.lyg.gov.cn/news/1')
  page.onOpenNominee()
  assert.equal(wx.calls.filter((c) => c.name === 'navigateTo').pop().args.url, '/pages/nominee/index?id=3')
  assert.deepEqual(page.onShareAppMessage(), { title: '报道5', path: '/pages/article/index?id=5' })
})

test('article: one that does not exist (or was withdrawn) says so and leads to the list, without 重试', async () => {
  const { wx, server: fake } = server()
  fake.on('GET', '/api/v1/articles/:id', () => apiError(404, 'not_found', '文章不存在'))
  const { page, ready } = loadPage('pages/article/index', { id: '8' })
  await ready
  assert.equal(page.data.status, 'final')
  assert.equal(page.data.final.title, '文章不存在或已下线')
  assert.equal(page.data.final.home, true)
  page.onFinalAction()
  assert.equal(wx.callsOf('redirectTo').pop().url, '/pages/articles/index')
})

function text (comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ').trim()
}

test('component: a nominee\'s 宣传报道 lists their articles and links to each and to all', async () => {
  const { wx, server: fake } = server()
  fake.on('GET', '/api/v1/articles', (r) => ({ items: [card(7), card(6)], total: r.query.nominee_id === '3' ? 6 : 0 }))
  const comp = mount('components/article-list', { nomineeId: 3 })
  await simulate.sleep(20)
  assert.deepEqual(fake.requests('GET', '/api/v1/articles')[0].query, { nominee_id: '3', per_page: '5' })
  assert.match(text(comp), /宣传报道/)
  assert.match(text(comp), /报道7\s*连云港日报 · 2019-08-09/)
  assert.match(text(comp), /查看全部 6 篇报道/)
  comp.querySelector('.item').dispatchEvent('tap')
  comp.querySelector('.all').dispatchEvent('tap')
  await simulate.sleep(5)
  const opened = wx.calls.filter((c) => c.name === 'navigateTo').map((c) => c.args.url)
  assert.deepEqual(opened, ['/pages/article/index?id=7', '/pages/articles/index?nominee_id=3'])
})

test('component: no articles, no section; a failure offers a retry', async () => {
  const { server: fake } = server()
  fake.on('GET', '/api/v1/articles', () => ({ items: [], total: 0 }))
  const empty = mount('components/article-list', { nomineeId: 4 })
  await simulate.sleep(20)
  assert.equal(text(empty), '')

  fake.on('GET', '/api/v1/articles', () => apiError(503, 'service_unavailable', '服务暂时不可用'))
  const failed = mount('components/article-list', { nomineeId: 5 })
  await simulate.sleep(20)
  assert.match(text(failed), /报道未能加载/)
  fake.on('GET', '/api/v1/articles', () => ({ items: [card(1)], total: 1 }))
  failed.querySelector('.retry').dispatchEvent('tap')
  await simulate.sleep(20)
  assert.match(text(failed), /报道1/)
})
