# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attacks on the time_bound_access filter (identity_lifecycle time-bound access): each test was a defect an independent attack found, fixed since."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.filter.time_bound import time_bound_access


def person(**extra):
    base = {'email': 'tia@example.com', 'first_name': 'Tia', 'last_name': 'Temp'}
    base.update(extra)
    return base


def test_an_impossible_today_with_a_time_bound_grant_is_a_problem_not_a_type_error():
    """identity_lifecycle_today '2026-02-30' passes the role's YYYY-MM-DD pattern; the filter runs first
    (set_fact), and a grant with expires compares a date with None: TypeError instead of a named problem."""
    people = [person(onelogin={'role_ids': [{'id': 150001, 'expires': '2026-12-31'}]})]
    access = time_bound_access(people, '2026-02-30')
    assert any('identity_lifecycle_today' in problem for problem in access['problems'])


def test_a_name_in_a_list_of_ids_is_refused():
    """kestra.group_ids / onelogin.role_ids take {id: X, expires: D}; a {name: ...} grant there is taken as an id."""
    people = [person(kestra={'group_ids': [{'name': 'admins', 'expires': '2027-01-01'}]},
                     onelogin={'role_ids': [{'name': 'Admin', 'expires': '2027-01-01'}]})]
    access = time_bound_access(people, '2026-12-04')
    assert len(access['problems']) == 2, access


def test_an_id_in_an_agilicus_list_of_role_names_is_refused():
    people = [person(agilicus={'roles': {'wiki': [{'id': 'admin', 'expires': '2027-01-01'}]}})]
    access = time_bound_access(people, '2026-12-04')
    assert access['problems'], access


def test_a_grant_with_a_null_id_is_a_problem_not_silently_dropped():
    """{id: null, expires: D} (an undefined variable templated to null) vanishes from the grants without a word."""
    people = [person(onelogin={'role_ids': [150001, {'id': None, 'expires': '2027-01-01'}]})]
    access = time_bound_access(people, '2026-12-04')
    assert access['problems'] or access['people'][0]['onelogin']['role_ids'] == [150001, None], access


def test_a_duplicate_grant_kept_by_an_unbounded_copy_is_not_reported_as_ended_and_removed():
    """[g1, {id: g1, expires: past}]: g1 stays granted (the unbounded copy), yet it is reported
    'ended ... removed' (tasks/main.yml prints it so): the report and the outcome disagree."""
    people = [person(onelogin={'role_ids': [150001, {'id': 150001, 'expires': '2026-01-01'}]})]
    access = time_bound_access(people, '2026-12-04')
    kept = access['people'][0]['onelogin']['role_ids']
    assert kept == [150001]
    assert access['ended_grants'] == [] or access['problems'], access


def test_an_explicit_later_disabled_at_time_does_not_outlive_the_last_day():
    """expires 2026-12-31 with agilicus.disabled_at_time 2027-06-30: the later explicit time wins, so
    Agilicus keeps the account enabled for six months after the last day when no run comes."""
    people = [person(expires='2026-12-31', agilicus={'disabled_at_time': '2027-06-30T00:00:00Z'})]
    access = time_bound_access(people, '2026-12-04')
    agilicus = access['people'][0]['agilicus']
    assert agilicus['disabled_at_time'] <= '2027-01-01T00:00:00Z' or access['problems'], access
