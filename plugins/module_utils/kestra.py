# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kestra (EE): connection options, bearer or basic auth, tenant paths, user and token lookups.

Every value that goes into a path is one encoded segment (``paths``), and every answer is
checked for the shape the code uses (``answers``) before anything is built on it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import datetime
import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.accessops.identity.plugins.module_utils import answers, bulk, common, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, generic_error_message
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError
from ansible_collections.accessops.identity.plugins.module_utils.pagination import page_number_items
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path, refuse_unusable_path_options

PAGE_SIZE = 100         # a search by e-mail: a handful of hits
LISTING_PAGE_SIZE = 500  # the whole directory: Kestra documents no maximum for size; see docs/api-interpretations.md
USERS_PATH = '/api/v1/users'
TOKEN_NAME_PATTERN = re.compile(r'^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$')


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


def iter_users(client, query=None, page_size=PAGE_SIZE, sort=None):
    """User summaries (``ApiUserSummary``: no names, no groups), matching ``q`` when given."""
    params = dict((name, value) for name, value in (('q', query), ('sort', sort)) if value)
    return page_number_items(client, USERS_PATH, user_summaries, page_size, params=params,
                             size_param='size', total_items=total_of)


def user_email(user):
    return user.get('email') or user.get('username') or ''


def find_user_by_email(client, email):
    """The user whose e-mail (Kestra's username) is exactly ``email``, ignoring case; or None.

    ``q`` is a free-text search, so every hit is checked; two exact hits is an error.
    """
    wanted = email.lower()
    hits = sorted((u for u in iter_users(client, email) if user_email(u).lower() == wanted),
                  key=lambda u: str(u.get('id')))
    return common.only_match(hits, 'several Kestra users match e-mail %s: ids' % email)


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


def list_tokens(client, owner):
    """The owner's tokens, or None when the owner does not exist.

    The API never returns a token's secret here, only its ``prefix``.
    """
    answer = client.get(owner.tokens_path, ok_statuses=(404,))
    if answer.status == 404:
        return None
    # the reference types a user's tokens as PagedResults, a service account's as an untyped object
    tokens = answers.field_list(answer, 'results') if owner.kind == 'user' else results_of(answer)
    return strings(answer, answers.identified(answer, tokens, what='token'), ('name', 'iat', 'exp'), 'token')


DURATION = re.compile(r'^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$')


def duration_seconds(text):
    """Seconds in an ISO 8601 duration of days and time (``P30D``, ``PT12H``), or None if not one."""
    match = DURATION.match(text or '')
    if not match or text in ('P', 'PT') or text.endswith('T'):
        return None
    parts = dict((k, int(v or 0)) for k, v in match.groupdict().items())
    return ((parts['days'] * 24 + parts['hours']) * 60 + parts['minutes']) * 60 + parts['seconds']


def duration_text(seconds):
    """An ISO 8601 duration for a number of seconds (``P30D``, ``P1DT2H``), or None for None."""
    if seconds is None:
        return None
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time_part = ''.join('%d%s' % (n, unit) for n, unit in ((hours, 'H'), (minutes, 'M'), (secs, 'S')) if n)
    return 'P%s%s' % ('%dD' % days if days else '', 'T' + time_part if time_part else '') if seconds else 'PT0S'


def _timestamp(text):
    """Seconds since the epoch of an ISO 8601 date-time such as ``2026-11-22T10:00:00.123Z``."""
    if not text:
        return None
    text = re.sub(r'\.\d+', '', text.replace('Z', '+00:00'))
    text = re.sub(r'([+-]\d\d):(\d\d)$', r'\1\2', text)
    try:
        moment = datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%S%z')
    except ValueError:
        return None
    return moment.timestamp()


def token_lifetime(token):
    """Seconds between a token's issue (``iat``) and expiry (``exp``), or None if it never expires."""
    issued, expires = _timestamp(token.get('iat')), _timestamp(token.get('exp'))
    if issued is None or expires is None:
        return None
    return int(round(expires - issued))


