#!/usr/bin/env bash
# Installs what the tests need and runs every test:
#   pass 1: SQLite + the embedded Redis;
#   pass 2: PostgreSQL + a Redis server (TEST_POSTGRES_URL, TEST_REDIS_URL; defaults on 127.0.0.1).
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

echo "== 第 1 轮：SQLite + 内置 Redis"
env -u DATABASE_URL -u REDIS_URL .venv/bin/python -m pytest "$@"

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

echo "== 第 2 轮：PostgreSQL + Redis 服务器"
if servers_up; then
  DATABASE_URL=$PG_URL REDIS_URL=$REDIS_SERVER_URL .venv/bin/python -m pytest "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI 需要 PostgreSQL 与 Redis（$PG_URL, $REDIS_SERVER_URL）" >&2
  exit 1
else
  echo "警告：未连上 PostgreSQL/Redis，跳过第 2 轮（CI 中不会跳过）" >&2
fi
