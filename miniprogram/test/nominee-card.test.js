// The nominee card of the lists: built from the list's card shape (one thumbnail, no story or deeds).
const test = require('node:test')
const assert = require('node:assert/strict')
const { simulate, mount } = require('./support/dom')
const { setup } = require('./support/harness')

function text (comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ').trim()
}

const CARD = {
  id: 12, name: '王晓燕', thumbnail: '/api/v1/files/31/thumb/0123456789abcdef.jpg', employer_name: '连云港海缘数控机床有限公司',
  trade: '数控车工', district: '海州区', status: 'finalist', status_label: '入围', likes: 318, rank: 3
}

test('card: thumbnail, name, status, employer, trade, district, likes and rank; a tap opens the nominee', async () => {
  setup()
  const { decorateCard } = require('../utils/nominees')
  const card = decorateCard(CARD)
  assert.equal(card.cover, 'http://127.0.0.1:8000/api/v1/files/31/thumb/0123456789abcdef.jpg')
  const comp = mount('components/nominee-card', { nominee: card })
  const shown = text(comp)
  for (const part of ['王晓燕', '入围', '连云港海缘数控机床有限公司', '数控车工 · 海州区', '318 赞', '第3名']) {
    assert.ok(shown.includes(part), part + ' in ' + shown)
  }
  let opened = null
  comp.addEventListener('open', (e) => { opened = e.detail.id })
  comp.querySelector('.card').dispatchEvent('tap')
  await simulate.sleep(5)
  assert.equal(opened, 12)
})

test('card: without a photo the initial stands in; without a rank none is shown', () => {
  setup()
  const { decorateCard } = require('../utils/nominees')
  const comp = mount('components/nominee-card', { nominee: decorateCard({ ...CARD, thumbnail: null, rank: null }) })
  assert.equal(comp.querySelector('.placeholder').dom.textContent.trim(), '王')
  assert.ok(!text(comp).includes('名'), text(comp))
})
