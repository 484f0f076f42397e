// My nominations: each state in plain words (utils/nomination-status.js), the endorsement QR to show the
// employer (regenerated when it expires), what was returned or rejected and why, and until when a return
// can be completed and resubmitted (the button is hidden, with a note, after the deadline); 填写自荐表 only
// when the server says a self-nomination can be started; an empty list that fits the stage; a finalist's
// likes and place, their public page and a share button.
const api = require('../../utils/api')
const { loadInto } = require('../../utils/page-state')
const { formatDate } = require('../../utils/text')
const { describe, emptyState, standingText } = require('../../utils/nomination-status')

function decorate (nomination) {
  const state = describe(nomination)
  return {
    id: nomination.id,
    name: nomination.name || '（未填写姓名）',
    channel: nomination.channel,
    status: nomination.status,
    statusLabel: state.label,
    tone: state.tone,
    detail: state.detail,
    note: state.note,
    deadline: state.deadline,
    employer: nomination.employer_name || '',
    trade: nomination.trade || '',
    returnReason: nomination.return_reason || '',
    submittedAt: formatDate(nomination.submitted_at),
    updatedAt: formatDate(nomination.updated_at),
    editable: state.editable,
    awaitingEndorsement: nomination.status === 'awaiting_endorsement',
    publicPage: Boolean(nomination.public_page),
    standing: standingText(nomination.standing),
    qr: null
  }
}

module.exports = {
  data: { status: 'loading', errorMessage: '', items: [], canSelfNominate: false, empty: emptyState(null, false) },

  onLoad () {
    return this.load()
  },

  onShow () {
    // Coming back from the form: the status may have changed.
    if (this.shownOnce) return this.load({ quiet: true })
    this.shownOnce = true
    return null
  },

  retry () {
    return this.load()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  load (options) {
    return loadInto(this, async () => {
      const mine = await api.get('/me/nominations', { auth: 'required' })
      const items = (mine.items || []).map(decorate)
      const canSelfNominate = mine.can_self_nominate === true
      this.setData({ items, canSelfNominate, empty: emptyState(mine.stage, canSelfNominate) })
      return items
    }, Object.assign({ isEmpty: (items) => !items.length }, options))
  },

  // The QR image with its expiry; asking again gives a new code (the old one stops working).
  async onShowQr (e) {
    const index = Number(e.currentTarget.dataset.index)
    const item = this.data.items[index]
    const key = 'items[' + index + '].qr'
    this.setData({ [key]: { loading: true } })
    try {
      const image = await api.fetchImage('/nominations/' + item.id + '/endorsement-qr')
      const expiresAt = api.headerValue(image.header, 'X-Endorsement-Expires-At') || ''
      this.setData({ [key]: { src: image.src, expiresAt, expiresText: formatDate(expiresAt), expired: false } })
      return true
    } catch (error) {
      this.setData({ [key]: { error: error.message } })
      return false
    }
  },

  // A new code revokes the one on screen: asked first while that one still works (an expired one goes at once).
  onRegenerateQr (e) {
    const index = Number(e.currentTarget.dataset.index)
    const qr = this.data.items[index] && this.data.items[index].qr
    this.checkExpiry()
    if (!qr || !qr.src || this.data.items[index].qr.expired) return this.onShowQr(e)
    return new Promise((resolve) => {
      wx.showModal({
        title: '重新生成认可码？',
        content: '生成新码后，当前认可码（有效期至 ' + qr.expiresText + '）立即失效；已发给单位负责人的旧码将无法使用。',
        confirmText: '重新生成',
        success: (answer) => resolve(answer.confirm ? this.onShowQr(e) : false),
        fail: () => resolve(false)
      })
    })
  },

  // A shown code that has passed its expiry is marked so the nominee regenerates it.
  checkExpiry (now) {
    const moment = now || Date.now()
    this.data.items.forEach((item, index) => {
      if (item.qr && item.qr.expiresAt && Date.parse(item.qr.expiresAt) <= moment && !item.qr.expired) {
        this.setData({ ['items[' + index + '].qr.expired']: true })
      }
    })
  },

  onPreviewQr (e) {
    const item = this.data.items[Number(e.currentTarget.dataset.index)]
    this.checkExpiry()
    if (item && item.qr && item.qr.src) wx.previewImage({ urls: [item.qr.src] })
  },

  onEdit (e) {
    wx.navigateTo({ url: '/pages/nominate/index?id=' + e.currentTarget.dataset.id })
  },

  onNew () {
    wx.navigateTo({ url: '/pages/nominate/index' })
  },

  // The empty list's way forward (the form, the finalists or the results, by stage).
  onEmptyAction () {
    if (this.data.empty.url) wx.navigateTo({ url: this.data.empty.url })
  },

  onOpenPublic (e) {
    wx.navigateTo({ url: '/pages/nominee/index?id=' + e.currentTarget.dataset.id })
  },

  // 分享 on a finalist's card: their public page, as the nominee page shares it.
  onShareAppMessage (res) {
    const id = res && res.target && res.target.dataset ? Number(res.target.dataset.id) : null
    const item = this.data.items.find((n) => n.id === id && n.publicPage)
    if (!item) return { title: '寻找身边的港城工匠', path: '/pages/index/index' }
    return { title: '为港城工匠' + item.name + '点赞：' + item.employer, path: '/pages/nominee/index?id=' + item.id }
  }
}
