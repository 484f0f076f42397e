// The countdown: days, hours and minutes to the moment the server names, ticking with the clock; at 0 it
// stops, says 已结束 and emits "end" once — and a moment already past emits nothing (no reload loop).
const test = require('node:test')
const assert = require('node:assert/strict')
const { simulate, mount } = require('./support/dom')

const START = Date.parse('2019-09-28T09:30:00+08:00')
const END = '2019-10-01T00:00:00+08:00' // 2 days 14 hours 30 minutes later

function text (comp) {
  return comp.dom.textContent.replace(/\s+/g, '')
}

test('component: counts down days, hours and minutes, ticking as time passes, then stops at 0 and emits "end" once', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: START })
  const comp = mount('components/countdown', { endsAt: END, label: '距技能推介阶段结束' })
  let ended = 0
  comp.addEventListener('end', () => { ended++ })
  assert.equal(text(comp), '距技能推介阶段结束2天14时30分')

  t.mock.timers.tick(61 * 1000)
  assert.equal(text(comp), '距技能推介阶段结束2天14时29分')
  t.mock.timers.tick((2 * 1440 + 14 * 60 + 28) * 60 * 1000) // 59 s before the end: still a minute shown
  assert.equal(text(comp), '距技能推介阶段结束0天00时01分')
  assert.equal(ended, 0)
  t.mock.timers.tick(59 * 1000)
  assert.equal(text(comp), '距技能推介阶段结束已结束')
  assert.equal(ended, 1)
  t.mock.timers.tick(10 * 60 * 1000)
  assert.equal(ended, 1, 'stopped: no second "end"')
})

test('component: a moment already past shows 已结束 without emitting "end"; no moment shows nothing', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: START })
  const past = mount('components/countdown', { endsAt: '2019-09-01T00:00:00+08:00', label: '距公示期结束' })
  let ended = 0
  past.addEventListener('end', () => { ended++ })
  t.mock.timers.tick(5000)
  assert.equal(text(past), '距公示期结束已结束')
  assert.equal(ended, 0)
  const none = mount('components/countdown', { endsAt: '', label: '距公示期结束' })
  assert.equal(text(none), '')
})

test('component: a new moment restarts the count, and leaving the page stops the timer', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: START })
  const comp = mount('components/countdown', { endsAt: END, label: '距评选结果公示期结束' })
  comp.setData({ endsAt: '2019-09-28T10:30:00+08:00' })
  await simulate.sleep(0)
  assert.equal(text(comp), '距评选结果公示期结束0天01时00分')
  comp.detach()
  let ended = 0
  comp.addEventListener('end', () => { ended++ })
  t.mock.timers.tick(2 * 3600 * 1000)
  assert.equal(ended, 0, 'no timer left behind')
})
