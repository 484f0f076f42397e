// Nominees: whom the stage is about (before likes everyone, newest first, no counts; from the likes on the
// finalists — in commendation the winners — by likes, ranks while likes are open, as the campaign API says),
// search, filters (district, trade, channel), paging on scroll (utils/paged-list.js).
const api = require('../../utils/api')
const { loadRules } = require('../../utils/rules')
const { errorState, showError } = require('../../utils/page-state')
const { pagedList, pagedListData } = require('../../utils/paged-list')
const { CHANNELS, decorateCard, listMode } = require('../../utils/nominees')

const PER_PAGE = 10

module.exports = Object.assign({
  data: pagedListData({
    q: '',
    trade: '',
    district: '',
    districts: ['全部县区'],
    channel: '',
    channels: CHANNELS,
    channelIndex: 0,
    scope: '',
    scopes: [],
    sort: 'newest',
    sorts: [],
    showLikes: false,
    showRank: false
  }),

  async onLoad (query) {
    this.opened = query || {}
    return this.start()
  },

  // The district options and the stage's list mode first; then page 1.
  async start () {
    this.setData({ status: 'loading', errorMessage: '' })
    let rules, current
    try {
      [rules, current] = await Promise.all([loadRules(), api.get('/campaigns/current')])
    } catch (error) {
      this.setData(errorState(error))
      return
    }
    const mode = listMode(current)
    const wanted = this.opened.sort
    this.setData({
      districts: ['全部县区'].concat(rules.options.district),
      q: this.opened.q || '',
      scopes: mode.scopes,
      scope: mode.scope,
      sorts: mode.sorts,
      sort: mode.sorts.some((s) => s.value === wanted) ? wanted : mode.sort,
      showLikes: mode.showLikes,
      showRank: mode.showRank
    })
    this.started = true
    return this.reload()
  },

  retry () {
    return this.started ? this.reload() : this.start()
  },

  onPullDownRefresh () {
    return this.retry().then(() => wx.stopPullDownRefresh())
  },

  onReachBottom () {
    return this.loadMore()
  },

  query (page) {
    return {
      q: this.data.q.trim(),
      trade: this.data.trade.trim(),
      district: this.data.district,
      channel: this.data.channel,
      stage: this.data.scope,
      sort: this.data.sort,
      page,
      per_page: PER_PAGE
    }
  },

  onQueryInput (e) {
    this.setData({ q: e.detail.value })
  },

  onTradeInput (e) {
    this.setData({ trade: e.detail.value })
  },

  onSearch () {
    return this.reload()
  },

  onDistrict (e) {
    const index = Number(e.detail.value)
    this.setData({ district: index === 0 ? '' : this.data.districts[index] })
    return this.reload()
  },

  onChannel (e) {
    const index = Number(e.detail.value)
    this.setData({ channel: CHANNELS[index].value, channelIndex: index })
    return this.reload()
  },

  onScope (e) {
    const scope = e.currentTarget.dataset.scope
    if (scope === this.data.scope) return null
    this.setData({ scope })
    return this.reload()
  },

  onSort (e) {
    const sort = e.currentTarget.dataset.sort
    if (sort === this.data.sort) return null
    this.setData({ sort })
    return this.reload()
  },

  onClear () {
    this.setData({ q: '', trade: '', district: '', channel: '', channelIndex: 0 })
    return this.reload()
  },

  onOpen (e) {
    wx.navigateTo({ url: '/pages/nominee/index?id=' + e.detail.id })
  },

  onRetryMore () {
    return this.loadMore().catch(showError)
  },

  onShareAppMessage () {
    return { title: '来看看身边的港城工匠', path: '/pages/nominees/index' }
  }
}, pagedList('/nominees', decorateCard, PER_PAGE))
