# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time-bound access in the lifecycle role, with the clock pinned by identity_lifecycle_today."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

import pytest

from ansible_collections.accessops.identity.plugins.filter.time_bound import time_bound_access
from tests.integration import test_lifecycle_role as lifecycle

fakes, installed, play, writes = lifecycle.fakes, lifecycle.installed, lifecycle.play, lifecycle.writes


def contractor(group, **extra):
    person = {'email': 'tia@example.com', 'first_name': 'Tia', 'last_name': 'Temp', 'expires': '2026-12-31',
              'kestra': {'tenants': ['main'], 'tenant': 'main', 'group_ids': [group['id']]},
              'agilicus': {'roles': {'wiki': ['editor', {'name': 'admin', 'expires': '2026-12-10'}]}},
              'onelogin': {'role_ids': [150001, {'id': 150002, 'expires': '2026-12-10'}]}}
    person.update(extra)
    return person


def test_grants_end_after_their_day_and_the_person_after_theirs(tmp_path, installed, fakes):
    services, env = fakes
    group = services['kestra'].add_group('devs', 'main')
    tia = contractor(group)
    play(tmp_path, installed, env, [tia], identity_lifecycle_today='2026-12-10')   # the grants' last day
    member = next(u for u in services['agilicus'].users.values() if u['email'] == 'tia@example.com')
    assert member['disabled_at_time'].startswith('2027-01-01T00:00:00')   # Agilicus cuts the access itself
    onelogin_tia = next(u for u in services['onelogin'].users.values() if u['username'] == 'tia@example.com')
    assert sorted(services['onelogin'].roles[onelogin_tia['id']]) == [150001, 150002]
    for fake in services.values():
        fake.clear_log()
    assert play(tmp_path, installed, env, [tia], identity_lifecycle_today='2026-12-10')[0] == 0
    assert writes(services) == 0

    changed, output = play(tmp_path, installed, env, [tia], '--check', '--diff', identity_lifecycle_today='2026-12-11')
    assert changed == 2 and writes(services) == 0          # the two ended roles, previewed
    assert 'agilicus.roles.wiki: admin ended on 2026-12-10' in output
    assert 'onelogin.role_ids: 150002 ended on 2026-12-10' in output
    changed, output = play(tmp_path, installed, env, [tia], identity_lifecycle_today='2026-12-11')
    assert changed == 2
    assert sorted(services['onelogin'].roles[onelogin_tia['id']]) == [150001]
    assert play(tmp_path, installed, env, [tia], identity_lifecycle_today='2026-12-11')[0] == 0

    changed, output = play(tmp_path, installed, env, [tia], identity_lifecycle_today='2027-01-01')
    assert 'tia@example.com: access ended on 2026-12-31' in output
    assert not [u for u in services['agilicus'].users.values() if u['email'] == 'tia@example.com']
    assert not [u for u in services['kestra'].users.values() if u['email'] == 'tia@example.com']
    assert play(tmp_path, installed, env, [tia], identity_lifecycle_today='2027-01-01')[0] == 0


def test_an_ended_person_offboarded_by_disable_counts_the_grace_from_the_last_day(tmp_path, installed, fakes):
    services, env = fakes
    group = services['kestra'].add_group('devs', 'main')
    tia = contractor(group, offboarding='disable')
    play(tmp_path, installed, env, [tia], identity_lifecycle_today='2026-12-01')
    play(tmp_path, installed, env, [tia], identity_lifecycle_today='2027-01-05')
    member = next(u for u in services['agilicus'].users.values() if u['email'] == 'tia@example.com')
    assert member['status'] == 'disabled'
    play(tmp_path, installed, env, [tia], identity_lifecycle_today='2027-01-31', identity_lifecycle_grace_days=30)
    assert not [u for u in services['agilicus'].users.values() if u['email'] == 'tia@example.com']


@pytest.mark.parametrize('where, value', [
    ('expires', '2026-02-30'), ('expires', 'next week'), ('expires', 20261231),
    ('onelogin', {'role_ids': [{'id': 150001, 'expires': '31/12/2026'}]}),
    ('onelogin', {'role_ids': [{'id': 150001, 'name': 'x', 'expires': '2026-12-31'}]}),
    ('onelogin', {'role_ids': [{'role': 150001, 'expires': '2026-12-31'}]}),
])
def test_an_unusable_day_or_grant_fails_before_any_request_naming_it(tmp_path, installed, fakes, where, value):
    services, env = fakes
    person = {'email': 'tia@example.com', 'first_name': 'Tia', 'last_name': 'Temp', where: value}
    _changed, output = play(tmp_path, installed, env, [person], succeed=False, identity_lifecycle_today='2026-12-04')
    assert 'identity_people[0] (tia@example.com)' in output and 'nothing was changed' in output, output
    assert all(fake.log == [] for fake in services.values())


# The filter alone: pure, so its properties are checked directly.

def test_the_filter_never_changes_its_input_and_keeps_unbounded_grants():
    people = [contractor({'id': 'g1'})]
    before = repr(people)
    access = time_bound_access(people, '2027-06-01')
    assert repr(people) == before
    person = access['people'][0]
    assert person['state'] == 'absent' and person['left_on'] == '2026-12-31' and 'expires' not in person
    assert person['agilicus']['roles'] == {'wiki': ['editor']} and person['onelogin']['role_ids'] == [150001]


@pytest.mark.parametrize('today, ended', [('2026-12-31', False), ('2027-01-01', True)])
def test_the_last_day_is_still_a_day_of_access(today, ended):
    access = time_bound_access([contractor({'id': 'g1'})], today)
    assert bool(access['ended_people']) is ended


def test_a_leaver_already_absent_is_not_reported_again_and_dates_may_be_dates():
    person = dict(contractor({'id': 'g1'}), state='absent', expires=datetime.date(2026, 1, 1))
    access = time_bound_access([person], '2027-01-01')
    assert access['ended_people'] == [] and access['problems'] == [] and 'left_on' not in access['people'][0]
