# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus resources declared once: options given with ``id``, bodies the schema accepts, full replaces, diffs in words.

- An option of a resource's natural key given with ``id`` is never silently ignored: the
  replace (``PUT replace_*``) accepts every one of them, so a different value is written.
- A create sends no ``null`` and no empty value; a reset sends what the schema allows.
- A full-replace PUT carries every writable field of the live resource; the fake resets
  what a PUT leaves out, so a dropped field shows.
- Diffs are in the options' words, not the API's field names.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ansible_collections.accessops.identity.plugins.module_utils import agilicus as agilicus_utils
from tests.fakes.agilicus import AgilicusFake
from tests.integration.vendor_calls import fake_fixture, token_caller

TOKEN = 'agilicus-token-for-declared-tests'
ORG = 'org-1'
ALICE = 'alice@example.com'


agilicus = fake_fixture(lambda: AgilicusFake(token=TOKEN))


@pytest.fixture
def alice(agilicus):
    return agilicus.add_user(ALICE, ORG, first_name='Alice', last_name='Example', external_id='hr-1')


call = token_caller(TOKEN, org_id=ORG)


def writes(fake):
    return [(e['method'], e['path']) for e in fake.writes()]


def no_nulls(value):
    """Whether ``value`` (a request body) holds no ``None`` anywhere."""
    if isinstance(value, dict):
        return all(item is not None and no_nulls(item) for item in value.values())
    if isinstance(value, list):
        return all(item is not None and no_nulls(item) for item in value)
    return True


# An option of the natural key, given with id ----------------------------------------------

def seed_method(fake, user, **spec):
    method = dict(challenge_type='sms', nickname='work phone', endpoint='+15550100', priority=1, enabled=True)
    method.update(spec)
    return fake.add('mfa_challenge_methods', owner=user['id'], **method)


def test_mfa_method_by_id_with_another_nickname_renames_it(agilicus, alice):
    method = seed_method(agilicus, alice)
    method_id = method['metadata']['id']
    preview = call('agilicus_mfa_challenge_method', agilicus, check=True, diff=True, email=ALICE, id=method_id,
                   nickname='desk phone')
    assert preview['changed'] is True and agilicus.writes() == []
    result = call('agilicus_mfa_challenge_method', agilicus, diff=True, email=ALICE, id=method_id, nickname='desk phone')
    assert result['changed'] is True, result
    assert result['diff'] == preview['diff'] == {
        'before': {'challenge_type': 'sms', 'nickname': 'work phone'},
        'after': {'challenge_type': 'sms', 'nickname': 'desk phone'}}
    live = agilicus.collections['mfa_challenge_methods'].items[method_id]['spec']
    assert live == dict(challenge_type='sms', nickname='desk phone', endpoint='+15550100', priority=1, enabled=True)
    assert writes(agilicus) == [('PUT', '/users/%s/mfa_challenge_methods/%s' % (alice['id'], method_id))]
    again = call('agilicus_mfa_challenge_method', agilicus, email=ALICE, id=method_id, nickname='desk phone')
    assert again['changed'] is False


def test_mfa_method_by_id_with_another_challenge_type_changes_it(agilicus, alice):
    method_id = seed_method(agilicus, alice)['metadata']['id']
    result = call('agilicus_mfa_challenge_method', agilicus, diff=True, email=ALICE, id=method_id,
                  challenge_type='voice')
    assert result['changed'] is True, result
    assert result['diff'] == {'before': {'challenge_type': 'sms'}, 'after': {'challenge_type': 'voice'}}
    assert agilicus.collections['mfa_challenge_methods'].items[method_id]['spec']['challenge_type'] == 'voice'


def test_mfa_method_by_id_with_its_own_key_changes_nothing(agilicus, alice):
    method_id = seed_method(agilicus, alice)['metadata']['id']
    result = call('agilicus_mfa_challenge_method', agilicus, email=ALICE, id=method_id, challenge_type='sms',
                  nickname='work phone', priority=1)
    assert result['changed'] is False and agilicus.writes() == []


