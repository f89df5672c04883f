# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Kestra user declared once (``kestra.USER``): what kestra_user and kestra_users send and say.

* a full-replace ``PUT /api/v1/users/{id}`` carries every writable field of the live user, so
  changing a superadmin's tenants or groups keeps the flag (the fake resets what a PUT omits);
* no body ever holds ``null`` for a name (the schema's type is string): ``replaced`` resets names
  with ``''``, and a create sends no reset value at all;
* diffs speak the options' words (first_name, instance_owner), and both modules take their
  options, and check e-mail addresses, from the one declaration.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib

import pytest
import yaml

from ansible_collections.accessops.identity.plugins.module_utils import kestra as kestra_utils
from tests.fakes.kestra import KestraFake
from tests.integration.vendor_calls import fake_fixture, token_caller, writes

TOKEN = 'kestra-token-for-declared-tests'
MAIN = {'id': 'main', 'name': 'main'}


kestra = fake_fixture(lambda: KestraFake(token=TOKEN))
call = token_caller(TOKEN)


def bodies(fake):
    return [e['body'] for e in fake.writes() if isinstance(e['body'], dict)]


def nulls(fake):
    """(request, field) of every write body that holds a null."""
    return [('%s %s' % (e['method'], e['path']), name) for e in fake.writes() if isinstance(e['body'], dict)
            for name, value in e['body'].items() if value is None]


def superadmin(fake, group):
    # both names set: the old PUT was valid, and dropped only the flag
    return fake.add_user('root2@example.com', firstName='Ro', lastName='Ot', superAdmin=True, instanceOwner=True,
                         tenants=[MAIN], groups=[{'id': group['id'], 'tenantId': 'main'}])


def membership_change(fake, change):
    other = fake.add_group('ops', 'main')
    return dict(tenants=['main', 'staging']) if change == 'tenants' else dict(groups=[other['id']])


# The superadmin flag survives a full-replace PUT --------------------------------------------------

@pytest.mark.parametrize('change', ['tenants', 'groups'])
def test_kestra_user_membership_change_keeps_a_superadmin(kestra, change):
    user = superadmin(kestra, kestra.add_group('devs', 'main'))
    wanted = membership_change(kestra, change)
    kestra.clear_log()
    result = call('kestra_user', kestra, email='root2@example.com', **wanted)
    assert result['changed'] is True, result
    (method, path, body), = writes(kestra)
    assert (method, path) == ('PUT', '/api/v1/users/%s' % user['id'])
    assert kestra.users[user['id']]['superAdmin'] is True and kestra.users[user['id']]['instanceOwner'] is True
    assert body.get('superAdmin') is True
    assert kestra.users[user['id']]['firstName'] == 'Ro'
    again = call('kestra_user', kestra, email='root2@example.com', instance_owner=True, first_name='Ro', **wanted)
    assert again['changed'] is False, again


@pytest.mark.parametrize('change', ['tenants', 'groups'])
def test_kestra_users_membership_change_keeps_a_superadmin(kestra, change):
    user = superadmin(kestra, kestra.add_group('devs', 'main'))
    wanted = membership_change(kestra, change)
    kestra.clear_log()
    result = call('kestra_users', kestra, config=[dict(email='root2@example.com', **wanted)])
    assert result['summary']['updated'] == 1, result
    puts = [body for method, path, body in writes(kestra) if method == 'PUT']
    assert kestra.users[user['id']]['superAdmin'] is True
    assert len(puts) == 1 and puts[0].get('superAdmin') is True
    again = call('kestra_users', kestra, config=[dict(email='root2@example.com', instance_owner=True, first_name='Ro',
                                                      **wanted)])
    assert again['changed'] is False, again


def test_the_put_carries_every_writable_field_of_the_live_user_and_never_a_null(kestra):
    devs = kestra.add_group('devs', 'main')
    named = kestra.add_user('erin@example.com', firstName='Erin', lastName='Ex', restricted=True, tenants=[MAIN],
                            groups=[{'id': devs['id'], 'tenantId': 'main'}])
    nameless = kestra.add_user('nina@example.com', tenants=[MAIN])
    kestra.clear_log()
    call('kestra_user', kestra, email='erin@example.com', tenants=['main', 'staging'])
    call('kestra_user', kestra, email='nina@example.com', tenants=['main', 'staging'])
    assert writes(kestra) == [
        ('PUT', '/api/v1/users/%s' % named['id'], {
            'email': 'erin@example.com', 'firstName': 'Erin', 'lastName': 'Ex', 'tenants': ['main', 'staging'],
            'groups': [devs['id']], 'restricted': True, 'superAdmin': False}),
        ('PUT', '/api/v1/users/%s' % nameless['id'], {
            'email': 'nina@example.com', 'tenants': ['main', 'staging'], 'groups': [], 'restricted': False,
            'superAdmin': False}),
    ]
    assert (named['firstName'], named['lastName'], named['restricted']) == ('Erin', 'Ex', True)
    assert 'firstName' not in nameless


def test_a_flag_changed_with_the_membership_rides_on_the_put(kestra):
    user = kestra.add_user('erin@example.com', tenants=[MAIN])
    kestra.clear_log()
    call('kestra_user', kestra, email='erin@example.com', tenants=['main', 'staging'], instance_owner=True,
         restricted=True)
    assert [(method, body.get('superAdmin'), body.get('restricted')) for method, _path, body in writes(kestra)] == [
        ('PUT', True, True)]
    assert user['superAdmin'] is True and user['restricted'] is True


# Names: '' or nothing, never null ------------------------------------------------------------------

def test_replaced_resets_names_with_the_empty_string(kestra):
    user = kestra.add_user('erin@example.com', firstName='Erin', lastName='Ex', tenants=[MAIN])
    kestra.clear_log()
    entry = dict(email='erin@example.com', tenants=['main'])
    result = call('kestra_users', kestra, state='replaced', config=[entry], diff=True)
    assert result['summary']['updated'] == 1, result
    assert writes(kestra) == [('PATCH', '/api/v1/users/%s' % user['id'], {'firstName': '', 'lastName': ''})]
    assert result['diff']['after']['erin@example.com'] == {'email': 'erin@example.com', 'first_name': '',
                                                           'last_name': ''}
    again = call('kestra_users', kestra, state='replaced', config=[entry])
    assert again['changed'] is False, again


def test_replaced_with_a_membership_change_resets_names_in_the_put(kestra):
    user = kestra.add_user('erin@example.com', firstName='Erin', tenants=[MAIN])
    kestra.clear_log()
    call('kestra_users', kestra, state='replaced', config=[dict(email='erin@example.com', tenants=['staging'])])
    puts = [body for method, _path, body in writes(kestra) if method == 'PUT']
    assert puts == [{'email': 'erin@example.com', 'firstName': '', 'tenants': ['staging'], 'groups': [],
                     'restricted': False, 'superAdmin': False}]
    assert nulls(kestra) == [] and user['firstName'] in ('', None)


def test_a_create_in_replaced_sends_no_reset_values(kestra):
    kestra.clear_log()
    result = call('kestra_users', kestra, state='replaced', config=[dict(email='new@example.com', tenants=['main'])])
    assert result['summary']['created'] == 1, result
    posts = [body for method, _path, body in writes(kestra) if method == 'POST']
    assert posts == [{'email': 'new@example.com', 'tenants': ['main']}]
    again = call('kestra_users', kestra, state='replaced', config=[dict(email='new@example.com', tenants=['main'])])
    assert again['changed'] is False, again


def test_a_single_create_sends_only_what_is_given(kestra):
    call('kestra_user', kestra, email='new@example.com', last_name='New')
    assert bodies(kestra) == [{'email': 'new@example.com', 'lastName': 'New'}]


# Diffs and options in the options' words -----------------------------------------------------------

def test_diffs_name_options_not_api_fields(kestra):
    kestra.add_user('erin@example.com', firstName='Erin', tenants=[MAIN])
    single = call('kestra_user', kestra, email='erin@example.com', first_name='Eri', instance_owner=True, diff=True)
    assert single['diff'] == {'before': {'email': 'erin@example.com', 'first_name': 'Erin', 'instance_owner': False},
                              'after': {'email': 'erin@example.com', 'first_name': 'Eri', 'instance_owner': True}}
    bulk = call('kestra_users', kestra, config=[dict(email='erin@example.com', last_name='X', restricted=True)],
                diff=True, check=True)
    assert bulk['diff']['after'] == {'erin@example.com': {'email': 'erin@example.com', 'last_name': 'X',
                                                          'restricted': True}}
    assert bulk['users'][0]['changed'] == ['last_name', 'restricted']


@pytest.mark.parametrize('module, args, message', [
    ('kestra_user', dict(email='not-an-address'), "email must be an e-mail address, got 'not-an-address'"),
    ('kestra_users', dict(config=[dict(email='a@example.com'), dict(email='nobody')]),
     "config entry 2: email must be an e-mail address, got 'nobody'"),
    ('kestra_user', dict(email='a@example.com', password='  '), 'password must not be empty'),
    ('kestra_users', dict(config=[dict(email='a@example.com', password='')]), 'config entry 1: password must not be empty'),
])
def test_addresses_and_passwords_are_checked_alike_before_any_request(kestra, module, args, message):
    kestra.clear_log()
    result = call(module, kestra, **args)
    assert result.get('failed') and message in result['msg'], result
    assert kestra.log == []


def documented_options(module_name):
    module = importlib.import_module('ansible_collections.accessops.identity.plugins.modules.' + module_name)
    return yaml.safe_load(module.DOCUMENTATION)['options']


def spec_of(doc):
    return dict((name, dict((k, v) for k, v in option.items() if k in ('type', 'elements', 'required', 'aliases', 'default')))
                for name, option in doc.items())


def test_both_modules_document_the_declared_options():
    declared = dict((name, dict((k, v) for k, v in spec.items() if k != 'no_log'))
                    for name, spec in dict(kestra_utils.USER.entry_options(),
                                           **kestra_utils.TenantGroups.argument_spec).items())
    assert spec_of(documented_options('kestra_users')['config']['suboptions']) == declared
    single = spec_of(documented_options('kestra_user'))
    for name, spec in kestra_utils.USER.argument_spec().items():
        spec = dict((k, v) for k, v in spec.items() if k != 'no_log')
        if name == 'instance_owner':
            spec['aliases'] = ['super_admin']
        assert single[name] == spec, name
