# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review's HTML page in a real browser: headless Chromium from Debian's packages.

``report_of_the_scenario(dest)`` runs the four reads and identity_access_report in-process against the fakes
seeded with review_scenario; ``dom(page, fragment)`` is the page's DOM after its script ran; ``screenshot``
saves a picture. Run as a script, it writes the screenshot docs/review.md shows:

    python -m tests.integration.review_browser docs/images/review-report.png
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import os
import shutil
import subprocess
import sys
import tempfile

from tests.integration import review_scenario as scenario
from tests.integration.inprocess import run_module

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars']


def chromium():
    """The browser's path, or None."""
    return shutil.which('chromium') or shutil.which('chromium-browser')


def browse(page, *options, **kwargs):
    profile = tempfile.mkdtemp(prefix='review-browser-')
    try:
        return subprocess.run([chromium()] + FLAGS + ['--user-data-dir=%s' % profile, '--virtual-time-budget=5000']
                              + list(options) + ['file://%s%s' % (os.path.abspath(page), kwargs.get('fragment', ''))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=120,
                              check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dom(page, fragment=''):
    """The DOM after the page's script ran (``fragment`` e.g. ``#flag=dormant`` preselects filters)."""
    return browse(page, '--dump-dom', fragment=fragment).stdout


def screenshot(page, out, size='1280,1100'):
    browse(page, '--screenshot=%s' % os.path.abspath(out), '--window-size=%s' % size)
    return out


def report_of_the_scenario(dest):
    """The scenario's report files, read from the fakes by the role's reads in this process: identity_access_report's
    result."""
    fakes, env = scenario.start()
    saved = dict((name, os.environ.get(name)) for name in env)
    os.environ.update(env)
    try:
        agilicus = run_module('agilicus_user_info', {'org_upstream_user_identities': True})
        readings = dict(
            xiq=run_module('xiq_user_info', {})['users'],
            xiq_external=run_module('xiq_external_user_info', {})['external_users'],
            onelogin=run_module('onelogin_user_info', {'include': ['roles']})['users'],
            agilicus=agilicus['users'], agilicus_identities=agilicus['org_upstream_user_identities'],
            kestra=run_module('kestra_user_info', {'api_tokens': True})['users'])
        return run_module('identity_access_report', dict(
            readings=readings, people=scenario.PEOPLE, now=scenario.NOW, dest=dest,
            onelogin_admin_role_ids=[str(scenario.ADMIN_ROLE)]))
    finally:
        for fake in fakes.values():
            fake.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(out):
    importlib.import_module('tests.conftest')   # the checkout importable as ansible_collections.accessops.identity
    work = tempfile.mkdtemp(prefix='review-report-')
    try:
        result = report_of_the_scenario(work)
        screenshot(result['files']['html'], out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write('%s\n' % out)


if __name__ == '__main__':
    main(sys.argv[1])