def test_upstream_identity_by_id_with_another_upstream_user_id_changes_it(agilicus, alice):
    identity = agilicus.add('upstream_user_identities', owner=alice['id'], upstream_idp_id='azure',
                            upstream_user_id='u-1', local_user_id=alice['id'])
    identity_id = identity['metadata']['id']
    result = call('agilicus_upstream_user_identity', agilicus, diff=True, email=ALICE, id=identity_id,
                  upstream_user_id='u-2')
    assert result['changed'] is True, result
    assert result['diff'] == {'before': {'upstream_idp_id': 'azure', 'upstream_user_id': 'u-1'},
                              'after': {'upstream_idp_id': 'azure', 'upstream_user_id': 'u-2'}}
    identities = agilicus.collections['upstream_user_identities'].items
    assert identities[identity_id]['spec'] == dict(upstream_idp_id='azure', upstream_user_id='u-2',
                                                   local_user_id=alice['id'])
    moved = call('agilicus_upstream_user_identity', agilicus, email=ALICE, id=identity_id, upstream_idp_id='okta')
    assert moved['changed'] is True and identities[identity_id]['spec']['upstream_idp_id'] == 'okta'


def test_metadata_by_id_with_another_name_renames_it(agilicus, alice):
    entry = agilicus.add('user_metadata', user_id=alice['id'], org_id=ORG, data_type='json', name='pref1', data='{}')
    entry_id = entry['metadata']['id']
    result = call('agilicus_user_metadata', agilicus, diff=True, email=ALICE, id=entry_id, name='pref2')
    assert result['changed'] is True, result
    assert result['diff'] == {'before': {'data_type': 'json', 'name': 'pref1'},
                              'after': {'data_type': 'json', 'name': 'pref2'}}
    entries = agilicus.collections['user_metadata'].items
    assert entries[entry_id]['spec'] == dict(user_id=alice['id'], org_id=ORG, data_type='json', name='pref2', data='{}')
    retyped = call('agilicus_user_metadata', agilicus, email=ALICE, id=entry_id, data_type='user_org_data')
    assert retyped['changed'] is True and entries[entry_id]['spec']['data_type'] == 'user_org_data'


def test_metadata_by_id_of_another_user_is_refused_before_any_write(agilicus, alice):
    bob = agilicus.add_user('bob@example.com', ORG)
    entry = agilicus.add('user_metadata', user_id=bob['id'], org_id=ORG, data_type='json', name='pref', data='{}')
    result = call('agilicus_user_metadata', agilicus, email=ALICE, id=entry['metadata']['id'], data='{"a": 1}')
    assert result.get('failed'), result
    assert bob['id'] in result['msg'] and alice['id'] in result['msg'] and 'user_id' in result['msg'], result['msg']
    assert agilicus.writes() == []


def test_user_request_by_id_with_another_resource_changes_it(agilicus, alice):
    request = agilicus.add('user_requests', user_id=alice['id'], org_id=ORG, requested_resource='wiki',
                           requested_resource_type='application_access', state='pending')
    request_id = request['metadata']['id']
    result = call('agilicus_user_request', agilicus, diff=True, email=ALICE, id=request_id, requested_resource='crm')
    assert result['changed'] is True, result
    assert result['diff'] == {'before': {'requested_resource': 'wiki'}, 'after': {'requested_resource': 'crm'}}
    assert agilicus.collections['user_requests'].items[request_id]['spec']['requested_resource'] == 'crm'


def test_service_account_by_id_with_another_name_renames_it(agilicus):
    account = agilicus.add_service_account('robot', ORG)
    result = call('agilicus_service_account', agilicus, diff=True, id=account['metadata']['id'], name='robot-2')
    assert result['changed'] is True, result
    assert result['diff'] == {'before': {'name': 'robot'}, 'after': {'name': 'robot-2'}}
    assert agilicus.service_accounts[account['metadata']['id']]['spec']['name'] == 'robot-2'


