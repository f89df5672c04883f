# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ExtremeCloud IQ: connection options, bearer-token or /login authentication, user lookups.

Every answer is checked for the shape the code uses (``answers``), and every id that goes
into a path is an integer (XIQ's ids are) encoded as one segment (``paths``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import answers, bulk, common, paths, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import page_number_items
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource

MAX_PAGE_SIZE = 100  # GET /users and /users/external: limit 1..100
USERS_PATH = '/users'
EXTERNAL_USERS_PATH = '/users/external'

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


def argument_spec(**resource_options):
    spec = common.connection_argument_spec('XIQ', token=True, username=True)
    spec.update(resource_options)
    return spec


MODULE_KWARGS = dict(
    required_together=[('api_username', 'api_password')],
    required_one_of=[('api_token', 'api_username')],
)


class XiqAuth(NoAuth):
    """A given API token, or ``POST /login`` once per run (and again once on a 401), then ``POST /logout``."""

    def __init__(self, module):
        self.module = module
        self.token = module.params.get('api_token')
        self.username = module.params.get('api_username')
        self.password = module.params.get('api_password')
        self.can_refresh = not self.token and bool(self.username)
        self.logged_in = False   # the token is this run's session, to revoke at the end

    def headers(self, client):
        if not self.token:
            self.login(client)
        return {'Authorization': 'Bearer %s' % self.token}

    def refresh(self, client):
        self.login(client)
        return True

    def login(self, client):
        answer = client.post('/login', json_body={'username': self.username, 'password': self.password},
                             authenticate=False, is_write=False)
        token = answers.body_object(answer).get('access_token')
        if not isinstance(token, str) or not token.strip():
            # never shown: it may be the token after all
            raise answers.unexpected(answer, '"access_token" is %s, not a non-empty string' % (
                'an empty string' if isinstance(token, str) else answers.kind_of(token)))
        common.hide_secret(self.module, token)
        self.token = token
        self.logged_in = True

    def close(self, client):
        """Revoke the session this run logged in to, once; a given api_token is the user's to keep.

        Sent with the session token itself and no renewal: a 401 here must not log in again.
        """
        if not self.logged_in:
            return
        token, self.token, self.logged_in = self.token, None, False
        client.post('/logout', headers={'Authorization': 'Bearer %s' % token}, authenticate=False, is_write=False)


error_message = coded_error_message


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, MODULE_KWARGS, **kwargs)


def client_for(module):
    return common.build_client(module, XiqAuth(module), error_message)


def user_path(collection, user_id, what='id'):
    """``/users/{id}`` or ``/users/external/{id}``; an id that is not an integer is refused, naming ``what``."""
    return paths.api_path(collection + '/{}', paths.integer_segment(user_id, what))


def page_users(response):
    """The users of one ``Paged*{page,count,total_pages,total_count,data}`` page, each with an integer id."""
    users = answers.identified(response, answers.field_list(response, 'data'), answers.INTEGER)
    for position, user in enumerate(users):
        check_user(response, user, 'item %d ' % position)
    return users


def check_user(response, user, where=''):
    """The fields matched and compared as text or as a set are of that type (or left out)."""
    answers.optional_string(response, user.get('login_name'), where + '"login_name"')
    locations = user.get('location_ids')
    if locations is not None and not (isinstance(locations, list) and all(
            isinstance(location, int) and not isinstance(location, bool) for location in locations)):
        raise answers.unexpected(response, '%s"location_ids" is %s, not a list of integers'
                                 % (where, answers.kind_of(locations)))


def page_count(name):
    """A reader of the page's count ``name`` (None when left out); a count of another type fails the walk."""
    return lambda response: answers.optional_count(response, answers.body_object(response).get(name), '"%s"' % name)


def iter_users(client, path=USERS_PATH):
    """Every user (or external user), walking pages at the largest size the API accepts.

    ``total_count`` ends the walk exactly where the listing says it ends (and a count the pages
    contradict fails it); ``total_pages`` serves an answer that leaves the count out.
    """
    return page_number_items(
        client, path, extract=page_users, page_size=MAX_PAGE_SIZE,
        total_items=page_count('total_count'), total_pages=page_count('total_pages'))


