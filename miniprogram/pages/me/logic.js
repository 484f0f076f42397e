// Me: my account (who I am, my roles), my inbox, and in development the server address.
const api = require('../../utils/api')
const config = require('../../utils/config')
const { loadInto, toast, showError } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')
const settings = require('./notification-settings')

const PER_PAGE = 20
const ROLE_LABELS = { organizer: '活动组织者', expert: '评议专家', representative: '单位联系人' }

module.exports = Object.assign({}, settings.handlers, {
  data: {
    status: 'loading',
    errorMessage: '',
    user: null,
    roleText: '',
    isRepresentative: false,
    inbox: [],
    unread: 0,
    total: 0,
    page: 0,
    hasMore: false,
    loadingMore: false,
    development: false,
    baseUrl: '',
    devLogin: '',
    devAccessKey: '',
    prefs: null,
    subscribedCount: 0
  },

  onLoad () {
    this.setData({
      development: config.envVersion() === 'develop',
      baseUrl: config.baseUrl(),
      devLogin: config.developmentLoginCode(),
      devAccessKey: config.developmentAccessKey()
    })
    return this.load()
  },

  retry () {
    return this.load()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  onReachBottom () {
    return this.loadMore()
  },

  load () {
    return loadInto(this, async () => {
      const user = await api.get('/me', { auth: 'required' })
      const inbox = await api.get('/me/notifications', { query: { page: 1, per_page: PER_PAGE } })
      this.setData({
        user,
        roleText: (user.roles || []).map((r) => ROLE_LABELS[r] || r).join('、') || '普通用户',
        isRepresentative: (user.roles || []).indexOf('representative') >= 0,
        inbox: inbox.items.map(this.decorate),
        unread: inbox.unread,
        total: inbox.total,
        page: 1,
        hasMore: inbox.items.length < inbox.total
      })
      this.loadSettings() // not needed to show the page: loads after it
    })
  },

  decorate (notification) {
    return { id: notification.id, title: notification.title, body: notification.body, read: notification.read, time: formatDate(notification.created_at), data: notification.data || {} }
  },

  async loadMore () {
    if (!this.data.hasMore || this.data.loadingMore) return
    this.setData({ loadingMore: true })
    try {
      const inbox = await api.get('/me/notifications', { query: { page: this.data.page + 1, per_page: PER_PAGE } })
      const items = this.data.inbox.concat(inbox.items.map(this.decorate))
      this.setData({ inbox: items, page: this.data.page + 1, hasMore: inbox.items.length > 0 && items.length < inbox.total })
    } catch (error) {
      showError(error)
    } finally {
      this.setData({ loadingMore: false })
    }
  },

  async onMarkAllRead () {
    try {
      await api.post('/me/notifications/read', {})
      this.setData({ inbox: this.data.inbox.map((n) => Object.assign({}, n, { read: true })), unread: 0 })
    } catch (error) {
      showError(error)
    }
  },

  async onOpenNotification (e) {
    const index = Number(e.currentTarget.dataset.index)
    const item = this.data.inbox[index]
    if (!item.read) {
      try {
        await api.post('/me/notifications/read', { ids: [item.id] })
        this.setData({ ['inbox[' + index + '].read']: true, unread: Math.max(0, this.data.unread - 1) })
      } catch (error) {
        // Reading still works; the mark follows next time.
      }
    }
    if (item.data.nomination_id) wx.navigateTo({ url: '/pages/my-nominations/index' })
  },

  go (e) {
    wx.navigateTo({ url: e.currentTarget.dataset.url })
  },

  async onRelogin () {
    api.logout()
    try {
      await api.login()
      toast('已重新登录', 'success')
      return this.load()
    } catch (error) {
      showError(error)
      return null
    }
  },

  onDevLoginInput (e) {
    this.setData({ devLogin: e.detail.value })
  },

  // Development: sign in as a demo user of the emulator (empty: back to the WeChat login).
  onSaveDevLogin () {
    try {
      const code = config.setDevelopmentLogin(this.data.devLogin)
      const accessKey = config.setDevelopmentAccessKey(this.data.devAccessKey)
      this.setData({ devLogin: code, devAccessKey: accessKey })
      return this.onRelogin()
    } catch (error) {
      toast(error.message)
      return null
    }
  },

  onDevAccessKeyInput (e) {
    this.setData({ devAccessKey: e.detail.value })
  },

  onBaseUrlInput (e) {
    this.setData({ baseUrl: e.detail.value })
  },

  onSaveBaseUrl () {
    try {
      const url = config.setDevelopmentBaseUrl(this.data.baseUrl)
      api.logout() // a token of one server means nothing to another
      this.setData({ baseUrl: url })
      toast('已切换服务器', 'success')
      return this.load()
    } catch (error) {
      toast(error.message)
      return null
    }
  }
})
