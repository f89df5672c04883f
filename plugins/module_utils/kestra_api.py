# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra (EE) API: how to talk to it - connection options, bearer or basic auth, error messages, answer
readers, paging, and one function per endpoint the modules use.

Every value that goes into a path is one encoded segment (``paths.api_path``), and every answer is
checked for the shape the code uses (``answers``) before anything is built on it. What the modules
manage, and how values map onto these requests, lives in ``kestra``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

from ansible.module_utils.basic import env_fallback

from ansible_collections.accessops.identity.plugins.module_utils import answers, common, token_age
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, generic_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import page_number_items
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path, refuse_unusable_path_options

PAGE_SIZE = 100         # a search by e-mail: a handful of hits
LISTING_PAGE_SIZE = 500  # the whole directory: Kestra documents no maximum for size; see docs/api-interpretations.md
USERS_PATH = '/api/v1/users'
SERVICE_ACCOUNTS_PATH = '/api/v1/service-accounts'


# Connection: options, auth, errors, the module and its client -------------------------------

def argument_spec(**resource_options):
    spec = common.connection_argument_spec('KESTRA', token=True, username=True)
    spec['tenant'] = dict(type='str', fallback=(env_fallback, ['KESTRA_TENANT']))
    spec.update(resource_options)
    return spec


MODULE_KWARGS = dict(
    required_together=[('api_username', 'api_password')],
    required_one_of=[('api_token', 'api_username')],
)


class KestraAuth(NoAuth):
    """An API token (``Bearer``) or, without one, HTTP basic auth with a username and password."""

    def __init__(self, module):
        token = module.params.get('api_token')
        if token:
            self.header = 'Bearer %s' % token
        else:
            pair = '%s:%s' % (module.params['api_username'], module.params['api_password'])
            self.header = 'Basic %s' % base64.b64encode(pair.encode('utf-8')).decode('ascii')
            common.hide_secret(module, self.header[6:])

    def headers(self, client):
        return {'Authorization': self.header}


def error_message(response):
    """Kestra (Micronaut) errors: ``message``, with the details of ``_embedded.errors``."""
    body = response.body
    if isinstance(body, dict):
        details = [e.get('message') for e in (body.get('_embedded') or {}).get('errors') or []
                   if isinstance(e, dict) and e.get('message')]
        if body.get('message'):
            return body['message'] + (': ' + '; '.join(details) if details else '')
        if details:
            return '; '.join(details)
    return generic_error_message(response)


PATH_OPTIONS = ('id', 'user_id', 'service_account_id', 'tenant')   # options that name a resource in a path


def new_module(argument_spec, **kwargs):
    module = common.new_module(argument_spec, MODULE_KWARGS, **kwargs)
    refuse_unusable_path_options(module, PATH_OPTIONS)
    return module


def client_for(module):
    return common.build_client(module, KestraAuth(module), error_message)


# Answers: shape checks and readers -------------------------------------------------------

def results_of(response):
    """The items of ``PagedResults{results,total}`` or, for the untyped answers (a service account's tokens,
    autocomplete), of a bare list."""
    if isinstance(response.body, list):
        return answers.body_list(response)
    return answers.field_list(response, 'results')


def total_of(response):
    """The ``total`` a ``PagedResults`` gives (None for a bare list): the walk ends exactly there."""
    body = response.body
    return answers.optional_count(response, body.get('total'), '"total"') if isinstance(body, dict) else None


def strings(response, items, keys, what):
    """``items``, once each of their ``keys`` the code reads as text is a string (or left out)."""
    for position, item in enumerate(items):
        for key in keys:
            answers.optional_string(response, item.get(key), '%s %d "%s"' % (what, position, key))
    return items


def user_summaries(response):
    """The users of one ``PagedResults`` page (a typed answer: never a bare list), each with an id (a write
    addresses it) and a textual e-mail."""
    return strings(response, answers.identified(response, answers.field_list(response, 'results'), what='user'),
                   ('email', 'username'), 'user')


