# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a collection module as one ``ansible-playbook`` task and return what it did."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PLAYBOOK_BIN = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')


class TaskRun:
    """The result the module returned, plus everything ansible-playbook printed."""

    def __init__(self, result, outcome, output, rc):
        self.result = result
        self.outcome = outcome
        self.output = output
        self.rc = rc

    @property
    def changed(self):
        return self.result.get('changed')

    @property
    def failed(self):
        return self.outcome == 'failed'

    def __repr__(self):
        return 'TaskRun(rc=%s, outcome=%s, result=%s)' % (self.rc, self.outcome, self.result)


def run_task(tmp_path, module, args, check=False, diff=False, verbosity=0, env=None, play=None):
    """Write a one-task playbook for ``accessops.identity.<module>`` and run it.

    ``play`` adds play keywords, e.g. ``module_defaults``.
    """
    playbook = tmp_path / ('play-%s.json' % module)
    tasks = [{'name': 'run %s' % module, 'accessops.identity.%s' % module: args}]
    definition = {'hosts': 'localhost', 'gather_facts': False,
                  'vars': {'ansible_python_interpreter': sys.executable}, 'tasks': tasks}
    definition.update(play or {})
    playbook.write_text(json.dumps([definition]))
    results = tmp_path / 'results.jsonl'
    if results.exists():
        results.unlink()
    command = [PLAYBOOK_BIN, '-i', 'localhost,', '-c', 'local', str(playbook)]
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    if verbosity:
        command.append('-' + 'v' * verbosity)
    environment = dict(os.environ)
    environment.update({
        'RESULT_FILE': str(results),
        'ANSIBLE_CALLBACK_PLUGINS': os.path.join(HERE, 'callback_plugins'),
        'ANSIBLE_CALLBACKS_ENABLED': 'result_file',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
    })
    environment.update(env or {})
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment,
                          universal_newlines=True, check=False)
    records = []
    if results.exists():
        records = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    first = records[0] if records else {'result': {}, 'outcome': 'none'}
    return TaskRun(first['result'], first['outcome'], proc.stdout, proc.returncode)
