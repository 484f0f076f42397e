// The nomination form as the phone draws it: the active step tab kept in view, every picker with its arrow,
// every control in a bordered box, no 添加 tile at a photo limit, and the confirm step's summary of what was
// entered and what is still missing (a tap goes to that step). Also the form field's hint and counter lines.
const test = require('node:test')
const assert = require('node:assert/strict')
const { JSDOM } = require('jsdom')
const { setup, loadPage } = require('./support/harness')
const { mount } = require('./support/dom')
const { nominationServer } = require('./support/nomination-server')
const rules = require('../utils/nomination-rules')
const form = require('../utils/nomination-form')

const PHOTO = (id, kind) => ({ id, kind, url: '/api/v1/files/' + id, content_type: 'image/jpeg' })

// Opens the form on the fake server, lets `act` tap, and gives the drawn page as a document.
async function drawn (options, act) {
  const { wx } = setup()
  nominationServer(wx, options)
  const { openPage } = require('../tools/screenshots/load-page')
  const { toHtml } = require('../tools/screenshots/to-html')
  const opened = await openPage('pages/nominate/index', (options && options.query) || {})
  if (act) await act(opened.page)
  await new Promise((resolve) => setTimeout(resolve, 20))
  const html = toHtml({ rendered: opened.rendered, route: 'pages/nominate/index' })
  opened.page.onUnload()
  opened.close()
  const document = new JSDOM(html).window.document
  const all = (selector) => Array.from(document.querySelectorAll(selector.replace(/\.([-\w]+)/g, '.main--$1')))
  return { document, all, page: opened.page }
}

test('the step tabs scroll so that the active one (and the one before it) stays in view', async () => {
  const first = await drawn({})
  const steps = first.all('wx-scroll-view.steps')[0]
  assert.equal(steps.getAttribute('scroll-into-view'), 'step-0')
  assert.deepEqual(first.all('.step-tab').map((t) => t.id), ['step-0', 'step-1', 'step-2', 'step-3', 'step-4', 'step-5'])
  for (const [index, anchor] of [[4, 'step-3'], [5, 'step-4']]) {
    const later = await drawn({}, (page) => page.goStep(index))
    assert.equal(later.all('wx-scroll-view.steps')[0].getAttribute('scroll-into-view'), anchor)
    assert.match(later.all('.step-tab.active')[0].textContent, new RegExp(form.STEPS[index].title))
  }
})

test('every picker shows a right arrow, and every control has the same bordered box', async () => {
  const { all } = await drawn({})
  const pickers = all('wx-picker')
  assert.equal(pickers.length, 7)
  for (const picker of pickers) {
    const face = picker.querySelector('.main--picker-box')
    assert.ok(face && face.className.includes('main--control'), 'the picker face is a bordered control')
    assert.equal(face.querySelector('.main--chevron').textContent, '›')
  }
  const typed = all('wx-input').concat(all('wx-textarea'))
  assert.ok(typed.length >= 10)
  assert.deepEqual(typed.filter((c) => !c.className.includes('main--control')).map((c) => c.getAttribute('data-field')), [])
})

test('添加 goes once a photo group is full (1/1, 2/2) and stays where more may come', async () => {
  const full = { id: 7, channel: 'self', status: 'draft', status_label: '草稿', conditions: [],
    files: [PHOTO(1, 'id_photo'), PHOTO(2, 'work_photo'), PHOTO(3, 'work_photo'), PHOTO(4, 'certificate')] }
  const { all, page } = await drawn({ existing: [full] }, (p) => p.goStep(4))
  assert.deepEqual(page.data.fileGroups.map((g) => [g.kind, g.max]), [['id_photo', 1], ['work_photo', 2], ['certificate', rules.limits.certificate_max]])
  const addTiles = all('.tile.add').map((t) => t.getAttribute('data-kind'))
  assert.deepEqual(addTiles, ['certificate'])

  const half = await drawn({ existing: [Object.assign({}, full, { files: [PHOTO(2, 'work_photo')] })] }, (p) => p.goStep(4))
  assert.deepEqual(half.all('.tile.add').map((t) => t.getAttribute('data-kind')), ['id_photo', 'work_photo', 'certificate'])
})

