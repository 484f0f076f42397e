// A nominee's page in each stage: likes only where they happen and only for the nominees they are about, the
// right picture in each place, the bottom bar, the poster previewed before saving, and sharing with the card.
const test = require('node:test')
const assert = require('node:assert/strict')
const { simulate, mount } = require('./support/dom')
const { setup, loadPage } = require('./support/harness')
const { createFakeServer } = require('./support/fake-server')
const { apiError } = require('./support/wx-double')

const TIMELINE = (current) => ['nomination', 'review', 'promotion', 'evaluation', 'commendation'].map((key, i, all) => ({
  key,
  status: i < all.indexOf(current) ? 'done' : (key === current ? 'current' : 'upcoming'),
  switches: { likes: key === 'promotion' }
}))

function campaign (stage) {
  return { stage: { key: stage }, open: { likes: stage === 'promotion' }, timeline: TIMELINE(stage) }
}

const FINALIST = {
  id: 7, name: '王晓燕', employer_name: '海缘数控', trade: '数控车工', status: 'finalist', status_label: '入围',
  photos: ['/api/v1/files/4/display/aaaaaaaaaaaaaaaa.jpg', '/api/v1/files/5/display/bbbbbbbbbbbbbbbb.jpg'],
  work_photos: ['/api/v1/files/5/display/bbbbbbbbbbbbbbbb.jpg'],
  avatar: '/api/v1/files/4/thumb/aaaaaaaaaaaaaaaa.jpg',
  thumbnail: '/api/v1/files/4/thumb/aaaaaaaaaaaaaaaa.jpg',
  likes: 318, rank: 3, likeable: true, held_for_review: false, title: null
}

function open (stage, nominee, today = { remaining_today: 10, liked_nominee_ids: [] }) {
  const { wx } = setup()
  const server = createFakeServer(wx).acceptLogins()
  server.on('GET', '/api/v1/nominees/:id', () => Object.assign({}, FINALIST, nominee))
  server.on('GET', '/api/v1/campaigns/current', () => campaign(stage))
  server.on('GET', '/api/v1/me/likes/today', () => today)
  const { page, ready } = loadPage('pages/nominee/index', { id: '7' })
  return { wx, server, page, ready }
}

test('nomination stage: no like button, no count, nothing asked about likes; the bar has share and poster', async () => {
  const { server, page, ready } = open('nomination', { status: 'submitted', status_label: '已提交', rank: null, likeable: false, likes: 0 })
  await ready
  assert.equal(page.data.likesShown, false)
  assert.equal(await page.onLike(), null)
  assert.equal(server.requests('GET', '/api/v1/me/likes/today').length, 0)
  assert.equal(server.requests('POST', '/api/v1/nominees/7/like').length, 0)
  const bar = mount('components/action-bar', { showLike: page.data.likesShown })
  const text = bar.dom.textContent.replace(/\s+/g, ' ')
  assert.match(text, /分享给好友/)
  assert.match(text, /生成海报/)
  assert.doesNotMatch(text, /点赞/)
})

test('promotion stage: a nominee who is not a finalist gets no like button and no "likes left today"', async () => {
  const { server, page, ready } = open('promotion', { status: 'qualified', status_label: '审核合格', rank: null, likeable: false, likes: 0 })
  await ready
  assert.equal(page.data.likesShown, false)
  assert.equal(page.data.likeHint, '')
  assert.equal(await page.onLike(), null)
  assert.equal(server.requests('GET', '/api/v1/me/likes/today').length, 0)
})

test('promotion stage: a finalist is likeable only when the API says likeable is true', async () => {
  let opened = open('promotion', {})
  await opened.ready
  assert.equal(opened.page.data.likeState, 'ready')
  assert.equal(opened.page.data.likeHint, '今天还可以点赞 10 次')
  for (const likeable of [false, undefined, null, 'true', 1]) {
    opened = open('promotion', { likeable })
    await opened.ready
    assert.equal(opened.page.data.likeState, 'not_likeable', String(likeable))
    assert.equal(await opened.page.onLike(), null)
  }
  opened = open('promotion', { likeable: false, held_for_review: true })
  await opened.ready
  assert.equal(opened.page.data.likeState, 'held')
  assert.match(opened.page.data.likeHint, /核查/)
})

test('commendation stage: likes are over — the final count, no "not open yet", and the title won', async () => {
  const { page, ready } = open('commendation', { status: 'top_winner', status_label: '港城十大工匠', title: '港城十大工匠', likeable: false })
  await ready
  assert.equal(page.data.likesShown, true)
  assert.equal(page.data.likeState, 'ended')
  assert.equal(page.data.likeHint, '点赞已结束，共获 318 赞')
  assert.equal(page.data.nominee.title, '港城十大工匠')
  // The button itself would show it (the bar leaves it out once likes are over: nothing left to tap).
  const button = mount('components/like-button', { compact: true, likes: 318, state: page.data.likeState })
  assert.match(button.dom.textContent.replace(/\s+/g, ' '), /点赞已结束\s*318 赞/)
  assert.doesNotMatch(button.dom.textContent, /未开放/)
  assert.match(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'pages', 'nominee', 'index.wxml'), 'utf8'), /show-like="\{\{likesShown && likesPhase !== 'over'\}\}"/)
})

