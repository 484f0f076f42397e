# Shared by scripts/run.sh and scripts/test.sh: a virtualenv in .venv with the pinned requirements.
ensure_venv() {
  local python=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      # Debian ships venv separately; install it when we can (as root), else say what is missing.
      rm -rf .venv
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv .venv
      else
        echo "需要 python3-venv：sudo apt-get install python3-venv" >&2
        return 1
      fi
    fi
  fi
  # Reinstall only when a requirements file changed.
  local stamp=.venv/.requirements.sha256
  local want
  want=$(cat "$@" | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "安装 Python 依赖…"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    local args=()
    for file in "$@"; do args+=(-r "$file"); done
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"
    echo "$want" > "$stamp"
  fi
}
