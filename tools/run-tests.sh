#!/usr/bin/env bash
# The steps behind `make test`, each runnable alone:
#   tools/run-tests.sh [venv|sanity|pytest|lint|build|all]...   (default: all)
# Env: PYTHON (default python3.11), VENV (default .venv), PYTEST_ARGS (extra pytest arguments).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
NS=accessops
NAME=identity
PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-$ROOT/.venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/$NS-$NAME-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export ANSIBLE_COLLECTIONS_PATH="$WORK" ANSIBLE_NOCOLOR=1 PY_COLORS=0

log() { printf '\n=== %s\n' "$*"; }

venv() {
  # Re-install only when a requirements file changed since the last install.
  local stamp="$VENV/.requirements.sha"
  local want
  want="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log "venv $VENV ($PYTHON)"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt -r requirements-sdk.txt
  echo "$want" > "$stamp"
}

activate() {
  # shellcheck disable=SC1091
  source "$VENV/bin/activate"
}

seed_get_pip() {
  # ansible-test bootstraps pip in its sanity venvs from a host other than PyPI, which is out of
  # reach here; seed its cache with the ensurepip-based stand-in (see shared/DESIGN.md).
  local version cache
  version="$(python - <<'PY'
import pathlib, re, ansible_test
src = (pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py').read_text()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PY
)"
  cache="$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
  [ -s "$cache" ] && return 0
  mkdir -p "$(dirname "$cache")"
  cat > "$cache" <<'PY'
# Stand-in for ansible-test's get-pip bootstrap script: ensurepip, then pip install the pinned pip.
import subprocess
import sys
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'])
args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install'] + args))
PY
}

stage() {
  # ansible-test wants the physical cwd to be .../ansible_collections/NS/NAME: copy the checkout
  # (with .git, so that .gitignore applies).
  local dest="$WORK/ansible_collections/$NS/$NAME"
  if [ ! -d "$dest" ]; then
    mkdir -p "$dest"
    tar -C "$ROOT" --exclude=./.venv --exclude=./.ansible --exclude=./tests/output -cf - . | tar -C "$dest" -xf -
  fi
  echo "$dest"
}

sanity() {
  seed_get_pip
  local dest
  dest="$(stage)"
  log "ansible-test sanity (python $(python -c 'import sys; print("%d.%d" % sys.version_info[:2])'))"
  (cd "$dest" && ansible-test sanity --local --python "$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" --color no)
}

browser() {
  # The access review's page is checked in headless Chromium from Debian's packages. Install it when missing and
  # we can (root with apt-get); otherwise the browser test fails, unless ACCESSOPS_NO_BROWSER=1 skips it on purpose.
  [ "${ACCESSOPS_NO_BROWSER:-}" = 1 ] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "apt-get install chromium (the access review's browser test)"
    apt-get install -y -q --no-install-recommends chromium >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
  else
    echo "chromium is missing and cannot be installed here: the browser test will fail (ACCESSOPS_NO_BROWSER=1 skips it)"
  fi
}

pytest_all() {
  browser
  log "pytest (unit, integration against the fakes, conformance with the vendor SDKs)"
  local dest
  dest="$(stage)"
  (cd "$dest" && python -m pytest -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" ${PYTEST_ARGS:-} tests/unit tests/integration)
}

lint() {
  log "action groups are up to date"
  python tools/action_groups.py --check
  log "ansible-lint (production profile, offline)"
  stage >/dev/null
  ansible-lint --offline --profile production
  log "antsibull-changelog lint"
  antsibull-changelog lint
  log "antsibull-docs lint-collection-docs"
  (cd "$(stage)" && antsibull-docs lint-collection-docs --plugin-docs .)
}

build() {
  log "ansible-galaxy collection build + install + ansible-doc of every module"
  mkdir -p "$WORK/dist" "$WORK/installed"
  ansible-galaxy collection build --force --output-path "$WORK/dist" "$ROOT"
  ansible-galaxy collection install --force -p "$WORK/installed" "$WORK/dist/$NS-$NAME-"*.tar.gz
  local module
  for module in plugins/modules/*.py; do
    module="$(basename "$module" .py)"
    ANSIBLE_COLLECTIONS_PATH="$WORK/installed" ansible-doc "$NS.$NAME.$module" >/dev/null
  done
  echo "ansible-doc renders $(ls plugins/modules/*.py | wc -l) modules from the built artifact"
  # the licence travels with the artifact, and the role's documentation renders from it
  test -f "$WORK/installed/ansible_collections/$NS/$NAME/LICENSE" || { echo "LICENSE is not in the built artifact"; exit 1; }
  ANSIBLE_COLLECTIONS_PATH="$WORK/installed" ansible-doc -t role "$NS.$NAME.identity_lifecycle" >/dev/null
  echo "LICENSE and the identity_lifecycle role's documentation are in the built artifact"
  log "ansible-builder create (execution environment context)"
  cp execution-environment.yml "$WORK/dist/"
  (cd "$WORK/dist" && ansible-builder create -f execution-environment.yml --context "$WORK/ee-context" >/dev/null)
  ls "$WORK/ee-context/_build/collections/"*.tar.gz >/dev/null
  echo "rendered $(ls "$WORK/ee-context" | tr '\n' ' ')"
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(all)
for step in "${steps[@]}"; do
  case "$step" in
    all) venv; activate; sanity; pytest_all; lint; build ;;
    venv) venv ;;
    sanity) venv; activate; sanity ;;
    pytest) venv; activate; pytest_all ;;
    lint) venv; activate; lint ;;
    build) venv; activate; build ;;
    *) echo "unknown step: $step" >&2; exit 2 ;;
  esac
done
log "OK"
