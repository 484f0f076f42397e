// The shared loading / empty / offline / error view: an empty answer can offer a way forward.
const test = require('node:test')
const assert = require('node:assert/strict')
const { simulate, mount } = require('./support/dom')

function text (comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ').trim()
}

test('component: an empty answer with an action offers it beside 刷新 and emits "action" on tap', async () => {
  const comp = mount('components/state-view', { status: 'empty', emptyText: '没有找到符合条件的工匠', emptyAction: '清除搜索' })
  assert.match(text(comp), /没有找到符合条件的工匠.*清除搜索.*刷新/)
  let actions = 0
  let retries = 0
  comp.addEventListener('action', () => { actions++ })
  comp.addEventListener('retry', () => { retries++ })
  comp.querySelector('.empty-action').dispatchEvent('tap')
  await simulate.sleep(5)
  assert.deepEqual([actions, retries], [1, 0])
})

test('component: without an action the empty view offers 刷新 only', () => {
  const comp = mount('components/state-view', { status: 'empty', emptyText: '暂无内容' })
  assert.equal(comp.querySelector('.empty-action'), undefined)
  assert.match(text(comp), /暂无内容.*刷新/)
})