def user_path(user_id, *rest):
    """``/api/v1/users/{id}``, and the sub-resource named by ``rest`` (literal segments and ids)."""
    return api_path('/'.join([USERS_PATH] + ['{}'] * (1 + len(rest))), user_id, *rest)


def get_user(client, user_id):
    """The full user (``ApiUser``: groups, restricted, auths...), or None when there is none."""
    answer = client.get(user_path(user_id), ok_statuses=(404,))
    return None if answer.status == 404 else user_answer(answer, asked=user_id)


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


def find_user(client, email=None, user_id=None):
    """The full user by id, or by exact e-mail (the list only holds summaries, so read it whole)."""
    if user_id is not None:
        return get_user(client, user_id)
    summary = find_user_by_email(client, email)
    return get_user(client, summary['id']) if summary else None


def comparable_user(user):
    """A user with its tenants and groups as id lists and one instance-owner flag, as options name them.

    ``superAdmin`` is the older name of ``instanceOwner``; a server may return either.
    """
    if user is None:
        return None
    view = dict(user)
    view['email'] = user_email(user)   # a summary has only the username, which is the e-mail
    view['tenants'] = [t.get('id') if isinstance(t, dict) else t for t in user.get('tenants') or []]
    view['groups'] = [g.get('id') if isinstance(g, dict) else g for g in user.get('groups') or []]
    owner = user.get('instanceOwner')
    view['instanceOwner'] = user.get('superAdmin') if owner is None else owner
    return view


def resolve_token_owner(client, params):
    """The owner of API tokens named by user_id, user_email, service_account_id or service_account_name
    (+ tenant); None if unknown. A service account name several accounts share fails, listing their ids."""
    if params.get('service_account_id'):
        return TokenOwner('service account', params['service_account_id'], params.get('tenant'))
    if params.get('service_account_name') is not None:
        account = find_service_account_by_name(client, params['service_account_name'], params.get('tenant'))
        return TokenOwner('service account', account['id'], params.get('tenant')) if account else None
    if params.get('user_id'):
        return TokenOwner('user', params['user_id'])
    user = find_user_by_email(client, params['user_email'])
    return TokenOwner('user', user['id']) if user else None


def token_owner_options():
    """Options naming a token owner, shared by kestra_api_token and kestra_api_token_info."""
    return dict(user_id=dict(type='str'), user_email=dict(type='str'), service_account_id=dict(type='str'),
                service_account_name=dict(type='str'))


TOKEN_OWNER_CONSTRAINTS = dict(
    mutually_exclusive=[('user_id', 'user_email', 'service_account_id', 'service_account_name')],
    required_one_of=[('user_id', 'user_email', 'service_account_id', 'service_account_name')],
)


# Names: groups and service accounts, resolved to ids where the API can ----------------------

SERVICE_ACCOUNTS_PATH = '/api/v1/service-accounts'


def group_summaries(response):
    """The groups of one ``PagedResults`` page (``ApiGroupSummary``), each with an id and a textual name."""
    return strings(response, answers.identified(response, answers.field_list(response, 'results'), what='group'),
                   ('name',), 'group')


def iter_groups(client, tenant):
    """The tenant's groups, the whole listing: ``GET /api/v1/{tenant}/groups/search`` (no filter, so that
    every group a name could match is seen; the spec leaves the search semantics of ``filters`` open)."""
    return page_number_items(client, api_path('/api/v1/{}/groups/search', tenant), group_summaries, PAGE_SIZE,
                             size_param='size', total_items=total_of)


def service_account_name(account):
    """A listed service account's name: ``name`` (``ApiServiceAccountDetail``, and answers since 0.22), else the
    ``username`` the tenant listing's ``ApiUserTenantAccess`` types it as."""
    return account.get('name') if account.get('name') is not None else account.get('username')


