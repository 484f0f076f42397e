// Text helpers shared by pages: lengths as the server counts them (code points), dates, sizes.

function charCount (value) {
  return Array.from(String(value || '').trim()).length
}

// "2019年5月17日" for a date; with a time, the time in China (UTC+8, no daylight saving).
function formatDate (iso) {
  if (!iso) return ''
  const text = String(iso)
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(text)
  if (!match) return text
  if (!match[4]) return match[1] + '年' + Number(match[2]) + '月' + Number(match[3]) + '日'
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? new Date(Date.parse(text) + 8 * 3600000) : null
  const parts = zoned
    ? [zoned.getUTCFullYear(), zoned.getUTCMonth() + 1, zoned.getUTCDate(), zoned.getUTCHours(), zoned.getUTCMinutes()]
    : [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5])]
  const pad = (n) => (n < 10 ? '0' : '') + n
  return parts[0] + '年' + parts[1] + '月' + parts[2] + '日 ' + pad(parts[3]) + ':' + pad(parts[4])
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