test('确认提交 sums up each step in readable words and lists what is missing, each a tap away', async () => {
  const draft = {
    id: 7, channel: 'self', status: 'draft', status_label: '草稿', name: '吴海涛', gender: '男', birth_month: '1982-03',
    mobile: '13961234567', trade_since: '2005-07', priority_chief_employee: true, story: '匠'.repeat(100),
    conditions: [{ condition: 2, evidence: '2017 年市技能大赛第一名' }], files: [PHOTO(1, 'id_photo')]
  }
  const { all, page } = await drawn({ existing: [draft] }, (p) => p.goStep(5))
  const [person, work, merit, story, photos] = page.data.summary
  assert.deepEqual(person.rows.map((r) => [r.label, r.value]), [['姓名', '吴海涛'], ['性别', '男'], ['出生年月', '1982年3月'], ['联系方式（手机）', '13961234567']])
  assert.deepEqual(work.rows.map((r) => r.value), ['2005年7月 起'])
  assert.deepEqual(merit.rows.map((r) => r.value), ['2. 掌握高超技能：2017 年市技能大赛第一名', '是'])
  assert.match(story.rows[0].value, /…（共 100 字）$/, 'long text is cut short, with its length')
  assert.deepEqual(photos.rows.map((r) => [r.label, r.value]), [['彩色证件照', '已上传 1 张']])

  const missing = page.data.missing
  assert.deepEqual(missing.filter((m) => m.step === 0).map((m) => m.label), ['政治面貌', '学历', '所在县区'])
  assert.equal(missing.find((m) => m.name === 'story').message, rules.messages.story_range + '，当前100字')
  assert.equal(missing.find((m) => m.name === 'work_photo').step, 4)
  assert.ok(!missing.some((m) => m.name === 'privacy_consent'), 'the consent is asked for right there')

  const drawnMissing = all('.missing-item')
  assert.equal(drawnMissing.length, missing.length, 'each missing item is shown, in its section')
  assert.match(drawnMissing[0].textContent, /政治面貌\s*未填写/)
  assert.equal(drawnMissing[0].getAttribute('data-step'), '0')
  assert.match(all('.notice.error')[0].textContent, new RegExp('还有 ' + missing.length + ' 项需要完善'))
  const sections = all('.summary')
  assert.match(sections[0].textContent, /1\. 基本信息\s*去填写.*出生年月\s*1982年3月/s)
  assert.match(sections[4].textContent, /工作照\s*未上传/)
  assert.match(sections[3].textContent, /事迹简介\s*事迹简介应为1200至1800字（约1500字），当前100字/)

  page.onJump({ currentTarget: { dataset: { step: drawnMissing[0].getAttribute('data-step') } } })
  assert.equal(page.data.step, 0)
})

test('a complete form says so on the confirm step instead of a missing list', async () => {
  const { wx } = setup()
  nominationServer(wx)
  const { page, ready } = loadPage('pages/nominate/index', {})
  await ready
  const values = {
    name: '王晓燕', gender: '女', political_status: '中共党员', birth_month: '1982-03', education: '大专', mobile: '13812345678',
    district: '海州区', employer_name: '连云港海缘数控机床有限公司', post: '班组长', trade: '数控车工', skill_level: '高级技师',
    trade_since: '2005-07', career: '2005 年起从事数控车工', awards: '2017 年获市技能大赛第一名', deeds: '匠'.repeat(200),
    story: '匠'.repeat(rules.limits.story_min), brief: '数控车工技能大赛冠军', conditions: [{ condition: 2, evidence: '市技能大赛第一名' }]
  }
  Object.keys(values).forEach((k) => page.setField(k, values[k]))
  page.setData({ files: { id_photo: [{ id: 1, state: 'done' }], work_photo: [{ id: 2, state: 'done' }, { id: 3, state: 'done' }], certificate: [{ id: 4, state: 'done', isPdf: true }] } })
  page.goStep(5)
  page.onUnload()
  assert.deepEqual(page.data.missing, [])
  assert.equal(page.data.summary.find((s) => s.title === '照片与证书').rows.map((r) => r.value).join('，'), '已上传 1 张，已上传 2 张，已上传 1 份')
})

test('form field: the hint has its own line and the counter sits under it, on the right', () => {
  const comp = mount('components/form-field', { label: '事迹简介', hint: '1200—1800 字，公示时展示', counter: '326 / 1800 字（至少 1200 字）' })
  const field = comp.querySelector('.field').dom
  const parts = Array.from(field.children).map((el) => el.className.replace(/[-\w]+--/g, ''))
  assert.deepEqual(parts.slice(-2), ['message hint', 'counter'], 'two lines of their own, hint first')
  assert.equal(comp.querySelector('.hint').dom.textContent, '1200—1800 字，公示时展示')
  const withError = mount('components/form-field', { label: '事迹简介', hint: '说明', error: '此项为必填项', counter: '0 字' })
  assert.equal(withError.querySelector('.hint'), undefined, 'an error takes the hint\'s place')
  assert.equal(withError.querySelector('.error').dom.textContent, '此项为必填项')
})
