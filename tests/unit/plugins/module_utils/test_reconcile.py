# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile core decides what to send; these are its rules, without HTTP."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import reconcile
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

FIELDS = [
    Field('display_name'),
    Field('location_ids', kind=reconcile.SET),
    Field('login_name', kind=reconcile.CASE_INSENSITIVE),
    Field('custom', kind=reconcile.SUBSET),
    Field('password', kind=reconcile.WRITE_ONLY),
    Field('enabled', 'spec.enabled'),
]
CURRENT = {'id': 7, 'display_name': 'Alice', 'location_ids': [2, 1], 'login_name': 'Alice@Example.com',
           'custom': {'team': 'net', 'desk': '4F'}, 'spec': {'enabled': True, 'name': 'a'}}


def must_not_write(*args):
    raise AssertionError('a write was attempted: %r' % (args,))


def test_options_left_out_are_not_managed():
    wanted = reconcile.wanted_values({'display_name': None, 'location_ids': None, 'enabled': None}, FIELDS)
    assert wanted == {}


def test_equal_values_in_another_order_or_case_make_no_change():
    wanted = {'location_ids': [1, 2, 2], 'login_name': 'alice@example.com', 'custom': {'team': 'net'},
              'spec.enabled': True}
    assert reconcile.differences(wanted, CURRENT, FIELDS) == {}


def test_only_differing_fields_are_sent():
    wanted = {'display_name': 'Alice E.', 'location_ids': [1, 2], 'custom': {'team': 'ops'}, 'spec.enabled': False}
    assert reconcile.differences(wanted, CURRENT, FIELDS) == {
        'display_name': 'Alice E.', 'custom': {'team': 'ops'}, 'spec.enabled': False}


@pytest.mark.parametrize('policy, sent', [('on_create', {}), ('always', {'password': 's3cret'})])
def test_write_only_secret_follows_update_password(policy, sent):
    assert reconcile.differences({'password': 's3cret'}, CURRENT, FIELDS, update_password=policy) == sent


def test_plan_create_when_missing_masks_secrets_in_diff():
    plan = reconcile.plan_present(None, {'display_name': 'Bob', 'password': 's3cret'}, FIELDS,
                                  key={'login_name': 'bob@example.com'})
    assert plan.action == 'create'
    assert plan.changes == {'login_name': 'bob@example.com', 'display_name': 'Bob', 'password': 's3cret'}
    assert plan.diff == {'before': {}, 'after': {'login_name': 'bob@example.com', 'display_name': 'Bob',
                                                 'password': reconcile.SECRET_MASK}}
    assert 's3cret' not in repr(plan.diff)


def test_plan_update_diff_shows_only_changed_fields_and_key():
    plan = reconcile.plan_present(CURRENT, {'display_name': 'Alice E.', 'location_ids': [1, 2]}, FIELDS,
                                  key={'login_name': 'alice@example.com'})
    assert plan.action == 'update'
    assert plan.changes == {'display_name': 'Alice E.'}
    assert plan.diff == {'before': {'login_name': 'Alice@Example.com', 'display_name': 'Alice'},
                         'after': {'login_name': 'Alice@Example.com', 'display_name': 'Alice E.'}}
    assert plan.after['display_name'] == 'Alice E.' and plan.after['id'] == 7


def test_plan_nothing_when_equal():
    plan = reconcile.plan_present(CURRENT, {'display_name': 'Alice'}, FIELDS)
    assert not plan.changed
    assert plan.diff['before'] == plan.diff['after']


def test_plan_absent():
    assert not reconcile.plan_absent(None, FIELDS).changed
    plan = reconcile.plan_absent(CURRENT, FIELDS, key={'login_name': None})
    assert plan.action == 'delete'
    assert plan.diff['after'] == {} and plan.diff['before']['login_name'] == 'Alice@Example.com'
    assert 'password' not in plan.diff['before']


