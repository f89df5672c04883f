# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake OneLogin Users v1 API (seed 003) with its OAuth2 token endpoint.

As the real service answers (shared/VENDORS.md 3.1): v1 envelope
``{status, pagination, data}`` with the cursor in the body, role ids nested one
level (``data: [[1, 2]]``), ``{status:{error, code, type, message}}`` bodies,
``Bearer`` or ``bearer:`` resource auth, Basic or legacy ``client_id:…,
client_secret:…`` token auth. ``envelope='spec'`` serves the shapes the OpenAPI
document (and so the vendor's SDK) expects instead: bare arrays with paging
headers, flat role ids and a flat ``Error`` on the action endpoints.

Roles are read through v2 (``GET /api/2/roles``, ``GET /api/2/roles/{id}``), which answers bare
arrays with paging headers in either envelope; its ``role_name`` filter matches part of a name,
ignoring case (so a module must check for the exact name itself), and its errors are
``{statusCode, name, message}``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import itertools
import re
import uuid

from .base import BadRequest, FakeApi, reply

STATUS_TYPES = {400: 'bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
                422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error'}
FILTERS = ('username', 'email', 'firstname', 'lastname', 'samaccountname', 'external_id', 'directory_id')
TIME_FILTERS = {'created_since': ('created_at', 1), 'created_until': ('created_at', -1),
                'updated_since': ('updated_at', 1), 'updated_until': ('updated_at', -1),
                'last_login_since': ('last_login', 1), 'last_login_until': ('last_login', -1)}
WRITABLE = ('username', 'email', 'firstname', 'lastname', 'title', 'department', 'company', 'comment',
            'group_id', 'role_ids', 'phone', 'directory_id', 'trusted_idp_id', 'manager_ad_id',
            'manager_user_id', 'samaccountname', 'member_of', 'userprincipalname', 'distinguished_name',
            'external_id', 'preferred_locale_code', 'state', 'status')
NOW = '2026-11-22T10:00:00.000Z'
PASSWORD_PENDING, ACTIVE, LOCKED = 7, 1, 3


SUCCESS = {'error': False, 'code': 200, 'type': 'success', 'message': 'Success'}


class OneLoginFake(FakeApi):
    name = 'onelogin'
    auth_paths = ('/auth/oauth2/v2/token',)

    def __init__(self, client_id='onelogin-client-id', client_secret='onelogin-client-secret',
                 token=None, envelope='v1', scope='manage_all'):
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens = set([token]) if token else set()
        self.envelope = envelope            # 'v1' as the service answers, 'spec' as its OpenAPI says
        self.scope = scope                  # 'manage_all', or 'manage_users' (too little for roles)
        self.users = {}
        self.roles = {}                     # user id -> set of role ids
        self.role_names = {150001: 'Employees', 150002: 'Engineering', 150003: 'Sales', 150007: 'On-call',
                           150099: 'Admin'}     # role id -> name; names need not be unique
        self.custom_attribute_names = ['cost_center', 'badge']
        self.passwords = {}                 # user id -> what the last password call stored
        self.sessions_ended = []            # user ids logged out
        self.apps = {}                      # user id -> list of app dicts
        self.ids = itertools.count(4711)
        super(OneLoginFake, self).__init__()

    def routes(self):
        return [
            ('POST', '/auth/oauth2/v2/token', self.issue_token),
            ('GET', '/api/1/users', self.list_users),
            ('POST', '/api/1/users', self.create_user),
            ('GET', '/api/1/users/custom_attributes', self.custom_attributes),
            ('PUT', r'/api/1/users/set_password_clear_text/(?P<id>\d+)', self.set_password_clear_text),
            ('PUT', r'/api/1/users/set_password_using_salt/(?P<id>\d+)', self.set_password_using_salt),
            ('GET', r'/api/1/users/(?P<id>\d+)', self.get_user),
            ('PUT', r'/api/1/users/(?P<id>\d+)', self.update_user),
            ('DELETE', r'/api/1/users/(?P<id>\d+)', self.delete_user),
            ('GET', r'/api/1/users/(?P<id>\d+)/apps', self.get_apps),
            ('PUT', r'/api/1/users/(?P<id>\d+)/set_state', self.set_state),
            ('PUT', r'/api/1/users/(?P<id>\d+)/lock_user', self.lock_user),
            ('PUT', r'/api/1/users/(?P<id>\d+)/logout', self.logout),
            ('GET', r'/api/1/users/(?P<id>\d+)/roles', self.get_roles),
            ('PUT', r'/api/1/users/(?P<id>\d+)/add_roles', self.add_roles),
            ('PUT', r'/api/1/users/(?P<id>\d+)/remove_roles', self.remove_roles),
            ('GET', '/api/2/roles', self.list_roles),
            ('GET', r'/api/2/roles/(?P<id>[^/]+)/users', self.list_role_users),
            ('GET', r'/api/2/roles/(?P<id>[^/]+)', self.get_role),
        ]

    def add_user(self, username, email=None, roles=(), **fields):
        user_id = next(self.ids)
        user = dict((name, None) for name in WRITABLE)
        user.update(id=user_id, username=username, email=email or '%s@example.com' % username, status=ACTIVE, state=1,
                    created_at=NOW, updated_at=NOW, activated_at=NOW, last_login=None, invitation_sent_at=None,
                    invalid_login_attempts=0, locked_until=None, password_changed_at=None, custom_attributes={})
        user.update(fields)
        self.users[user_id] = user
        self.roles[user_id] = set(roles)
        return user

    @property
    def known_roles(self):
        return set(self.role_names)

    def add_role(self, name, role_id=None):
        role_id = role_id or max(self.role_names) + 1
        self.role_names[role_id] = name
        return role_id

    def expire_tokens(self):
        self.tokens.clear()

    def _ok(self, data=None):
        if self.envelope == 'spec':
            return dict(SUCCESS) if data is None else data
        body = {'status': dict(SUCCESS)}
        if data is not None:
            body['data'] = data
        return body

    # Protocol ---------------------------------------------------------------
    def error(self, status, message):
        return reply(status, {'status': {'error': True, 'code': status,
                                         'type': STATUS_TYPES.get(status, 'error'), 'message': message}})

    def authenticate(self, request):
        if request.path == '/auth/oauth2/v2/token':
            return None
        header = request.headers.get('Authorization') or ''
        match = re.match(r'^(?:Bearer |bearer:)\s*(\S+)$', header)
        if match and match.group(1) in self.tokens:
            return None
        if header and not match:
            return self.error(400, 'Authorization Information is incorrect')
        return self.error(401, 'Authentication Failure')

    def issue_token(self, request):
        header = request.headers.get('Authorization') or ''
        pair = None
        if header.startswith('Basic '):
            try:
                pair = tuple(base64.b64decode(header[6:]).decode('utf-8').split(':', 1))
            except ValueError:
                pair = None
        else:
            legacy = re.match(r'^client_id:\s*([^,]+),\s*client_secret:\s*(\S+)$', header)
            pair = legacy.groups() if legacy else None
        if pair != (self.client_id, self.client_secret):
            return self.error(401, 'Authentication Failure')
        if (request.json() or {}).get('grant_type') != 'client_credentials':
            raise BadRequest(400, 'grant_type must be client_credentials')
        token = uuid.uuid4().hex
        self.tokens.add(token)
        return reply(200, {'access_token': token, 'created_at': '2026-11-22T10:00:00.000Z',
                           'expires_in': 36000, 'refresh_token': None, 'token_type': 'bearer',
                           'account_id': 555555})

    # Users ------------------------------------------------------------------
    def list_users(self, request):
        limit = request.arg('limit', 50, int)
        if not 1 <= limit <= 100:
            raise BadRequest(400, 'limit must be between 1 and 100')
        users = sorted(self.users.values(), key=lambda u: u['id'])
        for name, values in request.query.items():
            if name in FILTERS:
                users = [u for u in users if _matches(values[0], u.get(name))]
            elif name.startswith('custom_attributes.'):
                users = [u for u in users if _matches(values[0], u['custom_attributes'].get(name.split('.', 1)[1]))]
            elif name == 'user_ids':
                wanted = set(int(i) for i in values[0].split(',') if i.strip())
                users = [u for u in users if u['id'] in wanted]
            elif name in TIME_FILTERS:
                field, sign = TIME_FILTERS[name]
                users = [u for u in users if u.get(field) and (u[field] > values[0]) == (sign > 0)]
        start = 0
        cursor = request.arg('cursor')
        if cursor:
            start = int(base64.urlsafe_b64decode(cursor.encode('ascii')).decode('ascii'))
        elif request.arg('page'):
            start = (request.arg('page', 1, int) - 1) * limit
        page = users[start:start + limit]
        after = None
        if start + limit < len(users):
            after = base64.urlsafe_b64encode(str(start + limit).encode('ascii')).decode('ascii')
        if self.envelope == 'spec':
            headers = {'Total-Count': len(users), 'Page-Items': len(page)}
            if after:
                headers['After-Cursor'] = after
            return reply(200, page, headers)
        body = self._ok(page)
        body['pagination'] = {'before_cursor': None, 'after_cursor': after,
                              'previous_link': None, 'next_link': None}
        return reply(200, body)

    def get_user(self, request):
        return self._user_reply(200, self._user(request))

    def _user_reply(self, status, user):
        return reply(status, user if self.envelope == 'spec' else self._ok([user]))

    def create_user(self, request):
        body = self._valid_user(request.json(), None)
        if not body.get('username') and not body.get('email'):
            raise BadRequest(422, 'username or email is required')
        password = self._password_of(body)
        fields = dict((k, v) for k, v in body.items() if k in WRITABLE + ('custom_attributes',))
        user = self.add_user(fields.pop('username', None), email=fields.pop('email', None), **fields)
        if not body.get('email'):
            user['email'] = None
        if password and body.get('password_algorithm'):
            self.passwords[user['id']] = (body['password_algorithm'], password, body.get('salt'))
        elif password:
            self.passwords[user['id']] = ('clear', password)
        if password:
            user['password_changed_at'] = NOW
        else:
            user['status'] = PASSWORD_PENDING
        return self._user_reply(201, user)

    def update_user(self, request):
        user = self._user(request)
        body = self._valid_user(request.json(), user['id'])
        custom = body.pop('custom_attributes', None) or {}
        for key, value in body.items():
            if key in WRITABLE:
                user[key] = value
        user['custom_attributes'].update(custom)
        user['updated_at'] = NOW
        return self._user_reply(200, user)

    def delete_user(self, request):
        user = self._user(request)
        del self.users[user['id']]
        self.roles.pop(user['id'], None)
        return reply(204)

    def custom_attributes(self, request):
        return reply(200, {'status': dict(SUCCESS), 'data': [list(self.custom_attribute_names)]})

    def get_apps(self, request):
        apps = self.apps.get(self._user(request)['id'], [])
        if request.arg('ignore_visibility') not in ('true', 'True'):
            apps = [app for app in apps if app.get('visible', True)]
        apps = [dict((k, v) for k, v in app.items() if k != 'visible') for app in apps]
        return reply(200, apps if self.envelope == 'spec' else self._ok(apps))

    def set_state(self, request):
        user = self._user(request)
        state = (request.json() or {}).get('state')
        if state not in (0, 1, 2, 3):
            raise BadRequest(400, 'state must be one of [0, 1, 2, 3]')
        user['state'] = state
        return reply(200, self._ok())

    def lock_user(self, request):
        user = self._user(request)
        minutes = (request.json() or {}).get('locked_until')
        if not isinstance(minutes, int) or minutes < 0:
            raise BadRequest(400, 'locked_until must be a number of minutes')
        user['status'] = LOCKED
        user['locked_until'] = 'in %d minutes' % minutes if minutes else 'until unlocked'
        return reply(200, self._ok())

    def logout(self, request):
        self.sessions_ended.append(self._user(request)['id'])
        return reply(200, self._ok())

    def set_password_clear_text(self, request):
        user = self._user(request)
        body = request.json() or {}
        self.passwords[user['id']] = ('clear', self._password_of(body, required=True))
        return self._password_set(user)

    def set_password_using_salt(self, request):
        user = self._user(request)
        body = request.json() or {}
        digest = self._password_of(body, required=True)
        if body.get('password_algorithm') != 'salt+sha256':
            raise BadRequest(400, 'password_algorithm must be salt+sha256')
        if not re.match('^[0-9a-f]{64}$', digest):
            raise BadRequest(400, 'password must be a lower-case SHA-256 hex digest')
        if len(body.get('password_salt') or '') > 40:
            raise BadRequest(400, 'password_salt may be up to 40 characters long')
        self.passwords[user['id']] = ('salt+sha256', digest, body.get('password_salt'))
        return self._password_set(user)

    def _password_set(self, user):
        user['password_changed_at'] = NOW
        if user['status'] == PASSWORD_PENDING:
            user['status'] = ACTIVE
        return reply(200, self._ok())

    @staticmethod
    def _password_of(body, required=False):
        password = body.get('password')
        if password is None and not required:
            return None
        if not password or password != body.get('password_confirmation'):
            raise BadRequest(400 if required else 422, 'password and password_confirmation must match')
        return password

    def _valid_user(self, body, user_id):
        if not isinstance(body, dict):
            raise BadRequest(400, 'a User body is required')
        for key in ('username', 'email'):
            value = body.get(key)
            if value and any(u[key] and u[key].lower() == value.lower() and u['id'] != user_id
                             for u in self.users.values()):
                raise BadRequest(422, 'The %s %s is already taken' % (key, value))
        unknown = sorted(set(body.get('custom_attributes') or {}) - set(self.custom_attribute_names))
        if unknown:
            raise BadRequest(422, 'Custom attribute(s) %s do not exist' % ', '.join(unknown))
        return dict(body)

    def get_roles(self, request):
        roles = sorted(self.roles[self._user(request)['id']])
        if self.envelope == 'spec':
            return reply(200, {'status': dict(SUCCESS), 'data': roles})
        return reply(200, self._ok([roles]))

    def add_roles(self, request):
        user, roles = self._role_change(request)
        unknown = sorted(set(roles) - self.known_roles)
        if unknown:
            raise BadRequest(400, 'Role ids %s do not exist' % unknown)
        self.roles[user['id']] |= set(roles)
        return reply(200, self._ok())

    def remove_roles(self, request):
        user, roles = self._role_change(request)
        self.roles[user['id']] -= set(roles)
        return reply(200, self._ok())

    def _role_change(self, request):
        user = self._user(request)
        if self.scope != 'manage_all':
            raise BadRequest(401, 'Insufficient Permission')
        roles = (request.json() or {}).get('role_id_array')
        if not isinstance(roles, list) or not roles:
            raise BadRequest(400, 'role_id_array is required')
        if not all(isinstance(r, int) and r > 0 for r in roles):
            raise BadRequest(400, 'The IDs must be positive integers')
        return user, roles

    def list_roles(self, request):
        limit = request.arg('limit', 50, int)
        if not 1 <= limit <= 100:
            raise BadRequest(400, 'limit must be between 1 and 100')
        roles = [dict(id=role_id, name=name) for role_id, name in sorted(self.role_names.items())]
        wanted = request.arg('role_name')
        if wanted:
            roles = [role for role in roles if wanted.lower() in role['name'].lower()]
        start = 0
        cursor = request.arg('cursor')
        if cursor:
            start = int(base64.urlsafe_b64decode(cursor.encode('ascii')).decode('ascii'))
        page = roles[start:start + limit]
        headers = {'Total-Count': len(roles), 'Page-Items': len(page)}
        if start + limit < len(roles):
            headers['After-Cursor'] = base64.urlsafe_b64encode(str(start + limit).encode('ascii')).decode('ascii')
        return reply(200, page, headers)

    def list_role_users(self, request):
        """``GET /api/2/roles/{id}/users``: the role's members, a bare list with v2 paging headers."""
        limit = request.arg('limit', 50, int)
        if not 1 <= limit <= 100:
            raise BadRequest(400, 'limit must be between 1 and 100')
        role_id = request.params['id']
        if not role_id.isdigit() or int(role_id) not in self.role_names:
            return reply(404, {'statusCode': 404, 'name': 'NotFoundError',
                               'message': "The resource can't be found or the server has not found anything "
                                          'matching the Request-URI'})
        members = [dict(id=user_id, name=' '.join(filter(None, (user.get('firstname'), user.get('lastname')))),
                        username=user.get('username'), assigned=True)
                   for user_id, user in sorted(self.users.items()) if int(role_id) in self.roles.get(user_id, ())]
        start = 0
        cursor = request.arg('cursor')
        if cursor:
            start = int(base64.urlsafe_b64decode(cursor.encode('ascii')).decode('ascii'))
        page = members[start:start + limit]
        headers = {'Total-Count': len(members), 'Page-Items': len(page)}
        if start + limit < len(members):
            headers['After-Cursor'] = base64.urlsafe_b64encode(str(start + limit).encode('ascii')).decode('ascii')
        return reply(200, page, headers)

    def get_role(self, request):
        role_id = request.params['id']
        name = self.role_names.get(int(role_id)) if role_id.isdigit() else None
        if name is None:
            return reply(404, {'statusCode': 404, 'name': 'NotFoundError',
                               'message': "The resource can't be found or the server has not found anything "
                                          'matching the Request-URI'})
        return reply(200, dict(id=int(role_id), name=name))

    def _user(self, request):
        user = self.users.get(int(request.params['id']))
        if user is None:
            raise BadRequest(404, 'User for id %s was not found' % request.params['id'])
        return user


def _matches(pattern, value):
    """OneLogin filters: exact but case-insensitive, with ``*`` as a wildcard."""
    regex = re.compile('^%s$' % re.escape(pattern).replace(r'\*', '.*'), re.IGNORECASE)
    return bool(regex.match(str(value if value is not None else '')))
