// 活动通知: the notices the city union sent to everyone, newest first, paging on scroll.
const api = require('../../utils/api')
const { appendPage, errorState, showError } = require('../../utils/page-state')
const { decorate } = require('../../utils/notices')

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
    moreError: ''
  },

  onLoad () {
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

  async reload () {
    const ticket = (this.ticket = (this.ticket || 0) + 1)
    this.setData({ status: 'loading', errorMessage: '', moreError: '' })
    try {
      const result = await api.get('/notices', { query: { page: 1, per_page: PER_PAGE } })
      if (ticket !== this.ticket) return
      const items = result.items.map(decorate)
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
      const result = await api.get('/notices', { query: { page: this.data.page + 1, per_page: PER_PAGE } })
      if (ticket !== this.ticket) return
      const items = appendPage(this.data.items, result.items, decorate)
      this.setData({ items, total: result.total, page: this.data.page + 1, hasMore: result.items.length > 0 && items.length < result.total })
    } catch (error) {
      this.setData({ moreError: error.message })
    } finally {
      this.setData({ loadingMore: false })
    }
  },

  onOpen (e) {
    wx.navigateTo({ url: '/pages/notice/index?id=' + e.currentTarget.dataset.id })
  },

  onRetryMore () {
    return this.loadMore().catch(showError)
  },

  onShareAppMessage () {
    return { title: '“港城工匠”活动通知', path: '/pages/notices/index' }
  }
}
