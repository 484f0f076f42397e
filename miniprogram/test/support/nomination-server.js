// A fake nominations API for the form's tests: drafts, PATCH, files and submit kept in memory.
const { json, apiError } = require('./wx-double')
const { createFakeServer } = require('./fake-server')
const rules = require('../../utils/nomination-rules')

function nominationServer (wx, options = {}) {
  const server = createFakeServer(wx).acceptLogins()
  const state = { nominations: {}, nextId: 100, nextFile: 500, patches: [] }
  const existing = options.existing || []
  existing.forEach((n) => { state.nominations[n.id] = n })

  server.on('GET', '/api/v1/nominations/rules', () => options.rules || rules)
  server.on('GET', '/api/v1/me/nominations', () => ({ items: Object.values(state.nominations) }))
  server.on('GET', '/api/v1/nominations/:id', (r) => state.nominations[r.params.id] || apiError(404, 'not_found', '推荐表不存在'))
  server.on('POST', '/api/v1/nominations', (r) => {
    const id = state.nextId++
    state.nominations[id] = { id, channel: r.body.channel, status: 'draft', status_label: '草稿', files: [], conditions: [] }
    return json(201, state.nominations[id])
  })
  server.on('POST', '/api/v1/organizations/:org/nominations', (r) => {
    const id = state.nextId++
    state.nominations[id] = { id, channel: 'union', nominating_org_id: Number(r.params.org), status: 'draft', status_label: '草稿', files: [], conditions: [] }
    return json(201, state.nominations[id])
  })
  server.on('PATCH', '/api/v1/nominations/:id', (r) => {
    state.patches.push(r.body)
    if (r.body.mobile && !/^1\d{10}$/.test(r.body.mobile)) {
      return apiError(400, 'validation_error', '提交的内容有误，请检查后重试', { fields: { mobile: rules.messages.mobile_format } })
    }
    Object.assign(state.nominations[r.params.id], r.body)
    return state.nominations[r.params.id]
  })
  server.on('POST', '/api/v1/nominations/:id/files', (r) => {
    const file = { id: state.nextFile++, kind: r.formData.kind, url: '/api/v1/files/' + state.nextFile, content_type: /\.pdf$/.test(r.filePath) ? 'application/pdf' : 'image/jpeg', size: 1000 }
    state.nominations[r.params.id].files.push(file)
    return json(201, file)
  })
  server.on('DELETE', '/api/v1/nominations/:id/files/:file', (r) => {
    const nomination = state.nominations[r.params.id]
    nomination.files = nomination.files.filter((f) => f.id !== Number(r.params.file))
    return json(204, '')
  })
  server.on('GET', '/api/v1/files/:id', () => ({ statusCode: 200, data: Uint8Array.from([255, 216, 255]).buffer, header: { 'Content-Type': 'image/jpeg' } }))
  server.on('POST', '/api/v1/nominations/:id/submit', (r) => {
    const nomination = state.nominations[r.params.id]
    if (options.submitError) return options.submitError
    if (nomination.status === 'returned' && nomination.resubmit_by) { // a review return: back to review
      Object.assign(nomination, { status: 'under_review', status_label: '考察审核中', resubmit_by: null, open_for_changes: false })
      return nomination
    }
    nomination.status = nomination.channel === 'self' ? 'awaiting_endorsement' : 'submitted'
    nomination.status_label = nomination.channel === 'self' ? '待单位认可' : '已提交'
    return nomination
  })
  server.state = state
  return server
}

module.exports = { nominationServer }
