# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OneLogin API: connection options, OAuth2 client credentials, error messages, answers, paging, endpoints.

The one place that knows OneLogin's HTTP: every request the collection sends to it is a
function of the "Endpoints" section below, one per endpoint. Every answer is checked for the
shape the code uses (``answers``): the v1 ``{status, pagination, data}`` envelope and the bare
v2-style lists alike. Every id that goes into a path is an integer (OneLogin's are) encoded as
one segment (``paths``).

What a OneLogin user is, and how a task's options become these calls, is ``onelogin``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

from ansible_collections.accessops.identity.plugins.module_utils import answers, common, paths
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, generic_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import follow_items

TOKEN_PATH = '/auth/oauth2/v2/token'
USERS_PATH = '/api/1/users'
ROLES_PATH = '/api/2/roles'
PAGE_SIZE = 100   # GET /api/1/users: limit at most 100
LIST_FILTERS = ('created_since', 'created_until', 'updated_since', 'updated_until', 'last_login_since',
                'last_login_until', 'firstname', 'lastname', 'email', 'username', 'samaccountname',
                'directory_id', 'external_id', 'user_ids')   # the filters GET /api/1/users takes
SCOPE_HINT = (' (the API credential lacks a permission: adding or removing roles and setting passwords '
              'need the "Manage All" scope)')
V2_PAGING_HEADERS = ('Total-Count', 'Page-Items', 'Current-Page', 'Total-Pages', 'After-Cursor', 'Before-Cursor')


# Connection ----------------------------------------------------------------------------------

def argument_spec(**resource_options):
    spec = common.connection_argument_spec('ONELOGIN', token=True, client_credentials=True)
    spec.update(resource_options)
    return spec


MODULE_KWARGS = dict(
    required_together=[('api_client_id', 'api_client_secret')],
    required_one_of=[('api_token', 'api_client_id')],
)


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, MODULE_KWARGS, **kwargs)


def client_for(module):
    return common.build_client(module, OneLoginAuth(module), error_message, refused=refused_in_envelope)


class OneLoginAuth(NoAuth):
    """A given access token, or one fetched with OAuth2 client credentials (and again once on a 401)."""

    def __init__(self, module):
        self.module = module
        self.token = module.params.get('api_token')
        self.client_id = module.params.get('api_client_id')
        self.client_secret = module.params.get('api_client_secret')
        self.can_refresh = not self.token and bool(self.client_id)

    def headers(self, client):
        if not self.token:
            self.fetch_token(client)
        return {'Authorization': 'Bearer %s' % self.token}

    def refresh(self, client):
        self.fetch_token(client)
        return True

    def fetch_token(self, client):
        pair = '%s:%s' % (self.client_id, self.client_secret)
        basic = base64.b64encode(pair.encode('utf-8')).decode('ascii')
        common.hide_secret(self.module, basic)
        token = generate_token(client, basic)
        common.hide_secret(self.module, token)
        self.token = token


def refused_in_envelope(response):
    """Whether a 2xx answer is a refusal all the same: v1 answers carry ``{status: {error: true, ...}}``."""
    body = response.body
    return isinstance(body, dict) and isinstance(body.get('status'), dict) and body['status'].get('error') is True


def error_message(response):
    """v1 ``{status:{message}}``, v2 ``{message}``; names the missing scope on a permission 401/403."""
    body = response.body
    message = None
    if isinstance(body, dict) and isinstance(body.get('status'), dict):
        message = body['status'].get('message')
    if not isinstance(message, str) or not message:
        message = generic_error_message(response)
    if 'insufficient permission' in message.lower():
        message += SCOPE_HINT
    return message


# Answers: the shapes the code reads ----------------------------------------------------------

def data_of(response):
    """The list a v1 ``{status, pagination, data:[...]}`` envelope carries, or a bare v2-style list."""
    if isinstance(response.body, list):
        return response.body
    body = answers.body_object(response)
    if 'data' not in body:
        raise answers.unexpected(response, 'the body has no "data"')
    if not isinstance(body['data'], list):
        raise answers.unexpected(response, '"data" is %s, not a list' % answers.kind_of(body['data']))
    return body['data']


