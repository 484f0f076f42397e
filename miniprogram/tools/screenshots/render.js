// One scene (a page in one state) rendered to HTML: its query prepared against the server, the page
// opened on the scene's phone and left to load, the scene's taps made, and the result drawn.
const { openPage } = require('./load-page')
const { openPhone } = require('./phone')
const { toHtml } = require('./to-html')

function lastCall (calls, names) {
  for (let i = calls.length - 1; i >= 0; i--) if (names.includes(calls[i].name)) return calls[i]
  return null
}

async function renderScene (scene, ctx) {
  const query = scene.prepare ? await scene.prepare(ctx) : (scene.query || {})
  // The scene's own phone last: preparing may use other phones (each replaces the global wx).
  const user = typeof scene.user === 'function' ? await scene.user(ctx) : scene.user
  const phone = openPhone(user || 'shots-public', ctx.base, { offline: scene.offline })
  const opened = await openPage(scene.route, query)
  try {
    await phone.idle()
    if (scene.act) {
      await scene.act(opened.page, ctx)
      await phone.idle()
    }
    const title = lastCall(phone.wx.calls, ['setNavigationBarTitle'])
    const html = toHtml({
      rendered: opened.rendered,
      route: scene.route,
      title: title && title.args.title,
      dialog: scene.dialog ? lastCall(phone.wx.calls, ['showModal', 'showToast']) : null
    })
    return { html, data: opened.page.data }
  } finally {
    if (opened.page.onUnload) opened.page.onUnload()
    opened.close()
  }
}

module.exports = { renderScene }
