// One promotion article: cover, title, outlet and date, the sanitized body in rich-text, the original
// or video link to copy (a mini-program cannot open other sites), and the way to the nominee.
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')
const { decorate, bodyNodes } = require('../../utils/articles')
const { tokenFrom } = require('../../utils/scan')

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    article: null,
    nodes: ''
  },

  onLoad (query) {
    this.articleId = Number(tokenFrom(query, 'id') || 0)
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
      const article = await api.get('/articles/' + this.articleId)
      wx.setNavigationBarTitle({ title: article.title })
      const view = decorate(article)
      view.cover = article.cover_url ? api.apiUrl(article.cover_url) : ''
      this.setData({ article: view, nodes: bodyNodes(article.body) })
      return article
    })
  },

  onOpenNominee () {
    wx.navigateTo({ url: '/pages/nominee/index?id=' + this.data.article.nominee_id })
  },

  onCopySource () {
    wx.setClipboardData({
      data: this.data.article.source_url,
      success: () => toast('链接已复制，可在浏览器中打开')
    })
  },

  onShareAppMessage () {
    const article = this.data.article || {}
    return { title: article.title || '技能推介', path: '/pages/article/index?id=' + this.articleId }
  }
}
