# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus: connection options (bearer token + org_id), error bodies, service-account lookups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError, NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import keyset_items
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

MAX_LIST_LIMIT = 500  # the non-keyset lists have no cursor: ask for the most the API gives


def argument_spec(**resource_options):
    spec = common.connection_argument_spec('AGILICUS', token=True)
    spec['api_token']['required'] = True
    spec['org_id'] = dict(type='str', required=True, fallback=(env_fallback, ['AGILICUS_ORG_ID']))
    spec.update(resource_options)
    return spec


class AgilicusAuth(NoAuth):
    def __init__(self, module):
        self.header = 'Bearer %s' % module.params['api_token']

    def headers(self, client):
        return {'Authorization': self.header}


error_message = coded_error_message


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, **kwargs)


def client_for(module):
    return common.build_client(module, AgilicusAuth(module), error_message)


def list_limited(module, client, path, items_key, params):
    """A list without a cursor, read at the largest ``limit``; warns when it may be cut short."""
    query = dict(params)
    query['limit'] = MAX_LIST_LIMIT
    items = (client.get(path, params=query).body or {}).get(items_key) or []
    if len(items) >= MAX_LIST_LIMIT:
        module.warn('%s returned %d items, the most it gives in one answer; items beyond them cannot be read'
                    % (path, len(items)))
    return items


def without_status(resource):
    """The object to PUT back: everything but the server-computed ``status``."""
    return dict((k, v) for k, v in resource.items() if k != 'status')


# Users ------------------------------------------------------------------------

def iter_users(client, params=None):
    """Every user of a listing, following Agilicus' keyset paging on e-mail."""
    return keyset_items(client, '/users', lambda r: (r.body or {}).get('users') or [],
                        lambda r: (r.body or {}).get('next_page_email'), 'previous_email', params=params,
                        page_size=MAX_LIST_LIMIT)


def people(client, org_id):
    """Every person of an org (``type=user``: service accounts' users left out), 500 a page."""
    return iter_users(client, {'org_id': org_id, 'type': 'user'})


def find_user(client, org_id, email=None, user_id=None):
    """The user with this id, or exactly this e-mail (ignoring case), in ``org_id``; or None."""
    if user_id:
        answer = client.get('/users/%s' % user_id, params={'org_id': org_id}, ok_statuses=(404,))
        return answer.body if answer.status == 200 else None
    hits = [u for u in iter_users(client, {'email': email, 'org_id': org_id})
            if (u.get('email') or '').lower() == email.lower()]
    return common.only_match(hits, 'several users in org %s have e-mail %s: ids' % (org_id, email))


def require_user(client, params):
    """The user named by ``user_id`` or ``email`` (options of the per-user modules); fails when missing."""
    user = find_user(client, params['org_id'], params.get('email'), params.get('user_id'))
    if user is None:
        raise common.InputError('no user has %s in org %s' % (
            'id %s' % params['user_id'] if params.get('user_id') else 'e-mail %s' % params['email'], params['org_id']))
    return user


def user_id_of(client, params):
    """The id of the user a per-user resource belongs to: ``user_id`` as given, which costs no request
    (``confirm_user`` checks it before a create), or the user found by ``email``."""
    if params.get('user_id'):
        return params['user_id']
    return require_user(client, params)['id']


def confirm_user(client, params):
    """Before creating a per-user resource for a ``user_id`` taken on trust: fail clearly if there is no such user."""
    if params.get('user_id'):
        require_user(client, params)


def user_options():
    """Options naming the user a per-user resource belongs to (doc fragment agilicus_user_ref)."""
    return dict(user_id=dict(type='str'), email=dict(type='str'))


USER_CONSTRAINTS = dict(mutually_exclusive=[('user_id', 'email')], required_one_of=[('user_id', 'email')])


def run_per_user_module(resource_options, natural_key, ensure, **kwargs):
    """main() of a module managing one resource of a user: the user options, ``state``, and the run.

    ``natural_key`` is the option that, with ``id``, identifies the resource.
    """
    options = dict(resource_options, state=dict(type='str', choices=['present', 'absent'], default='present'))
    options.update(user_options())
    module = new_module(
        argument_spec(**options),
        required_one_of=[('id', natural_key)] + USER_CONSTRAINTS['required_one_of'],
        mutually_exclusive=USER_CONSTRAINTS['mutually_exclusive'], **kwargs)
    client = client_for(module)
    common.run(module, client, lambda: ensure(module, client))


# {metadata, spec, status} resources --------------------------------------------

class SpecKind:
    """Where one kind of ``{metadata, spec, status}`` resource lives, and what a module calls it."""

    def __init__(self, label, path, items_key, result_key):
        self.label = label
        self.path = path
        self.items_key = items_key
        self.result_key = result_key

    def item_path(self, resource):
        resource_id = resource if isinstance(resource, str) else resource['metadata']['id']
        return '%s/%s' % (self.path, resource_id)


def resource_id(resource):
    return (resource.get('metadata') or {}).get('id')


def find_spec_resource(module, client, kind, match, list_query, resource_id_wanted=None, get_query=None):
    """The resource with this id, or the one whose spec holds every ``match`` value; None if none.

    Lists have no cursor, so they are read at the largest limit; several matches is an error.
    """
    if resource_id_wanted:
        answer = client.get(kind.item_path(resource_id_wanted), params=get_query, ok_statuses=(404,))
        return answer.body if answer.status == 200 else None
    candidates = list_limited(module, client, kind.path, kind.items_key, list_query)
    hits = [r for r in candidates if all((r.get('spec') or {}).get(k) == v for k, v in match.items())]
    return common.only_match(hits, 'several %ss match %s: ids' % (
        kind.label, ', '.join('%s=%s' % item for item in sorted(match.items()))), lambda r: str(resource_id(r)))


