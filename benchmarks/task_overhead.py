#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 2: a single-resource task's wall time divided by an ansible.builtin.uri GET task's.

    .venv/bin/python benchmarks/task_overhead.py [--runs 7]

For each vendor, against the same fake: our user module on a user that already matches
(no change: its lookup plus the comparison), and a ``uri`` task that GETs the same lookup
endpoint once. The two playbooks alternate, ``--runs`` times each; the medians are compared,
for the task alone (callback_plugins/task_timer.py) and for the whole ansible-playbook run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse

import _support
from tests.fakes.agilicus import AgilicusFake
from tests.fakes.kestra import KestraFake
from tests.fakes.onelogin import OneLoginFake
from tests.fakes.xiq import XiqFake

TOKEN = 'bench-token'


class Setup:
    """One vendor's pair of tasks: the user module on Alice, who matches already, and the uri GET it replaces."""

    def __init__(self, module, make_fake, seed, options, lookup):
        self.module = module
        self.make_fake = make_fake     # () -> fake
        self.seed = seed               # fake -> None: Alice as the options describe her
        self.options = options         # the module's options besides api_url and api_token
        self.lookup = lookup           # path and query of the request a uri task would send

    def start(self):
        fake = self.make_fake()
        self.seed(fake)
        url = fake.start()
        module = {'accessops.identity.' + self.module: dict(self.options, api_url=url, api_token=TOKEN)}
        uri = dict(url=url + self.lookup, headers={'Authorization': 'Bearer ' + TOKEN})
        return fake, module, uri


SETUPS = [
    Setup('xiq_user', lambda: XiqFake(token=TOKEN),
          lambda fake: fake.add_user(login_name='alice@example.com', display_name='Alice', user_role='OPERATOR'),
          dict(login_name='alice@example.com', display_name='Alice', user_role='OPERATOR'),
          '/users?page=1&limit=100'),
    Setup('kestra_user', lambda: KestraFake(token=TOKEN),
          lambda fake: fake.add_user('alice@example.com', firstName='Alice'),
          dict(email='alice@example.com', first_name='Alice'), '/api/v1/users?q=alice@example.com&page=1&size=100'),
    Setup('agilicus_user', lambda: AgilicusFake(token=TOKEN),
          lambda fake: fake.add_user('alice@example.com', 'org-1', first_name='Alice'),
          dict(org_id='org-1', email='alice@example.com', first_name='Alice'),
          '/users?email=alice@example.com&org_id=org-1&limit=500'),
    Setup('onelogin_user', lambda: OneLoginFake(token=TOKEN),
          lambda fake: fake.add_user('alice', firstname='Alice'),
          dict(username='alice', firstname='Alice'), '/api/1/users?username=alice&limit=100'),
]


def measure(start, runs):
    fake, module_task, uri_args = start()
    try:
        tasks = {'module': [dict(module_task, name='user module, no change')],
                 'uri': [{'name': 'uri GET', 'ansible.builtin.uri': uri_args}]}
        for name in tasks:                 # warm the caches once, uncounted
            _support.run_playbook(tasks[name])
        task_times = {'module': [], 'uri': []}
        play_times = {'module': [], 'uri': []}
        for _run in range(runs):
            for name in ('module', 'uri'):
                elapsed, rc, output, task_seconds = _support.run_playbook(tasks[name])
                _support.require_success(rc, output, name)
                if name == 'module' and 'changed=0' not in output:
                    raise SystemExit('the module task changed something:\n' + output)
                play_times[name].append(elapsed)
                task_times[name].append(task_seconds[0])
        return dict((key, (_support.median(task_times[key]), _support.median(play_times[key])))
                    for key in ('module', 'uri'))
    finally:
        fake.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=7, help='runs of each playbook (default 7)')
    args = parser.parse_args()
    rows = []
    for setup in SETUPS:
        medians = measure(setup.start, args.runs)
        (module_task, module_play), (uri_task, uri_play) = medians['module'], medians['uri']
        rows.append((setup.module, '%.3f' % module_task, '%.3f' % uri_task, '%.2fx' % (module_task / uri_task),
                     '%.2f' % module_play, '%.2f' % uri_play, '%.2fx' % (module_play / uri_play)))
    print(_support.table(rows, ('module (no change)', 'task s', 'uri task s', 'task ratio', 'playbook s',
                                'uri playbook s', 'playbook ratio')))
    print('\nmedians of %d runs each, alternating; target: task ratio <= 1.15x' % args.runs)


if __name__ == '__main__':
    main()