# Bodies the schema accepts: no null on create, resets the schema allows ---------------------

def test_metadata_created_without_a_name_or_app_sends_no_null(agilicus, alice):
    result = call('agilicus_user_metadata', agilicus, email=ALICE, data_type='mfa_enrollment_expiry',
                  data='2026-12-31T23:59:59Z')
    assert result['changed'] is True and not result.get('failed'), result
    body = agilicus.writes()[0]['body']
    assert body == {'spec': {'data_type': 'mfa_enrollment_expiry', 'data': '2026-12-31T23:59:59Z',
                             'user_id': alice['id'], 'org_id': ORG}}
    again = call('agilicus_user_metadata', agilicus, email=ALICE, data_type='mfa_enrollment_expiry',
                 data='2026-12-31T23:59:59Z')
    assert again['changed'] is False


def test_every_create_sends_no_null(agilicus, alice):
    call('agilicus_mfa_challenge_method', agilicus, email=ALICE, challenge_type='totp', endpoint='device', priority=2)
    call('agilicus_upstream_user_identity', agilicus, email=ALICE, upstream_idp_id='azure', upstream_user_id='u-9')
    call('agilicus_user_request', agilicus, email=ALICE, requested_resource='wiki',
         requested_resource_type='application_access')
    call('agilicus_service_account', agilicus, name='robot')
    call('agilicus_user', agilicus, email='new@example.com')
    creates = [entry for entry in agilicus.writes() if entry['method'] == 'POST']
    assert len(creates) == 5 and all(entry['status'] == 201 for entry in creates), creates
    assert all(no_nulls(entry['body']) for entry in creates), [entry['body'] for entry in creates]


def test_replaced_creates_with_no_empty_value_and_resets_with_what_the_schema_allows(agilicus, alice):
    result = call('agilicus_users', agilicus, state='replaced', config=[
        dict(email=ALICE, first_name='Alice'),
        dict(email='new@example.com', first_name='New')])
    assert result['summary']['created'] == 1 and result['summary']['updated'] == 1, result
    bodies = dict((entry['method'], entry['body']) for entry in agilicus.writes())
    assert bodies['POST'] == {'email': 'new@example.com', 'first_name': 'New', 'org_id': ORG, 'type': 'user'}
    assert bodies['PUT']['external_id'] == '' and no_nulls(bodies['PUT'])
    assert agilicus.users[alice['id']]['external_id'] == ''
    again = call('agilicus_users', agilicus, state='replaced', config=[
        dict(email=ALICE, first_name='Alice'), dict(email='new@example.com', first_name='New')])
    assert again['changed'] is False and again['summary']['unchanged'] == 2


# Full-replace PUTs ----------------------------------------------------------------------------

def test_the_fake_resets_what_a_user_put_leaves_out(agilicus, alice):
    """So that a module dropping a field from a full replace cannot pass unnoticed."""
    answer = requests.put('%s/users/%s' % (agilicus.url, alice['id']), json={'email': ALICE, 'status': 'disabled'},
                          headers={'Authorization': 'Bearer ' + TOKEN}, timeout=10)
    assert answer.status_code == 200
    user = agilicus.users[alice['id']]
    assert (user['status'], user['first_name'], user['last_name'], user['external_id']) == ('disabled', None, None, None)


def test_the_fake_resets_what_a_spec_put_leaves_out(agilicus, alice):
    method = seed_method(agilicus, alice, origin='agilicus.cloud')
    path = '%s/users/%s/mfa_challenge_methods/%s' % (agilicus.url, alice['id'], method['metadata']['id'])
    answer = requests.put(path, json={'spec': dict(challenge_type='sms', endpoint='+15550100', priority=3)},
                          headers={'Authorization': 'Bearer ' + TOKEN}, timeout=10)
    assert answer.status_code == 200
    live = agilicus.collections['mfa_challenge_methods'].items[method['metadata']['id']]['spec']
    assert live == dict(challenge_type='sms', endpoint='+15550100', priority=3)


