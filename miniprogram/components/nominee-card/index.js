// One nominee in a list (a card): thumbnail, name, status, employer, trade, district, likes and rank; a tap
// opens the detail page.
Component({
  properties: {
    nominee: { type: Object, value: {} }
  },
  methods: {
    onTap () {
      this.triggerEvent('open', { id: this.data.nominee.id })
    }
  }
})
