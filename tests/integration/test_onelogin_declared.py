# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OneLogin users declared once (plugins/module_utils/onelogin.py ``USERS``), and what that fixes.

* ``replaced`` and ``overridden`` reset text fields to ``''`` (the User schema has no nullable field),
  and a create sends only what the task sets, never a reset value and never ``null``;
* a padded key (``"bob "``) is the user bob, in onelogin_user and in onelogin_users alike: overridden
  keeps bob and sends nothing, merged creates no duplicate;
* onelogin_user_role takes role names too; a name that is unknown or shared, or an id to add that no
  role has, fails before any write, in check mode too;
* diffs speak the options' words (``user_state: approved``), not the API's codes.

Every write body the fake receives is asserted on.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import onelogin as onelogin_utils
from ansible_collections.accessops.identity.plugins.module_utils.declaration import UNSET

from tests.fakes.base import serve
from tests.fakes.onelogin import OneLoginFake
from tests.integration.inprocess import run_module

CLIENT = 'declared-tests'
SECRET = 'onelogin-secret-for-declared-tests'
SCHEMAS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fakes', 'schemas')


@pytest.fixture
def onelogin():
    yield from serve(OneLoginFake(client_id=CLIENT, client_secret=SECRET))


def call(module, fake, check=False, diff=False, **args):
    args.update(api_url=fake.url, api_client_id=CLIENT, api_client_secret=SECRET)
    return run_module(module, args, check, diff)


def writes(fake):
    return [(e['method'], e['path'], e['body']) for e in fake.writes()]


def nulls(fake):
    """(method, path, field) of every ``null`` a write body carried."""
    return [(e['method'], e['path'], name) for e in fake.writes() if isinstance(e['body'], dict)
            for name, value in e['body'].items() if value is None]


def usernames(fake):
    return sorted(user['username'] for user in fake.users.values())


def filled(fake, username, **extra):
    """A user whose every resettable text field holds a value."""
    fields = dict((name, 'old %s' % name) for name in onelogin_utils.RESET_FIELDS)
    fields.update(extra)
    return fake.add_user(username, **fields)


# The declaration ------------------------------------------------------------------------------

def user_schema(method, path):
    with open(os.path.join(SCHEMAS, 'onelogin.json')) as handle:
        operations = json.load(handle)['operations']
    return next(op['schema'] for op in operations if op['method'] == method and op['path'] == path)


@pytest.mark.parametrize('method, path', [('POST', '/api/1/users'), ('PUT', '/api/1/users/{user_id}')])
def test_every_reset_is_a_value_the_user_schema_allows(method, path):
    """What replaced resets an option to is of the schema's type: '' for its non-nullable strings, never None."""
    properties = user_schema(method, path)['properties']
    resets = onelogin_utils.USER.cleared
    assert sorted(resets) == sorted(onelogin_utils.RESET_FIELDS)
    for name, value in resets.items():
        field = properties[onelogin_utils.USER.by_name[name].api_name]
        assert field['type'] == 'string' and not field.get('nullable'), name
        assert value == '', name
    for option in onelogin_utils.USER.options:
        assert option.reset is UNSET or option.name in resets


def test_one_declaration_serves_both_keys_and_both_modules():
    by_username, by_email = onelogin_utils.USERS['username'], onelogin_utils.USERS['email']
    assert (by_username.key, by_email.key) == ('username', 'email')
    assert by_username.options == by_email.options            # the very same option objects
    assert by_username.argument_spec() == by_email.argument_spec()
    # the entries add the roles, which are not user fields
    assert dict(by_username.argument_spec(), **onelogin_utils.Roles.argument_spec) == onelogin_utils.entry_options()
    spec = onelogin_utils.entry_options()
    assert spec['user_state'] == dict(type='str', choices=['unapproved', 'approved', 'rejected', 'unlicensed'])
    assert spec['password'] == dict(type='str', no_log=True)
    assert all(spec[name]['type'] == 'int' for name in ('group_id', 'directory_id', 'trusted_idp_id'))
    assert not any(option.get('required') for option in spec.values())    # match_by decides which key is required
    assert by_username.in_words({'state': 1, 'title': 'x'}) == {'user_state': 'approved', 'title': 'x'}


