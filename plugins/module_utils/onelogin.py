# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OneLogin: connection options, OAuth2 client credentials, v1 envelopes, user and role lookups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, generic_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import follow_items
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

TOKEN_PATH = '/auth/oauth2/v2/token'
USERS_PATH = '/api/1/users'
PAGE_SIZE = 100   # GET /api/1/users: limit at most 100
# PUT .../set_state takes a number; playbooks use the words.
USER_STATES = {'unapproved': 0, 'approved': 1, 'rejected': 2, 'unlicensed': 3}
LIST_FILTERS = ('created_since', 'created_until', 'updated_since', 'updated_until', 'last_login_since',
                'last_login_until', 'firstname', 'lastname', 'email', 'username', 'samaccountname',
                'directory_id', 'external_id', 'user_ids')
SCOPE_HINT = (' (the API credential lacks a permission: adding or removing roles and setting passwords '
              'need the "Manage All" scope)')


def argument_spec(**resource_options):
    spec = common.connection_argument_spec('ONELOGIN', token=True, client_credentials=True)
    spec.update(resource_options)
    return spec


MODULE_KWARGS = dict(
    required_together=[('api_client_id', 'api_client_secret')],
    required_one_of=[('api_token', 'api_client_id')],
)


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
        answer = client.post(TOKEN_PATH, json_body={'grant_type': 'client_credentials'},
                             headers={'Authorization': 'Basic %s' % basic},
                             authenticate=False, is_write=False)
        body = answer.body if isinstance(answer.body, dict) else {}
        if isinstance(body.get('data'), list) and body['data']:
            body = body['data'][0]   # the older {status, data:[{...}]} wrapping
        token = body.get('access_token')
        if not token:
            raise common.InputError('POST %s answered without an access_token' % TOKEN_PATH)
        common.hide_secret(self.module, token)
        self.token = token


def error_message(response):
    """v1 ``{status:{message}}``, v2 ``{message}``; names the missing scope on a permission 401/403."""
    body = response.body
    message = None
    if isinstance(body, dict) and isinstance(body.get('status'), dict):
        message = body['status'].get('message')
    if not message:
        message = generic_error_message(response)
    if 'insufficient permission' in message.lower():
        message += SCOPE_HINT
    return message


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, MODULE_KWARGS, **kwargs)


def client_for(module):
    return common.build_client(module, OneLoginAuth(module), error_message)


def data_of(response):
    """The payload of a v1 ``{status, pagination, data}`` envelope, or the bare v2-style body."""
    body = response.body
    if isinstance(body, dict) and 'data' in body:
        return body['data']
    return body


def next_page_query(response):
    """The cursor of the next page (v1 body or v2 header), else the next page number, else None."""
    body = response.body
    if isinstance(body, dict) and isinstance(body.get('pagination'), dict):
        cursor = body['pagination'].get('after_cursor')
    else:
        cursor = response.headers.get('After-Cursor')
    if cursor:
        return {'cursor': cursor}
    try:
        current, total = int(response.headers['Current-Page']), int(response.headers['Total-Pages'])
    except (KeyError, TypeError, ValueError):
        return None
    return {'page': current + 1} if current < total else None


def iter_users(client, filters=None):
    params = dict(filters or {})
    params['limit'] = PAGE_SIZE
    return follow_items(client, USERS_PATH, lambda r: data_of(r) or [], next_page_query, params=params)


def one(response):
    """A single resource from a v1 ``{status, data:[x]}`` answer or a bare ``x``."""
    data = data_of(response)
    return data[0] if isinstance(data, list) and data else data


def salted_sha256(password, salt):
    """What ``set_password_using_salt`` expects: lower-case hex SHA-256 of salt + cleartext."""
    return hashlib.sha256((salt + password).encode('utf-8')).hexdigest()


def find_user(client, user_id=None, username=None, email=None):
    """The user with this id, or whose username or e-mail matches exactly (ignoring case); or None.

    The list filters also accept wildcards, so each hit is checked; several is an error.
    """
    if user_id is not None:
        answer = client.get('%s/%s' % (USERS_PATH, user_id), ok_statuses=(404,))
        return None if answer.status == 404 else one(answer)
    field, value = ('username', username) if username is not None else ('email', email)
    hits = [u for u in iter_users(client, {field: value}) if (u.get(field) or '').lower() == value.lower()]
    return common.only_match(hits, 'several OneLogin users have %s %s: ids' % (field, value))


def user_role_ids(client, user_id, missing_ok=False):
    """Role ids of a user; the API nests them one level (``data: [[1, 2]]``) unlike its spec.

    With ``missing_ok``, None when there is no such user (404) instead of a failure.
    """
    answer = client.get('%s/%s/roles' % (USERS_PATH, user_id), ok_statuses=(404,) if missing_ok else None)
    if answer.status == 404:
        return None
    data = data_of(answer) or []
    if data and isinstance(data[0], list):
        data = [role for group in data for role in group]
    return [int(role) for role in data]


# Users: what onelogin_user and onelogin_users manage, and how they write it -------------------

