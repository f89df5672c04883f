# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP client's policies: retries, re-authentication, TLS settings and error messages."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.accessops.identity.plugins.module_utils import client as client_module
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiClient, ApiError, NoAuth, RetryPolicy


class Answer:
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self.headers = headers or {}
        self.text = text if text is not None else ('' if body is None else json.dumps(body))


class ScriptedSession:
    """Stands in for requests.Session: answers from a script, records what was sent."""

    def __init__(self, *script):
        self.script = list(script)
        self.sent = []
        self.headers = {}

    def request(self, method, url, **kwargs):
        self.sent.append(dict(kwargs, method=method, url=url))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


class VirtualTime:
    """A clock that only ``sleep`` moves: waits are recorded, and never really taken."""

    def __init__(self):
        self.now = 1000.0
        self.waits = []

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds

    def clock(self):
        return self.now


def make_client(*script, **kwargs):
    time = VirtualTime()
    client = ApiClient('https://api.example.com/', sleep=time.sleep, clock=time.clock, **kwargs)
    client.session = ScriptedSession(*script)
    return client, time.waits


def test_429_is_retried_after_the_time_the_server_names():
    client, waits = make_client(Answer(429, {'message': 'slow down'}, {'Retry-After': '7'}), Answer(200, {'ok': 1}))
    assert client.get('/users').body == {'ok': 1}
    assert waits == [7.0]


@pytest.mark.parametrize('header', ['RateLimit-Reset', 'X-RateLimit-Reset'])
def test_rate_limit_reset_headers_are_honoured(header):
    client, waits = make_client(Answer(429, headers={header: '3'}), Answer(200, {}))
    client.get('/users')
    assert waits == [3.0]


def test_a_wait_longer_than_the_cap_fails_at_once_saying_how_long_was_asked():
    client, waits = make_client(Answer(429, headers={'Retry-After': '86400'}), Answer(200, {}),
                                retry=RetryPolicy(max_wait=60))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert waits == [] and len(client.session.sent) == 1
    assert 'asks to wait 86400 s' in str(caught.value) and 'after 0 s of waiting' in str(caught.value)


def test_429_on_post_is_retried_because_nothing_was_applied():
    client, _waits = make_client(Answer(429, headers={'Retry-After': '0'}), Answer(201, {'id': 1}))
    assert client.post('/users', json_body={}).status == 201


@pytest.mark.parametrize('status', [502, 503, 504])
def test_gateway_errors_are_retried_for_idempotent_verbs(status):
    client, waits = make_client(Answer(status), Answer(status), Answer(200, {'ok': True}))
    assert client.put('/users/1', json_body={}).body == {'ok': True}
    assert len(waits) == 2


@pytest.mark.parametrize('failure', [Answer(503), requests.exceptions.ConnectionError('reset'),
                                     requests.exceptions.ReadTimeout('slow')])
def test_post_is_never_sent_twice_blindly(failure):
    client, _waits = make_client(failure, Answer(201, {}))
    with pytest.raises(ApiError) as caught:
        client.post('/users', json_body={'login_name': 'a'})
    assert len(client.session.sent) == 1
    assert caught.value.method == 'POST' and caught.value.path == '/users'


def test_connection_failures_on_get_are_retried():
    client, _waits = make_client(requests.exceptions.ConnectionError('reset'), Answer(200, {'ok': 1}))
    assert client.get('/users').body == {'ok': 1}


def test_retries_are_bounded_and_the_error_says_how_many():
    client, waits = make_client(*[Answer(503, {'message': 'busy'})] * 4, retry=RetryPolicy(max_retries=3))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert str(caught.value).startswith('GET /users -> 503: busy (after 3 retries and ')
    assert len(waits) == 3


def test_error_names_request_status_and_vendor_message():
    client, _waits = make_client(Answer(409, {'message': 'login exists'}))
    with pytest.raises(ApiError) as caught:
        client.patch('/users/42', json_body={})
    assert str(caught.value) == 'PATCH /users/42 -> 409: login exists'
    assert caught.value.status == 409 and caught.value.body == {'message': 'login exists'}


def test_malformed_json_on_success_is_an_error_not_a_traceback():
    client, _waits = make_client(Answer(200, text='{"broken": '))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert 'not valid JSON' in str(caught.value)


def test_empty_success_body_is_fine():
    client, _waits = make_client(Answer(204, text=''))
    assert client.delete('/users/1').body is None


