// What the home page offers: what a person can do in the current stage (from the server's `open` flags and
// stage), a line on each stage of the timeline, and the entries grid reaching every part of the campaign.

// The stages as people read them on the timeline.
const STAGE_HINTS = {
  nomination: '个人自荐、单位和工会集中推荐，人人可提供推荐线索',
  review: '市总工会考察审核，确定入围名单',
  promotion: '宣传入围工匠的技能故事，为工匠点赞',
  evaluation: '专家评议，评选结果向社会公示，接受异议',
  commendation: '发布表彰决定，颁发荣誉，入选荣誉榜'
}

// The buttons of "现在可以": [stage key or '*', condition on `open`, title, url, primary?]
const ACTIONS = [
  ['nomination', (open) => open.nominations, '我要自荐', '/pages/nominate/index', true],
  ['*', (open) => open.recommendations, '推荐身边工匠', '/pages/recommend/index', false],
  ['review', () => true, '查看推荐对象', '/pages/nominees/index', true],
  ['promotion', (open) => open.likes, '为工匠点赞', '/pages/nominees/index', true],
  ['promotion', () => true, '点赞排行', '/pages/leaderboard/index', false],
  ['promotion', () => true, '技能推介', '/pages/articles/index', false],
  ['evaluation', () => true, '查看公示', '/pages/results/index', true],
  ['evaluation', (open) => open.objections, '提出异议', '/pages/objection/index', false],
  ['commendation', () => true, '荣誉榜', '/pages/honour-roll/index', true],
  ['commendation', () => true, '评选结果', '/pages/results/index', false]
]

function stageActions (stageKey, open) {
  const flags = open || {}
  return ACTIONS.filter(([stage, allowed]) => (stage === '*' || stage === stageKey) && allowed(flags))
    .map(([, , title, url, primary]) => ({ title, url, primary }))
}

// Every part of the campaign, one tap away (the page behind it the second). `subscribe` asks for reminders.
function entries ({ likesOpen, isRepresentative }) {
  return [
    { key: 'nominees', title: '工匠风采', text: likesOpen ? '浏览并点赞' : '浏览推荐对象', url: '/pages/nominees/index' },
    { key: 'leaderboard', title: '点赞排行', text: '谁的点赞最多', url: '/pages/leaderboard/index' },
    { key: 'articles', title: '技能推介', text: '入围工匠报道', url: '/pages/articles/index' },
    { key: 'results', title: '评选公示', text: '评选结果名单', url: '/pages/results/index' },
    { key: 'objection', title: '异议', text: '实名提出异议', url: '/pages/objection/index' },
    { key: 'honour-roll', title: '荣誉榜', text: '历届获评工匠', url: '/pages/honour-roll/index' },
    { key: 'notices', title: '活动通知', text: '市总工会通知', url: '/pages/notices/index' },
    { key: 'subscribe', title: '订阅提醒', text: '公示与活动提醒', url: '' },
    { key: 'my-nominations', title: '我的推荐', text: '进度与认可码', url: '/pages/my-nominations/index' },
    isRepresentative && { key: 'representative', title: '单位代表', text: '名额与集中推荐', url: '/pages/representative/index' },
    { key: 'me', title: '我的', text: '账号与消息', url: '/pages/me/index' }
  ].filter(Boolean)
}

module.exports = { STAGE_HINTS, stageActions, entries }
