# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ad-hoc use, as docs/getting-started.md shows it: credentials from the environment only."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys

from tests.fakes.serve import DEMO_SECRETS, start_demo_fakes


def adhoc(env, module, args, *options):
    environment = dict(os.environ, **env)
    environment.update(ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    return subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible'), 'localhost', '-c', 'local',
                           '-e', 'ansible_python_interpreter=%s' % sys.executable,
                           '-m', 'accessops.identity.%s' % module, '-a', args] + list(options),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment,
                          universal_newlines=True, check=False)


def test_adhoc_commands_use_the_environment_and_keep_secrets_out():
    fakes, env = start_demo_fakes()
    try:
        listed = adhoc(env, 'onelogin_user_info', '{"filters": {"username": "alice"}, "include": ["roles"]}')
        assert listed.returncode == 0 and '"username": "alice"' in listed.stdout, listed.stdout
        preview = adhoc(env, 'onelogin_user_role', 'username=alice role_ids=150001,150002', '--check', '--diff')
        assert preview.returncode == 0 and 'CHANGED' in preview.stdout and '+        150002' in preview.stdout
        assert fakes[3].writes() == []
        for output in (listed.stdout, preview.stdout):
            assert not any(secret in output for secret in DEMO_SECRETS.values())
    finally:
        for fake in fakes:
            fake.stop()
