# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake Kestra EE UsersApi (seed 001): users and the API-token families.

Basic or bearer auth; ``PagedResults{results,total}`` with ``page``/``size``; user
search by ``q`` (reference) or ``filters[q][EQUALS]`` (newer spec). Token answers as
the reference types them: user tokens create 201 with ``CreateApiTokenResponse``
and delete 204; service-account tokens answer 200 with an untyped object.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import datetime
import itertools
import re
import uuid

from .base import BadRequest, FakeApi, paginate, reply

TOKEN_NAME = re.compile(r'^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$')
DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$')
ISSUED_AT = datetime.datetime(2026, 11, 22, 10, 0, 0)
SEGMENT = r'[^/]+'


def _iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


class KestraFake(FakeApi):
    name = 'kestra'

    def __init__(self, token='kestra-token-0000', username='root@example.com', password='kestra-root-password'):
        self.api_tokens = set([token]) if token else set()
        self.basic = (username, password)
        self.users = {}
        self.service_accounts = {}     # id -> {id, name, tenant}
        self.tokens = {}               # owner path -> {token id -> token}
        self.secrets = {}              # token id -> full token, shown once by create
        self.counter = itertools.count(1)
        self.add_user(email=username, superAdmin=True)
        super(KestraFake, self).__init__()

    def routes(self):
        return [
            ('GET', '/api/v1/users', self.list_users),
            ('GET', r'/api/v1/users/(?P<id>%s)' % SEGMENT, self.get_user),
            ('GET', r'/api/v1/users/(?P<id>%s)/api-tokens' % SEGMENT, self.list_tokens),
            ('POST', r'/api/v1/users/(?P<id>%s)/api-tokens' % SEGMENT, self.create_token),
            ('DELETE', r'/api/v1/users/(?P<id>%s)/api-tokens/(?P<token>%s)' % (SEGMENT, SEGMENT), self.delete_token),
            ('GET', r'/api/v1/service-accounts/(?P<id>%s)/api-tokens' % SEGMENT, self.list_tokens),
            ('POST', r'/api/v1/service-accounts/(?P<id>%s)/api-tokens' % SEGMENT, self.create_token),
            ('DELETE', r'/api/v1/service-accounts/(?P<id>%s)/api-tokens/(?P<token>%s)' % (SEGMENT, SEGMENT),
             self.delete_token),
            ('GET', r'/api/v1/(?P<tenant>%s)/service-accounts/(?P<id>%s)/api-tokens' % (SEGMENT, SEGMENT),
             self.list_tokens),
            ('POST', r'/api/v1/(?P<tenant>%s)/service-accounts/(?P<id>%s)/api-tokens' % (SEGMENT, SEGMENT),
             self.create_token),
            ('DELETE', r'/api/v1/(?P<tenant>%s)/service-accounts/(?P<id>%s)/api-tokens/(?P<token>%s)'
             % (SEGMENT, SEGMENT, SEGMENT), self.delete_token),
        ]

    # Seeding ----------------------------------------------------------------
    def _new_id(self):
        return '%s%04d' % (uuid.uuid4().hex[:8], next(self.counter))

    def add_user(self, email, **fields):
        user = dict(id=self._new_id(), username=email, email=email, displayName=email, firstName=None,
                    lastName=None, tenants=[], groups=[], auths=[], superAdmin=False, restricted=False)
        user.update(fields)
        self.users[user['id']] = user
        return user

    def add_service_account(self, name, tenant=None):
        account = dict(id=self._new_id(), name=name, tenant=tenant)
        self.service_accounts[account['id']] = account
        return account

    def add_token(self, owner_path, name, **fields):
        token = self._token(name, fields.pop('maxAge', None), fields.pop('extended', False), fields.get('description'))
        token.update(fields)
        self.secrets[token['id']] = 'kestra_%s_%s' % (token['prefix'][7:], uuid.uuid4().hex)
        self.tokens.setdefault(owner_path, {})[token['id']] = token
        return token

    # Protocol ---------------------------------------------------------------
    def error(self, status, message):
        body = {'message': message, '_links': {'self': {'href': '', 'templated': False}}}
        if status == 400:
            body['_embedded'] = {'errors': [{'message': message}]}
        return reply(status, body)

    def authenticate(self, request):
        header = request.headers.get('Authorization') or ''
        if header.startswith('Bearer ') and header[7:] in self.api_tokens:
            return None
        if header.startswith('Basic '):
            try:
                pair = base64.b64decode(header[6:]).decode('utf-8')
            except ValueError:
                pair = ''
            if tuple(pair.split(':', 1)) == self.basic:
                return None
        return reply(401, {'message': 'Unauthorized'}, {'WWW-Authenticate': 'Basic realm="Kestra"'})

    # Users ------------------------------------------------------------------
    def list_users(self, request):
        page = request.arg('page', 1, int)
        size = request.arg('size', 10, int)
        if page < 1 or size < 1:
            raise BadRequest(400, 'page and size must be positive')
        query = request.arg('q') or request.arg('filters[q][EQUALS]') or ''
        users = [u for u in self.users.values()
                 if not query or query.lower() in ('%s %s' % (u['username'], u['displayName'])).lower()]
        users.sort(key=lambda u: u['username'])
        summaries = [dict((k, u[k]) for k in ('id', 'username', 'displayName', 'tenants', 'auths', 'superAdmin'))
                     for u in paginate(users, page, size)]
        return reply(200, {'results': summaries, 'total': len(users)})

    def get_user(self, request):
        user = self.users.get(request.params['id'])
        if user is None:
            raise BadRequest(404, 'User not found')
        return reply(200, user)

    # API tokens -------------------------------------------------------------
    def _owner_path(self, request):
        owner_id = request.params['id']
        if '/service-accounts/' in request.path:
            account = self.service_accounts.get(owner_id)
            if account is None or account['tenant'] != request.params.get('tenant'):
                raise BadRequest(404, 'Service account not found')
            return request.path.split('/api-tokens')[0], False
        if owner_id not in self.users:
            raise BadRequest(404, 'User not found')
        return request.path.split('/api-tokens')[0], True

    def list_tokens(self, request):
        owner, _is_user = self._owner_path(request)
        tokens = sorted(self.tokens.get(owner, {}).values(), key=lambda t: t['iat'] + t['id'])
        return reply(200, {'results': tokens, 'total': len(tokens)})

    def create_token(self, request):
        owner, is_user = self._owner_path(request)
        body = request.json() or {}
        name = body.get('name')
        if not isinstance(name, str) or not TOKEN_NAME.match(name):
            raise BadRequest(400, 'Invalid entity: name: must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$"')
        if body.get('maxAge') is not None and not DURATION.match(body['maxAge']):
            raise BadRequest(400, 'Invalid entity: maxAge: must be an ISO-8601 duration')
        if any(t['name'] == name for t in self.tokens.get(owner, {}).values()):
            raise BadRequest(409, 'An API token named %s already exists' % name)
        token = self.add_token(owner, name, maxAge=body.get('maxAge'), extended=bool(body.get('extended')),
                               description=body.get('description'))
        answer = {'id': token['id'], 'name': token['name'], 'fullToken': self.secrets[token['id']]}
        return reply(201 if is_user else 200, answer)

    def delete_token(self, request):
        owner, is_user = self._owner_path(request)
        token = self.tokens.get(owner, {}).pop(request.params['token'], None)
        if token is None:
            raise BadRequest(404, 'User, or API Token not found' if is_user else 'API Token not found')
        return reply(204) if is_user else reply(200, {})

    def _token(self, name, max_age, extended, description):
        token_id = uuid.uuid4().hex[:12]
        token = dict(id=token_id, name=name, description=description, prefix='kestra_' + token_id[:6],
                     iat=_iso(ISSUED_AT), exp=None, lastUsed=None, extended=extended, expired=False)
        if max_age:
            days, hours, minutes, seconds = (int(x or 0) for x in DURATION.match(max_age).groups())
            token['exp'] = _iso(ISSUED_AT + datetime.timedelta(days=days, hours=hours, minutes=minutes,
                                                               seconds=seconds))
        return token
