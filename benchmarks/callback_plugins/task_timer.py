# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark aid: append each task's wall time (start to result) to the file named by TASK_TIMES_FILE."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: task_timer
type: aggregate
short_description: Record each task's duration for the benchmarks
description:
  - Writes one JSON line per task result to the file named by E(TASK_TIMES_FILE).
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = time.monotonic()

    def _record(self, result, status):
        path = os.environ.get('TASK_TIMES_FILE')
        if path and self.started is not None:
            with open(path, 'a') as handle:
                handle.write(json.dumps({'task': result.task_name, 'status': status,
                                         'seconds': time.monotonic() - self.started}) + '\n')

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')
