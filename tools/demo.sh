#!/usr/bin/env bash
# make demo: start the bundled fakes, apply the demo play, apply it again (no change),
# then preview a change with --check --diff. Expects the venv to be active.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accessops-identity-demo.XXXXXX")"
mkdir -p "$WORK/ansible_collections/accessops"
ln -s "$ROOT" "$WORK/ansible_collections/accessops/identity"
export ANSIBLE_COLLECTIONS_PATH="$WORK" ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=0 \
  ANSIBLE_INVENTORY_UNPARSED_WARNING=0 ANSIBLE_RETRY_FILES_ENABLED=0

(cd "$ROOT" && python -m tests.fakes.serve --env-file "$WORK/fakes.env") &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [ -s "$WORK/fakes.env" ] && break; sleep 0.1; done
# shellcheck disable=SC1091
source "$WORK/fakes.env"

play() {
  ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$(command -v python)" \
    "$ROOT/playbooks/demo.yml" "$@"
}

printf '\n##### 1. First run: everything is created (changed)\n'
play
printf '\n##### 2. Second run: nothing to do (ok, changed=0)\n'
play | tee "$WORK/second-run.txt"
grep -q 'changed=0' "$WORK/second-run.txt" || { echo 'demo: the second run changed something' >&2; exit 1; }
printf '\n##### 3. Preview a change with --check --diff: nothing is written\n'
play --check --diff -e demo_network_role=MONITOR -e '{"demo_sso_roles": [150002, 150003]}' \
  -e demo_backup_robot_enabled=false -e demo_dan_status=disabled
printf '\n##### 4. Run again: still no change, the preview wrote nothing\n'
play | tee "$WORK/fourth-run.txt"
grep -q 'changed=0' "$WORK/fourth-run.txt" || { echo 'demo: check mode wrote something' >&2; exit 1; }
