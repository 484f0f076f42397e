// The like button's states and what each one tells the person, including every refusal the
// server can answer (POST /nominees/{id}/like).

// state → label on the button, whether it can be tapped
const STATES = {
  ready: { label: '为 TA 点赞', tappable: true },
  busy: { label: '点赞中…', tappable: false },
  liked: { label: '今日已点赞', tappable: false },
  exhausted: { label: '今日次数已用完', tappable: false },
  closed: { label: '点赞未开放', tappable: false },
  ended: { label: '点赞已结束', tappable: false },
  held: { label: '点赞暂停', tappable: false },
  not_likeable: { label: '暂不可点赞', tappable: false },
  too_fast: { label: '稍后再试', tappable: true },
  risk: { label: '点赞未成功', tappable: false },
  error: { label: '重试点赞', tappable: true }
}

// refusal code → state and the explanation shown under the button
const REFUSALS = {
  already_liked_today: { state: 'liked', hint: '今天已为 TA 点过赞，明天再来加油吧' },
  daily_limit_reached: { state: 'exhausted', hint: '今天的点赞次数已用完，明天 0 点后恢复' },
  stage_closed: { state: 'closed', hint: '点赞只在技能推介阶段开放，请留意活动时间' },
  held_for_review: { state: 'held', hint: '该工匠的点赞数据正在核查，核查完成后恢复点赞' },
  not_likeable: { state: 'not_likeable', hint: '该工匠目前不在可点赞名单中' },
  too_fast: { state: 'too_fast', hint: '操作太快了，请稍后再点' },
  risk_rejected: { state: 'risk', hint: '当前账号存在安全风险，本次点赞未计入' }
}

function remainingHint (remaining) {
  if (remaining === null || remaining === undefined) return ''
  return remaining > 0 ? '今天还可以点赞 ' + remaining + ' 次' : ''
}

// The state before any tap: from the campaign (likes open?), the nominee and what I did today.
function initialState ({ likesOpen, likeable = true, held = false, likedToday = false, remaining = null }) {
  if (!likesOpen) return { state: 'closed', hint: REFUSALS.stage_closed.hint }
  if (held) return { state: 'held', hint: REFUSALS.held_for_review.hint }
  if (!likeable) return { state: 'not_likeable', hint: REFUSALS.not_likeable.hint }
  if (likedToday) return { state: 'liked', hint: REFUSALS.already_liked_today.hint + (remaining > 0 ? '（今天还可为其他工匠点赞 ' + remaining + ' 次）' : '') }
  if (remaining === 0) return { state: 'exhausted', hint: REFUSALS.daily_limit_reached.hint }
  return { state: 'ready', hint: remainingHint(remaining) }
}

// After a successful like.
function afterLike ({ remaining_today: remaining }) {
  return { state: 'liked', hint: '点赞成功！' + (remaining > 0 ? '今天还可为其他工匠点赞 ' + remaining + ' 次' : '今天的点赞次数已用完') }
}

// After a refusal or a failure: the server's message, and what it means for the button.
function afterError (error) {
  const refusal = REFUSALS[error.code]
  if (refusal) {
    let hint = refusal.hint
    if (error.code === 'too_fast' && error.retryAfter) hint = '操作太快了，请 ' + error.retryAfter + ' 秒后再试'
    return { state: refusal.state, hint, message: error.message }
  }
  return { state: 'error', hint: error.message || '点赞未成功，请重试', message: error.message }
}

// What a nominee's page shows of likes, from the likes phase (utils/nominees.likesPhase), the nominee as the
// API gives it (`rank` null: not in the likes; `likeable`, `held_for_review` booleans) and what I did today.
// `shown` false: no button, no count (before the likes, or a nominee the likes are not about).
function panelFor ({ phase, nominee, likedToday = false, remaining = null }) {
  if (phase === 'upcoming' || !nominee || nominee.rank === null || nominee.rank === undefined) {
    return { shown: false, state: 'closed', hint: '' }
  }
  if (phase === 'over') {
    return { shown: true, state: 'ended', hint: '点赞已结束，共获 ' + (nominee.likes || 0) + ' 赞' }
  }
  const initial = initialState({
    likesOpen: phase === 'open',
    likeable: nominee.likeable === true,
    held: nominee.held_for_review === true,
    likedToday,
    remaining
  })
  return Object.assign({ shown: true }, initial)
}

function describe (state) {
  return STATES[state] || STATES.error
}

module.exports = { STATES, REFUSALS, initialState, panelFor, afterLike, afterError, describe }