def test_a_user_put_carries_every_writable_field_of_the_live_user(agilicus, alice):
    agilicus.users[alice['id']].update(cascade=True, configured_attributes={'attributes': [{'name': 'x', 'value': 1}]})
    result = call('agilicus_user', agilicus, email=ALICE, status='disabled', diff=True)
    assert result['changed'] is True
    assert result['diff'] == {'before': {'email': ALICE, 'status': 'active'}, 'after': {'email': ALICE, 'status': 'disabled'}}
    put = agilicus.writes()[0]
    assert put['method'] == 'PUT'
    for name, value in [('first_name', 'Alice'), ('last_name', 'Example'), ('external_id', 'hr-1'), ('cascade', True),
                        ('configured_attributes', {'attributes': [{'name': 'x', 'value': 1}]})]:
        assert put['body'][name] == value
        assert agilicus.users[alice['id']][name] == value
    assert agilicus.users[alice['id']]['status'] == 'disabled'


def test_a_spec_put_carries_every_field_of_the_live_spec(agilicus, alice):
    method = seed_method(agilicus, alice, origin='agilicus.cloud')
    result = call('agilicus_mfa_challenge_method', agilicus, email=ALICE, challenge_type='sms', nickname='work phone',
                  priority=2)
    assert result['changed'] is True
    assert agilicus.writes()[0]['body']['spec'] == dict(challenge_type='sms', nickname='work phone', endpoint='+15550100',
                                                        priority=2, enabled=True, origin='agilicus.cloud')
    live = agilicus.collections['mfa_challenge_methods'].items[method['metadata']['id']]['spec']
    assert live['origin'] == 'agilicus.cloud' and live['priority'] == 2


# Diffs in the options' words ------------------------------------------------------------------

def test_spec_diffs_name_options_and_mask_the_endpoint(agilicus, alice):
    created = call('agilicus_mfa_challenge_method', agilicus, diff=True, email=ALICE, challenge_type='sms',
                   nickname='work', endpoint='+15550001', priority=1)
    assert created['diff'] == {'before': {}, 'after': {'challenge_type': 'sms', 'nickname': 'work',
                                                       'endpoint': '********', 'priority': 1}}
    changed = call('agilicus_mfa_challenge_method', agilicus, diff=True, email=ALICE, challenge_type='sms',
                   nickname='work', endpoint='+15550002')
    assert changed['diff'] == {'before': {'challenge_type': 'sms', 'endpoint': '********'},
                               'after': {'challenge_type': 'sms', 'endpoint': '********'}}
    removed = call('agilicus_mfa_challenge_method', agilicus, diff=True, email=ALICE, challenge_type='sms',
                   nickname='work', state='absent')
    assert set(removed['diff']['before']) == {'challenge_type', 'nickname', 'endpoint', 'priority', 'origin', 'enabled'}
    assert not any(key.startswith('spec.') for result in (created, changed, removed)
                   for side in result['diff'].values() for key in side)


def test_bulk_diff_is_in_option_words(agilicus, alice):
    result = call('agilicus_users', agilicus, diff=True, config=[dict(email=ALICE, status='disabled')])
    assert result['diff'] == {'before': {ALICE: {'email': ALICE, 'status': 'active'}},
                              'after': {ALICE: {'email': ALICE, 'status': 'disabled'}}}
    assert result['users'][0]['changed'] == ['status']


# Declared once ---------------------------------------------------------------------------------

