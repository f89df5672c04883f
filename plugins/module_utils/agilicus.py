# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus: connection options (bearer token + org_id), error bodies, service-account lookups.

Every value that goes into a path is one encoded segment (``paths``), and every answer is
checked for the shape the code uses (``answers``) before anything is built on it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.accessops.identity.plugins.module_utils import answers, bulk, common, ensure, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError, NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource
from ansible_collections.accessops.identity.plugins.module_utils.pagination import keyset_items
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path, refuse_unusable_path_options

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


PATH_OPTIONS = ('id', 'user_id', 'org_id')   # options that name a resource in a path


def new_module(argument_spec, **kwargs):
    module = common.new_module(argument_spec, **kwargs)
    refuse_unusable_path_options(module, PATH_OPTIONS)
    return module


def client_for(module):
    return common.build_client(module, AgilicusAuth(module), error_message)


def list_limited(module, client, path, items_key, params):
    """A list of spec resources without a cursor, read at the largest ``limit``; warns when it may be cut short."""
    query = dict(params)
    query['limit'] = MAX_LIST_LIMIT
    response = client.get(path, params=query)
    items = spec_resources(response, answers.field_list(response, items_key))
    if len(items) >= MAX_LIST_LIMIT:
        module.warn('%s returned %d items, the most it gives in one answer; items beyond them cannot be read'
                    % (path, len(items)))
    return items


def without_status(resource):
    """The object to PUT back: everything but the server-computed ``status``."""
    return dict((k, v) for k, v in resource.items() if k != 'status')


def next_page_email(response):
    """The cursor of a keyset listing: the e-mail its next page starts after, or None on the last page."""
    return answers.optional_string(response, answers.body_object(response).get('next_page_email'),
                                   '"next_page_email"')


# Users ------------------------------------------------------------------------

def user_answer(response, user=None, asked=None, what='the user'):
    """``user`` (default: the body), once what the code reads of it has its type: an id a write
    addresses (the one ``asked`` for, when one was), a textual e-mail, roles as lists of names."""
    if user is None:
        user = answers.body_object(response)
    answers.check_id(response, user.get('id'), what='%s "id"' % what)
    if asked is not None and user['id'] != asked:
        raise answers.unexpected(response, '%s "id" is %r, not the id asked for (%s)' % (what, user['id'], asked))
    answers.optional_string(response, user.get('email'), '%s "email"' % what)
    roles = user.get('roles')
    if roles is not None and not (isinstance(roles, dict) and all(
            names is None or isinstance(names, list) and all(isinstance(n, str) for n in names)
            for names in roles.values())):
        raise answers.unexpected(response, '%s "roles" is not an object of lists of role names' % what)
    return user


def users_page(response):
    """The users of one ``{users, next_page_email}`` page."""
    users = answers.field_list(response, 'users')
    for position, user in enumerate(users):
        user_answer(response, user, what='user %d' % position)
    return users


def iter_users(client, params=None):
    """Every user of a listing, following Agilicus' keyset paging on e-mail."""
    return keyset_items(client, '/users', users_page, next_page_email, 'previous_email', params=params,
                        page_size=MAX_LIST_LIMIT)


def people(client, org_id):
    """Every person of an org (``type=user``: service accounts' users left out), 500 a page."""
    return iter_users(client, {'org_id': org_id, 'type': 'user'})


def find_user(client, org_id, email=None, user_id=None):
    """The user with this id, or exactly this e-mail (ignoring case), in ``org_id``; or None."""
    if user_id:
        answer = client.get(api_path('/users/{}', user_id), params={'org_id': org_id}, ok_statuses=(404,))
        return None if answer.status == 404 else user_answer(answer, asked=user_id)
    email = email.strip()   # " alice@example.com" is alice, as the user modules' keys are
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


def per_user_argument_spec(resource, **extra):
    """The options of a module managing one resource of a user: the declared ones, ``id``, ``state``, the user's."""
    options = dict(id=dict(type='str'), state=dict(type='str', choices=['present', 'absent'], default='present'))
    options.update(resource.argument_spec())
    options.update(extra)
    options.update(user_options())
    return argument_spec(**options)


