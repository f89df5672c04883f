#!/usr/bin/env bash
# The venv of `make demo` (.venv-demo): ansible-core, requests and jsonschema (requirements-demo.txt),
# at the releases constraints-dev.txt pins; installed again only when one of those files changed.
# Env: PYTHON (default: the first python3.11 or newer on PATH, see tools/find-python.sh), DEMO_VENV.
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
VENV="${DEMO_VENV:-$ROOT/.venv-demo}"
stamp="$VENV/.requirements.sha"
want="$(cat requirements.txt requirements-demo.txt constraints-dev.txt | sha256sum | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
PYTHON="$(tools/find-python.sh)"
printf '=== venv %s (%s): ansible-core, requests, jsonschema\n' "$VENV" "$PYTHON"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints-dev.txt -r requirements-demo.txt
echo "$want" > "$stamp"
