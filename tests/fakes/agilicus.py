# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake Agilicus UsersApi (seed 002): all 45 operations.

Users are flat objects, found by exact ``email`` and keyset-paged by
``previous_email`` / ``next_page_email``; everything else is a ``{metadata, spec,
status}`` resource served by one generic store (``SpecCollection``), listed up to
``limit`` (1..500, default 500) with no cursor. Create 201 (409 with the existing
object for a taken natural key), replace 200, delete 204, ``ErrorMessage`` bodies,
bearer auth. A replace (PUT) is a full one: a writable field its body leaves out is reset,
so a module that drops a field from the object it sends back is caught. Routes match the
raw path, so an encoded ``/`` (``%2F``) stays inside its segment; handlers see the
captured segments decoded, the ids the client meant.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import uuid

from .base import BadRequest, FakeApi, reply

NOW = '2026-11-22T10:00:00Z'
USER_WRITABLE = ('email', 'first_name', 'last_name', 'full_name', 'external_id', 'status', 'org_id', 'provider',
                 'configured_attributes', 'inheritable_config', 'cascade', 'auto_created', 'member_of',
                 'disabled_at_time')
USER_STATUSES = ('active', 'pending', 'disabled')


def as_stored(fields):
    """The fields as the service stores them: a date-time comes back in UTC spelled +00:00, not as sent."""
    stored = dict(fields)
    when = stored.get('disabled_at_time')
    if isinstance(when, str):
        try:
            moment = datetime.datetime.fromisoformat(when.replace('Z', '+00:00'))
        except ValueError:
            raise BadRequest(400, 'disabled_at_time is not a date-time: %s' % when)
        if moment.tzinfo is None:
            raise BadRequest(400, 'disabled_at_time has no time zone: %s' % when)
        stored['disabled_at_time'] = moment.astimezone(datetime.timezone.utc).isoformat()
    return stored


def _id():
    return uuid.uuid4().hex[:22]


def _compact(body):
    """Leave unset keys out of an answer, as the service does (its models are not nullable)."""
    return dict((k, v) for k, v in body.items() if v is not None)


class SpecCollection:
    """One kind of ``{metadata, spec, status}`` resource: required fields, natural key, filters."""

    def __init__(self, items_key, required, natural_key, filters=(), user_scoped=False):
        self.items_key = items_key
        self.required = required
        self.natural_key = natural_key
        self.filters = filters          # (query name, spec field)
        self.user_scoped = user_scoped  # lives under /users/{user_id}/...
        self.items = {}
        self.owners = {}                # resource id -> user id, for user-scoped kinds

    def add(self, spec, status=None):
        resource = {'metadata': {'id': _id(), 'created': NOW, 'updated': NOW}, 'spec': dict(spec),
                    'status': status or {}}
        self.items[resource['metadata']['id']] = resource
        return resource

    def valid_spec(self, body):
        spec = (body or {}).get('spec')
        if not isinstance(spec, dict):
            raise BadRequest(400, 'spec is required')
        missing = [name for name in self.required if spec.get(name) in (None, '')]
        if missing:
            raise BadRequest(400, 'spec.%s is required' % ', spec.'.join(missing))
        return dict(spec)

    def same_key(self, spec, other):
        return all(spec.get(k) == other.get(k) for k in self.natural_key)


