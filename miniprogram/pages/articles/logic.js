// The promotion feed (技能推介): published articles about the finalists, newest first, filtered by outlet,
// paging on scroll.
const { showError } = require('../../utils/page-state')
const { pagedList, pagedListData } = require('../../utils/paged-list')
const { OUTLETS, decorate } = require('../../utils/articles')

const PER_PAGE = 10

module.exports = Object.assign({
  data: pagedListData({
    outlets: OUTLETS,
    outlet: '',
    nomineeId: 0 // from a nominee's "查看全部": only that nominee's articles
  }),

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

  onFirstPage (items) {
    if (this.data.nomineeId && items.length) wx.setNavigationBarTitle({ title: items[0].nominee_name + '的报道' })
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
}, pagedList('/articles', decorate, PER_PAGE))