def user_answer(response, user_id=None):
    """The user an answer is about: an object with an integer id (the one asked for, when one was)."""
    user = answers.body_object(response)
    answers.check_id(response, user.get('id'), answers.INTEGER)
    check_user(response, user)
    if user_id is not None and user['id'] != int(user_id):
        raise answers.unexpected(response, '"id" is %s, not the id asked for (%s)' % (user['id'], user_id))
    return user


def get_by_id(client, user_id, path=USERS_PATH):
    answer = client.get(user_path(path, user_id), ok_statuses=(404,))
    return user_answer(answer, user_id) if answer.status != 404 else None


def current_user(client):
    """The account the API credentials belong to (``GET /users/me``)."""
    return user_answer(client.get(USERS_PATH + '/me'))


def same_login(user, login_name):
    return (user.get('login_name') or '').lower() == login_name.lower()


def find_user(client, login_name=None, user_id=None):
    """The local user with this id, or whose login name matches (case-insensitively), or None.

    XIQ has no server-side filter and login names are unique, so the walk stops at the page
    that holds the match.
    """
    if user_id is not None:
        return get_by_id(client, user_id)
    return next((user for user in iter_users(client) if same_login(user, login_name)), None)


def external_users_named(client, login_name, org_id=None):
    """The external-user grants of ``login_name`` (for ``org_id``, when given), lazily, page by page."""
    return (user for user in iter_users(client, EXTERNAL_USERS_PATH)
            if same_login(user, login_name) and (org_id is None or user.get('org_id') == org_id))


def find_external_user(client, login_name=None, org_id=None, user_id=None):
    """The external user with this id, or the one grant of ``login_name`` (in ``org_id``); or None."""
    if user_id is not None:
        return get_by_id(client, user_id, EXTERNAL_USERS_PATH)
    if org_id is not None:   # one grant per login and organisation: the walk stops at its page
        return next(external_users_named(client, login_name, org_id), None)
    grants = list(external_users_named(client, login_name))   # a login may be granted once per organisation
    return common.only_match(
        grants, '%s has %d external-user grants; set org_id or id to pick one:' % (login_name, len(grants)),
        lambda grant: 'id %s (org_id %s)' % (grant['id'], grant.get('org_id')))


def select_users(client, path, user_id=None, login_name=None, org_id=None):
    """Users (or grants) for an info module: one by id, those matching a login name (and org), or all."""
    if user_id is not None:
        found = get_by_id(client, user_id, path)
        return [found] if found else []
    if login_name is not None and path == USERS_PATH:
        found = find_user(client, login_name)    # unique: the walk stops at its page
        return [found] if found else []
    return [user for user in iter_users(client, path)
            if (login_name is None or same_login(user, login_name))
            and (org_id is None or user.get('org_id') == org_id)]


# Local users: what xiq_user and xiq_users manage, and how they write it ------------------

DEFAULT_IDLE_TIMEOUT = 30   # XIQ requires idle_timeout on create; sent when the user leaves it out
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


def create_user(client, body):
    return user_answer(client.post(USERS_PATH, json_body=body))


def update_user(client, user, changes):
    """PATCH sends only the fields that differ."""
    return user_answer(client.patch(user_path(USERS_PATH, user['id']), json_body=changes), user['id'])


def delete_user(client, user):
    client.delete(user_path(USERS_PATH, user['id']))


class XiqUsers(bulk.Directory):
    """The account's local users for xiq_users and xiq_user. No server-side filter exists: one walk, 100 a page."""

    resource = USER

    def read_all(self):
        return iter_users(self.client)

    def find(self, values, resource_id=None):
        return find_user(self.client, login_name=values.get('login_name'), user_id=resource_id)

    def protected(self):
        return {current_user(self.client)['id']: 'the account the API credentials belong to'}

    def create(self, body):
        return create_user(self.client, body)

    def update(self, user, changes):
        return update_user(self.client, user, changes)

    def delete(self, user):
        delete_user(self.client, user)


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
        return user_answer(self.client.post(EXTERNAL_USERS_PATH, json_body=body))

    def update(self, user, changes):
        path = user_path(EXTERNAL_USERS_PATH, user['id'])
        self.client.patch(path, json_body=changes)   # answers 200 with no body: read the grant back
        return user_answer(self.client.get(path), user['id'])

    def delete(self, user):
        self.client.delete(user_path(EXTERNAL_USERS_PATH, user['id']))
