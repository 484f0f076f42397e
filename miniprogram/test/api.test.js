// The API module: login, the token, a silent re-login once on 401, retries with backoff, messages.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup } = require('./support/harness')
const { json, apiError } = require('./support/wx-double')
const { createFakeServer } = require('./support/fake-server')

function withServer (options) {
  const { wx, api } = setup(options)
  const server = createFakeServer(wx).acceptLogins()
  return { wx, api, server }
}

test('logs in with the wx.login code, keeps the token and sends it', async () => {
  const { wx, api, server } = withServer({ loginCode: () => 'dev-alice' })
  server.on('GET', '/api/v1/me', (r) => ({ id: 1, auth: r.header.Authorization }))
  const me = await api.get('/me', { auth: 'required' })
  assert.equal(me.auth, 'Bearer token-dev-alice')
  assert.equal(wx.getStorageSync('auth_token'), 'token-dev-alice')
  assert.equal(api.currentUser().nickname, 'dev-alice')
  assert.equal(server.requests('POST', '/api/v1/auth/login')[0].body.code, 'dev-alice')
  await api.get('/me', { auth: 'required' })
  assert.equal(wx.loginCount, 1, 'the saved token is reused')
})

test('the base URL is the development server by default', async () => {
  const { wx, api, server } = withServer()
  server.on('GET', '/api/v1/campaigns/current', () => ({ ok: true }))
  await api.get('/campaigns/current', { query: { a: 1, empty: '', none: null } })
  assert.equal(wx.callsOf('request')[0].url, 'http://127.0.0.1:8000/api/v1/campaigns/current?a=1')
})

test('an expired token: logs in again once, silently, and repeats the request', async () => {
  const { wx, api, server } = withServer({ loginCode: (n) => 'dev-bob-' + n })
  wx.setStorageSync('auth_token', 'old-token')
  server.on('GET', '/api/v1/me/notifications', (r) => r.header.Authorization === 'Bearer old-token'
    ? apiError(401, 'token_expired', '登录已过期，请重新登录')
    : { items: [], total: 0, who: r.header.Authorization })
  const inbox = await api.get('/me/notifications')
  assert.equal(inbox.who, 'Bearer token-dev-bob-1')
  assert.equal(wx.loginCount, 1)
  assert.equal(server.requests('GET', '/api/v1/me/notifications').length, 2)
})

test('a 401 that a new login does not fix is reported, not looped', async () => {
  const { wx, api, server } = withServer()
  server.on('GET', '/api/v1/me', () => apiError(401, 'token_invalid', '登录凭证无效，请重新登录'))
  await assert.rejects(api.get('/me'), (error) => error.code === 'token_invalid' && error.status === 401)
  assert.equal(wx.loginCount, 1)
  assert.equal(server.requests('GET', '/api/v1/me').length, 2)
})

test('concurrent requests share one login', async () => {
  const { wx, api, server } = withServer()
  server.on('GET', '/api/v1/me', () => ({ id: 1 }))
  await Promise.all([api.get('/me', { auth: 'required' }), api.get('/me', { auth: 'required' }), api.ensureLogin()])
  assert.equal(wx.loginCount, 1)
})

test('a refused login code becomes a clear error', async () => {
  const { api, server } = withServer()
  server.on('POST', '/api/v1/auth/login', () => apiError(401, 'invalid_code', '登录凭证无效或已过期，请重新登录'))
  await assert.rejects(api.login(), { code: 'invalid_code', message: '登录凭证无效或已过期，请重新登录' })
})

test('network failures are retried with growing waits, then succeed', async () => {
  const { wx, api, server } = withServer()
  let tries = 0
  server.on('GET', '/api/v1/nominees', () => (++tries < 3 ? { fail: 'timeout' } : { items: [1] }))
  const body = await api.get('/nominees')
  assert.deepEqual(body.items, [1])
  assert.equal(tries, 3)
  assert.deepEqual(wx.callsOf('sleep'), [800, 1600])
})

