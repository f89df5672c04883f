# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ExtremeCloud IQ resources: local and external users declared once (``USER``, ``EXTERNAL_USER``),
the lookups that find them by login name, and the contracts the modules write them through.

Every request goes through an endpoint function of ``xiq_api``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, reconcile, xiq_api
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource

# Declarations ----------------------------------------------------------------------------

USER_ROLES = ['ADMINISTRATOR', 'OPERATOR', 'MONITOR', 'HELP_DESK', 'GUEST_MANAGEMENT',
              'OBSERVER', 'INSTALLER', 'APPLICATION_OPERATOR']
# The API codes these as integers; playbooks use the words.
ACCESS_SCOPES = {'viq': 0, 'site': 1}
VIQ_ACCESS_CONTROLS = {'read_write': 0, 'read_only': 1}


def access_options(role_required_on_create=False):
    """Role and scope options shared by local and external users (doc fragment xiq_access)."""
    return [
        Option('user_role', choices=USER_ROLES, required_on_create=role_required_on_create),
        Option('location_ids', type='list', elements='int', compare=reconcile.SET, reset=[]),
        Option('access_scope', words=ACCESS_SCOPES, reset='viq'),
        Option('viq_access_control', words=VIQ_ACCESS_CONTROLS, reset='read_write'),
    ]


DEFAULT_IDLE_TIMEOUT = 30   # XIQ requires idle_timeout on create; sent when the user leaves it out
# Local users: what xiq_user and xiq_users manage.
# display_name and user_role are required by XIQ: a resetting state leaves them as they are
USER = Resource('user', 'login_name', [
    Option('login_name', compare=reconcile.CASE_INSENSITIVE, key=True),
    Option('display_name', required_on_create=True),
    Option('idle_timeout', type='int', bounds=(5, 240), create_default=DEFAULT_IDLE_TIMEOUT, reset=DEFAULT_IDLE_TIMEOUT),
] + access_options(role_required_on_create=True))
# one grant per login and organisation: a grant's login name cannot change, and org_id is where it lives
EXTERNAL_USER = Resource('external user', 'login_name', [
    Option('login_name', compare=reconcile.CASE_INSENSITIVE, key=True),
] + access_options(role_required_on_create=True), renamable=False)


# Lookups ---------------------------------------------------------------------------------

def same_login(user, login_name):
    return (user.get('login_name') or '').lower() == login_name.lower()


def find_user(client, login_name=None, user_id=None):
    """The local user with this id, or whose login name matches (case-insensitively), or None.

    XIQ has no server-side filter and login names are unique, so the walk stops at the page
    that holds the match.
    """
    if user_id is not None:
        return xiq_api.get_user(client, user_id)
    return next((user for user in xiq_api.list_users(client) if same_login(user, login_name)), None)


def external_users_named(client, login_name, org_id=None):
    """The external-user grants of ``login_name`` (for ``org_id``, when given), lazily, page by page."""
    return (user for user in xiq_api.list_external_users(client)
            if same_login(user, login_name) and (org_id is None or user.get('org_id') == org_id))


def find_external_user(client, login_name=None, org_id=None, user_id=None):
    """The external user with this id, or the one grant of ``login_name`` (in ``org_id``); or None."""
    if user_id is not None:
        return xiq_api.get_external_user(client, user_id)
    if org_id is not None:   # one grant per login and organisation: the walk stops at its page
        return next(external_users_named(client, login_name, org_id), None)
    grants = list(external_users_named(client, login_name))   # a login may be granted once per organisation
    return common.only_match(
        grants, '%s has %d external-user grants; set org_id or id to pick one:' % (login_name, len(grants)),
        lambda grant: 'id %s (org_id %s)' % (grant['id'], grant.get('org_id')))


def select_users(client, user_id=None, login_name=None):
    """Local users for xiq_user_info: one by id, the one with a login name, or all."""
    if user_id is not None:
        found = xiq_api.get_user(client, user_id)
        return [found] if found else []
    if login_name is not None:
        found = find_user(client, login_name)    # unique: the walk stops at its page
        return [found] if found else []
    return list(xiq_api.list_users(client))


def select_external_users(client, user_id=None, login_name=None, org_id=None):
    """Grants for xiq_external_user_info: one by id, those matching a login name (and org), or all."""
    if user_id is not None:
        found = xiq_api.get_external_user(client, user_id)
        return [found] if found else []
    return [user for user in xiq_api.list_external_users(client)
            if (login_name is None or same_login(user, login_name))
            and (org_id is None or user.get('org_id') == org_id)]


# Contracts -------------------------------------------------------------------------------

class XiqUsers(bulk.Directory):
    """The account's local users for xiq_users and xiq_user. No server-side filter exists: one walk, 100 a page."""

    resource = USER

    def read_all(self):
        return xiq_api.list_users(self.client)

    def find(self, values, resource_id=None):
        return find_user(self.client, login_name=values.get('login_name'), user_id=resource_id)

    def protected(self):
        return {xiq_api.get_current_user(self.client)['id']: 'the account the API credentials belong to'}

    def privileged(self, user):
        role = user.get('user_role')
        return 'XIQ role ADMINISTRATOR' if isinstance(role, str) and role.strip().upper() == 'ADMINISTRATOR' else None

    def create(self, body):
        return xiq_api.create_user(self.client, body)

    def update(self, user, changes):
        """PATCH sends only the fields that differ."""
        return xiq_api.update_user(self.client, user['id'], changes)

    def delete(self, user):
        xiq_api.delete_user(self.client, user['id'])


class ExternalUsers:
    """The contract of xiq_external_user: grants found by id, or by login name (and organisation)."""

    def __init__(self, module, client):
        self.client = client
        self.org_id = module.params.get('org_id')

    def find(self, values, resource_id=None):
        return find_external_user(self.client, values.get('login_name'), self.org_id, resource_id)

    def create(self, body):
        if self.org_id is not None:
            body = dict(body, org_id=self.org_id)
        return xiq_api.create_external_user(self.client, body)

    def update(self, user, changes):
        xiq_api.update_external_user(self.client, user['id'], changes)   # answers with no body: read the grant back
        return xiq_api.get_external_user(self.client, user['id'], absent_ok=False)

    def delete(self, user):
        xiq_api.delete_external_user(self.client, user['id'])