def service_account_summaries(response):
    """The service accounts of one ``PagedResults`` page, each with an id and a textual name."""
    accounts = answers.identified(response, answers.field_list(response, 'results'), what='service account')
    return strings(response, accounts, ('name', 'username'), 'service account')


def iter_service_accounts(client, tenant=None):
    """The service accounts of ``tenant`` (``GET /api/v1/{tenant}/service-accounts``), or without one the
    instance's (``GET /api/v1/service-accounts``, superadmin only); the whole listing."""
    path = api_path('/api/v1/{}/service-accounts', tenant) if tenant else SERVICE_ACCOUNTS_PATH
    return page_number_items(client, path, service_account_summaries, PAGE_SIZE, size_param='size',
                             total_items=total_of)


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
    return ids_named(list(iter_groups(client, tenant)), names, 'group_names', ('group' + where, 'groups' + where))


def find_service_account_by_name(client, name, tenant=None):
    """The service account named exactly ``name`` (in ``tenant``, or instance-wide), or None; several fail,
    listing their ids (since Kestra 0.22 names are not unique)."""
    if not name.strip():
        raise InputError('service_account_name must not be empty')
    name = name.strip()
    where = ' in tenant %s' % tenant if tenant else ''
    hits = sorted((account for account in iter_service_accounts(client, tenant)
                   if service_account_name(account) == name), key=lambda account: str(account['id']))
    return common.only_match(hits, 'several service accounts%s are named %s (give the one you mean in '
                                   'service_account_id): ids' % (where, name))


# Users: what kestra_user and kestra_users manage, and how they write it ---------------------

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
# ``instanceOwner`` is the flag's one name in the compared view (comparable_user); the API calls it superAdmin.
USER = UserResource('user', 'email', [
    Option('email', compare=reconcile.CASE_INSENSITIVE, key=True),
    Option('first_name', api_name='firstName', reset=''),
    Option('last_name', api_name='lastName', reset=''),
    Option('tenants', type='list', elements='str', compare=reconcile.SET, reset=[]),
    Option('groups', type='list', elements='str', compare=reconcile.SET, reset=[]),
    Option('restricted', type='bool', reset=False),
    Option('instance_owner', type='bool', api_name='instanceOwner', reset=False),
    Option('password', compare=reconcile.WRITE_ONLY, no_log=True),
])


def user_argument_spec():
    """kestra_user's options from the declaration; there, instance_owner also answers to its older name."""
    spec = USER.argument_spec()
    spec['instance_owner']['aliases'] = ['super_admin']
    return spec


DETAILS = ('firstName', 'lastName', 'email')          # PATCH /users/{id}
MEMBERSHIP = ('tenants', 'groups')                    # only PUT /users/{id}, a full replace, writes these
REPLACED = ('email', 'firstName', 'lastName', 'tenants', 'groups', 'restricted', 'superAdmin')   # what that PUT takes
FLAGS = (('restricted', 'restricted'), ('instanceOwner', 'superadmin'))   # (view field, PATCH /users/{id}/<path>)
NOT_IN_LISTING = ('firstName', 'lastName', 'groups', 'restricted')   # ApiUserSummary lacks them


def replacement(user, changes):
    """The body of ``PUT /users/{id}``: every writable field of the live ``user`` (a comparable view) merged
    with ``changes``. The PUT replaces the whole user, so a field it left out would be reset - the
    superadmin flag most of all. Never a password (its own endpoint), never a null (a field the user
    has no value for is left out, which is what a replace leaves it as)."""
    merged = dict(user)
    merged.update(changes)
    merged['superAdmin'] = merged.get('instanceOwner')
    merged['email'] = merged.get('email') or user_email(user)
    return dict((name, merged[name]) for name in REPLACED if merged.get(name) is not None)


def without_resets(body):
    """A create's body without the values resets fill in: a new user has nothing to reset, and Kestra's
    defaults are those values."""
    return dict((name, value) for name, value in body.items()
                if not (name in USER.by_api_name and value == USER.by_api_name[name].reset))


