const api = require('./api')
const { finalFor, finalState } = require('./page-state')

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
// there is none. A refusal in `finals` ({code: {title, message, action, key, home}}) ends the flow in
// state-view's "final" view (no 重试: scanning the same code again cannot help); one in `errors` is said
// in the page's own words. `missing` (no token at all): a message, or a final view.
async function loadScanned (page, { path, missing, errors = TOKEN_ERRORS, finals = null }) {
  if (!page.data.token) {
    page.setData(typeof missing === 'object' ? finalState(missing) : { status: 'error', errorMessage: missing })
    return null
  }
  page.setData({ status: 'loading', errorMessage: '' })
  try {
    return await api.get(path + encodeURIComponent(page.data.token), { auth: 'required' })
  } catch (error) {
    page.setData(finalFor(error, finals) ||
      { status: error.offline ? 'offline' : 'error', errorMessage: errors[error.code] || error.message })
    return null
  }
}

// The codes a page can scan for itself: a mini-program code gives the page path with its scene, a
// standard QR the link (the server's LINK_PATH) with ?token=.
const SCANNABLE = {
  endorse: { page: 'pages/endorse/index', link: '/mp/endorse' },
  representative: { page: 'pages/representative/join', link: '/mp/representative' }
}

function queryOf (text) {
  const query = {}
  String(text || '').split('&').forEach((pair) => {
    const at = pair.indexOf('=')
    if (at > 0) query[pair.slice(0, at)] = pair.slice(at + 1)
  })
  return query
}

// The token of a wx.scanCode result when it is a code of this kind ('endorse' | 'representative'), else ''.
function scannedToken (result, kind) {
  const target = SCANNABLE[kind]
  if (result && result.path) {
    const [page, query] = String(result.path).replace(/^\//, '').split('?')
    return page === target.page ? tokenFrom(queryOf(query)) : ''
  }
  const text = String((result && result.result) || '')
  return text.indexOf(target.link + '?') >= 0 ? tokenFrom({ q: encodeURIComponent(text) }) : ''
}

// Opens the camera (or the album) for a code of this kind: its token, '' for another code, null when
// the person cancels.
function scanToken (kind) {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: false,
      success: (result) => resolve(scannedToken(result, kind)),
      fail: () => resolve(null)
    })
  })
}

module.exports = { tokenFrom, TOKEN_ERRORS, loadScanned, scannedToken, scanToken }
