# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attacks on Kestra token hygiene (kestra_api_token rotate_before, kestra_api_token_info): each test was a defect an independent attack found, fixed since.

A careless user and a lying server; the fake issues tokens on the real clock, as in test_token_hygiene.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import token_age
from tests.fakes.base import Reply
from tests.integration import test_lifecycle_role as lifecycle
from tests.integration import test_module_behaviour as behaviour
from tests.integration import test_token_hygiene as hygiene

kestra = behaviour.kestra   # the fixture
call = behaviour.call
moment, seeded = hygiene.moment, hygiene.seeded
EVERY_ATTEMPT = 1000


def owned(fake, user):
    return fake.tokens['/api/v1/users/%s' % user['id']]


def named(fake, user, name):
    return [t for t in owned(fake, user).values() if t['name'] == name]


def outside_the_secret_field(result):
    """Everything the module said except api_token.fullToken, where the secret belongs."""
    result = dict(result)
    result.pop('_output', None)
    token = dict(result.pop('api_token', None) or {})
    token.pop('fullToken', None)
    return json.dumps([result, token])


def lists_tokens(fake, change):
    """Every listing of tokens answered with each token changed by ``change`` (the lie)."""
    def answer(request, handled):
        body = dict(handled.body)
        body['results'] = [change(dict(token)) for token in body['results']]
        return Reply(200, body)
    fake.inject(kind='answer', answer=answer, method='GET', path='/api-tokens$', times=EVERY_ATTEMPT, after_apply=True)


# The advice the module gives does not work -------------------------------------------------

def test_state_absent_deletes_both_tokens_of_a_name_as_the_ambiguity_message_advises(kestra):
    """After an interrupted rotation the module fails with 'state: absent deletes both'; doing so fails the same."""
    user, _old, _laptop = seeded(kestra)
    kestra.add_token('/api/v1/users/%s' % user['id'], 'ci', maxAge='P90D')
    stuck = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    assert stuck.get('failed') and 'state: absent, which deletes every token of the name' in stuck['msg']
    gone = call('kestra_api_token', kestra, user_id=user['id'], name='ci', state='absent')
    assert not gone.get('failed'), gone['msg']
    assert named(kestra, user, 'ci') == []


# A lying create answer ------------------------------------------------------------------------

def test_a_create_answer_giving_the_old_tokens_id_does_not_get_the_old_token_deleted_silently(kestra):
    """The create answer names the token being replaced: the module deletes that id and reports success,
    returning a secret for a token it has just deleted (the owner may be left without a working token)."""
    user, old_ci, _laptop = seeded(kestra)

    def answer(request, handled):
        return Reply(handled.status, dict(handled.body, id=old_ci['id']))
    kestra.inject(kind='answer', answer=answer, method='POST', path='/api-tokens$', times=1, after_apply=True)
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    deleted = [e['path'].rsplit('/', 1)[-1] for e in kestra.writes() if e['method'] == 'DELETE']
    returned_id = (result.get('api_token') or {}).get('id')
    assert result.get('failed') or returned_id not in deleted, (result.get('msg'), deleted, returned_id)


def test_a_create_answer_naming_another_token_is_not_reported_as_the_rotated_token(kestra):
    """The create answer says it made 'laptop' (another token of the owner): the module still deletes the
    old ci and reports success with api_token.name 'laptop'."""
    user, _old, laptop = seeded(kestra)

    def answer(request, handled):
        return Reply(handled.status, dict(handled.body, id=laptop['id'], name='laptop'))
    kestra.inject(kind='answer', answer=answer, method='POST', path='/api-tokens$', times=1, after_apply=True)
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    assert result.get('failed') or result['api_token']['name'] == 'ci', result['api_token']


# The secret where it does not belong ------------------------------------------------------------

def test_a_5xx_after_the_create_landed_does_not_print_the_secret_it_echoes(kestra):
    """The create lands and the answer is a 500 whose body still carries the new token: the failure says
    the secret cannot be read again, and shows it in the failure's body."""
    user, _old, _laptop = seeded(kestra)

    def answer(request, handled):
        return Reply(500, dict(handled.body, message='Internal Server Error'))
    kestra.inject(kind='answer', answer=answer, method='POST', path='/api-tokens$', times=1, after_apply=True)
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    assert result.get('failed')
    leaked = [secret for secret in kestra.secrets.values() if secret in outside_the_secret_field(result)]
    assert leaked == [], result.get('body')


