# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_defaults for each vendor's action group reach every module of that vendor."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.accessops.identity.plugins.module_utils.vendors import CONTROLLER_MODULES
from tests.integration import scenarios
from tests.integration.harness import run_task

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_every_module_is_in_its_vendors_action_group():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        groups = yaml.safe_load(handle)['action_groups']
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                     if name.endswith('.py') and name[:-3] not in CONTROLLER_MODULES)
    assert sorted(m for members in groups.values() for m in members) == modules
    for vendor, members in groups.items():
        assert all(m.startswith(vendor + '_') for m in members)


@pytest.mark.parametrize('scenario', scenarios.ALL, ids=repr)
def test_connection_set_once_with_module_defaults(tmp_path, scenario):
    fake, connection = scenario.start()
    try:
        vendor = scenario.module.split('_')[0]
        result = run_task(tmp_path, scenario.module, scenario.create(fake),
                          play={'module_defaults': {'group/accessops.identity.%s' % vendor: connection}})
        assert result.rc == 0 and result.changed is True, result.output
        assert scenario.exists(fake)
    finally:
        fake.stop()
