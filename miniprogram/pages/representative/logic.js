// Representative: my organization's quota used/left, its endorsement requests, its nominations,
// and the way to nominate a worker within the quota.
const api = require('../../utils/api')
const { loadInto, errorState, showError } = require('../../utils/page-state')
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
    // Employers only acknowledge; unions and associations also nominate within their quota.
    const nominates = org.can_nominate !== undefined ? Boolean(org.can_nominate) : org.left > 0
    this.setData({ orgIndex: index, org, canNominate: nominates && org.quota !== null && org.quota !== undefined })
    return this.loadLists()
  },

  onOrg (e) {
    return this.selectOrg(Number(e.detail.value))
  },

  async loadLists () {
    const org = this.data.org
    this.setData({ listStatus: 'loading', listError: '' })
    try {
      const nominations = await api.get('/organizations/' + org.id + '/nominations')
      let requests = []
      let available = true
      try {
        requests = (await api.get('/organizations/' + org.id + '/endorsement-requests')).items || []
      } catch (error) {
        if (error.status !== 404) throw error
        available = false
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
