# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra and Agilicus trust nothing: not an id that would leave its path, not an answer of the wrong shape.

Every module is held to three promises, in-process against the fakes:

* an id (or tenant, org) that would leave its path segment (``x/../../service-accounts/<sa>``, ``a?b=1``, ``a#b``)
  is sent as one encoded segment: the fake sees ``%2F``, ``%3F`` or ``%23``, answers 404, and nothing else is read
  or written; an empty one (or a dot segment) is refused before any request, naming the option;
* an answer whose shape is not what the module uses fails with ``<METHOD> <path> -> <status>: unexpected answer``,
  never a traceback, and no write follows a read that failed the check; a write answered so fails saying it landed;
* a Kestra token whose create answer is lost, or holds no secret, fails saying the token may exist and how to get a
  secret again (``rotate``), since a re-run finds the token and never shows its secret.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from urllib.parse import quote

import pytest

from tests.fakes.agilicus import AgilicusFake
from tests.fakes.base import Reply
from tests.fakes.kestra import KestraFake
from tests.integration.trust_helpers import caller, failed_unexpectedly, started_fixture

KESTRA_TOKEN = 'kestra-token-for-trust-tests'
AGILICUS_TOKEN = 'agilicus-token-for-trust-tests'
ORG = 'org-1'
ALICE = 'alice@example.com'
NOT_JSON = b'<html><body>It works!</body></html>'


def start(module):
    """The fake a module talks to, seeded with what a traversal or a lie could reach."""
    if module.startswith('kestra'):
        fake = KestraFake(token=KESTRA_TOKEN)
        fake.group = fake.add_group('devs', 'main')
        fake.alice = fake.add_user(ALICE, firstName='Alice', tenants=[{'id': 'main', 'name': 'main'}],
                                   groups=[{'id': fake.group['id'], 'tenantId': 'main'}])
        fake.set_password(fake.alice, 'alice-password')
        fake.add_token('/api/v1/users/%s' % fake.alice['id'], 'laptop')
        fake.sa = fake.add_service_account('ci-bot')    # instance-wide: /api/v1/service-accounts/{id}
        fake.sa_token = fake.add_token('/api/v1/service-accounts/%s' % fake.sa['id'], 'ci')
    else:
        fake = AgilicusFake(token=AGILICUS_TOKEN)
        fake.alice = fake.add_user(ALICE, ORG, first_name='Alice', roles={'app': ['viewer']})
        fake.sa = fake.add_service_account('ci', ORG)
        fake.method = fake.add('mfa_challenge_methods', owner=fake.alice['id'], challenge_type='sms',
                               nickname='work', endpoint='+15550100', priority=1)
        fake.identity = fake.add('upstream_user_identities', owner=fake.alice['id'], upstream_idp_id='azure',
                                 upstream_user_id='u-1', local_user_id=fake.alice['id'])
        fake.metadata = fake.add('user_metadata', user_id=fake.alice['id'], org_id=ORG, data_type='json',
                                 data='{}')
        fake.request = fake.add('user_requests', user_id=fake.alice['id'], org_id=ORG, requested_resource='app',
                                requested_resource_type='application', state='pending')
    fake.start()
    return fake


started = started_fixture(start)


def sign_in(module, args):
    """Sign ``module`` in with its vendor's token (a Kestra one may be given); an Agilicus run names its org."""
    if module.startswith('kestra'):
        args.setdefault('api_token', KESTRA_TOKEN)
    else:
        args.setdefault('org_id', ORG)
        args.update(api_token=AGILICUS_TOKEN)


call = caller(sign_in)


def answer(fake, body, method='GET', path=None, status=200, after_apply=False, times=1):
    """Answer the matching request with ``body`` (any JSON value; bytes are sent as they are)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode('utf-8')
    return fake.inject(kind='answer', method=method, path=path, times=times, after_apply=after_apply,
                       answer=lambda request, handled: Reply(status, raw=raw))


def state_of(fake):
    """Everything a request could change, to compare before and after."""
    if isinstance(fake, KestraFake):
        state = [fake.users, fake.tokens, fake.service_accounts, fake.passwords]
    else:
        state = [fake.users, dict((name, c.items) for name, c in fake.collections.items())]
    return json.dumps(state, sort_keys=True, default=str)


# Ids that would leave their path ------------------------------------------------------------

# {sa} is the seeded service account's id: where ``..`` would take a path built by string formatting
TRAVERSALS = {
    'kestra': ['x/../../service-accounts/{sa}', 'a?b=1', 'a#b'],
    'agilicus': ['x/../../v1/service_accounts/{sa}', 'a?b=1', 'a#b'],
}
ID_OPTIONS = [
    ('kestra_user', 'id', dict(first_name='X')),
    ('kestra_user', 'id', dict(state='absent')),
    ('kestra_user_groups', 'user_id', dict(tenant='main', group_ids=[])),
    ('kestra_user_groups', 'tenant', lambda fake: dict(email=ALICE, group_ids=[fake.group['id']])),
    ('kestra_api_token', 'user_id', dict(name='ci')),
    ('kestra_api_token', 'user_id', dict(name='ci', state='absent')),
    ('kestra_api_token', 'service_account_id', dict(name='ci', state='absent')),
    ('kestra_api_token', 'tenant', lambda fake: dict(name='ci', service_account_id=fake.sa['id'], state='absent')),
    ('kestra_api_token_info', 'user_id', {}),
    ('kestra_api_token_info', 'service_account_id', {}),
    ('kestra_user_info', 'id', {}),
    ('kestra_user_info', 'tenant', dict(autocomplete=dict(q='alice'))),
    ('agilicus_user', 'id', dict(first_name='X')),
    ('agilicus_user', 'id', dict(state='absent')),
    ('agilicus_user_role', 'user_id', dict(roles={'app': ['admin']})),
    ('agilicus_service_account', 'id', dict(enabled=False)),
    ('agilicus_service_account', 'id', dict(state='absent')),
    ('agilicus_service_account_info', 'id', {}),
    ('agilicus_user_info', 'id', dict(include=['orgs'])),
    ('agilicus_mfa_challenge_method', 'user_id', dict(challenge_type='sms', nickname='n', endpoint='+15550199',
                                                      priority=1)),
    ('agilicus_mfa_challenge_method', 'id', dict(email=ALICE, state='absent')),
    ('agilicus_upstream_user_identity', 'user_id', dict(upstream_idp_id='azure', upstream_user_id='u-2')),
    ('agilicus_upstream_user_identity', 'id', dict(email=ALICE, state='absent')),
    ('agilicus_user_metadata', 'user_id', dict(data_type='json', data='{}')),
    ('agilicus_user_metadata', 'id', dict(email=ALICE, state='absent')),
    ('agilicus_user_request', 'user_id', dict(requested_resource='app', requested_resource_type='application')),
    ('agilicus_user_request', 'id', dict(email=ALICE, request_state='approved')),
]
ID_OPTION_IDS = ['%s-%s-%d' % (row[0], row[1], n) for n, row in enumerate(ID_OPTIONS)]


def arguments(fake, extra, option, value):
    extra = extra(fake) if callable(extra) else extra
    return dict(extra, **{option: value})


@pytest.mark.parametrize('number', range(3), ids=['slash-dot-dot', 'query', 'fragment'])
@pytest.mark.parametrize('module, option, extra', ID_OPTIONS, ids=ID_OPTION_IDS)
def test_an_id_that_would_leave_its_path_stays_one_segment(started, module, option, extra, number):
    fake = started(module)
    account = fake.sa['id'] if module.startswith('kestra') else fake.sa['metadata']['id']
    traversal = TRAVERSALS[module.split('_')[0]][number].format(sa=account)
    before = state_of(fake)
    result = call(module, fake, **arguments(fake, extra, option, traversal))
    encoded = quote(traversal, safe='')
    assert any(encoded in entry['path'] for entry in fake.log), [entry['path'] for entry in fake.log]
    assert all(entry['status'] == 404 and encoded in entry['path'] for entry in fake.writes()), fake.writes()
    assert state_of(fake) == before
    assert 'Traceback' not in result['_output']
    assert not result.get('changed'), result


@pytest.mark.parametrize('value', ['', '  ', '.', '..'], ids=['empty', 'blank', 'dot', 'dot-dot'])
@pytest.mark.parametrize('module, option, extra', ID_OPTIONS + [('agilicus_user', 'org_id', dict(email=ALICE))],
                         ids=ID_OPTION_IDS + ['agilicus_user-org_id'])
def test_an_empty_or_dot_id_is_refused_before_any_request(started, module, option, extra, value):
    fake = started(module)
    result = call(module, fake, **arguments(fake, extra, option, value))
    assert result.get('failed') and result['msg'].startswith(option + ' must not be empty'), result
    assert fake.log == [], 'a request was sent for %s=%r' % (option, value)


ODD_ID = 'team/a?b=1#c'   # a real id (the fakes allow it) with every character a path must not take raw


def test_kestra_user_with_an_odd_id_is_read_and_written_through_its_own_path(started):
    """The fake routes ``%2F`` as part of one segment and decodes it: encoding is not refusal."""
    fake = started('kestra_user')
    fake.users[ODD_ID] = dict(fake.users.pop(fake.alice['id']), id=ODD_ID)
    encoded = quote(ODD_ID, safe='')
    assert call('kestra_user_info', fake, id=ODD_ID)['users'][0]['email'] == ALICE
    token = call('kestra_api_token', fake, user_id=ODD_ID, name='odd')
    assert token['changed'] is True and token['api_token']['fullToken'], token
    assert [t['name'] for t in fake.tokens['/api/v1/users/%s' % ODD_ID].values()] == ['odd']
    renamed = call('kestra_user', fake, id=ODD_ID, first_name='Odd')
    assert renamed['changed'] is True and fake.users[ODD_ID]['firstName'] == 'Odd', renamed
    assert [(e['method'], e['path']) for e in fake.writes()] == [
        ('POST', '/api/v1/users/%s/api-tokens' % encoded), ('PATCH', '/api/v1/users/%s' % encoded)]


def test_agilicus_user_with_an_odd_id_is_read_and_written_through_its_own_path(started):
    fake = started('agilicus_user')
    fake.users[ODD_ID] = dict(fake.users.pop(fake.alice['id']), id=ODD_ID)
    result = call('agilicus_user_role', fake, user_id=ODD_ID, roles={'app': ['admin']}, append=True)
    assert result['changed'] is True and fake.users[ODD_ID]['roles'] == {'app': ['admin', 'viewer']}, result
    assert [(e['method'], e['path']) for e in fake.writes()] == [('PUT', '/users/%s/roles' % quote(ODD_ID, safe=''))]


def test_the_service_account_token_stays_out_of_reach_of_a_user_id(started):
    """The attack of the issue: a token made and deleted "for a user" lands on the service account."""
    fake = started('kestra_api_token')
    traversal = 'x/../../service-accounts/%s' % fake.sa['id']
    created = call('kestra_api_token', fake, user_id=traversal, name='ci-new')
    deleted = call('kestra_api_token', fake, user_id=traversal, name='ci', state='absent')
    assert created['failed'] and 'the token owner does not exist' in created['msg']
    assert deleted['changed'] is False
    assert list(fake.tokens['/api/v1/service-accounts/%s' % fake.sa['id']]) == [fake.sa_token['id']]
    assert fake.writes() == []


def test_a_tenant_with_a_slash_still_reaches_its_own_service_account(started):
    """Encoding is not refusal: an odd but real tenant or id is sent encoded and found."""
    fake = started('kestra_api_token')
    account = fake.add_service_account('deployer', tenant='qa/eu')
    result = call('kestra_api_token', fake, service_account_id=account['id'], tenant='qa/eu', name='deploy')
    assert result['changed'] is True and result['api_token']['fullToken'], result
    assert fake.writes()[0]['path'] == '/api/v1/qa%%2Feu/service-accounts/%s/api-tokens' % account['id']
    assert [t['name'] for t in fake.tokens['/api/v1/qa/eu/service-accounts/%s' % account['id']].values()] == ['deploy']


def test_an_org_with_a_slash_still_reaches_its_own_member(started):
    fake = started('agilicus_user')
    bob = fake.add_user('bob@example.com', 'org/2')
    result = call('agilicus_user', fake, org_id='org/2', email='bob@example.com', state='absent')
    assert result['changed'] is True, result
    assert [(e['method'], e['path']) for e in fake.writes()] == [('DELETE', '/v1/orgs/org%%2F2/users/%s' % bob['id'])]
    assert bob['id'] not in fake.users


# Kestra answers of the wrong shape ----------------------------------------------------------

KESTRA_BAD_LISTINGS = [
    ({'total': 0}, 'the body has no "results"'),
    ({'results': {'id': 'u1', 'username': ALICE}, 'total': 1}, '"results" is an object, not a list'),
    ({'results': [{'username': ALICE}], 'total': 1}, 'user 0 "id" is null, not a non-empty id'),
    ({'results': [{'id': '', 'username': ALICE}], 'total': 1}, 'user 0 "id" is a string'),
    ({'results': [{'id': 'u1', 'username': 7}], 'total': 1}, 'user 0 "username" is an integer 7, not a string'),
    ({'results': ['alice'], 'total': 1}, 'item 0 of "results" is a string, not an object'),
    ({'results': [], 'total': 'many'}, '"total" is a string'),
    ({'results': [], 'total': -1}, '"total" is an integer -1, not a count'),
    ([{'id': 'u1', 'username': ALICE}], 'the body is a list, not an object'),   # a typed answer: never bare
    (None, 'the body is null, not an object'),
    ('users', 'the body is a string, not an object'),
]
KESTRA_LISTINGS = [
    ('kestra_user', dict(email='new@example.com', first_name='N')),
    ('kestra_user', dict(email=ALICE, state='absent')),
    ('kestra_users', dict(config=[dict(email='new@example.com')])),
    ('kestra_users', dict(config=[dict(email=ALICE)], state='deleted')),
    ('kestra_user_groups', dict(email=ALICE, tenant='main', group_ids=[])),
    ('kestra_api_token', dict(user_email=ALICE, name='new-token')),
    ('kestra_api_token_info', dict(user_email=ALICE)),
    ('kestra_user_info', {}),
    ('kestra_user_info', dict(email=ALICE)),
]


def test_kestra_token_list_may_be_a_bare_list(started):
    """The reference types a service account's tokens as an untyped object: a bare list is read as ``PagedResults``
    is (a user's tokens are typed: a bare list of them fails, as the tests above show)."""
    fake = started('kestra_api_token_info')
    tokens = list(fake.tokens['/api/v1/service-accounts/%s' % fake.sa['id']].values())
    answer(fake, tokens, path='/api-tokens$')
    result = call('kestra_api_token_info', fake, service_account_id=fake.sa['id'])
    assert [token['name'] for token in result['api_tokens']] == ['ci'], result


def test_kestra_listing_ends_where_its_total_says(started):
    fake = started('kestra_user_info')
    for number in range(3):
        fake.add_user('user%d@example.com' % number)
    answer(fake, {'results': [{'id': 'u1', 'username': 'a@example.com'}, {'id': 'u2', 'username': 'b@example.com'}],
                  'total': 1}, path='^/api/v1/users$')
    result = call('kestra_user_info', fake)
    failed_unexpectedly(result, 'GET /api/v1/users')
    assert 'the listing gave 2 items but says it holds 1' in result['msg']


KESTRA_BAD_USERS = [
    ([{'id': 'x'}], 'the body is a list, not an object'),
    (None, 'the body is null, not an object'),
    ({'username': ALICE}, '"id" is null, not a non-empty id'),
    ({'id': 'another-user', 'username': ALICE}, 'not the id asked for'),
    ({'id': '{alice}', 'email': ['alice']}, '"email" is a list, not a string'),
    ({'id': '{alice}', 'groups': 'devs'}, '"groups" is a string, not a list'),
    ({'id': '{alice}', 'groups': [{'tenantId': 'main'}]}, 'groups item 0 "id" is null'),
    ({'id': '{alice}', 'auths': [{'name': 'password', 'type': 'PASSWORD'}]}, 'auths item 0 "id" is null'),
    ({'id': '{alice}', 'auths': ['password']}, 'auths item 0 is a string, not an object'),
]
KESTRA_BY_ID = [
    ('kestra_user', lambda fake: dict(id=fake.alice['id'], first_name='Changed')),
    ('kestra_user', lambda fake: dict(email=ALICE, tenants=['main', 'staging'])),
    ('kestra_user', lambda fake: dict(email=ALICE, remove_auths=['password'])),
    ('kestra_user_groups', lambda fake: dict(user_id=fake.alice['id'], tenant='main', group_ids=[])),
    ('kestra_user_info', lambda fake: dict(id=fake.alice['id'])),
    ('kestra_users', lambda fake: dict(config=[dict(email=ALICE, first_name='Changed')])),
]


def with_alice(body, fake):
    text = json.dumps(body).replace('{alice}', fake.alice['id'])
    return json.loads(text)


@pytest.mark.parametrize('body, why', KESTRA_BAD_USERS, ids=[why for _body, why in KESTRA_BAD_USERS])
@pytest.mark.parametrize('module, args', KESTRA_BY_ID,
                         ids=['%s-%d' % (row[0], n) for n, row in enumerate(KESTRA_BY_ID)])
def test_kestra_user_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    fake = started(module)
    path = '/api/v1/users/%s' % fake.alice['id']
    answer(fake, with_alice(body, fake), path='^%s$' % path)
    result = call(module, fake, **args(fake))
    if module == 'kestra_users':   # a bulk run reads details per user, and reports per user
        assert result.get('failed') and 'unexpected answer: ' in result['msg'], result
    else:
        failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg']
    assert result['changed'] is False and fake.writes() == []


@pytest.mark.parametrize('body, why', [
    ({'total': 1}, 'the body has no "results"'),
    ({'results': [{'name': 'ci'}], 'total': 1}, 'token 0 "id" is null'),
    ({'results': [{'id': 't1', 'name': 'ci', 'exp': 1700000000}], 'total': 1}, 'token 0 "exp" is an integer'),
    ({'results': [{'id': 't1', 'name': ['ci']}], 'total': 1}, 'token 0 "name" is a list'),
    ({'results': 'ci'}, '"results" is a string, not a list'),
    ([{'id': 't1', 'name': 'ci'}], 'the body is a list, not an object'),
    (None, 'the body is null, not an object'),
])
@pytest.mark.parametrize('module, args', [
    ('kestra_api_token', dict(name='new-token')),
    ('kestra_api_token', dict(name='laptop', state='absent')),
    ('kestra_api_token', dict(name='laptop', description='changed', rotate=True)),
    ('kestra_api_token_info', {}),
], ids=['create', 'delete', 'rotate', 'info'])
def test_kestra_token_list_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    fake = started(module)
    path = '/api/v1/users/%s/api-tokens' % fake.alice['id']
    answer(fake, body, path='^%s$' % path)
    result = call(module, fake, user_id=fake.alice['id'], **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg'] and fake.writes() == []


@pytest.mark.parametrize('body, why', [
    (None, 'the body is null, not an object'),
    ({'profile': {'email': 'root@example.com'}}, '"id" is null'),
    ([{'id': 'me'}], 'the body is a list, not an object'),
])
def test_kestra_current_user_of_the_wrong_shape_fails_before_any_delete(started, body, why):
    """``overridden`` must know the caller's own account before it deletes anyone."""
    fake = started('kestra_users')
    answer(fake, body, path='^/api/v1/me$')
    result = call('kestra_users', fake, state='overridden', delete_unlisted=True, config=[dict(email=ALICE)])
    failed_unexpectedly(result, 'GET /api/v1/me')
    assert why in result['msg'] and fake.writes() == []


@pytest.mark.parametrize('body, why', [
    ({'results': {'id': 'u1'}}, '"results" is an object, not a list'),
    ([['alice']], 'item 0 of the body is a list, not an object'),
    (None, 'the body is null, not an object'),
])
def test_kestra_autocomplete_of_the_wrong_shape_fails(started, body, why):
    fake = started('kestra_user_info')
    answer(fake, body, method='POST', path='/tenant-access/autocomplete$')
    result = call('kestra_user_info', fake, tenant='main', autocomplete=dict(q='alice'))
    failed_unexpectedly(result, 'POST /api/v1/main/tenant-access/autocomplete')
    assert why in result['msg']


@pytest.mark.parametrize('args, request_line, body, why', [
    (dict(email='new@example.com'), 'POST /api/v1/users', {'email': 'new@example.com'}, '"id" is null'),
    (dict(email='new@example.com'), 'POST /api/v1/users', ['new@example.com'], 'the body is a list'),
    (dict(email=ALICE, first_name='Changed'), 'PATCH /api/v1/users/{alice}', {'firstName': 'Changed'},
     '"id" is null'),
    (dict(email=ALICE, tenants=['main', 'staging']), 'PUT /api/v1/users/{alice}', 'updated', 'the body is a string'),
    (dict(email=ALICE, remove_auths=['password']), 'DELETE /api/v1/users/{alice}/auths/{auth}', [],
     'the body is a list'),
], ids=['create-no-id', 'create-list', 'patch-no-id', 'put-string', 'auth-removal-list'])
def test_kestra_write_answer_lacking_what_is_used_fails_and_says_the_write_landed(
        started, args, request_line, body, why):
    fake = started('kestra_user')
    request_line = request_line.format(alice=fake.alice['id'], auth=fake.alice['auths'][0]['id'])
    method, path = request_line.split(' ')
    answer(fake, body, method=method, path='^%s$' % path, status=201 if method == 'POST' else 200, after_apply=True)
    result = call('kestra_user', fake, **args)
    failed_unexpectedly(result, request_line)
    assert why in result['msg']
    assert result['changed'] is True and len(fake.writes()) == 1
    assert 'already applied before the failure: %s' % request_line in result['msg']


def test_kestra_create_without_a_body_reads_the_user_back(started):
    """The reference's 201 has no body: the new user is read back, once, by e-mail."""
    fake = started('kestra_user')
    result = call('kestra_user', fake, email='new@example.com', instance_owner=True)
    assert result['changed'] is True and result['user']['email'] == 'new@example.com', result
    new = [u for u in fake.users.values() if u['email'] == 'new@example.com'][0]
    assert result['user']['id'] == new['id'] and new['instanceOwner'] is True


def test_kestra_create_without_a_body_whose_user_cannot_be_read_back_fails(started):
    fake = started('kestra_user')
    answer(fake, {'results': [], 'total': 0}, path='^/api/v1/users$', times=2)   # the lookup, then the read-back
    result = call('kestra_user', fake, email='new@example.com', instance_owner=True)
    failed_unexpectedly(result, 'POST /api/v1/users')
    assert 'no body, and no user has e-mail new@example.com when read back' in result['msg']
    assert result['changed'] is True and [e['method'] for e in fake.writes()] == ['POST']


# The secret of a Kestra token whose create answer is lost -------------------------------------

def tokens_named(fake, name):
    return [t for tokens in fake.tokens.values() for t in tokens.values() if t['name'] == name]


@pytest.mark.parametrize('fault', [
    dict(kind='status', status=503),
    dict(kind='reset'),
    dict(kind='answer', answer=lambda request, handled: Reply(201, raw=b'null')),
    dict(kind='answer', answer=lambda request, handled: Reply(201, raw=b'')),
    dict(kind='answer', answer=lambda request, handled: Reply(201, raw=NOT_JSON)),
    dict(kind='answer', answer=lambda request, handled: Reply(201, {'id': 'x', 'name': 'new-token'})),
    dict(kind='answer', answer=lambda request, handled: Reply(201, {'id': 'x', 'fullToken': ''})),
], ids=['503', 'no-answer', 'null', 'empty', 'not-json', 'no-secret', 'empty-secret'])
def test_kestra_token_create_whose_secret_is_lost_says_how_to_get_one(started, fault):
    fake = started('kestra_api_token')
    fake.inject(method='POST', path='/api-tokens$', after_apply=True, **fault)
    args = dict(user_id=fake.alice['id'], name='new-token', description='first')
    result = call('kestra_api_token', fake, **args)
    assert result.get('failed'), result
    assert 'the token may exist now' in result['msg'] and 'rotate: true' in result['msg'], result['msg']
    assert result['msg'].startswith('POST /api/v1/users/%s/api-tokens' % fake.alice['id'])
    assert 'Traceback' not in result['_output'] and len(tokens_named(fake, 'new-token')) == 1
    # as the message says: a re-run finds the token and shows no secret; a rotation with a change gives one
    assert call('kestra_api_token', fake, **args)['changed'] is False
    rotation = dict(args)
    rotation.update(description='second', rotate=True)
    rotated = call('kestra_api_token', fake, **rotation)
    assert rotated['changed'] is True and rotated['api_token']['fullToken'].startswith('kestra_'), rotated


def test_kestra_token_create_refused_plainly_does_not_speak_of_a_lost_secret(started):
    fake = started('kestra_api_token')
    fake.inject(status=400, method='POST', path='/api-tokens$')
    result = call('kestra_api_token', fake, user_id=fake.alice['id'], name='new-token')
    assert result.get('failed') and 'rotate' not in result['msg'] and 'nothing was changed' in result['msg']


# Agilicus answers of the wrong shape --------------------------------------------------------

AGILICUS_BAD_LISTINGS = [
    ({'limit': 500}, 'the body has no "users"'),
    ({'users': {'id': 'u1', 'email': ALICE}}, '"users" is an object, not a list'),
    ({'users': [{'email': ALICE}]}, 'user 0 "id" is null, not a non-empty id'),
    ({'users': [{'id': 'u1', 'email': 7}]}, 'user 0 "email" is an integer 7, not a string'),
    ({'users': [{'id': 'u1', 'email': ALICE, 'roles': ['admin']}]}, 'user 0 "roles" is not an object'),
    ({'users': ['alice']}, 'item 0 of "users" is a string, not an object'),
    ({'users': [], 'next_page_email': 5}, '"next_page_email" is an integer 5, not a string'),
    ([{'id': 'u1', 'email': ALICE}], 'the body is a list, not an object'),
    (None, 'the body is null, not an object'),
]
AGILICUS_LISTINGS = [
    ('agilicus_user', dict(email='new@example.com', first_name='N')),
    ('agilicus_user', dict(email=ALICE, state='absent')),
    ('agilicus_users', dict(config=[dict(email='new@example.com')])),
    ('agilicus_users', dict(config=[dict(email=ALICE)], state='deleted')),
    ('agilicus_user_role', dict(email=ALICE, roles={'app': ['admin']})),
    ('agilicus_user_info', {}),
    ('agilicus_mfa_challenge_method', dict(email=ALICE, challenge_type='sms', nickname='work', state='absent')),
    ('agilicus_user_request', dict(email=ALICE, requested_resource='app', requested_resource_type='application',
                                   state='absent')),
]


USER_LISTINGS = [('/api/v1/users', module, args, body, why)
                 for module, args in KESTRA_LISTINGS for body, why in KESTRA_BAD_LISTINGS] + \
    [('/users', module, args, body, why) for module, args in AGILICUS_LISTINGS for body, why in AGILICUS_BAD_LISTINGS]


@pytest.mark.parametrize('path, module, args, body, why', USER_LISTINGS,
                         ids=['%s-%d-%s' % (row[1], n, row[4]) for n, row in enumerate(USER_LISTINGS)])
def test_a_user_listing_of_the_wrong_shape_fails_before_any_write(started, path, module, args, body, why):
    fake = started(module)
    answer(fake, body, path='^%s$' % path, times=5)
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg']
    assert result['changed'] is False and fake.writes() == []


AGILICUS_BAD_USERS = [
    ([{'id': 'x'}], 'the body is a list, not an object'),
    (None, 'the body is null, not an object'),
    ({'email': ALICE}, '"id" is null, not a non-empty id'),
    ({'id': 'another-user', 'email': ALICE}, 'not the id asked for'),
    ({'id': '{alice}', 'email': ALICE, 'roles': {'app': 'viewer'}}, '"roles" is not an object of lists'),
]
AGILICUS_BY_ID = [
    ('agilicus_user', lambda fake: dict(id=fake.alice['id'], first_name='Changed')),
    ('agilicus_user', lambda fake: dict(id=fake.alice['id'], state='absent')),
    ('agilicus_user_role', lambda fake: dict(user_id=fake.alice['id'], roles={'app': ['admin']})),
    ('agilicus_user_info', lambda fake: dict(id=fake.alice['id'], include=['orgs'])),
    ('agilicus_upstream_user_identity', lambda fake: dict(user_id=fake.alice['id'], upstream_idp_id='okta',
                                                          upstream_user_id='u-9')),
]


@pytest.mark.parametrize('body, why', AGILICUS_BAD_USERS, ids=[why for _body, why in AGILICUS_BAD_USERS])
@pytest.mark.parametrize('module, args', AGILICUS_BY_ID,
                         ids=['%s-%d' % (row[0], n) for n, row in enumerate(AGILICUS_BY_ID)])
def test_agilicus_user_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    fake = started(module)
    path = '/users/%s' % fake.alice['id']
    answer(fake, with_alice(body, fake), path='^%s$' % path)
    result = call(module, fake, **args(fake))
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg'] and fake.writes() == []


SPEC_BAD_LISTINGS = [
    ({'limit': 500}, 'the body has no "{key}"'),
    ({'{key}': {'metadata': {'id': 'x'}, 'spec': {}}}, '"{key}" is an object, not a list'),
    ({'{key}': [{'spec': {'name': 'ci'}}]}, 'item 0 "metadata" is null, not an object'),
    ({'{key}': [{'metadata': {}, 'spec': {'name': 'ci'}}]}, 'item 0 "metadata.id" is null'),
    ({'{key}': [{'metadata': {'id': 'x'}, 'spec': 'ci'}]}, 'item 0 "spec" is a string, not an object'),
    (None, 'the body is null, not an object'),
]
SPEC_LISTINGS = [
    ('agilicus_service_account', '/v1/service_accounts', 'service_accounts', dict(name='new')),
    ('agilicus_service_account', '/v1/service_accounts', 'service_accounts', dict(name='ci', state='absent')),
    ('agilicus_service_account_info', '/v1/service_accounts', 'service_accounts', dict(name='ci')),
    ('agilicus_mfa_challenge_method', '/users/{alice}/mfa_challenge_methods', 'mfa_challenge_methods',
     dict(challenge_type='sms', nickname='work', state='absent')),
    ('agilicus_upstream_user_identity', '/users/{alice}/upstream_user_identities', 'upstream_user_identities',
     dict(upstream_idp_id='okta', upstream_user_id='u-9')),
    ('agilicus_user_metadata', '/v1/user_metadata', 'user_metadata', dict(data_type='json', data='{"a": 1}')),
    ('agilicus_user_request', '/v1/user_requests', 'user_requests',
     dict(requested_resource='app', requested_resource_type='application', request_state='approved')),
]


@pytest.mark.parametrize('body, why', SPEC_BAD_LISTINGS, ids=[why for _body, why in SPEC_BAD_LISTINGS])
@pytest.mark.parametrize('module, path, key, args', SPEC_LISTINGS,
                         ids=['%s-%d' % (row[0], n) for n, row in enumerate(SPEC_LISTINGS)])
def test_agilicus_resource_list_of_the_wrong_shape_fails_before_any_write(started, module, path, key, args, body, why):
    fake = started(module)
    path = path.format(alice=fake.alice['id'])
    answer(fake, json.loads(json.dumps(body).replace('{key}', key)), path='^%s$' % path)
    if module != 'agilicus_service_account' and module != 'agilicus_service_account_info':
        args = dict(args, user_id=fake.alice['id'])
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why.replace('{key}', key) in result['msg']
    assert result['changed'] is False and fake.writes() == []


@pytest.mark.parametrize('body, why', [
    (None, 'the body is null, not an object'),
    ({'metadata': {'id': 'another'}, 'spec': {'name': 'ci'}}, 'not the id asked for'),
    ({'metadata': {'id': '{sa}'}}, '"spec" is null, not an object'),
])
@pytest.mark.parametrize('module, args', [
    ('agilicus_service_account', dict(enabled=False)),
    ('agilicus_service_account', dict(state='absent')),
    ('agilicus_service_account_info', {}),
])
def test_agilicus_service_account_by_id_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    fake = started(module)
    account = fake.sa['metadata']['id']
    path = '/v1/service_accounts/%s' % account
    answer(fake, json.loads(json.dumps(body).replace('{sa}', account)), path='^%s$' % path)
    result = call(module, fake, id=account, **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg'] and fake.writes() == []


@pytest.mark.parametrize('args, request_line, body, why', [
    (dict(combined=True), 'GET /v1/combined_user_details', {'combined_user_details': [{'status': {}}]},
     'item 0 "user_id" is null'),
    (dict(combined=True), 'GET /v1/combined_user_details', {'combined_user_details': 'all'},
     '"combined_user_details" is a string, not a list'),
    (dict(guids=True), 'GET /users_ids', {'user_ids': 'all'}, '"user_ids" is a string, not a list'),
    (dict(guids=True), 'GET /users_ids', {'user_ids': [None]}, '"user_ids" item 0 is null'),
    (dict(org_user_roles=True), 'GET /users/org_user_roles', {'org_user_roles': {}},
     '"org_user_roles" is an object, not a list'),
    (dict(org_user_roles=True), 'GET /users/org_user_roles', None, 'the body is null'),
    (dict(email=ALICE, include=['orgs']), 'GET /users/{alice}/orgs', {'orgs': ORG}, '"orgs" is a string'),
    (dict(email=ALICE, include=['rendered_roles']), 'GET /users/{alice}/render_roles', ['viewer'],
     'the body is a list, not an object'),
    (dict(email=ALICE, include=['metadata']), 'GET /v1/user_metadata', {'limit': 500},
     'the body has no "user_metadata"'),
], ids=['combined-no-user-id', 'combined-string', 'guids-string', 'guids-null-id', 'roles-object', 'roles-null',
        'orgs-string', 'rendered-roles-list', 'metadata-missing'])
def test_agilicus_info_extras_of_the_wrong_shape_fail(started, args, request_line, body, why):
    fake = started('agilicus_user_info')
    request_line = request_line.format(alice=fake.alice['id'])
    answer(fake, body, path='^%s$' % request_line.split(' ')[1])
    result = call('agilicus_user_info', fake, **args)
    failed_unexpectedly(result, request_line)
    assert why in result['msg']


@pytest.mark.parametrize('body, why', [
    ({'access_requests': {}}, '"access_requests" is an object, not a list'),
    ({'access_requests': [], 'next_page_email': ['x']}, '"next_page_email" is a list, not a string'),
    ({'access_requests': [{'status': {'user_requests': []}}]}, 'item 0 "metadata" is null, not an object'),
    ({'access_requests': [{'metadata': {'id': ['r1']}}]}, 'item 0 "metadata.id" is a list'),
    (None, 'the body is null'),
])
def test_agilicus_access_requests_of_the_wrong_shape_fail(started, body, why):
    fake = started('agilicus_access_request_info')
    answer(fake, body, path='^/v1/access_requests$')
    result = call('agilicus_access_request_info', fake)
    failed_unexpectedly(result, 'GET /v1/access_requests')
    assert why in result['msg']


def test_agilicus_org_user_roles_keep_every_role_of_a_user(started):
    """One row a role: two roles of one user are two rows, not a page that repeats itself."""
    fake = started('agilicus_user_info')
    fake.alice['roles'] = {'app': ['admin', 'viewer'], 'other-app': ['viewer']}
    result = call('agilicus_user_info', fake, org_user_roles=True)
    assert sorted((row['application'], row['role']) for row in result['org_user_roles']) == [
        ('app', 'admin'), ('app', 'viewer'), ('other-app', 'viewer')], result


@pytest.mark.parametrize('module, args, request_line, body, why', [
    ('agilicus_user', dict(email='new@example.com'), 'POST /users', {'email': 'new@example.com'}, '"id" is null'),
    ('agilicus_user', dict(email=ALICE, status='disabled'), 'PUT /users/{alice}', None, 'the body is null'),
    ('agilicus_user', dict(email=ALICE, last_name='Example'), 'GET /users/{alice}', [], 'the body is a list'),
    ('agilicus_service_account', dict(name='new'), 'POST /v1/service_accounts', {'spec': {'name': 'new'}},
     '"metadata" is null'),
    ('agilicus_service_account', dict(name='ci', enabled=False), 'PUT /v1/service_accounts/{sa}', {},
     '"metadata" is null'),
    ('agilicus_user_request', dict(email=ALICE, requested_resource='app', requested_resource_type='application',
                                   request_state='approved'), 'POST /v1/user_requests/{request}', [],
     'the body is a list'),
    ('agilicus_mfa_challenge_method', dict(email=ALICE, challenge_type='sms', nickname='home', endpoint='+15550111',
                                           priority=2), 'POST /users/{alice}/mfa_challenge_methods',
     {'metadata': {'id': ''}, 'spec': {}}, '"metadata.id" is a string'),
], ids=['user-create', 'user-put', 'user-read-after-identity-update', 'sa-create', 'sa-put', 'request-state',
        'mfa-create'])
def test_agilicus_write_answer_lacking_what_is_used_fails_and_says_the_write_landed(
        started, module, args, request_line, body, why):
    fake = started(module)
    request_line = request_line.format(alice=fake.alice['id'], sa=fake.sa['metadata']['id'],
                                       request=fake.request['metadata']['id'])
    method, path = request_line.split(' ')
    # a GET here is the read-back after the identity update (the user was found by e-mail, in the listing)
    answer(fake, body, method=method, path='^%s$' % path, status=201 if method == 'POST' else 200,
           after_apply=method != 'GET')
    result = call(module, fake, **args)
    failed_unexpectedly(result, request_line)
    assert why in result['msg']
    assert result['changed'] is True and len(fake.writes()) == 1
    assert 'already applied before the failure: %s %s' % (fake.writes()[0]['method'], fake.writes()[0]['path']) \
        in result['msg']


def test_agilicus_bulk_create_answer_without_an_id_fails_that_user_and_says_it_landed(started):
    fake = started('agilicus_users')
    answer(fake, {'email': 'new@example.com'}, method='POST', path='^/users$', status=201, after_apply=True)
    result = call('agilicus_users', fake, config=[dict(email='new@example.com')])
    assert result.get('failed') and 'unexpected answer: the user "id" is null' in result['msg'], result
    assert result['changed'] is True and len(fake.writes()) == 1
