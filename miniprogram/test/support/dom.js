// miniprogram-simulate renders components into a DOM: jsdom's window as the globals it expects.
// (Node's own Event/CustomEvent must be replaced: jsdom refuses events it did not make.)
const { JSDOM } = require('jsdom')
const path = require('node:path')

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
for (const name of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Element', 'Event', 'CustomEvent',
  'TouchEvent', 'Touch', 'MutationObserver', 'getComputedStyle', 'requestAnimationFrame']) {
  if (dom.window[name] !== undefined) Object.defineProperty(global, name, { value: dom.window[name], configurable: true, writable: true })
}

const simulate = require('miniprogram-simulate')
const ROOT = path.resolve(__dirname, '..', '..')

// Loads a component of the project by its folder ("components/like-button") and renders it attached.
function mount (component, properties) {
  const id = simulate.load(path.join(ROOT, component, 'index'), { rootPath: ROOT })
  const rendered = simulate.render(id, properties)
  rendered.attach(document.createElement('parent-wrapper'))
  return rendered
}

module.exports = { simulate, mount }
