// Loading, empty, offline and error states with a retry; the page's content (the slot) when ready.
// "final": a refusal that retrying cannot change (an invalid or expired code, a notice withdrawn): the
// page's `final` says what happened ({title, message}) and the way forward ({action, home}) instead of 重试.
const HOME = '/pages/index/index'

Component({
  options: { multipleSlots: false },
  properties: {
    status: { type: String, value: 'loading' }, // loading | ready | empty | offline | error | final
    message: { type: String, value: '' },
    emptyText: { type: String, value: '暂无内容' },
    emptyHint: { type: String, value: '' },
    // A way forward from an empty answer (e.g. 清除搜索), emitted as "action"; 刷新 stays beside it.
    emptyAction: { type: String, value: '' },
    // {title, message, action: label of the page's way forward (emitted as "action"), home: 返回首页 too}
    final: { type: Object, value: null }
  },
  methods: {
    onRetry () {
      this.triggerEvent('retry')
    },
    onAction () {
      this.triggerEvent('action', { status: this.data.status })
    },
    onHome () {
      wx.reLaunch({ url: HOME })
    }
  }
})
