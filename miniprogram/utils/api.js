// The one module that talks to the server: wx.login → our token (kept in storage), a silent
// re-login once on 401, retries with backoff on network errors, and the server's JSON errors
// turned into ApiError with a Chinese message. Pages never call wx.request themselves.
const config = require('./config')

const TOKEN_KEY = 'auth_token'
const USER_KEY = 'auth_user'
const API_PREFIX = '/api/v1'
// 401 codes after which a fresh wx.login can help.
const RELOGIN_CODES = ['token_expired', 'token_invalid', 'unauthorized']

const STATUS_MESSAGES = {
  400: '提交的内容有误，请检查后重试',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '操作与当前状态冲突',
  410: '内容已过期',
  413: '上传的文件过大',
  429: '操作过于频繁，请稍后再试',
  500: '服务器开小差了，请稍后再试',
  502: '服务暂时不可用，请稍后再试',
  503: '服务暂时不可用，请稍后再试',
  504: '服务响应超时，请稍后再试'
}

class ApiError extends Error {
  constructor ({ code, message, status = 0, details = null, retryAfter = null, offline = false }) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.details = details || {}
    this.fields = (details && details.fields) || {}
    this.retryAfter = retryAfter
    this.offline = offline
  }
}

const settings = {
  retries: 2, // network failures: up to 2 more tries
  backoffMs: 800, // then 800 ms, 1600 ms
  timeout: 15000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

function configure (options) {
  Object.assign(settings, options)
}

function headerValue (header, name) {
  if (!header) return undefined
  const wanted = name.toLowerCase()
  for (const key of Object.keys(header)) {
    if (key.toLowerCase() === wanted) return header[key]
  }
  return undefined
}

function apiUrl (path, query) {
  let url
  if (/^https?:\/\//.test(path)) url = path
  else if (path.indexOf(API_PREFIX + '/') === 0) url = config.baseUrl() + path
  else url = config.baseUrl() + API_PREFIX + path
  const pairs = []
  Object.keys(query || {}).forEach((key) => {
    const value = query[key]
    if (value === undefined || value === null || value === '') return
    pairs.push(encodeURIComponent(key) + '=' + encodeURIComponent(value))
  })
  return pairs.length ? url + (url.indexOf('?') >= 0 ? '&' : '?') + pairs.join('&') : url
}

function networkError (failure) {
  const text = (failure && failure.errMsg) || ''
  const timeout = /timeout|超时/i.test(text)
  return new ApiError({
    code: timeout ? 'network_timeout' : 'network_error',
    message: timeout ? '网络超时，请稍后重试' : '网络连接失败，请检查网络后重试',
    offline: true
  })
}

function parseBody (data) {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch (e) {
    return data
  }
}

function errorFromResponse (response) {
  const body = parseBody(response.data)
  const status = response.statusCode
  const retryAfter = Number(headerValue(response.header, 'Retry-After')) || null
  if (body && typeof body === 'object' && body.error && body.error.code) {
    return new ApiError({
      code: body.error.code,
      message: body.error.message || STATUS_MESSAGES[status] || '请求失败，请稍后重试',
      status,
      details: body.error.details,
      retryAfter
    })
  }
  return new ApiError({
    code: 'http_' + status,
    message: STATUS_MESSAGES[status] || '请求失败（' + status + '），请稍后重试',
    status,
    retryAfter
  })
}

function token () {
  return wx.getStorageSync(TOKEN_KEY) || ''
}

function currentUser () {
  return wx.getStorageSync(USER_KEY) || null
}

function authHeader (extra) {
  const header = Object.assign({}, extra)
  const saved = token()
  if (saved) header.Authorization = 'Bearer ' + saved
  return header
}

function newIdempotencyKey () {
  return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12)
}

// Promise wrappers of the three transport calls; a `fail` is a network failure.
function wxRequest (options) {
  return new Promise((resolve, reject) => {
    wx.request(Object.assign({}, options, {
      timeout: settings.timeout,
      success: resolve,
      fail: (failure) => reject(networkError(failure))
    }))
  })
}

function wxUploadFile (options) {
  return new Promise((resolve, reject) => {
    wx.uploadFile(Object.assign({}, options, {
      timeout: settings.timeout * 2,
      success: resolve,
      fail: (failure) => reject(networkError(failure))
    }))
  })
}

function wxDownloadFile (options) {
  return new Promise((resolve, reject) => {
    wx.downloadFile(Object.assign({}, options, {
      timeout: settings.timeout * 2,
      success: resolve,
      fail: (failure) => reject(networkError(failure))
    }))
  })
}

async function withRetries (send, retryable) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send()
    } catch (error) {
      if (!error.offline || !retryable || attempt >= settings.retries) throw error
      await settings.sleep(settings.backoffMs * Math.pow(2, attempt))
    }
  }
}

