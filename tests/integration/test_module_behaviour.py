# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each module promises beyond the shared lifecycle, run in-process against the fakes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.agilicus import AgilicusFake
from tests.fakes.base import serve
from tests.fakes.kestra import KestraFake
from tests.fakes.onelogin import OneLoginFake
from tests.fakes.xiq import XiqFake
from tests.integration.inprocess import run_module

XIQ_TOKEN = 'xiq-token-for-behaviour-tests'
KESTRA_TOKEN = 'kestra-token-for-behaviour-tests'
AGILICUS_TOKEN = 'agilicus-token-for-behaviour-tests'
ONELOGIN_SECRET = 'onelogin-secret-for-behaviour-tests'


@pytest.fixture
def xiq():
    yield from serve(XiqFake(token=XIQ_TOKEN, password='xiq-password-for-behaviour-tests'))


@pytest.fixture
def kestra():
    yield from serve(KestraFake(token=KESTRA_TOKEN))


@pytest.fixture
def agilicus():
    yield from serve(AgilicusFake(token=AGILICUS_TOKEN))


@pytest.fixture
def onelogin():
    yield from serve(OneLoginFake(client_id='behaviour-client', client_secret=ONELOGIN_SECRET))


CONNECTIONS = {
    'xiq': lambda fake: dict(api_token=XIQ_TOKEN),
    'kestra': lambda fake: dict(api_token=KESTRA_TOKEN),
    'agilicus': lambda fake: dict(api_token=AGILICUS_TOKEN, org_id='org-1'),
    'onelogin': lambda fake: dict(api_client_id='behaviour-client', api_client_secret=ONELOGIN_SECRET),
}


def call(module, fake, check=False, diff=False, **args):
    """Run ``module`` against ``fake`` with the vendor's test connection plus ``args``."""
    args.update(CONNECTIONS[module.split('_')[0]](fake), api_url=fake.url)
    return run_module(module, args, check, diff)


def xiq_user(fake, **args):
    return call('xiq_user', fake, **args)


def kestra_token(fake, **args):
    return call('kestra_api_token', fake, **args)


def agilicus_account(fake, **args):
    return call('agilicus_service_account', fake, **args)


def onelogin_roles(fake, **args):
    return call('onelogin_user_role', fake, **args)


