# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra (EE) resources: what the modules manage - the user declaration and its contract, lookups by
e-mail and by name, API-token owners and lifetimes.

Every request goes through an endpoint function of ``kestra_api``; this file decides which ones, and with
what values.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, kestra_api, reconcile, token_age
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError


# Users: the declaration, and the view its options compare with ------------------------------

class UserResource(Resource):
    """The Kestra user's declaration, which also checks its values: an e-mail address, a usable password."""

    def normalised(self, values, where=''):
        result = super(UserResource, self).normalised(values, where)
        email = result.get('email')
        if email is not None and '@' not in email:
            raise InputError('%semail must be an e-mail address, got %r' % (where, email))
        password = result.get('password')
        if password is not None and not password.strip():
            raise InputError('%spassword must not be empty' % where)
        return result


# Kestra's username is the e-mail. Names are text and never null: replaced clears them with ''.
# ``groups`` (every tenant's groups at once) is a membership: an entry that leaves it out leaves the groups alone,
# in every state, as it does with tenant_group_ids / tenant_group_names.
# ``instanceOwner`` is the flag's one name in the compared view (comparable_user); the API calls it superAdmin.
USER = UserResource('user', 'email', [
    Option('email', compare=reconcile.CASE_INSENSITIVE, key=True),
    Option('first_name', api_name='firstName', reset=''),
    Option('last_name', api_name='lastName', reset=''),
    Option('tenants', type='list', elements='str', compare=reconcile.SET, reset=[]),
    Option('groups', type='list', elements='str', compare=reconcile.SET),
    Option('restricted', type='bool', reset=False),
    Option('instance_owner', type='bool', api_name='instanceOwner'),   # never reset: lowered only when said
    Option('password', compare=reconcile.WRITE_ONLY, no_log=True),
])


def user_argument_spec():
    """kestra_user's options from the declaration; there, instance_owner also answers to its older name."""
    spec = USER.argument_spec()
    spec['instance_owner']['aliases'] = ['super_admin']
    return spec


def comparable_user(user):
    """A user with its tenants and groups as id lists and one instance-owner flag, as options name them.

    ``superAdmin`` is the older name of ``instanceOwner``; a server may return either.
    """
    if user is None:
        return None
    view = dict(user)
    view['email'] = kestra_api.user_email(user)   # a summary has only the username, which is the e-mail
    view['tenants'] = [t.get('id') if isinstance(t, dict) else t for t in user.get('tenants') or []]
    view['groups'] = [g.get('id') if isinstance(g, dict) else g for g in user.get('groups') or []]
    owner = user.get('instanceOwner')
    view['instanceOwner'] = user.get('superAdmin') if owner is None else owner
    view['groupsByTenant'] = groups_by_tenant(user)
    return view


def groups_by_tenant(user):
    """{tenant: sorted group ids} of a whole user (``groups`` items carry their ``tenantId``; a bare id says none)."""
    by_tenant = {}
    for group in user.get('groups') or []:
        if isinstance(group, dict) and group.get('tenantId') is not None:
            by_tenant.setdefault(group['tenantId'], []).append(group['id'])
    return dict((tenant, sorted(ids)) for tenant, ids in by_tenant.items())


# Users: lookups --------------------------------------------------------------------------

def find_user_by_email(client, email):
    """The user whose e-mail (Kestra's username) is exactly ``email``, ignoring case; or None.

    ``q`` is a free-text search, so every hit is checked; two exact hits is an error.
    """
    wanted = email.lower()
    hits = sorted((u for u in kestra_api.iter_users(client, email) if kestra_api.user_email(u).lower() == wanted),
                  key=lambda u: str(u.get('id')))
    return common.only_match(hits, 'several Kestra users match e-mail %s: ids' % email)


def find_user(client, email=None, user_id=None):
    """The full user by id, or by exact e-mail (the list only holds summaries, so read it whole)."""
    if user_id is not None:
        return kestra_api.get_user(client, user_id)
    summary = find_user_by_email(client, email)
    return kestra_api.get_user(client, summary['id']) if summary else None


