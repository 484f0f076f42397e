#!/usr/bin/env bash
# Installs what the tests need and runs every test:
#   first the layering contracts (lint-imports, .importlinter): a broken contract fails the run;
#   pass 1: SQLite + the embedded Redis, printed as it runs;
#   pass 2: PostgreSQL + a Redis server (TEST_POSTGRES_URL, TEST_REDIS_URL; defaults on 127.0.0.1), every test
#           but the browser tests (marked `browser`: they ran in pass 1), run at the same time as pass 1 and
#           printed after it;
#   the fault tests (marked `faults`: they start, break and stop processes of their own), once;
#   then the mini-program's tests with Node after a clean `npm ci` in miniprogram/.
# Pass 2 is required in CI (CI=true) and skipped with a warning elsewhere when the servers are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_venv requirements.txt requirements-dev.txt

# The console's browser tests drive Debian's chromium through Playwright (never `playwright install`).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装 chromium（控制台浏览器测试）…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "需要 chromium：sudo apt-get install chromium fonts-noto-cjk" >&2
    exit 1
  fi
fi

PG_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
REDIS_SERVER_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}

LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
# "12 passed, 1 skipped in 3.2s" → the number before the word, 0 when absent.
count() { grep -Eo "[0-9]+ $2" "$1" | tail -n1 | grep -Eo '^[0-9]+' || echo 0; }

echo "== 分层检查：import-linter（.importlinter）"
.venv/bin/lint-imports --no-cache

servers_up() {
  .venv/bin/python - "$PG_URL" "$REDIS_SERVER_URL" <<'PY'
import sys, psycopg, redis
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
    redis.Redis.from_url(sys.argv[2], socket_connect_timeout=3).ping()
except Exception as exc:
    print(f"not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
}

# The two passes share nothing (SQLite file + embedded Redis vs PostgreSQL + Redis db 15, servers on free ports),
# so they run side by side on the machine's cores: pass 1 prints as it goes, pass 2 into its log, shown after.
pass2_pid=""
if servers_up; then
  echo "== 第 2 轮（与第 1 轮同时进行，结束后显示）：PostgreSQL + Redis 服务器"
  # The browser tests ran in pass 1; their data paths are covered here by the HTTP tests (pytest.ini: browser).
  # The fault tests start processes of their own and run once, after both passes (pytest.ini: faults).
  # Its exit status is pytest's: `wait` below reads it (set -e would end a subshell before any `echo $?`).
  DATABASE_URL=$PG_URL REDIS_URL=$REDIS_SERVER_URL .venv/bin/python -m pytest -m "not browser and not faults" "$@" \
     >"$LOGS/pass2.log" 2>&1 &
  pass2_pid=$!
elif [ "${CI:-}" = "true" ]; then
  echo "CI 需要 PostgreSQL 与 Redis（$PG_URL, $REDIS_SERVER_URL）" >&2
  exit 1
else
  echo "警告：未连上 PostgreSQL/Redis，跳过第 2 轮（CI 中不会跳过）" >&2
fi

echo "== 第 1 轮：SQLite + 内置 Redis"
pass1_rc=0
env -u DATABASE_URL -u REDIS_URL .venv/bin/python -m pytest -m "not faults" "$@" | tee "$LOGS/pass1.log" || pass1_rc=$?

pass2_rc=0
if [ -n "$pass2_pid" ]; then
  wait "$pass2_pid" || pass2_rc=$?
  echo "== 第 2 轮：PostgreSQL + Redis 服务器"
  cat "$LOGS/pass2.log"
fi
if [ "$pass1_rc" != 0 ] || [ "$pass2_rc" != 0 ]; then
  echo "Python 测试失败（第 1 轮: $pass1_rc，第 2 轮: $pass2_rc）" >&2
  exit 1
fi

echo "== 故障测试：各自启动并停止自己的 PostgreSQL、Redis、模拟器与进程（pytest -m faults，只跑一次）"
faults_rc=0
env -u DATABASE_URL -u REDIS_URL .venv/bin/python -m pytest -m faults "$@" | tee "$LOGS/faults.log" || faults_rc=$?
# 5: nothing marked `faults` was selected (e.g. a path given that holds none).
if [ "$faults_rc" != 0 ] && [ "$faults_rc" != 5 ]; then
  echo "故障测试失败" >&2
  exit 1
fi

echo "== 小程序：npm ci + Node 测试（页面逻辑、组件、与真实服务端的端到端测试）"
if ! command -v npm >/dev/null; then
  echo "需要 Node.js 18+ 与 npm（Debian: apt-get install nodejs npm）" >&2
  exit 1
fi
(cd miniprogram && npm ci --no-audit --no-fund --loglevel=error >"$LOGS/npm-ci.log" 2>&1) || {
  cat "$LOGS/npm-ci.log" >&2; echo "小程序依赖安装失败（npm ci）" >&2; exit 1; }
# The end-to-end test starts the server with the same Python as the passes above.
if (cd miniprogram && E2E_PYTHON="$PWD/../.venv/bin/python" npm test --silent >"$LOGS/node.log" 2>&1); then
  grep -E '^# (tests|pass|fail|cancelled|skipped|todo|duration_ms) ' "$LOGS/node.log"
else
  cat "$LOGS/node.log"
  echo "小程序测试失败" >&2
  exit 1
fi

passed=0; failed=0; skipped=0
for log in "$LOGS"/pass1.log "$LOGS"/pass2.log "$LOGS"/faults.log; do
  [ -f "$log" ] || continue
  passed=$((passed + $(count "$log" passed))); failed=$((failed + $(count "$log" failed)))
  skipped=$((skipped + $(count "$log" skipped)))
done
node_pass=$(grep -Eo '^# pass [0-9]+' "$LOGS/node.log" | grep -Eo '[0-9]+$')
node_fail=$(grep -Eo '^# fail [0-9]+' "$LOGS/node.log" | grep -Eo '[0-9]+$')
node_skip=$(grep -Eo '^# skipped [0-9]+' "$LOGS/node.log" | grep -Eo '[0-9]+$')
echo "== 汇总：pytest $(count "$LOGS/pass1.log" passed) + $( [ -f "$LOGS/pass2.log" ] && count "$LOGS/pass2.log" passed || echo 0) 通过（两轮），故障测试 $(count "$LOGS/faults.log" passed) 通过，小程序 Node ${node_pass} 通过"
echo "total: $((passed + node_pass)) passed, $((failed + node_fail)) failed, $((skipped + node_skip)) skipped"