# Bug: null for non-nullable strings -----------------------------------------------------------

@pytest.mark.parametrize('state', ['replaced', 'overridden'])
def test_bulk_reset_sends_empty_strings_not_null(onelogin, state):
    bob = filled(onelogin, 'bob', department='Ops')
    onelogin.clear_log()
    result = call('onelogin_users', onelogin, state=state, delete_unlisted=True,
                  config=[dict(username='bob', email='bob@example.com', department='Ops')])
    assert result['changed'] is True, result.get('msg')
    reset = dict((name, '') for name in onelogin_utils.RESET_FIELDS if name != 'department')
    assert writes(onelogin) == [('PUT', '/api/1/users/%s' % bob['id'], reset)]
    assert nulls(onelogin) == []
    again = call('onelogin_users', onelogin, state=state, delete_unlisted=True,
                 config=[dict(username='bob', email='bob@example.com', department='Ops')])
    assert again['changed'] is False and len(onelogin.writes()) == 1, 'a cleared field read back as empty differs'


@pytest.mark.parametrize('state', ['merged', 'replaced', 'overridden'])
def test_bulk_create_sends_only_what_the_entry_sets(onelogin, state):
    result = call('onelogin_users', onelogin, state=state, delete_unlisted=True,
                  config=[dict(username='carol', email='carol@example.com', title='Engineer')])
    assert result['summary']['created'] == 1, result.get('msg')
    assert writes(onelogin) == [('POST', '/api/1/users', {'username': 'carol', 'email': 'carol@example.com',
                                                          'title': 'Engineer'})]


def test_bulk_replaced_in_check_mode_predicts_the_same_writes(onelogin):
    filled(onelogin, 'bob')
    config = [dict(username='bob', firstname='Bob'), dict(username='carol', lastname='C')]
    predicted = call('onelogin_users', onelogin, check=True, diff=True, state='replaced', config=config)
    assert onelogin.writes() == []
    done = call('onelogin_users', onelogin, diff=True, state='replaced', config=config)
    assert predicted['summary'] == done['summary'] and (done['summary']['created'], done['summary']['updated']) == (1, 1)
    assert nulls(onelogin) == []
    assert predicted['diff']['after']['bob']['title'] == '' and predicted['diff']['before']['bob']['title'] == 'old title'


def test_single_create_sends_only_what_the_task_sets(onelogin):
    created = call('onelogin_user', onelogin, username='dora', firstname='Dora', group_id=7)
    assert created['changed'] is True, created.get('msg')
    assert writes(onelogin) == [('POST', '/api/1/users', {'username': 'dora', 'firstname': 'Dora', 'group_id': 7})]


def test_single_empty_text_clears_with_an_empty_string(onelogin):
    erin = onelogin.add_user('erin', title='Boss', comment='note')
    onelogin.clear_log()
    assert call('onelogin_user', onelogin, username='erin', title='')['changed'] is True
    assert writes(onelogin) == [('PUT', '/api/1/users/%s' % erin['id'], {'title': ''})]
    assert call('onelogin_user', onelogin, username='erin', title='')['changed'] is False


# Bug: a padded key -----------------------------------------------------------------------------

def test_bulk_overridden_with_a_padded_key_keeps_the_user_and_sends_nothing(onelogin):
    bob = onelogin.add_user('bob', department='Ops')
    onelogin.clear_log()
    result = call('onelogin_users', onelogin, state='overridden', delete_unlisted=True,
                  config=[dict(username='bob ', email='bob@example.com', department='Ops')])
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is False and onelogin.writes() == []
    assert usernames(onelogin) == ['bob'] and bob['id'] in onelogin.users
    assert result['users'] == [{'username': 'bob', 'id': bob['id'], 'result': 'unchanged'}]


