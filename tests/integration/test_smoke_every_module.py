# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module once through ansible-playbook: the smoke `make test` runs on the oldest ansible-core it supports.

Each module's first no-change case of minimum_requests.py gets its own fake, made ready in-process; one
playbook then runs every module as a task against its fake, and every task must end ok and unchanged,
but for the two action-only modules, which always act (ACTIONS). A new module in neither fails this test,
so it cannot skip the oldest ansible-core.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys

from tests.fakes.agilicus import AgilicusFake
from tests.fakes.kestra import KestraFake
from tests.integration.harness import HERE, PLAYBOOK_BIN
from tests.integration.inprocess import run_module
from tests.integration.minimum_requests import CASES

MODULES_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'plugins', 'modules')
BULK_USERS = 3   # enough for a directory; the 250 of minimum_requests are for counting requests


TOKEN = 'smoke-token'


def _kestra_password_change():
    fake = KestraFake(token=TOKEN)
    lou = fake.add_user('lou@example.com')
    fake.set_password(lou, 'old-Pass-1')
    fake.start()
    return fake, dict(api_url=fake.url, api_username='lou@example.com', api_password='old-Pass-1',
                      old_password='old-Pass-1', new_password='new-Pass-2')


def _agilicus_bulk_metadata():
    fake = AgilicusFake(token=TOKEN)
    fake.start()
    return fake, dict(api_url=fake.url, api_token=TOKEN, org_id='org-1', data_type='json', data='{}', name='prefs')


class NoService:
    """What a controller-side module talks to: nothing to stop."""

    def stop(self):
        pass


def _access_report(work):
    """The report of a review of one empty directory, written once beforehand: the task then finds it as it would write it."""
    args = dict(readings={'xiq': []}, dest=str(work / 'review'), now='2026-12-04T00:00:00Z')
    made = run_module('identity_access_report', args)
    assert not made.get('failed'), made
    return NoService(), args


# modules that read no service: ready with a work directory, then ok and unchanged
LOCAL = {'identity_access_report': _access_report}

# modules that always act: each runs once and reports changed
ACTIONS = {
    'kestra_current_user_password': _kestra_password_change,
    'agilicus_user_metadata_bulk': _agilicus_bulk_metadata,
}


def first_case_per_module():
    cases = {}
    for case in CASES:
        cases.setdefault(case.module, case)
    return cases


def ready(case):
    """Start the case's fake, make its resource exist, and return (fake, the task's arguments)."""
    if hasattr(case, 'vendor'):   # a bulk module: a small directory, every user listed as it is
        fake = case.vendor.start(BULK_USERS)
        return fake, case.vendor.args(fake, config=[case.vendor.entry(n) for n in range(BULK_USERS)])
    fake, connection = case.scenario.start()
    if case.prepare:
        made = run_module(case.scenario.module, dict(connection, **case.scenario.create(fake)))
        assert not made.get('failed'), made
    return fake, dict(connection, **case.args(fake))


def test_every_module_runs_unchanged_through_ansible_playbook(tmp_path):
    cases = first_case_per_module()
    modules = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith('.py'))
    assert sorted(set(cases) | set(ACTIONS) | set(LOCAL)) == modules, \
        'every module needs a no-change case in tests/integration/minimum_requests.py (or an entry in ACTIONS)'
    fakes, tasks = [], []
    try:
        for module in modules:
            if module in LOCAL:
                fake, args = LOCAL[module](tmp_path)
            else:
                fake, args = ACTIONS[module]() if module in ACTIONS else ready(cases[module])
            fakes.append(fake)
            tasks.append({'name': module, 'accessops.identity.%s' % module: args})
        playbook = tmp_path / 'every-module.json'
        playbook.write_text(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks,
                                         'vars': {'ansible_python_interpreter': sys.executable}}]))
        results = tmp_path / 'results.jsonl'
        environment = dict(os.environ, RESULT_FILE=str(results), ANSIBLE_CALLBACKS_ENABLED='result_file',
                           ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback_plugins'), ANSIBLE_NOCOLOR='1',
                           ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_LOCALHOST_WARNING='0',
                           ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
        proc = subprocess.run([PLAYBOOK_BIN, '-i', 'localhost,', '-c', 'local', str(playbook)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment,
                              universal_newlines=True, check=False)
    finally:
        for fake in fakes:
            fake.stop()
    assert proc.returncode == 0, proc.stdout
    records = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    outcomes = dict((record['task'], (record['outcome'], record['result'].get('changed'))) for record in records)
    assert outcomes == dict((module, ('ok', module in ACTIONS)) for module in modules), proc.stdout
