// Dead ends: a refusal that a retry cannot change says what happened and offers a way forward (state-view's
// "final" view) — invalid representative invitations, a missing notice or article; the representative's
// empty state; the closed 推荐 page; the closed objection form.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')

function fakeServer (loginCode = 'dev-tester') {
  const { wx } = setup({ loginCode: () => loginCode })
  const server = createFakeServer(wx).acceptLogins()
  return { wx, server }
}

const INVITATION = { organization: { id: 31, name: '连云港海缘数控机床有限公司', kind: 'employer', kind_label: '用人单位' }, expires_at: '2019-05-17T00:00:00Z', already_representative: false }

for (const [status, code, title, action] of [[404, 'token_invalid', '邀请二维码无效', '重新扫码'], [410, 'token_expired', '邀请二维码已过期', undefined],
  [410, 'token_revoked', '邀请二维码已作废', '扫描新的二维码'], [409, 'token_used', '邀请二维码已使用', '查看我代表的单位']]) {
  test('join: a ' + code + ' invitation says what happened and what to do, without 重试', async () => {
    const { server } = fakeServer()
    server.on('GET', '/api/v1/representative-invitations/:token', () => apiError(status, code, '服务器的说明'))
    const { page, ready } = loadPage('pages/representative/join', { token: 'BAD' })
    await ready
    assert.deepEqual([page.data.status, page.data.final.title, page.data.final.action, page.data.final.home], ['final', title, action, true])
    assert.match(page.data.final.message, /市总工会/)
  })
}

test('join: after an invalid code, 重新扫码 reads the organizer\'s QR here; a used one leads to the representative page', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/representative-invitations/:token', (r) => r.params.token === 'JOIN1' ? INVITATION : apiError(404, 'token_invalid', '无效'))
  const { page, ready } = loadPage('pages/representative/join', { token: 'not-a-token' })
  await ready
  wx.answers.scanCode.push({ path: 'pages/endorse/index?scene=TOKEN123' })
  assert.equal(await page.onFinalAction(), false)
  assert.match(wx.callsOf('showToast').pop().title, /这不是单位代表邀请二维码/)
  wx.answers.scanCode.push({ scanType: 'WX_CODE', path: 'pages/representative/join?scene=JOIN1' })
  assert.equal(await page.onFinalAction(), true)
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.invitation.organization.name, '连云港海缘数控机床有限公司')

  server.on('POST', '/api/v1/representative-invitations/:token', () => apiError(409, 'token_used', '已使用'))
  assert.equal(await page.onAccept(), false)
  assert.equal(page.data.final.key, 'representative')
  assert.equal(await page.onFinalAction(), true)
  assert.equal(wx.callsOf('redirectTo').pop().url, '/pages/representative/index')
})

test('join: opened without a code, it says so and offers to scan', async () => {
  fakeServer()
  const { page, ready } = loadPage('pages/representative/join', {})
  await ready
  assert.deepEqual([page.data.status, page.data.final.title, page.data.final.action], ['final', '没有读到邀请二维码', '扫码'])
})

// The page as WeChat draws it (its WXML with the app's components), with the fake server's answers.
async function rendered (route, query) {
  const { openPage } = require('../tools/screenshots/load-page')
  const opened = await openPage(route, query)
  const { settle } = require('./support/harness')
  await settle()
  const text = opened.rendered.dom.textContent.replace(/\s+/g, ' ').trim()
  const data = opened.page.data
  opened.close()
  return { text, data }
}

const REQUEST = { id: 3, nominee: { name: '王晓燕', trade: '数控车工' }, status: 'awaiting_endorsement', status_label: '待单位认可', waiting: true, created_at: '2019-05-02T01:00:00Z', endorsement: null }
const NOMINATION = { id: 9, name: '赵师傅', trade: '钳工', status: 'submitted', status_label: '已提交', updated_at: '2019-05-02T01:00:00Z' }

function organizationServer (org) {
  const { wx, server } = fakeServer('dev-rep')
  server.on('GET', '/api/v1/organizations/mine', () => ({ items: [org] }))
  server.on('GET', '/api/v1/organizations/:id/nominations', () => ({ items: [NOMINATION] }))
  server.on('GET', '/api/v1/organizations/:id/endorsement-requests', () => ({ items: [REQUEST] }))
  return { wx, server }
}

test('representative: an employer sees its endorsement requests and how to handle them, no quota and no 本单位推荐', async () => {
  const { server } = organizationServer({ id: 31, name: '连云港海缘数控机床有限公司', kind: 'employer', kind_label: '用人单位', quota: null, used: 0, left: null, drafts: 0, can_nominate: false, nominates: false, endorses: true })
  const { text, data } = await rendered('pages/representative/index', {})
  assert.equal(data.status, 'ready')
  assert.match(text, /认可请求.*王晓燕.*待单位认可/)
  assert.match(text, /需由本单位代表扫码认可/)
  assert.doesNotMatch(text, /本单位推荐|推荐名额|推荐职工/)
  assert.equal(server.requests('GET', '/api/v1/organizations/31/nominations').length, 0, 'an employer has no nominations to list')
})

