// Home: the campaign's banner and story, its current stage with a countdown and what one can do now, the
// totals, the timeline, the leaderboard's top five and an entry to every part of the campaign.
const api = require('../../utils/api')
const subscribe = require('../../utils/subscribe')
const { loadInto, toast } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')
const { STAGE_HINTS, stageActions, entries } = require('./actions')
const { STORY } = require('./story')

const STATUS_LABELS = { done: '已结束', current: '进行中', upcoming: '未开始' }
const PHASE_TEXT = { before: '活动尚未开始', between: '阶段间隙，请留意下一阶段', after: '本届活动已结束' }
const LEADERS_SHOWN = 5

function isRepresentative (user) {
  return Boolean(user && (user.roles || []).indexOf('representative') >= 0)
}

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    story: STORY,
    campaign: null,
    stageText: '',
    stageKey: '',
    open: {},
    actions: [],
    countdowns: [],
    totals: null,
    showLikeTotal: false,
    timeline: [],
    prizes: null,
    leaders: [],
    entries: entries({ likesOpen: false, isRepresentative: false }),
    isRepresentative: false,
    showResults: false
  },

  onLoad () {
    subscribe.prepare() // the templates 订阅提醒 asks for, ready before the tap
    this.refreshUser()
    return this.load()
  },

  onShow () {
    return this.refreshUser()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  retry () {
    return this.load()
  },

  // The stored user decides the 单位代表 entry; a first visit has none stored, so log in silently (no
  // prompt: WeChat's login code) and show the entry at once rather than on the next visit. A failed login hides it.
  async refreshUser () {
    let user = api.currentUser()
    if (!user) {
      try {
        user = await api.login()
      } catch (error) {
        user = null
      }
    }
    this.setData({ isRepresentative: isRepresentative(user) })
    this.setData({ entries: entries({ likesOpen: Boolean(this.data.open.likes), isRepresentative: this.data.isRepresentative }) })
    return user
  },

  load () {
    return loadInto(this, async () => {
      const current = await api.get('/campaigns/current')
      const stageKey = current.stage ? current.stage.key : ''
      this.setData({
        campaign: current.campaign,
        stageText: current.stage ? '当前阶段：' + current.stage.name : PHASE_TEXT[current.phase] || '',
        stageKey,
        open: current.open,
        actions: stageActions(stageKey, current.open),
        countdowns: current.countdowns || [],
        // Likes counted only once they can happen: not while the server still names the day they open.
        showLikeTotal: Boolean(current.open.likes) || !(current.opens_on && current.opens_on.likes),
        // The results are on notice from the evaluation stage on (the results page says when they are not yet).
        showResults: ['evaluation', 'commendation'].indexOf(stageKey) >= 0,
        prizes: current.prizes_yuan,
        selection: current.selection,
        entries: entries({ likesOpen: Boolean(current.open.likes), isRepresentative: this.data.isRepresentative }),
        timeline: current.timeline.map((row) => ({
          key: row.key,
          name: row.name,
          hint: STAGE_HINTS[row.key] || '',
          dates: formatDate(row.starts_on) + ' — ' + formatDate(row.ends_on),
          status: row.status,
          statusLabel: STATUS_LABELS[row.status] || ''
        }))
      })
      // The totals and the ranking are a bonus: the page stands without them.
      const [totals, board] = await Promise.all([
        api.get('/campaigns/current/totals').catch(() => null),
        api.get('/leaderboard', { query: { limit: LEADERS_SHOWN } }).catch(() => null)
      ])
      this.setData({
        totals,
        leaders: board ? board.items || [] : [],
        leadersTotal: board ? board.total || 0 : 0
      })
      return current
    })
  },

  // A countdown reached 0: the stage or the notice changed; read the campaign again.
  onCountdownEnd () {
    return this.load()
  },

  go (e) {
    const url = e.currentTarget.dataset.url
    if (url) wx.navigateTo({ url })
  },

  // The entries grid: a page, or (订阅提醒) WeChat's subscribe dialog — in the tap itself, before any await.
  onEntry (e) {
    if (e.currentTarget.dataset.key !== 'subscribe') return this.go(e)
    return subscribe.ask('results').then((grants) => {
      if (grants) toast('已订阅，有新消息会提醒您', 'success')
      else toast('可在“我的 → 通知设置”中管理提醒')
      return grants
    })
  },

  onShareAppMessage () {
    return { title: '寻找身边的港城工匠：推荐、点赞你身边的能工巧匠', path: '/pages/index/index' }
  }
}
