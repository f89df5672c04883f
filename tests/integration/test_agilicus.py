# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus users, roles, per-user resources and info modules, in-process against the fake."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.agilicus import AgilicusFake
from tests.integration.vendor_calls import fake_fixture, token_caller

TOKEN = 'agilicus-token-for-agilicus-tests'
ORG = 'org-1'


agilicus = fake_fixture(lambda: AgilicusFake(token=TOKEN))


@pytest.fixture
def alice(agilicus):
    return agilicus.add_user('alice@example.com', ORG, first_name='Alice')


call = token_caller(TOKEN, org_id=ORG)


def writes(fake):
    return [(e['method'], e['path']) for e in fake.writes()]


def test_identity_changes_go_through_identity_updates_and_the_rest_through_put(agilicus, alice):
    result = call('agilicus_user', agilicus, email='alice@example.com', last_name='Example', status='disabled')
    assert result['changed'] is True
    assert writes(agilicus) == [('POST', '/users/%s/user_identity_updates' % alice['id']),
                                ('PUT', '/users/%s' % alice['id'])]
    assert agilicus.identity_updates[0]['spec'] == {'last_name': 'Example'}
    assert agilicus.users[alice['id']]['status'] == 'disabled'


def test_absent_removes_membership_not_the_identity(agilicus):
    shared = agilicus.add_user('bo@example.com', ORG)
    agilicus.users[shared['id']]['orgs'].append('org-2')
    result = call('agilicus_user', agilicus, email='bo@example.com', state='absent')
    assert result['changed'] is True
    assert writes(agilicus) == [('DELETE', '/v1/orgs/%s/users/%s' % (ORG, shared['id']))]
    assert agilicus.users[shared['id']]['orgs'] == ['org-2']


def test_lookup_follows_keyset_pages(agilicus):
    for number in range(520):
        agilicus.add_user('user%03d@example.com' % number, ORG)
    listed = call('agilicus_user_info', agilicus)
    assert len(listed['users']) == 520
    keys = [e['query'].get('previous_email') for e in agilicus.log if e['path'] == '/users']
    assert keys == ['', 'user499@example.com']


def test_reset_mfa_removes_the_users_methods(agilicus, alice):
    agilicus.add('mfa_challenge_methods', owner=alice['id'], challenge_type='sms', endpoint='+1', priority=1)
    preview = call('agilicus_user', agilicus, check=True, email='alice@example.com', reset_mfa=True)
    assert preview['changed'] is True and agilicus.mfa_resets == []
    call('agilicus_user', agilicus, email='alice@example.com', reset_mfa=True)
    assert agilicus.mfa_resets == [alice['id']]
    assert agilicus.collections['mfa_challenge_methods'].items == {}


def test_roles_are_merged_from_direct_roles_only(agilicus, alice):
    agilicus.users[alice['id']]['roles'] = {'crm': ['viewer'], 'wiki': ['reader']}
    result = call('agilicus_user_role', agilicus, email='alice@example.com', roles={'wiki': ['editor']}, diff=True)
    assert result['roles'] == {'crm': ['viewer'], 'wiki': ['editor']}
    put = agilicus.writes()[0]
    assert put['query'] == {'org_id': ORG} and put['body'] == {'roles': {'crm': ['viewer'], 'wiki': ['editor']},
                                                               'org_id': ORG}
    agilicus.clear_log()
    assert call('agilicus_user_role', agilicus, email='alice@example.com', roles={'wiki': ['editor']})['changed'] is False
    assert agilicus.writes() == []
    removed = call('agilicus_user_role', agilicus, email='alice@example.com', roles={'crm': ['viewer']}, state='absent')
    assert removed['roles'] == {'wiki': ['editor']}


def test_mfa_method_endpoint_is_compared_but_never_shown(agilicus, alice):
    created = call('agilicus_mfa_challenge_method', agilicus, email='alice@example.com', challenge_type='sms',
                   nickname='work', endpoint='+15550001', priority=1, diff=True)
    assert created['changed'] is True
    changed = call('agilicus_mfa_challenge_method', agilicus, email='alice@example.com', challenge_type='sms',
                   nickname='work', endpoint='+15550002', diff=True)
    assert changed['changed'] is True
    for result in (created, changed):
        assert '+1555000' not in result['_output']
    assert [r['spec']['endpoint'] for r in agilicus.collections['mfa_challenge_methods'].items.values()] == ['+15550002']


