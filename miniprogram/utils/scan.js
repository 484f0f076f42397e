const api = require('./api')

// A token from how a page was opened: `scene` (a mini-program code), `token` (a page link), or `q`
// (a standard QR of a link, opened through 扫普通链接二维码打开小程序).
function tokenFrom (query, name = 'token') {
  if (!query) return ''
  if (query.scene) return decodeURIComponent(query.scene)
  if (query[name]) return decodeURIComponent(query[name])
  if (query.q) {
    const match = new RegExp('[?&]' + name + '=([^&#]+)').exec(decodeURIComponent(query.q))
    return match ? decodeURIComponent(match[1]) : ''
  }
  return ''
}

// What the server's token refusals mean to the person who scanned.
const TOKEN_ERRORS = {
  token_invalid: '二维码无效，请核对后重新扫描',
  token_expired: '二维码已过期，请对方重新生成后再扫',
  token_revoked: '二维码已作废（对方已重新生成），请扫描最新的二维码',
  token_used: '该二维码已经使用过，无需重复办理'
}

// Loads into `page` what its scanned token (page.data.token) stands for, from `path` + token; null when
// there is none. A refusal in `errors` ends the flow and is said in the page's own words.
async function loadScanned (page, { path, missing, errors = TOKEN_ERRORS }) {
  if (!page.data.token) {
    page.setData({ status: 'error', errorMessage: missing })
    return null
  }
  page.setData({ status: 'loading', errorMessage: '' })
  try {
    return await api.get(path + encodeURIComponent(page.data.token), { auth: 'required' })
  } catch (error) {
    page.setData({ status: error.offline ? 'offline' : 'error', errorMessage: errors[error.code] || error.message })
    return null
  }
}

module.exports = { tokenFrom, TOKEN_ERRORS, loadScanned }
