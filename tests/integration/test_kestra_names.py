# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra names, not just ids: groups by name (kestra_user_groups ``group_names``) and token owners by
service account name (kestra_api_token, kestra_api_token_info ``service_account_name``).

A name resolves to the one id it names; a name several share fails listing their ids; a name none has
fails before any write, in check mode too; and with ids alone the lookups are never read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.base import reply
from tests.fakes.kestra import KestraFake
from tests.integration.vendor_calls import fake_fixture, token_caller

TOKEN = 'kestra-token-for-name-tests'
GROUP_SEARCH = '/api/v1/main/groups/search'
TENANT_ACCOUNTS = '/api/v1/main/service-accounts'
INSTANCE_ACCOUNTS = '/api/v1/service-accounts'


kestra = fake_fixture(lambda: KestraFake(token=TOKEN))
call = token_caller(TOKEN)


def reads_of(fake, path):
    return [entry for entry in fake.reads() if entry['path'] == path]


def member(fake, email, tenants=('main',)):
    return fake.add_user(email, tenants=[{'id': t, 'name': t} for t in tenants])


def groups_of(fake, user, tenant='main'):
    return sorted(g['id'] for g in fake.users[user['id']]['groups'] if g['tenantId'] == tenant)


# Groups by name -----------------------------------------------------------------------------

def test_group_names_resolve_to_ids_and_add_up_with_group_ids(kestra):
    devs, ops, auditors = (kestra.add_group(name, 'main') for name in ('devs', 'ops', 'auditors'))
    kestra.add_group('devs', 'dev')   # the same name in another tenant is another group
    user = member(kestra, 'ivy@example.com', tenants=('main', 'dev'))
    result = call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com', group_ids=[ops['id']],
                  group_names=['devs', ' auditors '], diff=True)
    assert result['changed'] is True, result
    wanted = sorted([devs['id'], ops['id'], auditors['id']])
    assert result['group_ids'] == wanted and groups_of(kestra, user) == wanted
    assert result['diff']['after'] == {'group_ids': wanted}
    assert [(e['method'], e['path'], e['body']) for e in kestra.writes()] == [
        ('PUT', '/api/v1/main/users/%s/groups' % user['id'], {'groupIds': wanted})]
    kestra.clear_log()
    again = call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com', group_names=['devs', 'auditors'],
                 group_ids=[ops['id']])
    assert again['changed'] is False and kestra.writes() == []
    absent = call('kestra_user_groups', kestra, tenant='main', email='ivy@example.com', group_names=['ops'],
                  state='absent')
    assert absent['changed'] is True and groups_of(kestra, user) == sorted([devs['id'], auditors['id']])


def test_group_names_walk_every_page_of_the_listing(kestra):
    for number in range(230):
        kestra.add_group('team-%03d' % number, 'main')
    last = kestra.add_group('zz-last', 'main')
    member(kestra, 'pam@example.com')
    result = call('kestra_user_groups', kestra, tenant='main', email='pam@example.com', group_names=['zz-last'])
    assert result['group_ids'] == [last['id']]
    assert [(e['query']['page'], e['query']['size']) for e in reads_of(kestra, GROUP_SEARCH)] == [
        ('1', '100'), ('2', '100'), ('3', '100')]


@pytest.mark.parametrize('state', ['present', 'absent'])
@pytest.mark.parametrize('check', [True, False])
def test_an_unknown_group_name_fails_before_any_write(kestra, check, state):
    devs = kestra.add_group('devs', 'main')
    kestra.add_group('Ops', 'main')
    user = member(kestra, 'joe@example.com')
    kestra.users[user['id']]['groups'] = [{'id': devs['id'], 'tenantId': 'main'}]
    result = call('kestra_user_groups', kestra, check=check, tenant='main', email='joe@example.com',
                  group_names=['devs', 'ops', 'nobody'], state=state)
    assert result['failed'] is True
    assert 'group_names: no group of tenant main is named nobody' in result['msg']
    # a name that differs only in case is named, with its id, as the likely meaning
    assert 'no group of tenant main is named ops (names match with case; Ops has id ' in result['msg']
    assert kestra.writes() == []
    assert groups_of(kestra, user) == [devs['id']]


