// Public nominees as pages show them: absolute photo addresses and a placeholder initial.
const api = require('./api')

const CHANNELS = [
  { value: '', label: '全部渠道' },
  { value: 'self', label: '个人自荐' },
  { value: 'union', label: '单位集中推荐' },
  { value: 'association', label: '社团推荐' }
]

function decorate (nominee) {
  const photos = (nominee.photos || []).map((url) => api.apiUrl(url))
  return Object.assign({}, nominee, { photoUrls: photos, cover: photos[0] || '', initial: (nominee.name || '匠').slice(0, 1) })
}

module.exports = { CHANNELS, decorate }
