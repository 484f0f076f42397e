// "宣传报道" on a nominee's page: the newest published articles about that nominee; nothing at all
// when there are none, so the page stays as it was before the promotion stage.
const api = require('../../utils/api')
const { decorate } = require('../../utils/articles')

const SHOWN = 5

Component({
  properties: {
    nomineeId: { type: Number, value: 0, observer: 'load' }
  },
  data: {
    status: 'idle', // idle, loading, ready, error
    items: [],
    total: 0
  },
  methods: {
    async load () {
      const id = this.data.nomineeId
      if (!id) return
      this.setData({ status: 'loading' })
      try {
        const result = await api.get('/articles', { query: { nominee_id: id, per_page: SHOWN } })
        if (id !== this.data.nomineeId) return // another nominee meanwhile
        this.setData({ status: 'ready', items: result.items.map(decorate), total: result.total })
      } catch (error) {
        this.setData({ status: 'error' })
      }
    },
    onOpen (e) {
      wx.navigateTo({ url: '/pages/article/index?id=' + e.currentTarget.dataset.id })
    },
    onAll () {
      wx.navigateTo({ url: '/pages/articles/index?nominee_id=' + this.data.nomineeId })
    },
    onRetry () {
      return this.load()
    }
  }
})
