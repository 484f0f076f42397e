// WeChat centres a <button> (184px wide) with automatic side margins; a class that sets the side margins
// (margin: 24rpx !important) pushes it to the left unless it also says how wide it is (a width, or its flex share). On the pages of the
// nomination, 我的推荐 and 我的, every such button says so (full width: 填写自荐表, 重新登录, the card's actions).
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { ROOT } = require('./support/harness')

const PAGES = ['pages/nominate/index', 'pages/my-nominations/index', 'pages/me/index']

// {class: [declarations]} of a WXSS file's single-class rules (".new { … }", ".a, .b { … }").
function rulesOf (wxss) {
  const rules = {}
  wxss.replace(/\/\*[\s\S]*?\*\//g, '').replace(/([^{}]+)\{([^}]*)\}/g, (_, selectors, body) => {
    selectors.split(',').map((s) => s.trim()).forEach((selector) => {
      const match = /^\.([-\w]+)$/.exec(selector)
      if (match) rules[match[1]] = (rules[match[1]] || []).concat(body.split(';').map((d) => d.trim()).filter(Boolean))
    })
    return ''
  })
  return rules
}

// Whether a margin declaration sets the left or right margin to something else than auto.
function movesSides (declaration) {
  const match = /^margin(-left|-right)?\s*:\s*(.+?)\s*(!important)?$/.exec(declaration)
  if (!match) return false
  if (match[1]) return match[2] !== 'auto'
  const parts = match[2].split(/\s+/)
  const sides = parts.length === 1 ? [parts[0]] : parts.length === 4 ? [parts[1], parts[3]] : [parts[1]]
  return sides.some((side) => side !== 'auto')
}

for (const page of PAGES) {
  test(page + ': a button whose side margins are set also sets its width', () => {
    const wxml = fs.readFileSync(path.join(ROOT, page + '.wxml'), 'utf8')
    const rules = rulesOf(fs.readFileSync(path.join(ROOT, page + '.wxss'), 'utf8'))
    const offenders = []
    let buttons = 0
    for (const [, attributes] of wxml.matchAll(/<button\b([^>]*)>/g)) {
      if (/size="mini"/.test(attributes)) continue // inline by nature
      buttons++
      const classes = ((/class="([^"]*)"/.exec(attributes) || [])[1] || '').replace(/\{\{[^}]*\}\}/g, '').split(/\s+/).filter(Boolean)
      const declarations = classes.flatMap((c) => rules[c] || [])
      if (declarations.some(movesSides) && !declarations.some((d) => /^(width|flex)\s*:/.test(d))) offenders.push(classes.join(' '))
    }
    assert.ok(buttons > 0)
    assert.deepEqual(offenders, [])
  })
}

test('the check itself: 24rpx side margins without a width are caught, auto ones are not', () => {
  assert.equal(movesSides('margin: 24rpx !important'), true)
  assert.equal(movesSides('margin: 24rpx auto !important'), false)
  assert.equal(movesSides('margin-top: 20rpx !important'), false)
  assert.deepEqual(rulesOf('.new { margin: 24rpx !important; }\n.a, .b { width: auto; }'), { new: ['margin: 24rpx !important'], a: ['width: auto'], b: ['width: auto'] })
})
