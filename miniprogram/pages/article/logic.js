// One promotion article: cover, title, outlet and date, the sanitized body in rich-text, the original
// or video link to copy (a mini-program cannot open other sites), and the way to the nominee.
const api = require('../../utils/api')
const { loadInto, toast } = require('../../utils/page-state')
const { decorate, bodyNodes } = require('../../utils/articles')
const { tokenFrom } = require('../../utils/scan')

// Not found (withdrawn, unpublished, a wrong link): a retry cannot help; the list can.
const MISSING = { not_found: { title: '文章不存在或已下线', message: '这篇推介文章可能已被撤下，或链接有误。其他工匠的采访报道都在“技能推介”里。', action: '查看全部推介文章', home: true } }

module.exports = {
  data: {
    status: 'loading',
    errorMessage: '',
    final: null,
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
    }, { finals: MISSING })
  },

  onFinalAction () {
    wx.redirectTo({ url: '/pages/articles/index' })
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
