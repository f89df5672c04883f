# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OneLogin users: their declaration, the lookups (a user by id or key, role names -> ids), and their contract.

The users' options are declared once (``USERS``, one ``Resource`` a key) for onelogin_user and
onelogin_users alike; ``OneLoginUsers`` is how both read and write them. Every request goes
through an endpoint function of ``onelogin_api``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, onelogin_api, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.declaration import UNSET, Option, Resource


# Users: what onelogin_user and onelogin_users manage -------------------------------------------

# PUT .../set_state takes a number; playbooks use the words.
USER_STATES = {'unapproved': 0, 'approved': 1, 'rejected': 2, 'unlicensed': 3}
# The account's status, sent in the user body; V(suspended) stops sign-in without deleting the account.
USER_STATUSES = {'unactivated': 0, 'active': 1, 'suspended': 2, 'locked': 3, 'password_expired': 4,
                 'awaiting_password_reset': 5, 'password_pending': 7, 'security_questions_required': 8}
PLAIN_FIELDS = ('firstname', 'lastname', 'title', 'department', 'company', 'comment', 'group_id', 'phone',
                'directory_id', 'trusted_idp_id', 'manager_ad_id', 'manager_user_id', 'samaccountname',
                'member_of', 'userprincipalname', 'distinguished_name', 'external_id', 'preferred_locale_code')
INTEGER_FIELDS = ('group_id', 'directory_id', 'trusted_idp_id')
# What a resetting state (replaced, overridden) clears when an entry leaves it out. The User request schema of
# POST/PUT /api/1/users types each as a plain, non-nullable string, so the reset is the empty string, never null.
# Fields that come from a directory (AD/LDAP), the ids, custom attributes and the state are left as they are.
RESET_FIELDS = ('firstname', 'lastname', 'title', 'department', 'company', 'comment', 'phone', 'manager_user_id',
                'preferred_locale_code')
SEPARATE_CALLS = ('state', 'password')   # sent through their own endpoints, not in the user body


def user_options():
    """The options of a OneLogin user, as onelogin_user takes them and each onelogin_users entry does."""
    return ([Option('username', compare=reconcile.CASE_INSENSITIVE, strip=True),
             Option('email', compare=reconcile.CASE_INSENSITIVE, strip=True)]
            + [Option(name, type='int' if name in INTEGER_FIELDS else 'str', reset='' if name in RESET_FIELDS else UNSET)
               for name in PLAIN_FIELDS]
            + [Option('custom_attributes', type='dict', compare=reconcile.SUBSET, text_values=True),
               Option('user_state', api_name='state', words=USER_STATES),
               Option('status', words=USER_STATUSES),
               Option('password', compare=reconcile.WRITE_ONLY, no_log=True)])


# A user is named by its username or by its e-mail (onelogin_users: match_by; onelogin_user: username unless only
# email is given): one declaration a key, from the same options, so both modules judge every option the same way.
USER_OPTIONS = user_options()
USERS = dict((key, Resource('OneLogin user', key, USER_OPTIONS)) for key in ('username', 'email'))
USER = USERS['username']


def entry_options():
    """onelogin_users' ``config`` suboptions: either key may name the user (``match_by``), so the spec requires
    neither; ``bulk.check_options`` requires the one ``match_by`` names. The roles are not user fields: ``Roles``
    reads and writes them."""
    options = USER.argument_spec()
    options.update(Roles.argument_spec)
    return options


# Passwords: only a salted digest leaves this host when there is a salt ---------------------------

def salted_sha256(password, salt):
    """What ``set_password_using_salt`` expects: lower-case hex SHA-256 of salt + cleartext."""
    return hashlib.sha256((salt + password).encode('utf-8')).hexdigest()


# Lookups ---------------------------------------------------------------------------------------

