// Where the API lives, per environment: the one place to change it.
// envVersion comes from wx.getAccountInfoSync(): develop (DevTools / preview), trial, release.
const BASE_URLS = {
  develop: 'http://127.0.0.1:8000',
  // Set these to the deployed server before uploading a trial or release build (HTTPS, a legal domain).
  trial: 'https://gcgj-trial.example.cn',
  release: 'https://gcgj.example.cn'
}

// In development only, the "me" page can point the app at another server (a phone on the LAN
// cannot reach 127.0.0.1); the choice is kept in storage under this key.
const OVERRIDE_KEY = 'api_base_url'
// Also in development only: log in as a demo user of the server's WeChat emulator ("dev-alice")
// instead of with the WeChat login, whose codes the emulator does not know.
const DEV_LOGIN_KEY = 'dev_login_code'
// The server answers demo logins from its own machine only; a phone on the LAN sends the server's
// DEV_ACCESS_KEY (README: the emulator on a network) with its demo login.
const DEV_ACCESS_KEY = 'dev_access_key'

function envVersion () {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion || 'develop'
  } catch (e) {
    return 'develop'
  }
}

function baseUrl () {
  const env = envVersion()
  if (env === 'develop') {
    const override = wx.getStorageSync(OVERRIDE_KEY)
    if (override) return String(override).replace(/\/+$/, '')
  }
  return BASE_URLS[env] || BASE_URLS.develop
}

function setDevelopmentBaseUrl (url) {
  const clean = String(url || '').trim().replace(/\/+$/, '')
  if (clean && !/^https?:\/\/[^\s/]+/.test(clean)) {
    throw new Error('地址应以 http:// 或 https:// 开头')
  }
  if (clean) wx.setStorageSync(OVERRIDE_KEY, clean)
  else wx.removeStorageSync(OVERRIDE_KEY)
  return baseUrl()
}

function developmentLoginCode () {
  return envVersion() === 'develop' ? wx.getStorageSync(DEV_LOGIN_KEY) || '' : ''
}

function setDevelopmentLogin (name) {
  const clean = String(name || '').trim().replace(/^dev-/, '')
  if (clean && !/^[A-Za-z0-9_-]{1,40}$/.test(clean)) throw new Error('演示账号只能包含字母、数字、- 和 _')
  if (clean) wx.setStorageSync(DEV_LOGIN_KEY, 'dev-' + clean)
  else wx.removeStorageSync(DEV_LOGIN_KEY)
  return developmentLoginCode()
}

function developmentAccessKey () {
  return envVersion() === 'develop' ? wx.getStorageSync(DEV_ACCESS_KEY) || '' : ''
}

function setDevelopmentAccessKey (key) {
  const clean = String(key || '').trim()
  if (clean && !/^[\x21-\x7e]{16,200}$/.test(clean)) throw new Error('访问密钥应为至少 16 位的字母、数字或符号')
  if (clean) wx.setStorageSync(DEV_ACCESS_KEY, clean)
  else wx.removeStorageSync(DEV_ACCESS_KEY)
  return developmentAccessKey()
}

module.exports = {
  BASE_URLS,
  OVERRIDE_KEY,
  DEV_LOGIN_KEY,
  DEV_ACCESS_KEY,
  envVersion,
  baseUrl,
  setDevelopmentBaseUrl,
  developmentLoginCode,
  setDevelopmentLogin,
  developmentAccessKey,
  setDevelopmentAccessKey
}