def test_a_failed_delete_echoing_the_new_secret_keeps_it_out_of_the_message(kestra):
    """The delete after the create is refused with an error page echoing the new token's secret: the
    PartialFailure message quotes the vendor's error, secret included (only api_token.fullToken may hold it)."""
    user, _old, _laptop = seeded(kestra)
    issued = set(kestra.secrets)

    def answer(request, handled):
        new = [kestra.secrets[i] for i in kestra.secrets if i not in issued]
        return Reply(500, {'message': 'token %s still holds a session' % ' '.join(new)})
    kestra.inject(kind='answer', answer=answer, method='DELETE', path='/api-tokens/', times=EVERY_ATTEMPT)
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    assert result.get('failed') and result['api_token'].get('fullToken')
    assert result['api_token']['fullToken'] not in outside_the_secret_field(result), result['msg']


def test_a_listing_that_echoes_secrets_never_puts_them_in_the_output(kestra):
    """A server that lists each token with its fullToken (a leaky or hostile build): kestra_api_token_info returns
    every secret in api_tokens, and an unchanged kestra_api_token run returns it in api_token, runs the docs say
    need no no_log (only a create or a rotation shows a secret)."""
    user, _old, _laptop = seeded(kestra)
    lists_tokens(kestra, lambda token: dict(token, fullToken=kestra.secrets[token['id']]))
    info = call('kestra_api_token_info', kestra, user_id=user['id'])
    kept = call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', rotate_before='7d')
    assert kept['changed'] is False
    printed = info['_output'] + kept['_output']
    assert [name for name, secret in ((t['name'], kestra.secrets[t['id']]) for t in owned(kestra, user).values())
            if secret in printed] == []


# Rotation that changes more than the secret, or never ends --------------------------------------

def test_rotate_before_without_max_age_does_not_turn_an_expiring_token_into_one_that_never_expires(kestra):
    """A careless user leaves max_age out (it is 'not compared' then): the 90-day token due for rotation was
    replaced by one that never expires, silently. Now rotate_before requires max_age, before any request; and a
    re-creation without max_age (an expired token) keeps the old token's lifetime."""
    user, _old, _laptop = seeded(kestra)
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', rotate_before='7d')
    assert result.get('failed') and 'max_age' in result['msg'] and kestra.log == []
    kestra.tokens['/api/v1/users/%s' % user['id']][_old['id']]['exp'] = moment(days=-1)   # now expired
    kestra.tokens['/api/v1/users/%s' % user['id']][_old['id']]['iat'] = moment(days=-91)
    renewed = call('kestra_api_token', kestra, user_id=user['id'], name='ci')
    assert renewed['changed'] is True
    [new] = named(kestra, user, 'ci')
    assert new['exp'] is not None and new['exp'] > moment(days=89), new


def test_a_token_listed_expired_whose_expiry_is_months_away_is_not_rotated_on_every_run(kestra):
    """A server that lists every token 'expired: true' (its expiry 90 days away): each run re-creates it."""
    user, _old, _laptop = seeded(kestra)
    lists_tokens(kestra, lambda token: dict(token, expired=True))
    first = call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', rotate_before='7d')
    kestra.clear_log()
    second = call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', rotate_before='7d')
    assert first.get('failed') or second['changed'] is False, [e['method'] for e in kestra.writes()]


def test_rotate_true_does_not_loop_when_the_listing_leaves_out_the_issue_time(kestra):
    """A listing without iat: the lifetime is unknown, read as 'max_age differs', and rotate: true
    re-creates the token on every run (the new one is listed the same way)."""
    user, _old, _laptop = seeded(kestra)
    lists_tokens(kestra, lambda token: dict(token, iat=None))
    call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', rotate=True)
    kestra.clear_log()
    second = call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', rotate=True)
    assert second.get('failed') or second['changed'] is False, [e['method'] for e in kestra.writes()]


def test_rotate_true_does_not_loop_when_the_listing_gives_extended_as_a_string(kestra):
    """extended: "false" (a string) in the listing: compared with the wanted false it differs on every run, so
    rotate: true re-creates the token each time (it should be refused as a wrong type, or read as false)."""
    user, _old, _laptop = seeded(kestra)
    lists_tokens(kestra, lambda token: dict(token, extended=str(token.get('extended')).lower()))
    call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', extended=False, rotate=True)
    kestra.clear_log()
    second = call('kestra_api_token', kestra, user_id=user['id'], name='laptop', max_age='P90D', extended=False, rotate=True)
    assert second.get('failed') or second['changed'] is False, [e['method'] for e in kestra.writes()]


# A wrongly typed expiry flag ----------------------------------------------------------------------

