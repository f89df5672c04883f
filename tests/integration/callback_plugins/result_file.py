# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: append each task result, as the module returned it, to a JSON-lines file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: result_file
type: aggregate
short_description: write task results to the file named by RESULT_FILE
description:
  - Test helper of accessops.identity.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'result_file'
    CALLBACK_NEEDS_ENABLED = True

    def _save(self, result, outcome):
        path = os.environ.get('RESULT_FILE')
        if not path:
            return
        record = {'task': result._task.get_name(), 'outcome': outcome, 'result': result._result}
        with open(path, 'a') as handle:
            handle.write(json.dumps(record, default=str) + '\n')

    def v2_runner_on_ok(self, result):
        self._save(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._save(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._save(result, 'skipped')
