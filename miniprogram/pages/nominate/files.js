// The photos and certificates of the form: previews, compression, upload, retry and removal.
const api = require('../../utils/api')
const upload = require('../../utils/upload')
const { toast, showError } = require('../../utils/page-state')

const KINDS = ['id_photo', 'work_photo', 'certificate']

function item (file, extra) {
  return Object.assign({
    id: file.id,
    url: file.url,
    isPdf: /pdf/.test(file.content_type || ''),
    preview: '',
    state: 'done',
    error: ''
  }, extra)
}

// The three groups of the photos step, each with how many files it takes (the rules'), so that 添加 goes at the limit.
function groups (rules) {
  const limits = (rules && rules.limits) || {}
  return [
    { kind: 'id_photo', label: '彩色证件照（' + (limits.id_photo || 1) + ' 张）', max: limits.id_photo || 1 },
    { kind: 'work_photo', label: '工作照（' + (limits.work_photo || 2) + ' 张）', max: limits.work_photo || 2 },
    { kind: 'certificate', label: '主要荣誉证书（至少 ' + (limits.certificate_min || 1) + ' 份，图片或 PDF）', max: limits.certificate_max || 10 }
  ]
}

function filesFromServer (list) {
  const grouped = { id_photo: [], work_photo: [], certificate: [] }
  ;(list || []).forEach((file) => { if (grouped[file.kind]) grouped[file.kind].push(item(file)) })
  return grouped
}

// What validation counts: the uploaded files only.
function counts (files) {
  const done = {}
  KINDS.forEach((kind) => { done[kind] = (files[kind] || []).filter((f) => f.state === 'done') })
  return done
}

// Uploaded images are private: fetched with the token and shown as data URIs.
async function loadPreviews (page) {
  for (const kind of KINDS) {
    const list = page.data.files[kind]
    for (let index = 0; index < list.length; index++) {
      if (list[index].isPdf || list[index].preview || !list[index].url) continue
      try {
        const image = await api.fetchImage(list[index].url)
        page.setData({ ['files.' + kind + '[' + index + '].preview']: image.src })
      } catch (error) {
        // The tile keeps its placeholder; the file itself is fine.
      }
    }
  }
}

function capacity (page, kind) {
  const limits = page.rules.limits
  const taken = page.data.files[kind].length
  if (kind === 'certificate') return (limits.certificate_max || 10) - taken
  return limits[kind] - taken
}

async function sendOne (page, kind, index, chosen) {
  const key = 'files.' + kind + '[' + index + ']'
  try {
    const prepared = await upload.prepare(chosen, page.rules)
    const id = await page.ensureNomination()
    const stored = await upload.send('/nominations/' + id + '/files', prepared, { kind })
    page.setData({ [key]: item(stored, { preview: prepared.type === 'image' ? prepared.path : '', isPdf: prepared.type === 'pdf' }), ['errors.' + kind]: '' })
    return true
  } catch (error) {
    page.setData({ [key + '.state']: 'failed', [key + '.error']: error.message || '上传失败' })
    return false
  }
}

const handlers = {
  async onAddFile (e) {
    const kind = e.currentTarget.dataset.kind
    if (!this.data.editable) return []
    const room = capacity(this, kind)
    if (room <= 0) {
      toast('已达上限，请先删除再上传')
      return []
    }
    let chosen = []
    try {
      if (kind === 'certificate') {
        const choice = await new Promise((resolve) => wx.showActionSheet({
          itemList: ['上传图片（拍照或相册）', '上传 PDF 文件（聊天记录中）'],
          success: (r) => resolve(r.tapIndex),
          fail: () => resolve(-1)
        }))
        if (choice === 1) chosen = await upload.choosePdf()
        else if (choice === 0) chosen = await upload.chooseImages(room)
      } else {
        chosen = await upload.chooseImages(room)
      }
    } catch (error) {
      showError(error)
      return []
    }
    chosen = chosen.slice(0, room)
    const start = this.data.files[kind].length
    const placeholders = chosen.map((c) => ({ id: null, url: '', isPdf: c.type === 'pdf', preview: c.type === 'pdf' ? '' : c.path, state: 'uploading', error: '', local: c }))
    this.setData({ ['files.' + kind]: this.data.files[kind].concat(placeholders) })
    const results = []
    for (let i = 0; i < chosen.length; i++) results.push(await sendOne(this, kind, start + i, chosen[i]))
    return results
  },

  onRetryFile (e) {
    const { kind, index } = e.currentTarget.dataset
    const entry = this.data.files[kind][Number(index)]
    if (!entry || entry.state !== 'failed') return Promise.resolve(false)
    this.setData({ ['files.' + kind + '[' + index + '].state']: 'uploading', ['files.' + kind + '[' + index + '].error']: '' })
    return sendOne(this, kind, Number(index), entry.local)
  },

  async onRemoveFile (e) {
    const { kind, index } = e.currentTarget.dataset
    const entry = this.data.files[kind][Number(index)]
    if (!entry || !this.data.editable) return false
    if (entry.id) {
      try {
        await api.del('/nominations/' + this.data.nominationId + '/files/' + entry.id)
      } catch (error) {
        if (error.status !== 404) {
          showError(error)
          return false
        }
      }
    }
    const list = this.data.files[kind].slice()
    list.splice(Number(index), 1)
    this.setData({ ['files.' + kind]: list })
    return true
  },

  onPreviewFile (e) {
    const { kind, index } = e.currentTarget.dataset
    const list = this.data.files[kind].filter((f) => f.preview)
    const current = this.data.files[kind][Number(index)]
    if (!current || !current.preview) return
    wx.previewImage({ current: current.preview, urls: list.map((f) => f.preview) })
  }
}

module.exports = { KINDS, groups, filesFromServer, counts, loadPreviews, handlers }
