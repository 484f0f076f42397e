// Nominees: search, filters (district, trade, channel), sort by likes or newest, paging on scroll.
const api = require('../../utils/api')
const { loadRules } = require('../../utils/rules')
const { appendPage, errorState, showError } = require('../../utils/page-state')
const { CHANNELS, decorateCard } = require('../../utils/nominees')

const PER_PAGE = 10
const SORTS = [{ value: 'likes', label: '按点赞' }, { value: 'newest', label: '最新' }]

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    items: [],
    total: 0,
    page: 0,
    hasMore: true,
    loadingMore: false,
    moreError: '',
    q: '',
    trade: '',
    district: '',
    districts: ['全部县区'],
    channel: '',
    channels: CHANNELS,
    channelIndex: 0,
    sort: 'likes',
    sorts: SORTS
  },

  async onLoad (query) {
    const rules = await loadRules()
    this.setData({
      districts: ['全部县区'].concat(rules.options.district),
      q: (query && query.q) || '',
      sort: query && query.sort === 'newest' ? 'newest' : 'likes'
    })
    return this.reload()
  },

  retry () {
    return this.reload()
  },

  onPullDownRefresh () {
    return this.reload().then(() => wx.stopPullDownRefresh())
  },

  onReachBottom () {
    return this.loadMore()
  },

  query (page) {
    return { q: this.data.q.trim(), trade: this.data.trade.trim(), district: this.data.district, channel: this.data.channel, sort: this.data.sort, page, per_page: PER_PAGE }
  },

  // A new search: page 1, replacing the list. A late answer to an older search is dropped.
  async reload () {
    const ticket = (this.ticket = (this.ticket || 0) + 1)
    this.setData({ status: 'loading', errorMessage: '', moreError: '' })
    try {
      const result = await api.get('/nominees', { query: this.query(1) })
      if (ticket !== this.ticket) return
      const items = result.items.map(decorateCard)
      this.setData({ items, total: result.total, page: 1, hasMore: items.length < result.total, status: items.length ? 'ready' : 'empty' })
    } catch (error) {
      if (ticket === this.ticket) this.setData(errorState(error))
    }
  },

  async loadMore () {
    if (!this.data.hasMore || this.data.loadingMore || this.data.status !== 'ready') return
    const ticket = this.ticket
    this.setData({ loadingMore: true, moreError: '' })
    try {
      const result = await api.get('/nominees', { query: this.query(this.data.page + 1) })
      if (ticket !== this.ticket) return
      const items = appendPage(this.data.items, result.items, decorateCard)
      this.setData({ items, total: result.total, page: this.data.page + 1, hasMore: result.items.length > 0 && items.length < result.total })
    } catch (error) {
      this.setData({ moreError: error.message })
    } finally {
      this.setData({ loadingMore: false })
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
}