def run_per_user_module(spec, resource, ensure_one, key_together=None, **kwargs):
    """main() of a module managing one resource of a user: the user options, ``state``, and the run.

    ``resource.key`` is the option that, without ``id``, identifies the resource; ``key_together``
    names options that identify it only together. With ``id``, each may be given alone, to change it.
    """
    module = new_module(
        spec, required_one_of=[('id', resource.key)] + USER_CONSTRAINTS['required_one_of'],
        mutually_exclusive=USER_CONSTRAINTS['mutually_exclusive'], **kwargs)
    given = [name for name in key_together or () if module.params[name] is not None]
    if module.params['id'] is None and given and len(given) < len(key_together):
        module.fail_json(msg='parameters are required together unless id is given: %s' % ', '.join(key_together))
    client = client_for(module)

    def run():
        resource.normalised(module.params)   # a key empty once stripped is refused before the user is looked up
        return ensure_one(module, client)
    common.run(module, client, run)


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
        return self.path + api_path('/{}', resource_id)


def resource_id(resource):
    return (resource.get('metadata') or {}).get('id')


def spec_answer(response, resource=None, asked=None, what='the body', keys=('metadata', 'spec')):
    """``resource`` (default: the body), once it has a ``metadata.id`` (the one ``asked`` for, when one
    was: a write addresses it) and an object ``spec`` (matched and merged)."""
    if resource is None:
        resource = answers.body_object(response)
    for key in keys:
        if not isinstance(resource.get(key), dict):
            raise answers.unexpected(response, '%s "%s" is %s, not an object' % (
                what, key, answers.kind_of(resource.get(key))))
    answers.check_id(response, resource_id(resource), what='%s "metadata.id"' % what)
    if asked is not None and resource_id(resource) != asked:
        raise answers.unexpected(response, '%s "metadata.id" is %r, not the id asked for (%s)' % (
            what, resource_id(resource), asked))
    return resource


def spec_resources(response, items, keys=('metadata', 'spec')):
    """``items`` of a listing of ``{metadata, ...}`` resources, each checked as ``spec_answer`` checks one."""
    for position, item in enumerate(items):
        spec_answer(response, item, what='item %d' % position, keys=keys)
    return items


def find_spec_resource(module, client, kind, match, list_query, resource_id_wanted=None, get_query=None):
    """The resource with this id, or the one whose spec holds every ``match`` value; None if none.

    Lists have no cursor, so they are read at the largest limit; several matches is an error.
    """
    if resource_id_wanted:
        answer = client.get(kind.item_path(resource_id_wanted), params=get_query, ok_statuses=(404,))
        return None if answer.status == 404 else spec_answer(answer, asked=resource_id_wanted)
    candidates = list_limited(module, client, kind.path, kind.items_key, list_query)
    hits = [r for r in candidates if all(r['spec'].get(k) == v for k, v in match.items())]
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


def without_nulls(body):
    """A create's body without the values it has no use for: ``None`` (no Agilicus string is nullable on create)
    and an empty text (what a reset clears a field to, which a new resource does not have)."""
    return dict((name, value) for name, value in body.items() if value not in reconcile.EMPTY)


def spec_option(name, **kwargs):
    """An option kept in the resource's ``spec``."""
    return Option(name, api_name='spec.' + name, **kwargs)


def spec_field(option):
    return option.api_name[len('spec.'):]


# Every natural-key option (``key=True``) of these resources is a field of their spec, which the full-replace
# PUT (replace_*) accepts: given with ``id``, a value that differs from the live one is written, not ignored.
# Only the declaration's ``key`` is stripped; the other key options are matched as given.
METADATA_TYPES = ['mfa_enrollment_expiry', 'user_app_data', 'user_org_data', 'json']
REQUEST_TYPES = ['application_access', 'file_share_access', 'application', 'fileshare', 'application_service',
                 'desktop', 'launcher', 'ssh', 'database']
REQUEST_DETAILS = ('requested_sub_resource', 'request_information', 'response_information', 'from_date', 'to_date',
                   'expiry_date')

