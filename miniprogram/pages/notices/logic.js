// 活动通知: the notices the city union sent to everyone, newest first, paging on scroll.
const { showError } = require('../../utils/page-state')
const { pagedList, pagedListData } = require('../../utils/paged-list')
const { decorate } = require('../../utils/notices')

const PER_PAGE = 10

module.exports = Object.assign({
  data: pagedListData(),

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

  onOpen (e) {
    wx.navigateTo({ url: '/pages/notice/index?id=' + e.currentTarget.dataset.id })
  },

  onRetryMore () {
    return this.loadMore().catch(showError)
  },

  onShareAppMessage () {
    return { title: '“港城工匠”活动通知', path: '/pages/notices/index' }
  }
}, pagedList('/notices', decorate, PER_PAGE))