@pytest.mark.parametrize('check', [True, False])
def test_an_unknown_group_id_fails_before_any_write_in_check_mode_too(kestra, check):
    devs = kestra.add_group('devs', 'main')
    user = member(kestra, 'jan@example.com')
    kestra.users[user['id']]['groups'] = [{'id': devs['id'], 'tenantId': 'main'}]
    result = call('kestra_user_groups', kestra, check=check, tenant='main', email='jan@example.com',
                  group_ids=['no-such-group'])
    assert result['failed'] is True, result
    assert 'group_ids: no group of tenant main has id no-such-group' in result['msg']
    assert kestra.writes() == [] and groups_of(kestra, user) == [devs['id']]


@pytest.mark.parametrize('check', [True, False])
def test_an_ambiguous_group_name_fails_listing_the_candidate_ids(kestra, check):
    first, second = kestra.add_group('devs', 'main'), kestra.add_group('devs', 'main')
    member(kestra, 'kim@example.com')
    result = call('kestra_user_groups', kestra, check=check, tenant='main', email='kim@example.com',
                  group_names=['devs'])
    assert result['failed'] is True
    ids = ', '.join(sorted([first['id'], second['id']]))
    assert 'group_names: several groups of tenant main are named devs: ids %s' % ids in result['msg']
    assert kestra.writes() == []


def test_group_ids_alone_read_no_group_listing(kestra):
    devs = kestra.add_group('devs', 'main')
    member(kestra, 'lee@example.com')
    call('kestra_user_groups', kestra, tenant='main', email='lee@example.com', group_ids=[devs['id']])
    kestra.clear_log()
    result = call('kestra_user_groups', kestra, tenant='main', email='lee@example.com', group_ids=[devs['id']])
    assert result['changed'] is False
    assert reads_of(kestra, GROUP_SEARCH) == [] and len(kestra.reads()) == 2 and kestra.writes() == []


def test_group_names_cost_one_listing_read_more(kestra):
    devs = kestra.add_group('devs', 'main')
    user = member(kestra, 'max@example.com')
    kestra.users[user['id']]['groups'] = [{'id': devs['id'], 'tenantId': 'main'}]
    result = call('kestra_user_groups', kestra, tenant='main', email='max@example.com', group_names=['devs'])
    assert result['changed'] is False and kestra.writes() == []
    assert len(reads_of(kestra, GROUP_SEARCH)) == 1 and len(kestra.reads()) == 3


def test_group_names_check_their_input(kestra):
    empty = call('kestra_user_groups', kestra, tenant='main', email='a@example.com', group_names=['devs', '  '])
    assert empty['failed'] and 'group_names must name groups' in empty['msg']
    neither = call('kestra_user_groups', kestra, tenant='main', email='a@example.com')
    assert neither['failed'] and 'group_ids' in neither['msg'] and 'group_names' in neither['msg']
    assert kestra.log == []


def test_an_odd_group_listing_fails_before_any_write():
    class OddGroups(KestraFake):
        def search_groups(self, request):
            return reply(200, {'results': [{'name': 'devs'}], 'total': 1})   # a group without its id

    fake = OddGroups(token=TOKEN)
    fake.start()
    try:
        member(fake, 'ned@example.com')
        result = call('kestra_user_groups', fake, tenant='main', email='ned@example.com', group_names=['devs'])
        assert result['failed'] is True and GROUP_SEARCH in result['msg'] and 'group 0 "id"' in result['msg']
        assert fake.writes() == []
    finally:
        fake.stop()


# Token owners by service account name -----------------------------------------------------------

