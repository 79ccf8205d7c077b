# Sourced by scripts/run and scripts/test: make .venv and install the project into it.
# Re-running is fast: pip is skipped when pyproject.toml has not changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Saring needs Python 3.11 or newer." >&2
  return 1
}

ensure_venv() {  # $1: extras, e.g. "" or "test,bench"
  local extras="${1:-}" stamp="$VENV/.saring-installed"
  if [ ! -x "$PY" ]; then
    echo "Creating $VENV …"
    "$(find_python)" -m venv "$VENV"
  fi
  local hash want
  hash="$("$PY" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$ROOT/pyproject.toml")"
  want="$hash extras=$extras"
  # Up to date when pyproject.toml is unchanged and the extras asked for were installed
  # (an install with the test extras also serves ./scripts/run).
  if [ -f "$stamp" ] && { grep -qxF "$want" "$stamp" || { [ -z "$extras" ] && grep -q "^$hash " "$stamp"; }; }; then
    return 0
  fi
  echo "Installing Saring and its dependencies into .venv (log: .venv/pip.log) …"
  local spec="$ROOT" log="$VENV/pip.log"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  if ! { "$PY" -m pip install --disable-pip-version-check --upgrade pip &&
         "$PY" -m pip install --disable-pip-version-check -e "$spec"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "Installing failed; the whole log is in $log" >&2
    return 1
  fi
  echo "$want" > "$stamp"
}
