// 我的推荐 as the nominee sees it: 填写自荐表 only when the server says it can be used, an empty list that fits
// the stage, and a finalist's own card with likes, place, their public page and a share button.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { createFakeServer } = require('./support/fake-server')
const { JSDOM } = require('jsdom')

const STAGES = {
  nomination: { key: 'nomination', name: '推荐申报' },
  review: { key: 'review', name: '考察审核' },
  promotion: { key: 'promotion', name: '技能推介' },
  evaluation: { key: 'evaluation', name: '评议公示' },
  commendation: { key: 'commendation', name: '表彰奖励' }
}

function finalist (extra) {
  return Object.assign({
    id: 41, channel: 'self', name: '邹玉兰', status: 'finalist', status_label: '入围', employer_name: '灌南绿源化工有限公司',
    trade: '港口门座起重机司机', files: [], conditions: [], open_for_changes: false, public_page: true, standing: { likes: 128, rank: 3, likeable: true }
  }, extra)
}

function serve (answer) {
  const { wx } = setup()
  const server = createFakeServer(wx).acceptLogins()
  server.on('GET', '/api/v1/me/nominations', () => answer)
  return { wx, server }
}

async function open (answer) {
  const { wx } = serve(answer)
  const { page, ready } = loadPage('pages/my-nominations/index', {})
  await ready
  return { wx, page }
}

// The page drawn by WeChat's own WXML (as the screenshots are): what the phone shows.
async function render (answer) {
  serve(answer)
  const { openPage } = require('../tools/screenshots/load-page')
  const { toHtml } = require('../tools/screenshots/to-html')
  const opened = await openPage('pages/my-nominations/index', {})
  const html = toHtml({ rendered: opened.rendered, route: 'pages/my-nominations/index' })
  opened.close()
  const document = new JSDOM(html).window.document
  // Classes of the page carry the prefix "main--" once rendered: '.likes' finds "main--likes".
  const texts = (selector) => Array.from(document.querySelectorAll(selector.replace(/\.([-\w]+)/g, '.main--$1')))
    .map((n) => n.textContent.trim())
  return { texts, document }
}

test('填写自荐表 shows only while the server says a self-nomination can be started', async () => {
  const open = await render({ items: [finalist({ id: 3, status: 'awaiting_endorsement', standing: null, public_page: false })], can_self_nominate: true, stage: STAGES.nomination })
  assert.deepEqual(open.texts('wx-button').filter((t) => t === '填写自荐表'), ['填写自荐表'])

  const draft = { id: 5, channel: 'self', name: '王晓燕', status: 'draft', status_label: '草稿', files: [], conditions: [], open_for_changes: true, public_page: false, standing: null }
  const hasOne = await render({ items: [draft], can_self_nominate: false, stage: STAGES.nomination })
  assert.ok(!hasOne.texts('wx-button').includes('填写自荐表'), 'one self-nomination per campaign: the draft is continued instead')
  assert.ok(hasOne.texts('wx-button').includes('继续填写'))

  const closed = await render({ items: [finalist()], can_self_nominate: false, stage: STAGES.promotion })
  assert.ok(!closed.texts('wx-button').includes('填写自荐表'), 'nominations closed')
})

test('an empty list in the nomination stage offers the form, and its button opens it', async () => {
  const { wx, page } = await open({ items: [], can_self_nominate: true, stage: STAGES.nomination })
  assert.equal(page.data.status, 'empty')
  assert.deepEqual([page.data.empty.text, page.data.empty.action], ['您还没有推荐记录', '填写自荐表'])
  page.onEmptyAction()
  assert.equal(wx.callsOf('navigateTo')[0].url, '/pages/nominate/index')
})

for (const [stage, text, action, url] of [
  ['review', '本届推荐申报已截止', '看看申报的工匠', '/pages/nominees/index'],
  ['promotion', '本届推荐已截止', '看看入围工匠', '/pages/nominees/index'],
  ['evaluation', '本届推荐已截止', '查看评选结果', '/pages/results/index'],
  ['commendation', '本届评选已结束', '查看评选结果', '/pages/results/index']
]) {
  test('an empty list in the ' + stage + ' stage does not invite a nomination: ' + action, async () => {
    const { wx, page } = await open({ items: [], can_self_nominate: false, stage: STAGES[stage] })
    assert.equal(page.data.empty.text, text)
    assert.doesNotMatch(page.data.empty.hint + page.data.empty.action, /自荐/)
    page.onEmptyAction()
    assert.equal(wx.callsOf('navigateTo')[0].url, url)
  })
}

test('between stages an empty list says when nominating opens, with nowhere to go', async () => {
  const { wx, page } = await open({ items: [], can_self_nominate: false, stage: null })
  assert.equal(page.data.empty.action, '')
  assert.match(page.data.empty.hint, /推荐申报开放后/)
  page.onEmptyAction()
  assert.equal(wx.callsOf('navigateTo').length, 0)
})

test("a finalist's card: likes, place, a link to the public page and a share of that page", async () => {
  const shown = await render({ items: [finalist()], can_self_nominate: false, stage: STAGES.promotion })
  assert.deepEqual(shown.texts('.likes'), ['128'])
  assert.deepEqual(shown.texts('.rank'), ['点赞排名第3名'])
  const share = shown.document.querySelector('wx-button[open-type="share"]')
  assert.equal(share.textContent.trim(), '分享拉票')
  assert.equal(share.getAttribute('data-id'), '41')

  const { wx, page } = await open({ items: [finalist()], can_self_nominate: false, stage: STAGES.promotion })
  page.onOpenPublic({ currentTarget: { dataset: { id: 41 } } })
  assert.equal(wx.callsOf('navigateTo')[0].url, '/pages/nominee/index?id=41')
  const shared = page.onShareAppMessage({ from: 'button', target: { dataset: { id: 41 } } })
  assert.equal(shared.path, '/pages/nominee/index?id=41')
  assert.match(shared.title, /邹玉兰/)
  assert.equal(page.onShareAppMessage({ from: 'menu' }).path, '/pages/index/index', 'the menu shares the campaign, not this private list')
})

test('once likes have closed, the place stays and sharing no longer canvasses for votes', async () => {
  const shown = await render({ items: [finalist({ status: 'winner', status_label: '港城工匠', standing: { likes: 128, rank: 3, likeable: false } })], can_self_nominate: false, stage: STAGES.commendation })
  assert.deepEqual(shown.texts('.rank'), ['点赞排名第3名'])
  assert.equal(shown.document.querySelector('wx-button[open-type="share"]').textContent.trim(), '分享给好友')
})

test('a nomination without a public page has no standing, link or share', async () => {
  const shown = await render({ items: [finalist({ status: 'under_review', status_label: '审核中', public_page: false, standing: null })], can_self_nominate: false, stage: STAGES.review })
  assert.deepEqual(shown.texts('.likes'), [])
  assert.ok(!shown.texts('wx-button').includes('查看我的公开页'))
  assert.equal(shown.document.querySelector('wx-button[open-type="share"]'), null)
})
