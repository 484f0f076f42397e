#!/usr/bin/env node
// npm run screenshots [-- --only name,name] [--stage nomination|promotion|evaluation|commendation]
//   [--out folder] [--no-full] [--html]
// Starts the demo server (a fresh SQLite database, the demo seeded), renders every scene of scenes.js
// with the page logic run through miniprogram-simulate against it, and saves PNGs of 375×812 at device
// scale 2 (750×1624): <name>.png the first screen, <name>.full.png the whole page (--html: the HTML too).
const fs = require('node:fs')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { SCENES, STAGES, STAGE_SETUP } = require('./scenes')

const DEFAULT_OUT = path.resolve(__dirname, '..', '..', 'screenshots')

function options (argv) {
  const { values } = parseArgs({
    args: argv,
    options: { only: { type: 'string' }, stage: { type: 'string' }, out: { type: 'string' }, 'no-full': { type: 'boolean' }, html: { type: 'boolean' } }
  })
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null
  if (values.stage && !STAGES.includes(values.stage)) throw new Error('--stage: one of ' + STAGES.join(', '))
  let scenes = SCENES.filter((s) => (!only || only.includes(s.name)) && (!values.stage || s.stage === values.stage))
  if (only) {
    const unknown = only.filter((name) => !SCENES.some((s) => s.name === name))
    if (unknown.length) throw new Error('unknown scenes: ' + unknown.join(', ') + '\nknown: ' + SCENES.map((s) => s.name).join(', '))
  }
  scenes = scenes.slice().sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage))
  return { scenes, out: path.resolve(values.out || DEFAULT_OUT), full: !values['no-full'], html: Boolean(values.html) }
}

async function run (argv) {
  const { scenes, out, full, html: keepHtml } = options(argv)
  const { missingChromium, openBrowser } = require('./browser')
  const { missingPython, startServer } = require('../../test/support/server')
  const why = missingChromium() || missingPython()
  if (why) throw new Error(why)
  const { renderScene } = require('./render')
  const { openPhone } = require('./phone')
  fs.mkdirSync(out, { recursive: true })
  const started = Date.now()
  // Ctrl+C: the scene being drawn ends, then the browser, the server (its own process group) and its
  // Redis stop as after the last scene (a second Ctrl+C leaves at once).
  let interrupted = false
  const interrupt = () => { interrupted = true; process.exitCode = 130 }
  process.once('SIGINT', interrupt)
  const server = await startServer()
  let browser = null
  const saved = []
  const failed = []
  try {
    browser = await openBrowser()
    const ctx = { base: server.base, api: (user) => openPhone(user || 'shots-public', server.base).api }
    let stage = 'nomination' // what `serve` seeds an empty database with
    for (const scene of scenes) {
      if (interrupted) break
      if (scene.stage !== stage) {
        server.flask('seed-demo', '--stage', scene.stage)
        stage = scene.stage
        delete ctx.workers
        if (STAGE_SETUP[stage]) await STAGE_SETUP[stage](ctx)
      }
      try {
        const { html } = await renderScene(scene, ctx)
        const file = path.join(out, scene.name + '.png')
        if (keepHtml) fs.writeFileSync(path.join(out, scene.name + '.html'), html) // its images are the server's
        await browser.shoot(html, file, full ? path.join(out, scene.name + '.full.png') : null)
        saved.push(file)
        console.log(path.relative(process.cwd(), file))
      } catch (error) {
        failed.push(scene.name)
        console.error('✗ ' + scene.name + ': ' + (error.stack || error))
      }
    }
  } finally {
    process.removeListener('SIGINT', interrupt)
    if (browser) await browser.close()
    await server.stop()
  }
  const kind = full ? '首屏 375×812 与整页' : '首屏 375×812'
  console.log(saved.length + ' 个页面状态的截图（' + kind + '，设备像素比 2）已保存到 ' + out + '，用时 ' +
    Math.round((Date.now() - started) / 1000) + ' 秒' + (failed.length ? '；失败：' + failed.join(', ') : ''))
  return { saved, failed }
}

module.exports = { run, options }

if (require.main === module) {
  run(process.argv.slice(2)).then(({ failed }) => { if (failed.length) process.exitCode = 1 }, (error) => {
    console.error(error.message || error)
    process.exitCode = 1
  })
}