let pendingLogin = null

// wx.login → POST /auth/login; concurrent callers share one login.
function login () {
  if (!pendingLogin) {
    pendingLogin = (async () => {
      const code = config.developmentLoginCode() || await new Promise((resolve, reject) => {
        wx.login({
          success: (result) => result.code
            ? resolve(result.code)
            : reject(new ApiError({ code: 'login_failed', message: '微信登录失败，请稍后重试' })),
          fail: (failure) => reject(networkError(failure))
        })
      })
      const header = { 'Content-Type': 'application/json' }
      const accessKey = config.developmentLoginCode() && config.developmentAccessKey()
      if (accessKey) header['X-Dev-Access-Key'] = accessKey
      const response = await withRetries(() => wxRequest({
        url: apiUrl('/auth/login'), method: 'POST', data: { code }, header
      }), true)
      if (response.statusCode !== 200) throw errorFromResponse(response)
      const body = parseBody(response.data)
      wx.setStorageSync(TOKEN_KEY, body.token)
      wx.setStorageSync(USER_KEY, body.user)
      return body.user
    })()
    pendingLogin.then(() => { pendingLogin = null }, () => { pendingLogin = null })
  }
  return pendingLogin
}

async function ensureLogin () {
  return token() ? currentUser() : login()
}

function logout () {
  wx.removeStorageSync(TOKEN_KEY)
  wx.removeStorageSync(USER_KEY)
}

function needsRelogin (response) {
  if (response.statusCode !== 401) return false
  const body = parseBody(response.data)
  const code = body && body.error && body.error.code
  return !code || RELOGIN_CODES.indexOf(code) >= 0
}

// Sends with the token; on a 401 that a new login can fix, logs in again once and resends.
async function authorized (send, options) {
  if (options.auth === 'required' && !token()) await login()
  let response = await send()
  if (needsRelogin(response)) {
    logout()
    await login()
    response = await send()
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response
  throw errorFromResponse(response)
}

// Network failures are retried for reads and writes that are safe to repeat: every method but
// POST, and a POST that carries an Idempotency-Key.
async function request (method, path, options = {}) {
  const header = Object.assign({}, options.header)
  if (options.idempotent) header['Idempotency-Key'] = newIdempotencyKey()
  if (options.data !== undefined) header['Content-Type'] = 'application/json'
  const retryable = method !== 'POST' || Boolean(options.idempotent)
  const response = await authorized(() => withRetries(() => wxRequest({
    url: apiUrl(path, options.query),
    method,
    data: options.data,
    header: authHeader(header),
    responseType: options.responseType || 'text',
    dataType: options.responseType === 'arraybuffer' ? 'other' : 'json'
  }), retryable), options)
  return options.raw ? response : parseBody(response.data)
}

// Uploads are not retried by themselves (a repeat would store the file twice); the page offers a retry.
async function upload (path, { filePath, name = 'file', formData = {} }, options = {}) {
  const response = await authorized(() => wxUploadFile({
    url: apiUrl(path), filePath, name, formData, header: authHeader()
  }), options)
  return parseBody(response.data)
}

// A protected image (QR code, a private upload) as a data URI, with the response headers.
async function fetchImage (path, options = {}) {
  const response = await request('GET', path, Object.assign({}, options, { responseType: 'arraybuffer', raw: true }))
  const type = headerValue(response.header, 'Content-Type') || 'image/png'
  return {
    src: 'data:' + type.split(';')[0] + ';base64,' + wx.arrayBufferToBase64(response.data),
    header: response.header || {}
  }
}

// A file saved to a temporary path (a poster to save to the album).
async function download (path, options = {}) {
  const response = await authorized(() => withRetries(() => wxDownloadFile({
    url: apiUrl(path, options.query), header: authHeader()
  }), true), options)
  return response.tempFilePath
}

module.exports = {
  ApiError,
  configure,
  apiUrl,
  headerValue,
  login,
  ensureLogin,
  logout,
  token,
  currentUser,
  request,
  get: (path, options) => request('GET', path, options),
  post: (path, data, options) => request('POST', path, Object.assign({}, options, { data })),
  patch: (path, data, options) => request('PATCH', path, Object.assign({}, options, { data })),
  put: (path, data, options) => request('PUT', path, Object.assign({}, options, { data })),
  del: (path, options) => request('DELETE', path, options),
  upload,
  fetchImage,
  download
}
