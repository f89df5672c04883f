# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OneLogin: connection options, OAuth2 client credentials, v1 envelopes, user and role lookups.

Every answer is checked for the shape the code uses (``answers``): the v1 ``{status,
pagination, data}`` envelope and the bare v2-style lists alike. Every id that goes into a
path is an integer (OneLogin's are) encoded as one segment (``paths``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib

from ansible_collections.accessops.identity.plugins.module_utils import answers, bulk, common, paths, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, generic_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import follow_items
from ansible_collections.accessops.identity.plugins.module_utils.declaration import UNSET, Option, Resource

TOKEN_PATH = '/auth/oauth2/v2/token'
USERS_PATH = '/api/1/users'
ROLES_PATH = '/api/2/roles'
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
        body = answers.body_object(answer)
        if 'data' in body:
            body = (answers.field_list(answer, 'data') or [body])[0]   # the older {status, data:[{...}]} wrapping
        token = body.get('access_token')
        if not isinstance(token, str) or not token.strip():
            # never shown: it may be the token after all
            raise answers.unexpected(answer, '"access_token" is %s, not a non-empty string' % (
                'an empty string' if isinstance(token, str) else answers.kind_of(token)))
        common.hide_secret(self.module, token)
        self.token = token


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


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, MODULE_KWARGS, **kwargs)


def client_for(module):
    return common.build_client(module, OneLoginAuth(module), error_message)


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


V2_PAGING_HEADERS = ('Total-Count', 'Page-Items', 'Current-Page', 'Total-Pages', 'After-Cursor', 'Before-Cursor')


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


def iter_users(client, filters=None):
    """Users page after page; a v2-style ``Total-Count`` ends the walk exactly where it says."""
    params = dict(filters or {})
    params['limit'] = PAGE_SIZE
    return follow_items(client, USERS_PATH, users_of, next_page_query, params=params,
                        total_items=header_count('Total-Count'))


def one(response, user_id=None):
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


def user_path(user_id, action=None, what='id'):
    """``/api/1/users/{id}`` (then ``/action``); an id that is not an integer is refused, naming ``what``."""
    path = paths.api_path(USERS_PATH + '/{}', paths.integer_segment(user_id, what))
    return path + '/' + action if action else path


def salted_sha256(password, salt):
    """What ``set_password_using_salt`` expects: lower-case hex SHA-256 of salt + cleartext."""
    return hashlib.sha256((salt + password).encode('utf-8')).hexdigest()


def find_user(client, user_id=None, username=None, email=None):
    """The user with this id, or whose username or e-mail matches exactly (ignoring case); or None.

    The list filters also accept wildcards, so each hit is checked; several is an error.
    """
    if user_id is not None:
        answer = client.get(user_path(user_id), ok_statuses=(404,))
        return None if answer.status == 404 else one(answer, user_id)
    field, value = ('username', username) if username is not None else ('email', email)
    hits = [u for u in iter_users(client, {field: value}) if (u.get(field) or '').lower() == value.lower()]
    return common.only_match(hits, 'several OneLogin users have %s %s: ids' % (field, value))


def user_role_ids(client, user_id, missing_ok=False, what='id'):
    """Role ids of a user; the API nests them one level (``data: [[1, 2]]``) unlike its spec.

    With ``missing_ok``, None when there is no such user (404) instead of a failure.
    """
    answer = client.get(user_path(user_id, 'roles', what), ok_statuses=(404,) if missing_ok else None)
    if answer.status == 404:
        return None
    data = data_of(answer)
    if data and isinstance(data[0], list):
        data = [role for group in data for role in (group if isinstance(group, list) else [group])]
    return [answers.check_id(answer, role, answers.INTEGER, 'role %d' % position)
            for position, role in enumerate(data)]


def roles_of(response):
    """The roles of a v2 ``GET /api/2/roles`` page (a bare list): objects with an integer id and a text name."""
    roles = answers.identified(response, answers.body_list(response), answers.INTEGER)
    for position, role in enumerate(roles):
        answers.optional_string(response, role.get('name'), 'item %d "name"' % position)
    return roles