def test_an_expired_flag_that_is_a_string_is_refused_not_ignored(kestra):
    """expired: "true" (a string) is read as 'not expired' without a word: neither flagged nor refused."""
    user, _old, _laptop = seeded(kestra)
    lists_tokens(kestra, lambda token: dict(token, expired='true'))
    info = call('kestra_api_token_info', kestra, user_id=user['id'])
    assert info.get('failed') or sorted(info['expired']) == ['ci', 'laptop'], info.get('expired')


def test_an_old_token_id_that_cannot_be_addressed_fails_before_the_create_or_keeps_the_new_secret(kestra):
    """The listing gives the expiring token the id '..' (a lying server): the module creates the new token,
    then refuses to build the DELETE path (an InputError, which rotate() does not catch as it does ApiError), so
    the run fails without api_token.fullToken: the new secret, shown once, is lost, and check mode said it
    would succeed. The id should be refused before any write (or the secret returned as for a failed delete)."""
    user, _old, _laptop = seeded(kestra)
    lists_tokens(kestra, lambda token: dict(token, id='..') if token['name'] == 'ci' else token)
    preview = call('kestra_api_token', kestra, True, False, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    result = call('kestra_api_token', kestra, user_id=user['id'], name='ci', max_age='P90D', rotate_before='7d')
    posts = [e for e in kestra.writes() if e['method'] == 'POST']
    assert posts == [] or (result.get('api_token') or {}).get('fullToken'), result.get('msg')
    assert bool(preview.get('failed')) == bool(result.get('failed')), (preview.get('msg'), result.get('msg'))


def test_a_token_time_with_junk_after_the_seconds_is_not_a_date_time():
    """timestamp() strips every '.digits' anywhere, so '...:00.5.5Z' and '...:00Z.123' pass as date-times."""
    for text in ('2026-12-04T10:00:00.5.5Z', '2026-12-04T10:00:00Z.123', '2026-12-04T10:00:00+01:00.9'):
        with pytest.raises(ValueError):
            token_age.timestamp(text)


# Time-bound access in the lifecycle role (few runs: each takes seconds) ------------------------

fakes, installed, play = lifecycle.fakes, lifecycle.installed, lifecycle.play


def test_an_impossible_today_with_a_time_bound_grant_is_named_not_a_templating_type_error(tmp_path, installed, fakes):
    """identity_lifecycle_today 2026-02-30 matches the role's day pattern; with a grant that carries expires the
    filter compares a date with None and the play dies in set_fact with a TypeError, not the role's message."""
    services, env = fakes
    person = {'email': 'tia@example.com', 'first_name': 'Tia', 'last_name': 'Temp',
              'onelogin': {'role_ids': [{'id': 150001, 'expires': '2026-12-31'}]}}
    _changed, output = play(tmp_path, installed, env, [person], succeed=False, identity_lifecycle_today='2026-02-30')
    assert all(fake.log == [] for fake in services.values())
    assert 'nothing was changed' in output and 'TypeError' not in output and "not supported between" not in output, output[-2500:]


def test_a_named_grant_in_a_list_of_role_ids_fails_before_any_request(tmp_path, installed, fakes):
    """{name: Admin, expires: D} in onelogin.role_ids passes the filter as the id 'Admin'; the run creates the
    accounts first and fails only at the OneLogin roles task: validation after writes."""
    services, env = fakes
    person = {'email': 'tia@example.com', 'first_name': 'Tia', 'last_name': 'Temp', 'xiq': {},
              'onelogin': {'role_ids': [{'name': 'Admin', 'expires': '2027-01-31'}]}}
    _changed, output = play(tmp_path, installed, env, [person], succeed=False, identity_lifecycle_today='2026-12-04')
    assert [fake.name for fake in services.values() if fake.writes()] == [], output[-2500:]


def test_a_protected_person_whose_access_ended_is_not_reported_as_offboarded(tmp_path, installed, fakes):
    """A protected person with a past expires is kept as is (right), yet the run's report line says
    'access ended on ..., offboarded as a leaver' for them (wrong: nothing was offboarded)."""
    services, env = fakes
    person = {'email': 'p0@example.com', 'first_name': 'P', 'last_name': '0', 'xiq': {}, 'expires': '2026-01-01'}
    _changed, output = play(tmp_path, installed, env, [person], identity_lifecycle_protected=['p0@example.com'],
                            identity_lifecycle_today='2026-12-04')
    assert 'Kept as they are' in output
    assert 'p0@example.com: access ended on 2026-01-01, offboarded as a leaver' not in output, output[-2500:]
