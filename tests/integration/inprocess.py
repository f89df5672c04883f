# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's ``main()`` in this process, as Ansible would, and return its JSON result."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import io
import json
from contextlib import redirect_stdout

from ansible.module_utils.common import warnings as core_warnings

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:   # ansible-core before 2.19 (the support matrix's older releases) reads basic._ANSIBLE_ARGS
    import contextlib

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


def run_module(name, args, check=False, diff=False):
    # A real module run is a fresh process; in-process runs share the core's warning registry.
    for registry in ('_global_warnings', '_global_deprecations'):
        getattr(core_warnings, registry, {}).clear()
    module = importlib.import_module('ansible_collections.accessops.identity.plugins.modules.' + name)
    stdout = io.StringIO()
    arguments = dict(args, _ansible_check_mode=check, _ansible_diff=diff)
    with patch_module_args(arguments), redirect_stdout(stdout):
        try:
            module.main()
        except SystemExit:
            pass
    result = json.loads(stdout.getvalue())
    result['_output'] = stdout.getvalue()
    return result
