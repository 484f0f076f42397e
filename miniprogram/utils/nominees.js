// Public nominees as pages show them: absolute photo addresses and a placeholder initial; and what the
// campaign's stage means for them (likes open, over or still to come; whom a list is about), as its API says.
// A list gives cards (one thumbnail, no story or deeds); a nominee's page gives the full public profile:
// the ID photo as the avatar, the work photos as its pictures. Every photo address changes with the photo,
// so they are cached long.
const api = require('./api')

const CHANNELS = [
  { value: '', label: '全部渠道' },
  { value: 'self', label: '个人自荐' },
  { value: 'union', label: '单位集中推荐' },
  { value: 'association', label: '社团推荐' }
]

const SORT_LIKES = { value: 'likes', label: '按点赞' }
const SORT_NEWEST = { value: 'newest', label: '最新' }
const SCOPES = {
  winner: { value: 'winner', label: '获评工匠' },
  finalist: { value: 'finalist', label: '入围工匠' },
  all: { value: '', label: '全部' }
}

function initial (nominee) {
  return (nominee.name || '匠').slice(0, 1)
}

// Likes as the campaign API says (GET /campaigns/current): 'open' now; 'paused' (the likes stage is on but
// its switch is off); 'over' (the likes stage is done); 'upcoming' (no likes stage has started yet).
function likesPhase (current) {
  if (!current) return 'upcoming'
  if (current.open && current.open.likes) return 'open'
  const likeStages = (current.timeline || []).filter((stage) => stage.switches && stage.switches.likes)
  if (likeStages.some((stage) => stage.status === 'current')) return 'paused'
  return likeStages.some((stage) => stage.status === 'done') ? 'over' : 'upcoming'
}

// The stage now, or the last one that began (between stages, after the last).
function stageKey (current) {
  if (!current) return ''
  if (current.stage) return current.stage.key
  const begun = (current.timeline || []).filter((stage) => stage.status === 'done' || stage.status === 'current')
  return begun.length ? begun[begun.length - 1].key : ''
}

// What the nominees list shows in this stage: before likes, everyone public, newest first, no counts;
// from the likes on, the finalists (in commendation the winners first) by likes, ranks while likes are open.
function listMode (current) {
  const phase = likesPhase(current)
  if (phase === 'upcoming') {
    return { phase, scopes: [], scope: '', sorts: [SORT_NEWEST], sort: 'newest', showLikes: false, showRank: false }
  }
  const scopes = stageKey(current) === 'commendation' ? [SCOPES.winner, SCOPES.finalist, SCOPES.all] : [SCOPES.finalist, SCOPES.all]
  return { phase, scopes, scope: scopes[0].value, sorts: [SORT_LIKES, SORT_NEWEST], sort: 'likes', showLikes: true, showRank: phase === 'open' }
}

// A card of the list: its thumbnail (the ID photo, a 3:4 portrait) as the cover, its rank when it has one.
function decorateCard (card) {
  return Object.assign({}, card, {
    cover: card.thumbnail ? api.apiUrl(card.thumbnail) : '',
    rankText: card.rank ? '第' + card.rank + '名' : '',
    initial: initial(card)
  })
}

// A nominee's page: the work photos for the pictures (the first is the page's header), the ID photo as the
// round avatar, the server-drawn 5:4 card for a chat share.
function decorateProfile (nominee) {
  const work = (nominee.work_photos || []).map((url) => api.apiUrl(url))
  return Object.assign({}, nominee, {
    photoUrls: work,
    hero: work[0] || '',
    avatarUrl: nominee.avatar ? api.apiUrl(nominee.avatar) : '',
    shareImage: api.apiUrl('/nominees/' + nominee.id + '/share-card.png'),
    initial: initial(nominee)
  })
}

module.exports = { CHANNELS, SCOPES, likesPhase, stageKey, listMode, decorateCard, decorateProfile }
