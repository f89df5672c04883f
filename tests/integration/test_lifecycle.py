# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module, through ansible-playbook, against its vendor's fake: the definition of done.

create -> re-run sends no write -> --check change sends no write but says changed ->
--diff shows before/after -> update -> delete (check first) -> absent again unchanged;
faults (429 then success, persistent 500); bad input; secrets at -vvv.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from tests.integration import scenarios
from tests.integration.harness import run_task


@pytest.fixture(params=scenarios.ALL, ids=repr)
def scenario(request):
    fake, connection = request.param.start()
    yield request.param, fake, connection
    fake.stop()


def run(tmp_path, scenario_fake, args, **kwargs):
    scenario, fake, connection = scenario_fake
    fake.clear_log()
    return run_task(tmp_path, scenario.module, dict(connection, **args), **kwargs)


def assert_ok(result):
    assert result.rc == 0 and not result.failed, result.output
    assert 'WARNING' not in result.output.replace('[WARNING]: API token', ''), result.output


def test_lifecycle_is_idempotent_and_check_mode_never_writes(tmp_path, scenario):
    spec, fake, _connection = scenario

    created = run(tmp_path, scenario, spec.create(fake), diff=True)
    assert_ok(created)
    assert created.changed is True
    assert spec.exists(fake)
    assert fake.writes(), 'creating sent no write'
    assert created.result['diff']['after'], 'diff of a create must show what is created'

    again = run(tmp_path, scenario, spec.create(fake))
    assert_ok(again)
    assert again.changed is False
    assert fake.writes() == []

    preview = run(tmp_path, scenario, spec.update(fake), check=True, diff=True)
    assert_ok(preview)
    assert preview.changed is True
    assert fake.writes() == [], 'check mode sent a write'
    assert preview.result['diff']['before'] != preview.result['diff']['after']
    assert '--- before' in preview.output and '+++ after' in preview.output

    updated = run(tmp_path, scenario, spec.update(fake), diff=True)
    assert_ok(updated)
    assert updated.changed is True
    assert fake.writes()
    assert updated.result['diff'] == preview.result['diff'], 'check mode predicted another change'

    settled = run(tmp_path, scenario, spec.update(fake), check=True)
    assert_ok(settled)
    assert settled.changed is False and fake.writes() == []

    delete_preview = run(tmp_path, scenario, spec.absent(fake), check=True, diff=True)
    assert_ok(delete_preview)
    assert delete_preview.changed is True and fake.writes() == []
    assert spec.exists(fake)

    deleted = run(tmp_path, scenario, spec.absent(fake))
    assert_ok(deleted)
    assert deleted.changed is True
    assert not spec.exists(fake)

    gone = run(tmp_path, scenario, spec.absent(fake))
    assert_ok(gone)
    assert gone.changed is False and fake.writes() == []


def test_rate_limit_is_waited_out(tmp_path, scenario):
    spec, fake, _connection = scenario
    fake.inject(status=429, method='GET', path=spec.read_path, headers={'Retry-After': '1'}, times=2)
    result = run(tmp_path, scenario, spec.create(fake))
    assert_ok(result)
    assert result.changed is True and spec.exists(fake)
    statuses = [entry['status'] for entry in fake.log
                if entry['method'] == 'GET' and re.search(spec.read_path, entry['path'])]
    assert statuses[:3] == [429, 429, 200]


def test_persistent_server_error_fails_clearly_without_writing(tmp_path, scenario):
    spec, fake, _connection = scenario
    fake.inject(status=500, method='GET', path=spec.read_path, times=100)
    result = run(tmp_path, scenario, spec.create(fake))
    assert result.failed and result.rc != 0
    msg = result.result['msg']
    assert msg.startswith('GET /') and ' -> 500: ' in msg and 'injected fault' in msg, msg
    assert 'nothing was changed' in msg
    assert result.result['status'] == 500
    assert 'Traceback' not in result.output
    assert fake.writes() == []


def test_bad_input_fails_naming_the_option_and_sends_nothing(tmp_path, scenario):
    spec, fake, _connection = scenario
    for args, words in spec.bad_inputs:
        result = run(tmp_path, scenario, args)
        assert result.failed, (args, result.output)
        for word in words:
            assert word in result.result['msg'], (args, result.result['msg'])
        assert 'Traceback' not in result.output
        assert fake.writes() == [], args


def test_secrets_never_appear_at_vvv(tmp_path, scenario):
    spec, fake, _connection = scenario
    outputs = [
        run(tmp_path, scenario, spec.create(fake), diff=True, verbosity=3).output,
        run(tmp_path, scenario, spec.update(fake), check=True, diff=True, verbosity=3).output,
        run(tmp_path, scenario, spec.absent(fake), diff=True, verbosity=3).output,
    ]
    fake.inject(status=500, method='GET', path=spec.read_path, times=100)
    outputs.append(run(tmp_path, scenario, spec.create(fake), verbosity=3).output)
    for secret in spec.secrets:
        for output in outputs:
            assert secret not in output
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in outputs[0] or '********' in outputs[0]
