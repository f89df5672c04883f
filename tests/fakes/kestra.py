# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake Kestra EE UsersApi (seed 001): all 24 operations.

Basic or bearer auth; ``PagedResults{results,total}`` with ``page``/``size``/``sort``;
user search by ``q`` (reference) or ``filters[q][EQUALS]`` (newer spec). Answers as
the reference types them: create user 201 (``create_returns_body`` picks the
reference's empty body or the newer spec's ``ApiUser``), user tokens create 201 and
delete 204, service-account tokens 200 with an untyped object, group update 204.
Tenant-scoped writes answer 404 until the user has access to the tenant (Kestra 2.0).
Groups are listed by ``GET /{tenant}/groups/search`` and service accounts by ``GET /service-accounts``
(instance accounts, ``ApiServiceAccountDetail``) and ``GET /{tenant}/service-accounts`` (the tenant's,
``ApiUserTenantAccess``, whose ``username`` is the account's name), all paged as ``PagedResults``.
``PUT /api/v1/users/{id}`` is a full replace: every field its body leaves out is reset (names
absent, tenants and groups empty, ``restricted`` and ``superAdmin`` false), as is
``PUT /{tenant}/users/{id}/groups`` for the user's groups in that tenant.
Routes match the raw path, so an encoded ``/`` (``%2F``) stays inside its segment; handlers
see the captured segments decoded, the ids the client meant.
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
SEGMENT = r'[^/]+'


def _iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def _now():
    """The service's clock: tokens are issued now, and one whose expiry has passed is listed as expired."""
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)


def _listed(token):
    listed = dict(token)
    if isinstance(token.get('exp'), str) and token['exp'] <= _iso(_now()):   # a test may plant a bad value
        listed['expired'] = True
    return listed


