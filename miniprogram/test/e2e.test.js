// End to end, against the real server (flask serve: SQLite, embedded Redis, WeChat emulator):
// the page logic of three phones, with the emulator's dev-<name> codes standing in for wx.login.
// A worker nominates and submits; the employer scans the QR and endorses; the public likes.
const { describe, test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { PNG } = require('pngjs')
const jsQR = require('jsqr')
const { startServer, missingPython } = require('./support/server')
const { phoneOf } = require('./support/http-wx')
const { loadPage } = require('./support/harness')

// What each step needs from the server (nominations, endorsement, likes): a route that disappears
// fails the step, naming it.
const NEEDS = {
  nominate: ['/api/v1/nominations/rules', '/api/v1/nominations', '/api/v1/nominations/{}/submit', '/api/v1/nominations/{}/files'],
  endorse: ['/api/v1/nominations/{}/endorsement-qr', '/api/v1/endorsements/{}', '/api/v1/organizations/{}/endorsement-requests'],
  like: ['/api/v1/nominees/{}/like', '/api/v1/me/likes/today'],
  browse: ['/api/v1/nominees', '/api/v1/nominees/{}', '/api/v1/campaigns/current'],
  read: ['/api/v1/articles', '/api/v1/articles/{}', '/api/v1/article-images/{}'],
  follow: ['/api/v1/campaigns/current/totals', '/api/v1/leaderboard', '/api/v1/articles', '/api/v1/results'],
  represent: ['/api/v1/organizations/mine', '/api/v1/organizations/{}/nominations', '/api/v1/nominations/{}/invitation', '/api/v1/invitations/claim']
}

function photos (server) {
  const files = {}
  const script = 'import sys\nfrom PIL import Image\nfor i, name in enumerate(sys.argv[1:]):\n' +
    '    Image.new("RGB", (600, 800), (40 + i * 40, 90, 160 - i * 20)).save(name, "JPEG", quality=90)\n'
  for (const name of ['id', 'work1', 'work2', 'cert', 'letter']) files[name] = path.join(server.dir, name + '.jpg')
  execFileSync(server.python, ['-c', script, ...Object.values(files)])
  return files
}

const chosen = (file) => [{ tempFilePath: file, size: fs.statSync(file).size }]
const kind = (k) => ({ currentTarget: { dataset: { kind: k } } })

function decodeQr (dataUri) {
  const png = PNG.sync.read(Buffer.from(dataUri.split(',')[1], 'base64'))
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  assert.ok(found, 'the endorsement image holds a QR code')
  return found.data
}

const WORKER_FORM = {
  name: '吴海涛', gender: '男', political_status: '中共党员', birth_month: '1980-06', education: '大专',
  mobile: '13961234567', district: '海州区', employer_name: '连云港海缘数控机床有限公司', post: '数控车间主任',
  trade: '数控车工', skill_level: '高级技师', trade_since: '2003-09',
  career: '2003 年进入海缘数控，从学徒做到车间主任，主持多项工艺改进。',
  awards: '2016 年获江苏省数控技能大赛第三名；2018 年获市“首席员工”称号。',
  deeds: '带领班组攻克高精度主轴加工难题，'.repeat(20),
  brief: '省数控技能大赛第三名，主轴加工精度提升到 0.002 毫米。',
  privacy_consent: true, priority_chief_employee: true
}

// Without a Python environment (`npm test` alone on a fresh checkout) the suite is skipped, saying what to
// run instead, rather than cancelled by a server that cannot start.
const noPython = missingPython()
if (noPython) console.warn(noPython)

describe('end to end against the real server', { skip: noPython || false }, () => {
  let server, paths, files
  const state = {}

  before(async () => {
    server = await startServer()
    const spec = await (await fetch(server.base + '/api/openapi.json')).json()
    paths = Object.keys(spec.paths || {}).map((p) => p.replace(/\{[^}]+\}/g, '{}'))
    files = photos(server)
  })

  after(async () => {
    if (server) await server.stop()
  })

  // Fails when the server lacks the step's routes; skips (saying why) when an earlier step failed.
  function ready (t, step, after) {
    const missing = NEEDS[step].filter((p) => !paths.includes(p))
    assert.deepEqual(missing, [], 'the server lacks routes this step uses')
    if (after && !state[after]) {
      t.skip('the step "' + after + '" did not complete')
      return false
    }
    return true
  }

  test('a worker fills the form, which says what the server says, and submits', async (t) => {
    if (!ready(t, 'nominate')) return
    // The worker's phone: the rules the form uses are the server's, and the local copy equals them.
    const worker = phoneOf('e2e-worker', server.base)
    const serverRules = await worker.api.get('/nominations/rules')
    assert.deepEqual(serverRules, require('../utils/nomination-rules'), 'utils/nomination-rules.js equals GET /nominations/rules')

    const opened = loadPage('pages/nominate/index', {})
    await opened.ready
    const form = opened.page
    assert.equal(form.data.status, 'ready', form.data.errorMessage)
    assert.equal(form.data.consentText, serverRules.consent_text)
    Object.keys(WORKER_FORM).forEach((field) => form.setField(field, WORKER_FORM[field]))
    form.onToggleCondition({ currentTarget: { dataset: { condition: 2 } } })
    form.onEvidenceInput({ currentTarget: { dataset: { condition: 2 } }, detail: { value: '2016 年江苏省数控技能大赛第三名' } })
    form.setField('story', '他把主轴的加工精度做到了头发丝的四十分之一。'.repeat(10))
    assert.equal(await form.flushSave(), true, JSON.stringify(form.data.errors) + form.data.formError)

    // Same rules, same words: what the server refuses on submit is what the form says on the phone
    // (the story too short, the files missing), field by field.
    const nominationForm = require('../utils/nomination-form')
    const filesModule = require('../pages/nominate/files')
    const phoneErrors = nominationForm.validate(form.data.form, filesModule.counts(form.data.files), serverRules, { complete: true })
    assert.deepEqual(Object.keys(phoneErrors).sort(), ['certificate', 'id_photo', 'story', 'work_photo'])
    await assert.rejects(worker.api.post('/nominations/' + form.data.nominationId + '/submit', {}), (error) => {
      assert.equal(error.code, 'nomination_incomplete')
      assert.deepEqual(error.fields, phoneErrors)
      return true
    })
    // And a value the server refuses while typing is refused on the phone with the same words.
    form.setField('mobile', '12345')
    const typed = form.data.errors.mobile
    await assert.rejects(worker.api.patch('/nominations/' + form.data.nominationId, { mobile: '12345' }),
      (error) => error.fields.mobile === typed)
    form.setField('mobile', WORKER_FORM.mobile)

    form.setField('story', '他把主轴的加工精度做到了头发丝的四十分之一。'.repeat(Math.ceil(serverRules.limits.story_min / 22) + 1))
    worker.wx.answers.chooseMedia.push(chosen(files.id), [...chosen(files.work1), ...chosen(files.work2)], chosen(files.cert))
    assert.deepEqual(await form.onAddFile(kind('id_photo')), [true], JSON.stringify(form.data.files.id_photo))
    assert.deepEqual(await form.onAddFile(kind('work_photo')), [true, true])
    worker.wx.answers.actionSheet = 0
    assert.deepEqual(await form.onAddFile(kind('certificate')), [true])
    assert.equal(await form.onSubmit(), true, JSON.stringify(form.data.errors) + form.data.formError)
    assert.equal(form.data.nominationStatus, 'awaiting_endorsement')
    form.onUnload()

    // Reopened, my nominations show it waiting for the employer.
    const mine = loadPage('pages/my-nominations/index', {})
    await mine.ready
    const item = mine.page.data.items.find((n) => n.id === form.data.nominationId)
    assert.equal(item.statusLabel, '待单位认可')
    state.nominationId = form.data.nominationId
  })

  test('a union representative sees the quota, nominates a worker, and the worker claims the invitation', async (t) => {
    if (!ready(t, 'represent')) return
    phoneOf('rep-haizhou', server.base)
    let opened = loadPage('pages/representative/index', {})
    await opened.ready
    const rep = opened.page
    assert.equal(rep.data.status, 'ready', rep.data.errorMessage)
    assert.equal(rep.data.org.name, '海州区总工会')
    assert.equal(rep.data.org.quota, 15)
    assert.equal(rep.data.canNominate, true)
    opened = loadPage('pages/nominate/index', { org: String(rep.data.org.id) })
    await opened.ready
    const form = opened.page
    form.setField('name', '赵立新')
    form.setField('trade', '电工')
    assert.equal(await form.flushSave(), true, JSON.stringify(form.data.errors) + form.data.formError)
    form.onUnload()
    await rep.loadLists()
    const listed = rep.data.nominations.find((n) => n.id === form.data.nominationId)
    assert.equal(listed.name, '赵立新')
    const code = await rep.onInvite({ currentTarget: { dataset: { id: listed.id } } })
    assert.ok(code)

    phoneOf('e2e-invited', server.base)
    opened = loadPage('pages/invitation/index', { code: encodeURIComponent(code) })
    await opened.ready
    assert.equal(opened.page.data.nomination && opened.page.data.nomination.id, listed.id, opened.page.data.error)
    opened = loadPage('pages/nominate/index', { id: String(listed.id) })
    await opened.ready
    assert.equal(opened.page.data.form.name, '赵立新', 'the worker sees the data to check')
    assert.equal(opened.page.data.editable, true)
    opened.page.onUnload()
  })

  test('anyone browses the nominees and opens one; likes are closed before the promotion stage', async (t) => {
    if (!ready(t, 'browse')) return
    const browser = phoneOf('e2e-browser', server.base)
    let opened = loadPage('pages/index/index', {})
    await opened.ready
    assert.equal(opened.page.data.status, 'ready', opened.page.data.errorMessage)
    assert.equal(opened.page.data.stageText, '当前阶段：推荐申报')
    opened = loadPage('pages/nominees/index', {})
    await opened.ready
    const list = opened.page
    assert.equal(list.data.status, 'ready', list.data.errorMessage)
    assert.ok(list.data.total > 0, 'the demo holds nominees')
    await list.onSort({ currentTarget: { dataset: { sort: 'newest' } } })
    assert.equal(list.data.status, 'ready', list.data.errorMessage)
    // Cards carry one thumbnail and never the story or deeds; a page of 20 stays small for a phone.
    const card = list.data.items[0]
    assert.match(card.cover, /\/api\/v1\/files\/\d+\/thumb\/[0-9a-f]{16}\.jpg$/)
    assert.ok(!('story' in card) && !('deeds' in card) && !('photos' in card), Object.keys(card).join(','))
    const twenty = await browser.api.get('/nominees', { query: { per_page: 20 } })
    assert.ok(Buffer.byteLength(JSON.stringify(twenty)) < 24 * 1024, 'a page of 20 cards is under 24 KB')
    opened = loadPage('pages/nominee/index', { id: String(card.id) })
    await opened.ready
    assert.equal(opened.page.data.status, 'ready', opened.page.data.errorMessage)
    assert.equal(opened.page.data.nominee.name, card.name)
    assert.equal(opened.page.data.likeState, 'closed')
    // The page shows the full public profile, its photos in the display size, which the server serves.
    const nominee = opened.page.data.nominee
    assert.ok(nominee.deeds && nominee.photoUrls.length > 0, JSON.stringify(nominee).slice(0, 200))
    assert.ok(nominee.photoUrls.every((url) => /\/display\/[0-9a-f]{16}\.jpg$/.test(url)), nominee.photoUrls.join(' '))
    const photo = await fetch(nominee.photoUrls[0])
    assert.equal(photo.status, 200)
    assert.equal(photo.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  })

  test('the worker shows the QR, the employer scans it and confirms', async (t) => {
    if (!ready(t, 'endorse', 'nominationId')) return
    phoneOf('e2e-worker', server.base)
    let opened = loadPage('pages/my-nominations/index', {})
    await opened.ready
    const mine = opened.page
    const index = mine.data.items.findIndex((n) => n.id === state.nominationId)
    assert.equal(await mine.onShowQr({ currentTarget: { dataset: { index } } }), true, JSON.stringify(mine.data.items[index].qr))
    assert.ok(mine.data.items[index].qr.expiresText, 'the expiry is shown')
    const scanned = decodeQr(mine.data.items[index].qr.src)
    const query = /^https?:/.test(scanned) ? { q: encodeURIComponent(scanned) } : { scene: encodeURIComponent(/scene=([^&]+)/.exec(scanned)[1]) }

    // The employer's verified representative sees the request waiting, scans the code and confirms.
    phoneOf('rep-cnc', server.base)
    opened = loadPage('pages/representative/index', {})
    await opened.ready
    assert.equal(opened.page.data.status, 'ready', opened.page.data.errorMessage)
    const request = opened.page.data.requests.find((r) => r.id === state.nominationId)
    assert.ok(request && request.waiting, JSON.stringify(opened.page.data.requests))
    opened = loadPage('pages/endorse/index', query)
    await opened.ready
    const endorse = opened.page
    assert.equal(endorse.data.status, 'ready', endorse.data.errorMessage)
    assert.equal(endorse.data.summary.nominee.name, WORKER_FORM.name)
    assert.equal(endorse.data.direct, true)
    endorse.onInput({ currentTarget: { dataset: { field: 'comment' } }, detail: { value: '该同志技术过硬，同意推荐' } })
    assert.equal(await endorse.onSubmit(), true)

    // The worker sees it endorsed.
    phoneOf('e2e-worker', server.base)
    opened = loadPage('pages/my-nominations/index', {})
    await opened.ready
    assert.equal(opened.page.data.items.find((n) => n.id === state.nominationId).status, 'endorsed')
    state.endorsed = true
  })

  test('in the promotion stage a member of the public likes a finalist', async (t) => {
    if (!ready(t, 'like')) return
    server.flask('seed-demo', '--stage', 'promotion')
    const citizen = phoneOf('e2e-public', server.base)
    let opened = loadPage('pages/nominees/index', {})
    await opened.ready
    const list = opened.page
    assert.equal(list.data.status, 'ready', list.data.errorMessage)
    const target = list.data.items[0]
    opened = loadPage('pages/nominee/index', { id: String(target.id) })
    await opened.ready
    const detail = opened.page
    assert.equal(detail.data.likeState, 'ready', detail.data.likeHint)
    const before = detail.data.nominee.likes
    const liked = await detail.onLike()
    assert.ok(liked, detail.data.likeHint)
    assert.equal(detail.data.nominee.likes, before + 1)
    assert.equal(detail.data.likeState, 'liked')
    await assert.rejects(citizen.api.post('/nominees/' + target.id + '/like', null, { idempotent: true }), { code: 'already_liked_today' })
    opened = loadPage('pages/nominee/index', { id: String(target.id) })
    await opened.ready
    assert.equal(opened.page.data.likeState, 'liked', 'reopened, the page knows it was liked today')
    assert.equal(opened.page.data.nominee.likes, before + 1)
  })

  test('in the promotion stage the public reads the promotion feed, an article and a nominee\'s reports', async (t) => {
    if (!ready(t, 'read')) return
    server.flask('seed-demo', '--stage', 'promotion') // idempotent: the demo's articles are published once
    phoneOf('e2e-reader', server.base)
    let opened = loadPage('pages/articles/index', {})
    await opened.ready
    const feed = opened.page
    assert.equal(feed.data.status, 'ready', feed.data.errorMessage)
    assert.equal(feed.data.items.length, 3, 'the published ones; the scheduled one waits for its time')
    const first = feed.data.items[0]
    assert.ok(first.thumbnail && first.dateText && first.nominee_name)
    opened = loadPage('pages/article/index', { id: String(first.id) })
    await opened.ready
    assert.equal(opened.page.data.status, 'ready', opened.page.data.errorMessage)
    assert.match(opened.page.data.nodes, /^<h2 style=/)
    assert.ok(opened.page.data.article.cover)
    opened = loadPage('pages/articles/index', { nominee_id: String(first.nominee_id) })
    await opened.ready
    assert.deepEqual(opened.page.data.items.map((a) => a.id), [first.id])
  })

  // Where the last tap led: the page behind wx.navigateTo's url, loaded with its query.
  function followTap (wx) {
    const call = wx.calls.filter((c) => c.name === 'navigateTo').pop()
    assert.ok(call, 'the tap navigated')
    const [route, search] = call.args.url.replace(/^\//, '').split('?')
    return loadPage(route, Object.fromEntries(new URLSearchParams(search || '')))
  }

  test('a member of the public follows the campaign from the home page: a nominee, a like, the leaderboard, an article, the results', async (t) => {
    if (!ready(t, 'follow')) return
    server.flask('seed-demo', '--stage', 'promotion')
    const { wx } = phoneOf('e2e-follower', server.base)
    const home = loadPage('pages/index/index', {})
    await home.ready
    assert.equal(home.page.data.status, 'ready', home.page.data.errorMessage)
    assert.equal(home.page.data.stageKey, 'promotion')
    assert.ok(home.page.data.totals.nominees >= 50, JSON.stringify(home.page.data.totals))
    assert.equal(home.page.data.leaders.length, 5, 'the top five under the totals')

    // 为工匠点赞 → the finalists → one of them.
    const likeAction = home.page.data.actions.find((a) => a.title === '为工匠点赞')
    home.page.go({ currentTarget: { dataset: { url: likeAction.url } } })
    const list = followTap(wx)
    await list.ready
    assert.equal(list.page.data.status, 'ready', list.page.data.errorMessage)
    const target = list.page.data.items[list.page.data.items.length - 1]
    list.page.onOpen({ detail: { id: target.id } })
    const detail = followTap(wx)
    await detail.ready
    assert.equal(detail.page.data.likeState, 'ready', detail.page.data.likeHint)
    const before = detail.page.data.nominee.likes
    assert.ok(await detail.page.onLike(), detail.page.data.likeHint)
    assert.equal(detail.page.data.nominee.likes, before + 1)

    // Back home → 点赞排行: my like is marked, equal counts share a place.
    home.page.onEntry({ currentTarget: { dataset: { key: 'leaderboard', url: '/pages/leaderboard/index' } } })
    const board = followTap(wx)
    await board.ready
    const rows = board.page.data.items
    assert.ok(rows.length >= 20, 'a full page of the ranking')
    let mine = rows.find((row) => row.id === target.id)
    for (let more = 0; !mine && board.page.data.hasMore && more < 5; more++) {
      await board.page.onReachBottom()
      mine = board.page.data.items.find((row) => row.id === target.id)
    }
    assert.ok(mine && mine.liked, 'the nominee I liked is marked')
    assert.equal(mine.likes, before + 1)
    board.page.data.items.forEach((row, index, all) => {
      const expected = index && all[index - 1].likes === row.likes ? all[index - 1].rank : index + 1
      assert.equal(row.rank, expected, 'place of ' + row.name)
    })

    // Home → 技能推介 → an article.
    home.page.onEntry({ currentTarget: { dataset: { key: 'articles', url: '/pages/articles/index' } } })
    const feed = followTap(wx)
    await feed.ready
    assert.equal(feed.page.data.status, 'ready', feed.page.data.errorMessage)
    feed.page.onOpen({ currentTarget: { dataset: { id: feed.page.data.items[0].id } } })
    const article = followTap(wx)
    await article.ready
    assert.equal(article.page.data.status, 'ready', article.page.data.errorMessage)

    // The evaluation stage: the home offers 查看公示, which shows 10 + 40 names.
    server.flask('seed-demo', '--stage', 'evaluation')
    const later = loadPage('pages/index/index', {})
    await later.ready
    const notice = later.page.data.actions.find((a) => a.title === '查看公示')
    assert.ok(notice, JSON.stringify(later.page.data.actions))
    later.page.go({ currentTarget: { dataset: { url: notice.url } } })
    const results = followTap(wx)
    await results.ready
    assert.equal(results.page.data.status, 'ready', results.page.data.errorMessage)
    assert.equal(results.page.data.result.top_winners.length, 10)
    assert.equal(results.page.data.result.winners.length, 40)
  })
})
