# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus resources: what the modules manage, declared once (``Resource``), how a user or a resource
is found (by id, by e-mail, by its natural key), and the contracts that write them.

Every request goes through ``agilicus_api``, one function per endpoint.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import agilicus_api, bulk, common, ensure, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource


# Declarations ----------------------------------------------------------------------------

IDENTITY = ('first_name', 'last_name', 'email')     # changed through an identity update
USER_STATUSES = ['active', 'pending', 'disabled']
ADMIN_ROLES = ('admin', 'owner')   # role names that make a member privileged (kept by overridden)
MAX_EXTERNAL_ID = 100
# external_id is nullable with no minimum length: a reset clears it to the empty text. Names are left as they
# are: the identity update that changes them cannot clear a first name.
USER = Resource('user', 'email', [
    Option('email', compare=reconcile.CASE_INSENSITIVE, key=True),
    Option('first_name'),
    Option('last_name'),
    Option('external_id', reset=''),
    Option('status', choices=USER_STATUSES, reset='active'),
    Option('disabled_at_time', compare=reconcile.INSTANT),
])


def spec_option(name, **kwargs):
    """An option kept in the resource's ``spec``."""
    return Option(name, api_name='spec.' + name, **kwargs)


def spec_field(option):
    return option.api_name[len('spec.'):]


# Every natural-key option (``key=True``) of these resources is a field of their spec, which the full-replace
# PUT accepts: given with ``id``, a value that differs from the live one is written, not ignored.
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


def check_user_values(values, where=''):
    """What the declaration cannot say of a user's options: an e-mail address, an external id's length."""
    email = values.get('email')
    if email is not None and '@' not in email:
        raise common.InputError('%semail must be an e-mail address, got %r' % (where, email))
    external_id = values.get('external_id')
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
        raise common.InputError('%sexternal_id must be at most %d characters' % (where, MAX_EXTERNAL_ID))


# Users: lookups --------------------------------------------------------------------------

def people(client, org_id):
    """Every person of an org (``type=user``: service accounts' users left out), 500 a page."""
    return agilicus_api.list_users(client, {'org_id': org_id, 'type': 'user'})


