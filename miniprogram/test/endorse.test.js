// The endorse page: the token from the scan, the summary, confirm or decline with a comment, the
// unverified path (name, post, photo of the sealed letter), and the answers that end the flow.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { json, apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')

const SUMMARY = {
  nomination_id: 41,
  nominee: { name: '王晓燕', employer_name: '连云港海缘数控机床有限公司', trade: '数控车工', post: '班组长' },
  organization: { id: 31, name: '连云港海缘数控机床有限公司' },
  expires_at: '2019-05-17T08:00:00+00:00'
}

function endorseServer (options = {}) {
  const { wx } = setup({ loginCode: () => 'dev-rep-cnc' })
  const server = createFakeServer(wx).acceptLogins()
  const decisions = []
  server.on('GET', '/api/v1/endorsements/:token', (r) => r.params.token === 'TOKEN123'
    ? Object.assign({}, SUMMARY, { can_endorse_directly: options.direct !== false })
    : apiError(404, 'token_invalid', '认可码无效'))
  server.on('POST', '/api/v1/endorsements/:token/letter', (r) => json(201, { id: 88, kind: 'letter', path: r.filePath }))
  server.on('POST', '/api/v1/endorsements/:token', (r) => { decisions.push(r.body); return { status: 'ok', verified: options.direct !== false } })
  return { wx, server, decisions }
}

test('the token is read from a mini-program code scene, a link, or a plain QR of the link', () => {
  setup()
  const { tokenFrom } = require('../pages/endorse/logic')
  assert.equal(tokenFrom({ scene: encodeURIComponent('TOKEN123') }), 'TOKEN123')
  assert.equal(tokenFrom({ token: 'TOKEN123' }), 'TOKEN123')
  assert.equal(tokenFrom({ q: encodeURIComponent('https://gcgj.example.cn/mp/endorse?token=TOKEN123&x=1') }), 'TOKEN123')
  assert.equal(tokenFrom({}), '')
})

test('a verified representative sees the summary and confirms directly', async () => {
  const { server, decisions } = endorseServer()
  const { page, ready } = loadPage('pages/endorse/index', { scene: 'TOKEN123' })
  await ready
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.summary.nominee.name, '王晓燕')
  assert.equal(page.data.summary.expiresText, '2019年5月17日 16:00', 'shown in China time')
  assert.equal(page.data.direct, true)
  assert.ok(server.requests('GET', '/api/v1/endorsements/TOKEN123')[0].header.Authorization, 'the scanner is logged in first')
  page.onInput({ currentTarget: { dataset: { field: 'comment' } }, detail: { value: '同意推荐' } })
  assert.equal(await page.onSubmit(), true)
  assert.deepEqual(decisions, [{ decision: 'confirm', comment: '同意推荐', nomination_id: 41 }])
  assert.deepEqual(page.data.done, { decision: 'confirm', unverified: false })
})

test('a decline needs a reason, then goes to the server with it', async () => {
  const { decisions } = endorseServer()
  const { page, ready } = loadPage('pages/endorse/index', { token: 'TOKEN123' })
  await ready
  page.onDecision({ currentTarget: { dataset: { decision: 'decline' } } })
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.errors.comment, '不予认可时请说明原因，职工会看到这段说明')
  assert.equal(decisions.length, 0)
  page.onInput({ currentTarget: { dataset: { field: 'comment' } }, detail: { value: '该同志已于去年调离本单位' } })
  assert.equal(await page.onSubmit(), true)
  assert.deepEqual(decisions, [{ decision: 'decline', comment: '该同志已于去年调离本单位', nomination_id: 41 }])
  assert.equal(page.data.done.decision, 'decline')
})

test('someone not verified gives name, post and the sealed letter, recorded as unverified', async () => {
  const { wx, server, decisions } = endorseServer({ direct: false })
  const { page, ready } = loadPage('pages/endorse/index', { scene: 'TOKEN123' })
  await ready
  assert.equal(page.data.direct, false)
  assert.equal(await page.onSubmit(), false)
  assert.deepEqual(Object.keys(page.data.errors).sort(), ['letter', 'signerName', 'signerPost'])

  page.onInput({ currentTarget: { dataset: { field: 'signerName' } }, detail: { value: '刘明' } })
  page.onInput({ currentTarget: { dataset: { field: 'signerPost' } }, detail: { value: '人力资源部部长' } })
  wx.files['wxfile://tmp/letter.jpg'] = { size: 3000000 }
  wx.answers.chooseMedia.push([{ tempFilePath: 'wxfile://tmp/letter.jpg', size: 3000000 }])
  assert.equal(await page.onChooseLetter(), true)
  assert.equal(wx.callsOf('compressImage')[0].src, 'wxfile://tmp/letter.jpg')
  assert.equal(server.requests('POST', '/api/v1/endorsements/TOKEN123/letter')[0].filePath, 'wxfile://tmp/letter.min.jpg')
  assert.equal(page.data.letter.state, 'done')

  assert.equal(await page.onSubmit(), true)
  assert.deepEqual(decisions, [{ decision: 'confirm', comment: '', nomination_id: 41, signer_name: '刘明', signer_post: '人力资源部部长', letter_file_id: 88 }])
  assert.deepEqual(page.data.done, { decision: 'confirm', unverified: true })
})

