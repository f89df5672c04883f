# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OneLogin users: fields, state, passwords, actions, info and rate limits, in-process against the fake."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.base import serve
from tests.fakes.onelogin import OneLoginFake
from tests.integration.inprocess import run_module

SECRET = 'onelogin-secret-for-user-tests'
PASSWORD = 'Correct-Horse-Battery-9'


@pytest.fixture
def onelogin():
    yield from serve(OneLoginFake(client_id='user-tests', client_secret=SECRET))


def call(module, fake, check=False, diff=False, **args):
    args.update(api_url=fake.url, api_client_id='user-tests', api_client_secret=SECRET)
    return run_module(module, args, check, diff)


def writes(fake):
    return [(e['method'], e['path'], e['body']) for e in fake.writes()]


def test_only_changed_fields_and_each_change_through_its_endpoint(onelogin):
    user = onelogin.add_user('kim', firstname='Kim', department='Ops', state=1, custom_attributes={'badge': '1'})
    onelogin.clear_log()
    result = call('onelogin_user', onelogin, diff=True, username='KIM', firstname='Kim', department='Eng',
                  custom_attributes={'cost_center': '9'}, user_state='rejected')
    assert result['changed'] is True
    assert writes(onelogin) == [
        ('PUT', '/api/1/users/%s' % user['id'], {'department': 'Eng', 'custom_attributes': {'cost_center': '9'}}),
        ('PUT', '/api/1/users/%s/set_state' % user['id'], {'state': 2})]
    assert onelogin.users[user['id']]['custom_attributes'] == {'badge': '1', 'cost_center': '9'}
    # the diff speaks the options' words: user_state approved -> rejected, not state 1 -> 2
    assert result['diff']['before']['user_state'] == 'approved' and result['diff']['after']['user_state'] == 'rejected'
    assert 'state' not in result['diff']['before'] and 'state' not in result['diff']['after']


def test_password_on_create_only_unless_always(onelogin):
    created = call('onelogin_user', onelogin, username='lee', password=PASSWORD)
    user_id = created['user']['id']
    assert onelogin.passwords[user_id] == ('clear', PASSWORD)
    onelogin.clear_log()
    assert call('onelogin_user', onelogin, username='lee', password='another-Pass-1')['changed'] is False
    assert onelogin.writes() == []
    always = call('onelogin_user', onelogin, username='lee', password='another-Pass-1', update_password='always',
                  validate_policy=True)
    assert always['changed'] is True
    assert writes(onelogin) == [('PUT', '/api/1/users/set_password_clear_text/%s' % user_id,
                                 {'password': 'another-Pass-1', 'password_confirmation': 'another-Pass-1',
                                  'validate_policy': True})]


def test_salted_password_sends_only_the_digest(onelogin):
    created = call('onelogin_user', onelogin, username='mo', password='password', password_salt='hello',
                   diff=True)
    digest = 'b1c788abac15390de987ad17b65ac73c9b475d428a51f245c645a442fddd078b'   # the reference's test vector
    assert onelogin.passwords[created['user']['id']] == ('salt+sha256', digest, 'hello')
    assert created['diff']['after']['password'] == '********'
    call('onelogin_user', onelogin, username='mo', password='password', password_salt='hello',
         update_password='always')
    body = onelogin.writes()[-1]['body']
    assert onelogin.writes()[-1]['path'].startswith('/api/1/users/set_password_using_salt/')
    assert body == {'password': digest, 'password_confirmation': digest, 'password_algorithm': 'salt+sha256',
                    'password_salt': 'hello'}
    for result in (created,):
        assert digest not in result['_output'] and '"password"' not in str(result['user'])


def test_created_without_password_is_pending(onelogin):
    created = call('onelogin_user', onelogin, email='nia@example.com', firstname='Nia', mappings='sync')
    assert created['user']['status'] == 7
    assert onelogin.log[-1]['query'] == {'mappings': 'sync'}


