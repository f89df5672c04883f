# The two commands of the README. Each sets itself up on a fresh machine: make demo a small venv in
# .venv-demo (ansible-core, requests, jsonschema), make test the development venv in .venv and one venv
# per older ansible-core of the support matrix in .venv-matrix/. PYTHON=... picks the interpreter
# (default: the first python3.11 or newer on PATH).
.PHONY: test demo sanity matrix smoke pytest lint docs build venv clean

test:            ## the support matrix (sanity on each ansible-core, smoke on the oldest), pytest, lint, docs, build
	tools/run-tests.sh all

demo:            ## start the bundled fakes and run the example play: changed, then ok, then --check --diff
	tools/demo-venv.sh
	. .venv-demo/bin/activate && tools/demo.sh

sanity matrix smoke pytest lint docs build venv:
	tools/run-tests.sh $@

clean:
	rm -rf .venv .venv-demo .venv-matrix dist tests/output .pytest_cache docs/build