def create_user(client, body):
    """``POST /users``; the flag goes as the schema names it, and by its own endpoint if the answer lacks it."""
    body = without_resets(body)
    request = dict((k, v) for k, v in body.items() if k != 'instanceOwner')
    if body.get('instanceOwner'):
        request['superAdmin'] = True
    response = client.post(USERS_PATH, json_body=request)
    if response.body is not None:
        user = user_answer(response)
    else:   # the reference's 201 has no body: read the new user back
        user = find_user(client, body['email'])
        if user is None:
            raise answers.unexpected(response, 'no body, and no user has e-mail %s when read back' % body['email'])
    user = comparable_user(user)
    if body.get('instanceOwner') and not user.get('instanceOwner'):
        set_instance_owner(client, user, True)
        user['instanceOwner'] = True
    return user


def update_user(client, user, changes):
    """Only the requests whose fields changed. ``user`` is the whole live user (a comparable view).

    Tenants or groups: one full-replace PUT carrying the live user merged with every change (flags
    included); otherwise names and e-mail by PATCH. A flag the answer does not show as wanted, and
    a password, go by their own endpoints.
    """
    path = user_path(user['id'])
    predicted = reconcile.merged(user, dict((k, v) for k, v in changes.items() if k != 'password'))
    if set(changes) & set(MEMBERSHIP):
        answer = client.put(path, json_body=replacement(user, changes))
        user = comparable_user(user_answer(answer, predicted, asked=user['id']))
    elif set(changes) & set(DETAILS):
        details = dict((k, v) for k, v in changes.items() if k in DETAILS)
        answer = client.patch(path, json_body=details)
        user = comparable_user(user_answer(answer, reconcile.merged(user, details), asked=user['id']))
    else:
        user = dict(user)
    for name, endpoint in FLAGS:
        if name in changes and bool(user.get(name)) != changes[name]:
            if name == 'instanceOwner':
                set_instance_owner(client, user, changes[name])
            else:
                client.patch(user_path(user['id'], endpoint), json_body={name: changes[name]})
            user[name] = changes[name]
    if 'password' in changes:
        client.patch(user_path(user['id'], 'password'), json_body={'password': changes['password']})
    return user


def set_instance_owner(client, user, value):
    # Both names: older servers read superAdmin, newer ones instanceOwner.
    client.patch(user_path(user['id'], 'superadmin'), json_body={'superAdmin': value, 'instanceOwner': value})


class KestraUsers(bulk.Directory):
    """The instance's users, for kestra_users and (as its contract) kestra_user. The listing holds summaries:
    comparing names, groups or ``restricted`` needs one ``GET /api/v1/users/{id}`` a listed user, which is as
    few as the API allows; a full-replace PUT is never built from a summary."""

    resource = USER
    listing_lacks = NOT_IN_LISTING

    def __init__(self, module, client):
        super(KestraUsers, self).__init__(module, client)
        self.complete = set()   # ids of users read whole, not as summaries

    def read_all(self):
        return (comparable_user(user) for user in iter_users(self.client, page_size=LISTING_PAGE_SIZE))

    def details(self, user):
        self.complete.add(user['id'])
        return comparable_user(get_user(self.client, user['id'])) or user

    def find(self, values, resource_id=None):
        user = find_user(self.client, values.get('email'), resource_id)   # the whole user
        if user is not None:
            self.complete.add(user['id'])
        return comparable_user(user)

    def protected(self):
        response = self.client.get('/api/v1/me')   # its id must be known before anyone is deleted
        me = answers.check_id(response, answers.body_object(response).get('id'))
        return {me: 'the account the API credentials belong to'}

    def create(self, body):
        return create_user(self.client, body)

    def update(self, user, changes):
        if set(changes) & set(MEMBERSHIP) and user['id'] not in self.complete:
            user = self.details(user)   # that PUT replaces the whole user: never build it from a summary
        return update_user(self.client, user, changes)

    def delete(self, user):
        self.client.delete(user_path(user['id']))
