// A list read a page at a time: page 1 replaces the list (a late answer to an older request is dropped),
// scrolling appends the next page (rows already shown are skipped). Pages mix these methods in with
// `pagedList(path, decorate)` and may define `query(page)` for their filters and `onFirstPage(items)`.
const api = require('./api')
const { appendPage, errorState } = require('./page-state')

// What a paged list's page starts with, beside its own `extra` fields.
function pagedListData (extra) {
  return Object.assign({
    status: 'loading',
    errorMessage: '',
    items: [],
    total: 0,
    page: 0,
    hasMore: true,
    loadingMore: false,
    moreError: ''
  }, extra)
}

function pagedList (path, decorate, perPage) {
  const query = (page, self) => (self.query ? self.query(page) : { page, per_page: perPage })
  return {
    async reload () {
      const ticket = (this.ticket = (this.ticket || 0) + 1)
      this.setData({ status: 'loading', errorMessage: '', moreError: '' })
      try {
        const result = await api.get(path, { query: query(1, this) })
        if (ticket !== this.ticket) return
        const items = result.items.map(decorate)
        if (this.onFirstPage) this.onFirstPage(items)
        this.setData({ items, total: result.total, page: 1, hasMore: items.length < result.total, status: items.length ? 'ready' : 'empty' })
      } catch (error) {
        if (ticket === this.ticket) this.setData(errorState(error))
      }
    },

    async loadMore () {
      if (!this.data.hasMore || this.data.loadingMore || this.data.status !== 'ready') return
      const ticket = this.ticket
      this.setData({ loadingMore: true, moreError: '' })
      try {
        const result = await api.get(path, { query: query(this.data.page + 1, this) })
        if (ticket !== this.ticket) return
        const items = appendPage(this.data.items, result.items, decorate)
        this.setData({ items, total: result.total, page: this.data.page + 1, hasMore: result.items.length > 0 && items.length < result.total })
      } catch (error) {
        this.setData({ moreError: error.message })
      } finally {
        this.setData({ loadingMore: false })
      }
    }
  }
}

module.exports = { pagedList, pagedListData }