def roles_named(client, name):
    """The roles whose name is ``name``, ignoring case; the ``role_name`` filter may match more, so each is checked."""
    found = follow_items(client, ROLES_PATH, roles_of, next_page_query, params={'role_name': name, 'limit': PAGE_SIZE},
                         total_items=header_count('Total-Count'))
    return [role for role in found if (role.get('name') or '').lower() == name.lower()]


def role_ids_named(client, names):
    """{name: role id} of each name; an unknown name, or one that several roles share, fails (naming the ids)."""
    ids = {}
    for name in names:
        roles = roles_named(client, name)
        if not roles:
            raise common.InputError('roles: no OneLogin role is named %s' % name)
        if len(roles) > 1:
            raise common.InputError('roles: several OneLogin roles are named %s (ids %s); give the one you mean in role_ids'
                                    % (name, ', '.join(str(role['id']) for role in roles)))
        ids[name] = roles[0]['id']
    return ids


def missing_roles(client, role_ids):
    """Those of ``role_ids`` no role has (``GET /api/2/roles/{id}`` answers 404), in order."""
    missing = []
    for role_id in role_ids:
        answer = client.get(paths.api_path(ROLES_PATH + '/{}', paths.integer_segment(role_id, 'role_ids')),
                            ok_statuses=(404,))
        if answer.status == 404:
            missing.append(role_id)
        elif answers.check_id(answer, answers.body_object(answer).get('id'), answers.INTEGER) != role_id:
            raise answers.unexpected(answer, '"id" is %s, not the id asked for (%s)' % (answer.body['id'], role_id))
    return missing


def custom_attribute_names(client):
    """The names of the account's custom attributes; the reference types ``data`` as a list of lists of names."""
    answer = client.get(USERS_PATH + '/custom_attributes')
    names = [name for entry in data_of(answer) for name in (entry if isinstance(entry, list) else [entry])]
    for position, name in enumerate(names):
        if not isinstance(name, str):
            raise answers.unexpected(answer, 'custom attribute name %d is %s, not a string'
                                     % (position, answers.kind_of(name)))
    return names


# Users: what onelogin_user and onelogin_users manage, and how they write it -------------------

PLAIN_FIELDS = ('firstname', 'lastname', 'title', 'department', 'company', 'comment', 'group_id', 'phone',
                'directory_id', 'trusted_idp_id', 'manager_ad_id', 'manager_user_id', 'samaccountname',
                'member_of', 'userprincipalname', 'distinguished_name', 'external_id', 'preferred_locale_code')
INTEGER_FIELDS = ('group_id', 'directory_id', 'trusted_idp_id')
# What a resetting state (replaced, overridden) clears when an entry leaves it out. The User request schema of
# POST/PUT /api/1/users types each as a plain, non-nullable string, so the reset is the empty string, never null.
# Fields that come from a directory (AD/LDAP), the ids, custom attributes and the state are left as they are.
RESET_FIELDS = ('firstname', 'lastname', 'title', 'department', 'company', 'comment', 'phone', 'manager_user_id',
                'preferred_locale_code')
SEPARATE_CALLS = ('state', 'password')   # sent through their own endpoints, not in the user body


def user_options():
    """The options of a OneLogin user, as onelogin_user takes them and each onelogin_users entry does."""
    return ([Option('username', compare=reconcile.CASE_INSENSITIVE, strip=True),
             Option('email', compare=reconcile.CASE_INSENSITIVE, strip=True)]
            + [Option(name, type='int' if name in INTEGER_FIELDS else 'str', reset='' if name in RESET_FIELDS else UNSET)
               for name in PLAIN_FIELDS]
            + [Option('custom_attributes', type='dict', compare=reconcile.SUBSET, text_values=True),
               Option('user_state', api_name='state', words=USER_STATES),
               Option('password', compare=reconcile.WRITE_ONLY, no_log=True)])


# A user is named by its username or by its e-mail (onelogin_users: match_by; onelogin_user: username unless only
# email is given): one declaration a key, from the same options, so both modules judge every option the same way.
USER_OPTIONS = user_options()
USERS = dict((key, Resource('OneLogin user', key, USER_OPTIONS)) for key in ('username', 'email'))
USER = USERS['username']


