// Representative: what my organization's kind does — an employer endorses its workers' self-nominations
// (the requests), a union nominates within its quota (quota used/left, its nominations), an association
// both — and, for someone who represents nothing yet, the way to the organizer's invitation QR.
const api = require('../../utils/api')
const { loadInto, errorState, showError, toast } = require('../../utils/page-state')
const { scanToken } = require('../../utils/scan')
const { formatDate } = require('../../utils/text')
const { describe } = require('../../utils/nomination-status')

// A nomination of the organization as its representative reads it (the same words as "my nominations").
function nominationRow (n) {
  const state = describe(n)
  return { id: n.id, name: n.name || '（未填写姓名）', statusLabel: state.label, detail: state.detail, note: state.note, status: n.status, trade: n.trade || '', updatedAt: formatDate(n.updated_at), editable: state.editable, claimed: n.nominee_claimed !== false }
}

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    orgs: [],
    orgIndex: 0,
    org: null,
    canNominate: false,
    nominations: [],
    requests: [],
    requestsAvailable: true,
    nominates: false, // the organization nominates within a quota (unions, associations)
    endorses: false, // it endorses self-nominations that name it (employers, associations)
    listStatus: 'loading',
    listError: ''
  },

  onLoad () {
    return this.load()
  },

  onShow () {
    if (this.shownOnce && this.data.org) return this.loadLists()
    this.shownOnce = true
    return null
  },

  retry () {
    return this.load()
  },

  onPullDownRefresh () {
    return this.load().then(() => wx.stopPullDownRefresh())
  },

  load () {
    return loadInto(this, async () => {
      const mine = await api.get('/organizations/mine', { auth: 'required' })
      const orgs = mine.items || []
      const index = Math.min(this.data.orgIndex, Math.max(0, orgs.length - 1))
      this.setData({ orgs, orgIndex: index })
      if (orgs.length) await this.selectOrg(index)
      return orgs
    }, { isEmpty: (orgs) => !orgs.length })
  },

  async selectOrg (index) {
    const org = this.data.orgs[index]
    // What the server says the kind does (an older server: a quota means nominating, requests tell endorsing).
    const hasQuota = org.quota !== null && org.quota !== undefined
    const nominates = org.nominates !== undefined ? Boolean(org.nominates) : hasQuota
    const endorses = org.endorses !== undefined ? Boolean(org.endorses) : true
    const canNominate = org.can_nominate !== undefined ? Boolean(org.can_nominate) : org.left > 0
    this.setData({ orgIndex: index, org, nominates, endorses, canNominate: nominates && hasQuota && canNominate })
    return this.loadLists()
  },

  onOrg (e) {
    return this.selectOrg(Number(e.detail.value))
  },

  // The lists the organization's kind has: its nominations, the endorsement requests that name it.
  async loadLists () {
    const org = this.data.org
    this.setData({ listStatus: 'loading', listError: '' })
    try {
      const nominations = this.data.nominates ? await api.get('/organizations/' + org.id + '/nominations') : { items: [] }
      let requests = []
      let available = this.data.endorses
      if (available) {
        try {
          requests = (await api.get('/organizations/' + org.id + '/endorsement-requests')).items || []
        } catch (error) {
          if (error.status !== 404) throw error
          available = false
        }
      }
      this.setData({
        nominations: (nominations.items || []).map(nominationRow),
        requests: requests.map((r) => ({
          id: r.id,
          name: (r.nominee && r.nominee.name) || '',
          trade: (r.nominee && r.nominee.trade) || '',
          statusLabel: r.status_label || '',
          waiting: Boolean(r.waiting),
          createdAt: formatDate(r.created_at),
          decision: r.endorsement ? r.endorsement.decision_label + '（' + r.endorsement.status_label + '）' : '',
          comment: (r.endorsement && r.endorsement.comment) || ''
        })),
        requestsAvailable: available,
        listStatus: 'ready'
      })
    } catch (error) {
      const state = errorState(error)
      this.setData({ listStatus: state.status, listError: state.errorMessage })
    }
  },

  // Not a representative yet: scan the invitation QR the city union gave (camera or a picture in the album).
  async onScanInvitation () {
    const token = await scanToken('representative')
    if (token === null) return false // the camera closed
    if (!token) {
      toast('这不是单位代表邀请二维码，请扫描市总工会发给您的邀请二维码')
      return false
    }
    wx.navigateTo({ url: '/pages/representative/join?token=' + encodeURIComponent(token) })
    return true
  },

  // An employer's way to handle a request: scan the code the worker shows (camera or a picture of it).
  async onScanEndorsement () {
    const token = await scanToken('endorse')
    if (token === null) return false // the camera closed
    if (!token) {
      toast('这不是认可码，请扫描职工在“我的推荐”中出示的认可码')
      return false
    }
    wx.navigateTo({ url: '/pages/endorse/index?token=' + encodeURIComponent(token) })
    return true
  },

  onNominate () {
    if (!this.data.canNominate) return
    wx.navigateTo({ url: '/pages/nominate/index?org=' + this.data.org.id })
  },

  // A code for the nominated worker to check and complete their data (a new code revokes the old).
  async onInvite (e) {
    const id = e.currentTarget.dataset.id
    try {
      const invitation = await api.post('/nominations/' + id + '/invitation', {})
      wx.setClipboardData({ data: invitation.code })
      wx.showModal({
        title: '邀请码（已复制）',
        content: invitation.code + '\n有效期至 ' + formatDate(invitation.expires_at) + '。请交给职工，在小程序“我的 → 我有推荐邀请码”中输入，核对并完善资料。此码只显示这一次。',
        showCancel: false
      })
      return invitation.code
    } catch (error) {
      showError(error)
      return null
    }
  },

  onEdit (e) {
    wx.navigateTo({ url: '/pages/nominate/index?id=' + e.currentTarget.dataset.id })
  }
}
