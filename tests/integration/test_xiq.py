# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ExtremeCloud IQ: the info modules and external users, in-process against the fake."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.base import serve
from tests.fakes.xiq import XiqFake
from tests.integration.inprocess import run_module

TOKEN = 'xiq-token-for-xiq-tests'


@pytest.fixture
def xiq():
    yield from serve(XiqFake(token=TOKEN))


def call(module, fake, check=False, **args):
    return run_module(module, dict(args, api_url=fake.url, api_token=TOKEN), check=check)


def page_reads(fake, path):
    return [(e['query']['page'], e['query']['limit']) for e in fake.log if e['path'] == path]


def test_user_info_lists_every_page_at_the_largest_size(xiq):
    for number in range(249):
        xiq.add_user(login_name='user%03d@example.com' % number, display_name='U', user_role='MONITOR')
    result = call('xiq_user_info', xiq)
    assert result['changed'] is False
    assert len(result['users']) == 250   # with the account owner
    assert page_reads(xiq, '/users') == [('1', '100'), ('2', '100'), ('3', '100')]


def test_user_info_by_id_login_and_current(xiq):
    alice = xiq.add_user(login_name='alice@example.com', display_name='Alice', user_role='OPERATOR')
    assert call('xiq_user_info', xiq, id=alice['id'])['users'] == [alice]
    assert call('xiq_user_info', xiq, id=424242)['users'] == []
    assert call('xiq_user_info', xiq, login_name='ALICE@example.com')['users'] == [alice]
    assert call('xiq_user_info', xiq, current=True)['users'][0]['login_name'] == 'admin@example.com'
    assert call('xiq_user_info', xiq, check=True, current=True)['users'][0]['login_name'] == 'admin@example.com'
    assert xiq.writes() == []


def test_user_info_rejects_two_selectors(xiq):
    result = call('xiq_user_info', xiq, id=1, current=True)
    assert result['failed'] and 'mutually exclusive' in result['msg']


def test_external_user_info_filters_by_login_and_org(xiq):
    first = xiq.add_external_user(login_name='eng@partner.example', user_role='MONITOR', org_id=1)
    second = xiq.add_external_user(login_name='eng@partner.example', user_role='OPERATOR', org_id=2)
    other = xiq.add_external_user(login_name='other@partner.example', user_role='MONITOR')
    assert call('xiq_external_user_info', xiq)['external_users'] == [first, second, other]
    assert call('xiq_external_user_info', xiq, login_name='Eng@partner.example')['external_users'] == [first, second]
    assert call('xiq_external_user_info', xiq, login_name='eng@partner.example', org_id=2)['external_users'] == [second]
    assert call('xiq_external_user_info', xiq, id=other['id'])['external_users'] == [other]
    assert page_reads(xiq, '/users/external')[0] == ('1', '100')


def test_external_user_in_several_orgs_needs_org_id(xiq):
    first = xiq.add_external_user(login_name='eng@partner.example', user_role='MONITOR', org_id=1)
    second = xiq.add_external_user(login_name='eng@partner.example', user_role='MONITOR', org_id=2)
    ambiguous = call('xiq_external_user', xiq, login_name='eng@partner.example', user_role='OPERATOR')
    assert ambiguous['failed']
    assert 'id %s (org_id 1)' % first['id'] in ambiguous['msg'] and 'id %s (org_id 2)' % second['id'] in ambiguous['msg']
    picked = call('xiq_external_user', xiq, login_name='eng@partner.example', org_id=2, user_role='OPERATOR')
    assert picked['changed'] is True and picked['external_user']['user_role'] == 'OPERATOR'
    assert xiq.external_users[first['id']]['user_role'] == 'MONITOR'


def test_external_update_sends_only_changes_then_reads_back(xiq):
    grant = xiq.add_external_user(login_name='eng@partner.example', user_role='MONITOR', location_ids=[1, 2])
    xiq.clear_log()
    result = call('xiq_external_user', xiq, login_name='eng@partner.example', user_role='MONITOR',
                  location_ids=[2, 1], access_scope='site')
    assert result['changed'] is True and result['external_user']['access_scope'] == 1
    writes = xiq.writes()
    assert [(w['method'], w['body']) for w in writes] == [('PATCH', {'access_scope': 1})]
    assert xiq.log[-1]['method'] == 'GET' and xiq.log[-1]['path'] == '/users/external/%s' % grant['id']


def test_external_login_cannot_be_renamed(xiq):
    grant = xiq.add_external_user(login_name='eng@partner.example', user_role='MONITOR')
    result = call('xiq_external_user', xiq, id=grant['id'], login_name='new@partner.example', user_role='MONITOR')
    assert result['failed'] and 'cannot be changed' in result['msg']
    assert xiq.writes() == []


def test_grant_sends_org_id_when_given(xiq):
    result = call('xiq_external_user', xiq, login_name='eng@partner.example', org_id=7, user_role='MONITOR')
    assert result['changed'] is True
    assert xiq.writes()[0]['body'] == {'login_name': 'eng@partner.example', 'org_id': 7, 'user_role': 'MONITOR'}
