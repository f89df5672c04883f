# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ExtremeCloud IQ API: connection options, bearer-token or ``/login`` authentication, answer checks,
paging, and one function per endpoint. Nothing here knows what a module wants of a user.

Every answer is checked for the shape the code uses (``answers``), and every id that goes
into a path is an integer (XIQ's ids are) encoded as one segment (``paths``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import answers, common, paths
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import page_number_items

MAX_PAGE_SIZE = 100  # GET /users and /users/external: limit 1..100
USERS_PATH = '/users'
EXTERNAL_USERS_PATH = '/users/external'


# Connection ------------------------------------------------------------------------------

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
        token = login(client, self.username, self.password)
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
        logout(client, token)


error_message = coded_error_message


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, MODULE_KWARGS, **kwargs)


def client_for(module):
    return common.build_client(module, XiqAuth(module), error_message)


# Answers ---------------------------------------------------------------------------------

def check_user(response, user, where=''):
    """The fields matched and compared as text or as a set are of that type (or left out)."""
    answers.optional_string(response, user.get('login_name'), where + '"login_name"')
    locations = user.get('location_ids')
    if locations is not None and not (isinstance(locations, list) and all(
            isinstance(location, int) and not isinstance(location, bool) for location in locations)):
        raise answers.unexpected(response, '%s"location_ids" is %s, not a list of integers'
                                 % (where, answers.kind_of(locations)))


def user_answer(response, user_id=None):
    """The user an answer is about: an object with an integer id (the one asked for, when one was)."""
    user = answers.body_object(response)
    answers.check_id(response, user.get('id'), answers.INTEGER)
    check_user(response, user)
    if user_id is not None and user['id'] != int(user_id):
        raise answers.unexpected(response, '"id" is %s, not the id asked for (%s)' % (user['id'], user_id))
    return user


def page_users(response):
    """The users of one ``Paged*{page,count,total_pages,total_count,data}`` page, each with an integer id."""
    users = answers.identified(response, answers.field_list(response, 'data'), answers.INTEGER)
    for position, user in enumerate(users):
        check_user(response, user, 'item %d ' % position)
    return users


def page_count(name):
    """A reader of the page's count ``name`` (None when left out); a count of another type fails the walk."""
    return lambda response: answers.optional_count(response, answers.body_object(response).get(name), '"%s"' % name)


# Paths and the shared forms of the two user collections ----------------------------------

def user_path(collection, user_id):
    """``/users/{id}`` or ``/users/external/{id}``; an id that is not an integer is refused, naming ``id``."""
    return paths.api_path(collection + '/{}', paths.integer_segment(user_id, 'id'))


def walk(client, collection):
    """Every user of ``collection``, walking pages at the largest size the API accepts.

    ``total_count`` ends the walk exactly where the listing says it ends (and a count the pages
    contradict fails it); ``total_pages`` serves an answer that leaves the count out.
    """
    return page_number_items(
        client, paths.api_path(collection), extract=page_users, page_size=MAX_PAGE_SIZE,
        total_items=page_count('total_count'), total_pages=page_count('total_pages'))


def get_one(client, collection, user_id, absent_ok=True):
    """The user of ``collection`` with this id; None when it answers 404 and ``absent_ok``."""
    answer = client.get(user_path(collection, user_id), ok_statuses=(404,) if absent_ok else None)
    return user_answer(answer, user_id) if answer.status != 404 else None


# Endpoints: session ----------------------------------------------------------------------

def login(client, username, password):
    """``POST /login``: the access token of a new session (checked to be a non-empty string)."""
    answer = client.post(paths.api_path('/login'), json_body={'username': username, 'password': password},
                         authenticate=False, is_write=False)
    token = answers.body_object(answer).get('access_token')
    if not isinstance(token, str) or not token.strip():
        # never shown: it may be the token after all
        raise answers.unexpected(answer, '"access_token" is %s, not a non-empty string' % (
            'an empty string' if isinstance(token, str) else answers.kind_of(token)))
    return token


def logout(client, token):
    """``POST /logout`` with the session's own token and no renewal."""
    client.post(paths.api_path('/logout'), headers={'Authorization': 'Bearer %s' % token},
                authenticate=False, is_write=False)


# Endpoints: local users ------------------------------------------------------------------

def list_users(client):
    """``GET /users``, every page (lazily: a caller that stops early reads no further page)."""
    return walk(client, USERS_PATH)


def get_user(client, user_id):
    """``GET /users/{id}``: the user, or None when there is none."""
    return get_one(client, USERS_PATH, user_id)


def get_current_user(client):
    """``GET /users/me``: the account the API credentials belong to."""
    return user_answer(client.get(paths.api_path(USERS_PATH + '/me')))


def create_user(client, body):
    """``POST /users``: the created user."""
    response = client.post(paths.api_path(USERS_PATH), json_body=body)
    return answers.created_as_sent(response, user_answer(response), 'login_name', body.get('login_name'))


def update_user(client, user_id, changes):
    """``PATCH /users/{id}`` with only the fields that differ: the updated user."""
    return user_answer(client.patch(user_path(USERS_PATH, user_id), json_body=changes), user_id)


def delete_user(client, user_id):
    """``DELETE /users/{id}``."""
    client.delete(user_path(USERS_PATH, user_id))


# Endpoints: external users (grants of access to users of other accounts) ----------------

def list_external_users(client):
    """``GET /users/external``, every page (lazily)."""
    return walk(client, EXTERNAL_USERS_PATH)


def get_external_user(client, user_id, absent_ok=True):
    """``GET /users/external/{id}``: the grant; None when there is none and ``absent_ok``, a failure otherwise."""
    return get_one(client, EXTERNAL_USERS_PATH, user_id, absent_ok)


def create_external_user(client, body):
    """``POST /users/external``: the created grant."""
    return user_answer(client.post(paths.api_path(EXTERNAL_USERS_PATH), json_body=body))


def update_external_user(client, user_id, changes):
    """``PATCH /users/external/{id}`` with only the fields that differ; it answers 200 with no body."""
    client.patch(user_path(EXTERNAL_USERS_PATH, user_id), json_body=changes)


def delete_external_user(client, user_id):
    """``DELETE /users/external/{id}``."""
    client.delete(user_path(EXTERNAL_USERS_PATH, user_id))
