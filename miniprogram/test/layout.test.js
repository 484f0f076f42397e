// The project opens in WeChat DevTools: every page and component has its four files, the WXML and
// WXSS compile with WeChat's own compilers (wcc, wcsc), page files stay thin, and only the API
// module talks to the network.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const compiler = require('miniprogram-compiler')
const { ROOT } = require('./support/harness')

const readJson = (relative) => JSON.parse(fs.readFileSync(path.join(ROOT, relative), 'utf8'))
const app = readJson('app.json')

function sourceFiles (dir) {
  const found = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'test', 'miniprogram_npm', 'tools', 'screenshots'].includes(entry.name)) continue // not the mini-program's
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) found.push(...sourceFiles(full))
    else if (entry.name.endsWith('.js')) found.push(full)
  }
  return found
}

test('the project files are valid JSON and name each other', () => {
  const project = readJson('project.config.json')
  assert.equal(project.compileType, 'miniprogram')
  assert.equal(app.sitemapLocation, 'sitemap.json')
  readJson('sitemap.json')
})

test('every page in app.json has its four files and a JSON that parses', () => {
  assert.ok(app.pages.length >= 9)
  for (const page of app.pages) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) {
      assert.ok(fs.existsSync(path.join(ROOT, page + '.' + ext)), page + '.' + ext + ' is missing')
    }
    readJson(page + '.json')
  }
})

test('every component used has its four files and declares itself a component', () => {
  const used = Object.values(app.usingComponents)
  assert.ok(used.length > 0)
  for (const component of used) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) {
      assert.ok(fs.existsSync(path.join(ROOT, component + '.' + ext)), component + '.' + ext + ' is missing')
    }
    assert.equal(readJson(component + '.json').component, true)
  }
})

test('the pages named in the issue are all there', () => {
  for (const page of ['index', 'nominees', 'nominee', 'nominate', 'my-nominations', 'endorse', 'representative', 'recommend', 'me']) {
    assert.ok(app.pages.includes('pages/' + page + '/index'), page)
  }
})

test('WXML and WXSS compile with the official compilers', () => {
  assert.doesNotThrow(() => compiler.wxmlToJs(ROOT))
  assert.doesNotThrow(() => compiler.wxssToJs(ROOT))
})

test('wx.request, wx.uploadFile, wx.downloadFile and wx.login are called only from utils/api.js', () => {
  const offenders = []
  for (const file of sourceFiles(ROOT)) {
    const text = fs.readFileSync(file, 'utf8')
    if (/\bwx\s*\.\s*(request|uploadFile|downloadFile|login|connectSocket)\b/.test(text) && path.relative(ROOT, file) !== path.join('utils', 'api.js')) {
      offenders.push(path.relative(ROOT, file))
    }
  }
  assert.deepEqual(offenders, [])
})

test('page files stay thin: the logic lives in a module Node can test', () => {
  for (const page of app.pages) {
    const text = fs.readFileSync(path.join(ROOT, page + '.js'), 'utf8').trim()
    const logic = path.basename(page) === 'index' ? 'logic' : path.basename(page) + '-logic'
    assert.equal(text, "Page(require('./" + logic + "'))", page + '.js')
    assert.ok(fs.existsSync(path.join(ROOT, path.dirname(page), logic + '.js')), page + ' has ' + logic + '.js')
  }
})
