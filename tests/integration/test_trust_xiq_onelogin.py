# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""XIQ and OneLogin trust nothing: not an id that would leave its path, not an answer of the wrong shape.

Every module is held to three promises, in-process against the fakes:

* an id that is not an integer (``1/../2``, ``5?x=1``, ``7#a``) is refused before any request, naming the option;
* an answer whose shape is not what the module uses fails with ``<METHOD> <path> -> <status>: unexpected answer``,
  never a traceback, and no write follows a read that failed the check;
* an XIQ session the module opened with a username and password is closed (``POST /logout``) once, whatever
  the outcome, and its token is refused afterwards; a given ``api_token`` is never logged out.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ansible_collections.accessops.identity.plugins.module_utils import onelogin as onelogin_utils
from ansible_collections.accessops.identity.plugins.module_utils import onelogin_api
from ansible_collections.accessops.identity.plugins.module_utils import xiq as xiq_utils
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError

from tests.fakes.onelogin import SUCCESS, OneLoginFake
from tests.fakes.xiq import XiqFake
from tests.integration.inprocess import run_module
from tests.integration.trust_helpers import caller, failed_unexpectedly, started_fixture

XIQ_USERNAME = 'admin@example.com'
XIQ_PASSWORD = 'xiq-password-for-trust-tests'
XIQ_TOKEN = 'xiq-token-for-trust-tests'
ONELOGIN_CLIENT = 'trust-tests'
ONELOGIN_SECRET = 'onelogin-secret-for-trust-tests'
NULL = b'null'   # a raw fault body: JSON null
ALICE = 'alice@example.com'
PARTNER = 'eng@partner.example'


def start(module):
    """The fake a module talks to, seeded with one user (and grant) to find."""
    if module.startswith('xiq'):
        fake = XiqFake(token=XIQ_TOKEN, username=XIQ_USERNAME, password=XIQ_PASSWORD)
        fake.alice = fake.add_user(login_name=ALICE, display_name='Alice', user_role='OPERATOR')
        fake.grant = fake.add_external_user(login_name=PARTNER, user_role='MONITOR', org_id=7)
    else:
        fake = OneLoginFake(client_id=ONELOGIN_CLIENT, client_secret=ONELOGIN_SECRET)
        fake.dave = fake.add_user('dave', roles=[150001])
    fake.start()
    return fake


started = started_fixture(start)


def sign_in(module, args):
    """Log ``module`` in with a username/password (XIQ) or client credentials (OneLogin)."""
    if module.startswith('xiq'):
        args.update(api_username=XIQ_USERNAME, api_password=XIQ_PASSWORD)
    else:
        args.update(api_client_id=ONELOGIN_CLIENT, api_client_secret=ONELOGIN_SECRET)


call = caller(sign_in)


def landed_but_answered_unexpectedly(result, fake, module, request):
    """A write landed, then its answer failed the check: said so, and nothing was written after it."""
    assert result.get('failed') and 'unexpected answer' in result['msg'], result
    assert len(fake.writes()) == 1, 'a write followed an answer that failed the check'
    written = '%s %s' % (fake.writes()[0]['method'], fake.writes()[0]['path'])
    assert result['applied'] == [written]
    if not module.endswith('_users'):   # a bulk run reports per user instead
        failed_unexpectedly(result, request)
        assert result['changed'] is True and 'already applied before the failure: %s' % written in result['msg']


# Ids that would leave their path ------------------------------------------------------------

TRAVERSALS = ['1/../2', '5?x=1', '7#a']
ID_OPTIONS = [
    ('xiq_user', 'id', dict(display_name='X')),
    ('xiq_user', 'id', dict(state='absent')),
    ('xiq_external_user', 'id', dict(user_role='MONITOR')),
    ('xiq_user_info', 'id', {}),
    ('xiq_external_user_info', 'id', {}),
    ('onelogin_user', 'id', dict(firstname='X')),
    ('onelogin_user', 'id', dict(state='absent')),
    ('onelogin_user_role', 'user_id', dict(role_ids=[150001])),
    ('onelogin_user_role', 'role_ids', dict(username='dave')),
    ('onelogin_user_info', 'id', dict(include=['roles', 'apps'])),
]


@pytest.mark.parametrize('traversal', TRAVERSALS)
@pytest.mark.parametrize('module, option, extra', ID_OPTIONS,
                         ids=['%s-%s-%d' % (row[0], row[1], n) for n, row in enumerate(ID_OPTIONS)])
def test_an_id_that_would_leave_its_path_is_refused_before_any_request(started, module, option, extra, traversal):
    fake = started(module)
    value = [traversal] if option == 'role_ids' else traversal
    result = call(module, fake, **dict(extra, **{option: value}))
    assert result.get('failed') and option in result['msg'], result
    assert fake.log == [], 'a request was sent for %s=%r' % (option, traversal)


@pytest.mark.parametrize('lookup', [
    lambda client, bad: xiq_utils.find_user(client, user_id=bad),
    lambda client, bad: xiq_utils.find_external_user(client, user_id=bad),
    lambda client, bad: xiq_utils.select_external_users(client, user_id=bad),
    lambda client, bad: onelogin_utils.find_user(client, user_id=bad),
    lambda client, bad: onelogin_api.get_user_role_ids(client, bad, what='user_id'),
], ids=['xiq-user', 'xiq-external-user', 'xiq-select', 'onelogin-user', 'onelogin-roles'])
@pytest.mark.parametrize('traversal', TRAVERSALS + ['', ' ', True, 1.5])
def test_the_lookups_themselves_refuse_an_id_that_is_not_an_integer(lookup, traversal):
    """Behind Ansible's type check, in case a caller passes on a value that never went through it."""
    class NoRequests:
        def __getattr__(self, verb):
            def send(path, *args, **kwargs):
                raise AssertionError('a request was sent: %s %s' % (verb.upper(), path))
            return send
    with pytest.raises(InputError, match='must be an integer'):
        lookup(NoRequests(), traversal)


# Answers of the wrong shape ---------------------------------------------------------------------

def xiq_page(data, **extra):
    return dict(dict(page=1, count=1, total_pages=1, total_count=1, data=data), **extra)


XIQ_BAD_PAGES = [
    (dict(page=1, count=0, total_pages=1, total_count=0), 'the body has no "data"'),
    (xiq_page({'id': 1001, 'login_name': ALICE}), '"data" is an object, not a list'),
    (xiq_page([{'login_name': ALICE, 'org_id': 7}]), 'item 0 "id" is null, not an integer'),
    (xiq_page([{'id': '1/../2', 'login_name': ALICE, 'org_id': 7}]), "item 0 \"id\" is a string of length 6"),
    (xiq_page([{'id': True, 'login_name': ALICE, 'org_id': 7}]), 'not an integer'),
    (xiq_page(['alice']), 'item 0 of "data" is a string'),
    (xiq_page([], total_count='many'), '"total_count" is a string'),
    (xiq_page([], total_count=-1), '"total_count" is an integer -1, not a count'),
    ([{'id': 1001, 'login_name': ALICE}], 'the body is a list, not an object'),
    (NULL, 'the body is null, not an object'),
    ('users', 'the body is a string, not an object'),
]
XIQ_LISTINGS = [
    ('xiq_user', '/users', dict(login_name='nobody@example.com', display_name='N', user_role='MONITOR')),
    ('xiq_user', '/users', dict(login_name=ALICE, state='absent')),
    ('xiq_user_info', '/users', {}),
    ('xiq_user_info', '/users', dict(login_name=ALICE)),
    ('xiq_users', '/users', dict(config=[dict(login_name='new@example.com', display_name='N', user_role='MONITOR')])),
    ('xiq_external_user', '/users/external', dict(login_name='new@partner.example', user_role='MONITOR')),
    ('xiq_external_user', '/users/external', dict(login_name=PARTNER, org_id=7, state='absent')),
    ('xiq_external_user_info', '/users/external', {}),
]


@pytest.mark.parametrize('body, why', XIQ_BAD_PAGES, ids=[why for _body, why in XIQ_BAD_PAGES])
@pytest.mark.parametrize('module, path, args', XIQ_LISTINGS,
                         ids=['%s-%d' % (row[0], n) for n, row in enumerate(XIQ_LISTINGS)])
def test_xiq_listing_of_the_wrong_shape_fails_before_any_write(started, module, path, args, body, why):
    fake = started(module)
    fake.inject(status=200, body=body, method='GET', path='^%s$' % path, times=5)
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg']
    assert result['changed'] is False and fake.writes() == []


XIQ_BAD_USERS = [
    ([{'id': 1001}], 'the body is a list, not an object'),
    (NULL, 'the body is null, not an object'),
    ({'login_name': ALICE}, '"id" is null, not an integer'),
    ({'id': '1001', 'login_name': ALICE}, "\"id\" is a string of length 4, not an integer"),
]


def xiq_by_id(fake, module):
    """(request path, module arguments) of a lookup by id that would write if it trusted the answer."""
    if module == 'xiq_user':
        return '/users/%d' % fake.alice['id'], dict(id=fake.alice['id'], display_name='Changed')
    if module == 'xiq_user_info':
        return '/users/%d' % fake.alice['id'], dict(id=fake.alice['id'])
    if module == 'xiq_external_user':
        return '/users/external/%d' % fake.grant['id'], dict(id=fake.grant['id'], state='absent')
    return '/users/external/%d' % fake.grant['id'], dict(id=fake.grant['id'])


@pytest.mark.parametrize('body, why', XIQ_BAD_USERS + [({'id': 4242, 'login_name': ALICE}, 'not the id asked for')],
                         ids=[row[1] for row in XIQ_BAD_USERS] + ['another id'])
@pytest.mark.parametrize('module', ['xiq_user', 'xiq_user_info', 'xiq_external_user', 'xiq_external_user_info'])
def test_xiq_user_by_id_of_the_wrong_shape_fails_before_any_write(started, module, body, why):
    fake = started(module)
    path, args = xiq_by_id(fake, module)
    fake.inject(status=200, body=body, method='GET', path='^%s$' % path)
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg'] and fake.writes() == []


@pytest.mark.parametrize('body, why', XIQ_BAD_USERS, ids=[row[1] for row in XIQ_BAD_USERS])
@pytest.mark.parametrize('module, args', [
    ('xiq_user_info', dict(current=True)),
    ('xiq_users', dict(state='overridden', delete_unlisted=True, config=[dict(login_name=ALICE)])),
], ids=['xiq_user_info', 'xiq_users-overridden'])
def test_xiq_current_user_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    """``overridden`` must know the caller's own account before it deletes anyone."""
    fake = started(module)
    fake.inject(status=200, body=body, method='GET', path='^/users/me$')
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET /users/me')
    assert why in result['msg'] and fake.writes() == []
    assert fake.alice['id'] in fake.users


@pytest.mark.parametrize('body, why', [
    ({'token_type': 'Bearer'}, '"access_token" is null, not a non-empty string'),
    ({'access_token': ''}, '"access_token" is an empty string, not a non-empty string'),
    ({'access_token': 12345}, '"access_token" is an integer, not a non-empty string'),
    ([{'access_token': 'jwt'}], 'the body is a list, not an object'),
    (NULL, 'the body is null, not an object'),
])
def test_xiq_login_answer_without_a_usable_token_fails_before_any_request(started, body, why):
    fake = started('xiq_user')
    fake.inject(status=200, body=body, method='POST', path='^/login$')
    result = call('xiq_user', fake, login_name=ALICE, display_name='Changed')
    failed_unexpectedly(result, 'POST /login')
    assert why in result['msg'] and '12345' not in result['msg']
    assert [e['path'] for e in fake.log] == ['/login'], 'a request followed a login without a token'


@pytest.mark.parametrize('module, args, request_line, body', [
    ('xiq_user', dict(login_name='new@example.com', display_name='N', user_role='MONITOR'), 'POST /users', []),
    ('xiq_user', dict(login_name='new@example.com', display_name='N', user_role='MONITOR'), 'POST /users', {}),
    ('xiq_user', dict(login_name=ALICE, display_name='Changed'), 'PATCH /users/{alice}', NULL),
    ('xiq_users', dict(config=[dict(login_name='new@example.com', display_name='N', user_role='MONITOR')]),
     'POST /users', {'id': 'new'}),
    ('xiq_external_user', dict(login_name='new@partner.example', user_role='MONITOR'), 'POST /users/external', {}),
    ('xiq_external_user', dict(login_name=PARTNER, org_id=7, user_role='OPERATOR'), 'GET /users/external/{grant}',
     []),
], ids=['create-list', 'create-no-id', 'update-null', 'bulk-create-string-id', 'grant-no-id', 'grant-read-back'])
def test_xiq_write_answer_lacking_what_is_used_fails_and_says_the_write_landed(
        started, module, args, request_line, body):
    fake = started(module)
    request_line = request_line.format(alice=fake.alice['id'], grant=fake.grant['id'])
    method, path = request_line.split(' ')
    fake.inject(status=201 if method == 'POST' else 200, body=body, method=method, path='^%s$' % path,
                after_apply=True)
    landed_but_answered_unexpectedly(call(module, fake, **args), fake, module, request_line)


def onelogin_page(data, **pagination):
    page = {'before_cursor': None, 'after_cursor': None, 'previous_link': None, 'next_link': None}
    page.update(pagination)
    return {'status': dict(SUCCESS), 'pagination': page, 'data': data}


ONELOGIN_BAD_PAGES = [
    ({'status': dict(SUCCESS), 'pagination': {'after_cursor': None}}, 'the body has no "data"'),
    (onelogin_page({'id': 4711, 'username': 'dave'}), '"data" is an object, not a list'),
    (onelogin_page([{'username': 'dave', 'email': 'dave@example.com'}]), 'item 0 "id" is null, not an integer'),
    (onelogin_page([{'id': '4711', 'username': 'dave', 'email': 'dave@example.com'}]),
     "item 0 \"id\" is a string of length 4"),
    (onelogin_page([{'id': 1.5, 'username': 'zed'}]), 'not an integer'),
    (onelogin_page([['dave']]), 'item 0 of "data" is a list, not an object'),
    (onelogin_page([], after_cursor=42), '"pagination.after_cursor" is an integer 42, not a string'),
    (dict(onelogin_page([]), pagination='next'), '"pagination" is a string, not an object'),
    (NULL, 'the body is null, not an object'),
    ('users', 'the body is a string, not an object'),
]
ONELOGIN_LISTINGS = [
    ('onelogin_user', dict(username='nobody', firstname='N')),
    ('onelogin_user', dict(email='dave@example.com', state='absent')),
    ('onelogin_user_role', dict(username='dave', role_ids=[150002])),
    ('onelogin_user_info', {}),
    ('onelogin_users', dict(config=[dict(username='nobody', firstname='N')])),
]


@pytest.mark.parametrize('body, why', ONELOGIN_BAD_PAGES, ids=[why for _body, why in ONELOGIN_BAD_PAGES])
@pytest.mark.parametrize('module, args', ONELOGIN_LISTINGS,
                         ids=['%s-%d' % (row[0], n) for n, row in enumerate(ONELOGIN_LISTINGS)])
def test_onelogin_listing_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    fake = started(module)
    fake.inject(status=200, body=body, method='GET', path='^/api/1/users$', times=5)
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET /api/1/users')
    assert why in result['msg']
    assert result['changed'] is False and fake.writes() == []


@pytest.mark.parametrize('body, headers, why', [
    ([{'username': 'dave'}], {'Total-Count': '1'}, 'item 0 "id" is null, not an integer'),
    ([], {'Total-Count': 'many'}, 'the Total-Count header is a string'),
    ([{'id': 9, 'username': 'zed'}], {'Current-Page': 'one', 'Total-Pages': '3'}, 'the Current-Page header'),
    ({'users': []}, {}, 'the body has no "data"'),
    ([], {}, 'the body is a list without any paging header'),
], ids=['no-id', 'total-count', 'current-page', 'no-data', 'no-paging-headers'])
@pytest.mark.parametrize('module, args', ONELOGIN_LISTINGS[:1] + ONELOGIN_LISTINGS[-1:], ids=['single', 'bulk'])
def test_onelogin_bare_listing_of_the_wrong_shape_fails_before_any_write(started, module, args, body, headers, why):
    fake = started(module)
    fake.envelope = 'spec'
    fake.inject(status=200, body=body, headers=headers, method='GET', path='^/api/1/users$')
    result = call(module, fake, **args)
    failed_unexpectedly(result, 'GET /api/1/users')
    assert why in result['msg'] and fake.writes() == []


ONELOGIN_BAD_USERS = [
    ({'status': dict(SUCCESS), 'data': []}, '"data" holds 0 items, not one'),
    ({'status': dict(SUCCESS), 'data': {'id': 4711}}, '"data" is an object, not a list'),
    ({'status': dict(SUCCESS), 'data': [{'username': 'dave'}]}, '"id" is null, not an integer'),
    ({'status': dict(SUCCESS)}, '"id" is null, not an integer'),
    ([{'id': 4711}], 'the body is a list, not an object'),
    (NULL, 'the body is null, not an object'),
    ({'status': dict(SUCCESS), 'data': [{'id': 4242, 'username': 'dave'}]}, 'not the id asked for'),
]


@pytest.mark.parametrize('body, why', ONELOGIN_BAD_USERS, ids=[row[1] for row in ONELOGIN_BAD_USERS])
@pytest.mark.parametrize('module, args', [
    ('onelogin_user', dict(firstname='Changed')),
    ('onelogin_user', dict(state='absent')),
    ('onelogin_user_info', dict(include=['roles'])),
], ids=['onelogin_user', 'onelogin_user-absent', 'onelogin_user_info'])
def test_onelogin_user_by_id_of_the_wrong_shape_fails_before_any_write(started, module, args, body, why):
    fake = started(module)
    path = '/api/1/users/%d' % fake.dave['id']
    fake.inject(status=200, body=body, method='GET', path='^%s$' % path)
    result = call(module, fake, id=fake.dave['id'], **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg'] and fake.writes() == []


@pytest.mark.parametrize('body, why', [
    ({'status': dict(SUCCESS), 'data': [['150001']]}, "role 0 is a string of length 6, not an integer"),
    ({'status': dict(SUCCESS), 'data': [[True]]}, 'role 0 is a boolean'),
    ({'status': dict(SUCCESS), 'data': {'roles': [150001]}}, '"data" is an object, not a list'),
    ({'status': dict(SUCCESS)}, 'the body has no "data"'),
    (NULL, 'the body is null'),
])
@pytest.mark.parametrize('by', ['user_id', 'username', 'info'])
def test_onelogin_roles_of_the_wrong_shape_fail_before_any_write(started, by, body, why):
    fake = started('onelogin_user_role')
    path = '/api/1/users/%d/roles' % fake.dave['id']
    fake.inject(status=200, body=body, method='GET', path='^%s$' % path)
    if by == 'info':
        result = call('onelogin_user_info', fake, filters=dict(username='dave'), include=['roles'])
    else:
        selector = dict(user_id=fake.dave['id']) if by == 'user_id' else dict(username='dave')
        result = call('onelogin_user_role', fake, role_ids=[150002], **selector)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg'] and fake.writes() == []


@pytest.mark.parametrize('args, path, body, why', [
    (dict(include=['apps']), '/api/1/users/{dave}/apps', {'status': dict(SUCCESS), 'data': {'id': 1}},
     '"data" is an object, not a list'),
    (dict(include=['apps']), '/api/1/users/{dave}/apps', {'status': dict(SUCCESS), 'data': ['Slack']},
     'item 0 of "data" is a string'),
    (dict(custom_attribute_names=True), '/api/1/users/custom_attributes', {'status': dict(SUCCESS), 'data': [[1]]},
     'custom attribute name 0 is an integer'),
    (dict(custom_attribute_names=True), '/api/1/users/custom_attributes', {'status': dict(SUCCESS),
                                                                           'data': {'names': []}},
     '"data" is an object, not a list'),
], ids=['apps-object', 'apps-strings', 'attribute-names', 'attributes-object'])
def test_onelogin_info_extras_of_the_wrong_shape_fail(started, args, path, body, why):
    fake = started('onelogin_user_info')
    path = path.format(dave=fake.dave['id'])
    fake.inject(status=200, body=body, method='GET', path='^%s$' % path)
    result = call('onelogin_user_info', fake, filters=dict(username='dave'), **args)
    failed_unexpectedly(result, 'GET %s' % path)
    assert why in result['msg']


@pytest.mark.parametrize('body, why', [
    ({'token_type': 'bearer'}, '"access_token" is null'),
    ({'access_token': 7}, '"access_token" is an integer'),
    ({'status': dict(SUCCESS), 'data': [{'token_type': 'bearer'}]}, '"access_token" is null'),
    ({'status': dict(SUCCESS), 'data': ['token']}, 'item 0 of "data" is a string'),
    ([{'access_token': 'x'}], 'the body is a list, not an object'),
    (NULL, 'the body is null, not an object'),
])
def test_onelogin_token_answer_without_a_usable_token_fails_before_any_request(started, body, why):
    fake = started('onelogin_user')
    fake.inject(status=200, body=body, method='POST', path='^/auth/oauth2/v2/token$')
    result = call('onelogin_user', fake, username='dave', firstname='Changed')
    failed_unexpectedly(result, 'POST /auth/oauth2/v2/token')
    assert why in result['msg']
    assert [e['path'] for e in fake.log] == ['/auth/oauth2/v2/token']


@pytest.mark.parametrize('module, args, request_line, body', [
    ('onelogin_user', dict(username='new', firstname='N'), 'POST /api/1/users', {'status': dict(SUCCESS), 'data': []}),
    ('onelogin_user', dict(username='new', user_state='unapproved'), 'POST /api/1/users', {'status': dict(SUCCESS)}),
    ('onelogin_user', dict(username='dave', firstname='Changed'), 'PUT /api/1/users/{dave}', NULL),
    ('onelogin_users', dict(config=[dict(username='new', firstname='N')]), 'POST /api/1/users',
     [{'id': 1}]),
], ids=['create-empty-data', 'create-then-state', 'update-null', 'bulk-create-list'])
def test_onelogin_write_answer_lacking_what_is_used_fails_and_says_the_write_landed(
        started, module, args, request_line, body):
    fake = started(module)
    request_line = request_line.format(dave=fake.dave['id'])
    method, path = request_line.split(' ')
    fake.inject(status=201 if method == 'POST' else 200, body=body, method=method, path='^%s$' % path,
                after_apply=True)
    landed_but_answered_unexpectedly(call(module, fake, **args), fake, module, request_line)


@pytest.mark.parametrize('module, entry, path, body', [
    ('xiq_users', dict(login_name='new@example.com', display_name='N', user_role='MONITOR'), '^/users$', {}),
    ('onelogin_users', dict(username='new', firstname='N'), '^/api/1/users$', [{'id': 1}]),
])
def test_a_bulk_write_that_landed_reports_changed_even_when_its_answer_fails_the_check(
        started, module, entry, path, body):
    fake = started(module)
    fake.inject(status=201, body=body, method='POST', path=path, after_apply=True)
    result = call(module, fake, config=[entry])
    assert result['failed'] and result['applied'] and result['changed'] is True


# XIQ sessions ---------------------------------------------------------------------------------

def sessions(fake):
    """(login tokens issued, logout requests) of the fake's log."""
    return ([e for e in fake.log if e['path'] == '/login' and e.get('status') == 200],
            [e for e in fake.log if e['path'] == '/logout'])


def refused(fake, token):
    answer = requests.get(fake.url + '/users/me', headers={'Authorization': 'Bearer %s' % token}, timeout=5)
    return answer.status_code == 401


@pytest.fixture
def xiq():
    fake = start('xiq_user')
    yield fake
    fake.stop()


@pytest.mark.parametrize('module, args', [
    ('xiq_user', dict(login_name=ALICE, display_name='Alice')),                          # no change
    ('xiq_user', dict(login_name='new@example.com', display_name='N', user_role='MONITOR')),
    ('xiq_user_info', dict(current=True)),
    ('xiq_external_user_info', {}),
    ('xiq_users', dict(config=[dict(login_name=ALICE, display_name='Alice')])),
], ids=['no-change', 'create', 'info-current', 'external-info', 'bulk'])
def test_xiq_session_is_logged_out_once_after_a_successful_run(xiq, module, args):
    result = call(module, xiq, **args)
    assert not result.get('failed'), result.get('msg')
    logins, logouts = sessions(xiq)
    assert len(logins) == 1 and len(logouts) == 1
    assert xiq.log[-1]['method'] == 'POST' and xiq.log[-1]['path'] == '/logout' and xiq.log[-1]['status'] == 200
    assert refused(xiq, xiq.issued[0]), 'the session token still works after the run'
    assert xiq.issued[0] not in result['_output']


@pytest.mark.parametrize('fault', [
    dict(status=200, body={'page': 1}, method='GET', path='^/users$'),              # unexpected answer
    dict(status=400, method='POST', path='^/users$'),                                # a write refused
    dict(status=503, method='POST', path='^/users$'),                                # a write whose outcome is unknown
], ids=['bad-answer', 'write-refused', 'write-unknown'])
def test_xiq_session_is_logged_out_once_after_a_failed_run(xiq, fault):
    xiq.inject(**fault)
    result = call('xiq_user', xiq, login_name='new@example.com', display_name='N', user_role='MONITOR')
    assert result.get('failed'), result
    logins, logouts = sessions(xiq)
    assert len(logins) == 1 and len(logouts) == 1 and xiq.log[-1]['path'] == '/logout'
    assert refused(xiq, xiq.issued[0])


def test_xiq_session_renewed_mid_run_logs_out_the_token_in_use(xiq):
    xiq.inject(status=401, method='GET', path='^/users$')
    result = call('xiq_user', xiq, login_name=ALICE, display_name='Alice')
    assert result['changed'] is False, result.get('msg')
    logins, logouts = sessions(xiq)
    assert len(logins) == 2 and len(logouts) == 1
    assert refused(xiq, xiq.issued[-1])


def test_xiq_failed_login_has_no_session_to_close(xiq):
    result = run_module('xiq_user', dict(api_url=xiq.url, api_username=XIQ_USERNAME, api_password='wrong-password',
                                         login_name=ALICE))
    assert result['failed'] and result['msg'].startswith('POST /login -> 401')
    assert [e['path'] for e in xiq.log] == ['/login']


def test_xiq_given_api_token_is_never_logged_out(xiq):
    result = run_module('xiq_user', dict(api_url=xiq.url, api_token=XIQ_TOKEN, login_name=ALICE, display_name='Alice'))
    assert result['changed'] is False, result.get('msg')
    assert not [e for e in xiq.log if e['path'] in ('/login', '/logout')]
    assert not refused(xiq, XIQ_TOKEN)


def test_xiq_logout_counts_as_authentication_not_as_a_write(xiq):
    result = call('xiq_user', xiq, login_name=ALICE, display_name='Alice')
    assert result['changed'] is False
    assert xiq.request_counts() == (2, 1, 0) and xiq.writes() == []


def test_xiq_logout_that_fails_is_a_warning_not_the_result(xiq):
    xiq.inject(status=500, method='POST', path='^/logout$')
    result = call('xiq_user', xiq, login_name=ALICE, display_name='Alice')
    assert not result.get('failed') and result['changed'] is False, result
    warnings = [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings') or []]
    assert any('could not close the login session' in w and 'POST /logout -> 500' in w for w in warnings), warnings
    assert len(sessions(xiq)[1]) == 1, 'the logout was retried'


def test_the_fake_refuses_a_token_once_it_is_logged_out(xiq):
    token = requests.post(xiq.url + '/login', json={'username': XIQ_USERNAME, 'password': XIQ_PASSWORD},
                          timeout=5).json()['access_token']
    assert not refused(xiq, token)
    logout = requests.post(xiq.url + '/logout', headers={'Authorization': 'Bearer %s' % token}, timeout=5)
    assert logout.status_code == 200 and refused(xiq, token)
    again = requests.post(xiq.url + '/logout', headers={'Authorization': 'Bearer %s' % token}, timeout=5)
    assert again.status_code == 401
