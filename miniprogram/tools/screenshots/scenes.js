// The pages in their main states, by campaign stage (the demo server is switched forward through the
// stages in this order). A scene: name (the PNG's), route, user (dev-<user> logs in; "shots-public"
// by default; or async (ctx) → user), query or prepare(ctx) → query, act(page, ctx) for taps after
// loading, offline, dialog (draw the last modal or toast).
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { PNG } = require('pngjs')
const jsQR = require('jsqr')

const STAGES = ['nomination', 'promotion', 'evaluation', 'commendation']

const NOBODY = 'shots-nobody' // a new user: no nominations, no organization
const step = (index) => (page) => page.goStep(index)

async function firstNominee (ctx, query = {}) {
  const list = await ctx.api().get('/nominees', { query: Object.assign({ per_page: 5 }, query) })
  if (!list.items.length) throw new Error('the demo server lists no nominees')
  return list.items[0]
}

async function firstArticle (ctx) {
  const list = await ctx.api().get('/articles', { query: { per_page: 1 } })
  return list.items[0] ? { id: String(list.items[0].id) } : { id: '999999' }
}

// A demo self-nominated worker (dev-workerNN) whose nomination has one of `statuses` now, or null;
// remembered until the stage changes.
async function workerWith (ctx, ...statuses) {
  const key = statuses.join('|')
  ctx.workers = ctx.workers || {}
  if (key in ctx.workers) return ctx.workers[key]
  ctx.workers[key] = null
  for (let index = 63; index >= 44 && !ctx.workers[key]; index--) {
    const user = 'worker' + String(index).padStart(2, '0')
    try {
      const mine = await ctx.api(user).get('/me/nominations', { auth: 'required' })
      const item = (mine.items || []).find((n) => statuses.includes(n.status))
      if (item) ctx.workers[key] = { user, id: item.id }
    } catch (e) { /* not a demo worker */ }
  }
  return ctx.workers[key]
}

const workerUser = (...statuses) => async (ctx) => ((await workerWith(ctx, ...statuses)) || { user: NOBODY }).user

// The code in the endorsement QR a waiting worker shows (a new one each time), as the scanner reads it.
async function endorsementQuery (ctx) {
  const worker = await workerWith(ctx, 'awaiting_endorsement')
  if (!worker) throw new Error('the demo has no self-nomination awaiting endorsement')
  const image = await ctx.api(worker.user).fetchImage('/nominations/' + worker.id + '/endorsement-qr')
  const png = PNG.sync.read(Buffer.from(image.src.split(',')[1], 'base64'))
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (!found) throw new Error('the endorsement QR does not decode')
  return /^https?:/.test(found.data) ? { q: encodeURIComponent(found.data) } : { scene: encodeURIComponent(/scene=([^&]+)/.exec(found.data)[1]) }
}

// An invitation code from a union's representative for one of its nominations not yet claimed.
async function invitationQuery (ctx) {
  const api = ctx.api('rep-haizhou')
  const orgs = await api.get('/organizations/mine', { auth: 'required' })
  const list = await api.get('/organizations/' + orgs.items[0].id + '/nominations')
  const open = (list.items || []).find((n) => n.nominee_claimed === false)
  if (!open) throw new Error('海州区总工会 has no unclaimed nomination to invite for')
  const invitation = await api.post('/nominations/' + open.id + '/invitation', {})
  return { code: encodeURIComponent(invitation.code) }
}

// An organizer's invitation for a new representative of 海州区总工会 (what its QR opens).
async function joinQuery (ctx) {
  const orgs = await ctx.api('rep-haizhou').get('/organizations/mine', { auth: 'required' })
  const invitation = await ctx.api('organizer').post('/organizations/' + orgs.items[0].id + '/representative-invitations', {})
  return { token: encodeURIComponent(invitation.token) }
}

