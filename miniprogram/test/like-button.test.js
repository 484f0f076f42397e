// The like button in each state, and the nominee page turning each answer of the server into it.
const test = require('node:test')
const assert = require('node:assert/strict')
const { simulate, mount } = require('./support/dom')
const { setup, loadPage } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')
const likeState = require('../utils/like-state')

function text (comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ').trim()
}

async function tapCount (comp) {
  let taps = 0
  comp.addEventListener('like', () => { taps++ })
  comp.querySelector('.like-button').dispatchEvent('tap')
  await simulate.sleep(5)
  return taps
}

test('component: a ready button shows the count, invites a like and emits it on tap', async () => {
  const comp = mount('components/like-button', { likes: 12, state: 'ready', hint: '今天还可以点赞 10 次' })
  assert.match(text(comp), /12\s*赞/)
  assert.match(text(comp), /为 TA 点赞/)
  assert.match(text(comp), /今天还可以点赞 10 次/)
  assert.equal(await tapCount(comp), 1)
})

for (const [state, label] of [['liked', '今日已点赞'], ['exhausted', '今日次数已用完'], ['closed', '点赞未开放'], ['ended', '点赞已结束'],
  ['held', '点赞暂停'], ['not_likeable', '暂不可点赞'], ['busy', '点赞中…'], ['risk', '点赞未成功']]) {
  test('component: "' + state + '" shows "' + label + '" and ignores taps', async () => {
    const comp = mount('components/like-button', { likes: 3, state, hint: '说明文字' })
    assert.match(text(comp), new RegExp(label))
    assert.match(text(comp), /说明文字/)
    assert.equal(comp.querySelector('.like-button').dom.getAttribute('disabled') !== null || comp.instance.data.tappable === false, true)
    assert.equal(await tapCount(comp), 0)
  })
}

test('component: after an error the button offers a retry that can be tapped', async () => {
  const comp = mount('components/like-button', { likes: 3, state: 'ready' })
  comp.setData({ state: 'error', hint: '网络连接失败，请检查网络后重试' })
  await simulate.sleep(0)
  assert.match(text(comp), /重试点赞/)
  assert.equal(await tapCount(comp), 1)
})

// The nominee page against a fake server.
function nomineeServer (options = {}) {
  const { wx, api } = setup()
  const server = createFakeServer(wx).acceptLogins()
  server.on('GET', '/api/v1/nominees/:id', (r) => ({ id: Number(r.params.id), name: '王晓燕', employer_name: '海缘数控', trade: '数控车工', photos: ['/api/v1/files/4/display/fedcba9876543210.jpg', '/api/v1/files/5/display/0123456789abcdef.jpg'], work_photos: ['/api/v1/files/5/display/0123456789abcdef.jpg'], avatar: '/api/v1/files/4/thumb/fedcba9876543210.jpg', thumbnail: '/api/v1/files/4/thumb/fedcba9876543210.jpg', likes: 41, rank: 2, likeable: true, held_for_review: false, title: null }))
  server.on('GET', '/api/v1/campaigns/current', () => ({ open: { likes: options.likesOpen !== false }, stage: { key: 'promotion' }, timeline: [{ key: 'promotion', status: 'current', switches: { likes: true } }] }))
  server.on('GET', '/api/v1/me/likes/today', () => ({ remaining_today: options.remaining === undefined ? 10 : options.remaining, liked_nominee_ids: options.liked || [] }))
  return { wx, api, server }
}

test('page: opens ready with what is left today; a like updates the count and the hint', async () => {
  const { server } = nomineeServer({ remaining: 10 })
  server.on('POST', '/api/v1/nominees/:id/like', (r) => ({ likes: 42, remaining_today: 9, key: r.header['Idempotency-Key'] }))
  const { page, ready } = loadPage('pages/nominee/index', { id: '7' })
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.likeState, 'ready')
  assert.equal(page.data.likeHint, '今天还可以点赞 10 次')
  assert.equal(page.data.nominee.hero, 'http://127.0.0.1:8000/api/v1/files/5/display/0123456789abcdef.jpg')
  assert.deepEqual(page.data.nominee.photoUrls, ['http://127.0.0.1:8000/api/v1/files/5/display/0123456789abcdef.jpg'])
  await page.onLike()
  assert.equal(page.data.nominee.likes, 42)
  assert.equal(page.data.likeState, 'liked')
  assert.equal(page.data.likeHint, '点赞成功！今天还可为其他工匠点赞 9 次')
  assert.ok(server.requests('POST', '/api/v1/nominees/7/like')[0].header['Idempotency-Key'])
})

