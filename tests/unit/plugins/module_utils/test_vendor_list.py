# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything per vendor follows the one vendor list: modules, action groups, module_utils, fakes, docs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import yaml

from ansible_collections.accessops.identity.plugins.module_utils.vendors import CONTROLLER_MODULES, VENDORS
from tests.integration.bulk_vendors import VENDORS as BULK_VENDORS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def exists(*parts):
    return os.path.exists(os.path.join(ROOT, *parts))


def test_every_module_belongs_to_a_listed_vendor():
    modules = [name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules')) if name.endswith('.py')]
    assert [m for m in modules if m.split('_')[0] not in VENDORS and m not in CONTROLLER_MODULES] == []


def test_the_action_groups_are_the_vendor_list():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        assert list(yaml.safe_load(handle)['action_groups']) == list(VENDORS)


@pytest.mark.parametrize('vendor', VENDORS)
def test_each_vendor_has_its_files(vendor):
    for parts in (('plugins', 'module_utils', vendor + '_api.py'), ('plugins', 'module_utils', vendor + '.py'),
                  ('plugins', 'doc_fragments', vendor + '.py'), ('tests', 'fakes', vendor + '.py'),
                  ('docs', 'vendors', vendor + '.md')):
        assert exists(*parts), os.path.join(*parts)


def test_the_bulk_tests_cover_every_vendor():
    assert [vendor.name for vendor in BULK_VENDORS] == list(VENDORS)
