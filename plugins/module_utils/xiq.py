# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ExtremeCloud IQ: connection options, bearer-token or /login authentication, user lookups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import common
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import page_number_items

MAX_PAGE_SIZE = 100  # GET /users: limit 1..100

USER_ROLES = ['ADMINISTRATOR', 'OPERATOR', 'MONITOR', 'HELP_DESK', 'GUEST_MANAGEMENT',
              'OBSERVER', 'INSTALLER', 'APPLICATION_OPERATOR']
# The API codes these as integers; playbooks use the words.
ACCESS_SCOPES = {'viq': 0, 'site': 1}
VIQ_ACCESS_CONTROLS = {'read_write': 0, 'read_only': 1}


def argument_spec(**resource_options):
    spec = common.connection_argument_spec('XIQ', token=True, username=True)
    spec.update(resource_options)
    return spec


MODULE_KWARGS = dict(
    required_together=[('api_username', 'api_password')],
    required_one_of=[('api_token', 'api_username')],
)


class XiqAuth(NoAuth):
    """A given API token, or ``POST /login`` once per run (and again once on a 401)."""

    def __init__(self, module):
        self.module = module
        self.token = module.params.get('api_token')
        self.username = module.params.get('api_username')
        self.password = module.params.get('api_password')
        self.can_refresh = not self.token and bool(self.username)

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
        token = (answer.body or {}).get('access_token') if isinstance(answer.body, dict) else None
        if not token:
            raise common.InputError('POST /login answered without an access_token')
        common.hide_secret(self.module, token)
        self.token = token


error_message = coded_error_message


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, MODULE_KWARGS, **kwargs)


def client_for(module):
    return common.build_client(module, XiqAuth(module), error_message)


def iter_users(client, path='/users'):
    """Every user (or external user), walking pages at the largest size the API accepts."""
    return page_number_items(
        client, path, extract=lambda r: (r.body or {}).get('data') or [], page_size=MAX_PAGE_SIZE,
        total_pages=lambda r: (r.body or {}).get('total_pages'))


def find_user(client, login_name=None, user_id=None, path='/users'):
    """The user with this id, or whose login name matches (case-insensitively), or None.

    XIQ has no server-side filter, so the walk stops at the page that holds the match.
    """
    if user_id is not None:
        answer = client.get('%s/%s' % (path, user_id), ok_statuses=(404,))
        return answer.body if answer.status == 200 else None
    wanted = login_name.lower()
    for user in iter_users(client, path):
        if (user.get('login_name') or '').lower() == wanted:
            return user
    return None
