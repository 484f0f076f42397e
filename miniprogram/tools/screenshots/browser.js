// Headless Chromium (the system's, never a downloaded one) through playwright-core: an HTML page shot at
// 375×812 with device scale 2, the first screen and the whole page.
const fs = require('node:fs')
const { chromium } = require('playwright-core')

const WIDTH = 375
const HEIGHT = 812
const SCALE = 2

function chromiumPath () {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium'
}

// Why no screenshots can be taken here, or null.
function missingChromium () {
  return fs.existsSync(chromiumPath()) ? null : '没有找到 Chromium（' + chromiumPath() + '）：请安装（apt-get install chromium）或用 CHROMIUM_PATH 指定'
}

async function openBrowser () {
  // Signals are the command's to handle: it stops the browser and the demo server together.
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false
  })
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: SCALE, locale: 'zh-CN', isMobile: true, hasTouch: true })
  const page = await context.newPage()
  return {
    // Writes `file` (the first screen) and, with `fullFile`, the whole page.
    async shoot (html, file, fullFile) {
      await page.setContent(html, { waitUntil: 'load', timeout: 30000 })
      await page.evaluate(() => document.fonts.ready)
      await page.screenshot({ path: file })
      if (fullFile) {
        // The whole page as one tall screen, so that a sticky bottom bar sits at the bottom, as it
        // does once the user has scrolled to the end (a full-page capture would leave it mid-page).
        const height = await page.evaluate(() => document.documentElement.scrollHeight)
        await page.setViewportSize({ width: WIDTH, height: Math.max(HEIGHT, height) })
        await page.screenshot({ path: fullFile })
        await page.setViewportSize({ width: WIDTH, height: HEIGHT })
      }
    },
    close: () => browser.close()
  }
}

module.exports = { openBrowser, missingChromium, WIDTH, HEIGHT, SCALE }
