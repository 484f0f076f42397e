// A nominee: a work photo for the header, the ID photo as the avatar, the title won, story and honours; the
// bottom bar with share, the poster (previewed before saving) and — only where likes are about this nominee —
// the like button with what is left today and every refusal explained. The server decides who can be liked
// (`likeable`, `rank`); the campaign API says whether likes are open, over or still to come.
const api = require('../../utils/api')
const likeState = require('../../utils/like-state')
const { loadInto, toast, showError } = require('../../utils/page-state')
const { decorateProfile, likesPhase } = require('../../utils/nominees')
const { tokenFrom } = require('../../utils/scan')

// Not found (not public yet, withdrawn, a wrong link): a retry cannot help; the list of nominees can.
const MISSING = { not_found: { title: '没有找到这位工匠', message: '这位推荐对象可能尚未公开、已不在名单中，或链接有误。可以在“工匠风采”里看看其他工匠。', action: '看看工匠风采', home: true } }

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    final: null,
    nominee: null,
    likesShown: false,
    likesPhase: 'upcoming',
    likeState: 'closed',
    likeHint: '',
    posterBusy: false,
    posterPath: '',
    savingPoster: false
  },

  onLoad (query) {
    // `id` from a page link or a share, `scene` from a mini-program code, `q` from a poster's standard QR.
    this.nomineeId = Number(tokenFrom(query, 'id') || 0)
    wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] })
    return this.load()
  },

  retry () {
    return this.load()
  },

  onFinalAction () {
    wx.redirectTo({ url: '/pages/nominees/index' })
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  load () {
    return loadInto(this, async () => {
      const [nominee, current] = await Promise.all([
        api.get('/nominees/' + this.nomineeId),
        api.get('/campaigns/current')
      ])
      const phase = likesPhase(current)
      let today = { remaining_today: null, liked_nominee_ids: [] }
      if (phase === 'open' && nominee.likeable === true) {
        try {
          today = await api.get('/me/likes/today', { auth: 'required' })
        } catch (error) {
          // Without it the button still works: the server answers what is left after a like.
        }
      }
      const panel = likeState.panelFor({
        phase,
        nominee,
        likedToday: (today.liked_nominee_ids || []).indexOf(nominee.id) >= 0,
        remaining: today.remaining_today
      })
      wx.setNavigationBarTitle({ title: nominee.name })
      this.setData({
        nominee: decorateProfile(nominee),
        likesPhase: phase,
        likesShown: panel.shown,
        likeState: panel.state,
        likeHint: panel.hint
      })
      return nominee
    }, { finals: MISSING })
  },

  async onLike () {
    if (!this.data.likesShown || !likeState.describe(this.data.likeState).tappable) return null
    this.setData({ likeState: 'busy' })
    try {
      const result = await api.post('/nominees/' + this.nomineeId + '/like', null, { idempotent: true })
      const next = likeState.afterLike(result)
      this.setData({ 'nominee.likes': result.likes, likeState: next.state, likeHint: next.hint })
      wx.vibrateShort({ type: 'light' })
      toast('点赞成功', 'success')
      return result
    } catch (error) {
      const next = likeState.afterError(error)
      this.setData({ likeState: next.state, likeHint: next.hint })
      if (next.state === 'too_fast') {
        clearTimeout(this.fastTimer)
        this.fastTimer = setTimeout(() => this.setData({ likeState: 'ready', likeHint: '' }), (error.retryAfter || 3) * 1000)
      }
      return null
    }
  },

  onUnload () {
    clearTimeout(this.fastTimer)
  },

  onPreviewPhoto (e) {
    const urls = this.data.nominee.photoUrls
    wx.previewImage({ current: urls[Number(e.currentTarget.dataset.index)], urls })
  },

  onPreviewAvatar () {
    const url = this.data.nominee.avatarUrl
    if (url) wx.previewImage({ current: url, urls: [url] })
  },

  // The poster (a PNG the server draws, with a QR code to this page) shown first; saved only when asked.
  async onPoster () {
    if (this.data.posterBusy) return false
    this.setData({ posterBusy: true })
    wx.showLoading({ title: '正在生成海报' })
    try {
      const filePath = await api.download('/nominees/' + this.nomineeId + '/poster')
      wx.hideLoading()
      this.setData({ posterPath: filePath })
      return true
    } catch (error) {
      wx.hideLoading()
      showError(error)
      return false
    } finally {
      this.setData({ posterBusy: false })
    }
  },

  onClosePoster () {
    this.setData({ posterPath: '' })
  },

  onPreviewPoster () {
    wx.previewImage({ current: this.data.posterPath, urls: [this.data.posterPath] })
  },

  async onSavePoster () {
    if (this.data.savingPoster || !this.data.posterPath) return false
    this.setData({ savingPoster: true })
    try {
      const filePath = this.data.posterPath
      await new Promise((resolve, reject) => wx.saveImageToPhotosAlbum({ filePath, success: resolve, fail: reject }))
      toast('海报已保存到相册', 'success')
      this.setData({ posterPath: '' })
      return true
    } catch (error) {
      if (error && /auth|deny|denied/i.test(error.errMsg || '')) {
        wx.showModal({
          title: '需要相册权限',
          content: '保存海报需要允许“添加到相册”，请在设置中开启后重试。',
          confirmText: '去设置',
          success: (r) => { if (r.confirm) wx.openSetting({}) }
        })
      } else if (error && /cancel/i.test(error.errMsg || '')) {
        // The person changed their mind.
      } else {
        showError(error)
      }
      return false
    } finally {
      this.setData({ savingPoster: false })
    }
  },

  shareTitle () {
    const nominee = this.data.nominee || {}
    if (this.data.likesShown && this.data.likesPhase === 'open') return '为港城工匠' + (nominee.name || '') + '点赞'
    if (nominee.title) return nominee.name + '：' + nominee.title
    return '身边的港城工匠：' + (nominee.name || '')
  },

  // A chat gets the server's 5:4 card (its address changes with the count, so WeChat does not show an old one).
  onShareAppMessage () {
    const nominee = this.data.nominee || {}
    return {
      title: this.shareTitle() + (nominee.employer_name ? '（' + nominee.employer_name + '）' : ''),
      path: '/pages/nominee/index?id=' + this.nomineeId,
      imageUrl: nominee.shareImage ? nominee.shareImage + '?v=' + (nominee.likes || 0) + '-' + (nominee.rank || 0) : undefined
    }
  },

  onShareTimeline () {
    const nominee = this.data.nominee || {}
    return { title: this.shareTitle(), query: 'id=' + this.nomineeId, imageUrl: nominee.avatarUrl || undefined }
  }
}
