// The upload flow of the form: choose → compress → size check → upload → preview; failures
// kept with a retry; removal deletes on the server; the counts the notice asks for.
const test = require('node:test')
const assert = require('node:assert/strict')
const { setup, loadPage } = require('./support/harness')
const { apiError } = require('./support/wx-double')
const { nominationServer } = require('./support/nomination-server')
const rules = require('../utils/nomination-rules')

const kindEvent = (kind, index) => ({ currentTarget: { dataset: { kind, index } } })

async function openForm () {
  const { wx } = setup()
  const server = nominationServer(wx)
  const { page, ready } = loadPage('pages/nominate/index', {})
  await ready
  return { wx, server, page }
}

function photo (wx, name, size) {
  const path = 'wxfile://tmp/' + name + '.jpg'
  wx.files[path] = { size }
  return { tempFilePath: path, size }
}

test('photos are compressed before upload, uploaded with their kind, and previewed', async () => {
  const { wx, server, page } = await openForm()
  wx.answers.chooseMedia.push([photo(wx, 'work1', 8000000), photo(wx, 'work2', 6000000)])
  const results = await page.onAddFile(kindEvent('work_photo'))
  assert.deepEqual(results, [true, true])
  assert.equal(wx.callsOf('chooseMedia')[0].count, rules.limits.work_photo)
  assert.deepEqual(wx.callsOf('compressImage').map((c) => c.src), ['wxfile://tmp/work1.jpg', 'wxfile://tmp/work2.jpg'])
  const uploads = wx.callsOf('uploadFile')
  assert.deepEqual(uploads.map((u) => u.filePath), ['wxfile://tmp/work1.min.jpg', 'wxfile://tmp/work2.min.jpg'])
  assert.deepEqual(uploads.map((u) => u.formData.kind), ['work_photo', 'work_photo'])
  assert.ok(uploads.every((u) => u.url === 'http://127.0.0.1:8000/api/v1/nominations/100/files'))
  assert.equal(server.requests('POST', '/api/v1/nominations').length, 1, 'the draft was created for the first upload')
  assert.deepEqual(page.data.files.work_photo.map((f) => [f.id, f.state, f.preview]),
    [[500, 'done', 'wxfile://tmp/work1.min.jpg'], [501, 'done', 'wxfile://tmp/work2.min.jpg']])
})

test('no more than the notice asks for: one ID photo, two work photos', async () => {
  const { wx, page } = await openForm()
  wx.answers.chooseMedia.push([photo(wx, 'id', 100000)])
  await page.onAddFile(kindEvent('id_photo'))
  assert.equal(wx.callsOf('chooseMedia')[0].count, 1)
  assert.deepEqual(await page.onAddFile(kindEvent('id_photo')), [])
  assert.equal(wx.callsOf('chooseMedia').length, 1, 'the picker is not even opened')
  assert.match(wx.callsOf('showToast')[0].title, /已达上限/)
})

test('a photo still too large after compression is refused before sending, with the rules message', async () => {
  const { wx, page } = await openForm()
  const big = photo(wx, 'huge', 50000000)
  wx.files['wxfile://tmp/huge.min.jpg'] = { size: rules.limits.image_max_bytes + 1 }
  wx.answers.chooseMedia.push([big])
  assert.deepEqual(await page.onAddFile(kindEvent('id_photo')), [false])
  assert.equal(wx.callsOf('uploadFile').length, 0)
  assert.equal(page.data.files.id_photo[0].state, 'failed')
  assert.equal(page.data.files.id_photo[0].error, '压缩后图片仍超过 10MB，请换一张')
})