def items_of(response):
    """The objects of a listing, either envelope (apps; users go through ``users_of``)."""
    return answers.objects(response, data_of(response), '"data"' if isinstance(response.body, dict) else 'the body')


def users_of(response):
    """The users of a listing page, each with an integer id and the fields matched on of the right type.

    A bare list is a listing only with the paging headers v2 sends: without a word of them, an
    empty list would read as "no such user" and a create would follow.
    """
    if isinstance(response.body, list) and all(response.headers.get(name) is None for name in V2_PAGING_HEADERS):
        raise answers.unexpected(response, 'the body is a list without any paging header (%s): neither a v1 '
                                           'envelope nor a v2 listing' % ', '.join(V2_PAGING_HEADERS))
    users = answers.identified(response, items_of(response), answers.INTEGER)
    for position, user in enumerate(users):
        check_user(response, user, 'item %d ' % position)
    return users


def check_user(response, user, where=''):
    """Fields matched as text, or compared as an object, are of that type (or left out)."""
    for name in ('username', 'email'):
        answers.optional_string(response, user.get(name), '%s"%s"' % (where, name))
    custom = user.get('custom_attributes')
    if custom is not None and not isinstance(custom, dict):
        raise answers.unexpected(response, '%s"custom_attributes" is %s, not an object'
                                 % (where, answers.kind_of(custom)))


def one_user(response, user_id=None):
    """The user of a v1 ``{status, data:[user]}`` answer or of a bare ``user``: an object with an integer id.

    With ``user_id``, the id must be the one asked for: a write addresses it next.
    """
    body = answers.body_object(response)
    if 'data' in body:
        data = answers.field_list(response, 'data')
        if len(data) != 1:
            raise answers.unexpected(response, '"data" holds %d items, not one' % len(data))
        body = data[0]
    answers.check_id(response, body.get('id'), answers.INTEGER)
    check_user(response, body)
    if user_id is not None and body['id'] != int(user_id):
        raise answers.unexpected(response, '"id" is %s, not the id asked for (%s)' % (body['id'], user_id))
    return body


def role_ids_of(response):
    """The role ids of ``GET /api/1/users/{id}/roles``; the API nests them one level (``data: [[1, 2]]``) unlike its spec."""
    data = data_of(response)
    if data and isinstance(data[0], list):
        data = [role for group in data for role in (group if isinstance(group, list) else [group])]
    return [answers.check_id(response, role, answers.INTEGER, 'role %d' % position)
            for position, role in enumerate(data)]


def roles_of(response):
    """The roles of a v2 ``GET /api/2/roles`` page (a bare list): objects with an integer id and a text name."""
    roles = answers.identified(response, answers.body_list(response), answers.INTEGER)
    for position, role in enumerate(roles):
        answers.optional_string(response, role.get('name'), 'item %d "name"' % position)
    return roles


# Paging: v1 cursors in the body, v2 cursors or page numbers in headers ------------------------

def header_count(name):
    """Reads the count header ``name`` (None when absent); one that is not a count fails the walk."""
    return lambda response: answers.optional_count(response, response.headers.get(name), 'the %s header' % name)


def next_page_query(response):
    """The cursor of the next page (v1 body or v2 header), else the next page number, else None.

    A cursor or page number of the wrong type fails: read as "no next page", it would end the
    walk early and hide a user (then created twice).
    """
    body = response.body
    pagination = body.get('pagination') if isinstance(body, dict) else None
    if pagination is not None:
        if not isinstance(pagination, dict):
            raise answers.unexpected(response, '"pagination" is %s, not an object' % answers.kind_of(pagination))
        cursor = answers.optional_string(response, pagination.get('after_cursor'), '"pagination.after_cursor"')
    else:
        cursor = answers.optional_string(response, response.headers.get('After-Cursor'), 'the After-Cursor header')
    if cursor:
        return {'cursor': cursor}
    current, total = header_count('Current-Page')(response), header_count('Total-Pages')(response)
    if current is None or total is None:
        return None
    return {'page': current + 1} if current < total else None