SERVICE_ACCOUNT = Resource('service account', 'name', [
    spec_option('name', key=True),
    spec_option('enabled', type='bool'),
    spec_option('allowed_sub_orgs', type='list', elements='str', compare=reconcile.SET),
])
MFA_CHALLENGE_METHOD = Resource('challenge method', 'challenge_type', [
    spec_option('challenge_type', key=True),
    spec_option('nickname', key=True, strip=False),
    # read back from the service: compared, and masked in output like a no_log option
    spec_option('endpoint', compare=reconcile.SECRET, no_log=True, required_on_create=True),
    spec_option('priority', type='int', required_on_create=True),
    spec_option('origin'),
    spec_option('enabled', type='bool'),
])
UPSTREAM_USER_IDENTITY = Resource('upstream identity', 'upstream_idp_id', [
    spec_option('upstream_idp_id', key=True),
    spec_option('upstream_user_id', key=True, strip=False),
    spec_option('attributes', type='dict', compare=reconcile.SUBSET),
])
USER_METADATA = Resource('metadata entry', 'data_type', [
    spec_option('data_type', key=True, choices=METADATA_TYPES),
    spec_option('app_id', key=True, strip=False),
    spec_option('name', key=True, strip=False),
    spec_option('data', required_on_create=True),
])
USER_REQUEST = Resource('user request', 'requested_resource', [
    spec_option('requested_resource', key=True),
    spec_option('requested_resource_type', key=True, strip=False, choices=REQUEST_TYPES),
] + [spec_option(name) for name in REQUEST_DETAILS])


class SpecResources:
    """The contract (``find``, ``create``, ``update``, ``delete``) of one kind of spec resource.

    ``scope`` (spec field -> value: the org, the user) is where the resources live: sent on
    create, and, when ``scope_matched``, part of the match and checked on a resource found by id.
    A resource is found by id, or as the one whose spec holds the values of every natural-key
    option (one left out must be unset). Updates PUT the live object merged with the changes,
    without its server-computed ``status``; a create answered 409 adopts the existing one.
    """

    def __init__(self, module, client, kind, resource, scope=None, scope_matched=False, list_query=None,
                 get_query=None, delete_query=None):
        self.module = module
        self.client = client
        self.kind = kind
        self.resource = resource
        self.scope = scope or {}
        self.scope_matched = scope_matched
        # stripped like the declaration strips the values the listing is matched against
        self.list_query = dict((name, value.strip() if isinstance(value, str) else value)
                               for name, value in (list_query or {}).items())
        self.get_query = get_query
        self.delete_query = delete_query

    def match(self, values):
        match = dict(self.scope) if self.scope_matched else {}
        match.update((spec_field(option), values.get(option.name)) for option in self.resource.options if option.key)
        return match

    def find(self, values, resource_id=None):
        found = find_spec_resource(self.module, self.client, self.kind, self.match(values), self.list_query,
                                   resource_id, self.get_query)
        if found is not None and resource_id and self.scope_matched:
            self.check_scope(found)
        for option in self.resource.options:
            if option.compare == reconcile.SECRET:
                common.hide_secret(self.module, reconcile.get_path(found, option.api_name))
        return found

    def check_scope(self, found):
        """A resource found by id lives where the task says (its user): refused before any write otherwise."""
        for name, value in sorted(self.scope.items()):
            live = found['spec'].get(name)
            if live is not None and live != value:
                raise common.InputError('%s %s has %s %s, not %s (the one this task names); it is not moved: '
                                        'manage it with its own %s' % (self.kind.label, resource_id(found), name,
                                                                       live, value, name))

    def create(self, body):
        body = dict(body)
        body.update(('spec.%s' % name, value) for name, value in self.scope.items())
        body = without_nulls(body)
        values = dict((option.name, body.get(option.api_name)) for option in self.resource.options)
        return create_or_adopt(
            lambda: spec_answer(self.client.post(self.kind.path, json_body=reconcile.merged({}, body))),
            lambda: self.find(values),
            self.update, body, self.resource.fields(with_key=True))

    def update(self, resource, changes):
        body = without_status(reconcile.merged(resource, changes))
        return spec_answer(self.client.put(self.kind.item_path(resource), json_body=body))

    def delete(self, resource):
        self.client.delete(self.kind.item_path(resource), params=self.delete_query)


