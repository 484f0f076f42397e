// The bar fixed at the bottom of a nominee's page: share to a chat, the poster, and (where likes are about
// this nominee) the like button with its count. Share is WeChat's own button (the page's onShareAppMessage).
Component({
  properties: {
    showLike: { type: Boolean, value: false },
    likes: { type: Number, value: 0 },
    state: { type: String, value: 'ready' },
    posterBusy: { type: Boolean, value: false }
  },
  methods: {
    onLike () {
      this.triggerEvent('like')
    },
    onPoster () {
      if (this.data.posterBusy) return
      this.triggerEvent('poster')
    }
  }
})
