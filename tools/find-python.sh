#!/usr/bin/env bash
# Print the interpreter make demo / make test build their venvs with: $PYTHON when set, else the first
# of python3.11, python3.12, python3.13, python3 on PATH that runs and is Python 3.11 or newer
# (a pyenv shim of a version not selected exits 127, so each candidate is run, not just looked up).
# python3.11 comes first: ansible-core 2.16 and 2.17 (the oldest releases of the support matrix)
# do not install on Python 3.13.
set -euo pipefail
works() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ]; then
  works "$PYTHON" || { echo "PYTHON=$PYTHON does not run, or is older than Python 3.11" >&2; exit 1; }
  command -v "$PYTHON"
  exit 0
fi
for candidate in python3.11 python3.12 python3.13 python3; do
  if works "$candidate"; then
    command -v "$candidate"
    exit 0
  fi
done
echo "no python3.11 or newer on PATH: install one, or set PYTHON=/path/to/python3.11" >&2
exit 1
