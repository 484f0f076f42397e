// Promotion articles (技能推介) as pages show them: the outlets to filter by, dates in China time,
// pictures in the body sized to the screen.
const api = require('./api')

const OUTLETS = [
  { value: '', label: '全部' },
  { value: 'tv', label: '市电视台' },
  { value: 'daily', label: '连云港日报' },
  { value: 'website', label: '网站' },
  { value: 'app', label: '连工惠APP' },
  { value: 'wechat', label: '微信' },
  { value: 'other', label: '其他' }
]
const CHINA_OFFSET_MS = 8 * 3600 * 1000

function pad (n) {
  return (n < 10 ? '0' : '') + n
}

// "2019-08-03T01:00:00+00:00" → "2019-08-03" (the day in Lianyungang, whatever the phone's zone).
function dateText (iso) {
  const time = Date.parse(iso || '')
  if (isNaN(time)) return ''
  const d = new Date(time + CHINA_OFFSET_MS)
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate())
}

function decorate (article) {
  return Object.assign({}, article, {
    dateText: dateText(article.published_at),
    thumbnail: article.cover_thumbnail_url ? api.apiUrl(article.cover_thumbnail_url) : ''
  })
}

// The server sends sanitized HTML; rich-text has no stylesheet for it, so pictures get their width here.
const IMAGE_STYLE = 'max-width:100%;height:auto;display:block;margin:16rpx 0;border-radius:8rpx'
function bodyNodes (html) {
  return String(html || '')
    .replace(/<img /g, '<img style="' + IMAGE_STYLE + '" ')
    .replace(/<h2>/g, '<h2 style="font-size:36rpx;margin:28rpx 0 12rpx">')
    .replace(/<h3>/g, '<h3 style="font-size:32rpx;margin:24rpx 0 8rpx">')
    .replace(/<p>/g, '<p style="margin:0 0 20rpx">')
}

module.exports = { OUTLETS, dateText, decorate, bodyNodes }
