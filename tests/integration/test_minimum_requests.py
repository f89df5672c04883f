# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's no-change run sends no write and reads no more than the API's minimum."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.minimum_requests import CASES


@pytest.mark.parametrize('case', CASES, ids=lambda case: '%s: %s' % (case.module, case.label))
def test_a_no_change_run_writes_nothing_and_reads_the_minimum(case):
    measured = case.run()
    assert not measured['failed'], measured['msg']
    assert measured['changed'] is False
    assert measured['writes'] == 0
    assert measured['reads'] <= measured['minimum'], measured['why']