// A code the server refuses as the scanner would meet it: the worker's QR read twice (the first one is
// then revoked).
async function endorsementCode (ctx, worker) {
  const image = await ctx.api(worker.user).fetchImage('/nominations/' + worker.id + '/endorsement-qr')
  const png = PNG.sync.read(Buffer.from(image.src.split(',')[1], 'base64'))
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (!found) throw new Error('the endorsement QR does not decode')
  return /^https?:/.test(found.data) ? /[?&]token=([^&]+)/.exec(found.data)[1] : decodeURIComponent(/scene=([^&]+)/.exec(found.data)[1])
}

async function revokedEndorsementQuery (ctx) {
  const worker = await workerWith(ctx, 'awaiting_endorsement')
  if (!worker) throw new Error('the demo has no self-nomination awaiting endorsement')
  const first = await endorsementCode(ctx, worker)
  await endorsementCode(ctx, worker) // a new code: the first stops working
  return { token: first }
}

// An invitation for a nominated worker, replaced by a newer one (what a worker holding the old code meets).
async function revokedInvitationQuery (ctx) {
  const first = await invitationQuery(ctx)
  await invitationQuery(ctx)
  return first
}

async function revokedJoinQuery (ctx) {
  const first = await joinQuery(ctx)
  await joinQuery(ctx)
  return first
}

const FILLED = { name: '吴海涛', gender: '男', mobile: '13961234567', district: '海州区', employer_name: '连云港海缘数控机床有限公司', post: '数控车间主任', trade: '数控车工', skill_level: '高级技师' }

// A photo as a phone's album gives it (a PNG on disk with a colour wash, so that the tile is not blank).
function albumPhoto (name, [r, g, b]) {
  const png = new PNG({ width: 300, height: 400 })
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4
      const shade = 0.6 + 0.4 * (y / png.height)
      png.data[i] = Math.round(r * shade); png.data[i + 1] = Math.round(g * shade); png.data[i + 2] = Math.round(b * shade); png.data[i + 3] = 255
    }
  }
  const file = path.join(os.tmpdir(), 'shots-' + process.pid + '-' + name + '.png')
  fs.writeFileSync(file, PNG.sync.write(png))
  return [{ tempFilePath: file, size: fs.statSync(file).size }]
}

// The photos step with the ID photo (1 of 1) and both work photos (2 of 2) uploaded: no 添加 tile left there.
async function photosAtLimit (page) {
  wx.answers.chooseMedia.push(albumPhoto('id', [70, 110, 160]), albumPhoto('work1', [160, 110, 60]).concat(albumPhoto('work2', [90, 140, 90])))
  await page.onAddFile({ currentTarget: { dataset: { kind: 'id_photo' } } })
  await page.onAddFile({ currentTarget: { dataset: { kind: 'work_photo' } } })
  page.goStep(4)
}

// Part of the form filled and saved, then the confirm step: the summary and what is still missing.
async function confirmWithMissing (page) {
  Object.keys(FILLED).forEach((field) => page.setField(field, FILLED[field]))
  await page.flushSave()
  page.goStep(5)
}

