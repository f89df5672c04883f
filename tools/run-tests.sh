#!/usr/bin/env bash
# The steps behind `make test`, each runnable alone:
#   tools/run-tests.sh [venv|sanity|pytest|lint|build|docs|matrix|smoke|all]...   (default: all)
# Env: PYTHON (default: the first python3.11 or newer on PATH), VENV (default .venv),
#      PYTEST_ARGS (extra pytest arguments), CORE_MATRIX (the older ansible-core releases to test,
#      default below; the newest is the one pinned in constraints-dev.txt, used by every other step).
set -euo pipefail
shopt -s inherit_errexit   # a failure inside $(...) stops the script too

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
NS=accessops
NAME=identity
PYTHON="$(tools/find-python.sh)"   # honours $PYTHON, fails when it does not run
VENV="${VENV:-$ROOT/.venv}"
# Every ansible-core minor release meta/runtime.yml admits (>=2.16) that installs on Python 3.11,
# pinned to a patch release; the README's support matrix names the same releases.
CORE_MATRIX="${CORE_MATRIX:-2.16.19 2.17.14 2.18.19}"
MATRIX_DIR="$ROOT/.venv-matrix"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/$NS-$NAME-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export ANSIBLE_COLLECTIONS_PATH="$WORK" ANSIBLE_NOCOLOR=1 PY_COLORS=0

log() { printf '\n=== %s\n' "$*"; }

venv() {
  # Re-install only when a requirements file changed since the last install.
  local stamp="$VENV/.requirements.sha"
  local want
  want="$(cat requirements.txt requirements-dev.txt requirements-sdk.txt constraints-dev.txt | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  log "venv $VENV ($PYTHON)"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints-dev.txt \
    -r requirements-dev.txt -r requirements-sdk.txt
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
    tar -C "$ROOT" --exclude=./.venv --exclude=./.venv-demo --exclude=./.venv-matrix --exclude=./.ansible \
      --exclude=./tests/output --exclude=./docs/build -cf - . | tar -C "$dest" -xf -
  fi
  echo "$dest"
}

sanity() {
  sanity_here
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

readme_install_commands() {
  # the ansible-galaxy lines of the README's Install section, comments cut: make test runs them as written
  awk '/^## Install/{section=1} section && /^```bash/{block=1; next} block && /^```/{exit} block' README.md |
    grep '^ansible-galaxy ' | sed 's/ *#.*//'
}

build() {
  log "the README's build and install commands, then ansible-doc of every module from the installed artifact"
  local dest command
  dest="$(stage)"
  mkdir -p "$WORK/dist" "$WORK/installed"
  # the README's commands, in a copy of the checkout, installing where ANSIBLE_COLLECTIONS_PATH points
  (cd "$dest" && rm -rf dist && export ANSIBLE_COLLECTIONS_PATH="$WORK/installed" &&
    readme_install_commands | while read -r command; do echo "+ $command"; eval "$command"; done)
  cp "$dest/dist/$NS-$NAME-"*.tar.gz "$WORK/dist/"
  test "$(readme_install_commands | wc -l)" -ge 2 || { echo "the README's Install section lost its ansible-galaxy commands"; exit 1; }
  local module
  for module in plugins/modules/*.py; do
    module="$(basename "$module" .py)"
    ANSIBLE_COLLECTIONS_PATH="$WORK/installed" ansible-doc "$NS.$NAME.$module" >/dev/null
  done
  echo "ansible-doc renders $(ls plugins/modules/*.py | wc -l) modules from the built artifact"
  # the licence and the changelog travel with the artifact, and the role's documentation renders from it
  local file
  for file in LICENSE CHANGELOG.md; do
    test -f "$WORK/installed/ansible_collections/$NS/$NAME/$file" || { echo "$file is not in the built artifact"; exit 1; }
  done
  ANSIBLE_COLLECTIONS_PATH="$WORK/installed" ansible-doc -t role "$NS.$NAME.identity_lifecycle" >/dev/null
  echo "LICENSE, CHANGELOG.md and the identity_lifecycle role's documentation are in the built artifact"
  log "ansible-builder create (execution environment context)"
  cp execution-environment.yml "$WORK/dist/"
  (cd "$WORK/dist" && ansible-builder create -f execution-environment.yml --context "$WORK/ee-context" >/dev/null)
  ls "$WORK/ee-context/_build/collections/"*.tar.gz >/dev/null
  echo "rendered $(ls "$WORK/ee-context" | tr '\n' ' ')"
}

docs() {
  # The collection's docs site: antsibull-docs writes the RST of every module, the role, the changelog and the
  # guides (docs/docsite), Sphinx builds it. Offline, the intersphinx inventories (Python, Jinja, Ansible) cannot
  # be fetched: those warnings, and the references only they would resolve, are counted; any other warning fails.
  log "docs site (antsibull-docs sphinx-init + sphinx-build, offline)"
  python tools/guides_rst.py --check
  stage >/dev/null   # ANSIBLE_COLLECTIONS_PATH=$WORK finds the staged collection
  local site="$WORK/docsite" started=$SECONDS
  mkdir -m 700 "$site"   # antsibull-docs wants a directory only its owner can write to
  antsibull-docs sphinx-init --use-current --dest-dir "$site" "$NS.$NAME" >/dev/null
  (cd "$site" && mkdir -p rst && chmod 700 rst &&
    antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --use-current --dest-dir rst "$NS.$NAME" >/dev/null &&
    sphinx-build -M html rst build -c . --keep-going -q -w "$site/warnings.txt" >"$site/sphinx.log" 2>&1) || {
    cat "$site/sphinx.log" 2>/dev/null; echo "the docs site did not build"; exit 1; }
  # a warning starts with a path or WARNING:; its continuation lines (the inventories it tried) are indented or not
  local offline other
  offline="$(grep -c -E "WARNING: failed to reach any of the inventories|WARNING: undefined label: '(common_return_values|ansible_configuration_settings)'" "$site/warnings.txt" || true)"
  other="$(grep 'WARNING' "$site/warnings.txt" | grep -v -E "WARNING: failed to reach any of the inventories|WARNING: undefined label: '(common_return_values|ansible_configuration_settings)'" || true)"
  if [ -n "$other" ]; then
    echo "$other"
    echo "the docs site builds with $(echo "$other" | wc -l) warning(s) besides the offline intersphinx ones"
    exit 1
  fi
  test -f "$site/build/html/collections/$NS/$NAME/docsite/getting-started.html"
  echo "docs site built in $((SECONDS - started)) s: $(find "$site/build/html" -name '*.html' | wc -l) pages, $offline offline intersphinx warning(s) tolerated"
}

matrix_venv() {
  # One small venv per older ansible-core (only what sanity and the smoke need: requirements-matrix.txt),
  # re-installed only when that file, the constraints or the release changed.
  local core="$1" dir="$MATRIX_DIR/core-${1%.*}"
  local stamp="$dir/.requirements.sha" want
  want="$( (echo "$core"; cat requirements.txt requirements-matrix.txt constraints-dev.txt) | sha256sum | cut -d' ' -f1)"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "$dir"
    return 0
  fi
  log "venv $dir (ansible-core $core, $PYTHON)" >&2
  [ -x "$dir/bin/python" ] || "$PYTHON" -m venv "$dir"
  # the dev constraints pin the newest ansible-core and its dependencies: leave those to the release under test
  grep -v -i -E '^(ansible-core|jinja2|markupsafe|pyyaml|cryptography|cffi|pycparser|packaging|resolvelib)==' \
    constraints-dev.txt > "$WORK/constraints-matrix.txt"
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -c "$WORK/constraints-matrix.txt" \
    "ansible-core==$core" -r requirements-matrix.txt >&2
  echo "$want" > "$stamp"
  echo "$dir"
}

with_venv() {
  # Run "$@" with the venv $1 first on PATH (ansible-test and the ansible-* commands are found there).
  local dir="$1"
  shift
  (PATH="$dir/bin:$PATH" VIRTUAL_ENV="$dir" "$@")
}

core_version() {
  python -c 'from ansible.release import __version__; print(__version__)'
}

target_pythons() {
  # A directory of pythonX.Y links to every interpreter of this machine that runs (pyenv's shims of versions
  # not selected exit 127, so each candidate is run), for the compile test on every Python the code claims.
  local dir="$WORK/pythons" version candidate root
  root="$(pyenv root 2>/dev/null || true)"
  mkdir -p "$dir"
  for version in 2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13 3.14; do
    for candidate in ${root:+"$root"/versions/"$version".*/bin/python"$version"} "$(command -v "python$version" || true)"; do
      if [ -x "$candidate" ] && "$candidate" -c '' >/dev/null 2>&1; then
        ln -sf "$candidate" "$dir/python$version"
        break
      fi
    done
  done
  echo "$dir"
}