test('representative: a union sees its quota and nominations, no endorsement requests', async () => {
  const { server } = organizationServer({ id: 1, name: '海州区总工会', kind: 'county_union', kind_label: '县区总工会', quota: 15, used: 3, left: 12, drafts: 0, can_nominate: true, nominates: true, endorses: false })
  const { text } = await rendered('pages/representative/index', {})
  assert.match(text, /推荐名额.*推荐职工.*本单位推荐.*赵师傅/)
  assert.doesNotMatch(text, /认可请求|王晓燕/)
  assert.equal(server.requests('GET', '/api/v1/organizations/1/endorsement-requests').length, 0)
})

test('representative: an association both nominates and endorses', async () => {
  organizationServer({ id: 5, name: '市机械制造行业协会', kind: 'association', kind_label: '行业协会（商会）', quota: 5, used: 1, left: 4, drafts: 0, can_nominate: true, nominates: true, endorses: true })
  const { text } = await rendered('pages/representative/index', {})
  assert.match(text, /推荐名额.*认可请求.*王晓燕.*本单位推荐.*赵师傅/)
})

test('representative: someone who represents nothing is told where the invitation QR comes from and can scan it', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/organizations/mine', () => ({ items: [] }))
  const { text, data } = await rendered('pages/representative/index', {})
  assert.equal(data.status, 'empty')
  assert.match(text, /您还不是任何单位的代表.*市总工会.*单位代表邀请二维码.*扫描邀请二维码/)

  const { page, ready } = loadPage('pages/representative/index', {})
  await ready
  wx.answers.scanCode.push({ result: 'https://gcgj.example.cn/mp/endorse?token=TOKEN123' })
  assert.equal(await page.onScanInvitation(), false)
  assert.match(wx.callsOf('showToast').pop().title, /这不是单位代表邀请二维码/)
  assert.equal(await page.onScanInvitation(), false, 'the camera closed')
  wx.answers.scanCode.push({ scanType: 'WX_CODE', path: 'pages/representative/join?scene=JOIN1' })
  assert.equal(await page.onScanInvitation(), true)
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/representative/join?token=JOIN1')
  wx.answers.scanCode.push({ scanType: 'QR_CODE', result: 'https://gcgj.example.cn/mp/representative?token=JOIN2' })
  assert.equal(await page.onScanInvitation(), true)
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/representative/join?token=JOIN2')
})

function current (stageKey, statuses) {
  const rows = [['nomination', '推荐申报', '2019-04-23', '2019-05-31', true], ['review', '考察审核', '2019-06-01', '2019-07-14', false],
    ['promotion', '技能推介', '2019-07-15', '2019-09-30', false]]
  const timeline = rows.map(([key, name, starts, ends, recommendations], i) => ({ key, name, starts_on: starts, ends_on: ends, status: statuses[i], switches: { recommendations, nominations: recommendations, likes: key === 'promotion' } }))
  const stage = timeline.find((row) => row.key === stageKey) || null
  return { campaign: { id: 1, year: 2019 }, stage, phase: stage ? 'in_stage' : 'before', open: { recommendations: stageKey === 'nomination', nominations: stageKey === 'nomination', likes: stageKey === 'promotion' }, timeline }
}

test('recommend: closed after the nomination stage, it says when it was open and leads to 工匠风采 and home', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/campaigns/current', () => current('promotion', ['done', 'done', 'current']))
  const { text, data } = await rendered('pages/recommend/index', {})
  assert.equal(data.closed.title, '本届推荐线索征集已结束')
  assert.match(text, /本届推荐线索征集已结束.*“推荐申报”阶段（2019年4月23日 — 2019年5月31日）开放，现已结束。现在是“技能推介”阶段。.*看看工匠风采.*返回首页/)
  assert.doesNotMatch(text, /工匠姓名|提交推荐/)

  const { page, ready } = loadPage('pages/recommend/index', {})
  await ready
  page.onNominees()
  page.onHome()
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/nominees/index')
  assert.equal(wx.callsOf('reLaunch').pop().url, '/pages/index/index')
})

