// The results on public notice (评选结果公示): the two groups, the window, changes (递补), and the way to object.
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')
const subscribe = require('../../utils/subscribe')
const { formatDate } = require('../../utils/text')

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    result: null,
    canObject: false,
    windowText: ''
  },

  onLoad () {
    subscribe.prepare()
    return this.load()
  },

  // "订阅结果通知": one message per 允许 for the result and activity templates.
  async onSubscribe () {
    const grants = await subscribe.ask('results')
    if (grants) toast('已订阅，结果公布或有变更时将通过微信通知您', 'success')
    return grants
  },

  retry () {
    return this.load()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  load () {
    return loadInto(this, async () => {
      const result = await api.get('/results')
      const windowText = result.published ? '公示期：' + formatDate(result.starts_on) + '至' + formatDate(result.ends_on) + '（' + result.working_days + '个工作日）' : ''
      this.setData({ result, canObject: result.state === 'open', windowText })
      return result
    }, { isEmpty: (result) => !result.published })
  },

  // Before the notice: the empty view's way forward.
  onNominees () {
    wx.navigateTo({ url: '/pages/nominees/index' })
  },

  // "我要异议": about one person on the notice, or (from the bottom bar) choose on the form.
  onObject (e) {
    if (!this.data.canObject) return false
    const dataset = (e && e.currentTarget && e.currentTarget.dataset) || {}
    const query = dataset.id ? '?id=' + dataset.id + '&name=' + encodeURIComponent(dataset.name || '') : ''
    wx.navigateTo({ url: '/pages/objection/index' + query })
    return true
  }
}