PLAIN_FIELDS = ('firstname', 'lastname', 'title', 'department', 'company', 'comment', 'group_id', 'phone',
                'directory_id', 'trusted_idp_id', 'manager_ad_id', 'manager_user_id', 'samaccountname',
                'member_of', 'userprincipalname', 'distinguished_name', 'external_id', 'preferred_locale_code')
USER_FIELDS = [Field(name) for name in PLAIN_FIELDS] + [
    Field('username', kind=reconcile.CASE_INSENSITIVE),
    Field('email', kind=reconcile.CASE_INSENSITIVE),
    Field('custom_attributes', kind=reconcile.SUBSET),
    Field('user_state', 'state'),
    Field('password', kind=reconcile.WRITE_ONLY),
]
INTEGER_FIELDS = ('group_id', 'directory_id', 'trusted_idp_id')
SEPARATE_CALLS = ('state', 'password')   # sent through their own endpoints, not in the user body


def plain_field_options():
    """Argument specs of the plain user fields, shared by onelogin_user and onelogin_users' entries."""
    return dict((name, dict(type='int' if name in INTEGER_FIELDS else 'str')) for name in PLAIN_FIELDS)


def coded(params):
    """A copy of the parameters with ``user_state`` as the number ``set_state`` takes."""
    values = dict(params)
    if values.get('user_state') is not None:
        values['user_state'] = USER_STATES[values['user_state']]
    return values


def user_path(user):
    return '%s/%s' % (USERS_PATH, user['id'])


def write_query(params):
    query = {}
    if params['mappings']:
        query['mappings'] = params['mappings']
    if params['validate_policy'] is not None:
        query['validate_policy'] = str(params['validate_policy']).lower()
    return query


def create_user(client, params, body):
    fields = dict((k, v) for k, v in body.items() if k not in SEPARATE_CALLS)
    if 'password' in body:
        fields.update(password_body(client, params, body['password']))
    user = one(client.post(USERS_PATH, json_body=fields, params=write_query(params)))
    if 'state' in body and user.get('state') != body['state']:
        user = set_state(client, user, body['state'])
    return user


def update_user(client, params, user, changes):
    fields = dict((k, v) for k, v in changes.items() if k not in SEPARATE_CALLS)
    if fields:
        user = one(client.put(user_path(user), json_body=fields, params=write_query(params)))
    if 'state' in changes:
        user = set_state(client, user, changes['state'])
    if 'password' in changes:
        set_password(client, params, user, changes['password'])
    return user


def set_state(client, user, state):
    client.put(user_path(user) + '/set_state', json_body={'state': state})
    return dict(user, state=state)


def password_body(client, params, password):
    """The password fields of a create (User body), clear text or salted digest."""
    if params['password_salt'] is None:
        return {'password': password, 'password_confirmation': password}
    digest = salted_sha256(password, params['password_salt'])
    return {'password': digest, 'password_confirmation': digest,
            'password_algorithm': params['password_algorithm'], 'salt': params['password_salt']}


def set_password(client, params, user, password):
    if params['password_salt'] is None:
        body = {'password': password, 'password_confirmation': password}
        if params['validate_policy'] is not None:
            body['validate_policy'] = params['validate_policy']
        client.put('%s/set_password_clear_text/%s' % (USERS_PATH, user['id']), json_body=body)
        return
    digest = salted_sha256(password, params['password_salt'])
    client.put('%s/set_password_using_salt/%s' % (USERS_PATH, user['id']), json_body={
        'password': digest, 'password_confirmation': digest,
        'password_algorithm': params['password_algorithm'], 'password_salt': params['password_salt']})


class OneLoginUsers(bulk.Directory):
    """The account's users for onelogin_users: one cursor walk of ``GET /api/1/users``, 100 a page."""

    fields = ()
    cleared = dict((name, None) for name in ('firstname', 'lastname', 'title', 'department', 'company', 'comment',
                                             'phone', 'manager_user_id', 'preferred_locale_code'))

    def __init__(self, module, client):
        super(OneLoginUsers, self).__init__(module, client)
        self.key = module.params['match_by']
        self.fields = [field for field in USER_FIELDS if field.option != self.key]
        # the options create and update read: bulk runs send clear-text passwords only
        self.write_params = dict(mappings=module.params['mappings'], validate_policy=module.params['validate_policy'],
                                 password_salt=None, password_algorithm=None)

    def read_all(self):
        return iter_users(self.client)

    def coded(self, entry):
        return coded(entry)

    def to_config(self, user):
        states = dict((number, word) for word, number in USER_STATES.items())
        config = dict((name, user.get(name)) for name in ('username', 'email') + PLAIN_FIELDS)
        config.update(custom_attributes=user.get('custom_attributes') or {}, user_state=states.get(user.get('state')))
        return config

    def create(self, body):
        return create_user(self.client, self.write_params, body)

    def update(self, user, changes):
        return update_user(self.client, self.write_params, user, changes)

    def delete(self, user):
        self.client.delete(user_path(user))
