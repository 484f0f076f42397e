// `npm test` alone, on a machine without the server's Python environment: the end-to-end test says what
// to run instead and is skipped, instead of being cancelled by a server that cannot start.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { missingPython } = require('./support/server')

test('without a Python environment the end-to-end test says what to run instead', (t) => {
  const saved = process.env.E2E_PYTHON
  t.after(() => { if (saved === undefined) delete process.env.E2E_PYTHON; else process.env.E2E_PYTHON = saved })
  delete process.env.E2E_PYTHON
  const message = missingPython('/nonexistent/bin/python')
  assert.match(message, /bash scripts\/test\.sh/)
  assert.match(message, /python3 -m venv \.venv && \.venv\/bin\/pip install -r requirements\.txt/)
  assert.match(message, /E2E_PYTHON/)
  // scripts/test.sh names its Python: then a broken one fails the test rather than skipping it.
  process.env.E2E_PYTHON = '/nonexistent/bin/python'
  assert.equal(missingPython('/nonexistent/bin/python'), null)
})
