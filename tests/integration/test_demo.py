# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo` keeps working: the demo script runs here as it does for a new user."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_demo_creates_then_settles_and_previews_without_writing():
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    proc = subprocess.run(['bash', os.path.join(ROOT, 'tools', 'demo.sh')], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, universal_newlines=True, check=False)
    assert proc.returncode == 0, proc.stdout
    recaps = re.findall(r'localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=0\s+failed=0', proc.stdout)
    assert recaps == [('7', '5'), ('7', '0'), ('7', '4'), ('7', '0')], proc.stdout
    assert '+    "user_role": "MONITOR"' in proc.stdout
    assert '+        "status": "disabled"' in proc.stdout        # the bulk task's preview, per user
    assert 'demo-onelogin-secret' not in proc.stdout and 'demo-xiq-token' not in proc.stdout