def user_answer(response, fallback=None, asked=None):
    """The user an answer holds, checked where the code reads it; ``fallback`` when it has no body
    (a write Kestra answers without one). ``asked``: the id requested, which the answer must carry."""
    if response.body is None and fallback is not None:
        return fallback
    user = answers.body_object(response)
    answers.check_id(response, user.get('id'))
    if asked is not None and user['id'] != asked:
        raise answers.unexpected(response, '"id" is %r, not the id asked for (%s)' % (user['id'], asked))
    for key in ('email', 'username'):
        answers.optional_string(response, user.get(key), '"%s"' % key)
    for key in ('tenants', 'groups', 'auths'):
        refs = user.get(key)
        if refs is not None and not isinstance(refs, list):
            raise answers.unexpected(response, '"%s" is %s, not a list' % (key, answers.kind_of(refs)))
        for position, ref in enumerate(refs or []):
            if isinstance(ref, dict):
                answers.check_id(response, ref.get('id'), what='%s item %d "id"' % (key, position))
            elif key == 'auths' or not (isinstance(ref, str) and ref.strip()):   # a tenant or group may be its id
                raise answers.unexpected(response, '%s item %d is %s, not an object' % (
                    key, position, answers.kind_of(ref)))
    return user


def user_email(user):
    """A user's e-mail: ``email``, else the ``username`` (Kestra's username is the e-mail; a summary has only it)."""
    return user.get('email') or user.get('username') or ''


def group_summaries(response):
    """The groups of one ``PagedResults`` page (``ApiGroupSummary``), each with an id and a textual name."""
    return strings(response, answers.identified(response, answers.field_list(response, 'results'), what='group'),
                   ('name',), 'group')


def service_account_summaries(response):
    """The service accounts of one ``PagedResults`` page, each with an id and a textual name."""
    accounts = answers.identified(response, answers.field_list(response, 'results'), what='service account')
    return strings(response, accounts, ('name', 'username'), 'service account')


def service_account_name(account):
    """A listed service account's name: ``name`` (``ApiServiceAccountDetail``, and answers since 0.22), else the
    ``username`` the tenant listing's ``ApiUserTenantAccess`` types it as."""
    return account.get('name') if account.get('name') is not None else account.get('username')


# Users: /api/v1/users and its sub-resources ---------------------------------------------------

def user_path(user_id, *rest):
    """``/api/v1/users/{id}``, and the sub-resource named by ``rest`` (literal segments and ids)."""
    return api_path('/'.join([USERS_PATH] + ['{}'] * (1 + len(rest))), user_id, *rest)


def iter_users(client, query=None, page_size=PAGE_SIZE, sort=None):
    """``GET /api/v1/users``, every page: user summaries (``ApiUserSummary``: no names, no groups), matching
    ``q`` when given."""
    params = dict((name, value) for name, value in (('q', query), ('sort', sort)) if value)
    return page_number_items(client, USERS_PATH, user_summaries, page_size, params=params,
                             size_param='size', total_items=total_of)


def get_user(client, user_id):
    """``GET /api/v1/users/{id}``: the full user (``ApiUser``: groups, restricted, auths...), or None when
    there is none."""
    answer = client.get(user_path(user_id), ok_statuses=(404,))
    return None if answer.status == 404 else user_answer(answer, asked=user_id)


def create_user(client, body, read_back):
    """``POST /api/v1/users``: the new user. The reference's 201 has no body: then the user is the one
    ``read_back()`` finds, and none fails."""
    response = client.post(USERS_PATH, json_body=body)
    if response.body is not None:
        created = user_answer(response)
        answers.created_as_sent(response, {'email': user_email(created) or None, 'id': created.get('id')}, 'email',
                                body['email'])
        return created
    user = read_back()
    if user is None:
        raise answers.unexpected(response, 'no body, and no user has e-mail %s when read back' % body['email'])
    return user


