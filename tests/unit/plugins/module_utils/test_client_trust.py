# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client trusts nothing the network says: redirects, waits, lost answers, echoed secrets, renewal."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import threading

import pytest
import requests

from ansible_collections.accessops.identity.plugins.module_utils.client import ApiClient, ApiError, NoAuth, RetryPolicy
from tests.unit.plugins.module_utils.test_client import Answer, make_client


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.parametrize('method', ['GET', 'POST'])
def test_a_redirect_is_never_followed_and_names_where_it_pointed(status, method):
    location = 'https://evil.example:8443/login?token=abc'
    client, _waits = make_client(Answer(status, headers={'Location': location}), Answer(200, {'access_token': 'x'}))
    with pytest.raises(ApiError) as caught:
        client.request(method, '/login', json_body={'username': 'u', 'password': 'p'})
    sent = client.session.sent
    assert len(sent) == 1 and sent[0]['allow_redirects'] is False
    text = str(caught.value)
    assert text.startswith('%s /login -> %d: ' % (method, status))
    assert 'redirected to https://evil.example:8443' in text and 'token=abc' not in text
    # a 303 after a POST means the service processed it: a write is never reported as surely not applied
    assert client.applied == ([] if method == 'GET' else ['POST /login may have been applied (answered %d)' % status])


def test_retry_after_as_an_http_date_is_honoured():
    now = 1700000000.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    client, waits = make_client(Answer(429, headers={'Retry-After': date}), Answer(200, {}),
                                retry=RetryPolicy(wall_clock=lambda: now))
    client.get('/users')
    assert waits == [12.0]


def test_retry_after_date_too_far_ahead_fails_at_once_and_says_so():
    now = 1700000000.0
    date = email.utils.formatdate(now + 86400, usegmt=True)
    client, waits = make_client(Answer(429, headers={'Retry-After': date}), Answer(200, {}),
                                retry=RetryPolicy(wall_clock=lambda: now))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert waits == [] and 'asks to wait 86400 s' in str(caught.value)


def test_the_failure_states_the_waiting_actually_done():
    answers = [Answer(429, {'message': 'slow'}, {'Retry-After': '40'})] * 3 + [Answer(429, headers={'Retry-After': '90'})]
    client, waits = make_client(*answers, retry=RetryPolicy(max_wait=60))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert waits == [40.0, 40.0, 40.0]
    assert 'after 120 s of waiting in all' in str(caught.value)


def test_a_retried_delete_answered_404_counts_as_applied():
    client, _waits = make_client(requests.exceptions.ConnectionError('reset'), Answer(404, {'message': 'gone'}))
    response = client.delete('/users/7')
    assert response.status == 404
    assert client.applied == ['DELETE /users/7 (its answer was lost; a retry found it gone)']


def test_a_plain_404_on_delete_is_still_an_error():
    client, _waits = make_client(Answer(404, {'message': 'no such user'}))
    with pytest.raises(ApiError):
        client.delete('/users/7')
    assert client.applied == []


def test_a_write_retried_after_a_lost_answer_then_refused_may_have_landed():
    client, _waits = make_client(Answer(503), Answer(409, {'message': 'conflict'}))
    with pytest.raises(ApiError):
        client.put('/users/7', json_body={})
    assert client.applied == ['PUT /users/7 may have been applied by an attempt whose answer was lost']


@pytest.mark.parametrize('text', ['<html>ok</html>', 'created'])
def test_a_2xx_write_with_an_unreadable_body_counts_as_applied_with_a_warning(text):
    client, _waits = make_client(Answer(201, text=text))
    response = client.post('/users', json_body={})
    assert response.body is None
    assert client.applied == ['POST /users'] and 'counts as applied' in client.warnings[0]


def test_a_2xx_read_with_an_unreadable_body_fails():
    client, _waits = make_client(Answer(200, text='<html>'))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert 'not valid JSON' in str(caught.value)


SECRET = 'correct  horse  battery  staple'


@pytest.mark.parametrize('echo', [
    'password=correct  horse  battery  staple',
    'password=correct horse\nbattery staple',
    'x' * 290 + ' password=' + SECRET,                      # the 300-character cut falls inside the secret
    '{"password": "correct  horse  battery  staple"}',
    'password=correct%20%20horse%20%20battery%20%20staple',
    'password=correct++horse++battery++staple',
])
def test_an_echoed_secret_is_masked_before_the_message_is_folded_or_cut(echo):
    client, _waits = make_client(Answer(400, text=echo), secrets={SECRET})
    with pytest.raises(ApiError) as caught:
        client.post('/users', json_body={'password': SECRET})
    text = str(caught.value) + repr(caught.value.body)
    for start in range(len(SECRET) - 5):
        assert SECRET[start:start + 6] not in text, text


class CountingAuth(NoAuth):
    """A session credential that the service expires once; every renewal is a login."""

    can_refresh = True

    def __init__(self):
        self.token = 'old'
        self.logins = 0

    def headers(self, client):
        return {'Authorization': 'Bearer ' + self.token}

    def refresh(self, client):
        self.logins += 1
        self.token = 'new-%d' % self.logins
        return True


class ExpiringSession:
    """Refuses the old token; holds every first request until all threads have sent one."""

    def __init__(self, threads):
        self.barrier = threading.Barrier(threads)
        self.headers = {}

    def request(self, method, url, **kwargs):
        if kwargs['headers']['Authorization'] == 'Bearer old':
            self.barrier.wait(timeout=10)
            return Answer(401, {'message': 'expired'})
        return Answer(200, {'ok': True})


def test_eight_threads_whose_session_expires_together_cause_one_login():
    auth = CountingAuth()
    client = ApiClient('https://api.example.com', auth=auth)
    client.session = ExpiringSession(8)
    results = []

    def fetch():
        results.append(client.get('/users').body)
    threads = [threading.Thread(target=fetch) for thread_number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results == [{'ok': True}] * 8
    assert auth.logins == 1
