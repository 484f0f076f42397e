// The rendered page as a standalone HTML document: the DOM miniprogram-simulate built (exparser's
// composed tree), each built-in component given what the browser needs to draw it (an image's picture,
// an input's value or placeholder, a switch, rich text), the page's styles, and the phone's bars.
const fs = require('node:fs')
const path = require('node:path')
const { pageCss } = require('./wxss')
const { pageJson, APP } = require('./load-page')

const BUILTINS = fs.readFileSync(path.join(__dirname, 'builtins.css'), 'utf8')
// Ids are kept: a scroll view's scroll-into-view names one (SCROLL_SCRIPT scrolls to it).
const SKIPPED = new Set(['class', 'style', 'slot'])

// exparser keeps the attributes of each node (the evaluated WXML) in its virtual tree; the DOM it
// builds lacks most of them. Copies them onto the DOM elements: booleans as present/absent, strings as
// they are, objects (rich-text nodes) as JSON in data-wx-<name>.
function copyAttributes (node, seen = new Set()) {
  if (!node || seen.has(node)) return
  seen.add(node)
  const element = node.$$
  if (element && element.nodeType === 1 && node._vt && node._vt.attrs) {
    node._vt.attrs.forEach(({ name: compiled, value }) => {
      const name = compiled.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()) // scrollX → scroll-x
      if (SKIPPED.has(name) || name.startsWith('data-') || value === false || value === null || value === undefined) return
      if (typeof value === 'object') element.setAttribute('data-wx-' + name, JSON.stringify(value))
      else element.setAttribute(name, value === true ? '' : String(value))
    })
  }
  if (node.shadowRoot) copyAttributes(node.shadowRoot, seen)
  ;(node.childNodes || []).forEach((child) => copyAttributes(child, seen))
}

function escapeHtml (text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
}

// An image the browser can load: the server's URLs as they are, a file on disk (a download, a chosen
// photo) inlined; WeChat's own wxfile:// paths have no picture outside WeChat.
function imageSource (src) {
  if (!src) return ''
  if (/^(https?:|data:)/.test(src)) return src
  if (src.startsWith('/') && fs.existsSync(src)) {
    const type = /\.png$/i.test(src) ? 'image/png' : 'image/jpeg'
    return 'data:' + type + ';base64,' + fs.readFileSync(src).toString('base64')
  }
  return ''
}

const FIT = { aspectFill: 'cover', aspectFit: 'contain', widthFix: 'fill', heightFix: 'fill', scaleToFill: 'fill' }

// The prefix miniprogram-simulate gave the classes of an element's owner ("main--", "state-view--").
function classPrefix (element) {
  const match = /(^|\s)([-\w]+?--)/.exec(element.getAttribute('class') || '')
  return match ? match[2] : 'main--'
}

function richText (nodes) {
  if (typeof nodes === 'string') return nodes
  return (nodes || []).map((n) => {
    if (n.type === 'text') return escapeHtml(n.text || '')
    const attrs = Object.keys(n.attrs || {}).map((k) => ' ' + k + '="' + escapeHtml(n.attrs[k]) + '"').join('')
    return '<' + n.name + attrs + '>' + richText(n.children) + '</' + n.name + '>'
  }).join('')
}

// <text> breaks its lines at "\n" (and otherwise lays out as its parent says: nowrap stays nowrap).
function breakLines (element) {
  const doc = element.ownerDocument
  Array.from(element.childNodes).forEach((node) => {
    if (node.nodeType !== 3 || !node.data.includes('\n')) return
    node.data.split('\n').forEach((line, index) => {
      if (index) element.insertBefore(doc.createElement('br'), node)
      element.insertBefore(doc.createTextNode(line), node)
    })
    node.remove()
  })
}