def test_bulk_merged_with_a_padded_key_updates_and_creates_no_duplicate(onelogin):
    bob = onelogin.add_user('bob', department='Ops')
    onelogin.clear_log()
    result = call('onelogin_users', onelogin, config=[dict(username=' bob ', department='Sales')])
    assert result['summary']['updated'] == 1 and result['summary']['created'] == 0, result.get('msg')
    assert writes(onelogin) == [('PUT', '/api/1/users/%s' % bob['id'], {'department': 'Sales'})]
    assert usernames(onelogin) == ['bob']


def test_bulk_match_by_email_with_a_padded_key_creates_no_duplicate(onelogin):
    bob = onelogin.add_user('bob', email='bob@example.com')
    onelogin.clear_log()
    result = call('onelogin_users', onelogin, match_by='email',
                  config=[dict(email=' Bob@Example.com ', firstname='Bob')])
    assert result['summary']['updated'] == 1 and result['summary']['created'] == 0, result.get('msg')
    assert writes(onelogin) == [('PUT', '/api/1/users/%s' % bob['id'], {'firstname': 'Bob'})]


def test_bulk_padded_keys_that_are_the_same_user_are_refused_as_a_duplicate(onelogin):
    onelogin.add_user('bob')
    onelogin.clear_log()
    result = call('onelogin_users', onelogin, config=[dict(username='bob'), dict(username='BOB ')])
    assert result['failed'] and 'twice' in result['msg']
    assert onelogin.log == []


def test_single_padded_key_is_the_user(onelogin):
    bob = onelogin.add_user('bob', email='bob@example.com')
    onelogin.clear_log()
    by_name = call('onelogin_user', onelogin, username='bob ', firstname='Bob')
    assert by_name['changed'] is True, by_name.get('msg')
    assert writes(onelogin) == [('PUT', '/api/1/users/%s' % bob['id'], {'firstname': 'Bob'})]
    assert [e['query'].get('username') for e in onelogin.log if e['path'] == '/api/1/users'] == ['bob']
    by_email = call('onelogin_user', onelogin, email=' bob@example.com', lastname='B')
    assert by_email['changed'] is True and len(onelogin.writes()) == 2
    assert usernames(onelogin) == ['bob']
    absent = call('onelogin_user', onelogin, username='  bob', state='absent')
    assert absent['changed'] is True and onelogin.users == {}


@pytest.mark.parametrize('module, args', [
    ('onelogin_user', dict(username='   ', firstname='X')),
    ('onelogin_user', dict(username='bob', email=' ')),
    ('onelogin_users', dict(config=[dict(username=' ', firstname='X')])),
    ('onelogin_users', dict(match_by='email', config=[dict(email='  ')])),
])
def test_a_key_of_only_spaces_is_refused_before_any_request(onelogin, module, args):
    result = call(module, onelogin, **args)
    assert result['failed'] and 'must not be empty' in result['msg']
    assert ('username' in result['msg']) or ('email' in result['msg'])
    assert onelogin.log == []


# Diffs in the options' words -------------------------------------------------------------------

def test_single_diff_names_options_and_words(onelogin):
    onelogin.add_user('fay', state=0)
    result = call('onelogin_user', onelogin, check=True, diff=True, username='fay', user_state='approved',
                  password='Secret-pass-1', update_password='always')
    assert result['diff']['before'] == {'username': 'fay', 'user_state': 'unapproved'}
    assert result['diff']['after'] == {'username': 'fay', 'user_state': 'approved', 'password': '********'}
    created = call('onelogin_user', onelogin, check=True, diff=True, username='gus', user_state='rejected')
    assert created['diff']['after'] == {'username': 'gus', 'user_state': 'rejected'}
    assert onelogin.writes() == []


def test_single_actions_are_one_plan_with_the_change(onelogin):
    hal = onelogin.add_user('hal', state=1)
    preview = call('onelogin_user', onelogin, check=True, diff=True, username='hal', user_state='rejected', logout=True)
    assert preview['changed'] is True and preview['actions'] == ['logout'] and onelogin.writes() == []
    assert preview['diff']['after'] == {'username': 'hal', 'user_state': 'rejected', 'actions': ['logout']}
    done = call('onelogin_user', onelogin, username='hal', user_state='rejected', logout=True)
    assert done['changed'] is True
    assert writes(onelogin) == [('PUT', '/api/1/users/%s/set_state' % hal['id'], {'state': 2}),
                                ('PUT', '/api/1/users/%s/logout' % hal['id'], {})]
    onelogin.clear_log()
    only_actions = call('onelogin_user', onelogin, username='hal', user_state='rejected', locked_until=0)
    assert only_actions['changed'] is True
    assert writes(onelogin) == [('PUT', '/api/1/users/%s/lock_user' % hal['id'], {'locked_until': 0})]