# Users: how kestra_user and kestra_users write them ----------------------------------------

DETAILS = ('firstName', 'lastName', 'email')          # PATCH /users/{id}
MEMBERSHIP = ('tenants', 'groups')                    # only PUT /users/{id}, a full replace, writes these
REPLACED = ('email', 'firstName', 'lastName', 'tenants', 'groups', 'restricted', 'superAdmin')   # what that PUT takes
FLAGS = (('restricted', kestra_api.set_user_restricted),   # (view field, the endpoint that sets it alone)
         ('instanceOwner', kestra_api.set_user_superadmin))
NOT_IN_LISTING = ('firstName', 'lastName', 'groups', 'restricted')   # ApiUserSummary lacks them


def replacement(user, changes):
    """The body of ``PUT /users/{id}``: every writable field of the live ``user`` (a comparable view) merged
    with ``changes``. The PUT replaces the whole user, so a field it left out would be reset - the
    superadmin flag most of all. Never a password (its own endpoint), never a null (a field the user
    has no value for is left out, which is what a replace leaves it as)."""
    merged = dict(user)
    merged.update(changes)
    merged['superAdmin'] = merged.get('instanceOwner')
    merged['email'] = merged.get('email') or kestra_api.user_email(user)
    return dict((name, merged[name]) for name in REPLACED if merged.get(name) is not None)


def without_resets(body):
    """A create's body without the values resets fill in: a new user has nothing to reset, and Kestra's
    defaults are those values."""
    return dict((name, value) for name, value in body.items()
                if not (name in USER.by_api_name and value == USER.by_api_name[name].reset))


def check_known_groups(client, tenant, added, known_ids=None, where='', option='group_ids'):
    """Fail, before any write, when ``added`` holds an id no group of ``tenant`` has; ``known_ids``: the tenant's
    group ids when already read (else one read of them, spent only when something is added)."""
    if not added:
        return known_ids
    if known_ids is None:
        known_ids = set(group['id'] for group in kestra_api.iter_groups(client, tenant))
    unknown = [group for group in added if group not in known_ids]
    if unknown:
        raise InputError('%s%s: no group of tenant %s has id %s; nothing was changed'
                         % (where, option, tenant, ', '.join(unknown)))
    return known_ids


