// Notices (活动通知) as pages show them: the time in China, and the page a notice links to as a URL
// only when it is a page path of a mini-program ("pages/results/index", with an optional query).
const { formatDate } = require('./text')

const PAGE_PATH = /^pages\/[A-Za-z0-9_/-]{1,100}(\?[A-Za-z0-9_=&%.-]{1,90})?$/

function pageUrl (page) {
  const path = String(page || '').replace(/^\//, '')
  return PAGE_PATH.test(path) ? '/' + path : ''
}

function decorate (notice) {
  return Object.assign({}, notice, { timeText: formatDate(notice.published_at), url: pageUrl(notice.page) })
}

module.exports = { decorate, pageUrl }