def create_or_adopt(create, find_existing, update, wanted, fields):
    """Create; when Agilicus answers 409 (it appeared since the lookup), adopt it and apply ``wanted``."""
    try:
        return create()
    except ApiError as err:
        if err.status != 409:
            raise
    existing = find_existing()
    changes = reconcile.differences(wanted, existing or {}, fields)
    return update(existing, changes) if existing and changes else existing


def ensure_spec_resource(module, client, kind, fields, match, spec_defaults, list_query,
                         get_query=None, delete_query=None, resource_id_wanted=None, required_on_create=(),
                         before_create=None):
    """state present/absent for a spec resource; returns (plan, resource).

    ``before_create`` is called when the plan is a create (e.g. ``confirm_user``), so that a
    run that finds its resource spends no read on anything else.

    ``match`` is the natural key (spec field -> value), ``spec_defaults`` what a create
    also carries (org_id, user ids). Updates PUT the live object merged with the changes,
    without its server-computed ``status``; a create answered 409 adopts the existing one.
    """
    params = module.params
    current = find_spec_resource(module, client, kind, match, list_query, resource_id_wanted, get_query)
    for field in fields:
        if field.kind == reconcile.SECRET:   # read back from the service: keep it out of output like no_log
            common.hide_secret(module, reconcile.get_path(current, field.api_name))
    key = dict(('spec.%s' % k, v) for k, v in match.items())
    if params['state'] == 'absent':
        plan = reconcile.plan_absent(current, fields, key=dict((k, None) for k in key))
    else:
        if current is None and resource_id_wanted:
            raise common.InputError('no %s has id %s' % (kind.label, resource_id_wanted))
        missing = [name for name in required_on_create if params.get(name) is None]
        if current is None and missing:
            raise common.InputError('to create this %s, also set: %s' % (kind.label, ', '.join(missing)))
        if current is None and before_create:
            before_create()
        wanted = reconcile.wanted_values(params, fields)
        create_key = dict(key)
        create_key.update(('spec.%s' % k, v) for k, v in spec_defaults.items())
        plan = reconcile.plan_present(current, wanted, fields, key=create_key)

    def update(resource, changes):
        body = without_status(reconcile.merged(resource, changes))
        return client.put(kind.item_path(resource), json_body=body).body

    def create(body):
        return create_or_adopt(
            lambda: client.post(kind.path, json_body=reconcile.merged({}, body)).body,
            lambda: find_spec_resource(module, client, kind, match, list_query),
            update, reconcile.wanted_values(params, fields), fields)

    resource = reconcile.execute(
        plan, module.check_mode, create=create, update=update,
        delete=lambda resource: client.delete(kind.item_path(resource), params=delete_query))
    return plan, resource


# Users: what agilicus_user and agilicus_users manage, and how they write it ----------------

IDENTITY = ('first_name', 'last_name', 'email')     # changed through user_identity_updates
USER_FIELDS = [Field('first_name'), Field('last_name'), Field('external_id'), Field('status')]


def create_user(client, org_id, body):
    """POST the user; a 409 (created since the lookup) adopts the existing one and applies ``body``."""
    wanted = dict((k, v) for k, v in body.items() if k != 'email')
    return create_or_adopt(
        lambda: client.post('/users', json_body=dict(body, org_id=org_id, type='user')).body,
        lambda: find_user(client, org_id, body['email']),
        lambda user, changes: update_user(client, org_id, user, changes), wanted, USER_FIELDS)


def update_user(client, org_id, user, changes):
    """Names and e-mail through an identity update; the rest by PUT of the merged user."""
    identity = dict((k, v) for k, v in changes.items() if k in IDENTITY)
    if identity:
        spec = dict(identity)
        if 'email' in spec:
            spec['primary_email'] = spec.pop('email')
        client.post('/users/%s/user_identity_updates' % user['id'], json_body={'spec': spec})
        user = client.get('/users/%s' % user['id'], params={'org_id': org_id}).body
    rest = dict((k, v) for k, v in changes.items() if k not in IDENTITY)
    if rest:
        user = client.put('/users/%s' % user['id'], json_body=reconcile.merged(user, rest)).body
    return user


def delete_user(client, org_id, user):
    """Removes the user from the org (the account itself may belong to other orgs)."""
    client.delete('/v1/orgs/%s/users/%s' % (org_id, user['id']))


class AgilicusUsers(bulk.Directory):
    """The people of an org for agilicus_users: one keyset walk of ``GET /users``, 500 a page."""

    key = 'email'
    fields = USER_FIELDS
    cleared = {'external_id': None, 'status': 'active'}

    def __init__(self, module, client):
        super(AgilicusUsers, self).__init__(module, client)
        self.org_id = module.params['org_id']

    def read_all(self):
        return people(self.client, self.org_id)

    def to_config(self, user):
        return dict((name, user.get(name)) for name in ('email', 'first_name', 'last_name', 'external_id', 'status'))

    def create(self, body):
        return create_user(self.client, self.org_id, body)

    def update(self, user, changes):
        return update_user(self.client, self.org_id, user, changes)

    def delete(self, user):
        delete_user(self.client, self.org_id, user)


SERVICE_ACCOUNTS = SpecKind('service account', '/v1/service_accounts', 'service_accounts', 'service_account')
