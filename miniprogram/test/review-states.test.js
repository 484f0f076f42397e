// Review and shortlist in "my nominations": each state in plain words, a return for more completed and
// resubmitted before its deadline, and after the deadline the button hidden with a note.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { nominationServer } = require('./support/nomination-server')
const { describe, dayText } = require('../utils/nomination-status')

const REASON = '请补充：2018年市职工技能大赛获奖证书复印件'

function nomination (id, status, extra) {
  return Object.assign({ id, channel: 'self', name: '王晓燕', status, status_label: status, files: [], conditions: [] }, extra)
}

function returned (id, openForChanges) {
  return nomination(id, 'returned', { status_label: '已退回修改', return_reason: REASON, resubmit_by: '2019-06-30', open_for_changes: openForChanges })
}

test('each state reads in plain words, the way the nominee sees it', () => {
  const said = (n) => [describe(n).label, describe(n).detail]
  assert.deepEqual(said(nomination(1, 'draft', { status_label: '草稿' })), ['草稿', ''])
  assert.deepEqual(said(nomination(1, 'awaiting_endorsement')), ['待单位认可', ''])
  for (const status of ['submitted', 'endorsed', 'under_review']) assert.deepEqual(said(nomination(1, status)), ['审核中', ''])
  assert.deepEqual(said(returned(1, true)), ['已退回', '已退回：' + REASON + '（截止日期 6月30日）'])
  assert.deepEqual(said(nomination(1, 'rejected', { return_reason: '从事本工种不满5年' })), ['未通过', '未通过：从事本工种不满5年'])
  assert.deepEqual(said(nomination(1, 'qualified')), ['审核合格', ''])
  assert.deepEqual(said(nomination(1, 'finalist')), ['已入围', ''])
  assert.deepEqual(said(nomination(1, 'not_shortlisted')), ['未入围', ''])
  assert.deepEqual(said(nomination(1, 'winner', { status_label: '港城工匠' })), ['港城工匠', ''])
  assert.equal(dayText('2019-07-05'), '7月5日')
})

test('my nominations: a return before its deadline offers to complete and resubmit; after it, a note instead', async () => {
  const { wx } = setup()
  nominationServer(wx, { existing: [returned(1, true), returned(2, false), nomination(3, 'rejected', { return_reason: '已获“港城工匠”称号' }), nomination(4, 'under_review')] })
  const { page, ready } = loadPage('pages/my-nominations/index', {})
  await ready
  const [open, late, rejected, inReview] = page.data.items
  assert.deepEqual([open.statusLabel, open.detail, open.editable, open.note], ['已退回', '已退回：' + REASON + '（截止日期 6月30日）', true, ''])
  assert.deepEqual([late.editable, late.note], [false, '补充截止日期（6月30日）已过，不能再修改或重新提交；如有疑问请联系市总工会'])
  assert.deepEqual([rejected.statusLabel, rejected.detail, rejected.editable], ['未通过', '未通过：已获“港城工匠”称号', false])
  assert.deepEqual([inReview.statusLabel, inReview.tone, inReview.editable], ['审核中', 'review', false])
  page.onEdit({ currentTarget: { dataset: { id: 1 } } })
  assert.equal(wx.callsOf('navigateTo')[0].url, '/pages/nominate/index?id=1')
})

test('the form opens a return for more, saves what is completed and resubmits it back to review', async () => {
  const { wx } = setup()
  const server = nominationServer(wx, { existing: [returned(7, true)] })
  const { page, ready } = loadPage('pages/nominate/index', { id: '7' })
  await ready
  assert.equal(page.data.editable, true)
  assert.equal(page.data.returnDetail, '已退回：' + REASON + '（截止日期 6月30日）')
  page.setField('awards', '2018年获市职工技能大赛一等奖')
  await page.flushSave()
  assert.deepEqual(server.state.patches, [{ awards: '2018年获市职工技能大赛一等奖' }])
  // The phone's own completeness check is the form's (nominate.test.js); here the server answers the resubmission.
  page.setData({ form: Object.assign({}, page.data.form, completeValues()), files: completeFiles() })
  assert.equal(await page.onSubmit(), true)
  assert.equal(page.data.nominationStatus, 'under_review')
  assert.equal(page.data.editable, false)
  assert.equal(server.requests('POST', '/api/v1/nominations/7/submit').length, 1)
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(wx.callsOf('showModal')[0].content, '补充后的材料已重新提交，回到考察审核，请留意审核结果。')
  page.onUnload()
})

test('after the deadline the form opens read-only and says why', async () => {
  const { wx } = setup()
  nominationServer(wx, { existing: [returned(8, false)] })
  const { page, ready } = loadPage('pages/nominate/index', { id: '8' })
  await ready
  assert.equal(page.data.editable, false)
  assert.equal(page.data.lockedNote, '补充截止日期（6月30日）已过，不能再修改或重新提交；如有疑问请联系市总工会')
  page.setField('name', '改名')
  assert.equal(page.data.form.name, '王晓燕')
  assert.equal(await page.onSubmit(), false)
})

function completeValues () {
  const rules = require('../utils/nomination-rules')
  return {
    name: '王晓燕', gender: '女', political_status: '中共党员', birth_month: '1982-03', education: '大专', mobile: '13812345678',
    district: '海州区', employer_name: '连云港海缘数控机床有限公司', post: '班组长', trade: '数控车工', skill_level: '高级技师',
    trade_since: '2005-07', career: '2005 年起从事数控车工', awards: '2018年获市职工技能大赛一等奖', deeds: '匠'.repeat(200),
    story: '匠'.repeat(rules.limits.story_min), brief: '数控车工技能大赛冠军', privacy_consent: true,
    conditions: [{ condition: 2, evidence: '2017 年市技能大赛第一名' }]
  }
}

function completeFiles () {
  return {
    id_photo: [{ id: 1, state: 'done' }],
    work_photo: [{ id: 2, state: 'done' }, { id: 3, state: 'done' }],
    certificate: [{ id: 4, state: 'done' }, { id: 5, state: 'done' }]
  }
}

test("representative: the organization's returned nomination reads the same and is completed before the deadline", async () => {
  const { wx } = setup()
  const server = nominationServer(wx)
  server.on('GET', '/api/v1/organizations/mine', () => ({ items: [{ id: 1, name: '海州区总工会', kind: 'county_union', kind_label: '县区总工会', quota: 15, used: 2, left: 13 }] }))
  server.on('GET', '/api/v1/organizations/:id/endorsement-requests', () => ({ items: [] }))
  server.on('GET', '/api/v1/organizations/:id/nominations', () => ({ items: [
    Object.assign(returned(11, true), { channel: 'union' }), Object.assign(returned(12, false), { channel: 'union' }),
    nomination(13, 'qualified', { channel: 'union' })] }))
  const { page, ready } = loadPage('pages/representative/index', {})
  await ready
  const rows = page.data.nominations.map((n) => [n.statusLabel, n.editable, n.note !== ''])
  assert.deepEqual(rows, [['已退回', true, false], ['已退回', false, true], ['审核合格', false, false]])
  assert.equal(page.data.nominations[0].detail, '已退回：' + REASON + '（截止日期 6月30日）')
})
