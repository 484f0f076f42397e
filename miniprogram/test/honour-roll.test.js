// The honour roll page: by year, 港城十大工匠 first, a year filter, and its offline/error/empty states.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { createFakeServer } = require('./support/fake-server')

const ITEMS = [
  { year: 2019, title: '港城十大工匠', name: '王建华', employer: '连云港海缘数控机床有限公司', trade: '数控车工' },
  { year: 2019, title: '港城工匠', name: '高成林', employer: '赣榆海丰食品有限公司', trade: '焊工' },
  { year: 2018, title: '港城十大工匠', name: '孟繁荣', employer: '连云港云台港口机械有限公司', trade: '' }
]

function server () {
  const { wx } = setup()
  const fake = createFakeServer(wx).acceptLogins()
  const asked = []
  fake.on('GET', '/api/v1/honour-roll', (r) => {
    asked.push(r.query || {})
    const year = Number((r.query || {}).year || 0)
    return { items: ITEMS.filter((i) => !year || i.year === year), years: [2019, 2018] }
  })
  return { wx, fake, asked }
}

test('the roll is grouped by year, newest first, the top ten before the others', async () => {
  server()
  const { page, ready } = loadPage('pages/honour-roll/index', {})
  await ready
  assert.equal(page.data.status, 'ready')
  assert.deepEqual(page.data.sections.map((s) => s.year), [2019, 2018])
  assert.deepEqual(page.data.sections[0].top.map((p) => p.name), ['王建华'])
  assert.deepEqual(page.data.sections[0].others.map((p) => p.name), ['高成林'])
  assert.deepEqual(page.data.years, [2019, 2018])
})

test('choosing a year asks the server for that year only', async () => {
  const { asked } = server()
  const { page, ready } = loadPage('pages/honour-roll/index', {})
  await ready
  await page.onYear({ currentTarget: { dataset: { year: 2018 } } })
  assert.equal(String(asked[asked.length - 1].year), '2018')
  assert.deepEqual(page.data.sections.map((s) => s.year), [2018])
  assert.equal(page.data.sections[0].others.length, 0)
})

test('an empty roll says so', async () => {
  const { wx } = setup()
  createFakeServer(wx).acceptLogins().on('GET', '/api/v1/honour-roll', () => ({ items: [], years: [] }))
  const { page, ready } = loadPage('pages/honour-roll/index', {})
  await ready
  assert.equal(page.data.status, 'empty')
})