def warnings_of(result):
    """Warning texts, whether the core returns strings or (2.19+) structured summaries."""
    return [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings') or []]


# ExtremeCloud IQ ------------------------------------------------------------

def test_xiq_no_change_on_page_three_reads_three_pages_and_writes_nothing(xiq):
    for number in range(229):
        xiq.add_user(login_name='user%03d@example.com' % number, display_name='U', user_role='MONITOR')
    xiq.add_user(login_name='alice@example.com', display_name='Alice', user_role='OPERATOR', idle_timeout=30)
    for number in range(40):
        xiq.add_user(login_name='late%03d@example.com' % number, display_name='L', user_role='MONITOR')
    xiq.clear_log()
    result = xiq_user(xiq, login_name='ALICE@example.com', display_name='Alice', user_role='OPERATOR')
    assert result['changed'] is False
    assert [(e['method'], e['path'], e['query']) for e in xiq.log] == [
        ('GET', '/users', {'page': str(page), 'limit': '100'}) for page in (1, 2, 3)]


def test_xiq_login_is_used_and_repeated_once_on_expiry(xiq):
    xiq.inject(status=401, method='GET', path='^/users$', times=1)
    result = run_module('xiq_user', dict(api_url=xiq.url, api_username='admin@example.com',
                                         api_password='xiq-password-for-behaviour-tests',
                                         login_name='bob@example.com', display_name='Bob', user_role='MONITOR'))
    assert result['changed'] is True, result
    assert [(e['method'], e['path'], e['status']) for e in xiq.log] == [
        ('POST', '/login', 200), ('GET', '/users', 401), ('POST', '/login', 200), ('GET', '/users', 200),
        ('POST', '/users', 201), ('POST', '/logout', 200)]
    assert 'jwt-' not in result['_output'].replace('"access_token"', '')


def test_xiq_wrong_password_fails_clearly(xiq):
    result = run_module('xiq_user', dict(api_url=xiq.url, api_username='admin@example.com',
                                         api_password='wrong-password-value', login_name='bob@example.com'))
    assert result['failed']
    assert result['msg'].startswith('POST /login -> 401: Invalid username or password')
    assert 'wrong-password-value' not in result['_output']


def test_xiq_create_needs_the_required_fields(xiq):
    result = xiq_user(xiq, login_name='new@example.com', idle_timeout=30)
    assert result['failed'] and 'also set: display_name, user_role' in result['msg']
    assert xiq.writes() == []


def test_xiq_rename_by_id_and_words_for_coded_fields(xiq):
    user = xiq.add_user(login_name='old@example.com', display_name='Old', user_role='MONITOR')
    xiq.clear_log()
    result = xiq_user(xiq, id=user['id'], login_name='new@example.com', access_scope='site',
                      viq_access_control='read_only', diff=True)
    assert result['changed'] is True
    assert xiq.writes()[0]['body'] == {'login_name': 'new@example.com', 'access_scope': 1, 'viq_access_control': 1}
    assert result['diff']['before']['login_name'] == 'old@example.com'
    assert xiq.users[user['id']]['login_name'] == 'new@example.com'


def test_xiq_absent_by_unknown_id_is_unchanged(xiq):
    result = xiq_user(xiq, id=999999, state='absent')
    assert result['changed'] is False and xiq.writes() == []


# Kestra ---------------------------------------------------------------------

def test_kestra_secret_is_returned_only_by_the_creating_run(kestra):
    user = kestra.add_user('erin@example.com')
    preview = kestra_token(kestra, user_id=user['id'], name='ci', check=True)
    assert preview['changed'] is True and 'fullToken' not in preview['api_token']
    created = kestra_token(kestra, user_id=user['id'], name='ci')
    assert created['api_token']['fullToken'].startswith('kestra_')
    again = kestra_token(kestra, user_id=user['id'], name='ci')
    assert again['changed'] is False and 'fullToken' not in again['api_token']
    assert again['api_token']['prefix'] == created['api_token']['fullToken'][:13]


def test_kestra_drift_without_rotate_warns_and_keeps_the_token(kestra):
    user = kestra.add_user('erin@example.com')
    path = '/api/v1/users/%s' % user['id']
    kestra.add_token(path, 'ci', description='old', maxAge='P30D')
    kestra.clear_log()
    result = kestra_token(kestra, user_id=user['id'], name='ci', description='new', max_age='P30D')
    assert result['changed'] is False
    assert 'rotate=true' in ' '.join(warnings_of(result))
    assert kestra.writes() == []


def test_kestra_matching_max_age_is_not_drift(kestra):
    user = kestra.add_user('erin@example.com')
    kestra.add_token('/api/v1/users/%s' % user['id'], 'ci', maxAge='PT720H')
    kestra.clear_log()
    result = kestra_token(kestra, user_id=user['id'], name='ci', max_age='P30D')
    assert result['changed'] is False and not warnings_of(result)


def test_kestra_expired_token_is_recreated(kestra):
    user = kestra.add_user('erin@example.com')
    old = kestra.add_token('/api/v1/users/%s' % user['id'], 'ci', expired=True)
    result = kestra_token(kestra, user_id=user['id'], name='ci')
    assert result['changed'] is True and result['api_token']['fullToken']
    assert [(e['method'], e['path']) for e in kestra.writes()] == [      # the successor first
        ('POST', '/api/v1/users/%s/api-tokens' % user['id']),
        ('DELETE', '/api/v1/users/%s/api-tokens/%s' % (user['id'], old['id']))]


@pytest.mark.parametrize('tenant, prefix', [('main', '/api/v1/main/service-accounts/'),
                                            (None, '/api/v1/service-accounts/')])
def test_kestra_service_account_tokens_use_the_tenant_path_when_given(kestra, tenant, prefix):
    account = kestra.add_service_account('robot', tenant=tenant)
    args = dict(service_account_id=account['id'], name='deploy')
    if tenant:
        args['tenant'] = tenant
    created = kestra_token(kestra, **args)
    assert created['changed'] is True and created['api_token']['fullToken']
    assert created['owner'] == {'kind': 'service account', 'id': account['id'], 'tenant': tenant}
    assert kestra_token(kestra, **args)['changed'] is False
    assert kestra_token(kestra, state='absent', **args)['changed'] is True
    assert all(e['path'].startswith(prefix + account['id']) for e in kestra.log)


def test_kestra_unknown_owner(kestra):
    failed = kestra_token(kestra, user_email='nobody@example.com', name='ci')
    assert failed['failed'] and 'no Kestra user has e-mail nobody@example.com' in failed['msg']
    absent = kestra_token(kestra, user_email='nobody@example.com', name='ci', state='absent')
    assert absent['changed'] is False
    assert kestra.writes() == []


def test_kestra_user_email_is_matched_exactly_not_by_search(kestra):
    kestra.add_user('erin.smith@example.com')
    user = kestra.add_user('erin@example.com')
    result = kestra_token(kestra, user_email='ERIN@example.com', name='ci')
    assert result['owner']['id'] == user['id']


# Agilicus -------------------------------------------------------------------

def test_agilicus_update_keeps_fields_it_does_not_manage(agilicus):
    account = agilicus.add_service_account('robot', 'org-1', inheritable_config={'session_config': {'x': 1}})
    result = agilicus_account(agilicus, name='robot', enabled=False)
    assert result['changed'] is True
    sent = agilicus.writes()[0]
    assert sent['method'] == 'PUT'
    assert sent['body']['spec']['inheritable_config'] == {'session_config': {'x': 1}}
    assert 'status' not in sent['body']
    assert agilicus.service_accounts[account['metadata']['id']]['spec']['enabled'] is False


def test_agilicus_concurrent_create_is_adopted(agilicus):
    # The create is applied but answered 409 with the existing object, as when another run won the race.
    agilicus.inject(status=409, method='POST', path='^/v1/service_accounts$', after_apply=True,
                    body={'error_code': 'CONFLICT', 'error_message': 'already exists'})
    result = agilicus_account(agilicus, name='robot', enabled=False)
    assert result['changed'] is True, result
    accounts = list(agilicus.service_accounts.values())
    assert len(accounts) == 1 and accounts[0]['spec']['enabled'] is False


def test_agilicus_ambiguous_name_lists_candidates(agilicus):
    first = agilicus.add_service_account('robot', 'org-1')
    second = agilicus.add_service_account('robot', 'org-1')
    result = agilicus_account(agilicus, name='robot', enabled=True)
    assert result['failed']
    assert first['metadata']['id'] in result['msg'] and second['metadata']['id'] in result['msg']
    assert agilicus.writes() == []


def test_agilicus_other_orgs_are_not_touched(agilicus):
    agilicus.add_service_account('robot', 'org-2')
    result = agilicus_account(agilicus, name='robot', state='absent')
    assert result['changed'] is False and agilicus.writes() == []


# OneLogin -------------------------------------------------------------------

def test_onelogin_append_and_absent_keep_other_roles(onelogin):
    user = onelogin.add_user('frank', roles=[150001, 150002])
    appended = onelogin_roles(onelogin, username='frank', role_ids=[150003], append=True)
    assert appended['role_ids'] == [150001, 150002, 150003]
    assert [e['path'] for e in onelogin.writes()] == ['/api/1/users/%s/add_roles' % user['id']]
    onelogin.clear_log()
    removed = onelogin_roles(onelogin, username='frank', role_ids=[150002, 150099], state='absent')
    assert removed['role_ids'] == [150001, 150003]
    assert [e['body'] for e in onelogin.writes()] == [{'role_id_array': [150002]}]


def test_onelogin_missing_scope_is_named(onelogin):
    onelogin.scope = 'manage_users'
    onelogin.add_user('frank', roles=[150001])
    result = onelogin_roles(onelogin, username='frank', role_ids=[150002])
    assert result['failed']
    assert 'Insufficient Permission' in result['msg'] and 'Manage All' in result['msg']
    token_requests = [e for e in onelogin.log if e['path'] == '/auth/oauth2/v2/token']
    assert len(token_requests) == 2, 'a 401 re-authenticates exactly once'


def test_onelogin_failure_after_a_partial_change_says_what_was_applied(onelogin):
    user = onelogin.add_user('frank', roles=[150001])
    onelogin.inject(status=500, method='PUT', path='/remove_roles$', times=1)
    result = onelogin_roles(onelogin, username='frank', role_ids=[150002])
    assert result['failed']
    assert 'already applied before the failure: PUT /api/1/users/%s/add_roles' % user['id'] in result['msg']
    assert result['applied'] == ['PUT /api/1/users/%s/add_roles' % user['id']]
    # the adds go first: a failure in between leaves the roles of before and after, never fewer than either
    assert sorted(onelogin.roles[user['id']]) == [150001, 150002]


def test_onelogin_spec_shaped_answers_work_too(onelogin):
    onelogin.envelope = 'spec'
    onelogin.add_user('frank', roles=[150001])
    for number in range(150):
        onelogin.add_user('other%03d' % number)
    assert onelogin_roles(onelogin, username='frank', role_ids=[150001, 150002])['changed'] is True
    assert onelogin_roles(onelogin, username='frank', role_ids=[150001, 150002])['changed'] is False


def test_onelogin_ambiguous_username_lists_candidates(onelogin):
    first = onelogin.add_user('Grace')
    second = onelogin.add_user('grace')
    result = onelogin_roles(onelogin, username='grace', role_ids=[150001])
    assert result['failed'] and str(first['id']) in result['msg'] and str(second['id']) in result['msg']


def test_onelogin_given_access_token_and_email_lookup(onelogin):
    onelogin.tokens.add('pre-issued-access-token')
    onelogin.add_user('heidi', email='heidi@example.com')
    result = run_module('onelogin_user_role', dict(api_url=onelogin.url, api_token='pre-issued-access-token',
                                                   email='HEIDI@example.com', role_ids=[150007]))
    assert result['changed'] is True and result['role_ids'] == [150007]
    assert not [e for e in onelogin.log if e['path'] == '/auth/oauth2/v2/token']


# Addressed by id, a per-user resource costs one read -----------------------------------

def test_onelogin_roles_by_user_id_read_only_the_roles(onelogin):
    dave = onelogin.add_user('dave', roles=[150001])
    onelogin.clear_log()
    result = onelogin_roles(onelogin, user_id=dave['id'], role_ids=[150001])
    assert result['changed'] is False and result['user'] == {'id': dave['id'], 'username': None, 'email': None}
    assert [e['path'] for e in onelogin.log if e['method'] == 'GET'] == ['/api/1/users/%s/roles' % dave['id']]


def test_onelogin_roles_for_an_unknown_user_id_fail_clearly_or_are_already_absent(onelogin):
    missing = onelogin_roles(onelogin, user_id=999, role_ids=[150001])
    assert missing['failed'] and missing['msg'] == 'no OneLogin user has id 999'
    assert onelogin_roles(onelogin, user_id=999, role_ids=[150001], state='absent')['changed'] is False
    assert onelogin.writes() == []


def test_agilicus_metadata_by_user_id_reads_once_and_checks_the_user_only_before_a_create(agilicus):
    hugo = agilicus.add_user('hugo@example.com', 'org-1')
    args = dict(user_id=hugo['id'], data_type='json', name='prefs', data='{"a": 1}')
    assert call('agilicus_user_metadata', agilicus, **args)['changed'] is True
    agilicus.clear_log()
    assert call('agilicus_user_metadata', agilicus, **args)['changed'] is False
    assert [e['path'] for e in agilicus.log] == ['/v1/user_metadata']
    args['user_id'] = 'no-such-user'
    nobody = call('agilicus_user_metadata', agilicus, **args)
    assert nobody['failed'] and 'no user has id no-such-user in org org-1' in nobody['msg']
    assert [e['method'] for e in agilicus.writes()] == []


def test_xiq_external_grant_with_org_id_stops_at_the_page_that_holds_it(xiq):
    for number in range(150):
        xiq.add_external_user(login_name='ext%03d@partner.example' % number, user_role='MONITOR', org_id=7)
    xiq.add_external_user(login_name='eng@partner.example', user_role='MONITOR', org_id=7)
    for number in range(150):
        xiq.add_external_user(login_name='late%03d@partner.example' % number, user_role='MONITOR', org_id=7)
    xiq.clear_log()
    result = call('xiq_external_user', xiq, login_name='ENG@partner.example', org_id=7, user_role='MONITOR')
    assert result['changed'] is False, result
    assert [e['query']['page'] for e in xiq.log] == ['1', '2']