def find_user(client, org_id, email=None, user_id=None):
    """The user with this id, or exactly this e-mail (ignoring case), in ``org_id``; or None."""
    if user_id:
        return agilicus_api.get_user(client, org_id, user_id, absent_ok=True)
    email = email.strip()   # " alice@example.com" is alice, as the user modules' keys are
    hits = [u for u in agilicus_api.list_users(client, {'email': email, 'org_id': org_id})
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


# Modules that manage one resource of a user -----------------------------------------------

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
    return agilicus_api.argument_spec(**options)


def run_per_user_module(spec, resource, ensure_one, key_together=None, **kwargs):
    """main() of a module managing one resource of a user: the user options, ``state``, and the run.

    ``resource.key`` is the option that, without ``id``, identifies the resource; ``key_together``
    names options that identify it only together. With ``id``, each may be given alone, to change it.
    """
    module = agilicus_api.new_module(
        spec, required_one_of=[('id', resource.key)] + USER_CONSTRAINTS['required_one_of'],
        mutually_exclusive=USER_CONSTRAINTS['mutually_exclusive'], **kwargs)
    given = [name for name in key_together or () if module.params[name] is not None]
    if module.params['id'] is None and given and len(given) < len(key_together):
        module.fail_json(msg='parameters are required together unless id is given: %s' % ', '.join(key_together))
    client = agilicus_api.client_for(module)

    def run():
        resource.normalised(module.params)   # a key empty once stripped is refused before the user is looked up
        return ensure_one(module, client)
    common.run(module, client, run)


# Writes shared by the contracts ----------------------------------------------------------

def create_or_adopt(create, find_existing, update, wanted, fields):
    """Create; when Agilicus answers 409 (it appeared since the lookup), adopt it and apply ``wanted``."""
    try:
        return create()
    except ApiError as err:
        if err.status != 409:
            raise
        conflict = err
    existing = find_existing()
    if existing is None:   # "already exists", yet nowhere to be found: nothing was created, say so
        raise ApiError(conflict.method, conflict.path, conflict.status, '%s; and it cannot be found when looked up, '
                       'so nothing was created' % (conflict.message or 'already exists'), conflict.body)
    changes = reconcile.differences(wanted, existing or {}, fields)
    return update(existing, changes) if existing and changes else existing


def without_nulls(body):
    """A create's body without the values it has no use for: ``None`` (no Agilicus string is nullable on create)
    and an empty text (what a reset clears a field to, which a new resource does not have)."""
    return dict((name, value) for name, value in body.items() if value not in reconcile.EMPTY)


# Roles: a user's direct roles per application -----------------------------------------------

def resulting_roles(current, listed, state='present', append=False):
    """The whole app -> roles map after applying the listed applications' roles (exact, appended or removed as
    ``reconcile.plan_membership`` says); applications not listed keep theirs."""
    result = dict(current)
    for app, names in listed.items():
        result[app] = reconcile.plan_membership(current.get(app, []), names or [], state, append).after
    return dict((app, sorted(names)) for app, names in result.items() if names)


def direct_roles(user):
    """A user's own (direct) roles, app -> sorted names, each once: its ``roles``, never the rendered ones. A
    listing that repeats a name holds the role once (so it is no difference to write)."""
    roles = user.get('roles') if isinstance(user, dict) and isinstance(user.get('roles'), dict) else {}
    return dict((app, sorted(set(names))) for app, names in roles.items() if names)


def roles_plan(before, listed, state='present', append=False):
    """The plan of a user's roles: ``{'roles': the whole map}`` to PUT, when it differs."""
    after = resulting_roles(before, listed, state, append)
    return reconcile.Plan('update' if after != before else None, before, changes={'roles': after}, after=after,
                          diff={'before': {'roles': before}, 'after': {'roles': after}})


def check_roles(roles, where=''):
    """``roles`` is a map of application names to lists of role names; returns it with names stripped (' editor '
    is editor, as OneLogin role names and Kestra groups are) and each once. An empty name names no role."""
    result = {}
    for app, names in (roles or {}).items():
        if names is not None and not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
            raise common.InputError('%sroles.%s must be a list of role names, got %r' % (where, app, names))
        if any(not name.strip() for name in names or []):
            raise common.InputError('%sroles.%s: an empty name names no role' % (where, app))
        result[app] = None if names is None else sorted(set(name.strip() for name in names))
    return result


class Roles(bulk.Memberships):
    """agilicus_users' ``roles``: each user's direct roles come in the user listing the run reads anyway (the
    ``User`` schema's ``roles``, the same field ``GET /users/{id}`` gives), so reading them costs no request;
    a change is one ``PUT /users/{id}/roles`` with the whole map. The caller's own admin or owner roles are
    never removed."""

    options = ('roles',)
    append_option = 'append_roles'
    diff_name = 'roles'
    argument_spec = dict(roles=dict(type='dict'), append_roles=dict(type='bool', default=False))

    def resolve(self, entries):
        return [check_roles(entry['roles'], where) for where, entry in entries]

    def read(self, users, wanted):
        return dict((user['id'], direct_roles(user)) for user in users)

    def empty(self):
        return {}

    def plan(self, current, wanted, append):
        return roles_plan(current, wanted, 'present', append)

    def keeps(self, user, plan):
        me = agilicus_api.token_subject(self.module.params['api_token'])
        lost = [(app, name) for app, names in plan.current.items() for name in names
                if name.strip().lower() in ADMIN_ROLES and name not in plan.after.get(app, [])]
        if me is not None and user.get('id') == me and lost:
            return 'the account the API token belongs to: its own %s rights are not removed' % ', '.join(
                '%s of %s' % (name, app) for app, name in lost)
        return None

    def write(self, user, plan):
        agilicus_api.replace_user_role(self.client, self.module.params['org_id'], user['id'], plan.changes['roles'])


# Contract: the people of an org ----------------------------------------------------------

class AgilicusUsers(bulk.Directory):
    """The people of an org for agilicus_users and agilicus_user: one keyset walk of ``GET /users``, 500 a page.

    Names and e-mail change through an identity update, the rest by PUT of the merged user; a delete removes
    the user from the org; a create answered 409 adopts the user created since the lookup.
    """

    resource = USER
    disabled_statuses = ('disabled',)   # the caller's own account is never disabled (bulk.keep_what_must_stay)

    def __init__(self, module, client):
        super(AgilicusUsers, self).__init__(module, client)
        self.org_id = module.params['org_id']
        self.memberships = Roles(module, client)

    def read_all(self):
        return people(self.client, self.org_id)

    def find(self, values, resource_id=None):
        return find_user(self.client, self.org_id, values.get('email'), resource_id)

    def privileged(self, user):
        """An administrator of an application of the organisation (the listing's ``roles``: application -> roles)."""
        roles = user.get('roles') if isinstance(user.get('roles'), dict) else {}
        apps = sorted(app for app, names in roles.items()
                      if any(isinstance(name, str) and name.strip().lower() in ADMIN_ROLES for name in names or []))
        return 'Agilicus admin of %s' % ', '.join(apps) if apps else None

    def protected(self):
        """The user the bearer token was issued to (its ``sub``), which no run deletes. A token that is not
        a readable JWT names no one: then the run warns, and ``protected`` is the way to keep that account."""
        me = agilicus_api.token_subject(self.module.params['api_token'])
        if me is None:
            self.module.warn('the Agilicus API token does not say whose it is (it is not a JWT with a "sub"), so '
                             'the account it belongs to is not recognised; list that account in protected')
            return {}
        return {me: 'the account the API token belongs to'}

    def create(self, body):
        body = without_nulls(body)
        wanted = dict((k, v) for k, v in body.items() if k != 'email')
        return create_or_adopt(
            lambda: agilicus_api.create_user(self.client, self.org_id, body),
            lambda: find_user(self.client, self.org_id, body['email']),
            self.update, wanted, USER.fields())

    def update(self, user, changes):
        identity = dict((k, v) for k, v in changes.items() if k in IDENTITY)
        if identity:
            spec = dict(identity)
            if 'email' in spec:
                spec['primary_email'] = spec.pop('email')
            agilicus_api.create_user_identity_update(self.client, user['id'], spec)
            user = agilicus_api.get_user(self.client, self.org_id, user['id'])
        rest = dict((k, v) for k, v in changes.items() if k not in IDENTITY)
        if rest:
            user = agilicus_api.replace_user(self.client, user['id'], reconcile.merged(user, rest))
        return user

    def delete(self, user):
        agilicus_api.delete_user(self.client, self.org_id, user['id'])


# Contract: one kind of {metadata, spec, status} resource ----------------------------------

class SpecResources:
    """The contract (``find``, ``create``, ``update``, ``delete``) of one kind of spec resource.

    ``collection`` (an ``agilicus_api.SpecCollection``) is where they live in the API. ``scope`` (spec
    field -> value: the org, the user) is where they live for the task: sent on create, and, when
    ``scope_matched``, part of the match and checked on a resource found by id. A resource is found by
    id, or as the one whose spec holds the values of every natural-key option (one left out must be
    unset). Updates PUT the live object merged with the changes, without its server-computed ``status``;
    a create answered 409 adopts the existing one.
    """

    def __init__(self, module, client, collection, resource, scope=None, scope_matched=False, list_query=None,
                 get_query=None, delete_query=None):
        self.module = module
        self.client = client
        self.collection = collection
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
        """The resource with this id, or the one whose spec holds every value of ``match``; None if none."""
        if resource_id:
            found = self.collection.get(self.client, resource_id, self.get_query)
            if found is not None and self.scope_matched:
                self.check_scope(found)
        else:
            found = self.only_match(self.match(values))
        for option in self.resource.options:
            if option.compare == reconcile.SECRET:
                common.hide_secret(self.module, reconcile.get_path(found, option.api_name))
        return found

    def only_match(self, match):
        """The one listed resource whose spec holds every ``match`` value (the list has no cursor: it is read
        at the largest limit); None if none, an error if several."""
        candidates = self.collection.list(self.module, self.client, self.list_query)
        hits = [r for r in candidates if all(r['spec'].get(k) == v for k, v in match.items())]
        return common.only_match(hits, 'several %ss match %s: ids' % (
            self.resource.label, ', '.join('%s=%s' % item for item in sorted(match.items()))),
            lambda r: str(agilicus_api.resource_id(r)))

    def check_scope(self, found):
        """A resource found by id lives where the task says (its user): refused before any write otherwise."""
        for name, value in sorted(self.scope.items()):
            live = found['spec'].get(name)
            if live is not None and live != value:
                raise common.InputError('%s %s has %s %s, not %s (the one this task names); it is not moved: '
                                        'manage it with its own %s' % (self.resource.label,
                                                                       agilicus_api.resource_id(found), name,
                                                                       live, value, name))

    def create(self, body):
        body = dict(body)
        body.update(('spec.%s' % name, value) for name, value in self.scope.items())
        body = without_nulls(body)
        values = dict((option.name, body.get(option.api_name)) for option in self.resource.options)
        return create_or_adopt(
            lambda: self.collection.create(self.client, reconcile.merged({}, body)),
            lambda: self.find(values),
            self.update, body, self.resource.fields(with_key=True))

    def update(self, resource, changes):
        return self.collection.replace(self.client, reconcile.merged(resource, changes))

    def delete(self, resource):
        self.collection.delete(self.client, agilicus_api.resource_id(resource), self.delete_query)


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
