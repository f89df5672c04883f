# The two commands of the README. Each sets itself up (a venv in .venv) on a fresh machine.
.PHONY: test demo sanity pytest lint build venv clean

test:            ## sanity, pytest (unit + integration + conformance), ansible-lint, changelog lint, build
	tools/run-tests.sh all

demo: venv       ## start the bundled fakes and run the example play: changed, then ok, then --check --diff
	. .venv/bin/activate && tools/demo.sh

sanity pytest lint build venv:
	tools/run-tests.sh $@

clean:
	rm -rf .venv dist tests/output .pytest_cache