def every_page(client, path, items, params):
    """The items of every page of ``path``, 100 a page; a v2-style ``Total-Count`` ends the walk exactly where it says."""
    query = dict(params)
    query['limit'] = PAGE_SIZE
    return follow_items(client, path, items, next_page_query, params=query, total_items=header_count('Total-Count'))


# Paths -----------------------------------------------------------------------------------------

def user_path(user_id, action=None, what='id'):
    """``/api/1/users/{id}`` (then ``/action``); an id that is not an integer is refused, naming ``what``."""
    path = paths.api_path(USERS_PATH + '/{}', paths.integer_segment(user_id, what))
    return path + '/' + action if action else path


def password_path(action, user_id):
    """The password endpoints put the action before the id: ``/api/1/users/<action>/{id}``."""
    return paths.api_path('/'.join((USERS_PATH, action, '{}')), paths.integer_segment(user_id))


def write_query(mappings=None, validate_policy=None):
    """The query of a user create or update: when to apply the mappings, whether to check the user policy."""
    query = {}
    if mappings:
        query['mappings'] = mappings
    if validate_policy is not None:
        query['validate_policy'] = str(validate_policy).lower()
    return query


# Endpoints: one function each ------------------------------------------------------------------

def generate_token(client, basic):
    """``POST /auth/oauth2/v2/token`` with the client credentials (``basic``): the access token."""
    answer = client.post(TOKEN_PATH, json_body={'grant_type': 'client_credentials'},
                         headers={'Authorization': 'Basic %s' % basic},
                         authenticate=False, is_write=False)
    body = answers.body_object(answer)
    if 'data' in body:
        body = (answers.field_list(answer, 'data') or [body])[0]   # the older {status, data:[{...}]} wrapping
    token = body.get('access_token')
    if not isinstance(token, str) or not token.strip():
        # never shown: it may be the token after all
        raise answers.unexpected(answer, '"access_token" is %s, not a non-empty string' % (
            'an empty string' if isinstance(token, str) else answers.kind_of(token)))
    return token


def list_users(client, filters=None):
    """``GET /api/1/users`` with ``filters`` (``LIST_FILTERS``, ``custom_attributes.<name>``): users, page after page."""
    return every_page(client, USERS_PATH, users_of, filters or {})


def get_user(client, user_id):
    """``GET /api/1/users/{id}``: the user, or None when there is none (404)."""
    answer = client.get(user_path(user_id), ok_statuses=(404,))
    return None if answer.status == 404 else one_user(answer, user_id)


def create_user(client, fields, mappings=None, validate_policy=None):
    """``POST /api/1/users``: the user created."""
    response = client.post(USERS_PATH, json_body=fields, params=write_query(mappings, validate_policy))
    created = one_user(response)
    for key in ('username', 'email'):
        answers.created_as_sent(response, created, key, fields.get(key))
    return created


def update_user(client, user_id, fields, mappings=None, validate_policy=None):
    """``PUT /api/1/users/{id}`` with the fields to change: the user as it is now."""
    return one_user(client.put(user_path(user_id), json_body=fields, params=write_query(mappings, validate_policy)),
                    user_id)


def delete_user(client, user_id):
    """``DELETE /api/1/users/{id}``."""
    client.delete(user_path(user_id))


def set_user_state(client, user_id, state):
    """``PUT /api/1/users/{id}/set_state`` with the state's code."""
    client.put(user_path(user_id, 'set_state'), json_body={'state': state})


def set_password_clear_text(client, user_id, password, validate_policy=None):
    """``PUT /api/1/users/set_password_clear_text/{id}``."""
    body = {'password': password, 'password_confirmation': password}
    if validate_policy is not None:
        body['validate_policy'] = validate_policy
    client.put(password_path('set_password_clear_text', user_id), json_body=body)


