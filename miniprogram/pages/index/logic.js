// Home: the campaign, its current stage and timeline, and the ways in (nominate, recommend, browse).
const api = require('../../utils/api')
const { loadInto } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')

const STATUS_LABELS = { done: '已结束', current: '进行中', upcoming: '未开始' }
const PHASE_TEXT = { before: '活动尚未开始', between: '阶段间隙，请留意下一阶段', after: '本届活动已结束' }

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    campaign: null,
    stageText: '',
    open: {},
    timeline: [],
    prizes: null,
    leaders: [],
    isRepresentative: false,
    showResults: false
  },

  onLoad () {
    return this.load()
  },

  onShow () {
    const user = api.currentUser()
    this.setData({ isRepresentative: Boolean(user && (user.roles || []).indexOf('representative') >= 0) })
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  retry () {
    return this.load()
  },

  load () {
    return loadInto(this, async () => {
      const current = await api.get('/campaigns/current')
      this.setData({
        campaign: current.campaign,
        stageText: current.stage ? '当前阶段：' + current.stage.name : PHASE_TEXT[current.phase] || '',
        open: current.open,
        // The results are on notice from the evaluation stage on (the results page says when they are not yet).
        showResults: Boolean(current.stage && ['evaluation', 'commendation'].indexOf(current.stage.key) >= 0),
        prizes: current.prizes_yuan,
        selection: current.selection,
        timeline: current.timeline.map((row) => ({
          key: row.key,
          name: row.name,
          dates: formatDate(row.starts_on) + ' — ' + formatDate(row.ends_on),
          status: row.status,
          statusLabel: STATUS_LABELS[row.status] || ''
        }))
      })
      if (current.open.likes) {
        try {
          const board = await api.get('/leaderboard', { query: { limit: 5 } })
          this.setData({ leaders: board.items || [] })
        } catch (error) {
          this.setData({ leaders: [] }) // the ranking is a bonus; the page stands without it
        }
      }
      return current
    })
  },

  go (e) {
    wx.navigateTo({ url: e.currentTarget.dataset.url })
  },

  onShareAppMessage () {
    return { title: '寻找身边的港城工匠：推荐、点赞你身边的能工巧匠', path: '/pages/index/index' }
  }
}