def test_404_can_be_an_expected_answer():
    client, _waits = make_client(Answer(404, {'message': 'nope'}))
    assert client.get('/users/1', ok_statuses=(404,)).status == 404


class CountingAuth(NoAuth):
    can_refresh = True

    def __init__(self):
        self.refreshes = 0

    def headers(self, client):
        return {'Authorization': 'Bearer t%d' % self.refreshes}

    def refresh(self, client):
        self.refreshes += 1
        return True


def test_401_re_authenticates_once_then_retries():
    auth = CountingAuth()
    client, _waits = make_client(Answer(401), Answer(200, {'ok': 1}), auth=auth)
    assert client.get('/users').body == {'ok': 1}
    assert auth.refreshes == 1
    assert [s['headers']['Authorization'] for s in client.session.sent] == ['Bearer t0', 'Bearer t1']


def test_second_401_is_reported():
    auth = CountingAuth()
    client, _waits = make_client(Answer(401), Answer(401, {'message': 'Authentication Failure'}), auth=auth)
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert caught.value.status == 401 and auth.refreshes == 1


@pytest.mark.parametrize('kwargs, verify', [({}, True), ({'validate_certs': False}, False),
                                            ({'ca_path': '/etc/ca.pem'}, '/etc/ca.pem')])
def test_tls_settings_are_passed_on_every_request(kwargs, verify):
    client, _waits = make_client(Answer(200, {}), **kwargs)
    client.get('/users')
    assert client.session.sent[0]['verify'] == verify


def test_successful_writes_are_remembered_for_failure_messages():
    client, _waits = make_client(Answer(200, {}), Answer(200, {}), Answer(500, {'message': 'boom'}))
    client.get('/users/1')
    client.put('/users/1/remove_roles', json_body={})
    with pytest.raises(ApiError):
        client.put('/users/1/add_roles', json_body={})
    assert client.applied == ['PUT /users/1/remove_roles']


def test_exception_messages_are_short_and_say_what_happened():
    assert client_module.describe_exception(requests.exceptions.SSLError('CERTIFICATE_VERIFY_FAILED')).startswith(
        'TLS certificate verification failed')
    assert client_module.describe_exception(requests.exceptions.ConnectTimeout('x')).startswith('timed out')


@pytest.mark.parametrize('method, status, applied, words', [
    ('GET', 500, [], ['nothing was changed']),
    ('PUT', 400, [], ['nothing was changed']),
    ('POST', None, [], ['POST /users may or may not have been applied']),
    ('PUT', 503, ['PUT /a'], ['already applied before the failure: PUT /a', 'PUT /users may or may not']),
])
def test_failure_messages_say_what_was_applied(method, status, applied, words):
    from ansible_collections.accessops.identity.plugins.module_utils.common import what_was_applied
    text = what_was_applied(ApiError(method, '/users', status, 'x'), applied)
    for word in words:
        assert word in text


def test_connection_failures_are_retried_fewer_times_than_rate_limits():
    client, waits = make_client(*[requests.exceptions.ConnectionError('refused')] * 5,
                                retry=RetryPolicy(max_connection_retries=2))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert len(client.session.sent) == 3 and len(waits) == 2
    assert 'could not connect' in str(caught.value) and '(after 2 retries and ' in str(caught.value)


def test_rate_limit_budget_exhaustion_is_explained():
    answers = [Answer(429, {'message': 'Too Many Requests'}, {'Retry-After': '50'})] * 8
    client, waits = make_client(*answers, retry=RetryPolicy(max_retries=5, budget=120))
    with pytest.raises(ApiError) as caught:
        client.get('/api/1/users')
    assert waits == [50.0, 50.0]       # a third wait would pass the 120 s budget
    assert 'rate limit after 100 s of waiting' in str(caught.value)


def test_a_rate_limit_pauses_every_thread_and_overlapping_waits_count_once():
    # a frozen clock stands for threads that hit the limit at the same moment
    waits = []
    client = ApiClient('https://api.example.com/', sleep=waits.append, clock=lambda: 500.0)
    client.session = ScriptedSession(Answer(429, headers={'Retry-After': '10'}), Answer(200, {}),
                                     Answer(429, headers={'Retry-After': '4'}), Answer(200, {}), Answer(200, {}))
    client.get('/users?page=1')          # first thread: pauses everyone for 10 s
    client.get('/users?page=2')          # second thread, inside that pause: waits it out, then its own 429
    assert waits == [10.0, 10.0, 10.0]   # its 4 s fall inside the 10 s pause: no longer wait
    assert client.waited == 10.0         # the budget counts time paused, not waits summed