test('a network failure that lasts is an offline error in Chinese', async () => {
  const { api, server } = withServer()
  server.on('GET', '/api/v1/nominees', () => ({ fail: 'net::ERR_INTERNET_DISCONNECTED' }))
  await assert.rejects(api.get('/nominees'), (error) => {
    assert.equal(error.offline, true)
    assert.equal(error.code, 'network_error')
    assert.equal(error.message, '网络连接失败，请检查网络后重试')
    return true
  })
  assert.equal(server.requests('GET', '/api/v1/nominees').length, 3)
})

test('a POST is not repeated after a network failure unless it carries an idempotency key', async () => {
  const { api, server } = withServer()
  server.on('POST', '/api/v1/leads', () => ({ fail: 'timeout' }))
  await assert.rejects(api.post('/leads', { name: '张三' }), { code: 'network_timeout', message: '网络超时，请稍后重试' })
  assert.equal(server.requests('POST', '/api/v1/leads').length, 1)

  let tries = 0
  server.on('POST', '/api/v1/nominees/:id/like', (r) => (++tries < 2 ? { fail: 'timeout' } : { likes: 3, key: r.header['Idempotency-Key'] }))
  const liked = await api.post('/nominees/7/like', null, { idempotent: true })
  const keys = server.requests('POST', '/api/v1/nominees/7/like').map((r) => r.header['Idempotency-Key'])
  assert.equal(keys.length, 2)
  assert.ok(keys[0])
  assert.equal(keys[0], keys[1], 'the retry carries the same key, so the server counts it once')
  assert.equal(liked.key, keys[0])
})

test("the server's JSON error becomes an ApiError with its message, details and Retry-After", async () => {
  const { api, server } = withServer()
  server.on('PATCH', '/api/v1/nominations/:id', () => apiError(400, 'validation_error', '提交的内容有误，请检查后重试',
    { fields: { mobile: '请填写 11 位手机号码' } }))
  server.on('POST', '/api/v1/nominees/:id/like', () => apiError(429, 'too_fast', '操作过于频繁', null, { 'Retry-After': '5' }))
  await assert.rejects(api.patch('/nominations/3', { mobile: '123' }), (error) => {
    assert.equal(error.status, 400)
    assert.equal(error.message, '提交的内容有误，请检查后重试')
    assert.deepEqual(error.fields, { mobile: '请填写 11 位手机号码' })
    return true
  })
  await assert.rejects(api.post('/nominees/3/like'), { code: 'too_fast', retryAfter: 5, status: 429 })
})

test('an answer that is not our JSON (a proxy page) still gets a Chinese message', async () => {
  const { api, server } = withServer()
  server.on('GET', '/api/v1/nominees', () => ({ statusCode: 502, data: '<html>Bad Gateway</html>', header: { 'Content-Type': 'text/html' } }))
  await assert.rejects(api.get('/nominees'), { code: 'http_502', message: '服务暂时不可用，请稍后再试' })
})

test('uploads send the file with the token and answer the parsed JSON', async () => {
  const { wx, api, server } = withServer()
  server.on('POST', '/api/v1/nominations/:id/files', (r) => json(201, { id: 9, kind: r.formData.kind, auth: r.header.Authorization }))
  const stored = await api.upload('/nominations/4/files', { filePath: 'wxfile://tmp/a.jpg', formData: { kind: 'id_photo' } }, { auth: 'required' })
  assert.deepEqual(stored, { id: 9, kind: 'id_photo', auth: 'Bearer token-dev-tester' })
  assert.equal(wx.callsOf('uploadFile')[0].name, 'file')
})

test('protected images arrive as data URIs with their headers', async () => {
  const { api, server } = withServer()
  server.on('GET', '/api/v1/nominations/:id/endorsement-qr', () => ({
    statusCode: 200, data: Uint8Array.from([137, 80, 78, 71]).buffer, header: { 'content-type': 'image/png', 'X-Endorsement-Expires-At': '2019-05-08T00:00:00Z' }
  }))
  const image = await api.fetchImage('/nominations/4/endorsement-qr')
  assert.equal(image.src, 'data:image/png;base64,iVBORw==')
  assert.equal(api.headerValue(image.header, 'x-endorsement-expires-at'), '2019-05-08T00:00:00Z')
})