def test_a_tenant_service_account_is_named(kestra):
    robot = kestra.add_service_account('ci-robot', tenant='main')
    kestra.add_service_account('ci-robot', tenant='dev')   # same name elsewhere: another account
    created = call('kestra_api_token', kestra, tenant='main', service_account_name='ci-robot', name='deploy')
    assert created['changed'] is True and created['api_token']['fullToken']
    assert created['owner'] == {'kind': 'service account', 'id': robot['id'], 'tenant': 'main'}
    assert [(e['method'], e['path']) for e in kestra.writes()] == [
        ('POST', '/api/v1/main/service-accounts/%s/api-tokens' % robot['id'])]
    listed = call('kestra_api_token_info', kestra, tenant='main', service_account_name='ci-robot')
    assert [t['name'] for t in listed['api_tokens']] == ['deploy'] and listed['owner']['id'] == robot['id']
    kestra.clear_log()
    again = call('kestra_api_token', kestra, tenant='main', service_account_name='ci-robot', name='deploy')
    assert again['changed'] is False and kestra.writes() == []
    assert [e['path'] for e in kestra.reads()] == [
        TENANT_ACCOUNTS, '/api/v1/main/service-accounts/%s/api-tokens' % robot['id']]


def test_an_instance_service_account_is_named_through_the_superadmin_listing(kestra):
    for number in range(120):
        kestra.add_service_account('bot-%03d' % number)
    robot = kestra.add_service_account('zz-robot')
    kestra.add_token('/api/v1/service-accounts/%s' % robot['id'], 'nightly')
    listed = call('kestra_api_token_info', kestra, service_account_name='zz-robot')
    assert [t['name'] for t in listed['api_tokens']] == ['nightly']
    assert listed['owner'] == {'kind': 'service account', 'id': robot['id'], 'tenant': None}
    assert [(e['query']['page'], e['query']['size']) for e in reads_of(kestra, INSTANCE_ACCOUNTS)] == [
        ('1', '100'), ('2', '100')]
    deleted = call('kestra_api_token', kestra, service_account_name='zz-robot', name='nightly', state='absent')
    assert deleted['changed'] is True and kestra.tokens['/api/v1/service-accounts/%s' % robot['id']] == {}


@pytest.mark.parametrize('module', ['kestra_api_token', 'kestra_api_token_info'])
def test_an_ambiguous_service_account_name_fails_listing_the_ids(kestra, module):
    first, second = (kestra.add_service_account('ci-robot', tenant='main') for _number in range(2))
    args = dict(name='deploy') if module == 'kestra_api_token' else {}
    result = call(module, kestra, tenant='main', service_account_name='ci-robot', **args)
    assert result['failed'] is True
    ids = ', '.join(sorted([first['id'], second['id']]))
    assert 'several service accounts in tenant main are named ci-robot' in result['msg'] and ids in result['msg']
    assert kestra.writes() == []


@pytest.mark.parametrize('check', [True, False])
def test_an_unknown_service_account_name_fails_before_any_write(kestra, check):
    kestra.add_service_account('ci-robot', tenant='dev')
    result = call('kestra_api_token', kestra, check=check, tenant='main', service_account_name='ci-robot',
                  name='deploy')
    assert result['failed'] is True
    assert 'no service account in tenant main is named ci-robot' in result['msg']
    assert kestra.writes() == []


def test_an_unknown_service_account_name_has_no_tokens_to_list_or_delete(kestra):
    listed = call('kestra_api_token_info', kestra, service_account_name='ghost')
    assert listed['api_tokens'] == [] and listed['owner'] == {}
    gone = call('kestra_api_token', kestra, service_account_name='ghost', name='deploy', state='absent')
    assert gone['changed'] is False and kestra.writes() == []


def test_service_account_ids_read_no_service_account_listing(kestra):
    robot = kestra.add_service_account('ci-robot', tenant='main')
    kestra.add_token('/api/v1/main/service-accounts/%s' % robot['id'], 'deploy')
    result = call('kestra_api_token', kestra, tenant='main', service_account_id=robot['id'], name='deploy')
    assert result['changed'] is False
    assert [e['path'] for e in kestra.reads()] == ['/api/v1/main/service-accounts/%s/api-tokens' % robot['id']]


def test_service_account_name_excludes_the_other_owners_and_must_not_be_empty(kestra):
    both = call('kestra_api_token', kestra, service_account_name='ci-robot', service_account_id='x1', name='deploy')
    assert both['failed'] and 'mutually exclusive' in both['msg']
    empty = call('kestra_api_token_info', kestra, service_account_name='  ')
    assert empty['failed'] and 'service_account_name must not be empty' in empty['msg']
    assert kestra.log == []