const SCENES = [
  // The nomination stage: nominations open, likes closed.
  { stage: 'nomination', name: 'index', route: 'pages/index/index' },
  { stage: 'nomination', name: 'index-offline', route: 'pages/index/index', offline: true },
  { stage: 'nomination', name: 'nominees', route: 'pages/nominees/index' },
  { stage: 'nomination', name: 'nominees-search-empty', route: 'pages/nominees/index', query: { q: '查无此人' } },
  { stage: 'nomination', name: 'nominee', route: 'pages/nominee/index', prepare: async (ctx) => ({ id: String((await firstNominee(ctx)).id) }) },
  { stage: 'nomination', name: 'nominee-missing', route: 'pages/nominee/index', query: { id: '999999' } },
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ stage: 'nomination', name: 'nominate-step' + n, route: 'pages/nominate/index', user: 'shots-new-worker', act: step(n - 1) })),
  {
    stage: 'nomination', name: 'nominate-filled', route: 'pages/nominate/index', user: 'shots-filling-worker',
    act: (page) => {
      Object.keys(FILLED).forEach((field) => page.setField(field, FILLED[field]))
      return page.flushSave() // the draft saved, as after the form's pause
    }
  },
  { stage: 'nomination', name: 'nominate-confirm-missing', route: 'pages/nominate/index', user: 'shots-filling-worker', act: confirmWithMissing },
  { stage: 'nomination', name: 'nominate-photos-full', route: 'pages/nominate/index', user: 'shots-photo-worker', act: photosAtLimit },
  { stage: 'nomination', name: 'my-nominations-empty', route: 'pages/my-nominations/index', user: NOBODY },
  {
    stage: 'nomination', name: 'my-nominations-qr', route: 'pages/my-nominations/index',
    user: workerUser('awaiting_endorsement'),
    act: (page) => {
      const index = page.data.items.findIndex((n) => n.awaitingEndorsement)
      return index >= 0 ? page.onShowQr({ currentTarget: { dataset: { index } } }) : null
    }
  },
  { stage: 'nomination', name: 'endorse', route: 'pages/endorse/index', user: 'rep-cnc', prepare: endorsementQuery },
  { stage: 'nomination', name: 'endorse-invalid-code', route: 'pages/endorse/index', user: 'rep-cnc', query: { scene: 'not-a-code' } },
  { stage: 'nomination', name: 'representative', route: 'pages/representative/index', user: 'rep-haizhou' },
  {
    stage: 'nomination', name: 'representative-invite', route: 'pages/representative/index', user: 'rep-haizhou', dialog: true,
    act: (page) => page.data.nominations[0] && page.onInvite({ currentTarget: { dataset: { id: page.data.nominations[0].id } } })
  },
  { stage: 'nomination', name: 'representative-join', route: 'pages/representative/join', user: 'shots-new-rep', prepare: joinQuery },
  { stage: 'nomination', name: 'representative-join-invalid', route: 'pages/representative/join', user: 'shots-new-rep', query: { token: 'not-a-token' } },
  { stage: 'nomination', name: 'representative-employer', route: 'pages/representative/index', user: 'rep-cnc' },
  { stage: 'nomination', name: 'representative-none', route: 'pages/representative/index', user: NOBODY },
  { stage: 'nomination', name: 'invitation', route: 'pages/invitation/index', user: 'shots-invited', prepare: invitationQuery },
  { stage: 'nomination', name: 'invitation-invalid', route: 'pages/invitation/index', user: NOBODY, query: { code: 'WRONG-CODE' } },
  { stage: 'nomination', name: 'recommend', route: 'pages/recommend/index', user: 'carol' },
  { stage: 'nomination', name: 'me', route: 'pages/me/index', user: 'alice' },
  { stage: 'nomination', name: 'articles-nomination', route: 'pages/articles/index' },
  { stage: 'nomination', name: 'results-nomination', route: 'pages/results/index' },
  { stage: 'nomination', name: 'honour-roll', route: 'pages/honour-roll/index' },
  { stage: 'nomination', name: 'notices-empty', route: 'pages/notices/index' },
  { stage: 'nomination', name: 'notice-missing', route: 'pages/notice/index', query: { id: '999999' } },
  // Dead ends that say what happened and what to do (issue 19).
  { stage: 'nomination', name: 'endorse-revoked', route: 'pages/endorse/index', user: 'rep-cnc', prepare: revokedEndorsementQuery },
  { stage: 'nomination', name: 'endorse-missing-code', route: 'pages/endorse/index', user: 'rep-cnc' },
  { stage: 'nomination', name: 'representative-association', route: 'pages/representative/index', user: 'rep-machinery' },
  { stage: 'nomination', name: 'representative-join-revoked', route: 'pages/representative/join', user: 'shots-new-rep', prepare: revokedJoinQuery },
  { stage: 'nomination', name: 'invitation-revoked', route: 'pages/invitation/index', user: 'shots-invited-late', prepare: revokedInvitationQuery },
  { stage: 'nomination', name: 'objection-before', route: 'pages/objection/index', user: 'bob' },
  { stage: 'nomination', name: 'index-representative', route: 'pages/index/index', user: 'rep-haizhou' },
  { stage: 'nomination', name: 'leaderboard-nomination', route: 'pages/leaderboard/index' },
  // The promotion stage: 50 finalists, likes open, the articles out.
  { stage: 'promotion', name: 'index-promotion', route: 'pages/index/index' },
  { stage: 'promotion', name: 'nominees-promotion', route: 'pages/nominees/index' },
  { stage: 'promotion', name: 'nominee-promotion', route: 'pages/nominee/index', prepare: async (ctx) => ({ id: String((await firstNominee(ctx, { sort: 'likes' })).id) }) },
  {
    stage: 'promotion', name: 'nominee-not-finalist', route: 'pages/nominee/index',
    prepare: async (ctx) => {
      const list = await ctx.api().get('/nominees', { query: { per_page: 100 } })
      const other = list.items.find((n) => n.status !== 'finalist')
      if (!other) throw new Error('the demo lists no public nominee outside the finalists in promotion')
      return { id: String(other.id) }
    }
  },
  { stage: 'promotion', name: 'nominee-poster', route: 'pages/nominee/index', prepare: async (ctx) => ({ id: String((await firstNominee(ctx, { sort: 'likes', stage: 'finalist' })).id) }), act: (page) => page.onPoster() },
  { stage: 'promotion', name: 'my-nominations-finalist', route: 'pages/my-nominations/index', user: workerUser('finalist') },
  { stage: 'promotion', name: 'my-nominations-empty-promotion', route: 'pages/my-nominations/index', user: NOBODY },
  { stage: 'promotion', name: 'articles', route: 'pages/articles/index' },
  { stage: 'promotion', name: 'article', route: 'pages/article/index', prepare: firstArticle },
  { stage: 'promotion', name: 'recommend-closed', route: 'pages/recommend/index', user: 'carol' },
  { stage: 'promotion', name: 'article-missing', route: 'pages/article/index', query: { id: '999999' } },
  { stage: 'promotion', name: 'leaderboard', route: 'pages/leaderboard/index', user: 'shots-fan0' },
  // The evaluation stage: the results on public notice, objections open.
  { stage: 'evaluation', name: 'index-evaluation', route: 'pages/index/index' },
  { stage: 'evaluation', name: 'results', route: 'pages/results/index' },
  { stage: 'evaluation', name: 'nominees-evaluation', route: 'pages/nominees/index' },
  { stage: 'evaluation', name: 'objection', route: 'pages/objection/index', user: 'bob' },
  // The commendation stage: the awards recorded.
  { stage: 'commendation', name: 'results-commendation', route: 'pages/results/index' },
  { stage: 'commendation', name: 'nominees-commendation', route: 'pages/nominees/index' },
  { stage: 'commendation', name: 'nominee-top-winner', route: 'pages/nominee/index', prepare: async (ctx) => ({ id: String((await firstNominee(ctx, { stage: 'top_winner' })).id) }) },
  { stage: 'commendation', name: 'my-nominations-winner', route: 'pages/my-nominations/index', user: workerUser('top_winner', 'winner') },
  { stage: 'commendation', name: 'my-nominations-empty-commendation', route: 'pages/my-nominations/index', user: NOBODY },
  { stage: 'commendation', name: 'honour-roll-commendation', route: 'pages/honour-roll/index' },
  { stage: 'commendation', name: 'index-commendation', route: 'pages/index/index' },
  { stage: 'commendation', name: 'leaderboard-commendation', route: 'pages/leaderboard/index' }
]

// What happens on the server once a stage is switched on, before its scenes: in the promotion stage
// six members of the public like the first finalists (6, 5, 4 … likes), so that counts and ranks show.
const STAGE_SETUP = {
  async promotion (ctx) {
    const list = await ctx.api().get('/nominees', { query: { per_page: 6, stage: 'finalist' } })
    for (let fan = 0; fan < list.items.length; fan++) {
      const api = ctx.api('shots-fan' + fan)
      for (const nominee of list.items.slice(0, list.items.length - fan)) {
        await api.post('/nominees/' + nominee.id + '/like', null, { idempotent: true })
      }
    }
  }
}

module.exports = { SCENES, STAGES, STAGE_SETUP }
