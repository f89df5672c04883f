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

from ansible_collections.accessops.identity.plugins.module_utils import answers, bulk, common, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError, NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import keyset_items
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

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
    for option in PATH_OPTIONS:
        # a dot segment too: requests turns an encoded ``%2E%2E`` back into ``..``, the parent path
        value = module.params.get(option)
        if value is not None and value.strip() in ('', '.', '..'):
            module.fail_json(msg='%s must not be empty, "." or ".."; got %r' % (option, value))
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


def run_per_user_module(resource_options, natural_key, ensure, **kwargs):
    """main() of a module managing one resource of a user: the user options, ``state``, and the run.

    ``natural_key`` is the option that, with ``id``, identifies the resource.
    """
    options = dict(resource_options, state=dict(type='str', choices=['present', 'absent'], default='present'))
    options.update(user_options())
    module = new_module(
        argument_spec(**options),
        required_one_of=[('id', natural_key)] + USER_CONSTRAINTS['required_one_of'],
        mutually_exclusive=USER_CONSTRAINTS['mutually_exclusive'], **kwargs)
    client = client_for(module)
    common.run(module, client, lambda: ensure(module, client))


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


def ensure_spec_resource(module, client, kind, fields, match, spec_defaults, list_query,
                         get_query=None, delete_query=None, resource_id_wanted=None, required_on_create=(),
                         before_create=None):
    """state present/absent for a spec resource; returns (plan, resource).

    ``before_create`` is called when the plan is a create (e.g. ``confirm_user``), so that a
    run that finds its resource spends no read on anything else.

    ``match`` is the natural key (spec field -> value), ``spec_defaults`` what a create
    also carries (org_id, user ids). Updates PUT the live object merged with the changes,
    without its server-computed ``status``; a create answered 409 adopts the existing one.
    """
    params = module.params
    current = find_spec_resource(module, client, kind, match, list_query, resource_id_wanted, get_query)
    for field in fields:
        if field.kind == reconcile.SECRET:   # read back from the service: keep it out of output like no_log
            common.hide_secret(module, reconcile.get_path(current, field.api_name))
    key = dict(('spec.%s' % k, v) for k, v in match.items())
    if params['state'] == 'absent':
        plan = reconcile.plan_absent(current, fields, key=dict((k, None) for k in key))
    else:
        if current is None and resource_id_wanted:
            raise common.InputError('no %s has id %s' % (kind.label, resource_id_wanted))
        missing = [name for name in required_on_create if params.get(name) is None]
        if current is None and missing:
            raise common.InputError('to create this %s, also set: %s' % (kind.label, ', '.join(missing)))
        if current is None and before_create:
            before_create()
        wanted = reconcile.wanted_values(params, fields)
        create_key = dict(key)
        create_key.update(('spec.%s' % k, v) for k, v in spec_defaults.items())
        plan = reconcile.plan_present(current, wanted, fields, key=create_key)

    def update(resource, changes):
        body = without_status(reconcile.merged(resource, changes))
        return spec_answer(client.put(kind.item_path(resource), json_body=body))

    def create(body):
        return create_or_adopt(
            lambda: spec_answer(client.post(kind.path, json_body=reconcile.merged({}, body))),
            lambda: find_spec_resource(module, client, kind, match, list_query),
            update, reconcile.wanted_values(params, fields), fields)

    resource = reconcile.execute(
        plan, module.check_mode, create=create, update=update,
        delete=lambda resource: client.delete(kind.item_path(resource), params=delete_query))
    return plan, resource


# Users: what agilicus_user and agilicus_users manage, and how they write it ----------------

IDENTITY = ('first_name', 'last_name', 'email')     # changed through user_identity_updates
USER_FIELDS = [Field('first_name'), Field('last_name'), Field('external_id'), Field('status')]


def create_user(client, org_id, body):
    """POST the user; a 409 (created since the lookup) adopts the existing one and applies ``body``."""
    wanted = dict((k, v) for k, v in body.items() if k != 'email')
    return create_or_adopt(
        lambda: user_answer(client.post('/users', json_body=dict(body, org_id=org_id, type='user'))),
        lambda: find_user(client, org_id, body['email']),
        lambda user, changes: update_user(client, org_id, user, changes), wanted, USER_FIELDS)


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
    """The people of an org for agilicus_users: one keyset walk of ``GET /users``, 500 a page."""

    key = 'email'
    fields = USER_FIELDS
    cleared = {'external_id': None, 'status': 'active'}

    def __init__(self, module, client):
        super(AgilicusUsers, self).__init__(module, client)
        self.org_id = module.params['org_id']

    def read_all(self):
        return people(self.client, self.org_id)

    def to_config(self, user):
        return dict((name, user.get(name)) for name in ('email', 'first_name', 'last_name', 'external_id', 'status'))

    def create(self, body):
        return create_user(self.client, self.org_id, body)

    def update(self, user, changes):
        return update_user(self.client, self.org_id, user, changes)

    def delete(self, user):
        delete_user(self.client, self.org_id, user)


SERVICE_ACCOUNTS = SpecKind('service account', '/v1/service_accounts', 'service_accounts', 'service_account')