class TenantGroups(bulk.Memberships):
    """kestra_users' ``tenant_group_ids`` and ``tenant_group_names`` (tenant -> groups): a user's groups come in
    ``GET /api/v1/users/{id}`` (each with its ``tenantId``), which the run reads for every listed user whose entry
    compares what the listing lacks (names, groups) - so reading them costs no request of its own; a tenant's
    groups are read once, to resolve names and to check the ids a run adds. A change is one
    ``PUT /api/v1/{tenant}/users/{id}/groups`` a tenant that differs; other tenants are never touched."""

    options = ('tenant_group_ids', 'tenant_group_names')
    append_option = 'append_groups'
    diff_name = 'tenant_group_ids'
    argument_spec = dict(tenant_group_ids=dict(type='dict'), tenant_group_names=dict(type='dict'),
                         append_groups=dict(type='bool', default=False))

    def __init__(self, module, client):
        super(TenantGroups, self).__init__(module, client)
        self.known = {}   # tenant -> its group ids, once read
        self.me = None

    def groups_of(self, tenant):
        if tenant not in self.known:
            self.known[tenant] = list(kestra_api.iter_groups(self.client, tenant))
        return self.known[tenant]

    def resolve(self, entries):
        wanted = []
        for where, entry in entries:
            if entry.get('groups') is not None:
                raise InputError('%sgroups and tenant_group_ids/tenant_group_names both set the groups; give one' % where)
            tenants, named_by = {}, {}
            for option in self.options:
                for tenant, names in (entry.get(option) or {}).items():
                    if not isinstance(tenant, str) or not tenant.strip():
                        raise InputError('%s%s: a tenant must be named, got %r' % (where, option, tenant))
                    tenant = tenant.strip()   # ' main ' is main, as group ids and names are stripped
                    named_by.setdefault(tenant, option)
                    if not (isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)):
                        raise InputError('%s%s.%s must be a list of group %s, got %r' % (
                            where, option, tenant, 'ids' if option == 'tenant_group_ids' else 'names', names))
                    ids = tenants.setdefault(tenant, set())
                    if option == 'tenant_group_ids':
                        ids.update(name.strip() for name in names)
                    elif names:
                        tenant_where = ' of tenant %s' % tenant
                        ids.update(ids_named(self.groups_of(tenant), [n.strip() for n in names],
                                             where + 'tenant_group_names.' + tenant,
                                             ('group' + tenant_where, 'groups' + tenant_where)).values())
            wanted.append((where, dict((tenant, sorted(ids)) for tenant, ids in tenants.items()), named_by))
        return wanted

    def read(self, users, wanted):
        return dict((user['id'], user.get('groupsByTenant') or {}) for user in users)

    def empty(self):
        return {}

    def plan(self, current, wanted, append):
        where, tenants = wanted[:2]
        before, after, add = {}, {}, {}
        for tenant, ids in sorted(tenants.items()):
            plan = reconcile.plan_membership(current.get(tenant, []), ids, 'present', append)
            before[tenant], after[tenant] = plan.current, plan.after
            if plan.changed:
                add[tenant] = plan.changes['add']
        for tenant, added in sorted(add.items()):   # before any write, in check mode too
            known = set(group['id'] for group in self.groups_of(tenant))
            check_known_groups(self.client, tenant, added, known, where, 'tenant_group_ids.' + tenant)
        changes = dict((tenant, ids) for tenant, ids in after.items() if ids != before[tenant])
        return reconcile.Plan('update' if changes else None, before, changes=changes, after=after,
                              diff={'before': {self.diff_name: before}, 'after': {self.diff_name: after}})

    def keeps(self, user, plan):
        if not any(set(plan.current.get(tenant, [])) - set(ids) for tenant, ids in plan.after.items()):
            return None
        if self.me is None:   # a read, spent only when a run would take groups away
            self.me = kestra_api.get_my_id(self.client)
        if user.get('id') == self.me:
            return 'the account the API credentials belong to: its own groups are not taken away'
        return None

    def check(self, item, wanted):
        """Kestra answers 404 to a group write in a tenant the user has no access to (Kestra 2.0). The user's
        tenants after the run are known before any write - its entry's ``tenants`` (reset ones included), else
        the live ones, else none (a new user) - so a tenant the entry gives groups in, or whose groups the run
        would write, that is not among them fails here, in check mode too, instead of after a write."""
        where, tenants, named_by = wanted
        if item.wanted is not None and item.wanted.get('tenants') is not None:
            access = item.wanted['tenants']
        else:
            access = (item.current or {}).get('tenants') or []
        access = set(tenant.strip() for tenant in access if isinstance(tenant, str))
        writes = set(item.members.changes) if item.members.changed else set()
        lacking = sorted(tenant for tenant, ids in tenants.items() if (ids or tenant in writes) and tenant not in access)
        if lacking:
            tenant = lacking[0]
            raise InputError('%s%s.%s: the user will have no access to tenant %s (its tenants: %s), and Kestra refuses '
                             'groups there; add %s to tenants, or leave its groups out; nothing was changed'
                             % (where, named_by[tenant], tenant, tenant, ', '.join(sorted(access)) or 'none', tenant))

    def write(self, user, plan):
        for tenant, ids in sorted(plan.changes.items()):
            kestra_api.put_user_groups(self.client, tenant, user['id'], ids)


