// One notice: title, when it was sent, the text, and the page of the mini-program it points to.
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')
const { decorate } = require('../../utils/notices')
const { tokenFrom } = require('../../utils/scan')

// Not found (withdrawn, unpublished, a wrong link): a retry cannot help; the list can.
const MISSING = { not_found: { title: '通知不存在或已撤回', message: '这条通知可能已被撤回，或链接有误。最新的活动通知都在“活动通知”里。', action: '查看全部通知', home: true } }

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    final: null,
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
    }, { finals: MISSING })
  },

  onFinalAction () {
    wx.redirectTo({ url: '/pages/notices/index' })
  },

  onOpenPage () {
    wx.navigateTo({ url: this.data.notice.url, fail: () => toast('该页面暂不可用，请更新小程序后再试') })
  },

  onShareAppMessage () {
    const notice = this.data.notice || {}
    return { title: notice.title || '活动通知', path: '/pages/notice/index?id=' + this.noticeId }
  }
}
