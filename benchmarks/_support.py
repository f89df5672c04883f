# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the benchmarks share: the collection on the import path, request counting, playbook timing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
# puts the collection on the import path, as for the tests
import tests.conftest  # noqa: E402,F401  pylint: disable=unused-import,wrong-import-position

PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')


def run_playbook(tasks, extra_vars=None, check=False):
    """Run one play on localhost; return (seconds, rc, output, task seconds).

    Seconds are the wall time of the whole ansible-playbook run; task seconds, each task's own
    (from its start to its result, recorded by callback_plugins/task_timer.py).
    """
    workdir = tempfile.mkdtemp(prefix='accessops-bench-')
    times_file = os.path.join(workdir, 'task-times.jsonl')
    playbook = os.path.join(workdir, 'play.json')
    with open(playbook, 'w') as handle:
        json.dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks,
                    'vars': {'ansible_python_interpreter': sys.executable}}], handle)
    command = [PLAYBOOK, '-i', 'localhost,', '-c', 'local', playbook]
    if extra_vars is not None:
        vars_file = os.path.join(workdir, 'vars.json')
        with open(vars_file, 'w') as handle:
            json.dump(extra_vars, handle)
        command += ['-e', '@' + vars_file]
    if check:
        command.append('--check')
    environment = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
                       ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_RETRY_FILES_ENABLED='0',
                       ANSIBLE_CALLBACK_PLUGINS=os.path.join(ROOT, 'benchmarks', 'callback_plugins'),
                       ANSIBLE_CALLBACKS_ENABLED='task_timer', TASK_TIMES_FILE=times_file)
    started = time.monotonic()
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment,
                          universal_newlines=True, check=False)
    elapsed = time.monotonic() - started
    task_seconds = []
    if os.path.exists(times_file):
        with open(times_file) as handle:
            task_seconds = [json.loads(line)['seconds'] for line in handle if line.strip()]
    return elapsed, proc.returncode, proc.stdout, task_seconds


def require_success(rc, output, what):
    if rc != 0:
        sys.stderr.write(output[-3000:])
        raise SystemExit('%s failed (rc %s)' % (what, rc))


def median(values):
    return statistics.median(values)


def table(rows, headers):
    """Rows as an aligned text table."""
    widths = [max(len(str(value)) for value in column) for column in zip(headers, *rows)]
    lines = ['  '.join(str(value).ljust(width) for value, width in zip(headers, widths)).rstrip(),
             '  '.join('-' * width for width in widths)]
    lines += ['  '.join(str(value).ljust(width) for value, width in zip(row, widths)).rstrip() for row in rows]
    return '\n'.join(lines)