class AgilicusFake(FakeApi):
    name = 'agilicus'

    def __init__(self, token='agilicus-token-0000'):
        self.tokens = set([token]) if token else set()
        self.users = {}
        self.identity_updates = []
        self.mfa_resets = []
        self.bulk_updates = []
        self.orgs = {}                  # org id -> {id, organisation}
        self.collections = {
            'service_accounts': SpecCollection('service_accounts', ('name', 'org_id'), ('name', 'org_id'),
                                               [('org_id', 'org_id')]),
            'mfa_challenge_methods': SpecCollection(
                'mfa_challenge_methods', ('priority', 'challenge_type', 'endpoint'), ('challenge_type', 'endpoint'),
                [('challenge_type', 'challenge_type'), ('method_origin', 'origin')], user_scoped=True),
            'upstream_user_identities': SpecCollection(
                'upstream_user_identities', ('upstream_user_id', 'upstream_idp_id', 'local_user_id'),
                ('upstream_user_id', 'upstream_idp_id'), user_scoped=True),
            'user_metadata': SpecCollection(
                'user_metadata', ('user_id',), ('user_id', 'org_id', 'app_id', 'data_type', 'name'),
                [('user_id', 'user_id'), ('org_id', 'org_id'), ('app_id', 'app_id'), ('data_type', 'data_type')]),
            'user_requests': SpecCollection(
                'user_requests', ('user_id', 'org_id', 'requested_resource', 'requested_resource_type'),
                ('user_id', 'org_id', 'requested_resource', 'requested_resource_type'),
                [('user_id', 'user_id'), ('org_id', 'org_id'), ('request_state', 'state'),
                 ('request_type', 'requested_resource_type')]),
        }
        self.service_accounts = self.collections['service_accounts'].items
        self.org_identities = {}        # id -> OrgUpstreamUserIdentity (a user's sign-ins through an upstream IdP)
        super(AgilicusFake, self).__init__()

    def routes(self):
        user = r'/users/(?P<user_id>[^/]+)'
        routes = [
            ('GET', '/users', self.list_users),
            ('POST', '/users', self.create_user),
            ('GET', '/users/org_user_roles', self.list_org_user_roles),
            ('GET', '/users_ids', self.list_user_guids),
            ('GET', '/v1/combined_user_details', self.list_combined_user_details),
            ('GET', '/v1/org_upstream_user_identities', self.list_org_upstream_user_identities),
            ('GET', '/v1/access_requests', self.list_access_requests),
            ('GET', '/v1/user_application_access_info', self.list_application_access),
            ('GET', '/v1/user_file_share_access_info', self.list_file_share_access),
            ('POST', '/v1/user_metadata_rpc/bulk_update', self.bulk_update_metadata),
            ('DELETE', r'/v1/orgs/(?P<org_id>[^/]+)/users/(?P<user_id>[^/]+)', self.delete_user),
            ('GET', user, self.get_user),
            ('PUT', user, self.replace_user),
            ('PUT', user + '/roles', self.replace_user_role),
            ('GET', user + '/render_roles', self.list_all_user_roles),
            ('GET', user + '/orgs', self.list_all_user_orgs),
            ('GET', user + '/host_permissions', self.list_user_permissions),
            ('GET', user + '/render_resource_permissions', self.list_all_resource_permissions),
            ('POST', user + '/user_identity_updates', self.create_user_identity_update),
            ('POST', user + '/reset_mfa_challenge_methods', self.reset_mfa),
            ('POST', r'/v1/user_requests/(?P<id>[^/]+)', self.update_user_request),
        ]
        for name, collection in self.collections.items():
            base = (user + '/' + name) if collection.user_scoped else '/v1/' + name
            routes += [
                ('GET', base, self._lister(collection)),
                ('POST', base, self._creator(collection)),
                ('GET', base + r'/(?P<id>[^/]+)', self._getter(collection)),
                ('PUT', base + r'/(?P<id>[^/]+)', self._replacer(collection)),
                ('DELETE', base + r'/(?P<id>[^/]+)', self._deleter(collection)),
            ]
        return routes

    # Seeding ----------------------------------------------------------------
    def add_user(self, email, org_id, **fields):
        user = dict(id=_id(), email=email, org_id=org_id, first_name=None, last_name=None, full_name=None,
                    external_id=None, status='active', enabled=True, type='user', roles={}, provider=None,
                    created=NOW, updated=NOW, upstream_user_identities=[], member_of=[], auto_created=False,
                    orgs=[org_id], resource_roles={})
        user.update(fields)
        user['display_name'] = user['email']
        self.users[user['id']] = user
        self.orgs.setdefault(org_id, {'id': org_id, 'organisation': org_id})
        return user

    def add_service_account(self, name, org_id, **spec):
        body = dict(name=name, org_id=org_id, enabled=True, allowed_sub_orgs=[])
        body.update(spec)
        status = {'user': {'id': _id(), 'org_id': org_id, 'type': 'service_account',
                           'email': '%s@%s.serviceaccounts.agilicus.cloud' % (name, org_id)}}
        return self.collections['service_accounts'].add(body, status)

    def add(self, collection, owner=None, **spec):
        """Seed a spec resource; ``owner`` is the user id a per-user kind lives under."""
        resource = self.collections[collection].add(spec)
        if owner:
            self.collections[collection].owners[resource['metadata']['id']] = owner
        return resource

    # Protocol ---------------------------------------------------------------
    def error(self, status, message):
        return reply(status, {'error_code': 'HTTP_%d' % status, 'error_message': message})

    def authenticate(self, request):
        header = request.headers.get('Authorization') or ''
        if header.startswith('Bearer ') and header[7:] in self.tokens:
            return None
        return self.error(401, 'invalid or missing bearer token')

    @staticmethod
    def _limit(request):
        limit = request.arg('limit', 500, int)
        if not 1 <= limit <= 500:
            raise BadRequest(400, 'limit must be between 1 and 500')
        return limit

    # Generic spec resources -------------------------------------------------
    def _lister(self, collection):
        def list_resources(request):
            limit = self._limit(request)
            found = [r for r in collection.items.values()
                     if all(request.arg(q) is None or str(r['spec'].get(f)).lower() == request.arg(q).lower()
                            for q, f in collection.filters)
                     and self._in_user(collection, request, r)]
            if collection is self.collections['mfa_challenge_methods'] and request.arg('method_status') is not None:
                wanted = request.arg('method_status') == 'true'
                found = [r for r in found if bool(r['spec'].get('enabled', True)) == wanted]
            return reply(200, {collection.items_key: found[:limit], 'limit': limit})
        list_resources.__name__ = 'list_' + collection.items_key
        return list_resources

    def _creator(self, collection):
        def create_resource(request):
            spec = collection.valid_spec(request.json())
            self._check_user_scope(collection, request, spec)
            for existing in collection.items.values():
                if collection.same_key(spec, existing['spec']) and self._in_user(collection, request, existing):
                    return reply(409, existing)
            status = {}
            if collection is self.collections['service_accounts']:
                return reply(201, self.add_service_account(spec.pop('name'), spec.pop('org_id'), **spec))
            if collection is self.collections['user_requests']:
                spec.setdefault('state', 'pending')
                status = {'email': (self.users.get(spec['user_id']) or {}).get('email'), 'expired': False}
            resource = collection.add(spec, status)
            if collection.user_scoped:
                collection.owners[resource['metadata']['id']] = request.params['user_id']
            return reply(201, resource)
        create_resource.__name__ = 'create_' + collection.items_key
        return create_resource

    def _getter(self, collection):
        def get_resource(request):
            return reply(200, self._resource(collection, request))
        get_resource.__name__ = 'get_' + collection.items_key
        return get_resource

    def _replacer(self, collection):
        def replace_resource(request):
            resource = self._resource(collection, request)
            spec = collection.valid_spec(request.json())
            self._check_user_scope(collection, request, spec)
            if 'org_id' in collection.natural_key and spec.get('org_id') != resource['spec'].get('org_id'):
                raise BadRequest(400, 'org_id cannot change')
            if collection is self.collections['user_requests']:
                spec['state'] = resource['spec'].get('state')   # "this method ignores the state parameter"
            resource['spec'] = spec
            resource['metadata']['updated'] = NOW
            return reply(200, resource)
        replace_resource.__name__ = 'replace_' + collection.items_key
        return replace_resource

    def _deleter(self, collection):
        def delete_resource(request):
            resource = self._resource(collection, request)
            del collection.items[resource['metadata']['id']]
            return reply(204)
        delete_resource.__name__ = 'delete_' + collection.items_key
        return delete_resource

    def _resource(self, collection, request):
        resource = collection.items.get(request.params['id'])
        org_id = request.arg('org_id')
        if (resource is None or not self._in_user(collection, request, resource)
                or (org_id and resource['spec'].get('org_id') not in (None, org_id))):
            raise BadRequest(404, '%s %s not found' % (collection.items_key, request.params['id']))
        return resource

    @staticmethod
    def _in_user(collection, request, resource):
        if collection.user_scoped:
            return collection.owners.get(resource['metadata']['id']) == request.params['user_id']
        return True

    def _check_user_scope(self, collection, request, spec):
        if collection.user_scoped and request.params['user_id'] not in self.users:
            raise BadRequest(404, 'User does not exists')
        if collection is self.collections['upstream_user_identities'] and \
                spec.get('local_user_id') != request.params['user_id']:
            raise BadRequest(400, 'spec.local_user_id must be the user of the path')

    def update_user_request(self, request):
        resource = self._resource(self.collections['user_requests'], request)
        state = ((request.json() or {}).get('spec') or {}).get('state')
        if state not in ('pending', 'approved', 'declined'):
            raise BadRequest(400, 'spec.state must be pending, approved or declined')
        resource['spec']['state'] = state
        return reply(200, resource)

    def add_org_upstream_identity(self, user_id, org_id, identity_id, last_login=None):
        """An ``OrgUpstreamUserIdentity``: the user signed in to the org through an upstream IdP, last at ``last_login``."""
        resource = {'metadata': {'id': _id(), 'created': NOW, 'updated': NOW},
                    'spec': _compact({'user_id': user_id, 'org_id': org_id, 'identity_id': identity_id,
                                      'last_login': last_login})}
        self.org_identities[resource['metadata']['id']] = resource
        return resource

    def list_org_upstream_user_identities(self, request):
        """Keyset-paged on ``page_at_id``: a page starts at that id; the answer names the next page's first id."""
        limit = self._limit(request)
        found = sorted((r for r in self.org_identities.values()
                        if all(request.arg(q) is None or r['spec'].get(q) == request.arg(q)
                               for q in ('org_id', 'user_id'))), key=lambda r: r['metadata']['id'])
        start = request.arg('page_at_id') or ''
        found = [r for r in found if r['metadata']['id'] >= start]
        following = found[limit]['metadata']['id'] if len(found) > limit else None
        return reply(200, _compact({'org_upstream_user_identities': found[:limit], 'limit': limit,
                                    'page_at_id': following}))

    # Users ------------------------------------------------------------------
    def list_users(self, request):
        limit = self._limit(request)
        users = sorted(self.users.values(), key=lambda u: u['email'].lower())
        email = request.arg('email')
        if email:
            users = [u for u in users if u['email'].lower() == email.lower()]
        if request.arg('org_id'):
            users = [u for u in users if request.arg('org_id') in u['orgs']]
        if request.arg('user_id'):
            users = [u for u in users if u['id'] == request.arg('user_id')]
        for name in ('first_name', 'last_name'):
            if request.arg(name):
                users = [u for u in users if (u[name] or '').lower() == request.arg(name).lower()]
        types = request.query.get('type')
        if types:
            users = [u for u in users if u['type'] in types]
        statuses = request.query.get('status')
        if statuses:
            users = [u for u in users if u['status'] in statuses]
        if request.arg('prefix_email_search'):
            users = [u for u in users if u['email'].lower().startswith(request.arg('prefix_email_search').lower())]
        previous = request.arg('previous_email') or ''
        if previous:
            users = [u for u in users if u['email'].lower() > previous.lower()]
        page = users[:limit]
        following = page[-1]['email'] if len(users) > limit else None
        return reply(200, _compact({'limit': limit, 'users': [self._public(u) for u in page],
                                    'previous_page_email': previous or None, 'next_page_email': following}))

    def list_combined_user_details(self, request):
        answer = self.list_users(request).body
        details = [dict(status=u, user_id=u['id'], mfa_enrolled=False) for u in answer.pop('users')]
        answer['combined_user_details'] = details
        return reply(200, answer)

    def create_user(self, request):
        body = request.json() or {}
        if not body.get('email') or not body.get('org_id'):
            raise BadRequest(400, 'email and org_id are required')
        if body.get('status') not in (None,) + USER_STATUSES:
            raise BadRequest(400, 'status must be one of %s' % ', '.join(USER_STATUSES))
        for user in self.users.values():
            if user['email'].lower() == body['email'].lower():
                if body['org_id'] in user['orgs']:
                    return reply(409, self._public(user))
                user['orgs'].append(body['org_id'])   # an existing identity joins another organisation
                return reply(201, self._public(user))
        fields = dict((k, v) for k, v in body.items() if k in USER_WRITABLE and k not in ('email', 'org_id'))
        fields = as_stored(fields)
        return reply(201, self._public(self.add_user(body['email'], body['org_id'], **fields)))

    def get_user(self, request):
        return reply(200, self._public(self._user(request)))

    def replace_user(self, request):
        user = self._user(request)
        body = request.json() or {}
        if body.get('status') not in (None,) + USER_STATUSES:
            raise BadRequest(400, 'status must be one of %s' % ', '.join(USER_STATUSES))
        for key in USER_WRITABLE:
            if key in ('org_id', 'email'):
                continue   # the org is the path's, the e-mail changes through an identity update
            user[key] = as_stored(body).get(key)   # a full replace: a writable field the body leaves out is reset
        user['updated'] = NOW
        return reply(200, self._public(user))

    def delete_user(self, request):
        user = self._user(request)
        if request.params['org_id'] not in user['orgs']:
            raise BadRequest(404, 'User does not exist')
        user['orgs'].remove(request.params['org_id'])
        user['roles'] = {}
        if not user['orgs']:
            del self.users[user['id']]
        return reply(204)

    def replace_user_role(self, request):
        user = self._user(request)
        body = request.json() or {}
        roles = body.get('roles')
        if not isinstance(roles, dict) or not all(isinstance(v, list) for v in roles.values()):
            raise BadRequest(400, 'roles must map application names to lists of roles')
        user['roles'] = dict((app, list(names)) for app, names in roles.items() if names)
        return reply(204)

    def list_all_user_roles(self, request):
        roles = dict(self._user(request)['roles'])
        roles.setdefault('inherited-app', ['viewer'])   # rendered roles include inherited ones
        return reply(200, roles)

    def list_all_user_orgs(self, request):
        user = self._user(request)
        return reply(200, {'limit': 500, 'orgs': [self.orgs[o] for o in user['orgs']]})

    def list_user_permissions(self, request):
        user = self._user(request)
        return reply(200, {'upstream_host': 'app.example.com', 'app_id': 'app-1', 'admin_org_id': user['org_id'],
                           'allowed_list': [{'methods': ['get'], 'paths': ['/']}]})

    def list_all_resource_permissions(self, request):
        user = self._user(request)
        org_id = request.arg('org_id')
        if not org_id:
            raise BadRequest(400, 'org_id is required')
        return reply(200, {'user_id': user['id'], 'org_id': org_id, 'resource_permissions': []})

    def list_org_user_roles(self, request):
        limit = self._limit(request)
        offset = request.arg('offset', 0, int)
        rows = []
        for user in sorted(self.users.values(), key=lambda u: u['id']):
            if request.arg('user_id') and user['id'] != request.arg('user_id'):
                continue
            if request.arg('org_id') and request.arg('org_id') not in user['orgs']:
                continue
            for app, names in sorted(user['roles'].items()):
                rows.extend(dict(user_id=user['id'], org_id=user['org_id'], application=app, role=n) for n in names)
        return reply(200, {'org_user_roles': rows[offset:offset + limit], 'limit': limit, 'offset': offset})

    def list_user_guids(self, request):
        since = request.arg('updated_since')
        ids = [u['id'] for u in self.users.values() if not since or u['updated'] >= since]
        return reply(200, {'user_ids': ids})

    def create_user_identity_update(self, request):
        user = self._user(request)
        spec = ((request.json() or {}).get('spec')) or {}
        if spec.get('primary_email'):
            user['email'] = user['display_name'] = spec['primary_email']
        for name in ('first_name', 'last_name'):
            if spec.get(name) is not None:
                user[name] = spec[name]
        update = {'metadata': {'id': _id(), 'created': NOW}, 'spec': spec}
        self.identity_updates.append(update)
        return reply(201, update)

    def reset_mfa(self, request):
        user = self._user(request)
        if not (request.json() or {}).get('org_id'):
            raise BadRequest(400, 'org_id is required')
        self.mfa_resets.append(user['id'])
        methods = self.collections['mfa_challenge_methods']
        for method_id, owner in list(methods.owners.items()):
            if owner == user['id']:
                methods.items.pop(method_id, None)
        return reply(204)

    def bulk_update_metadata(self, request):
        body = request.json() or {}
        for name in ('org_id', 'data_type', 'data'):
            if name not in body:
                raise BadRequest(400, '%s is required' % name)
        self.bulk_updates.append(body)
        return reply(204)

    def list_access_requests(self, request):
        """Requests grouped per user (``AccessRequests{metadata, status{user, user_requests}}``), keyset on e-mail."""
        org_id = request.arg('org_id')
        if not org_id:
            raise BadRequest(400, 'org_id is required')
        limit = self._limit(request)
        per_user = {}
        for item in self.collections['user_requests'].items.values():
            spec = item['spec']
            if spec['org_id'] != org_id or spec['user_id'] not in self.users:
                continue
            if request.arg('user_id') and spec['user_id'] != request.arg('user_id'):
                continue
            if request.arg('request_state') and spec.get('state') != request.arg('request_state'):
                continue
            if request.arg('request_type') and spec['requested_resource_type'] != request.arg('request_type'):
                continue
            per_user.setdefault(spec['user_id'], []).append(item)
        groups = []
        for user_id, items in per_user.items():
            user = self.users[user_id]
            identity = dict(id=user_id, org_id=org_id, email=user['email'], type='user')
            groups.append({'metadata': {'id': user_id}, 'status': {'user': identity, 'user_requests': items}})
        groups.sort(key=lambda g: g['status']['user']['email'])
        after = request.arg('email') or ''
        if after:
            groups = [g for g in groups if g['status']['user']['email'] > after]
        following = groups[limit - 1]['status']['user']['email'] if len(groups) > limit else None
        return reply(200, _compact({'access_requests': groups[:limit], 'limit': limit,
                                    'previous_page_email': after or None, 'next_page_email': following}))

    def list_application_access(self, request):
        return self._access_info(request, 'user_application_access_info')

    def list_file_share_access(self, request):
        return self._access_info(request, 'user_file_share_access_info')

    def _access_info(self, request, key):
        if not request.arg('org_id') or not request.arg('user_id'):
            raise BadRequest(400, 'org_id and user_id are required')
        user = self.users.get(request.arg('user_id'))
        org_id = request.arg('org_id')
        rows = []
        for app in sorted(user['roles']) if user else []:
            status = dict(user_id=user['id'], org_id=org_id, org_name=org_id, access_level='granted')
            if key == 'user_application_access_info':
                status.update(application_name=app, application_url='https://%s.example.com' % app)
            else:
                status.update(share_id=app, share_name=app, share_url='https://share.example.com/%s' % app)
            rows.append({'status': status})
        return reply(200, {key: rows[:self._limit(request)], 'limit': self._limit(request)})

    def _user(self, request):
        user = self.users.get(request.params['user_id'])
        org_id = request.arg('org_id')
        if user is None or (org_id and org_id not in user['orgs']):
            raise BadRequest(404, 'User does not exists')
        return user

    @staticmethod
    def _public(user):
        return _compact(dict((k, v) for k, v in user.items() if k not in ('orgs', 'resource_roles')))
