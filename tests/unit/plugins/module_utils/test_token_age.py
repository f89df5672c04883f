# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Properties of token_age: periods, date-times and the verdict on a token at a pinned moment."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

import pytest
from hypothesis import given, strategies as st

from ansible_collections.accessops.identity.plugins.module_utils import token_age

NOW = datetime.datetime(2026, 12, 4, 12, 0, 0, tzinfo=datetime.timezone.utc).timestamp()


def iso(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


@given(st.integers(min_value=0, max_value=10 ** 6), st.sampled_from('smhdwSMHDW'), st.sampled_from(['', ' ', '\t']))
def test_a_short_period_is_its_count_times_its_unit_padding_and_case_aside(count, unit, pad):
    assert token_age.period_seconds(pad + '%d%s' % (count, unit) + pad) == count * token_age.UNIT_SECONDS[unit.lower()]


@given(st.integers(min_value=1, max_value=10 ** 8))
def test_an_iso_period_reads_back_what_duration_text_wrote(seconds):
    assert token_age.period_seconds(token_age.duration_text(seconds)) == seconds


@pytest.mark.parametrize('text', ['', ' ', '7', 'd', '-7d', '+7d', '1.5d', '7 d', '7dd', 'P', 'PT', 'P1DT', '7y', None, 7, ['7d']])
def test_what_is_not_a_period_is_none(text):
    assert token_age.period_seconds(text) is None


@pytest.mark.parametrize('value', ['soon', '2026-13-01T00:00:00Z', '12', 12, 1.5, True, ['2026-12-01T00:00:00Z']])
def test_a_time_that_is_there_but_not_a_date_time_raises(value):
    with pytest.raises(ValueError):
        token_age.timestamp(value)


def test_zones_and_fractions_name_the_same_moment():
    same = ['2026-12-04T12:00:00Z', '2026-12-04T12:00:00.250Z', '2026-12-04T13:00:00+01:00', '2026-12-04T12:00:00']
    assert set(int(token_age.timestamp(text)) for text in same) == {int(NOW)}


tokens = st.fixed_dictionaries({
    'name': st.just('t'),
    'iat': st.integers(min_value=-400, max_value=0).map(lambda d: iso(NOW + d * token_age.DAY)),
    'exp': st.one_of(st.none(), st.integers(min_value=-400, max_value=400).map(lambda d: iso(NOW + d * token_age.DAY))),
    'lastUsed': st.one_of(st.none(), st.integers(min_value=-400, max_value=0).map(lambda d: iso(NOW + d * token_age.DAY))),
    'expired': st.sampled_from([False, True, None]),
})
periods = st.one_of(st.none(), st.integers(min_value=0, max_value=500).map(lambda d: d * token_age.DAY))


@given(tokens, periods, periods)
def test_a_token_is_never_both_expired_and_expiring_and_the_listed_expiry_wins(token, within, unused_for):
    age = token_age.judge(token, NOW, within, unused_for)
    assert not (age['expired'] and age['expiring'])
    if token['exp'] is None:
        assert age['expired'] is (token['expired'] is True)
    else:
        assert age['expired'] is (token_age.timestamp(token['exp']) <= NOW)
    if token['exp'] is None:
        assert age['expires_in_days'] is None and not age['expiring']


@given(tokens, st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_a_longer_window_flags_at_least_as_much(token, shorter, extra):
    short = token_age.judge(token, NOW, shorter * token_age.DAY, shorter * token_age.DAY)
    long_ = token_age.judge(token, NOW, (shorter + extra) * token_age.DAY, (shorter + extra) * token_age.DAY)
    assert short['expiring'] <= long_['expiring'] and short['unused'] >= long_['unused']


def test_a_token_is_unused_only_after_more_than_the_period_as_an_account_is_dormant():
    """At exactly ``unused_for`` a token is not yet unused (``>``), as an account is dormant only after more than
    inactive_days: the review flags both the same way at the boundary."""
    used = datetime.datetime.fromtimestamp(NOW - 90 * token_age.DAY, tz=datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    token = dict(name='ci', iat=used, lastUsed=used)
    assert not token_age.judge(token, NOW, unused_for=90 * token_age.DAY)['unused']
    assert token_age.judge(token, NOW + 1, unused_for=90 * token_age.DAY)['unused']
