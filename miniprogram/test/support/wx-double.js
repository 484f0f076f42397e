// A test double of the `wx` global: storage in memory, login codes, and the network answered by
// a handler (a fake server in unit tests, real HTTP in the end-to-end test). Records UI calls.

function createWx (options = {}) {
  const storage = new Map()
  const calls = []
  const record = (name, args) => { calls.push({ name, args }); return args }
  let loginCount = 0
  const files = options.files || {} // path → {size}

  const wx = {
    calls,
    storage,
    env: { USER_DATA_PATH: 'wxfile://usr' },
    loginCode: options.loginCode || (() => 'dev-tester'),
    handler: options.handler || (() => ({ statusCode: 404, data: { error: { code: 'not_found', message: '不存在' } } })),
    uploadHandler: options.uploadHandler || null,
    downloadHandler: options.downloadHandler || null,
    answers: { chooseMedia: [], chooseMessageFile: [], actionSheet: 0, modalConfirm: true, subscribe: null, scanCode: [] },
    files,

    get loginCount () { return loginCount },
    callsOf (name) { return calls.filter((c) => c.name === name).map((c) => c.args) },

    getStorageSync: (key) => storage.has(key) ? storage.get(key) : '',
    setStorageSync: (key, value) => { storage.set(key, JSON.parse(JSON.stringify(value))) },
    removeStorageSync: (key) => { storage.delete(key) },
    getAccountInfoSync: () => ({ miniProgram: { envVersion: options.envVersion || 'develop', appId: 'wxtest' } }),

    login (o) {
      loginCount++
      record('login', {})
      Promise.resolve().then(() => o.success({ code: wx.loginCode(loginCount) }))
    },

    request (o) {
      record('request', { url: o.url, method: o.method || 'GET', data: o.data, header: o.header })
      Promise.resolve().then(() => wx.handler(o)).then((result) => {
        if (result && result.fail) o.fail({ errMsg: 'request:fail ' + result.fail })
        else o.success(Object.assign({ header: {} }, result))
      }, (error) => o.fail({ errMsg: 'request:fail ' + error.message }))
    },

    uploadFile (o) {
      record('uploadFile', { url: o.url, filePath: o.filePath, name: o.name, formData: o.formData, header: o.header })
      Promise.resolve().then(() => (wx.uploadHandler || wx.handler)(o)).then((result) => {
        if (result && result.fail) return o.fail({ errMsg: 'uploadFile:fail ' + result.fail })
        const data = typeof result.data === 'string' ? result.data : JSON.stringify(result.data)
        o.success({ statusCode: result.statusCode, data })
      }, (error) => o.fail({ errMsg: 'uploadFile:fail ' + error.message }))
    },

    downloadFile (o) {
      record('downloadFile', { url: o.url, header: o.header })
      Promise.resolve().then(() => (wx.downloadHandler || (() => ({ statusCode: 200, tempFilePath: 'wxfile://tmp/download.png' })))(o))
        .then((result) => result.fail ? o.fail({ errMsg: 'downloadFile:fail ' + result.fail }) : o.success(result),
          (error) => o.fail({ errMsg: 'downloadFile:fail ' + error.message }))
    },

    arrayBufferToBase64: (buffer) => Buffer.from(buffer).toString('base64'),

    chooseMedia (o) {
      record('chooseMedia', { count: o.count })
      const picked = wx.answers.chooseMedia.shift()
      Promise.resolve().then(() => picked ? o.success({ tempFiles: picked.slice(0, o.count) }) : o.fail({ errMsg: 'chooseMedia:fail cancel' }))
    },
    chooseMessageFile (o) {
      record('chooseMessageFile', { extension: o.extension })
      const picked = wx.answers.chooseMessageFile.shift()
      Promise.resolve().then(() => picked ? o.success({ tempFiles: picked }) : o.fail({ errMsg: 'chooseMessageFile:fail cancel' }))
    },
    compressImage (o) {
      record('compressImage', { src: o.src, quality: o.quality })
      const out = o.src.replace(/(\.\w+)$/, '.min$1')
      if (files[o.src] && !files[out]) files[out] = { size: Math.round(files[o.src].size / 4) }
      Promise.resolve().then(() => o.success({ tempFilePath: out }))
    },
    getFileSystemManager () {
      return {
        getFileInfo (o) {
          Promise.resolve().then(() => files[o.filePath] ? o.success({ size: files[o.filePath].size }) : o.fail({ errMsg: 'getFileInfo:fail no such file' }))
        }
      }
    },
    // The camera: answers.scanCode holds what the next scans read ({path} or {result}); none left: cancelled.
    scanCode (o) {
      record('scanCode', { onlyFromCamera: o.onlyFromCamera })
      const read = wx.answers.scanCode.shift()
      Promise.resolve().then(() => read ? o.success(read) : o.fail({ errMsg: 'scanCode:fail cancel' }))
    },
    showActionSheet (o) { record('showActionSheet', o); Promise.resolve().then(() => o.success({ tapIndex: wx.answers.actionSheet })) },
    showModal (o) {
      record('showModal', { title: o.title, content: o.content })
      Promise.resolve().then(() => o.success && o.success({ confirm: wx.answers.modalConfirm, cancel: !wx.answers.modalConfirm }))
    },
    // The subscribe dialog: answers.subscribe(ids) gives {id: 'accept' | 'reject'}; unset, WeChat refuses
    // (outside a tap the real one fails with "can only be invoked by user TAP gesture").
    requestSubscribeMessage (o) {
      record('requestSubscribeMessage', { tmplIds: o.tmplIds })
      const answer = wx.answers.subscribe
      Promise.resolve().then(() => answer
        ? o.success(Object.assign({ errMsg: 'requestSubscribeMessage:ok' }, answer(o.tmplIds)))
        : o.fail({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' }))
    },
    saveImageToPhotosAlbum (o) { record('saveImageToPhotosAlbum', { filePath: o.filePath }); Promise.resolve().then(() => o.success({})) }
  }

  // Calls that only need to be seen.
  ;['showToast', 'showLoading', 'hideLoading', 'navigateTo', 'redirectTo', 'navigateBack', 'reLaunch', 'switchTab',
    'stopPullDownRefresh', 'setNavigationBarTitle', 'previewImage', 'setClipboardData', 'openSetting', 'vibrateShort',
    'showShareMenu'].forEach((name) => {
    wx[name] = (o) => { record(name, o); if (o && o.success) Promise.resolve().then(() => o.success({})) }
  })
  return wx
}

// JSON answers for the fake server.
function json (statusCode, data, header) {
  return { statusCode, data, header: Object.assign({ 'Content-Type': 'application/json' }, header) }
}

function apiError (statusCode, code, message, details, header) {
  const error = { code, message }
  if (details) error.details = details
  return json(statusCode, { error }, header)
}

module.exports = { createWx, json, apiError }
