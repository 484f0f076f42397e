// One notice: title, when it was sent, the text, and the page of the mini-program it points to.
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')
const { decorate } = require('../../utils/notices')
const { tokenFrom } = require('../../utils/scan')

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    notice: null
  },

  onLoad (query) {
    this.noticeId = Number(tokenFrom(query, 'id') || 0)
    wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] })
    return this.load()
  },

  retry () {
    return this.load()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  load () {
    return loadInto(this, async () => {
      const notice = await api.get('/notices/' + this.noticeId)
      wx.setNavigationBarTitle({ title: notice.title })
      this.setData({ notice: decorate(notice) })
      return notice
    })
  },

  onOpenPage () {
    wx.navigateTo({ url: this.data.notice.url, fail: () => toast('该页面暂不可用，请更新小程序后再试') })
  },

  onShareAppMessage () {
    const notice = this.data.notice || {}
    return { title: notice.title || '活动通知', path: '/pages/notice/index?id=' + this.noticeId }
  }
}