test('page: opened from a poster\'s QR code (a link in `q`) shows that nominee', async () => {
  const { server } = nomineeServer({ remaining: 10 })
  const link = encodeURIComponent('http://127.0.0.1:8000/mp/nominee?id=12')
  const { page, ready } = loadPage('pages/nominee/index', { q: link })
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.nominee.id, 12)
  assert.equal(server.requests('GET', '/api/v1/nominees/12').length, 1)
})

test('page: already liked today, or no likes left, shows it before any tap', async () => {
  nomineeServer({ remaining: 4, liked: [7] })
  let opened = loadPage('pages/nominee/index', { id: '7' })
  await opened.ready
  assert.equal(opened.page.data.likeState, 'liked')
  assert.match(opened.page.data.likeHint, /今天已为 TA 点过赞/)

  nomineeServer({ remaining: 0 })
  opened = loadPage('pages/nominee/index', { id: '7' })
  await opened.ready
  assert.equal(opened.page.data.likeState, 'exhausted')
})

test('page: likes closed by the stage shows "not open" and sends nothing', async () => {
  const { server } = nomineeServer({ likesOpen: false })
  const { page, ready } = loadPage('pages/nominee/index', { id: '7' })
  await ready
  assert.equal(page.data.likeState, 'closed')
  assert.equal(await page.onLike(), null)
  assert.equal(server.requests('POST', '/api/v1/nominees/7/like').length, 0)
})

const REFUSALS = [
  [409, 'already_liked_today', '今天已经为该工匠点过赞了', 'liked', /明天再来/],
  [429, 'daily_limit_reached', '今日点赞次数已用完', 'exhausted', /明天 0 点后恢复/],
  [409, 'stage_closed', '当前阶段未开放点赞', 'closed', /技能推介阶段/],
  [409, 'held_for_review', '该工匠点赞正在核查', 'held', /核查完成后恢复/],
  [409, 'not_likeable', '该工匠暂不可点赞', 'not_likeable', /不在可点赞名单/],
  [429, 'too_fast', '操作过于频繁', 'too_fast', /请 4 秒后再试/],
  [403, 'risk_rejected', '账号存在风险', 'risk', /本次点赞未计入/]
]

for (const [status, code, message, state, hint] of REFUSALS) {
  test('page: the refusal ' + code + ' is explained and the button shows it', async () => {
    const { server } = nomineeServer()
    server.on('POST', '/api/v1/nominees/:id/like', () => apiError(status, code, message, null, code === 'too_fast' ? { 'Retry-After': '4' } : undefined))
    const { page, ready } = loadPage('pages/nominee/index', { id: '7' })
    await ready
    await page.onLike()
    page.onUnload()
    assert.equal(page.data.likeState, state)
    assert.match(page.data.likeHint, hint)
    assert.equal(page.data.nominee.likes, 41, 'the count is unchanged')
    const shown = likeState.describe(state)
    const comp = mount('components/like-button', { likes: 41, state: page.data.likeState, hint: page.data.likeHint })
    assert.match(text(comp), new RegExp(shown.label))
  })
}

test('page: a network failure leaves a retry, and the retry carries a new idempotency key', async () => {
  const { server } = nomineeServer()
  let calls = 0
  server.on('POST', '/api/v1/nominees/:id/like', () => (++calls <= 3 ? { fail: 'timeout' } : { likes: 42, remaining_today: 9 }))
  const { page, ready } = loadPage('pages/nominee/index', { id: '7' })
  await ready
  await page.onLike()
  assert.equal(page.data.likeState, 'error')
  assert.equal(page.data.likeHint, '网络超时，请稍后重试')
  await page.onLike()
  assert.equal(page.data.likeState, 'liked')
  const keys = server.requests('POST', '/api/v1/nominees/7/like').map((r) => r.header['Idempotency-Key'])
  assert.equal(new Set(keys.slice(0, 3)).size, 1, 'automatic retries repeat one key')
  assert.notEqual(keys[3], keys[0])
})