def find_user(client, user_id=None, username=None, email=None):
    """The user with this id, or whose username or e-mail matches exactly (ignoring case); or None.

    The list filters also accept wildcards, so each hit is checked; several is an error.
    """
    if user_id is not None:
        return onelogin_api.get_user(client, user_id)
    field, value = ('username', username) if username is not None else ('email', email)
    hits = [u for u in onelogin_api.list_users(client, {field: value}) if (u.get(field) or '').lower() == value.lower()]
    return common.only_match(hits, 'several OneLogin users have %s %s: ids' % (field, value))


def named(roles, name):
    """Those of ``roles`` whose name is ``name``, ignoring case and surrounding spaces - on both sides: a role the
    account calls ' Auditors ' is named Auditors."""
    wanted = name.strip().lower()
    return [role for role in roles if isinstance(role.get('name'), str) and role['name'].strip().lower() == wanted]


def role_id_named(roles, name, where=''):
    """The id of the one role of ``roles`` named ``name``; an unknown name, or one that several roles share, fails
    (naming the ids)."""
    hits = named(roles, name)
    if not hits:
        raise common.InputError('%sroles: no OneLogin role is named %s' % (where, name))
    if len(hits) > 1:
        raise common.InputError('%sroles: several OneLogin roles are named %s (ids %s); give the one you mean in '
                                'role_ids' % (where, name, ', '.join(str(role['id']) for role in hits)))
    return hits[0]['id']


def role_ids_named(client, names):
    """{name: role id} of each name, looked up one name at a time (the ``role_name`` filter may match more, so each
    hit is checked); an unknown name, or one that several roles share, fails (naming the ids)."""
    return dict((name, role_id_named(onelogin_api.list_roles(client, name), name)) for name in names)


def write_roles(client, user_id, changes):
    """Carry out a role plan's ``{'add', 'remove'}``: adds first, so that a failure between the two writes leaves
    the user with the roles of before and after, never with fewer than either."""
    if changes['add']:
        onelogin_api.add_user_roles(client, user_id, changes['add'])
    if changes['remove']:
        onelogin_api.remove_user_roles(client, user_id, changes['remove'])


def missing_roles(client, role_ids):
    """Those of ``role_ids`` no role has (``GET /api/2/roles/{id}`` answers 404), in order."""
    return [role_id for role_id in role_ids if onelogin_api.get_role(client, role_id, 'role_ids') is None]


class Roles(bulk.Memberships):
    """onelogin_users' ``role_ids`` and ``roles``: the account's roles are listed once (``GET /api/2/roles``), which
    resolves names and checks ids; the members are read role by role (``GET /api/2/roles/{id}/users``), never user
    by user. An exact set needs every role's members (a user may hold a role no entry names); when every entry
    appends, only the named roles are read."""

    options = ('role_ids', 'roles')
    append_option = 'append_roles'
    diff_name = 'role_ids'
    argument_spec = dict(role_ids=dict(type='list', elements='int'), roles=dict(type='list', elements='str'),
                         append_roles=dict(type='bool', default=False))

    def __init__(self, module, client):
        super(Roles, self).__init__(module, client)
        self.roles = []
        self.exact = False

    def resolve(self, entries):
        if not entries:
            return []
        self.roles = list(onelogin_api.list_all_roles(self.client))
        known = set(role['id'] for role in self.roles)
        wanted = []
        for where, entry in entries:
            ids = set()
            for role_id in entry.get('role_ids') or []:
                if role_id not in known:
                    raise common.InputError('%srole_ids: no OneLogin role has id %s; nothing was changed' % (where, role_id))
                ids.add(role_id)
            for name in entry.get('roles') or []:
                if not isinstance(name, str) or not name.strip():
                    raise common.InputError('%sroles: an empty name names no role' % where)
                ids.add(role_id_named(self.roles, name.strip(), where))
            self.exact = self.exact or not entry.get(self.append_option)
            wanted.append(sorted(ids))
        return wanted

    def read(self, users, wanted):
        named_roles = set(role_id for ids in wanted for role_id in ids)
        roles = [role['id'] for role in self.roles if self.exact or role['id'] in named_roles]
        held = {}
        members = bulk.bounded_map(lambda role_id: onelogin_api.list_role_user_ids(self.client, role_id), roles,
                                   self.module.params['concurrency'])
        for role_id, user_ids in zip(roles, members):
            for user_id in user_ids:   # a member the directory does not hold is no entry's: left alone
                held.setdefault(user_id, []).append(role_id)
        return held

    def write(self, user, plan):
        write_roles(self.client, user['id'], plan.changes)


