// A nominee: photos, story, honours, employer and trade; the like button with what is left today
// and every refusal explained; sharing to a chat and the poster to save.
const api = require('../../utils/api')
const likeState = require('../../utils/like-state')
const { loadInto, toast, showError } = require('../../utils/page-state')
const { decorateProfile } = require('../../utils/nominees')
const { tokenFrom } = require('../../utils/scan')

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    nominee: null,
    likeState: 'ready',
    likeHint: '',
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

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  load () {
    return loadInto(this, async () => {
      const [nominee, current] = await Promise.all([
        api.get('/nominees/' + this.nomineeId),
        api.get('/campaigns/current')
      ])
      let today = { remaining_today: null, liked_nominee_ids: [] }
      if (current.open.likes) {
        try {
          today = await api.get('/me/likes/today', { auth: 'required' })
        } catch (error) {
          // Without it the button still works: the server answers what is left after a like.
        }
      }
      const initial = likeState.initialState({
        likesOpen: current.open.likes,
        likeable: nominee.likeable !== false,
        held: nominee.held_for_review === true,
        likedToday: (today.liked_nominee_ids || []).indexOf(nominee.id) >= 0,
        remaining: today.remaining_today
      })
      wx.setNavigationBarTitle({ title: nominee.name })
      this.setData({ nominee: decorateProfile(nominee), likeState: initial.state, likeHint: initial.hint })
      return nominee
    })
  },

  async onLike () {
    if (!likeState.describe(this.data.likeState).tappable) return null
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

  // The poster (a PNG made by the server with a QR code to this page) saved to the album.
  async onSavePoster () {
    if (this.data.savingPoster) return false
    this.setData({ savingPoster: true })
    wx.showLoading({ title: '正在生成海报' })
    try {
      const filePath = await api.download('/nominees/' + this.nomineeId + '/poster')
      await new Promise((resolve, reject) => wx.saveImageToPhotosAlbum({ filePath, success: resolve, fail: reject }))
      wx.hideLoading()
      toast('海报已保存到相册', 'success')
      return true
    } catch (error) {
      wx.hideLoading()
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

  onShareAppMessage () {
    const nominee = this.data.nominee || {}
    return {
      title: '为港城工匠' + (nominee.name || '') + '点赞：' + (nominee.employer_name || ''),
      path: '/pages/nominee/index?id=' + this.nomineeId,
      imageUrl: nominee.cover || undefined
    }
  },

  onShareTimeline () {
    const nominee = this.data.nominee || {}
    return { title: '为港城工匠' + (nominee.name || '') + '点赞', query: 'id=' + this.nomineeId }
  }
}