@pytest.mark.parametrize('plan', [
    reconcile.plan_present(None, {'display_name': 'Bob'}, FIELDS, key={'login_name': 'bob'}),
    reconcile.plan_present(CURRENT, {'display_name': 'Other'}, FIELDS),
    reconcile.plan_absent(CURRENT, FIELDS),
    reconcile.plan_membership([1], [2]),
])
def test_check_mode_predicts_without_writing(plan):
    predicted = reconcile.execute(plan, True, create=must_not_write, update=must_not_write, delete=must_not_write)
    assert predicted == (None if plan.action == 'delete' else plan.after)


def test_execute_runs_exactly_the_planned_write():
    calls = []
    plan = reconcile.plan_present(CURRENT, {'display_name': 'Other'}, FIELDS)
    reconcile.execute(plan, False, create=must_not_write, delete=must_not_write,
                      update=lambda current, changes: calls.append(changes) or 'updated')
    assert calls == [{'display_name': 'Other'}]


def test_replace_deletes_then_creates():
    calls = []
    plan = reconcile.Plan('replace', {'id': 1}, changes={'name': 'x'})
    reconcile.execute(plan, False, create=lambda body: calls.append(('create', body)),
                      delete=lambda current: calls.append(('delete', current)))
    assert calls == [('delete', {'id': 1}), ('create', {'name': 'x'})]


def test_merged_keeps_unmanaged_fields_for_full_replace():
    result = reconcile.merged(CURRENT, {'spec.enabled': False, 'custom': {'team': 'ops'}})
    assert result['spec'] == {'enabled': False, 'name': 'a'}
    assert result['custom'] == {'team': 'ops', 'desk': '4F'}
    assert CURRENT['spec']['enabled'] is True   # the live object is not modified


@pytest.mark.parametrize('current, listed, state, append, add, remove, after', [
    ([1, 2], [2, 3], 'present', False, [3], [1], [2, 3]),
    ([1, 2], [2, 3], 'present', True, [3], [], [1, 2, 3]),
    ([1, 2], [2, 3], 'absent', False, [], [2], [1]),
    ([1, 2], [], 'present', False, [], [1, 2], []),
    ([2, 1], [1, 2], 'present', False, None, None, [1, 2]),
])
def test_membership_sends_only_the_difference(current, listed, state, append, add, remove, after):
    plan = reconcile.plan_membership(current, listed, state, append, name='roles')
    if add is None:
        assert not plan.changed
    else:
        assert plan.changes == {'add': add, 'remove': remove}
    assert plan.diff['after'] == {'roles': after}


def test_actions_make_a_change_and_show_in_the_after_side_only():
    plan = reconcile.add_actions(reconcile.plan_present(CURRENT, {'display_name': 'Alice'}, FIELDS), ['logout'])
    assert plan.changed
    assert plan.diff['before']['actions'] == [] and plan.diff['after']['actions'] == ['logout']
    assert not reconcile.add_actions(reconcile.plan_present(CURRENT, {}, FIELDS), []).changed


def test_secret_fields_are_compared_but_never_shown():
    fields = [Field('endpoint', 'spec.endpoint', kind=reconcile.SECRET)]
    current = {'spec': {'endpoint': '+15550001'}}
    assert not reconcile.plan_present(current, {'spec.endpoint': '+15550001'}, fields).changed
    plan = reconcile.plan_present(current, {'spec.endpoint': '+15550002'}, fields)
    assert plan.changes == {'spec.endpoint': '+15550002'}
    assert plan.diff == {'before': {'spec.endpoint': reconcile.SECRET_MASK}, 'after': {'spec.endpoint': reconcile.SECRET_MASK}}


def test_check_mode_prediction_of_a_create_is_nested_like_the_resource():
    plan = reconcile.plan_present(None, {'spec.enabled': True}, FIELDS, key={'spec.name': 'robot'})
    assert plan.after == {'spec': {'name': 'robot', 'enabled': True}}


@pytest.mark.parametrize('wanted, current, same', [
    (None, '', True), ('', None, True), ('', '', True), (None, 'x', False), ('x', None, False), (0, None, False),
])
def test_no_value_and_an_empty_string_compare_equal_and_nothing_else_does(wanted, current, same):
    assert Field('title').same(wanted, current) is same
