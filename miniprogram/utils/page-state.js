// Nothing blank: every page is loading, ready, empty, offline or in error, with a retry.
// A page's data carries `status` and `errorMessage`; components/state-view draws them.

function errorState (error) {
  return {
    status: error && error.offline ? 'offline' : 'error',
    errorMessage: (error && error.message) || '加载失败，请稍后重试'
  }
}

// A refusal that retrying cannot change, for state-view's "final" view: {title, message, action, home}.
function finalState (final) {
  return { status: 'final', errorMessage: final.message || '', final }
}

// The final view an error calls for: `finals` is {code: {title, message, action, home}} or a function
// (error) → one of those or null; null when the error is not final (offline, a server failure…).
function finalFor (error, finals) {
  if (!error || error.offline || !finals) return null
  const final = typeof finals === 'function' ? finals(error) : finals[error.code]
  return final ? finalState(final) : null
}

// Runs `loader` with the page in "loading", then "ready" (or "empty" when isEmpty says so) or the error;
// an error whose code is in options.finals ends in that "final" view instead of an error with 重试.
async function loadInto (page, loader, options = {}) {
  if (!options.quiet) page.setData({ status: 'loading', errorMessage: '' })
  try {
    const result = await loader()
    page.setData({ status: options.isEmpty && options.isEmpty(result) ? 'empty' : 'ready', errorMessage: '' })
    return result
  } catch (error) {
    page.setData(finalFor(error, options.finals) || errorState(error))
    return null
  }
}

function toast (message, icon) {
  wx.showToast({ title: String(message).slice(0, 40), icon: icon || 'none', duration: 2500 })
}

function showError (error) {
  toast((error && error.message) || '操作失败，请稍后重试')
}

// The next page of a list whose order moves while people read (likes, new articles): rows already shown
// are skipped rather than shown twice.
function appendPage (shown, incoming, decorate) {
  const known = {}
  shown.forEach((row) => { known[row.id] = true })
  return shown.concat(incoming.filter((row) => !known[row.id]).map(decorate))
}

module.exports = { appendPage, errorState, finalFor, finalState, loadInto, toast, showError }
