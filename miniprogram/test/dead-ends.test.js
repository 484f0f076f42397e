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
  [410, 'token_revoked', '邀请二维码已作废', '扫描新的邀请二维码'], [409, 'token_used', '邀请二维码已使用', '查看我代表的单位']]) {
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