def set_password_using_salt(client, user_id, digest, salt, algorithm):
    """``PUT /api/1/users/set_password_using_salt/{id}`` with the salted digest (never the password)."""
    client.put(password_path('set_password_using_salt', user_id), json_body={
        'password': digest, 'password_confirmation': digest, 'password_algorithm': algorithm, 'password_salt': salt})


def lock_user(client, user_id, minutes):
    """``PUT /api/1/users/{id}/lock_user`` for ``minutes`` (0: the user policy's period)."""
    client.put(user_path(user_id, 'lock_user'), json_body={'locked_until': minutes})


def logout_user(client, user_id):
    """``PUT /api/1/users/{id}/logout``: ends every session of the user."""
    client.put(user_path(user_id, 'logout'), json_body={})


def get_user_role_ids(client, user_id, missing_ok=False, what='id'):
    """``GET /api/1/users/{id}/roles``: the user's role ids.

    With ``missing_ok``, None when there is no such user (404) instead of a failure.
    """
    answer = client.get(user_path(user_id, 'roles', what), ok_statuses=(404,) if missing_ok else None)
    return None if answer.status == 404 else role_ids_of(answer)


def add_user_roles(client, user_id, role_ids):
    """``PUT /api/1/users/{id}/add_roles``."""
    client.put(user_path(user_id, 'add_roles'), json_body={'role_id_array': role_ids})


def remove_user_roles(client, user_id, role_ids):
    """``PUT /api/1/users/{id}/remove_roles``."""
    client.put(user_path(user_id, 'remove_roles'), json_body={'role_id_array': role_ids})


def get_user_apps(client, user_id, ignore_visibility=False):
    """``GET /api/1/users/{id}/apps``: the apps on the user's portal (with ``ignore_visibility``, the hidden ones too)."""
    answer = client.get(user_path(user_id, 'apps'), params={'ignore_visibility': str(ignore_visibility).lower()})
    return items_of(answer)


def get_custom_attribute_names(client):
    """``GET /api/1/users/custom_attributes``: the names of the account's custom attributes.

    The reference types ``data`` as a list of lists of names; both that and a flat list are read.
    """
    answer = client.get(USERS_PATH + '/custom_attributes')
    names = [name for entry in data_of(answer) for name in (entry if isinstance(entry, list) else [entry])]
    for position, name in enumerate(names):
        if not isinstance(name, str):
            raise answers.unexpected(answer, 'custom attribute name %d is %s, not a string'
                                     % (position, answers.kind_of(name)))
    return names


def list_roles(client, role_name):
    """``GET /api/2/roles?role_name=``: the roles the filter matches (it may match more than the name), every page."""
    return every_page(client, ROLES_PATH, roles_of, {'role_name': role_name})


def list_all_roles(client):
    """``GET /api/2/roles``: every role of the account, every page (no filter)."""
    return every_page(client, ROLES_PATH, roles_of, {})


def role_members_of(response):
    """The members of a ``GET /api/2/roles/{id}/users`` page (a bare list): objects with an integer id."""
    return answers.identified(response, answers.body_list(response), answers.INTEGER)


def list_role_user_ids(client, role_id):
    """``GET /api/2/roles/{id}/users``: the ids of the users holding the role, every page, 100 a page. A member
    the answer says is not assigned (``assigned: false``, what ``include_unassigned`` adds) does not hold it."""
    path = paths.api_path(ROLES_PATH + '/{}/users', paths.integer_segment(role_id, 'role_ids'))
    return [member['id'] for member in every_page(client, path, role_members_of, {})
            if member.get('assigned') is not False]


def get_role(client, role_id, what='id'):
    """``GET /api/2/roles/{id}``: the role, or None when there is none (404); an id that is not an integer is
    refused, naming ``what``."""
    answer = client.get(paths.api_path(ROLES_PATH + '/{}', paths.integer_segment(role_id, what)), ok_statuses=(404,))
    if answer.status == 404:
        return None
    role = answers.body_object(answer)
    if answers.check_id(answer, role.get('id'), answers.INTEGER) != role_id:
        raise answers.unexpected(answer, '"id" is %s, not the id asked for (%s)' % (role['id'], role_id))
    return role
