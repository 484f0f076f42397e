// The wx double over real HTTP, for the end-to-end test: wx.request/uploadFile/downloadFile go to
// a running server with fetch; files are real files on disk; compression copies the file.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { setup } = require('./harness')

async function fetchAnswer (o) {
  const method = (o.method || 'GET').toUpperCase()
  const hasBody = o.data !== undefined && o.data !== null && method !== 'GET'
  const response = await fetch(o.url, { method, headers: o.header || {}, body: hasBody ? JSON.stringify(o.data) : undefined })
  const header = Object.fromEntries(response.headers)
  let data
  if (o.responseType === 'arraybuffer') {
    data = await response.arrayBuffer()
  } else {
    data = await response.text()
    try { data = JSON.parse(data) } catch (e) { /* a text answer stays text, as wx does */ }
  }
  return { statusCode: response.status, data, header }
}

async function uploadAnswer (o) {
  const form = new FormData()
  Object.keys(o.formData || {}).forEach((key) => form.append(key, String(o.formData[key])))
  const bytes = fs.readFileSync(o.filePath)
  form.append(o.name, new Blob([bytes]), path.basename(o.filePath))
  const response = await fetch(o.url, { method: 'POST', headers: o.header || {}, body: form })
  return { statusCode: response.status, data: await response.text() }
}

async function downloadAnswer (o) {
  const response = await fetch(o.url, { headers: o.header || {} })
  const file = path.join(os.tmpdir(), 'wx-download-' + process.pid + '-' + Date.now() + '.bin')
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()))
  return { statusCode: response.status, tempFilePath: file }
}

// One person on one phone: a fresh wx (storage, token) logging in with the emulator's dev-<name>.
function phoneOf (name, baseUrl) {
  const { wx, api } = setup({ loginCode: () => 'dev-' + name })
  api.configure({ sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 200))) })
  wx.setStorageSync('api_base_url', baseUrl)
  wx.handler = fetchAnswer
  wx.uploadHandler = uploadAnswer
  wx.downloadHandler = downloadAnswer
  wx.compressImage = (o) => {
    const out = o.src.replace(/(\.\w+)$/, '.min$1')
    fs.copyFileSync(o.src, out)
    wx.calls.push({ name: 'compressImage', args: { src: o.src } })
    Promise.resolve().then(() => o.success({ tempFilePath: out }))
  }
  wx.getFileSystemManager = () => ({
    getFileInfo (o) {
      fs.stat(o.filePath, (error, stat) => error ? o.fail({ errMsg: error.message }) : o.success({ size: stat.size }))
    }
  })
  return { wx, api }
}

module.exports = { phoneOf, fetchAnswer }
