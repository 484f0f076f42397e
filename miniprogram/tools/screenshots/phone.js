// One person's phone for the screenshots: the tests' wx double with wx.request & co. bridged to the demo
// server over real HTTP (test/support/http-wx.js), logged in with the emulator's dev-<name> code. It
// counts the calls in flight, so a page is shot once it is quiet; `offline` makes every call fail as
// without network.
const { phoneOf } = require('../../test/support/http-wx')

function openPhone (name, base, { offline = false } = {}) {
  const { wx, api } = phoneOf(name, base)
  let inFlight = 0
  let lastActivity = Date.now()
  const counted = (handler) => async (o) => {
    inFlight++
    lastActivity = Date.now()
    try {
      if (offline) return { fail: 'offline' }
      return await handler(o)
    } finally {
      inFlight--
      lastActivity = Date.now()
    }
  }
  wx.handler = counted(wx.handler)
  wx.uploadHandler = counted(wx.uploadHandler)
  wx.downloadHandler = counted(wx.downloadHandler)
  // Resolves once nothing has been in flight for `quiet` ms (retries and debounced saves included).
  async function idle (quiet = 400, limit = 20000) {
    const deadline = Date.now() + limit
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      if (inFlight === 0 && Date.now() - lastActivity >= quiet) return true
    }
    return false
  }
  return { wx, api, idle }
}

module.exports = { openPhone }
