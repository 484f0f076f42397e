// Text helpers shared by pages: lengths as the server counts them (code points), dates, sizes.

function charCount (value) {
  return Array.from(String(value || '').trim()).length
}

function formatDate (iso) {
  if (!iso) return ''
  const text = String(iso)
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(text)
  if (!match) return text
  const date = match[1] + '年' + Number(match[2]) + '月' + Number(match[3]) + '日'
  return match[4] ? date + ' ' + match[4] + ':' + match[5] : date
}

function formatBytes (bytes) {
  if (bytes >= 1048576) return (bytes / 1048576).toFixed(1).replace(/\.0$/, '') + 'MB'
  return Math.max(1, Math.round(bytes / 1024)) + 'KB'
}

// Whole years from "YYYY-MM" to the given day.
function yearsSince (month, today) {
  const match = /^(\d{4})-(\d{2})$/.exec(month || '')
  if (!match) return null
  const now = today || new Date()
  let years = now.getFullYear() - Number(match[1])
  if (now.getMonth() + 1 < Number(match[2])) years -= 1
  return years
}

module.exports = { charCount, formatDate, formatBytes, yearsSince }
