// A countdown to a moment the server names (ISO 8601 with its zone): days, hours and minutes left, ticking
// every second; at 0 it stops and emits "end" once (only when it reached 0 while shown, so a moment already
// past never makes a page reload in a loop).
const TICK_MS = 1000

function parts (msLeft) {
  const left = Math.max(0, msLeft)
  const minutes = Math.ceil(left / 60000) // 30 s left still shows 1 minute: never 0 before the end
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60, done: left === 0 }
}

const pad = (n) => (n < 10 ? '0' : '') + n

Component({
  properties: {
    endsAt: { type: String, value: '' },
    label: { type: String, value: '' }
  },
  data: { days: 0, hours: '00', minutes: '00', done: false, valid: false },
  observers: {
    endsAt () { this.start() }
  },
  lifetimes: {
    attached () { this.start() },
    detached () { this.stop() }
  },
  methods: {
    start () {
      this.stop()
      const target = Date.parse(this.data.endsAt)
      if (!this.data.endsAt || isNaN(target)) {
        this.setData({ valid: false })
        return
      }
      this.target = target
      this.running = target > Date.now()
      this.tick()
      if (this.running) this.timer = setInterval(() => this.tick(), TICK_MS)
    },
    stop () {
      if (this.timer) clearInterval(this.timer)
      this.timer = null
    },
    tick () {
      const shown = parts(this.target - Date.now())
      const next = { valid: true, days: shown.days, hours: pad(shown.hours), minutes: pad(shown.minutes), done: shown.done }
      const data = this.data
      if (data.valid !== next.valid || data.days !== next.days || data.hours !== next.hours ||
          data.minutes !== next.minutes || data.done !== next.done) this.setData(next)
      if (shown.done) {
        this.stop()
        if (this.running) {
          this.running = false
          this.triggerEvent('end', { endsAt: this.data.endsAt })
        }
      }
    }
  }
})