# The contract: how onelogin_user and onelogin_users read and write users -----------------------

class OneLoginUsers(bulk.Directory):
    """The account's users: the contract of onelogin_user, and onelogin_users' one cursor walk of
    ``GET /api/1/users``, 100 a page.

    ``key`` names the user (``username`` or ``email``); onelogin_users takes it from ``match_by``.
    The state and the password are not part of the user body: each goes through its own endpoint.
    """

    def __init__(self, module, client, key=None):
        super(OneLoginUsers, self).__init__(module, client)
        params = module.params
        self.resource = USERS[key or params['match_by']]
        self.memberships = Roles(module, client)
        # OneLogin keeps usernames unique, not e-mail addresses: matched by e-mail, the whole directory is read,
        # so that two users with one address fail the run instead of one of them being changed
        self.unique_keys = self.resource.key == 'username'
        # what create and update read; onelogin_users has no salt, so its passwords are sent as clear text
        self.mappings = params.get('mappings')
        self.validate_policy = params.get('validate_policy')
        self.password_salt = params.get('password_salt')
        self.password_algorithm = params.get('password_algorithm')

    def read_all(self):
        return onelogin_api.list_users(self.client)

    def names_of(self, user):
        return [name for name in (user.get('username'), user.get('email')) if name]

    def find(self, values, resource_id=None):
        """The user with this id, else the one whose key (stripped: ``values`` are normalised) matches."""
        if resource_id is not None:
            return find_user(self.client, user_id=resource_id)
        return find_user(self.client, **{self.key: values.get(self.key)})

    def create(self, body):
        """POST the user (no empty text: a create has nothing to clear), then set its state if the answer differs."""
        fields = dict((k, v) for k, v in body.items() if k not in SEPARATE_CALLS and v != '')
        if 'password' in body:
            fields.update(self.password_fields(body['password']))
        user = onelogin_api.create_user(self.client, fields, self.mappings, self.validate_policy)
        if 'state' in body and user.get('state') != body['state']:
            user = self.set_state(user, body['state'])
        return user

    def update(self, user, changes):
        fields = dict((k, v) for k, v in changes.items() if k not in SEPARATE_CALLS)
        if fields:
            user = onelogin_api.update_user(self.client, user['id'], fields, self.mappings, self.validate_policy)
        if 'state' in changes:
            user = self.set_state(user, changes['state'])
        if 'password' in changes:
            self.set_password(user, changes['password'])
        return user

    def delete(self, user):
        onelogin_api.delete_user(self.client, user['id'])

    def set_state(self, user, state):
        onelogin_api.set_user_state(self.client, user['id'], state)
        user = dict(user)
        user['state'] = state
        return user

    def password_fields(self, password):
        """The password fields of a create (User body), clear text or salted digest."""
        if self.password_salt is None:
            return {'password': password, 'password_confirmation': password}
        digest = salted_sha256(password, self.password_salt)
        return {'password': digest, 'password_confirmation': digest,
                'password_algorithm': self.password_algorithm, 'salt': self.password_salt}

    def set_password(self, user, password):
        """An existing user's password: clear text, or only its salted digest when there is a salt."""
        if self.password_salt is None:
            onelogin_api.set_password_clear_text(self.client, user['id'], password, self.validate_policy)
            return
        digest = salted_sha256(password, self.password_salt)
        onelogin_api.set_password_using_salt(self.client, user['id'], digest, self.password_salt, self.password_algorithm)
