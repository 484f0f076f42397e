// One nominee in a list: photo, name, employer, trade and likes; a tap opens the detail page.
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
