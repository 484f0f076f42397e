// Loading, empty, offline and error states with a retry; the page's content (the slot) when ready.
Component({
  options: { multipleSlots: false },
  properties: {
    status: { type: String, value: 'loading' }, // loading | ready | empty | offline | error
    message: { type: String, value: '' },
    emptyText: { type: String, value: '暂无内容' },
    emptyHint: { type: String, value: '' },
    // A way forward from an empty answer (e.g. 清除搜索), emitted as "action"; 刷新 stays beside it.
    emptyAction: { type: String, value: '' }
  },
  methods: {
    onRetry () {
      this.triggerEvent('retry')
    },
    onAction () {
      this.triggerEvent('action')
    }
  }
})