class KestraUsers(bulk.Directory):
    """The instance's users, for kestra_users and (as its contract) kestra_user. The listing holds summaries:
    comparing names, groups or ``restricted`` needs one ``GET /api/v1/users/{id}`` a listed user, which is as
    few as the API allows; a full-replace PUT is never built from a summary."""

    resource = USER
    listing_lacks = NOT_IN_LISTING
    own_rights = ('tenants', 'groups')   # the caller's own are never taken away

    def __init__(self, module, client):
        super(KestraUsers, self).__init__(module, client)
        self.complete = set()   # ids of users read whole, not as summaries
        self.memberships = TenantGroups(module, client)

    def needs_details(self, wanted):
        return super(KestraUsers, self).needs_details(wanted) or self.memberships.asked(wanted)

    def read_all(self):
        users = kestra_api.iter_users(self.client, page_size=kestra_api.LISTING_PAGE_SIZE)
        return (comparable_user(user) for user in users)

    def details(self, user):
        self.complete.add(user['id'])
        return comparable_user(kestra_api.get_user(self.client, user['id'])) or user

    def find(self, values, resource_id=None):
        user = find_user(self.client, values.get('email'), resource_id)   # the whole user
        if user is not None:
            self.complete.add(user['id'])
        return comparable_user(user)

    def protected(self):
        me = kestra_api.get_my_id(self.client)   # its id must be known before anyone is deleted
        return {me: 'the account the API credentials belong to'}

    def privileged(self, user):
        if user.get('instanceOwner') is None and user.get('superAdmin') is None:
            user = self.details(user)   # a summary that does not say is not "no": read the user (deletions only)
        view = comparable_user(user)
        return 'Kestra instance owner (superAdmin)' if view.get('instanceOwner') else None

    def create(self, body):
        """``POST /users``; the flag goes as the schema names it, and by its own endpoint if the answer lacks it."""
        body = without_resets(body)
        request = dict((k, v) for k, v in body.items() if k != 'instanceOwner')
        if body.get('instanceOwner'):
            request['superAdmin'] = True
        user = comparable_user(kestra_api.create_user(self.client, request,
                                                      read_back=lambda: find_user(self.client, body['email'])))
        if body.get('instanceOwner') and not user.get('instanceOwner'):
            kestra_api.set_user_superadmin(self.client, user['id'], True)
            user['instanceOwner'] = True
        return user

    def update(self, user, changes):
        """Only the requests whose fields changed. ``user`` is the whole live user (a comparable view).

        Tenants or groups: one full-replace PUT carrying the live user merged with every change (flags
        included), read whole first - that PUT is never built from a summary; otherwise names and e-mail
        by PATCH. A flag the answer does not show as wanted, and a password, go by their own endpoints.
        """
        if set(changes) & set(MEMBERSHIP) and user['id'] not in self.complete:
            user = self.details(user)
        predicted = reconcile.merged(user, dict((k, v) for k, v in changes.items() if k != 'password'))
        if set(changes) & set(MEMBERSHIP):
            user = comparable_user(kestra_api.replace_user(self.client, user['id'], replacement(user, changes),
                                                           predicted))
        elif set(changes) & set(DETAILS):
            details = dict((k, v) for k, v in changes.items() if k in DETAILS)
            user = comparable_user(kestra_api.update_user_details(self.client, user['id'], details,
                                                                  reconcile.merged(user, details)))
        else:
            user = dict(user)
        for name, set_flag in FLAGS:
            if name in changes and bool(user.get(name)) != changes[name]:
                set_flag(self.client, user['id'], changes[name])
                user[name] = changes[name]
        if 'password' in changes:
            kestra_api.set_user_password(self.client, user['id'], changes['password'])
        return user

    def delete(self, user):
        kestra_api.delete_user(self.client, user['id'])


# Names: groups and service accounts, resolved to ids where the API can ----------------------

def ids_named(items, names, option, what, name_of=lambda item: item.get('name')):
    """{name: id} of each of ``names`` among ``items``, matched exactly (case and all). ``what``: the items, as
    (one, several): ``('group of tenant main', 'groups of tenant main')``.

    Every problem fails at once, before anything is written: a name no item has (naming those that differ
    only in case, the likely typo), and a name several items share (listing their ids: never pick one).
    """
    found = dict((name, []) for name in names)
    by_case = {}
    for item in items:
        name = name_of(item)
        if name in found:
            found[name].append(item)
        elif isinstance(name, str):
            by_case.setdefault(name.lower(), []).append(item)
    problems = []
    for name in sorted(found):
        hits = sorted(found[name], key=lambda item: str(item['id']))
        if len(hits) > 1:
            problems.append('several %s are named %s: ids %s' % (what[1], name, ', '.join(str(h['id']) for h in hits)))
        elif not hits:
            near = ', '.join('%s has id %s' % (name_of(item), item['id']) for item in by_case.get(name.lower(), []))
            problems.append('no %s is named %s%s' % (what[0], name, ' (names match with case; %s)' % near if near else ''))
    if problems:
        raise InputError('%s: %s' % (option, '; '.join(problems)))
    return dict((name, hits[0]['id']) for name, hits in found.items())