def test_bulk_diff_names_options_and_words(onelogin):
    onelogin.add_user('ida', state=1)
    result = call('onelogin_users', onelogin, check=True, diff=True, config=[dict(username='ida', user_state='unlicensed')])
    assert result['diff'] == {'before': {'ida': {'username': 'ida', 'user_state': 'approved'}},
                              'after': {'ida': {'username': 'ida', 'user_state': 'unlicensed'}}}
    assert result['users'][0]['changed'] == ['user_state']
    gathered = call('onelogin_users', onelogin, state='gathered')['gathered']
    assert gathered[0]['user_state'] == 'approved' and 'state' not in gathered[0]


# Roles by name, and checked before any write ------------------------------------------------------

def test_roles_by_name_resolve_through_the_v2_listing(onelogin):
    jo = onelogin.add_user('jo', roles=[150001])
    onelogin.clear_log()
    result = call('onelogin_user_role', onelogin, username='jo', roles=['engineering', 'On-call'], role_ids=[150001])
    assert result['changed'] is True and result['role_ids'] == [150001, 150002, 150007], result.get('msg')
    assert writes(onelogin) == [('PUT', '/api/1/users/%s/add_roles' % jo['id'], {'role_id_array': [150002, 150007]})]
    lookups = [e['query'] for e in onelogin.log if e['path'] == '/api/2/roles']
    assert [query['role_name'] for query in lookups] == ['engineering', 'On-call']
    assert not [e for e in onelogin.log if e['path'].startswith('/api/2/roles/')], 'ids known from names are checked'
    again = call('onelogin_user_role', onelogin, username='jo', roles=['Engineering', 'on-call'], role_ids=[150001])
    assert again['changed'] is False


def test_a_name_matching_only_part_of_a_role_is_unknown(onelogin):
    onelogin.add_user('jo')
    result = call('onelogin_user_role', onelogin, username='jo', roles=['Engineer'])
    assert result['failed'] and result['msg'].startswith('roles: no OneLogin role is named Engineer')
    assert onelogin.writes() == []


@pytest.mark.parametrize('check', [False, True], ids=['run', 'check'])
def test_an_ambiguous_role_name_fails_listing_the_candidates(onelogin, check):
    onelogin.add_user('kai', roles=[150001])
    other = onelogin.add_role('engineering')
    result = call('onelogin_user_role', onelogin, check=check, username='kai', roles=['Engineering'])
    assert result['failed'] and 'several OneLogin roles are named Engineering' in result['msg']
    assert '150002' in result['msg'] and str(other) in result['msg'] and 'role_ids' in result['msg']
    assert onelogin.writes() == []


@pytest.mark.parametrize('check', [False, True], ids=['run', 'check'])
def test_an_unknown_role_id_fails_before_the_remove_is_sent(onelogin, check):
    lee = onelogin.add_user('lee', roles=[150001])
    result = call('onelogin_user_role', onelogin, check=check, username='lee', role_ids=[150002, 424242])
    assert result['failed'] and 'no OneLogin role has id 424242' in result['msg'] and '150002' not in result['msg']
    assert onelogin.writes() == [] and onelogin.roles[lee['id']] == set([150001])


def test_unknown_role_name_fails_in_check_mode_too(onelogin):
    onelogin.add_user('lee', roles=[150001])
    result = call('onelogin_user_role', onelogin, check=True, username='lee', roles=['Nobody'], state='absent')
    assert result['failed'] and 'no OneLogin role is named Nobody' in result['msg']


