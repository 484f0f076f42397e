// The promotion feed (技能推介): published articles about the finalists, newest first, filtered by outlet,
// paging on scroll.
const api = require('../../utils/api')
const { appendPage, errorState, showError } = require('../../utils/page-state')
const { OUTLETS, decorate } = require('../../utils/articles')

const PER_PAGE = 10

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
    outlets: OUTLETS,
    outlet: '',
    nomineeId: 0 // from a nominee's "查看全部": only that nominee's articles
  },

  onLoad (query) {
    const wanted = (query && query.outlet) || ''
    this.setData({ outlet: OUTLETS.some((o) => o.value === wanted) ? wanted : '', nomineeId: Number((query && query.nominee_id) || 0) })
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
    return { outlet: this.data.outlet, nominee_id: this.data.nomineeId || '', page, per_page: PER_PAGE }
  },

  // Page 1 again, replacing the list; a late answer to an older filter is dropped.
  async reload () {
    const ticket = (this.ticket = (this.ticket || 0) + 1)
    this.setData({ status: 'loading', errorMessage: '', moreError: '' })
    try {
      const result = await api.get('/articles', { query: this.query(1) })
      if (ticket !== this.ticket) return
      const items = result.items.map(decorate)
      if (this.data.nomineeId && items.length) wx.setNavigationBarTitle({ title: items[0].nominee_name + '的报道' })
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
      const result = await api.get('/articles', { query: this.query(this.data.page + 1) })
      if (ticket !== this.ticket) return
      const items = appendPage(this.data.items, result.items, decorate)
      this.setData({ items, total: result.total, page: this.data.page + 1, hasMore: result.items.length > 0 && items.length < result.total })
    } catch (error) {
      this.setData({ moreError: error.message })
    } finally {
      this.setData({ loadingMore: false })
    }
  },

  onOutlet (e) {
    const outlet = e.currentTarget.dataset.outlet || ''
    if (outlet === this.data.outlet) return null
    this.setData({ outlet })
    return this.reload()
  },

  onOpen (e) {
    wx.navigateTo({ url: '/pages/article/index?id=' + e.currentTarget.dataset.id })
  },

  onRetryMore () {
    return this.loadMore().catch(showError)
  },

  onShareAppMessage () {
    return { title: '技能推介：走近身边的港城工匠', path: '/pages/articles/index' }
  }
}
