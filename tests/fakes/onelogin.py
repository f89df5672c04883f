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
        self.known_roles = set([150001, 150002, 150003, 150007, 150099])
        self.ids = itertools.count(4711)
        super(OneLoginFake, self).__init__()

    def routes(self):
        return [
            ('POST', '/auth/oauth2/v2/token', self.issue_token),
            ('GET', '/api/1/users', self.list_users),
            ('GET', r'/api/1/users/(?P<id>\d+)', self.get_user),
            ('GET', r'/api/1/users/(?P<id>\d+)/roles', self.get_roles),
            ('PUT', r'/api/1/users/(?P<id>\d+)/add_roles', self.add_roles),
            ('PUT', r'/api/1/users/(?P<id>\d+)/remove_roles', self.remove_roles),
        ]

    def add_user(self, username, email=None, roles=(), **fields):
        user_id = next(self.ids)
        user = dict(id=user_id, username=username, email=email or '%s@example.com' % username,
                    firstname=None, lastname=None, status=1, state=1, external_id=None,
                    directory_id=None, samaccountname=None, role_ids=None,
                    created_at='2026-11-22T10:00:00.000Z', updated_at='2026-11-22T10:00:00.000Z')
        user.update(fields)
        self.users[user_id] = user
        self.roles[user_id] = set(roles)
        return user

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
        for name in FILTERS:
            value = request.arg(name)
            if value is not None:
                pattern = re.compile('^%s$' % re.escape(value).replace(r'\*', '.*'), re.IGNORECASE)
                users = [u for u in users if pattern.match(str(u.get(name) or ''))]
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
        user = self._user(request)
        return reply(200, user if self.envelope == 'spec' else self._ok([user]))

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

    def _user(self, request):
        user = self.users.get(int(request.params['id']))
        if user is None:
            raise BadRequest(404, 'User for id %s was not found' % request.params['id'])
        return user
