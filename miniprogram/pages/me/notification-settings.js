// 我的 → 通知设置: which kinds of notice come as WeChat subscribe messages (the inbox always keeps a
// copy), how many messages the user has allowed, and a button that asks for the templates again.
const api = require('../../utils/api')
const subscribe = require('../../utils/subscribe')
const { showError, toast } = require('../../utils/page-state')

const CHANNEL = 'subscribe'

function shape (prefs) {
  return (prefs.kinds || []).map((k) => ({ kind: k.kind, label: k.label, on: k.channels[CHANNEL] !== false }))
}

function total (grants) {
  return Object.keys(grants || {}).reduce((sum, id) => sum + (grants[id] || 0), 0)
}

const handlers = {
  async loadSettings () {
    subscribe.prepare()
    try {
      const [prefs, grants] = await Promise.all([
        api.get('/me/notification-preferences', { auth: 'required' }),
        api.get('/me/subscriptions', { auth: 'required' })
      ])
      this.setData({ prefs: shape(prefs), subscribedCount: total(grants.grants) })
    } catch (error) {
      this.setData({ prefs: null }) // the section stays hidden; the rest of the page works
    }
  },

  async onTogglePreference (e) {
    const index = Number(e.currentTarget.dataset.index)
    const item = this.data.prefs[index]
    const enabled = Boolean(e.detail.value)
    this.setData({ ['prefs[' + index + '].on']: enabled })
    try {
      const prefs = await api.put('/me/notification-preferences',
        { changes: [{ kind: item.kind, channel: CHANNEL, enabled }] }, { auth: 'required' })
      this.setData({ prefs: shape(prefs) })
      return true
    } catch (error) {
      this.setData({ ['prefs[' + index + '].on']: !enabled })
      showError(error)
      return false
    }
  },

  // In the tap itself: WeChat asks only in response to one.
  async onSubscribeAgain () {
    const grants = await subscribe.ask('after_nomination')
    if (grants) {
      this.setData({ subscribedCount: total(grants) })
      toast('已订阅', 'success')
    }
    return grants
  }
}

module.exports = { handlers, shape, total }