test('pictures: a work photo for the header and the gallery, the ID photo as the avatar', async () => {
  let opened = open('promotion', {})
  await opened.ready
  const nominee = opened.page.data.nominee
  assert.equal(nominee.hero, 'http://127.0.0.1:8000/api/v1/files/5/display/bbbbbbbbbbbbbbbb.jpg')
  assert.deepEqual(nominee.photoUrls, [nominee.hero], 'the ID photo is not among the header pictures')
  assert.equal(nominee.avatarUrl, 'http://127.0.0.1:8000/api/v1/files/4/thumb/aaaaaaaaaaaaaaaa.jpg')
  opened.page.onPreviewAvatar()
  assert.deepEqual(opened.wx.callsOf('previewImage')[0].urls, [nominee.avatarUrl])

  opened = open('promotion', { work_photos: [] })
  await opened.ready
  assert.equal(opened.page.data.nominee.hero, '', 'no work photo: the banner, not the ID photo')
  assert.deepEqual(opened.page.data.nominee.photoUrls, [])
})

test('the bar: like, share and poster; the like emits only while it can be tapped', async () => {
  const bar = mount('components/action-bar', { showLike: true, likes: 12, state: 'ready' })
  const text = bar.dom.textContent.replace(/\s+/g, ' ')
  assert.match(text, /分享/)
  assert.match(text, /海报/)
  assert.match(text, /为 TA 点赞\s*12 赞/)
  const events = []
  bar.addEventListener('like', () => events.push('like'))
  bar.addEventListener('poster', () => events.push('poster'))
  bar.querySelector('.bar-like').querySelector('.like-button').dispatchEvent('tap')
  bar.querySelectorAll('.tool')[1].dispatchEvent('tap')
  await simulate.sleep(5)
  assert.deepEqual(events, ['like', 'poster'])
  // Share is WeChat's own share button (it calls the page's onShareAppMessage).
  assert.match(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', 'components', 'action-bar', 'index.wxml'), 'utf8'), /<button class="tool" open-type="share"/)
  bar.setData({ state: 'liked' })
  await simulate.sleep(0)
  bar.querySelector('.bar-like').querySelector('.like-button').dispatchEvent('tap')
  await simulate.sleep(5)
  assert.deepEqual(events, ['like', 'poster'], 'a like already given is not sent again')
})

test('poster: shown first in a preview; saved to the album only on 保存到相册; 关闭 closes it', async () => {
  const { wx, page, ready } = open('promotion', {})
  await ready
  assert.equal(await page.onPoster(), true)
  assert.equal(wx.callsOf('downloadFile')[0].url, 'http://127.0.0.1:8000/api/v1/nominees/7/poster')
  assert.equal(page.data.posterPath, 'wxfile://tmp/download.png')
  assert.equal(wx.callsOf('saveImageToPhotosAlbum').length, 0, 'nothing saved before asked')
  page.onClosePoster()
  assert.equal(page.data.posterPath, '')
  await page.onPoster()
  assert.equal(await page.onSavePoster(), true)
  assert.equal(wx.callsOf('saveImageToPhotosAlbum')[0].filePath, 'wxfile://tmp/download.png')
  assert.equal(page.data.posterPath, '', 'the preview closes once saved')
})

test('poster: an album refusal explains the permission and keeps the preview', async () => {
  const { wx, page, ready } = open('promotion', {})
  await ready
  await page.onPoster()
  wx.saveImageToPhotosAlbum = (o) => o.fail({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' })
  assert.equal(await page.onSavePoster(), false)
  assert.match(wx.callsOf('showModal')[0].content, /添加到相册/)
  assert.equal(page.data.posterPath, 'wxfile://tmp/download.png')
})

test('share: a chat gets the server\'s 5:4 card, 朋友圈 a title and the query', async () => {
  let opened = open('promotion', {})
  await opened.ready
  const share = opened.page.onShareAppMessage()
  assert.equal(share.path, '/pages/nominee/index?id=7')
  assert.equal(share.title, '为港城工匠王晓燕点赞（海缘数控）')
  assert.equal(share.imageUrl, 'http://127.0.0.1:8000/api/v1/nominees/7/share-card.png?v=318-3')
  const timeline = opened.page.onShareTimeline()
  assert.deepEqual([timeline.title, timeline.query], ['为港城工匠王晓燕点赞', 'id=7'])

  opened = open('commendation', { status: 'top_winner', title: '港城十大工匠', likeable: false })
  await opened.ready
  assert.equal(opened.page.onShareTimeline().title, '王晓燕：港城十大工匠')
  opened = open('nomination', { rank: null, likeable: false, likes: 0 })
  await opened.ready
  assert.equal(opened.page.onShareTimeline().title, '身边的港城工匠：王晓燕')
})

test('a nominee who is not (or no longer) public: says so and leads to 工匠风采, without 重试', async () => {
  const { wx } = setup()
  const server = createFakeServer(wx).acceptLogins()
  server.on('GET', '/api/v1/nominees/:id', () => apiError(404, 'not_found', '推荐对象不存在'))
  server.on('GET', '/api/v1/campaigns/current', () => campaign('promotion'))
  const { page, ready } = loadPage('pages/nominee/index', { id: '999999' })
  await ready
  assert.equal(page.data.status, 'final')
  assert.equal(page.data.final.title, '没有找到这位工匠')
  page.onFinalAction()
  assert.equal(wx.callsOf('redirectTo').pop().url, '/pages/nominees/index')
})