def entry_options():
    """onelogin_users' ``config`` suboptions: either key may name the user (``match_by``), so the spec requires
    neither; ``bulk.check_options`` requires the one ``match_by`` names."""
    return USER.argument_spec()


def write_query(params):
    query = {}
    if params['mappings']:
        query['mappings'] = params['mappings']
    if params['validate_policy'] is not None:
        query['validate_policy'] = str(params['validate_policy']).lower()
    return query


def create_user(client, params, body):
    """POST the user (no empty text: a create has nothing to clear), then set its state if the answer differs."""
    fields = dict((k, v) for k, v in body.items() if k not in SEPARATE_CALLS and v != '')
    if 'password' in body:
        fields.update(password_body(client, params, body['password']))
    user = one(client.post(USERS_PATH, json_body=fields, params=write_query(params)))
    if 'state' in body and user.get('state') != body['state']:
        user = set_state(client, user, body['state'])
    return user


def update_user(client, params, user, changes):
    fields = dict((k, v) for k, v in changes.items() if k not in SEPARATE_CALLS)
    if fields:
        user = one(client.put(user_path(user['id']), json_body=fields, params=write_query(params)), user['id'])
    if 'state' in changes:
        user = set_state(client, user, changes['state'])
    if 'password' in changes:
        set_password(client, params, user, changes['password'])
    return user


def set_state(client, user, state):
    client.put(user_path(user['id'], 'set_state'), json_body={'state': state})
    return dict(user, state=state)


def password_body(client, params, password):
    """The password fields of a create (User body), clear text or salted digest."""
    if params['password_salt'] is None:
        return {'password': password, 'password_confirmation': password}
    digest = salted_sha256(password, params['password_salt'])
    return {'password': digest, 'password_confirmation': digest,
            'password_algorithm': params['password_algorithm'], 'salt': params['password_salt']}


def password_path(action, user):
    """The password endpoints put the action before the id: ``/api/1/users/<action>/{id}``."""
    return paths.api_path('/'.join((USERS_PATH, action, '{}')), paths.integer_segment(user['id']))


def set_password(client, params, user, password):
    if params['password_salt'] is None:
        body = {'password': password, 'password_confirmation': password}
        if params['validate_policy'] is not None:
            body['validate_policy'] = params['validate_policy']
        client.put(password_path('set_password_clear_text', user), json_body=body)
        return
    digest = salted_sha256(password, params['password_salt'])
    client.put(password_path('set_password_using_salt', user), json_body={
        'password': digest, 'password_confirmation': digest,
        'password_algorithm': params['password_algorithm'], 'password_salt': params['password_salt']})


class OneLoginUsers(bulk.Directory):
    """The account's users: the contract of onelogin_user, and onelogin_users' one cursor walk of
    ``GET /api/1/users``, 100 a page.

    ``key`` names the user (``username`` or ``email``); onelogin_users takes it from ``match_by``.
    """

    def __init__(self, module, client, key=None):
        super(OneLoginUsers, self).__init__(module, client)
        params = module.params
        self.resource = USERS[key or params['match_by']]
        # OneLogin keeps usernames unique, not e-mail addresses: matched by e-mail, the whole directory is read,
        # so that two users with one address fail the run instead of one of them being changed
        self.unique_keys = self.resource.key == 'username'
        # what create and update read; onelogin_users has no salt, so its passwords are sent as clear text
        self.write_params = dict(mappings=params.get('mappings'), validate_policy=params.get('validate_policy'),
                                 password_salt=params.get('password_salt'),
                                 password_algorithm=params.get('password_algorithm'))

    def read_all(self):
        return iter_users(self.client)

    def find(self, values, resource_id=None):
        """The user with this id, else the one whose key (stripped: ``values`` are normalised) matches."""
        if resource_id is not None:
            return find_user(self.client, user_id=resource_id)
        return find_user(self.client, **{self.key: values.get(self.key)})

    def create(self, body):
        return create_user(self.client, self.write_params, body)

    def update(self, user, changes):
        return update_user(self.client, self.write_params, user, changes)

    def delete(self, user):
        self.client.delete(user_path(user['id']))
