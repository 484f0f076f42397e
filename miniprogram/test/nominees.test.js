// The nominees list in each stage, as the campaign API says: before likes everyone, newest first, no counts and no
// 按点赞; in promotion the finalists by likes with their ranks; after it the finalists (in commendation the
// winners first) with their final counts and no ranks. Paging is utils/paged-list.js's.
const test = require('node:test')
const assert = require('node:assert/strict')
const { mount } = require('./support/dom')
const { setup, loadPage } = require('./support/harness')
const { createFakeServer } = require('./support/fake-server')

const KEYS = ['nomination', 'review', 'promotion', 'evaluation', 'commendation']

function campaign (stage) {
  return {
    stage: { key: stage },
    open: { likes: stage === 'promotion' },
    timeline: KEYS.map((key, i) => ({ key, status: i < KEYS.indexOf(stage) ? 'done' : (key === stage ? 'current' : 'upcoming'), switches: { likes: key === 'promotion' } }))
  }
}

function card (id, extra) {
  return Object.assign({ id, name: '工匠' + id, employer_name: '单位' + id, trade: '钳工', district: '海州区', thumbnail: null, status: 'finalist', status_label: '入围', likes: 100 - id, rank: id }, extra)
}

function open (stage, cards) {
  const { wx } = setup()
  const server = createFakeServer(wx)
  server.on('GET', '/api/v1/nominations/rules', () => ({ options: { district: ['海州区', '连云区'] } }))
  server.on('GET', '/api/v1/campaigns/current', () => campaign(stage))
  server.on('GET', '/api/v1/nominees', (r) => ({ items: cards(r), total: 2, page: Number(r.query.page), per_page: 10 }))
  const { page, ready } = loadPage('pages/nominees/index', {})
  return { server, page, ready }
}

const lastQuery = (server) => server.requests('GET', '/api/v1/nominees').pop().query

test('nomination stage: everyone public, newest first, no 按点赞 and no counts on the cards', async () => {
  const { server, page, ready } = open('nomination', () => [card(1, { status: 'submitted', status_label: '已提交', likes: 0, rank: null })])
  await ready
  assert.deepEqual(page.data.sorts.map((s) => s.value), ['newest'])
  assert.deepEqual(page.data.scopes, [])
  assert.equal(lastQuery(server).sort, 'newest')
  assert.equal(lastQuery(server).stage, undefined)
  assert.equal(page.data.showLikes, false)
  const shown = mount('components/nominee-card', { nominee: page.data.items[0], showLikes: page.data.showLikes, showRank: page.data.showRank })
  assert.doesNotMatch(shown.dom.textContent, /赞/)
})

test('promotion stage: the finalists by likes with ranks (ties as ties); 全部 widens the list', async () => {
  const { server, page, ready } = open('promotion', () => [card(1, { likes: 9, rank: 1 }), card(2, { likes: 9, rank: 1 })])
  await ready
  assert.deepEqual([lastQuery(server).stage, lastQuery(server).sort], ['finalist', 'likes'])
  assert.deepEqual(page.data.scopes.map((s) => s.label), ['入围工匠', '全部'])
  assert.equal(page.data.showRank, true)
  for (const item of page.data.items) {
    const shown = mount('components/nominee-card', { nominee: item, showLikes: page.data.showLikes, showRank: page.data.showRank })
    assert.match(shown.dom.textContent.replace(/\s+/g, ' '), /9 赞\s*第1名/)
  }
  await page.onScope({ currentTarget: { dataset: { scope: '' } } })
  assert.equal(lastQuery(server).stage, undefined)
  assert.equal(lastQuery(server).sort, 'likes')
  // Someone outside the likes, in 全部: no count, no rank.
  const outside = mount('components/nominee-card', { nominee: { id: 9, name: '张三', likes: 0, rank: null, rankText: '' }, showLikes: true, showRank: true })
  assert.doesNotMatch(outside.dom.textContent, /赞/)
})

test('commendation stage: the winners first, then the finalists; final counts, no ranks', async () => {
  const { server, page, ready } = open('commendation', () => [card(1, { status: 'top_winner', status_label: '港城十大工匠' })])
  await ready
  assert.deepEqual(page.data.scopes.map((s) => [s.value, s.label]), [['winner', '获评工匠'], ['finalist', '入围工匠'], ['', '全部']])
  assert.equal(lastQuery(server).stage, 'winner')
  assert.equal(page.data.showRank, false)
  const shown = mount('components/nominee-card', { nominee: page.data.items[0], showLikes: page.data.showLikes, showRank: page.data.showRank })
  assert.match(shown.dom.textContent, /99 赞/)
  assert.doesNotMatch(shown.dom.textContent, /第1名/)
})

test('paging: the next page keeps the filters and the stage, and stops at the end', async () => {
  const all = Array.from({ length: 13 }, (_, i) => card(i + 1))
  const { server, page, ready } = open('promotion', (r) => all.slice((Number(r.query.page) - 1) * 10, Number(r.query.page) * 10))
  server.on('GET', '/api/v1/nominees', (r) => ({ items: all.slice((Number(r.query.page) - 1) * 10, Number(r.query.page) * 10), total: 13 }))
  await ready
  await page.onDistrict({ detail: { value: '2' } })
  await page.onReachBottom()
  assert.equal(page.data.items.length, 13)
  assert.equal(page.data.hasMore, false)
  assert.deepEqual(lastQuery(server), { district: '连云区', stage: 'finalist', sort: 'likes', page: '2', per_page: '10' })
  await page.onReachBottom()
  assert.equal(server.requests('GET', '/api/v1/nominees').length, 3, 'no request past the end')
})

test('the campaign not answering: the list says so and its retry starts again', async () => {
  const { server, page, ready } = open('promotion', () => [card(1)])
  server.on('GET', '/api/v1/campaigns/current', () => ({ fail: 'timeout' }))
  await ready
  assert.equal(page.data.status, 'offline')
  assert.equal(server.requests('GET', '/api/v1/nominees').length, 0)
  server.on('GET', '/api/v1/campaigns/current', () => campaign('promotion'))
  await page.retry()
  assert.equal(page.data.status, 'ready')
  assert.equal(lastQuery(server).stage, 'finalist')
})
