// Public nominees as pages show them: absolute photo addresses and a placeholder initial.
// A list gives cards (one thumbnail, no story or deeds); a nominee's page gives the full public profile
// with its photos in the display size. Both addresses change with the photo, so they are cached long.
const api = require('./api')

const CHANNELS = [
  { value: '', label: '全部渠道' },
  { value: 'self', label: '个人自荐' },
  { value: 'union', label: '单位集中推荐' },
  { value: 'association', label: '社团推荐' }
]

function initial (nominee) {
  return (nominee.name || '匠').slice(0, 1)
}

// A card of the list: its thumbnail as the cover, its rank when it has one.
function decorateCard (card) {
  return Object.assign({}, card, {
    cover: card.thumbnail ? api.apiUrl(card.thumbnail) : '',
    rankText: card.rank ? '第' + card.rank + '名' : '',
    initial: initial(card)
  })
}

// A nominee's page: every photo in the display size; the first is the share picture.
function decorateProfile (nominee) {
  const photos = (nominee.photos || []).map((url) => api.apiUrl(url))
  return Object.assign({}, nominee, {
    photoUrls: photos,
    cover: photos[0] || (nominee.thumbnail ? api.apiUrl(nominee.thumbnail) : ''),
    initial: initial(nominee)
  })
}

module.exports = { CHANNELS, decorateCard, decorateProfile }