def test_the_user_modules_take_their_options_from_the_declaration():
    from ansible_collections.accessops.identity.plugins.modules import agilicus_user, agilicus_users
    single = agilicus_user.argument_spec()
    bulk_entry = agilicus_users.argument_spec()['config']['options']
    for name, spec in agilicus_utils.USER.argument_spec().items():
        assert single[name] == spec
    assert bulk_entry == dict(agilicus_utils.USER.entry_options(), **agilicus_utils.Roles.argument_spec)


@pytest.mark.parametrize('module, resource', [
    ('agilicus_mfa_challenge_method', 'MFA_CHALLENGE_METHOD'),
    ('agilicus_upstream_user_identity', 'UPSTREAM_USER_IDENTITY'),
    ('agilicus_user_metadata', 'USER_METADATA'),
    ('agilicus_user_request', 'USER_REQUEST'),
    ('agilicus_service_account', 'SERVICE_ACCOUNT'),
])
def test_the_spec_modules_take_their_options_from_the_declaration(module, resource):
    import importlib
    loaded = importlib.import_module('ansible_collections.accessops.identity.plugins.modules.' + module)
    spec = loaded.argument_spec()
    for name, option in getattr(agilicus_utils, resource).argument_spec().items():
        assert spec[name] == option


# Padded values in what a per-user resource is looked up by (found by an attack on the change) ---

def test_a_padded_challenge_type_finds_the_method_instead_of_adding_one(agilicus, alice):
    seed_method(agilicus, alice, nickname='work')
    result = call('agilicus_mfa_challenge_method', agilicus, email=ALICE, challenge_type=' sms ', nickname='work',
                  endpoint='+15550100', priority=1)
    assert not result.get('failed') and result['changed'] is False, result
    assert agilicus.writes() == []


def test_a_padded_email_names_the_user_a_per_user_resource_belongs_to(agilicus, alice):
    seed_method(agilicus, alice, nickname='work')
    result = call('agilicus_mfa_challenge_method', agilicus, email='  %s ' % ALICE, challenge_type='sms',
                  nickname='work', endpoint='+15550100', priority=1)
    assert not result.get('failed') and result['changed'] is False, result


# A field added by one declaration (disabled_at_time): single and bulk, compared as a moment ---

@pytest.mark.parametrize('module, args', [
    ('agilicus_user', dict(email=ALICE)),
    ('agilicus_users', dict(config=[dict(email=ALICE)])),
], ids=['single', 'bulk'])
def test_disabled_at_time_is_written_once_and_compared_as_a_moment(agilicus, alice, module, args):
    def run(when, check=False):
        if module == 'agilicus_users':
            return call(module, agilicus, check=check, diff=True,
                        config=[dict(args['config'][0], disabled_at_time=when)])
        return call(module, agilicus, check=check, diff=True, disabled_at_time=when, **args)

    preview = run('2027-01-31T18:00:00Z', check=True)
    assert preview['changed'] is True and agilicus.writes() == [], preview
    first = run('2027-01-31T18:00:00Z')
    assert first['changed'] is True, first
    stored = agilicus.users[alice['id']]['disabled_at_time']
    assert stored == '2027-01-31T18:00:00+00:00'           # the service spells it its own way
    assert writes(agilicus) == [('PUT', '/users/%s' % alice['id'])]
    assert "'disabled_at_time': '2027-01-31T18:00:00Z'" in str(first['diff'])   # in the option's words
    assert run('2027-01-31T18:00:00Z')['changed'] is False     # Z and +00:00 name one moment
    assert run('2027-01-31T19:00:00+01:00')['changed'] is False
    assert run('2027-02-01T18:00:00Z')['changed'] is True


@pytest.mark.parametrize('value', ['tomorrow', '2027-13-01T00:00:00Z', ''])
def test_disabled_at_time_that_is_no_date_fails_before_any_request(agilicus, alice, value):
    result = call('agilicus_user', agilicus, email=ALICE, disabled_at_time=value)
    assert result.get('failed') and 'disabled_at_time' in result['msg'], result
    assert agilicus.writes() == []
