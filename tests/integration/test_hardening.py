# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hardening: every write module against every fault, over TLS, and racing itself.

Each fault either is survived within the retry budget or fails with a message that names
the request, the status and what was applied - and a create is never sent twice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import subprocess
import threading

import pytest

from tests.fakes.base import tls_context
from tests.fakes.xiq import XiqFake
from tests.integration import scenarios
from tests.integration.harness import run_task
from tests.integration.inprocess import run_module

REFRESHING_AUTH = ('xiq', 'onelogin')    # log in again on a 401; the others hold a fixed credential


def run(scenario, fake, connection, **extra):
    return run_module(scenario.module, dict(connection, **dict(scenario.create(fake), **extra)))


def matching(fake, method, path):
    return [e for e in fake.log if e['method'] == method and re.search(path, e['path'])]


@pytest.fixture(params=scenarios.ALL, ids=repr)
def scenario(request):
    fake, connection = request.param.start()
    yield request.param, fake, connection
    fake.stop()


@pytest.mark.parametrize('fault', [
    dict(kind='status', status=429, headers={'Retry-After': '0'}, times=2),
    dict(kind='status', status=503, times=3),
    dict(kind='reset', times=2),
    dict(kind='delay', delay=2.5, times=1),
], ids=['429-retry-after', 'burst-of-503', 'connection-reset', 'read-timeout'])
def test_transient_faults_on_reads_are_survived(scenario, fault):
    spec, fake, connection = scenario
    fake.inject(method='GET', path=spec.read_path, **fault)
    result = run(spec, fake, connection, timeout=1)
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True and spec.exists(fake)


def test_malformed_json_fails_clearly_and_writes_nothing(scenario):
    spec, fake, connection = scenario
    fake.inject(kind='malformed', method='GET', path=spec.read_path, times=10)
    result = run(spec, fake, connection)
    assert result['failed'] and 'not valid JSON' in result['msg'] and result['msg'].startswith('GET /')
    assert fake.writes() == []


def test_expired_token_is_renewed_once_where_the_credential_allows(scenario):
    spec, fake, connection = scenario
    fake.inject(status=401, method='GET', path=spec.read_path, times=1)
    result = run(spec, fake, connection)
    if spec.module.split('_')[0] in REFRESHING_AUTH:
        assert result['changed'] is True, result.get('msg')
    else:
        assert result['failed'] and ' -> 401: ' in result['msg'] and 'nothing was changed' in result['msg']
        assert fake.writes() == []


def test_a_create_whose_answer_is_lost_is_never_sent_twice(scenario):
    spec, fake, connection = scenario
    method, path = spec.write
    fake.inject(status=503, method=method, path=path, after_apply=True)
    first = run(spec, fake, connection)
    if method == 'POST':
        assert first['failed'] and '%s ' % method in first['msg'] and 'may or may not have been applied' in first['msg']
        second = run(spec, fake, connection)
        assert not second.get('failed'), second.get('msg')
        assert len(matching(fake, 'POST', path)) == 1, 'the create was sent again'
    else:   # an idempotent write is simply retried
        assert first['changed'] is True, first.get('msg')
    assert spec.exists(fake)


def self_signed_certificate(tmp_path):
    cert, key = tmp_path / 'cert.pem', tmp_path / 'key.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', str(key), '-out', str(cert),
                    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return str(cert), str(key)


def test_tls_is_verified_by_default_and_configurable(tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    fake = XiqFake(token='xiq-tls-token')
    url = fake.start(tls_context=tls_context(cert, key))
    try:
        args = dict(api_url=url, api_token='xiq-tls-token', login_name='tls@example.com', display_name='T',
                    user_role='MONITOR')
        refused = run_module('xiq_user', args)
        assert refused['failed'] and 'TLS certificate verification failed' in refused['msg']
        assert 'ca_path' in refused['msg'] and fake.writes() == []
        trusted = run_module('xiq_user', dict(args, ca_path=cert))
        assert trusted['changed'] is True
        unchecked = run_module('xiq_user', dict(args, login_name='tls2@example.com', validate_certs=False))
        assert unchecked['changed'] is True
    finally:
        fake.stop()


@pytest.mark.parametrize('scenario_spec', [scenarios.XIQ, scenarios.AGILICUS], ids=repr)
def test_the_same_play_twice_at_once_makes_one_resource(tmp_path, scenario_spec):
    fake, connection = scenario_spec.start()
    try:
        # hold both lookups until both have looked, so both decide to create
        fake.inject(kind='delay', delay=2, method='GET', path=scenario_spec.read_path, times=2)
        results = {}

        def play(name):
            folder = tmp_path / name
            folder.mkdir()
            results[name] = run_task(folder, scenario_spec.module, dict(connection, **scenario_spec.create(fake)))
        threads = [threading.Thread(target=play, args=(name,)) for name in ('first', 'second')]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes = sorted('failed' if r.failed else 'ok' for r in results.values())
        assert outcomes in (['ok', 'ok'], ['failed', 'ok'])
        for result in results.values():
            if result.failed:
                assert ' -> 409: ' in result.result['msg'] and 'Traceback' not in result.output
        assert scenario_spec.exists(fake)
        method, path = scenario_spec.write
        created = [e for e in matching(fake, method, path) if e.get('status') in (200, 201)]
        assert len(created) == 1
    finally:
        fake.stop()


# (info module, the scenario whose fake and connection it reads, arguments, regex of its read)
INFO_READS = [
    ('xiq_user_info', scenarios.XIQ, {}, '^/users$'),
    ('xiq_external_user_info', scenarios.XIQ, {}, '^/users/external$'),
    ('kestra_user_info', scenarios.KESTRA, {}, '^/api/v1/users$'),
    ('kestra_api_token_info', scenarios.KESTRA, {'user_email': 'carol@example.com'}, '/api-tokens$'),
    ('agilicus_user_info', scenarios.AGILICUS, {}, '^/users$'),
    ('agilicus_service_account_info', scenarios.AGILICUS, {}, '^/v1/service_accounts$'),
    ('agilicus_access_request_info', scenarios.AGILICUS, {}, '^/v1/access_requests$'),
    ('onelogin_user_info', scenarios.ONELOGIN, {}, '^/api/1/users$'),
]


@pytest.mark.parametrize('module, source, args, read', INFO_READS, ids=[row[0] for row in INFO_READS])
def test_info_modules_survive_transient_faults_and_report_bad_answers(module, source, args, read):
    fake, connection = source.start()
    try:
        fake.inject(status=503, method='GET', path=read, times=2)
        fake.inject(kind='reset', method='GET', path=read, times=1)
        survived = run_module(module, dict(connection, **args), check=True)
        assert not survived.get('failed'), survived.get('msg')
        fake.inject(kind='malformed', method='GET', path=read, times=10)
        reported = run_module(module, dict(connection, **args))
        assert reported['failed'] and 'not valid JSON' in reported['msg'] and 'Traceback' not in reported['_output']
        assert fake.writes() == []
    finally:
        fake.stop()