def ensure_spec_resource(module, contract, resource_id_wanted=None, before_create=None):
    """state present/absent for a spec resource, as its declaration says; returns (plan, resource).

    ``before_create`` is called when the plan is a create (e.g. ``confirm_user``), so that a
    run that finds its resource spends no read on anything else.
    """
    resource = contract.resource
    values = resource.normalised(module.params)
    current = ensure.find(resource, contract, values, resource_id_wanted, module.params['state'])
    plan = ensure.plan(resource, current, values, module.params['state'], resource_id_wanted)
    if plan.action == 'create' and before_create:
        before_create()
    return plan, ensure.carry_out(resource, plan, contract, module.check_mode)


# Users: what agilicus_user and agilicus_users manage, and how they write it ----------------

IDENTITY = ('first_name', 'last_name', 'email')     # changed through user_identity_updates
USER_STATUSES = ['active', 'pending', 'disabled']
MAX_EXTERNAL_ID = 100
# external_id is nullable with no minimum length: a reset clears it to the empty text. Names are left as they
# are: the identity update that changes them cannot clear a first name.
USER = Resource('user', 'email', [
    Option('email', compare=reconcile.CASE_INSENSITIVE, key=True),
    Option('first_name'),
    Option('last_name'),
    Option('external_id', reset=''),
    Option('status', choices=USER_STATUSES, reset='active'),
])


def check_user_values(values, where=''):
    """What the declaration cannot say of a user's options: an e-mail address, an external id's length."""
    email = values.get('email')
    if email is not None and '@' not in email:
        raise common.InputError('%semail must be an e-mail address, got %r' % (where, email))
    external_id = values.get('external_id')
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
        raise common.InputError('%sexternal_id must be at most %d characters' % (where, MAX_EXTERNAL_ID))


def create_user(client, org_id, body):
    """POST the user; a 409 (created since the lookup) adopts the existing one and applies ``body``."""
    body = without_nulls(body)
    wanted = dict((k, v) for k, v in body.items() if k != 'email')
    return create_or_adopt(
        lambda: user_answer(client.post('/users', json_body=dict(body, org_id=org_id, type='user'))),
        lambda: find_user(client, org_id, body['email']),
        lambda user, changes: update_user(client, org_id, user, changes), wanted, USER.fields())


def update_user(client, org_id, user, changes):
    """Names and e-mail through an identity update; the rest by PUT of the merged user."""
    path = api_path('/users/{}', user['id'])
    identity = dict((k, v) for k, v in changes.items() if k in IDENTITY)
    if identity:
        spec = dict(identity)
        if 'email' in spec:
            spec['primary_email'] = spec.pop('email')
        client.post(path + '/user_identity_updates', json_body={'spec': spec})
        user = user_answer(client.get(path, params={'org_id': org_id}), asked=user['id'])
    rest = dict((k, v) for k, v in changes.items() if k not in IDENTITY)
    if rest:
        user = user_answer(client.put(path, json_body=reconcile.merged(user, rest)), asked=user['id'])
    return user


def delete_user(client, org_id, user):
    """Removes the user from the org (the account itself may belong to other orgs)."""
    client.delete(api_path('/v1/orgs/{}/users/{}', org_id, user['id']))


class AgilicusUsers(bulk.Directory):
    """The people of an org for agilicus_users and agilicus_user: one keyset walk of ``GET /users``, 500 a page."""

    resource = USER

    def __init__(self, module, client):
        super(AgilicusUsers, self).__init__(module, client)
        self.org_id = module.params['org_id']

    def read_all(self):
        return people(self.client, self.org_id)

    def find(self, values, resource_id=None):
        return find_user(self.client, self.org_id, values.get('email'), resource_id)

    def create(self, body):
        return create_user(self.client, self.org_id, body)

    def update(self, user, changes):
        return update_user(self.client, self.org_id, user, changes)

    def delete(self, user):
        delete_user(self.client, self.org_id, user)


SERVICE_ACCOUNTS = SpecKind('service account', '/v1/service_accounts', 'service_accounts', 'service_account')
