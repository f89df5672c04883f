# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults on the wire, through a real module: each is survived or reported honestly, never duplicated."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.base import serve
from tests.fakes.xiq import XiqFake
from tests.integration.inprocess import run_module


TOKEN = 'xiq-token-for-fault-tests'
ALICE = dict(login_name='alice@example.com', display_name='Alice', user_role='OPERATOR')


@pytest.fixture
def xiq():
    yield from serve(XiqFake(token=TOKEN))


def ensure_alice(fake, **extra):
    return run_module('xiq_user', dict(ALICE, api_url=fake.url, api_token=TOKEN, **extra))


def creates(fake):
    return [e for e in fake.log if e['method'] == 'POST' and e['path'] == '/users']


def test_malformed_json_fails_clearly(xiq):
    xiq.inject(kind='malformed', method='GET', path='^/users$')
    result = ensure_alice(xiq)
    assert result['failed']
    assert result['msg'].startswith('GET /users -> 200: the response is not valid JSON')
    assert 'nothing was changed' in result['msg'] and xiq.writes() == []


def test_read_timeout_on_a_lookup_is_retried(xiq):
    xiq.inject(kind='delay', delay=2.5, method='GET', path='^/users$')
    result = ensure_alice(xiq, timeout=1)
    assert result['changed'] is True, result
    assert len(creates(xiq)) == 1


def test_dropped_connection_on_a_lookup_is_retried(xiq):
    xiq.inject(kind='reset', method='GET', path='^/users$', times=2)
    result = ensure_alice(xiq)
    assert result['changed'] is True, result
    assert [e['status'] for e in xiq.log if e['method'] == 'GET'] == ['reset', 'reset', 200]


@pytest.mark.parametrize('fault', [dict(kind='reset'), dict(kind='status', status=503)])
def test_create_whose_answer_is_lost_is_not_repeated_and_the_rerun_finds_it(xiq, fault):
    xiq.inject(method='POST', path='^/users$', after_apply=True, **fault)
    failed = ensure_alice(xiq)
    assert failed['failed']
    assert 'POST /users may or may not have been applied' in failed['msg'], failed['msg']
    assert len(creates(xiq)) == 1, 'a POST was sent twice'
    rerun = ensure_alice(xiq)
    assert rerun['changed'] is False
    assert len([u for u in xiq.users.values() if u['login_name'] == 'alice@example.com']) == 1


def test_burst_of_503_on_reads_is_survived(xiq):
    xiq.inject(status=503, method='GET', path='^/users$', times=3)
    result = ensure_alice(xiq)
    assert result['changed'] is True, result
    assert [e['status'] for e in xiq.log if e['method'] == 'GET'] == [503, 503, 503, 200]


def test_unreachable_server_fails_without_traceback():
    result = run_module('xiq_user', dict(ALICE, api_url='http://127.0.0.1:9', api_token=TOKEN, timeout=2))
    assert result['failed']
    assert result['msg'].startswith('GET /users failed: could not connect')
    assert 'Traceback' not in result['_output']
