// A tiny router standing in for the server in unit tests: answers wx.request / wx.uploadFile of
// the wx double from handlers registered per method and path pattern ("/api/v1/nominees/:id").
const { json } = require('./wx-double')

function createFakeServer (wx) {
  const routes = []
  const seen = []

  function match (pattern, path) {
    const names = []
    const regex = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, name) => { names.push(name); return '([^/]+)' }) + '$')
    const found = regex.exec(path)
    if (!found) return null
    const params = {}
    names.forEach((name, i) => { params[name] = decodeURIComponent(found[i + 1]) })
    return params
  }

  function handle (o) {
    const url = new URL(o.url)
    const method = (o.method || (o.filePath ? 'POST' : 'GET')).toUpperCase()
    const request = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: o.data,
      header: o.header || {},
      formData: o.formData,
      filePath: o.filePath,
      upload: Boolean(o.filePath)
    }
    seen.push(request)
    for (const route of routes) {
      if (route.method !== method) continue
      const params = match(route.pattern, url.pathname)
      if (params) {
        request.params = params
        const answer = route.handler(request)
        return answer && (answer.statusCode || answer.fail) ? answer : json(200, answer)
      }
    }
    return json(404, { error: { code: 'not_found', message: '请求的资源不存在' } })
  }

  wx.handler = handle
  wx.uploadHandler = handle
  return {
    seen,
    on (method, pattern, handler) { routes.unshift({ method, pattern, handler }); return this },
    requests (method, path) { return seen.filter((r) => r.method === method && (!path || r.path === path)) },
    // Logs dev-<n> codes in, tokens "token-<n>"; a route can then check request.header.Authorization.
    acceptLogins () {
      this.on('POST', '/api/v1/auth/login', (r) => ({ token: 'token-' + r.body.code, user: { id: 1, nickname: r.body.code, roles: [] } }))
      return this
    }
  }
}

module.exports = { createFakeServer }