function drawBuiltins (root) {
  const doc = root.ownerDocument
  root.querySelectorAll('wx-text').forEach(breakLines)
  root.querySelectorAll('wx-image').forEach((element) => {
    const img = doc.createElement('img')
    const src = imageSource(element.getAttribute('src'))
    if (src) img.setAttribute('src', src)
    img.setAttribute('style', 'object-fit:' + (FIT[element.getAttribute('mode')] || 'fill'))
    element.appendChild(img)
  })
  root.querySelectorAll('wx-input, wx-textarea').forEach((element) => {
    const value = element.getAttribute('value') || ''
    if (value) {
      element.textContent = element.hasAttribute('password') ? '•'.repeat(value.length) : value
    } else {
      const span = doc.createElement('span')
      const extra = element.getAttribute('placeholder-class')
      span.setAttribute('class', 'wx-placeholder' + (extra ? ' ' + extra.split(/\s+/).map((c) => classPrefix(element) + c).join(' ') : ''))
      span.textContent = element.getAttribute('placeholder') || ''
      element.appendChild(span)
    }
  })
  root.querySelectorAll('wx-switch').forEach((element) => {
    if (element.getAttribute('color')) element.setAttribute('style', '--switch-color:' + element.getAttribute('color'))
    element.appendChild(doc.createElement('span'))
  })
  root.querySelectorAll('wx-rich-text').forEach((element) => {
    if (element.hasAttribute('data-wx-nodes')) element.innerHTML = richText(JSON.parse(element.getAttribute('data-wx-nodes')))
    else if (element.getAttribute('nodes')) element.innerHTML = element.getAttribute('nodes')
  })
  root.querySelectorAll('wx-swiper').forEach((element) => {
    const current = Number(element.getAttribute('current') || 0)
    Array.from(element.querySelectorAll('wx-swiper-item')).forEach((item, index) => {
      if (index !== current) item.classList.add('wx-off')
    })
  })
}

function navigationBar (route, title) {
  const json = Object.assign({}, APP.window, pageJson(route))
  const color = json.navigationBarTextStyle === 'black' ? '#000' : '#fff'
  const style = 'background:' + (json.navigationBarBackgroundColor || '#000') + ';color:' + color
  // Every page but the home page is opened from another: WeChat gives it a back arrow.
  const back = route === APP.pages[0] ? '' : '<span class="phone-back"></span>'
  return '<div class="phone-bars" style="' + style + '"><div class="phone-status"><b>9:41</b><span class="phone-battery"></span></div>' +
    '<div class="phone-nav">' + back + escapeHtml(title || json.navigationBarTitleText || '') + '<span class="phone-capsule"></span></div></div>'
}

function dialog (call) {
  if (!call) return ''
  if (call.name === 'showModal') {
    return '<div class="phone-modal"><div><b>' + escapeHtml(call.args.title || '') + '</b><p>' + escapeHtml(call.args.content || '') +
      '</p><span>确定</span></div></div>'
  }
  return '<div class="phone-toast">' + escapeHtml(call.args.title || '') + '</div>'
}

// A scroll view scrolled to its scroll-into-view child, as WeChat does.
const SCROLL_SCRIPT = '<script>document.querySelectorAll("wx-scroll-view[scroll-into-view]").forEach(function (v) {' +
  'var t = document.getElementById(v.getAttribute("scroll-into-view")); if (t) v.scrollLeft = t.offsetLeft - v.offsetLeft; });</script>'

// {rendered (miniprogram-simulate's component), route, title, dialog (a recorded wx call or null)} → HTML.
function toHtml ({ rendered, route, title, dialog: shown }) {
  copyAttributes(rendered._exparserNode)
  const copy = rendered.dom.cloneNode(true)
  drawBuiltins(copy)
  return '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=375">' +
    '<style>' + BUILTINS + '</style><style>' + pageCss(route) + '</style></head><body>' +
    navigationBar(route, title) + '<wx-page>' + copy.outerHTML + '</wx-page>' + dialog(shown) + SCROLL_SCRIPT + '</body></html>'
}

module.exports = { toHtml, copyAttributes, imageSource }
