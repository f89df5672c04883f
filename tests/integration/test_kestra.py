# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra users, groups, info and password modules, in-process against the fake."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.kestra import KestraFake
from tests.integration.vendor_calls import fake_fixture, token_caller, writes

TOKEN = 'kestra-token-for-user-tests'


kestra = fake_fixture(lambda: KestraFake(token=TOKEN))
call = token_caller(TOKEN)


def test_only_the_sub_requests_whose_fields_changed_are_sent(kestra):
    user = kestra.add_user('erin@example.com', firstName='Erin', tenants=[{'id': 'main', 'name': 'main'}])
    kestra.clear_log()
    names = call('kestra_user', kestra, email='erin@example.com', first_name='Erin', last_name='Example')
    assert names['changed'] is True
    assert writes(kestra) == [('PATCH', '/api/v1/users/%s' % user['id'], {'lastName': 'Example'})]
    kestra.clear_log()
    flags = call('kestra_user', kestra, email='erin@example.com', restricted=True, super_admin=True)
    assert writes(kestra) == [('PATCH', '/api/v1/users/%s/restricted' % user['id'], {'restricted': True}),
                              ('PATCH', '/api/v1/users/%s/superadmin' % user['id'],
                               {'superAdmin': True, 'instanceOwner': True})]
    assert flags['user']['instanceOwner'] is True
    kestra.clear_log()
    assert call('kestra_user', kestra, email='erin@example.com', restricted=True, instance_owner=True,
                last_name='Example')['changed'] is False
    assert kestra.writes() == []


def test_tenant_change_puts_the_whole_user_back(kestra):
    group = kestra.add_group('devs', 'main')
    user = kestra.add_user('erin@example.com', firstName='Erin', lastName='Ex', restricted=True,
                           tenants=[{'id': 'main', 'name': 'main'}], groups=[{'id': group['id'], 'tenantId': 'main'}])
    kestra.clear_log()
    result = call('kestra_user', kestra, email='erin@example.com', tenants=['staging', 'main'])
    assert result['changed'] is True
    assert writes(kestra) == [('PUT', '/api/v1/users/%s' % user['id'], {
        'firstName': 'Erin', 'lastName': 'Ex', 'email': 'erin@example.com', 'tenants': ['staging', 'main'],
        'groups': [group['id']], 'restricted': True, 'superAdmin': False})]
    assert kestra.users[user['id']]['groups'] == [{'id': group['id'], 'tenantId': 'main'}]
    assert kestra.users[user['id']]['restricted'] is True


@pytest.mark.parametrize('returns_body', [False, True])
def test_create_reads_the_user_back_when_the_answer_is_empty(returns_body):
    fake = KestraFake(token=TOKEN, create_returns_body=returns_body)
    fake.start()
    try:
        result = call('kestra_user', fake, email='fred@example.com', instance_owner=True)
        assert result['changed'] is True and result['user']['id'] in fake.users
        assert fake.users[result['user']['id']]['instanceOwner'] is True
    finally:
        fake.stop()


def test_password_policy_and_remove_auths_are_idempotent(kestra):
    created = call('kestra_user', kestra, email='gus@example.com', password='first-Pass-1')
    user_id = created['user']['id']
    assert kestra.passwords[user_id] == 'first-Pass-1'
    assert call('kestra_user', kestra, email='gus@example.com', password='other-Pass-2')['changed'] is False
    call('kestra_user', kestra, email='gus@example.com', password='other-Pass-2', update_password='always')
    assert kestra.passwords[user_id] == 'other-Pass-2'
    removed = call('kestra_user', kestra, email='gus@example.com', remove_auths=['PASSWORD'], diff=True)
    assert removed['changed'] is True and removed['actions'] == ['remove_auths']
    assert removed['diff']['before']['auths'] == ['password (PASSWORD)'] and removed['diff']['after']['auths'] == []
    kestra.clear_log()
    again = call('kestra_user', kestra, email='gus@example.com', remove_auths=['PASSWORD'])
    assert again['changed'] is False and kestra.writes() == []


def test_revoke_sessions_is_an_action(kestra):
    user = kestra.add_user('hana@example.com')
    preview = call('kestra_user', kestra, check=True, email='hana@example.com', revoke_sessions=True)
    assert preview['changed'] is True and kestra.revoked_refresh_tokens == []
    call('kestra_user', kestra, email='hana@example.com', revoke_sessions=True)
    assert kestra.revoked_refresh_tokens == [user['id']]


