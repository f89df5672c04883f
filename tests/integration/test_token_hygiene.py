# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra token hygiene: kestra_api_token's rotate_before and kestra_api_token_info's age flags.

Tokens are seeded with times relative to the real clock, which the module and the fake both read.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
import os
import subprocess
import sys

import pytest

from tests.integration import harness, test_module_behaviour as behaviour

kestra = behaviour.kestra   # the fixture
call = behaviour.call


def moment(**delta):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(**delta)
    return when.strftime('%Y-%m-%dT%H:%M:%SZ')


def seeded(fake):
    """A user with two tokens: ``ci`` expires in 3 days, ``laptop`` in 60, both 90-day tokens."""
    user = fake.add_user('erin@example.com')
    path = '/api/v1/users/%s' % user['id']
    old_ci = fake.add_token(path, 'ci', maxAge='P90D', iat=moment(days=-87), exp=moment(days=3))
    laptop = fake.add_token(path, 'laptop', maxAge='P90D', iat=moment(days=-30), exp=moment(days=60),
                            lastUsed=moment(days=-1))
    fake.clear_log()
    return user, old_ci, laptop


def token(fake, user, name, check=False, diff=False, **args):
    return call('kestra_api_token', fake, check, diff, user_id=user['id'], name=name, max_age='P90D', **args)


def test_rotate_before_rotates_only_the_expiring_token_new_first_then_old(kestra):
    user, old_ci, laptop = seeded(kestra)
    path = '/api/v1/users/%s/api-tokens' % user['id']
    kept = token(kestra, user, 'laptop', rotate_before='7d')
    assert kept['changed'] is False and kestra.writes() == []
    rotated = token(kestra, user, 'ci', rotate_before='7d')
    assert rotated['changed'] is True
    new_secret = rotated['api_token']['fullToken']
    owned = kestra.tokens['/api/v1/users/%s' % user['id']]
    assert old_ci['id'] not in owned and new_secret == kestra.secrets[rotated['api_token']['id']]
    assert [(e['method'], e['path']) for e in kestra.writes()] == [
        ('POST', path), ('DELETE', '%s/%s' % (path, old_ci['id']))]
    assert 'within rotate_before' in ' '.join(behaviour.warnings_of(rotated))
    assert sorted(t['name'] for t in owned.values()) == ['ci', 'laptop']
    kestra.clear_log()
    again = token(kestra, user, 'ci', rotate_before='7d')
    assert again['changed'] is False and kestra.writes() == [] and 'fullToken' not in again['api_token']


@pytest.mark.parametrize('name, changed', [('ci', True), ('laptop', False)])
def test_check_mode_of_a_rotation_decides_as_a_real_run_and_writes_nothing(kestra, name, changed):
    user, old_ci, laptop = seeded(kestra)
    preview = token(kestra, user, name, check=True, diff=True, rotate_before='P7D')
    assert preview['changed'] is changed and kestra.writes() == []
    assert 'fullToken' not in json.dumps(preview)
    if changed:
        assert preview['diff']['before']['expires'] == old_ci['exp']
        assert preview['diff']['after']['replaced_by_a_new_token'] is True
    real = token(kestra, user, name, rotate_before='P7D')
    assert real['changed'] is changed


def test_an_expired_token_is_rotated_too_and_one_that_never_expires_never_is(kestra):
    user = kestra.add_user('erin@example.com')
    path = '/api/v1/users/%s' % user['id']
    kestra.add_token(path, 'gone', maxAge='P30D', iat=moment(days=-40), exp=moment(days=-10))
    kestra.add_token(path, 'forever')
    kestra.clear_log()
    assert call('kestra_api_token', kestra, user_id=user['id'], name='gone', max_age='P30D',
                rotate_before='7d')['changed'] is True
    forever = call('kestra_api_token', kestra, user_id=user['id'], name='forever', max_age='P30D', rotate_before='7d')
    assert forever['changed'] is False and 'rotate=true' in ' '.join(behaviour.warnings_of(forever))


@pytest.mark.parametrize('rotate_before, max_age, words', [
    ('90d', 'P90D', 'shorter than max_age'), ('P100D', 'P90D', 'shorter than max_age'),
    ('0d', 'P90D', 'longer than zero'), ('', 'P90D', 'rotate_before must be'), ('7 days', 'P90D', 'rotate_before must be'),
    ('-7d', 'P90D', 'rotate_before must be'), ('1.5d', 'P90D', 'rotate_before must be'), ('P', 'P90D', 'rotate_before must be'),
])
def test_a_rotation_period_that_cannot_work_is_refused_before_any_request(kestra, rotate_before, max_age, words):
    user, _old, _laptop = seeded(kestra)
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age=max_age, rotate_before=rotate_before)
    assert result.get('failed') and words in result['msg'] and kestra.log == []


def test_a_failed_delete_after_the_new_token_exists_returns_the_new_secret_and_names_the_old_token(kestra):
    user, old_ci, _laptop = seeded(kestra)
    kestra.inject(method='DELETE', path='/api-tokens/', status=500, body={'message': 'boom'}, times=5)
    failed = token(kestra, user, 'ci', rotate_before='7d')
    assert failed.get('failed') and failed['changed'] is True
    assert failed['api_token']['fullToken'] in kestra.secrets.values()
    assert old_ci['id'] in failed['msg'] and 'was created' in failed['msg']
    kestra.clear_log()
    stuck = token(kestra, user, 'ci', rotate_before='7d')   # two tokens named ci now: named, never guessed
    assert stuck.get('failed') and old_ci['id'] in stuck['msg'] and kestra.writes() == []