def test_upstream_identity_metadata_and_request_lifecycles(agilicus, alice):
    identity = dict(email='alice@example.com', upstream_idp_id='azure', upstream_user_id='u-1')
    attributes = {'attributes': [{'name': 'x', 'value': '1'}]}    # UserAttributes
    assert call('agilicus_upstream_user_identity', agilicus, attributes=attributes, **identity)['changed'] is True
    assert call('agilicus_upstream_user_identity', agilicus, attributes=attributes, **identity)['changed'] is False
    agilicus.clear_log()
    flat = call('agilicus_upstream_user_identity', agilicus, attributes={'x': '1'}, **identity)
    assert flat['failed'] and 'UserAttributes' in flat['msg'] and agilicus.log == []
    assert call('agilicus_upstream_user_identity', agilicus, state='absent', **identity)['changed'] is True
    entry = dict(email='alice@example.com', data_type='json', name='prefs')
    assert call('agilicus_user_metadata', agilicus, data='{"a": 1}', **entry)['changed'] is True
    assert call('agilicus_user_metadata', agilicus, data='{"a": 1}', **entry)['changed'] is False
    assert call('agilicus_user_metadata', agilicus, data='{"a": 2}', **entry)['changed'] is True
    request = dict(email='alice@example.com', requested_resource='wiki', requested_resource_type='application_access')
    created = call('agilicus_user_request', agilicus, request_information='for the project', **request)
    assert created['user_request']['spec']['state'] == 'pending'
    agilicus.clear_log()
    approved = call('agilicus_user_request', agilicus, request_state='approved', **request)
    assert approved['changed'] is True and writes(agilicus) == [
        ('POST', '/v1/user_requests/%s' % created['user_request']['metadata']['id'])]
    assert call('agilicus_user_request', agilicus, request_state='approved', **request)['changed'] is False
    assert call('agilicus_user_request', agilicus, state='absent', **request)['changed'] is True


def test_bulk_metadata_is_an_action(agilicus):
    preview = call('agilicus_user_metadata_bulk', agilicus, check=True, data_type='json', data='{}')
    assert preview['changed'] is True and agilicus.bulk_updates == []
    call('agilicus_user_metadata_bulk', agilicus, data_type='json', data='{}', name='prefs')
    assert agilicus.bulk_updates == [{'org_id': ORG, 'data_type': 'json', 'data': '{}', 'name': 'prefs'}]


def test_info_includes_everything_attached_to_a_user(agilicus, alice):
    agilicus.users[alice['id']]['roles'] = {'wiki': ['editor']}
    agilicus.add('user_metadata', user_id=alice['id'], org_id=ORG, data_type='json', data='{}')
    found = call('agilicus_user_info', agilicus, email='alice@example.com',
                 include=['orgs', 'rendered_roles', 'host_permissions', 'resource_permissions', 'mfa_challenge_methods',
                          'upstream_user_identities', 'metadata', 'requests', 'application_access', 'file_share_access'],
                 guids=True, org_user_roles=True)
    user = found['users'][0]
    assert user['rendered_roles'] == {'wiki': ['editor'], 'inherited-app': ['viewer']}
    assert user['orgs'] == [{'id': ORG, 'organisation': ORG}] and len(user['metadata']) == 1
    assert user['application_access'][0]['status']['application_name'] == 'wiki'
    assert found['user_ids'] == [alice['id']]
    assert found['org_user_roles'] == [{'user_id': alice['id'], 'org_id': ORG, 'application': 'wiki',
                                        'role': 'editor'}]
    combined = call('agilicus_user_info', agilicus, combined=True)
    assert combined['users'][0]['user_id'] == alice['id']
    assert agilicus.writes() == []


def test_access_requests_and_service_account_info(agilicus, alice):
    agilicus.add('user_requests', user_id=alice['id'], org_id=ORG, requested_resource='wiki',
                 requested_resource_type='application_access', state='pending')
    pending = call('agilicus_access_request_info', agilicus, request_state='pending')
    assert [g['status']['user']['email'] for g in pending['access_requests']] == ['alice@example.com']
    assert [r['spec']['state'] for r in pending['access_requests'][0]['status']['user_requests']] == ['pending']
    assert call('agilicus_access_request_info', agilicus, request_state='approved')['access_requests'] == []
    robot = agilicus.add_service_account('robot', ORG)
    agilicus.add_service_account('other', 'org-2')
    listed = call('agilicus_service_account_info', agilicus)
    assert [a['spec']['name'] for a in listed['service_accounts']] == ['robot']
    by_user = call('agilicus_service_account_info', agilicus, user_id=robot['status']['user']['id'])
    assert by_user['service_accounts'] == [robot]
    assert call('agilicus_service_account_info', agilicus, id='missing')['service_accounts'] == []
