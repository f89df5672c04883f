# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the checkout importable as ansible_collections.accessops.identity from anywhere.

Plain pytest needs the directory above ``ansible_collections/`` on sys.path; a
checkout is usually not laid out that way, so a temporary tree links to it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys
import tempfile

import pytest

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collections_base():
    parts = COLLECTION_ROOT.split(os.sep)
    if len(parts) > 3 and parts[-3] == 'ansible_collections' and parts[-2:] == ['accessops', 'identity']:
        return os.sep.join(parts[:-3])
    base = tempfile.mkdtemp(prefix='accessops-identity-')
    os.makedirs(os.path.join(base, 'ansible_collections', 'accessops'))
    os.symlink(COLLECTION_ROOT, os.path.join(base, 'ansible_collections', 'accessops', 'identity'))
    return base


if 'ansible_collections.accessops' not in sys.modules:
    BASE = _collections_base()
    if BASE not in sys.path:
        sys.path.insert(0, BASE)
    os.environ['ANSIBLE_COLLECTIONS_PATH'] = BASE   # for ansible-playbook subprocesses


# The fakes check every request body against the vendor's OpenAPI schema (tests/fakes/openapi.py) and answer 400 to
# a body it rejects; in case a module tolerates that 400, the test fails at teardown too. A test that sends such a
# body on purpose sets ``fake.expect_schema_violations = True`` or carries the marker below.
def pytest_configure(config):
    config.addinivalue_line('markers', 'schema_violation_expected: the test makes a fake receive a request body '
                                       'the vendor OpenAPI schema rejects, on purpose')


@pytest.fixture(autouse=True)
def fail_on_schema_violations(request):
    before = len(recorded_schema_violations())
    yield
    unexpected = [message for fake, message in recorded_schema_violations()[before:] if not fake.expect_schema_violations]
    if unexpected and request.node.get_closest_marker('schema_violation_expected') is None:
        pytest.fail('a fake received request bodies the vendor OpenAPI schema rejects:\n  %s' % '\n  '.join(unexpected),
                    pytrace=False)


def recorded_schema_violations():
    """What the fakes recorded so far; none while no test imported them (unit tests need no jsonschema)."""
    openapi = sys.modules.get('tests.fakes.openapi')
    return openapi.RECORDED if openapi is not None else []
