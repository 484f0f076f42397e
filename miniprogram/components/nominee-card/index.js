// One nominee in a list (a card): the ID photo (3:4, whole), name, status, employer, trade, district; its likes
// where the list shows likes (nominees in the likes only: `rank` set) and its rank while likes are open; a tap
// opens the detail page.
Component({
  properties: {
    nominee: { type: Object, value: {} },
    showLikes: { type: Boolean, value: true },
    showRank: { type: Boolean, value: true }
  },
  methods: {
    onTap () {
      this.triggerEvent('open', { id: this.data.nominee.id })
    }
  }
})
