// The like button: its count, its state (see utils/like-state.js) and the explanation under it; `compact`:
// the button alone with the count in it (the nominee page's bottom bar).
const { describe } = require('../../utils/like-state')

Component({
  properties: {
    likes: { type: Number, value: 0 },
    state: { type: String, value: 'ready' },
    hint: { type: String, value: '' },
    compact: { type: Boolean, value: false }
  },
  data: { label: '为 TA 点赞', tappable: true },
  observers: {
    state (state) {
      const shown = describe(state)
      this.setData({ label: shown.label, tappable: shown.tappable })
    }
  },
  methods: {
    onTap () {
      if (!this.data.tappable) return
      this.triggerEvent('like')
    }
  }
})