sanity_here() {
  # ansible-test sanity with the ansible-core of the python on PATH, for the Python of that venv; then the
  # compile test on every Python found here that this ansible-core supports (tests/config.yml narrows the
  # modules' to 3.7 and later)
  seed_get_pip
  local dest py pythons
  dest="$(stage)"
  py="$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  log "ansible-test sanity, ansible-core $(core_version), python $py"
  local started=$SECONDS
  (cd "$dest" && ansible-test sanity --local --python "$py" --color no)
  pythons="$(target_pythons)"
  (cd "$dest" && PATH="$pythons:$PATH" ansible-test sanity --test compile --local --color no 2>&1 | grep -v 'locale')
  echo "sanity on ansible-core $(core_version): passed in $((SECONDS - started)) s" \
    "(compile also with the interpreters found, where this core supports them: $(ls "$pythons" | sort -V | tr '\n' ' '))"
}

matrix() {
  # ansible-test sanity on every older ansible-core of the support matrix (the newest runs in `sanity`)
  local core dir
  for core in $CORE_MATRIX; do
    dir="$(matrix_venv "$core")"
    with_venv "$dir" sanity_here
  done
}

smoke() {
  # Every module once through ansible-playbook, against the fakes, on the oldest ansible-core of the matrix
  local oldest dir dest
  oldest="$(printf '%s\n' $CORE_MATRIX | sort -V | head -1)"
  dir="$(matrix_venv "$oldest")"
  dest="$(stage)"
  log "smoke: every module through ansible-playbook, ansible-core $oldest"
  local started=$SECONDS
  (cd "$dest" && with_venv "$dir" python -m pytest -p no:cacheprovider -q tests/integration/test_smoke_every_module.py)
  echo "smoke on ansible-core $oldest: passed in $((SECONDS - started)) s"
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(all)
for step in "${steps[@]}"; do
  case "$step" in
    all) venv; activate; sanity; matrix; smoke; pytest_all; lint; docs; build ;;
    venv) venv ;;
    sanity) venv; activate; sanity ;;
    pytest) venv; activate; pytest_all ;;
    lint) venv; activate; lint ;;
    build) venv; activate; build ;;
    docs) venv; activate; docs ;;
    matrix) matrix ;;
    smoke) smoke ;;
    *) echo "unknown step: $step" >&2; exit 2 ;;
  esac
done
log "OK"
