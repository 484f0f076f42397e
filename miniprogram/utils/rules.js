// The nomination rules: the server's answer when it can be had, else the last one seen, else the
// local copy (utils/nomination-rules.js), so that the form still validates offline.
const api = require('./api')
const localRules = require('./nomination-rules')

const STORAGE_KEY = 'nomination_rules'
let loaded = null

async function loadRules () {
  if (loaded) return loaded
  try {
    loaded = await api.get('/nominations/rules')
    wx.setStorageSync(STORAGE_KEY, loaded)
  } catch (error) {
    return wx.getStorageSync(STORAGE_KEY) || localRules
  }
  return loaded
}

function forget () {
  loaded = null
}

module.exports = { loadRules, forget, localRules }