def test_roles_that_add_nothing_read_no_role(onelogin):
    mo = onelogin.add_user('mo', roles=[150001, 150002])
    onelogin.clear_log()
    removed = call('onelogin_user_role', onelogin, username='mo', role_ids=[150002, 424242], state='absent')
    assert removed['changed'] is True and removed['role_ids'] == [150001]
    assert not [e for e in onelogin.log if e['path'].startswith('/api/2/')]
    assert writes(onelogin) == [('PUT', '/api/1/users/%s/remove_roles' % mo['id'], {'role_id_array': [150002]})]


@pytest.mark.parametrize('args, words', [
    (dict(username='mo'), ['one of the following is required', 'role_ids', 'roles']),
    (dict(username='mo', roles=[' ']), ['roles', 'empty']),
])
def test_role_options_are_checked_before_any_request(onelogin, args, words):
    result = call('onelogin_user_role', onelogin, **args)
    assert result['failed'] and all(word in result['msg'] for word in words), result['msg']
    assert onelogin.log == []


@pytest.mark.parametrize('path, body, why', [
    ('/api/2/roles', {'data': [{'id': 150002, 'name': 'Engineering'}]}, 'the body is an object, not a list'),
    ('/api/2/roles', [{'id': '150002', 'name': 'Engineering'}], 'item 0 "id" is a string'),
    ('/api/2/roles', [{'id': 150002, 'name': 7}], 'item 0 "name"'),
    ('/api/2/roles/424242', {'id': 150002, 'name': 'Engineering'}, 'not the id asked for'),
    ('/api/2/roles/424242', [], 'the body is a list, not an object'),
], ids=['listing-object', 'listing-id', 'listing-name', 'role-other-id', 'role-list'])
def test_a_role_answer_of_the_wrong_shape_fails_before_any_write(onelogin, path, body, why):
    onelogin.add_user('ned', roles=[150001])
    onelogin.add_role('Contractors', 424242)
    onelogin.inject(status=200, body=body, method='GET', path='^%s$' % path)
    args = dict(roles=['Engineering']) if path == '/api/2/roles' else dict(role_ids=[424242])
    result = call('onelogin_user_role', onelogin, username='ned', **args)
    assert result['failed'] and 'GET %s' % path in result['msg'] and why in result['msg'], result['msg']
    assert onelogin.writes() == []


def test_roles_of_a_padded_username_are_the_users(onelogin):
    olga = onelogin.add_user('olga', roles=[150001])
    result = call('onelogin_user_role', onelogin, username=' olga ', roles=['Sales'], append=True)
    assert result['changed'] is True and result['role_ids'] == [150001, 150003], result.get('msg')
    assert writes(onelogin) == [('PUT', '/api/1/users/%s/add_roles' % olga['id'], {'role_id_array': [150003]})]


# Found by an attack on the change --------------------------------------------------------------

@pytest.mark.parametrize('state', ['merged', 'deleted'])
def test_bulk_matched_by_email_fails_when_two_users_share_it(onelogin, state):
    onelogin.add_user('alice', email='alice@example.com')
    onelogin.add_user('alice2', email='ALICE@example.com')
    result = call('onelogin_users', onelogin, state=state, match_by='email',
                  config=[dict(email='alice@example.com', department='X')])
    assert result.get('failed') and 'several' in result['msg'], result
    assert onelogin.writes() == []


@pytest.mark.parametrize('value', [['x'], {'a': 1}, True], ids=['list', 'dict', 'bool'])
def test_custom_attribute_values_must_be_text(onelogin, value):
    onelogin.add_user('alice')
    result = call('onelogin_user', onelogin, username='alice', custom_attributes={'badge': value})
    assert result.get('failed') and 'custom_attributes.badge must be text' in result['msg'], result
    assert onelogin.writes() == []


def test_a_number_as_custom_attribute_is_sent_as_text_and_settles(onelogin):
    onelogin.add_user('alice')
    first = call('onelogin_user', onelogin, username='alice', custom_attributes={'badge': 42})
    assert not first.get('failed') and first['changed'] is True, first
    assert [body for method, path, body in writes(onelogin)] == [{'custom_attributes': {'badge': '42'}}]
    again = call('onelogin_user', onelogin, username='alice', custom_attributes={'badge': 42})
    assert again['changed'] is False, again