def test_lock_and_logout_are_actions_that_always_change(onelogin):
    user = onelogin.add_user('oz')
    preview = call('onelogin_user', onelogin, check=True, username='oz', locked_until=30, logout=True)
    assert preview['changed'] is True and preview['actions'] == ['lock', 'logout']
    assert onelogin.writes() == []
    for _run in range(2):
        result = call('onelogin_user', onelogin, username='oz', locked_until=30, logout=True)
        assert result['changed'] is True
    assert onelogin.sessions_ended == [user['id'], user['id']]
    assert onelogin.users[user['id']]['status'] == 3


def test_email_is_the_key_without_username_and_id_allows_renaming(onelogin):
    user = onelogin.add_user('old-name', email='pat@example.com')
    by_email = call('onelogin_user', onelogin, email='PAT@example.com', firstname='Pat')
    assert by_email['changed'] is True and onelogin.users[user['id']]['firstname'] == 'Pat'
    renamed = call('onelogin_user', onelogin, id=user['id'], username='new-name', email='pat@example.com')
    assert renamed['changed'] is True and onelogin.users[user['id']]['username'] == 'new-name'
    assert writes(onelogin)[-1] == ('PUT', '/api/1/users/%s' % user['id'], {'username': 'new-name'})


def test_taken_username_fails_with_the_vendor_message(onelogin):
    onelogin.add_user('quinn')
    onelogin.add_user('rae')
    result = call('onelogin_user', onelogin, username='rae', email='quinn@example.com')
    assert result['failed']
    assert result['msg'].startswith('PUT /api/1/users/') and '422: The email quinn@example.com is already taken' in result['msg']


def test_unknown_custom_attribute_is_refused_by_the_service(onelogin):
    onelogin.add_user('sam')
    result = call('onelogin_user', onelogin, username='sam', custom_attributes={'shoe_size': '44'})
    assert result['failed'] and 'shoe_size' in result['msg']


def test_info_filters_pages_roles_apps_and_attribute_names(onelogin):
    for number in range(230):
        onelogin.add_user('bulk%03d' % number, lastname='Bulk')
    target = onelogin.add_user('tara', lastname='Example', roles=[150001, 150002], custom_attributes={'badge': '7'})
    onelogin.apps[target['id']] = [{'id': 1, 'name': 'Slack', 'visible': True},
                                   {'id': 2, 'name': 'Vault', 'visible': False}]
    everyone = call('onelogin_user_info', onelogin)
    assert len(everyone['users']) == 231
    assert [e['query'].get('cursor') is not None for e in onelogin.log if e['path'] == '/api/1/users'] == \
        [False, True, True]
    found = call('onelogin_user_info', onelogin, filters={'lastname': 'ex*'}, include=['roles', 'apps'])
    assert [u['username'] for u in found['users']] == ['tara']
    assert found['users'][0]['role_ids'] == [150001, 150002]
    assert [a['name'] for a in found['users'][0]['apps']] == ['Slack']
    hidden_too = call('onelogin_user_info', onelogin, id=target['id'], include=['apps'], ignore_visibility=True)
    assert [a['name'] for a in hidden_too['users'][0]['apps']] == ['Slack', 'Vault']
    by_attribute = call('onelogin_user_info', onelogin, custom_attributes={'badge': '7'}, custom_attribute_names=True)
    assert [u['id'] for u in by_attribute['users']] == [target['id']]
    assert by_attribute['custom_attribute_names'] == ['cost_center', 'badge']
    assert call('onelogin_user_info', onelogin, id=999)['users'] == []
    assert onelogin.writes() == []


def test_info_rejects_unknown_filters(onelogin):
    result = call('onelogin_user_info', onelogin, filters={'shoe_size': 44})
    assert result['failed'] and 'shoe_size' in result['msg'] and 'username' in result['msg']


def test_rate_limit_headers_are_obeyed_and_exhaustion_is_explained(onelogin):
    onelogin.add_user('uma')
    onelogin.inject(status=429, method='GET', path='^/api/1/users$', headers={'X-RateLimit-Reset': '1'})
    assert call('onelogin_user_info', onelogin)['users'][0]['username'] == 'uma'
    onelogin.inject(status=429, method='GET', path='^/api/1/users$', times=100,
                    headers={'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '0'})
    exhausted = call('onelogin_user_info', onelogin)
    assert exhausted['failed']
    assert '-> 429' in exhausted['msg'] and 'after 5 retries' in exhausted['msg'] and 'rate limit' in exhausted['msg']
