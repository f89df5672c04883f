# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake ExtremeCloud IQ UserApi (seed 000), all eleven operations, plus ``POST /login`` and ``POST /logout``.

Follows the reference: ``PagedXiq*`` envelopes, limit 1..100, create 201, grant
200, update-external 200 with no body, delete/revoke 200 with no body, ``XiqError``
bodies; ``POST /logout`` revokes the token it carries at once. Not documented there, and
chosen as the real service does: an unknown id is 404, a duplicate login name (or login
name + org for a grant) is 409.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import math
import uuid

from .base import BadRequest, FakeApi, paginate, reply

USER_ROLES = ('ADMINISTRATOR', 'OPERATOR', 'MONITOR', 'HELP_DESK', 'GUEST_MANAGEMENT',
              'OBSERVER', 'INSTALLER', 'APPLICATION_OPERATOR')
USER_FIELDS = ('login_name', 'display_name', 'idle_timeout', 'user_role', 'location_ids',
               'access_scope', 'viq_access_control')
EXTERNAL_FIELDS = ('login_name', 'user_role', 'org_id', 'location_ids', 'access_scope', 'viq_access_control')
NOW = '2026-11-22T10:00:00.000Z'


class XiqFake(FakeApi):
    name = 'xiq'
    auth_paths = ('/login', '/logout')

    def __init__(self, token='xiq-token-0000', username='admin@example.com', password='xiq-admin-password'):
        self.users = {}
        self.external_users = {}
        self.ids = itertools.count(1001)
        self.tokens = set([token]) if token else set()
        self.issued = []    # every token POST /login handed out, in order
        self.username = username
        self.password = password
        self.me = self.add_user(login_name=username, display_name='Account Owner', user_role='ADMINISTRATOR')
        super(XiqFake, self).__init__()

    def routes(self):
        return [
            ('POST', '/login', self.login),
            ('POST', '/logout', self.logout),
            ('GET', '/users/me', self.current_user),
            ('GET', '/users/external', self.list_external_users),
            ('POST', '/users/external', self.grant_external_user),
            ('GET', r'/users/external/(?P<id>\d+)', self.get_external_user),
            ('PATCH', r'/users/external/(?P<id>\d+)', self.update_external_user),
            ('DELETE', r'/users/external/(?P<id>\d+)', self.revoke_external_user),
            ('GET', '/users', self.list_users),
            ('POST', '/users', self.create_user),
            ('GET', r'/users/(?P<id>\d+)', self.get_user),
            ('PATCH', r'/users/(?P<id>\d+)', self.update_user),
            ('DELETE', r'/users/(?P<id>\d+)', self.delete_user),
        ]

    # Seeding and test helpers -------------------------------------------------
    def add_user(self, **fields):
        user_id = next(self.ids)
        user = dict(id=user_id, create_time=NOW, update_time=NOW, org_id=1, idle_timeout=30,
                    location_ids=[], access_scope=0, viq_access_control=0)
        user.update(fields)
        self.users[user_id] = user
        return user

    def add_external_user(self, **fields):
        user_id = next(self.ids)
        user = dict(id=user_id, create_time=NOW, update_time=NOW, org_id=None, location_ids=[],
                    grantee_id=next(self.ids), access_scope=0, viq_access_control=0)
        user.update(fields)
        self.external_users[user_id] = user
        return user

    def expire_tokens(self):
        """Make every issued token invalid, as a day-old JWT would be."""
        self.tokens.clear()

    # Protocol ---------------------------------------------------------------
    def error(self, status, message):
        return reply(status, {
            'error_code': 'INVALID_PARAMS' if status == 400 else 'HTTP_%d' % status,
            'error_id': uuid.uuid4().hex,
            'error_message': message,
            'error_message_code': None,
            'error_message_description': message,
            'error_params': {},
        })

    def authenticate(self, request):
        if request.path == '/login':
            return None
        header = request.headers.get('Authorization') or ''
        if header.startswith('Bearer ') and header[7:] in self.tokens:
            return None
        return self.error(401, 'Invalid or expired token')

    def login(self, request):
        body = request.json() or {}
        if body.get('username') != self.username or body.get('password') != self.password:
            return self.error(401, 'Invalid username or password')
        token = 'jwt-%s' % uuid.uuid4().hex
        self.tokens.add(token)
        self.issued.append(token)
        return reply(200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': 86400})

    def logout(self, request):
        """Revoke the token the request carries (``authenticate`` already refused any other)."""
        self.tokens.discard(request.headers.get('Authorization')[len('Bearer '):])
        return reply(200)

    def current_user(self, request):
        return reply(200, self.me)

    def list_users(self, request):
        return self._page(request, self.users)

    def list_external_users(self, request):
        return self._page(request, self.external_users)

    @staticmethod
    def _page(request, store):
        page = request.arg('page', 1, int)
        limit = request.arg('limit', 10, int)
        if page < 1:
            raise BadRequest(400, 'page must be greater than or equal to 1')
        if not 1 <= limit <= 100:
            raise BadRequest(400, 'limit must be between 1 and 100')
        users = [store[k] for k in sorted(store)]
        data = paginate(users, page, limit)
        return reply(200, {'page': page, 'count': len(data), 'total_pages': int(math.ceil(len(users) / float(limit))),
                           'total_count': len(users), 'data': data})

    def get_user(self, request):
        return reply(200, self._user(request))

    def create_user(self, request):
        body = request.json() or {}
        missing = [f for f in ('login_name', 'display_name', 'idle_timeout', 'user_role') if body.get(f) is None]
        if missing:
            raise BadRequest(400, 'missing required field(s): %s' % ', '.join(missing))
        self._validate(body)
        if any(u['login_name'].lower() == body['login_name'].lower() for u in self.users.values()):
            raise BadRequest(409, 'The login name %s already exists' % body['login_name'])
        fields = dict((k, v) for k, v in body.items() if k in USER_FIELDS)
        return reply(201, self.add_user(**fields))

    def update_user(self, request):
        user = self._user(request)
        body = request.json() or {}
        self._validate(body)
        for key, value in body.items():
            if key in USER_FIELDS:
                user[key] = value
        user['update_time'] = NOW
        return reply(200, user)

    def delete_user(self, request):
        user = self._user(request)
        del self.users[user['id']]
        return reply(200)

    def _user(self, request, store=None):
        user = (self.users if store is None else store).get(int(request.params['id']))
        if user is None:
            raise BadRequest(404, 'User %s not found' % request.params['id'])
        return user

    # External users -----------------------------------------------------------
    def get_external_user(self, request):
        return reply(200, self._user(request, self.external_users))

    def grant_external_user(self, request):
        body = request.json() or {}
        missing = [f for f in ('login_name', 'user_role') if body.get(f) is None]
        if missing:
            raise BadRequest(400, 'missing required field(s): %s' % ', '.join(missing))
        self._validate(body)
        for user in self.external_users.values():
            if user['login_name'].lower() == body['login_name'].lower() and user['org_id'] == body.get('org_id'):
                raise BadRequest(409, 'External access for %s already granted' % body['login_name'])
        fields = dict((k, v) for k, v in body.items() if k in EXTERNAL_FIELDS)
        return reply(200, self.add_external_user(**fields))

    def update_external_user(self, request):
        user = self._user(request, self.external_users)
        body = request.json() or {}
        if 'login_name' in body:
            raise BadRequest(400, 'login_name of an external user cannot be changed')
        self._validate(body)
        for key, value in body.items():
            if key in EXTERNAL_FIELDS:
                user[key] = value
        user['update_time'] = NOW
        return reply(200)

    def revoke_external_user(self, request):
        user = self._user(request, self.external_users)
        del self.external_users[user['id']]
        return reply(200)

    @staticmethod
    def _validate(body):
        if body.get('user_role') is not None and body['user_role'] not in USER_ROLES:
            raise BadRequest(400, 'Invalid user_role: %s' % body['user_role'])
        idle = body.get('idle_timeout')
        if idle is not None and not (isinstance(idle, int) and 5 <= idle <= 240):
            raise BadRequest(400, 'idle_timeout must be between 5 and 240 minutes')
        for name in ('access_scope', 'viq_access_control'):
            if body.get(name) not in (None, 0, 1):
                raise BadRequest(400, '%s must be 0 or 1' % name)
