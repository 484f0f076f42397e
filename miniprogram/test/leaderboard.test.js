// 点赞排行: every ranked nominee a page at a time with the server's places (ties share one), a thumbnail or
// the name's first character, the ones I liked today marked; a clear word when likes are not open.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { createFakeServer } = require('./support/fake-server')

// 45 nominees: 10 likes each for the first three (places 1, 1, 1), then 9 … (place 4 on).
const RANKED = Array.from({ length: 45 }, (_, i) => ({
  id: i + 1, name: '工匠' + (i + 1), employer_name: '单位' + (i + 1), trade: '钳工',
  likes: i < 3 ? 10 : 9, rank: i < 3 ? 1 : 4, thumbnail: i === 0 ? 'http://x/api/v1/files/1/thumb/abc.jpg' : null
}))

function boardServer ({ open = true, opensOn = null, items = RANKED, liked = [3, 25] } = {}) {
  const { wx } = setup()
  const server = createFakeServer(wx).acceptLogins()
  server.on('GET', '/api/v1/campaigns/current', () => ({
    stage: { key: open ? 'promotion' : 'nomination', name: open ? '技能推介' : '推荐申报' },
    open: { likes: open }, opens_on: { likes: opensOn }, timeline: [], countdowns: []
  }))
  server.on('GET', '/api/v1/leaderboard', (r) => {
    const page = Number(r.query.page)
    const limit = Number(r.query.limit)
    return { items: items.slice((page - 1) * limit, page * limit), total: items.length }
  })
  server.on('GET', '/api/v1/me/likes/today', (r) => r.header.Authorization
    ? { remaining_today: 8, liked_nominee_ids: liked }
    : { statusCode: 401, data: { error: { code: 'unauthorized', message: '请先登录' } } })
  return { wx, server }
}

test('leaderboard: pages through every ranked nominee with the server\'s places and marks whom I liked today', async () => {
  const { wx, server } = boardServer()
  const { page, ready } = loadPage('pages/leaderboard/index', {})
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.likesOpen, true)
  assert.equal(page.data.items.length, 20)
  assert.deepEqual(page.data.items.slice(0, 5).map((i) => i.rank), [1, 1, 1, 4, 4])
  assert.equal(page.data.items[0].thumbnail, 'http://x/api/v1/files/1/thumb/abc.jpg')
  assert.equal(page.data.items[1].initial, '工', 'no photo: the first character instead')
  assert.deepEqual(page.data.items.filter((i) => i.liked).map((i) => i.id), [3])
  await page.onReachBottom()
  await page.onReachBottom()
  assert.equal(page.data.items.length, 45)
  assert.equal(page.data.hasMore, false)
  assert.deepEqual(page.data.items.filter((i) => i.liked).map((i) => i.id), [3, 25])
  assert.deepEqual(server.requests('GET', '/api/v1/leaderboard').map((r) => [r.query.page, r.query.limit]), [['1', '20'], ['2', '20'], ['3', '20']])
  page.onOpen({ currentTarget: { dataset: { id: 25 } } })
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/nominee/index?id=25')
})

test('leaderboard: in the nomination stage it says when likes open, and asks nobody what they liked', async () => {
  const { server } = boardServer({ open: false, opensOn: '2019-07-15', items: [] })
  const { page, ready } = loadPage('pages/leaderboard/index', {})
  await ready
  assert.equal(page.data.status, 'empty')
  assert.equal(page.data.emptyText, '点赞将于 7 月 15 日开始，届时可为入围工匠点赞')
  assert.equal(server.requests('GET', '/api/v1/me/likes/today').length, 0)
})

test('leaderboard: after the likes the final counts stay, marked as final', async () => {
  boardServer({ open: false, opensOn: null })
  const { page, ready } = loadPage('pages/leaderboard/index', {})
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.likesText, '点赞已结束，以下为最终点赞数')
  assert.equal(page.data.items.filter((i) => i.liked).length, 0)
})

test('leaderboard: offline says so and a retry recovers', async () => {
  const { wx } = boardServer()
  const online = wx.handler
  wx.handler = () => ({ fail: 'net::ERR_INTERNET_DISCONNECTED' })
  const { page, ready } = loadPage('pages/leaderboard/index', {})
  await ready
  assert.equal(page.data.status, 'offline')
  wx.handler = online
  await page.retry()
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.items.length, 20)
})
