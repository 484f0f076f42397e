// Each state of a nomination in plain words for the nominee and the organization that filed it, and
// whether the form can be completed and (re)submitted now (the server decides: `open_for_changes`).

// Statuses the nominee reads as one: the review has the nomination, whatever its step inside.
const IN_REVIEW = ['submitted', 'endorsed', 'under_review']
const EDITABLE = ['draft', 'returned']
const WORDS = {
  draft: '草稿',
  awaiting_endorsement: '待单位认可',
  endorsement_check: '单位认可待核实',
  qualified: '审核合格',
  finalist: '已入围',
  not_shortlisted: '未入围',
  withdrawn: '已撤回'
}

// "2019-06-30" → "6月30日" (a day of the campaign's calendar, no time zone to convert).
function dayText (iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '')
  return match ? Number(match[2]) + '月' + Number(match[3]) + '日' : ''
}

function openForChanges (nomination) {
  if (typeof nomination.open_for_changes === 'boolean') return nomination.open_for_changes
  return EDITABLE.indexOf(nomination.status) >= 0 // a server that does not say: the status alone
}

// { label, tone, detail, note, editable, deadline }: label for the badge, detail under it (why, until when),
// note when the form can no longer be changed although the state would allow it.
function describe (nomination) {
  const status = nomination.status
  const reason = nomination.return_reason || ''
  const editable = openForChanges(nomination)
  const result = { label: WORDS[status] || nomination.status_label || status, tone: status, detail: '', note: '', editable, deadline: '' }
  if (IN_REVIEW.indexOf(status) >= 0) {
    result.label = '审核中'
    result.tone = 'review'
  } else if (status === 'returned') {
    result.label = '已退回'
    if (nomination.resubmit_by) {
      result.deadline = dayText(nomination.resubmit_by)
      result.detail = '已退回：' + (reason || '请补充材料') + '（截止日期 ' + result.deadline + '）'
      if (!editable) result.note = '补充截止日期（' + result.deadline + '）已过，不能再修改或重新提交；如有疑问请联系市总工会'
    } else {
      result.detail = '已退回：' + (reason || '请修改后重新提交')
      if (!editable) result.note = '推荐申报已结束，不能再重新提交；如有疑问请联系市总工会'
    }
  } else if (status === 'rejected') {
    result.label = '未通过'
    result.detail = '未通过：' + (reason || '未通过考察审核')
  }
  return result
}

// The form's part of it: a new form is editable; a returned one says what to complete and until when.
function formState (nomination) {
  if (!nomination) return { editable: true, returnDetail: '', lockedNote: '' }
  const state = describe(nomination)
  return { editable: state.editable, returnDetail: nomination.status === 'returned' ? state.detail : '', lockedNote: state.note }
}

// What the nominee is told once the server accepted a submission.
function submittedMessage (status) {
  if (status === 'awaiting_endorsement') return '请到“我的推荐”出示认可码，请所在单位或行业协会扫码认可。'
  if (status === 'under_review') return '补充后的材料已重新提交，回到考察审核，请留意审核结果。'
  return '推荐材料已提交，请留意审核进度。'
}

// 我的推荐 with nothing in it, by the stage the server names: the way forward that exists now (the form
// only while the server says a self-nomination can be started; later the finalists or the results).
const NOTHING = '您还没有推荐记录'
const AFTER_NOMINATION = {
  review: { text: '本届推荐申报已截止', hint: '申报材料正在考察审核，入围名单将在技能推介阶段公布', action: '看看申报的工匠', url: '/pages/nominees/index' },
  promotion: { text: '本届推荐已截止', hint: '去看看入围工匠，为身边的工匠点赞', action: '看看入围工匠', url: '/pages/nominees/index' },
  evaluation: { text: '本届推荐已截止', hint: '评选结果正在公示，欢迎监督', action: '查看评选结果', url: '/pages/results/index' },
  commendation: { text: '本届评选已结束', hint: '看看本届当选的港城工匠', action: '查看评选结果', url: '/pages/results/index' }
}

function emptyState (stage, canSelfNominate) {
  if (canSelfNominate) return { text: NOTHING, hint: '符合条件的职工可以自荐参加评选', action: '填写自荐表', url: '/pages/nominate/index' }
  const after = stage && AFTER_NOMINATION[stage.key]
  if (after) return Object.assign({}, after)
  return { text: NOTHING, hint: '推荐申报开放后，符合条件的职工可以自荐参加评选', action: '', url: '' }
}

// A nominee on the leaderboard (the server's `standing`): likes, the place when ranked, and what sharing
// the public page is for (votes while they can be liked, else just the page).
function standingText (standing) {
  if (!standing) return null
  return { likes: standing.likes || 0, rankText: standing.rank ? '第' + standing.rank + '名' : '', shareLabel: standing.likeable ? '分享拉票' : '分享给好友' }
}

module.exports = { describe, dayText, formState, openForChanges, submittedMessage, emptyState, standingText, IN_REVIEW }