def test_user_groups_exact_append_absent_per_tenant(kestra):
    devs, ops, other = kestra.add_group('devs', 'main'), kestra.add_group('ops', 'main'), kestra.add_group('x', 'dev')
    user = kestra.add_user('ivy@example.com', tenants=[{'id': 'main', 'name': 'main'}, {'id': 'dev', 'name': 'dev'}],
                           groups=[{'id': other['id'], 'tenantId': 'dev'}])
    exact = call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com', group_ids=[devs['id']],
                 diff=True)
    assert exact['changed'] is True and exact['group_ids'] == [devs['id']]
    kestra.clear_log()
    assert call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com',
                group_ids=[devs['id']])['changed'] is False
    assert kestra.writes() == []
    call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com', group_ids=[ops['id']], append=True)
    assert writes(kestra)[-1] == ('PUT', '/api/v1/main/users/%s/groups' % user['id'],
                                  {'groupIds': sorted([devs['id'], ops['id']])})
    call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com', group_ids=[devs['id']], state='absent')
    groups = kestra.users[user['id']]['groups']
    assert sorted(g['id'] for g in groups) == sorted([ops['id'], other['id']])


def test_user_groups_needs_tenant_access_first(kestra):
    group = kestra.add_group('devs', 'main')
    kestra.add_user('jay@example.com')
    result = call('kestra_user_groups', kestra, tenant='main', email='jay@example.com', group_ids=[group['id']])
    assert result['failed'] and '-> 404: User has no access to tenant main' in result['msg']
    missing_tenant = call('kestra_user_groups', kestra, email='jay@example.com', group_ids=[group['id']])
    assert missing_tenant['failed'] and 'tenant is required' in missing_tenant['msg']


def test_user_info_search_sort_pages_and_autocomplete(kestra):
    for number in range(550):
        kestra.add_user('user%03d@example.com' % number)
    target = kestra.add_user('smith@example.com', tenants=[{'id': 'main', 'name': 'main'}])
    everyone = call('kestra_user_info', kestra, sort=['username:desc'])
    assert len(everyone['users']) == 552 and everyone['users'][0]['username'] == 'user549@example.com'
    # the whole directory in the largest pages: 552 users, two reads of 500
    assert [(e['query']['page'], e['query']['size']) for e in kestra.log if e['path'] == '/api/v1/users'] == [
        ('1', '500'), ('2', '500')]
    assert [u['id'] for u in call('kestra_user_info', kestra, q='smith')['users']] == [target['id']]
    assert call('kestra_user_info', kestra, email='SMITH@example.com')['users'][0]['tenants'] == target['tenants']
    assert call('kestra_user_info', kestra, id='nobody')['users'] == []
    found = call('kestra_user_info', kestra, tenant='main', autocomplete={'q': 'smi', 'existing_only': True})
    assert [u['id'] for u in found['users']] == [target['id']]
    assert kestra.writes() == []


def test_token_info_lists_without_secrets(kestra):
    user = kestra.add_user('kai@example.com')
    kestra.add_token('/api/v1/users/%s' % user['id'], 'laptop', maxAge='P30D')
    account = kestra.add_service_account('robot', tenant='main')
    kestra.add_token('/api/v1/main/service-accounts/%s' % account['id'], 'ci')
    listed = call('kestra_api_token_info', kestra, user_email='kai@example.com')
    assert [t['name'] for t in listed['api_tokens']] == ['laptop']
    assert all(secret not in listed['_output'] for secret in kestra.secrets.values())
    robot = call('kestra_api_token_info', kestra, tenant='main', service_account_id=account['id'])
    assert [t['name'] for t in robot['api_tokens']] == ['ci'] and robot['owner']['tenant'] == 'main'
    assert call('kestra_api_token_info', kestra, user_email='nobody@example.com')['api_tokens'] == []


def test_current_user_password_is_an_action(kestra):
    user = kestra.add_user('lou@example.com')
    kestra.set_password(user, 'old-Pass-1')
    login = dict(api_token=None, api_username='lou@example.com', api_password='old-Pass-1')
    preview = call('kestra_current_user_password', kestra, check=True, old_password='old-Pass-1',
                   new_password='new-Pass-2', **login)
    assert preview['changed'] is True and kestra.passwords[user['id']] == 'old-Pass-1'
    done = call('kestra_current_user_password', kestra, old_password='old-Pass-1', new_password='new-Pass-2', **login)
    assert done['changed'] is True and kestra.passwords[user['id']] == 'new-Pass-2'
    assert 'new-Pass-2' not in done['_output'] and 'old-Pass-1' not in done['_output']
    wrong = call('kestra_current_user_password', kestra, old_password='wrong-Pass', new_password='x-Pass-3',
                 api_token=None, api_username='lou@example.com', api_password='new-Pass-2')
    assert wrong['failed'] and 'PUT /api/v1/me/password -> 400: Invalid old password' in wrong['msg']
