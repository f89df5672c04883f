# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OneLogin: connection options, OAuth2 client credentials, v1 envelopes, user and role lookups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib

from ansible_collections.accessops.identity.plugins.module_utils import common
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, generic_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import follow_items

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


def user_role_ids(client, user_id):
    """Role ids of a user; the API nests them one level (``data: [[1, 2]]``) unlike its spec."""
    data = data_of(client.get('%s/%s/roles' % (USERS_PATH, user_id))) or []
    if data and isinstance(data[0], list):
        data = [role for group in data for role in group]
    return [int(role) for role in data]
