// Loading, empty, offline and error states with a retry; the page's content (the slot) when ready.
Component({
  options: { multipleSlots: false },
  properties: {
    status: { type: String, value: 'loading' }, // loading | ready | empty | offline | error
    message: { type: String, value: '' },
    emptyText: { type: String, value: '暂无内容' },
    emptyHint: { type: String, value: '' }
  },
  methods: {
    onRetry () {
      this.triggerEvent('retry')
    }
  }
})