def test_a_service_that_refuses_a_second_token_of_the_name_deletes_nothing(kestra):
    user, old_ci, _laptop = seeded(kestra)
    kestra.unique_token_names = True
    failed = token(kestra, user, 'ci', rotate_before='7d')
    assert failed.get('failed') and '409' in failed['msg']
    assert old_ci['id'] in kestra.tokens['/api/v1/users/%s' % user['id']]
    assert [e['method'] for e in kestra.writes()] == ['POST']


@pytest.mark.parametrize('field, value', [('exp', 'soon'), ('exp', 12), ('iat', 'yesterday'), ('lastUsed', '2026-13-45T99:00:00Z')])
@pytest.mark.parametrize('module', ['kestra_api_token', 'kestra_api_token_info'])
def test_a_token_time_that_is_not_a_date_fails_before_any_write(kestra, field, value, module):
    user, old_ci, _laptop = seeded(kestra)
    kestra.tokens['/api/v1/users/%s' % user['id']][old_ci['id']][field] = value
    args = dict(name='ci', max_age='P90D', rotate_before='7d') if module == 'kestra_api_token' else {}
    result = call(module, kestra, user_id=user['id'], **args)
    assert result.get('failed') and '"%s"' % field in result['msg'] and kestra.writes() == []


def test_token_info_flags_expired_expiring_and_unused_tokens(kestra):
    user = kestra.add_user('erin@example.com')
    path = '/api/v1/users/%s' % user['id']
    kestra.add_token(path, 'soon', iat=moment(days=-80), exp=moment(days=3), lastUsed=moment(hours=-2))
    kestra.add_token(path, 'idle', iat=moment(days=-400), lastUsed=moment(days=-200))
    kestra.add_token(path, 'never', iat=moment(days=-100))
    kestra.add_token(path, 'fresh', iat=moment(days=-1))
    kestra.add_token(path, 'past', iat=moment(days=-40), exp=moment(days=-10), lastUsed=moment(days=-11))
    kestra.clear_log()
    info = call('kestra_api_token_info', kestra, user_id=user['id'], expiring_within='7d', unused_for='180d')
    assert info['changed'] is False
    assert (info['expired'], info['expiring'], sorted(info['unused'])) == (['past'], ['soon'], ['idle'])
    ages = dict((t['name'], t['age']) for t in info['api_tokens'])
    assert ages['soon']['expires_in_days'] == 2 and ages['idle']['unused_days'] == 200
    assert ages['never']['never_used'] and ages['never']['unused_days'] == 100 and not ages['never']['unused']
    assert ages['idle']['expires_in_days'] is None
    defaults = call('kestra_api_token_info', kestra, user_id=user['id'])   # 30 days, 90 days
    assert sorted(defaults['unused']) == ['idle', 'never'] and defaults['expiring'] == ['soon']
    assert [e for e in kestra.log if e['method'] != 'GET'] == []


@pytest.mark.parametrize('option, value', [('expiring_within', 'soon'), ('unused_for', '3 months'), ('unused_for', '')])
def test_token_info_refuses_a_period_it_cannot_read_before_any_request(kestra, option, value):
    user = kestra.add_user('erin@example.com')
    kestra.clear_log()
    result = call('kestra_api_token_info', kestra, user_id=user['id'], **{option: value})
    assert result.get('failed') and option in result['msg'] and kestra.log == []


def test_the_rotated_secret_reaches_the_next_task_and_never_the_output_at_vvv(kestra, tmp_path):
    user, _old, _laptop = seeded(kestra)
    secret_file = tmp_path / 'secret'
    connection = dict(api_url=kestra.url, api_token=behaviour.KESTRA_TOKEN)
    rotate = dict(connection, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    tasks = [
        {'name': 'rotate', 'accessops.identity.kestra_api_token': rotate, 'register': 'tok', 'no_log': True},
        {'name': 'keep the secret', 'no_log': True, 'when': 'tok.api_token.fullToken is defined',
         'ansible.builtin.copy': {'content': '{{ tok.api_token.fullToken }}', 'dest': str(secret_file), 'mode': '0600'}},
        {'name': 'again', 'accessops.identity.kestra_api_token': rotate},
    ]
    playbook = tmp_path / 'rotate.json'
    playbook.write_text(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks,
                                     'vars': {'ansible_python_interpreter': sys.executable}}]))
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    proc = subprocess.run([harness.PLAYBOOK_BIN, '-i', 'localhost,', '-c', 'local', '-vvv', '--diff', str(playbook)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, universal_newlines=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    secret = secret_file.read_text()
    assert secret in kestra.secrets.values() and secret.startswith('kestra_')
    assert secret not in proc.stdout and secret[-12:] not in proc.stdout
    assert 'ok=3changed=2' in proc.stdout.replace(' ', '')   # rotate, copy; the third run is ok