def group_ids_named(client, tenant, names):
    """{name: id} of the groups of ``tenant`` named ``names``; reads nothing when there are none."""
    if not names:
        return {}
    where = ' of tenant %s' % tenant
    return ids_named(list(kestra_api.iter_groups(client, tenant)), names, 'group_names',
                     ('group' + where, 'groups' + where))


def find_service_account_by_name(client, name, tenant=None):
    """The service account named exactly ``name`` (in ``tenant``, or instance-wide), or None; several fail,
    listing their ids (since Kestra 0.22 names are not unique)."""
    if not name.strip():
        raise InputError('service_account_name must not be empty')
    name = name.strip()
    where = ' in tenant %s' % tenant if tenant else ''
    hits = sorted((account for account in kestra_api.iter_service_accounts(client, tenant)
                   if kestra_api.service_account_name(account) == name), key=lambda account: str(account['id']))
    return common.only_match(hits, 'several service accounts%s are named %s (give the one you mean in '
                                   'service_account_id): ids' % (where, name))


# API tokens: their owner, their name, their lifetime ---------------------------------------

TOKEN_NAME_PATTERN = re.compile(r'^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$')


class TokenResource(Resource):
    """The API token's declaration, which also checks its name and lifetime."""

    def normalised(self, values, where=''):
        result = super(TokenResource, self).normalised(values, where)
        name = result.get('name')
        if name is not None and not TOKEN_NAME_PATTERN.match(name):
            raise InputError('%sname must be 1 to 63 lower-case letters, digits and single dashes '
                             '(not starting or ending with a dash), got %r' % (where, name))
        max_age = result.get('max_age')
        if max_age is not None and token_age.duration_seconds(max_age) is None:
            raise InputError('%smax_age must be an ISO 8601 duration such as P30D or PT12H, got %r' % (where, max_age))
        return result


# Tokens cannot be edited: a difference is a re-creation (rotate), so nothing resets.
TOKEN = TokenResource('API token', 'name', [
    Option('name', key=True),
    Option('description'),
    Option('max_age', api_name='maxAge'),
    Option('extended', type='bool'),
], renamable=False)


def token_owner_options():
    """Options naming a token owner, shared by kestra_api_token and kestra_api_token_info."""
    return dict(user_id=dict(type='str'), user_email=dict(type='str'), service_account_id=dict(type='str'),
                service_account_name=dict(type='str'))


TOKEN_OWNER_CONSTRAINTS = dict(
    mutually_exclusive=[('user_id', 'user_email', 'service_account_id', 'service_account_name')],
    required_one_of=[('user_id', 'user_email', 'service_account_id', 'service_account_name')],
)


def resolve_token_owner(client, params):
    """The owner of API tokens named by user_id, user_email, service_account_id or service_account_name
    (+ tenant); None if unknown. A service account name several accounts share fails, listing their ids."""
    if params.get('service_account_id'):
        return kestra_api.TokenOwner('service account', params['service_account_id'], params.get('tenant'))
    if params.get('service_account_name') is not None:
        account = find_service_account_by_name(client, params['service_account_name'], params.get('tenant'))
        return kestra_api.TokenOwner('service account', account['id'], params.get('tenant')) if account else None
    if params.get('user_id'):
        return kestra_api.TokenOwner('user', params['user_id'])
    user = find_user_by_email(client, params['user_email'])
    return kestra_api.TokenOwner('user', user['id']) if user else None