test('recommend: before the nomination stage it says when it will open; while open, the form and no closed notice', async () => {
  const { server } = fakeServer()
  server.on('GET', '/api/v1/campaigns/current', () => current(null, ['upcoming', 'upcoming', 'upcoming']))
  let shown = await rendered('pages/recommend/index', {})
  assert.match(shown.text, /推荐线索征集尚未开始.*将在“推荐申报”阶段（2019年4月23日 — 2019年5月31日）开放/)
  server.on('GET', '/api/v1/campaigns/current', () => current('nomination', ['current', 'upcoming', 'upcoming']))
  shown = await rendered('pages/recommend/index', {})
  assert.equal(shown.data.closed, null)
  assert.match(shown.text, /工匠姓名.*提交推荐/)
  assert.doesNotMatch(shown.text, /征集/)
})

for (const [status, code, says] of [[410, 'invitation_revoked', /已作废.*请向推荐单位索取最新的邀请码/], [409, 'invitation_used', /已被其他微信账号使用.*联系推荐单位重新生成/],
  [410, 'invitation_expired', /已过期，请联系推荐单位重新生成/]]) {
  test('invitation: a code that is ' + code.replace('invitation_', '') + ' says what to do instead of retyping it', async () => {
    const { server } = fakeServer()
    server.on('POST', '/api/v1/invitations/claim', () => apiError(status, code, '服务器的说明'))
    const { text, data } = await rendered('pages/invitation/index', { code: 'ABCD2345' })
    assert.equal(data.status, 'ready')
    assert.match(data.error, says)
    assert.match(text, says)
    assert.doesNotMatch(text, /重试/)
  })
}

test('invitation: the form says where the code comes from', async () => {
  fakeServer()
  const { text } = await rendered('pages/invitation/index', {})
  assert.match(text, /邀请码.*由推荐您的单位工会、行业协会或市总工会生成并告诉您/)
})

const RESULTS = { campaign_year: 2019, published: true, state: 'open', state_label: '公示中', starts_on: '2019-10-14', ends_on: '2019-10-18', working_days: 5, top_winners: [{ nomination_id: 1, name: '王建华', employer: '海缘数控', trade: '数控车工', title: '港城十大工匠', promoted: false }], winners: [], changes: [] }

for (const [state, published, title, says] of [['closed', true, '公示期已结束', /已于2019年10月18日结束，不再受理异议/],
  ['upcoming', true, '公示尚未开始', /公示期为2019年10月14日至2019年10月18日，公示开始后可以/], ['unpublished', false, '评选结果尚未公示', /公示后，在公示期内可以/]]) {
  test('objection: ' + state + ', the page says why and when, and leads to the results and home instead of a form', async () => {
    const { wx, server } = fakeServer()
    server.on('GET', '/api/v1/results', () => Object.assign({}, RESULTS, { state, published }))
    const { text } = await rendered('pages/objection/index', {})
    assert.match(text, new RegExp(title + '.*' + says.source + '.*查看评选结果公示.*返回首页'))
    assert.doesNotMatch(text, /提交异议|真实姓名/)
    const { page, ready } = loadPage('pages/objection/index', {})
    await ready
    page.onResults()
    assert.equal(wx.callsOf('redirectTo').pop().url, '/pages/results/index')
  })
}

test('results: before the notice, the empty view says what comes and leads to 工匠风采', async () => {
  const { wx, server } = fakeServer()
  server.on('GET', '/api/v1/results', () => Object.assign({}, RESULTS, { published: false, state: 'unpublished', top_winners: [] }))
  const { text, data } = await rendered('pages/results/index', {})
  assert.equal(data.status, 'empty')
  assert.match(text, /评选结果尚未公示.*确定后会在这里公示.*看看工匠风采.*刷新/)
  const { page, ready } = loadPage('pages/results/index', {})
  await ready
  page.onNominees()
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/nominees/index')
})

test('representative: an employer scans the worker\'s code from its page and lands on the endorsement', async () => {
  const { wx } = organizationServer({ id: 31, name: '连云港海缘数控机床有限公司', kind: 'employer', kind_label: '用人单位', quota: null, used: 0, left: null, drafts: 0, can_nominate: false, nominates: false, endorses: true })
  const { text } = await rendered('pages/representative/index', {})
  assert.match(text, /认可请求.*扫描职工的认可码/)
  const { page, ready } = loadPage('pages/representative/index', {})
  await ready
  wx.answers.scanCode.push({ result: 'https://gcgj.example.cn/mp/representative?token=JOIN1' })
  assert.equal(await page.onScanEndorsement(), false)
  assert.match(wx.callsOf('showToast').pop().title, /这不是认可码/)
  wx.answers.scanCode.push({ scanType: 'WX_CODE', path: 'pages/endorse/index?scene=TOKEN123' })
  assert.equal(await page.onScanEndorsement(), true)
  assert.equal(wx.callsOf('navigateTo').pop().url, '/pages/endorse/index?token=TOKEN123')
})
