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
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) extras=$extras"
  if [ ! -x "$PY" ]; then
    echo "Creating $VENV …"
    "$(find_python)" -m venv "$VENV"
  fi
  if [ -f "$stamp" ] && grep -qxF "$want" "$stamp"; then
    return 0
  fi
  echo "Installing Saring and its dependencies into .venv …"
  "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  local spec="$ROOT"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  "$PY" -m pip install --quiet --disable-pip-version-check -e "$spec" 2>&1 | grep -v "^WARNING: Location" || true
  "$PY" -c 'import helper, spacy, aiohttp, langdetect, Sastrawi' # fail here, not later, if pip failed
  echo "$want" > "$stamp"
}