test("the server's refusal of a file is shown on its tile, and a retry sends it again", async () => {
  const { wx, server, page } = await openForm()
  server.on('POST', '/api/v1/nominations/:id/files', () => apiError(400, 'invalid_image', '图片无法识别，请上传 JPEG 或 PNG'))
  wx.answers.chooseMedia.push([photo(wx, 'id', 100000)])
  await page.onAddFile(kindEvent('id_photo'))
  assert.equal(page.data.files.id_photo[0].state, 'failed')
  assert.equal(page.data.files.id_photo[0].error, '图片无法识别，请上传 JPEG 或 PNG')

  server.on('POST', '/api/v1/nominations/:id/files', (r) => ({ statusCode: 201, data: { id: 77, kind: r.formData.kind, url: '/api/v1/files/77', content_type: 'image/jpeg' } }))
  assert.equal(await page.onRetryFile(kindEvent('id_photo', 0)), true)
  assert.equal(page.data.files.id_photo[0].state, 'done')
  assert.equal(page.data.files.id_photo[0].id, 77)
})

test('a network failure during upload is not repeated by itself: the tile offers the retry', async () => {
  const { wx, server, page } = await openForm()
  let tries = 0
  server.on('POST', '/api/v1/nominations/:id/files', () => (++tries === 1 ? { fail: 'timeout' } : { statusCode: 201, data: { id: 5, kind: 'id_photo', url: '/api/v1/files/5' } }))
  wx.answers.chooseMedia.push([photo(wx, 'id', 100000)])
  await page.onAddFile(kindEvent('id_photo'))
  assert.equal(tries, 1)
  assert.equal(page.data.files.id_photo[0].error, '网络超时，请稍后重试')
  await page.onRetryFile(kindEvent('id_photo', 0))
  assert.equal(tries, 2)
  assert.equal(page.data.files.id_photo[0].state, 'done')
})

test('certificates may be PDFs from a chat, not compressed, within the PDF limit', async () => {
  const { wx, page } = await openForm()
  wx.answers.actionSheet = 1
  wx.answers.chooseMessageFile.push([{ path: 'wxfile://tmp/cert.pdf', size: 300000, name: '证书.pdf' }])
  assert.deepEqual(await page.onAddFile(kindEvent('certificate')), [true])
  assert.equal(wx.callsOf('compressImage').length, 0)
  assert.deepEqual(wx.callsOf('chooseMessageFile')[0].extension, ['pdf'])
  assert.equal(page.data.files.certificate[0].isPdf, true)

  wx.answers.chooseMessageFile.push([{ path: 'wxfile://tmp/big.pdf', size: rules.limits.pdf_max_bytes + 1, name: '大.pdf' }])
  assert.deepEqual(await page.onAddFile(kindEvent('certificate')), [false])
  assert.equal(page.data.files.certificate[1].error, 'PDF 文件不能超过 10MB')
})

test('removing an uploaded file deletes it on the server; cancelling the picker changes nothing', async () => {
  const { wx, server, page } = await openForm()
  wx.answers.chooseMedia.push([photo(wx, 'a', 1000), photo(wx, 'b', 1000)])
  await page.onAddFile(kindEvent('work_photo'))
  assert.equal(await page.onRemoveFile(kindEvent('work_photo', 0)), true)
  assert.equal(server.requests('DELETE', '/api/v1/nominations/100/files/500').length, 1)
  assert.deepEqual(page.data.files.work_photo.map((f) => f.id), [501])
  assert.deepEqual(server.state.nominations[100].files.map((f) => f.id), [501])
  assert.deepEqual(await page.onAddFile(kindEvent('work_photo')), [], 'the picker was cancelled')
  assert.equal(page.data.files.work_photo.length, 1)
})

test('only uploaded files count for validation', async () => {
  const { wx, page } = await openForm()
  wx.files['wxfile://tmp/x.min.jpg'] = { size: rules.limits.image_max_bytes + 1 }
  wx.answers.chooseMedia.push([photo(wx, 'x', 1)])
  await page.onAddFile(kindEvent('id_photo'))
  page.setData({ step: 4 })
  assert.equal(page.onNext(), false)
  assert.equal(page.data.errors.id_photo, rules.messages.id_photo_count + '（当前0张）')
})
