// `npm run screenshots`: the pages drawn with the server's data, as PNGs someone can look at. Runs the
// command for two pages (the home page and an endorsement code that is not one) and checks the PNGs are
// phone-sized pictures of the red-themed pages, not blank; the WXSS conversion is checked on its own.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFile } = require('node:child_process')
const { PNG } = require('pngjs')
const { missingPython } = require('./support/server')
const { missingChromium } = require('../tools/screenshots/browser')
const { pageCss } = require('../tools/screenshots/wxss')
const { SCENES } = require('../tools/screenshots/scenes')
const { ROOT } = require('./support/harness')

const THEME = [0xb7, 0x1c, 0x1c] // #b71c1c, the navigation bar and the primary buttons

test('the WXSS becomes CSS for a 375px phone: 1rpx = 0.5px, `page` the root, classes as rendered', () => {
  const css = pageCss('pages/index/index')
  assert.match(css, /wx-page\{font-size:16px;/, 'app.wxss: page { font-size: 32rpx } is 16px on the page root')
  assert.match(css, /\.main--section\{background:#fff;margin:12px;border-radius:8px;padding:14px\}/)
  assert.match(css, /\.state-view--retry\{/, 'a global component keeps its styles under its own prefix')
  assert.doesNotMatch(css, /rpx/)
})

test('every page of app.json has a scene, and scene names are unique', () => {
  const pages = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')).pages
  const shown = new Set(SCENES.map((s) => s.route))
  assert.deepEqual(pages.filter((p) => !shown.has(p)), [])
  const names = SCENES.map((s) => s.name)
  assert.equal(new Set(names).size, names.length)
})

test('a page is drawn as WeChat draws it: its components, hidden parts hidden, images, scroll views', async () => {
  const { setup } = require('./support/harness')
  const { json, apiError } = require('./support/wx-double')
  const { openPage } = require('../tools/screenshots/load-page')
  const { toHtml } = require('../tools/screenshots/to-html')
  // The nominee is not found: state-view (a global component) shows the dead end — what happened, a way
  // forward, 返回首页, no 重试 — and hides the page's content.
  setup({ handler: () => apiError(404, 'not_found', '被推荐人不存在') })
  let opened = await openPage('pages/nominee/index', { id: '404' })
  let html = toHtml({ rendered: opened.rendered, route: 'pages/nominee/index' })
  opened.close()
  assert.match(html, /<state-view[^>]*>.*没有找到这位工匠.*看看工匠风采.*返回首页/s)
  assert.doesNotMatch(html, /重试/)
  assert.match(html, /<wx-view class="state-view--content" hidden="">/, 'the content is hidden while in error')
  assert.match(html, /class="phone-nav"><span class="phone-back"><\/span>工匠详情</, 'the navigation bar: a back arrow and the page\'s title')
  // The articles: the thumbnail is the server's picture, cropped as aspectFill does; the outlets scroll sideways.
  const article = { id: 7, title: '匠心守护万家灯火', outlet_label: '微信', published_at: '2026-12-03T00:00:00Z', cover_thumbnail_url: '/api/v1/article-images/7' }
  setup({ handler: () => json(200, { items: [article], total: 1, page: 1, per_page: 20 }) })
  opened = await openPage('pages/articles/index', {})
  html = toHtml({ rendered: opened.rendered, route: 'pages/articles/index' })
  opened.close()
  assert.match(html, /<wx-image class="main--thumb"[^>]* mode="aspectFill" src="(https?:[^"]+\/api\/v1\/article-images\/7)"><img src="\1" style="object-fit:cover">/)
  assert.match(html, /<wx-scroll-view class="main--outlets" enable-flex="" scroll-x="">/)
  assert.match(html, /匠心守护万家灯火/)
})

test('the screenshot tooling and its pictures stay out of the mini-program\'s package', () => {
  const ignored = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')).packOptions.ignore
  for (const folder of ['tools', 'screenshots']) {
    assert.ok(ignored.some((rule) => rule.type === 'folder' && rule.value === folder), folder)
  }
})

function colours (png) {
  const seen = new Set()
  let theme = 0
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]]
    seen.add((r << 16) | (g << 8) | b)
    if (Math.abs(r - THEME[0]) <= 3 && Math.abs(g - THEME[1]) <= 3 && Math.abs(b - THEME[2]) <= 3) theme++
  }
  return { count: seen.size, theme }
}

const why = missingChromium() || missingPython()
if (why) console.warn('截图测试已跳过：' + why)

test('npm run screenshots draws the pages with the demo server\'s data', { skip: why || false, timeout: 120000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-shots-'))
  try {
    const stdout = await new Promise((resolve, reject) => {
      execFile(process.execPath, ['tools/screenshots/index.js', '--only', 'index,endorse-invalid-code', '--no-full', '--out', out],
        { cwd: ROOT, timeout: 110000 }, (error, stdout, stderr) => error ? reject(new Error(stderr || error.message)) : resolve(stdout))
    })
    for (const name of ['index', 'endorse-invalid-code']) {
      const file = path.join(out, name + '.png')
      assert.ok(stdout.includes(name + '.png'), 'the list names ' + name + '.png:\n' + stdout)
      const png = PNG.sync.read(fs.readFileSync(file))
      assert.deepEqual([png.width, png.height], [750, 1624], name + ': 375×812 at device scale 2')
      const { count, theme } = colours(png)
      assert.ok(count > 50, name + ' is a picture, not a blank page (' + count + ' colours)')
      assert.ok(theme > 375 * 88, name + ' shows the red theme (' + theme + ' pixels of #b71c1c)')
    }
    assert.ok(!fs.existsSync(path.join(out, 'index.full.png')), '--no-full: the first screen only')
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
})
