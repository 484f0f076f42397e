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

test('component: a final error says what happened and the way forward, with no 重试', async () => {
  const comp = mount('components/state-view', {
    status: 'final',
    final: { title: '通知不存在或已撤回', message: '这条通知可能已被撤回。', action: '查看全部通知', home: true }
  })
  assert.match(text(comp), /通知不存在或已撤回.*这条通知可能已被撤回。.*查看全部通知.*返回首页/)
  assert.doesNotMatch(text(comp), /重试|刷新|加载失败/)
  const actions = []
  let retries = 0
  comp.addEventListener('action', (e) => { actions.push(e.detail) })
  comp.addEventListener('retry', () => { retries++ })
  comp.querySelector('.final-action').dispatchEvent('tap')
  await simulate.sleep(5)
  assert.deepEqual([actions, retries], [[{ status: 'final' }], 0])

  const calls = []
  global.wx = { reLaunch: (o) => calls.push(o.url) }
  comp.querySelector('.home').dispatchEvent('tap')
  await simulate.sleep(5)
  assert.deepEqual(calls, ['/pages/index/index'])
})

test('component: a final error without an action or home offers only its words', () => {
  const comp = mount('components/state-view', { status: 'final', message: '认可码已使用', final: { title: '无需重复办理' } })
  assert.equal(text(comp), '无需重复办理认可码已使用')
  assert.equal(comp.querySelector('button'), undefined)
})

test('component: the error view keeps 加载失败 with 重试 for errors that a retry can fix', async () => {
  const comp = mount('components/state-view', { status: 'error', message: '服务暂时不可用，请稍后再试' })
  assert.match(text(comp), /加载失败.*服务暂时不可用，请稍后再试.*重试/)
  let retries = 0
  comp.addEventListener('retry', () => { retries++ })
  comp.querySelector('.retry').dispatchEvent('tap')
  await simulate.sleep(5)
  assert.equal(retries, 1)
})
