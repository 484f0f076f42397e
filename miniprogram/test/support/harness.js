// Runs a page definition (the object given to Page()) outside WeChat: data, setData with path
// keys ("a.b", "list[2].x"), lifecycle calls. Also installs the wx double and fresh modules.
const path = require('node:path')
const { createWx } = require('./wx-double')

const ROOT = path.resolve(__dirname, '..', '..')

function setPath (target, key, value) {
  const parts = []
  key.replace(/[^.[\]]+/g, (part) => { parts.push(part); return part })
  let node = target
  for (let i = 0; i < parts.length - 1; i++) {
    const next = parts[i + 1]
    if (node[parts[i]] === undefined || node[parts[i]] === null) node[parts[i]] = /^\d+$/.test(next) ? [] : {}
    node = node[parts[i]]
  }
  node[parts[parts.length - 1]] = value
}

function createPage (definition, route) {
  const page = { route, data: JSON.parse(JSON.stringify(definition.data || {})), setDataCalls: 0 }
  Object.keys(definition).forEach((key) => {
    if (typeof definition[key] === 'function') page[key] = definition[key].bind(page)
  })
  page.setData = (patch, callback) => {
    page.setDataCalls++
    Object.keys(patch).forEach((key) => setPath(page.data, key, patch[key] === undefined ? undefined : JSON.parse(JSON.stringify(patch[key] === undefined ? null : patch[key]))))
    if (callback) callback()
  }
  return page
}

// Fresh copies of the mini-program's modules for each test (they keep state: login, rules cache).
function freshRequire (relative) {
  Object.keys(require.cache).forEach((file) => {
    if (file.startsWith(ROOT) && !file.includes('node_modules') && !file.includes(path.sep + 'test' + path.sep)) delete require.cache[file]
  })
  return require(path.join(ROOT, relative))
}

// The wx double as the global `wx`, the API module without real waiting between retries.
function setup (options = {}) {
  const wx = createWx(options)
  global.wx = wx
  const api = freshRequire('utils/api')
  api.configure({ sleep: async (ms) => { wx.calls.push({ name: 'sleep', args: ms }) } })
  return { wx, api }
}

// Loads a page module with the same fresh modules as `setup` (call setup first).
function loadPage (route, query) {
  const name = path.basename(route)
  const definition = require(path.join(ROOT, route, '..', name === 'index' ? 'logic' : name + '-logic'))
  const page = createPage(definition, route)
  return { page, ready: page.onLoad ? Promise.resolve(page.onLoad(query || {})) : Promise.resolve() }
}

// Lets pending promise callbacks run.
async function settle (rounds = 20) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve))
}

module.exports = { createPage, setup, loadPage, settle, freshRequire, ROOT }
