// Subscribe messages (订阅消息): which templates to ask for at which moment comes from the server
// (/notification-templates); wx.requestSubscribeMessage asks the user, and the answer is reported to
// /me/subscriptions, where each 允许 counts as one message the server may send.
// WeChat shows the dialog only in response to a tap: call ask() from the tap handler, before any await.
const api = require('./api')

const STORAGE_KEY = 'notification_templates'
const MAX_PER_ASK = 3 // wx.requestSubscribeMessage takes at most three templates at a time
let catalogue = null

function prepare () {
  if (!catalogue) {
    const stored = wx.getStorageSync(STORAGE_KEY)
    if (stored && stored.moments) catalogue = stored
  }
  return api.get('/notification-templates').then((answer) => {
    catalogue = answer
    wx.setStorageSync(STORAGE_KEY, answer)
    return answer
  }, () => catalogue)
}

function templateIds (moment) {
  const ids = (catalogue && catalogue.moments && catalogue.moments[moment]) || []
  return ids.slice(0, MAX_PER_ASK)
}

// wx.requestSubscribeMessage answers per template: accept, reject, ban (blocked by the admin) or filter.
function split (answer, ids) {
  return {
    accepted: ids.filter((id) => answer[id] === 'accept'),
    rejected: ids.filter((id) => answer[id] === 'reject')
  }
}

function ask (moment) {
  const ids = templateIds(moment)
  if (!ids.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve(null)
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({ tmplIds: ids, success: resolve, fail: () => resolve(null) })
  }).then((answer) => {
    if (!answer) return null
    const report = split(answer, ids)
    if (!report.accepted.length && !report.rejected.length) return null
    return api.post('/me/subscriptions', report, { auth: 'required' }).then((result) => result.grants, () => null)
  })
}

function reset () {
  catalogue = null
}

module.exports = { prepare, ask, templateIds, split, reset, MAX_PER_ASK }