class KestraFake(FakeApi):
    name = 'kestra'
    read_routes = ('autocomplete',)

    def __init__(self, token='kestra-token-0000', username='root@example.com', password='kestra-root-password',
                 create_returns_body=False):
        self.api_tokens = set([token]) if token else set()
        self.create_returns_body = create_returns_body
        self.users = {}
        self.passwords = {}            # user id -> password set through the API
        self.revoked_refresh_tokens = []
        self.groups = {}               # group id -> {id, name, tenant}
        self.service_accounts = {}     # id -> {id, name, tenant}
        self.tokens = {}               # owner path -> {token id -> token}
        self.secrets = {}              # token id -> full token, shown once by create
        self.unique_token_names = False   # True: a service that refuses a second token of the same name
        self.counter = itertools.count(1)
        self.root = self.add_user(email=username, superAdmin=True, instanceOwner=True)
        self.set_password(self.root, password)
        super(KestraFake, self).__init__()

    def routes(self):
        user = r'/api/v1/users/(?P<id>%s)' % SEGMENT
        return [
            ('GET', '/api/v1/users', self.list_users),
            ('POST', '/api/v1/users', self.create_user),
            ('GET', '/api/v1/me', self.current_user),
            ('PUT', '/api/v1/me/password', self.update_current_user_password),
            ('GET', user, self.get_user),
            ('PUT', user, self.update_user),
            ('PATCH', user, self.patch_user),
            ('DELETE', user, self.delete_user),
            ('PATCH', user + '/restricted', self.patch_restricted),
            ('PATCH', user + '/superadmin', self.patch_super_admin),
            ('PATCH', user + '/password', self.patch_password),
            ('DELETE', user + '/refresh-token', self.delete_refresh_token),
            ('DELETE', user + r'/auths/(?P<auth>%s)' % SEGMENT, self.delete_auth_method),
            ('POST', user + '/impersonate', self.impersonate),
            ('POST', r'/api/v1/(?P<tenant>%s)/tenant-access/autocomplete' % SEGMENT, self.autocomplete),
            ('PUT', r'/api/v1/(?P<tenant>%s)/users/(?P<id>%s)/groups' % (SEGMENT, SEGMENT), self.update_user_groups),
            ('GET', r'/api/v1/(?P<tenant>%s)/groups/search' % SEGMENT, self.search_groups),
            ('GET', '/api/v1/service-accounts', self.list_service_accounts),
            ('GET', r'/api/v1/(?P<tenant>%s)/service-accounts' % SEGMENT, self.list_tenant_service_accounts),
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
        # names a user has none of are absent, as the API answers them (strings, never null)
        user = dict(id=self._new_id(), username=email, email=email, displayName=email, tenants=[], groups=[], auths=[],
                    superAdmin=False, instanceOwner=False, restricted=False)
        user.update(fields)
        if 'superAdmin' in fields or 'instanceOwner' in fields:   # one flag under two names
            user['superAdmin'] = user['instanceOwner'] = bool(fields.get('instanceOwner', fields.get('superAdmin')))
        self.users[user['id']] = user
        return user

    def add_group(self, name, tenant):
        group = dict(id=self._new_id(), name=name, tenant=tenant)
        self.groups[group['id']] = group
        return group

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
            email, _sep, password = pair.partition(':')
            user = next((u for u in self.users.values() if u['email'] == email), None)
            has_password_auth = user is not None and any(a['type'] == 'PASSWORD' for a in user['auths'])
            if has_password_auth and password and self.passwords.get(user['id']) == password:
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
        for order in reversed(request.query.get('sort', [])):
            field, _sep, direction = order.partition(':')
            if field not in ('username', 'displayName', 'id'):
                raise BadRequest(400, 'Invalid sort field: %s' % field)
            users.sort(key=lambda u, f=field: u[f] or '', reverse=direction.lower() == 'desc')
        summaries = [dict((k, u[k]) for k in ('id', 'username', 'displayName', 'tenants', 'auths', 'superAdmin',
                                              'instanceOwner'))
                     for u in paginate(users, page, size)]
        return reply(200, {'results': summaries, 'total': len(users)})

    def get_user(self, request):
        return reply(200, self._user(request))

    def _user(self, request):
        user = self.users.get(request.params['id'])
        if user is None:
            raise BadRequest(404, 'User not found')
        return user

    def create_user(self, request):
        body = self._valid_user(request.json(), None)
        user = self.add_user(body['email'])
        self._apply(user, body)
        return reply(201, user if self.create_returns_body else None)

    def update_user(self, request):
        user = self._user(request)
        body = self._valid_user(request.json(), user['id'])
        # a full replace: every field the body leaves out is reset (a password is an auth method, not a field)
        for name in ('firstName', 'lastName'):
            user.pop(name, None)
        user.update(tenants=[], groups=[], restricted=False, superAdmin=False, instanceOwner=False)
        self._apply(user, body)
        return reply(200, user)

    def patch_user(self, request):
        user = self._user(request)
        body = request.json() or {}
        if 'email' in body:
            self._valid_user(dict(body), user['id'])
        for key in ('firstName', 'lastName', 'email'):
            if key in body:
                user[key] = body[key]
        self._rename(user)
        return reply(200, user)

    def delete_user(self, request):
        user = self._user(request)
        del self.users[user['id']]
        return reply(204)

    def patch_restricted(self, request):
        user = self._user(request)
        body = request.json() or {}
        if not isinstance(body.get('restricted'), bool):
            raise BadRequest(400, 'Invalid entity: restricted: must not be null')
        user['restricted'] = body['restricted']
        return reply(200)

    def patch_super_admin(self, request):
        user = self._user(request)
        body = request.json() or {}
        value = body.get('superAdmin', body.get('instanceOwner'))
        if not isinstance(value, bool):
            raise BadRequest(400, 'Invalid entity: superAdmin: must not be null')
        user['superAdmin'] = user['instanceOwner'] = value
        return reply(200)

    def patch_password(self, request):
        user = self._user(request)
        password = (request.json() or {}).get('password')
        if not password:
            raise BadRequest(400, 'Invalid entity: password: must not be blank')
        self.set_password(user, password)
        return reply(200, user)

    def delete_refresh_token(self, request):
        self.revoked_refresh_tokens.append(self._user(request)['id'])
        return reply(204)

    def delete_auth_method(self, request):
        user = self._user(request)
        remaining = [a for a in user['auths'] if a['id'] != request.params['auth']]
        if len(remaining) == len(user['auths']):
            raise BadRequest(404, 'User or auth method not found')
        user['auths'] = remaining
        return reply(200, user)

    def impersonate(self, request):
        self._user(request)
        return reply(200, {}, {'Set-Cookie': 'JWT=impersonated; Path=/; HttpOnly'})

    def current_user(self, request):
        me = self._caller(request)
        return reply(200, {'id': me['id'], 'superAdmin': me['superAdmin'], 'restricted': me['restricted'],
                           'profile': dict((k, me[k]) for k in ('email', 'firstName', 'lastName') if k in me),
                           'auths': me['auths'], 'tenants': me['tenants']})

    def update_current_user_password(self, request):
        body = request.json() or {}
        me = self._caller(request)
        if me is None or self.passwords.get(me['id']) != body.get('oldPassword'):
            raise BadRequest(400, 'Invalid old password')
        if not body.get('newPassword'):
            raise BadRequest(400, 'Invalid entity: newPassword: must not be blank')
        self.set_password(me, body['newPassword'])
        return reply(200, {})

    def autocomplete(self, request):
        tenant = request.params['tenant']
        body = request.json() or {}
        query = (body.get('q') or '').lower()
        found = []
        for user in sorted(self.users.values(), key=lambda u: u['username']):
            has_access = any(t['id'] == tenant for t in user['tenants'])
            if body.get('existingOnly') and not has_access:
                continue
            if body.get('ids') and user['id'] not in body['ids']:
                continue
            if body.get('username') and user['username'] != body['username']:
                continue
            if query and query not in ('%s %s' % (user['username'], user['displayName'])).lower():
                continue
            groups = [dict(id=g['id'], name=self.groups[g['id']]['name'], external=False)
                      for g in user['groups'] if g['tenantId'] == tenant and g['id'] in self.groups]
            found.append(dict(id=user['id'], username=user['username'], displayName=user['displayName'],
                              description=None, groups=groups,
                              auths=[dict(name=a['name'], type=a['type']) for a in user['auths']]))
        return reply(200, found)

    def update_user_groups(self, request):
        tenant = request.params['tenant']
        user = self._user(request)
        if not any(t['id'] == tenant for t in user['tenants']):
            raise BadRequest(404, 'User has no access to tenant %s' % tenant)
        group_ids = (request.json() or {}).get('groupIds')
        if not isinstance(group_ids, list):
            raise BadRequest(400, 'Invalid request payload')
        unknown = [g for g in group_ids if g not in self.groups or self.groups[g]['tenant'] != tenant]
        if unknown:
            raise BadRequest(404, 'User or one of the groups not found: %s' % ', '.join(unknown))
        user['groups'] = [g for g in user['groups'] if g['tenantId'] != tenant] + [
            dict(id=g, tenantId=tenant) for g in group_ids]
        return reply(204)

    # Groups and service accounts (listings) ----------------------------------
    @staticmethod
    def _page(request, items, sortable):
        """One page of ``items`` (``PagedResults{results,total}``), sorted as ``sort`` asks (``field:asc|desc``).

        ``filters`` (marked required by the spec, an array of QueryFilter) is accepted and not applied, like the
        UI's calls that send none: a listing without it is the whole listing."""
        page = request.arg('page', 1, int)
        size = request.arg('size', 10, int)
        if page < 1 or size < 1:
            raise BadRequest(400, 'page and size must be positive')
        for order in reversed(request.query.get('sort', [])):
            field, _sep, direction = order.partition(':')
            if field not in sortable:
                raise BadRequest(400, 'Invalid sort field: %s' % field)
            items.sort(key=lambda item, f=field: item.get(f) or '', reverse=direction.lower() == 'desc')
        return reply(200, {'results': paginate(items, page, size), 'total': len(items)})

    def search_groups(self, request):
        """``GET /{tenant}/groups/search``: the tenant's groups as ``ApiGroupSummary`` (id, name, description)."""
        tenant = request.params['tenant']
        groups = [dict(id=g['id'], name=g['name'], description=g.get('description'))
                  for g in sorted(self.groups.values(), key=lambda g: (g['name'], g['id'])) if g['tenant'] == tenant]
        return self._page(request, groups, ('name', 'id'))

    def list_service_accounts(self, request):
        """``GET /service-accounts`` (superadmin): the instance's service accounts, ``ApiServiceAccountDetail``."""
        accounts = [dict(id=a['id'], name=a['name'], description=a.get('description') or '', tenants=[],
                         superAdmin=False)
                    for a in sorted(self.service_accounts.values(), key=lambda a: (a['name'], a['id']))
                    if a['tenant'] is None]
        return self._page(request, accounts, ('name', 'id'))

    def list_tenant_service_accounts(self, request):
        """``GET /{tenant}/service-accounts``: the tenant's service accounts as the spec types them,
        ``ApiUserTenantAccess`` - the account's name is its ``username`` there."""
        tenant = request.params['tenant']
        accounts = [dict(id=a['id'], username=a['name'], displayName=a['name'], description=a.get('description') or '',
                         groups=[], auths=[])
                    for a in sorted(self.service_accounts.values(), key=lambda a: (a['name'], a['id']))
                    if a['tenant'] == tenant]
        return self._page(request, accounts, ('username', 'id'))

    # Helpers ------------------------------------------------------------------
    def _caller(self, request):
        header = request.headers.get('Authorization') or ''
        if header.startswith('Basic '):
            email = base64.b64decode(header[6:]).decode('utf-8').split(':', 1)[0]
            return next((u for u in self.users.values() if u['email'] == email), None)
        return self.root

    def _valid_user(self, body, user_id):
        if not isinstance(body, dict) or not body.get('email'):
            raise BadRequest(400, 'Invalid entity: email: must not be blank')
        if any(u['email'].lower() == body['email'].lower() and u['id'] != user_id for u in self.users.values()):
            raise BadRequest(409, 'A user with email %s already exists' % body['email'])
        for group_id in body.get('groups') or []:
            if group_id not in self.groups:
                raise BadRequest(404, 'Tenant, or group not found')
        return body

    def _apply(self, user, body):
        for key in ('email', 'firstName', 'lastName', 'restricted'):
            if key in body and body[key] is not None:
                user[key] = body[key]
        owner = body.get('superAdmin', body.get('instanceOwner'))   # the schema's name, and the newer one
        if owner is not None:
            user['instanceOwner'] = user['superAdmin'] = owner
        if 'tenants' in body:
            user['tenants'] = [dict(id=t, name=t) for t in body['tenants'] or []]
        if 'groups' in body:
            user['groups'] = [dict(id=g, tenantId=self.groups[g]['tenant']) for g in body['groups'] or []]
        if body.get('password'):
            self.set_password(user, body['password'])
        self._rename(user)

    def set_password(self, user, password):
        self.passwords[user['id']] = password
        if not any(a['type'] == 'PASSWORD' for a in user['auths']):
            user['auths'].append(dict(id=self._new_id(), name='password', type='PASSWORD'))

    @staticmethod
    def _rename(user):
        user['username'] = user['email']
        names = ' '.join(n for n in (user.get('firstName'), user.get('lastName')) if n)
        user['displayName'] = names or user['email']

    # API tokens -------------------------------------------------------------
    def _owner_path(self, request):
        """(the owner's path, decoded, as ``tokens`` keys it; whether the owner is a user)."""
        owner_id, tenant = request.params['id'], request.params.get('tenant')
        if not re.match(r'^/api/v1/users/[^/]+/api-tokens', request.path):
            account = self.service_accounts.get(owner_id)
            if account is None or account['tenant'] != tenant:
                raise BadRequest(404, 'Service account not found')
            return '/api/v1/%sservice-accounts/%s' % (tenant + '/' if tenant else '', owner_id), False
        if owner_id not in self.users:
            raise BadRequest(404, 'User not found')
        return '/api/v1/users/%s' % owner_id, True

    def list_tokens(self, request):
        owner, _is_user = self._owner_path(request)
        tokens = sorted(self.tokens.get(owner, {}).values(), key=lambda t: t['iat'] + t['id'])
        return reply(200, {'results': [_listed(t) for t in tokens], 'total': len(tokens)})

    def create_token(self, request):
        owner, is_user = self._owner_path(request)
        body = request.json() or {}
        name = body.get('name')
        if not isinstance(name, str) or not TOKEN_NAME.match(name):
            raise BadRequest(400, 'Invalid entity: name: must match "^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$"')
        if body.get('maxAge') is not None and not DURATION.match(body['maxAge']):
            raise BadRequest(400, 'Invalid entity: maxAge: must be an ISO-8601 duration')
        # the reference does not say token names are unique per owner: a rotation holds two for a moment
        if self.unique_token_names and any(t['name'] == name for t in self.tokens.get(owner, {}).values()):
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
                     iat=_iso(_now()), exp=None, lastUsed=None, extended=extended, expired=False)
        if max_age:
            days, hours, minutes, seconds = (int(x or 0) for x in DURATION.match(max_age).groups())
            lifetime = datetime.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
            token['exp'] = _iso(_now() + lifetime)
        return token
