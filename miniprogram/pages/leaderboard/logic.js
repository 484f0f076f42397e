// 点赞排行: every ranked nominee (the server's places: equal counts share one, 1, 1, 3 …), a page at a time,
// with the ones I liked today marked; when likes are not open it says so (and when they open).
const api = require('../../utils/api')
const { errorState, showError } = require('../../utils/page-state')
const { pagedList, pagedListData } = require('../../utils/paged-list')

const PER_PAGE = 20
const list = pagedList('/leaderboard', (row) => Object.assign({}, row, { initial: (row.name || '').slice(0, 1) }), PER_PAGE)

function monthDay (iso) {
  const match = /^\d{4}-(\d{2})-(\d{2})/.exec(iso || '')
  return match ? Number(match[1]) + ' 月 ' + Number(match[2]) + ' 日' : ''
}

// What the page says about likes now, from the campaign's `open` and `opens_on`.
function likesNotice (current) {
  if (current.open && current.open.likes) return { open: true, text: '' }
  const opensOn = current.opens_on && current.opens_on.likes
  if (opensOn) return { open: false, text: '点赞将于 ' + monthDay(opensOn) + '开始，届时可为入围工匠点赞' }
  return { open: false, text: '点赞已结束，以下为最终点赞数' }
}

module.exports = Object.assign({
  data: pagedListData({
    likesOpen: false,
    likesText: '',
    emptyText: '还没有上榜的工匠',
    likedCount: 0
  }),

  onLoad () {
    return this.load()
  },

  retry () {
    return this.load()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  query (page) {
    return { page, limit: PER_PAGE }
  },

  async load () {
    this.setData({ status: 'loading', errorMessage: '' })
    let current
    try {
      current = await api.get('/campaigns/current')
    } catch (error) {
      this.setData(errorState(error))
      return
    }
    const notice = likesNotice(current)
    this.setData({
      likesOpen: notice.open,
      likesText: notice.text,
      emptyText: notice.open ? '还没有上榜的工匠' : notice.text
    })
    // Whom I liked today: only while likes are open, never in the shared cache (an authorized read).
    const liked = notice.open
      ? api.get('/me/likes/today', { auth: 'required' }).then((r) => r.liked_nominee_ids || [], () => [])
      : Promise.resolve([])
    await list.reload.call(this)
    this.likedIds = await liked
    this.markLiked()
  },

  async onReachBottom () {
    await list.loadMore.call(this)
    this.markLiked()
  },

  onRetryMore () {
    return this.onReachBottom().catch(showError)
  },

  markLiked () {
    const liked = this.likedIds || []
    const items = this.data.items.map((row) => Object.assign({}, row, { liked: liked.indexOf(row.id) >= 0 }))
    this.setData({ items, likedCount: items.filter((row) => row.liked).length })
  },

  onOpen (e) {
    wx.navigateTo({ url: '/pages/nominee/index?id=' + e.currentTarget.dataset.id })
  },

  onShareAppMessage () {
    return { title: '“港城工匠”点赞排行，快来为身边的工匠加油', path: '/pages/leaderboard/index' }
  }
}, { reload: list.reload, loadMore: list.loadMore })
