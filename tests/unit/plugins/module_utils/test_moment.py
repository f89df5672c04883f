# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""reconcile.moment reads a date-time the same way on every Python the modules support (tests/config.yml)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

import pytest

from ansible_collections.accessops.identity.plugins.module_utils.reconcile import moment

UTC = datetime.timezone.utc


@pytest.mark.parametrize('text, expected', [
    ('2024-05-01T12:00:00Z', datetime.datetime(2024, 5, 1, 12, tzinfo=UTC)),
    # fractions of 1, 5 and 10 digits: Python 3.7-3.10 read only 3 or 6 unless moment() pads or cuts them
    ('2024-05-01T12:00:00.1Z', datetime.datetime(2024, 5, 1, 12, 0, 0, 100000, tzinfo=UTC)),
    ('2024-05-01T12:00:00.12345+00:00', datetime.datetime(2024, 5, 1, 12, 0, 0, 123450, tzinfo=UTC)),
    ('2024-05-01T12:00:00.1234567891z', datetime.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)),
    (' 2024-05-01T12:00:00 ', datetime.datetime(2024, 5, 1, 12)),
])
def test_a_date_time_reads_as_its_moment(text, expected):
    assert moment(text) == expected


@pytest.mark.parametrize('text', ['', 'tomorrow', '2024-13-01T00:00:00Z', '12:00:00.5', None, 1714564800])
def test_anything_else_is_no_moment(text):
    assert moment(text) is None