def replace_user(client, user_id, body, fallback):
    """``PUT /api/v1/users/{id}``, a full replace: the user it answers with, or ``fallback`` without a body."""
    answer = client.put(user_path(user_id), json_body=body)
    return user_answer(answer, fallback, asked=user_id)


def update_user_details(client, user_id, details, fallback):
    """``PATCH /api/v1/users/{id}`` (names, e-mail): the user it answers with, or ``fallback`` without a body."""
    answer = client.patch(user_path(user_id), json_body=details)
    return user_answer(answer, fallback, asked=user_id)


def set_user_restricted(client, user_id, value):
    """``PATCH /api/v1/users/{id}/restricted``."""
    client.patch(user_path(user_id, 'restricted'), json_body={'restricted': value})


def set_user_superadmin(client, user_id, value):
    """``PATCH /api/v1/users/{id}/superadmin``, with both names of the flag: older servers read ``superAdmin``,
    newer ones ``instanceOwner``."""
    client.patch(user_path(user_id, 'superadmin'), json_body={'superAdmin': value, 'instanceOwner': value})


def set_user_password(client, user_id, password):
    """``PATCH /api/v1/users/{id}/password``."""
    client.patch(user_path(user_id, 'password'), json_body={'password': password})


def delete_user(client, user_id):
    """``DELETE /api/v1/users/{id}``."""
    client.delete(user_path(user_id))


def delete_user_auth(client, user_id, auth_id, fallback):
    """``DELETE /api/v1/users/{id}/auths/{authId}``: the user it answers with, or ``fallback`` without a body."""
    answer = client.delete(user_path(user_id, 'auths', auth_id))
    return user_answer(answer, fallback=fallback, asked=user_id)   # the next action addresses its id


def revoke_user_sessions(client, user_id):
    """``DELETE /api/v1/users/{id}/refresh-token``: the user's sessions end."""
    client.delete(user_path(user_id, 'refresh-token'))


# The caller's own account: /api/v1/me ---------------------------------------------------------

def get_my_id(client):
    """``GET /api/v1/me``: the id of the account the API credentials belong to."""
    response = client.get('/api/v1/me')
    return answers.check_id(response, answers.body_object(response).get('id'))


def change_my_password(client, old_password, new_password):
    """``PUT /api/v1/me/password``."""
    client.put('/api/v1/me/password', json_body={'oldPassword': old_password, 'newPassword': new_password})


# Tenants: groups, memberships, service accounts, autocomplete ----------------------------------

def iter_groups(client, tenant):
    """The tenant's groups, the whole listing: ``GET /api/v1/{tenant}/groups/search`` (no filter, so that
    every group a name could match is seen; the spec leaves the search semantics of ``filters`` open)."""
    return page_number_items(client, api_path('/api/v1/{}/groups/search', tenant), group_summaries, PAGE_SIZE,
                             size_param='size', total_items=total_of)


def put_user_groups(client, tenant, user_id, group_ids):
    """``PUT /api/v1/{tenant}/users/{id}/groups``: the user's groups in ``tenant`` become ``group_ids``
    (the endpoint replaces the tenant's whole set)."""
    client.put(api_path('/api/v1/{}/users/{}/groups', tenant, user_id), json_body={'groupIds': group_ids})


def iter_service_accounts(client, tenant=None):
    """The service accounts of ``tenant`` (``GET /api/v1/{tenant}/service-accounts``), or without one the
    instance's (``GET /api/v1/service-accounts``, superadmin only); the whole listing."""
    path = api_path('/api/v1/{}/service-accounts', tenant) if tenant else SERVICE_ACCOUNTS_PATH
    return page_number_items(client, path, service_account_summaries, PAGE_SIZE, size_param='size',
                             total_items=total_of)


