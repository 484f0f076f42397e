// The honour roll (荣誉榜): holders of the 港城工匠 titles by year, 港城十大工匠 first, public fields only.
const api = require('../../utils/api')
const { errorState } = require('../../utils/page-state')

const TOP = '港城十大工匠'

// The server's list (newest year first) as sections: one per year, the top ten before the others.
function groupByYear (items) {
  const sections = []
  items.forEach((item) => {
    let section = sections[sections.length - 1]
    if (!section || section.year !== item.year) {
      section = { year: item.year, top: [], others: [] }
      sections.push(section)
    }
    (item.title === TOP ? section.top : section.others).push(item)
  })
  return sections
}

module.exports = {
  data: { status: 'loading', errorMessage: '', years: [], year: 0, sections: [] },

  onLoad (query) {
    this.setData({ year: Number((query && query.year) || 0) })
    return this.reload()
  },

  retry () {
    return this.reload()
  },

  onPullDownRefresh () {
    return this.reload().then(() => wx.stopPullDownRefresh())
  },

  async reload () {
    const ticket = (this.ticket = (this.ticket || 0) + 1)
    this.setData({ status: 'loading', errorMessage: '' })
    try {
      const result = await api.get('/honour-roll', { query: this.data.year ? { year: this.data.year } : {} })
      if (ticket !== this.ticket) return
      const sections = groupByYear(result.items)
      this.setData({ years: result.years, sections, status: sections.length ? 'ready' : 'empty' })
    } catch (error) {
      if (ticket === this.ticket) this.setData(errorState(error))
    }
  },

  onYear (e) {
    const year = Number(e.currentTarget.dataset.year || 0)
    if (year === this.data.year) return null
    this.setData({ year })
    return this.reload()
  },

  onShareAppMessage () {
    return { title: '港城工匠荣誉榜', path: '/pages/honour-roll/index' }
  },

  groupByYear
}