// Each refusal a retry cannot change: what happened, what to do, and no 重试 (state-view's final view).
for (const [status, code, title, says, action] of [
  [404, 'token_invalid', '认可码无效', /请让职工在小程序“我的推荐”中重新出示认可码/, '重新扫码'],
  [410, 'token_expired', '认可码已过期', /请让职工在小程序“我的推荐”中重新生成认可码/, '扫描新的认可码'],
  [410, 'token_revoked', '认可码已作废', /请扫描职工手机上最新出示的认可码/, '扫描最新的认可码'],
  [409, 'token_used', '认可码已使用', /无需重复办理/, undefined],
  [409, 'not_awaiting_endorsement', '无需办理认可', /不需要单位认可/, undefined]]) {
  test('a ' + code + ' token ends the flow with what happened and what to do, without 重试', async () => {
    const { server } = endorseServer()
    server.on('GET', '/api/v1/endorsements/:token', () => apiError(status, code, '服务器的说明'))
    const { page, ready } = loadPage('pages/endorse/index', { scene: 'TOKEN123' })
    await ready
    assert.equal(page.data.status, 'final')
    assert.equal(page.data.final.title, title)
    assert.match(page.data.final.message, says)
    assert.equal(page.data.final.action, action)
    assert.equal(page.data.final.home, true)
  })
}

test('scanning one\'s own code: the server\'s words, no form', async () => {
  const { server } = endorseServer()
  server.on('GET', '/api/v1/endorsements/:token', () => apiError(403, 'forbidden', '不能认可本人的申报，请由单位负责人扫码确认'))
  const { page, ready } = loadPage('pages/endorse/index', { scene: 'TOKEN123' })
  await ready
  assert.deepEqual([page.data.status, page.data.final.message], ['final', '不能认可本人的申报，请由单位负责人扫码确认'])
})

test('after an expired code, 扫描新的认可码 reads the worker\'s new code here and opens it', async () => {
  const { wx, server } = endorseServer()
  const { page, ready } = loadPage('pages/endorse/index', { scene: 'OLDCODE' })
  await ready
  server.on('GET', '/api/v1/endorsements/:token', (r) => r.params.token === 'TOKEN123'
    ? Object.assign({}, SUMMARY, { can_endorse_directly: true })
    : apiError(410, 'token_expired', '认可码已过期'))
  await page.retry()
  assert.equal(page.data.final.key, 'scan')

  wx.answers.scanCode.push({ result: 'https://gcgj.example.cn/mp/representative?token=JOIN1' }) // another kind of code
  assert.equal(await page.onFinalAction(), false)
  assert.equal(wx.callsOf('showToast').pop().title, '这不是认可码，请扫描职工在“我的推荐”中出示的认可码')
  assert.equal(page.data.status, 'final')

  assert.equal(await page.onFinalAction(), false, 'the camera closed: nothing changes')
  assert.equal(page.data.status, 'final')

  wx.answers.scanCode.push({ scanType: 'WX_CODE', path: 'pages/endorse/index?scene=TOKEN123' })
  assert.equal(await page.onFinalAction(), true)
  assert.equal(page.data.status, 'ready')
  assert.equal(page.data.token, 'TOKEN123')
  assert.equal(page.data.summary.nominee.name, '王晓燕')
})

test('a token used by someone else meanwhile: the submit ends in the final view', async () => {
  const { server } = endorseServer()
  const { page, ready } = loadPage('pages/endorse/index', { scene: 'TOKEN123' })
  await ready
  server.on('POST', '/api/v1/endorsements/:token', () => apiError(409, 'token_used', '认可码已使用'))
  assert.equal(await page.onSubmit(), false)
  assert.equal(page.data.status, 'final')
  assert.equal(page.data.final.title, '认可码已使用')
})

test('offline while opening: the page says so and a retry loads it', async () => {
  const { wx } = endorseServer()
  const handler = wx.handler
  wx.handler = () => ({ fail: 'net::ERR_INTERNET_DISCONNECTED' })
  const { page, ready } = loadPage('pages/endorse/index', { scene: 'TOKEN123' })
  await ready
  assert.equal(page.data.status, 'offline')
  wx.handler = handler
  await page.retry()
  assert.equal(page.data.status, 'ready')
})

test('no token at all: says so and offers to scan, instead of a blank page', async () => {
  const { wx } = endorseServer()
  const { page, ready } = loadPage('pages/endorse/index', {})
  await ready
  assert.equal(page.data.status, 'final')
  assert.deepEqual([page.data.final.title, page.data.final.action], ['没有读到认可码', '扫码'])
  wx.answers.scanCode.push({ result: 'https://gcgj.example.cn/mp/endorse?token=TOKEN123' })
  assert.equal(await page.onFinalAction(), true)
  assert.equal(page.data.status, 'ready')
})
