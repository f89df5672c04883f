# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One-off actions attacked by a tester who had not seen the code: each test failed before its fix.

- an answer naming another user is never the target of what follows (a create, an auth removal);
- a task asking only for actions never creates the account it acts on (an offboarding rerun);
- a refusal inside a 2xx answer (OneLogin's status envelope) is a failure, not a success;
- "already exists" with nobody to be found is a failure, not success;
- check mode reads what a real run reads, so refused credentials fail both;
- request_state with state=absent is refused before any write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.base import reply
from tests.fakes.agilicus import AgilicusFake
from tests.fakes.kestra import KestraFake
from tests.fakes.onelogin import OneLoginFake
from tests.integration.vendor_calls import fake_fixture, token_caller, writes

KTOKEN = 'kestra-token-for-findings'
kestra = fake_fixture(lambda: KestraFake(token=KTOKEN))
kcall = token_caller(KTOKEN)


# Promise: every answer is checked for the shape the code uses before anything is built on it; an id a write
# addresses next is the one asked for. DELETE /users/{id}/auths/{auth} answered with ANOTHER user: the next
# DELETE (second auth, then refresh-token) goes to that other user.
def test_kestra_user_remove_auths_answer_of_another_user_is_not_followed(kestra):
    bob = kestra.add_user('bob@example.com')
    bob['auths'] = [dict(id='a1', name='password', type='PASSWORD'), dict(id='a2', name='google', type='OIDC')]
    victim = kestra.add_user('victim@example.com')
    victim['auths'] = [dict(id='a2', name='google', type='OIDC')]

    def other_user(request, handled):
        return reply(200, dict(victim))
    kestra.inject(kind='answer', method='DELETE', path='/auths/a1', answer=other_user, after_apply=True)
    kestra.clear_log()
    result = kcall('kestra_user', kestra, email='bob@example.com', remove_auths=['PASSWORD', 'OIDC'],
                   revoke_sessions=True)
    touched = [path for method, path, body in writes(kestra)]
    assert not any(victim['id'] in path for path in touched), (touched, result)


ATOKEN = 'agilicus-token-for-findings'
ORG = 'org-1'
agilicus = fake_fixture(lambda: AgilicusFake(token=ATOKEN))
acall = token_caller(ATOKEN, org_id=ORG)


# Promise: the failure tells the truth about what landed; actions are part of the plan and run on the user
# the write produced. POST /users answered 409 "already exists" but no such user can then be found: the module
# reports changed=true, an empty user and actions=[reset_mfa], yet it created nothing and reset nothing.
def test_agilicus_user_create_409_with_no_user_found_does_not_claim_success(agilicus):
    agilicus.inject(method='POST', path='^/users$', status=409, body={'error': 'User already exists'})
    result = acall('agilicus_user', agilicus, email='ghost@example.com', first_name='G', reset_mfa=True)
    assert result.get('failed') is True, result


KTOKEN_BAD = 'not-the-token'


# Promise: --check reports the same changed and the same failure as a real run (the README: check mode "reads,
# decides, and only skips the write"). kestra_current_user_password reads nothing in check mode: with credentials
# the server refuses, the check run says "changed" while the real run fails 401.
def test_kestra_current_user_password_check_mode_fails_like_a_real_run(kestra):
    args = dict(api_token=KTOKEN_BAD, old_password='kestra-root-password', new_password='a-new-password-1')
    real = kcall('kestra_current_user_password', kestra, **args)
    check = kcall('kestra_current_user_password', kestra, check=True, **args)
    assert real.get('failed') is True, real
    assert check.get('failed') is True, check


# Same promise, agilicus_user_metadata_bulk: a token the server refuses fails a real run; check mode says "changed".
def test_agilicus_user_metadata_bulk_check_mode_fails_like_a_real_run(agilicus):
    args = dict(api_token='wrong-token', data_type='user_org_data', data='x')
    real = acall('agilicus_user_metadata_bulk', agilicus, **args)
    check = acall('agilicus_user_metadata_bulk', agilicus, check=True, **args)
    assert real.get('failed') is True, real
    assert check.get('failed') is True, check


OTOKEN = 'onelogin-token-for-findings'
onelogin = fake_fixture(lambda: OneLoginFake(token=OTOKEN))
ocall = token_caller(OTOKEN)


# Promise: every answer is checked for the shape the code uses; the failure tells the truth. The action PUTs of
# OneLogin v1 answer 200 with a status envelope (spec: Error{error, code, message}). An envelope that says
# error=true (the lock was refused) is read as success: the module reports the account locked.
@pytest.mark.parametrize('action', [dict(locked_until=15), dict(logout=True)])
def test_onelogin_user_action_refused_in_a_200_status_envelope_is_not_reported_done(onelogin, action):
    onelogin.add_user('bob')
    refused = {'status': {'error': True, 'code': 403, 'type': 'ForbiddenError', 'message': 'not allowed'}}
    onelogin.inject(method='PUT', path='/(lock_user|logout)$', status=200, body=refused)
    result = ocall('onelogin_user', onelogin, username='bob', **action)
    assert result.get('failed') is True, result


# Promise: an answer is checked for what the code builds on it; an id a write addresses next is the one meant.
# POST /api/v1/users answered with ANOTHER user (another e-mail, no instanceOwner in the answer): the module then
# sends PATCH /users/<that other id>/superadmin, making a bystander an instance owner.
def test_kestra_user_create_answer_naming_another_user_is_not_made_superadmin(kestra):
    bystander = kestra.add_user('bystander@example.com')

    def someone_else(request, handled):
        public = dict(bystander)
        public.pop('superAdmin', None)
        public.pop('instanceOwner', None)
        return reply(201, public)
    kestra.inject(kind='answer', method='POST', path='^/api/v1/users$', answer=someone_else, after_apply=True)
    kestra.clear_log()
    result = kcall('kestra_user', kestra, email='newadmin@example.com', instance_owner=True)
    touched = [(method, path) for method, path, body in writes(kestra)]
    assert ('PATCH', '/api/v1/users/%s/superadmin' % bystander['id']) not in touched, (touched, result)


# Same promise, agilicus_user: POST /users answered with another member of the org; reset_mfa then wipes that
# member's MFA methods (POST /users/<other id>/reset_mfa_challenge_methods).
def test_agilicus_user_create_answer_naming_another_user_gets_no_mfa_reset(agilicus):
    bystander = agilicus.add_user('bystander@example.com', ORG, first_name='By')

    def someone_else(request, handled):
        return reply(201, agilicus._public(bystander))
    agilicus.inject(kind='answer', method='POST', path='^/users$', answer=someone_else, after_apply=True)
    agilicus.clear_log()
    result = acall('agilicus_user', agilicus, email='new@example.com', first_name='New', reset_mfa=True)
    assert bystander['id'] not in agilicus.mfa_resets, result


# Same promise, onelogin_user: POST /api/1/users answered with another user; lock and logout then hit that user.
def test_onelogin_user_create_answer_naming_another_user_is_not_locked(onelogin):
    bystander = onelogin.add_user('bystander')

    def someone_else(request, handled):
        return reply(201, {'status': {'error': False, 'code': 201, 'type': 'success', 'message': 'Success'},
                           'data': [dict(bystander)]})
    onelogin.inject(kind='answer', method='POST', path='^/api/1/users$', answer=someone_else, after_apply=True)
    onelogin.clear_log()
    result = ocall('onelogin_user', onelogin, username='newbie', email='newbie@example.com', locked_until=0,
                   logout=True)
    touched = [path for method, path, body in writes(onelogin)]
    assert not any(str(bystander['id']) in path for path in touched), (touched, result)


# Promise: actions act on an existing resource (the modules refuse them with state=absent: "act on an existing
# user"). The documented offboarding task (kestra_user EXAMPLES: e-mail + remove_auths + revoke_sessions) run for a
# leaver already deleted - e.g. a rerun of the play - CREATES a new account for the leaver, then revokes its sessions.
def test_kestra_user_action_only_task_does_not_recreate_a_deleted_user(kestra):
    kestra.clear_log()
    result = kcall('kestra_user', kestra, email='gone@example.com', remove_auths=['PASSWORD'], revoke_sessions=True)
    created = [(method, path) for method, path, body in writes(kestra) if (method, path) == ('POST', '/api/v1/users')]
    assert not created, result


# Same promise, agilicus_user: its EXAMPLES "Her phone was lost - make her enrol MFA again" (e-mail + reset_mfa) run
# for someone who is not a member adds them to the organisation.
def test_agilicus_user_reset_mfa_only_task_does_not_add_a_member(agilicus):
    agilicus.clear_log()
    result = acall('agilicus_user', agilicus, email='notamember@example.com', reset_mfa=True)
    created = [(method, path) for method, path, body in writes(agilicus) if (method, path) == ('POST', '/users')]
    assert not created, result


# Same promise, onelogin_user: username + logout + locked_until for a user who does not exist creates the account
# (POST /api/1/users {"username": ...}), then locks it and logs it out.
def test_onelogin_user_logout_only_task_does_not_create_a_user(onelogin):
    onelogin.clear_log()
    result = ocall('onelogin_user', onelogin, username='gone', logout=True, locked_until=0)
    created = [(method, path) for method, path, body in writes(onelogin) if (method, path) == ('POST', '/api/1/users')]
    assert not created, result


# Promise: bad input fails before any write, naming the option; the other action modules refuse their action with
# state=absent ("acts on an existing user"). agilicus_user_request takes request_state=approved with state=absent,
# silently drops it, and deletes the request.
def test_agilicus_user_request_refuses_request_state_with_state_absent(agilicus):
    user = agilicus.add_user('alice@example.com', ORG, first_name='Alice')
    args = dict(email='alice@example.com', requested_resource='wiki', requested_resource_type='application_access')
    acall('agilicus_user_request', agilicus, **args)
    agilicus.clear_log()
    result = acall('agilicus_user_request', agilicus, state='absent', request_state='approved', **args)
    assert result.get('failed') is True and 'request_state' in result.get('msg', ''), (result, writes(agilicus), user)