def autocomplete_users(client, tenant, query=None, ids=None, existing_only=None, username=None):
    """``POST /api/v1/{tenant}/tenant-access/autocomplete`` (a read): the users matching what is given,
    ``query`` being ``q``."""
    body = dict((name, value) for name, value in (
        ('q', query), ('ids', ids), ('existingOnly', existing_only), ('username', username)) if value is not None)
    answer = client.post(api_path('/api/v1/{}/tenant-access/autocomplete', tenant), json_body=body, is_write=False)
    return results_of(answer)


# API tokens: of a user (superadmin path) or of a service account -------------------------------

class TokenOwner:
    """Where an owner's API tokens live: a user (superadmin path) or a service account."""

    def __init__(self, kind, owner_id, tenant=None):
        self.kind = kind
        self.id = owner_id
        self.tenant = tenant

    @property
    def tokens_path(self):
        if self.kind == 'user':
            return api_path('/api/v1/users/{}/api-tokens', self.id)
        if self.tenant:
            return api_path('/api/v1/{}/service-accounts/{}/api-tokens', self.tenant, self.id)
        return api_path('/api/v1/service-accounts/{}/api-tokens', self.id)

    def token_path(self, token_id):
        return self.tokens_path + api_path('/{}', token_id)

    def describe(self):
        where = ' in tenant %s' % self.tenant if self.kind == 'service account' and self.tenant else ''
        return '%s %s%s' % (self.kind, self.id, where)


# A token as the reference lists it (ApiToken); never its secret.
TOKEN_FIELDS = ('id', 'name', 'description', 'prefix', 'iat', 'exp', 'lastUsed', 'extended', 'expired')


def list_tokens(client, owner):
    """``GET .../api-tokens``: the owner's tokens, or None when the owner does not exist.

    The API never returns a token's secret here, only its ``prefix``.
    """
    answer = client.get(owner.tokens_path, ok_statuses=(404,))
    if answer.status == 404:
        return None
    # the reference types a user's tokens as PagedResults, a service account's as an untyped object
    tokens = answers.field_list(answer, 'results') if owner.kind == 'user' else results_of(answer)
    tokens = strings(answer, answers.identified(answer, tokens, what='token'), ('name', 'iat', 'exp', 'lastUsed'), 'token')
    for position, token in enumerate(tokens):
        for key in ('extended', 'expired'):
            if token.get(key) is not None and not isinstance(token[key], bool):
                raise answers.unexpected(answer, 'token %d "%s" is %s, not true or false'
                                         % (position, key, answers.kind_of(token[key])))
    # only what a listing is documented to hold: a build that lists secrets must not put them in any output
    return [dict((key, token.get(key)) for key in TOKEN_FIELDS if key in token)
            for token in dated(answer, tokens, ('iat', 'exp', 'lastUsed'))]


def dated(response, tokens, keys):
    """``tokens``, once each of their ``keys`` is a date-time or left out: an expiry that cannot be read must
    not pass for one that never comes (rotation and the expiry checks read them)."""
    for position, token in enumerate(tokens):
        for key in keys:
            try:
                token_age.timestamp(token.get(key))
            except ValueError:
                raise answers.unexpected(response, 'token %d "%s" is not a date-time' % (position, key))
    return tokens


def create_token(client, owner, body):
    """``POST .../api-tokens``: the answer, which must hold the token's secret (``fullToken``), shown only here."""
    response = client.post(owner.tokens_path, json_body=body)
    answer = answers.created_as_sent(response, answers.body_object(response), 'name', body.get('name'))
    secret = answer.get('fullToken')
    if not isinstance(secret, str) or not secret.strip():
        raise answers.unexpected(response, '"fullToken" (the secret) is %s, not a non-empty string'
                                 % answers.kind_of(secret))
    return answer


def delete_token(client, owner, token_id):
    """``DELETE .../api-tokens/{tokenId}``."""
    client.delete(owner.token_path(token_id))
