// A page of the project run through miniprogram-simulate as WeChat runs it: the page's own index.js
// (Page(require('./logic'))) is loaded with its WXML compiled by WeChat's compiler and the app's global
// components; Page() becomes a component whose lifetimes call onLoad(query), onShow and onReady.
const path = require('node:path')
const { simulate } = require('../../test/support/dom')
const simulateFiles = require('miniprogram-simulate/src/utils')

const ROOT = path.resolve(__dirname, '..', '..')
const APP = require(path.join(ROOT, 'app.json'))

// miniprogram-simulate adds the app's global components only to a JSON that already names some: a page
// JSON without "usingComponents" gets an empty one, so that state-view & co. render inside pages too.
const readJson = simulateFiles.readJson
simulateFiles.readJson = (file) => {
  const json = readJson(file)
  if (json && !json.usingComponents) json.usingComponents = {}
  return json
}

let opening = null // {query, loaded} of the page being loaded

global.Page = (definition) => {
  const methods = {}
  Object.keys(definition).forEach((key) => {
    if (typeof definition[key] === 'function') methods[key] = definition[key]
  })
  const current = opening
  global.Component({
    data: JSON.parse(JSON.stringify(definition.data || {})),
    methods,
    attached () {
      current.loaded = Promise.resolve(this.onLoad ? this.onLoad(current.query) : null)
      if (this.onShow) this.onShow()
    },
    ready () {
      if (this.onReady) this.onReady()
    }
  })
}

// Loads and attaches the page at `route` ("pages/nominee/index") with `query`; resolves with the
// rendered component once onLoad has finished.
async function openPage (route, query) {
  opening = { query: query || {}, loaded: null }
  const id = simulate.load(path.join(ROOT, route), { rootPath: ROOT, usingComponents: APP.usingComponents })
  const rendered = simulate.render(id)
  const holder = document.createElement('page-holder')
  document.body.appendChild(holder)
  rendered.attach(holder)
  const state = opening
  await state.loaded
  return { rendered, page: rendered.instance, close: () => { rendered.detach(); holder.remove() } }
}

function pageJson (route) {
  return simulateFiles.readJson(path.join(ROOT, route + '.json')) || {}
}

module.exports = { openPage, pageJson, ROOT, APP }
