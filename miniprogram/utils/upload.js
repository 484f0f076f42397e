// The upload flow: choose → compress (images) → check the size → upload → the server's file JSON.
const api = require('./api')
const { formatBytes } = require('./text')

const IMAGE_TYPES = /\.(jpe?g|png)$/i

function cancelled (failure) {
  return /cancel/i.test((failure && failure.errMsg) || '')
}

function chooseImages (count) {
  return new Promise((resolve, reject) => {
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (result) => resolve(result.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size, type: 'image' }))),
      fail: (failure) => cancelled(failure) ? resolve([]) : reject(new Error('无法选择图片：' + (failure.errMsg || '')))
    })
  })
}

function choosePdf () {
  return new Promise((resolve, reject) => {
    wx.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['pdf'],
      success: (result) => resolve(result.tempFiles.map((f) => ({ path: f.path, size: f.size, name: f.name, type: 'pdf' }))),
      fail: (failure) => cancelled(failure) ? resolve([]) : reject(new Error('无法选择文件：' + (failure.errMsg || '')))
    })
  })
}

function fileSize (path, fallback) {
  return new Promise((resolve) => {
    wx.getFileSystemManager().getFileInfo({
      filePath: path,
      success: (info) => resolve(info.size),
      fail: () => resolve(fallback)
    })
  })
}

// Smaller photos upload faster on a phone network; a failed compression keeps the original.
function compress (path) {
  return new Promise((resolve) => {
    wx.compressImage({
      src: path,
      quality: 80,
      compressedWidth: 1600,
      success: (result) => resolve(result.tempFilePath),
      fail: () => resolve(path)
    })
  })
}

// A chosen file ready to send: images compressed, every file within the server's size limit.
async function prepare (file, rules) {
  if (file.type === 'pdf') {
    if (file.size > rules.limits.pdf_max_bytes) throw new Error('PDF 文件不能超过 ' + formatBytes(rules.limits.pdf_max_bytes))
    return { path: file.path, size: file.size, type: 'pdf' }
  }
  if (!IMAGE_TYPES.test(file.path) && file.type !== 'image') throw new Error('只能上传 JPEG、PNG 图片或 PDF 文件')
  const path = await compress(file.path)
  const size = await fileSize(path, file.size)
  if (size > rules.limits.image_max_bytes) throw new Error('压缩后图片仍超过 ' + formatBytes(rules.limits.image_max_bytes) + '，请换一张')
  return { path, size, type: 'image' }
}

function send (uploadPath, prepared, formData) {
  return api.upload(uploadPath, { filePath: prepared.path, name: 'file', formData: formData || {} })
}

module.exports = { chooseImages, choosePdf, compress, prepare, send }
