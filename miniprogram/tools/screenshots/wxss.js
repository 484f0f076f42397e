// The styles of a page as WeChat applies them, for a browser: app.wxss and the page's WXSS on the page,
// each component's WXSS on its own elements (class names prefixed the way miniprogram-simulate renders
// them: "main--title", "state-view--retry"), `page` as the page's root, and 1rpx = 0.5px (a 375px phone).
const fs = require('node:fs')
const path = require('node:path')
const simulateWxss = require('miniprogram-simulate/src/wxss')
const { ROOT, APP, pageJson } = require('./load-page')

const RPX = 375 / 750

function rpxToPx (css) {
  return css.replace(/(-?\d*\.?\d+)rpx/g, (all, number) => +(Number(number) * RPX).toFixed(2) + 'px')
}

function read (file) {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
}

// `page` is the root element of every page; `:host` a component's own element.
function rootSelectors (css, pageTag, hostTag) {
  return css
    .replace(/(^|[},\s])page(?=[\s{,.:[>+~])/g, '$1' + pageTag)
    .replace(/:host/g, hostTag)
}

function compile (wxss, prefix, hostTag) {
  return rootSelectors(rpxToPx(simulateWxss.compile(wxss, { prefix })), 'wx-page', hostTag)
}

// {tag: component folder} of the components a page can use: the app's global ones, the page's own,
// and those they use in turn.
function componentsOf (route) {
  const found = {}
  const visit = (using, base) => {
    Object.keys(using || {}).forEach((tag) => {
      const target = using[tag].startsWith('/') ? path.join(ROOT, using[tag]) : path.resolve(base, using[tag])
      if (found[tag] === target) return
      found[tag] = target
      const json = JSON.parse(read(target + '.json') || '{}')
      visit(json.usingComponents, path.dirname(target))
    })
  }
  visit(APP.usingComponents, ROOT)
  visit(pageJson(route).usingComponents, path.join(ROOT, path.dirname(route)))
  return found
}

function pageCss (route) {
  const parts = [compile(read(path.join(ROOT, 'app.wxss')) + '\n' + read(path.join(ROOT, route + '.wxss')), 'main', 'main')]
  const components = componentsOf(route)
  Object.keys(components).forEach((tag) => parts.push(compile(read(components[tag] + '.wxss'), tag, tag)))
  return parts.join('\n')
}

module.exports = { pageCss, rpxToPx }
