# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus API: connection options (bearer token + org_id), error bodies, answer checks, paging,
and one function per endpoint (named for its operationId). Nothing here knows what a module wants.

Every value that goes into a path is one encoded segment (``paths``), and every answer is
checked for the shape the code uses (``answers``) before anything is built on it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import json

from ansible.module_utils.basic import env_fallback

from ansible_collections.accessops.identity.plugins.module_utils import answers, common
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, coded_error_message
from ansible_collections.accessops.identity.plugins.module_utils.pagination import keyset_items, offset_items
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path, refuse_unusable_path_options

MAX_LIST_LIMIT = 500  # the non-keyset lists have no cursor: ask for the most the API gives


# Connection ------------------------------------------------------------------------------

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
    refuse_unusable_path_options(module, PATH_OPTIONS)
    return module


def token_subject(token):
    """The ``sub`` claim of a bearer JWT (the user it was issued to), or None when the token is not one.

    The signature is not checked: the service checks it, and the claim only serves to keep the caller's
    own account out of a deletion."""
    parts = (token or '').split('.')
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + '=' * (-len(parts[1]) % 4)).decode('utf-8'))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None
    subject = claims.get('sub') if isinstance(claims, dict) else None
    return subject.strip() if isinstance(subject, str) and subject.strip() else None


def client_for(module):
    return common.build_client(module, AgilicusAuth(module), error_message)


# Answers ---------------------------------------------------------------------------------

def next_page_email(response):
    """The cursor of a keyset listing: the e-mail its next page starts after, or None on the last page."""
    return answers.optional_string(response, answers.body_object(response).get('next_page_email'),
                                   '"next_page_email"')


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


def combined_page(response):
    """The items of one ``{combined_user_details, next_page_email}`` page, each with the ``user_id`` includes use."""
    return answers.identified(response, answers.field_list(response, 'combined_user_details'), key='user_id')


def user_ids_answer(response):
    """``user_ids`` of ``GET /users_ids``: a list of ids."""
    ids = answers.body_object(response).get('user_ids')
    if not isinstance(ids, list):
        raise answers.unexpected(response, '"user_ids" is %s, not a list' % answers.kind_of(ids))
    for position, user_id in enumerate(ids):
        answers.check_id(response, user_id, what='"user_ids" item %d' % position)
    return ids


def org_user_roles_page(response):
    """The rows of one ``{org_user_roles}`` page."""
    return answers.field_list(response, 'org_user_roles')


def whole_row(row):
    """What makes an org user role row itself: all of it (a user with two roles has two rows, one ``user_id``)."""
    return json.dumps(row, sort_keys=True)


def resource_id(resource):
    """The ``metadata.id`` of a ``{metadata, spec, status}`` resource."""
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


def access_requests_page(response):
    """One page of ``AccessRequests{metadata, status}`` groups (no ``spec``), each with its ``metadata.id``."""
    return spec_resources(response, answers.field_list(response, 'access_requests'), keys=('metadata',))


# Bodies ----------------------------------------------------------------------------------

def without_status(resource):
    """The object to PUT back: everything but the server-computed ``status``."""
    return dict((k, v) for k, v in resource.items() if k != 'status')


# Reads shared by several endpoints --------------------------------------------------------

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


def listed(client, path, params, key=None):
    """One read of a list a user's details include: ``body[key]`` (a list of objects), or the whole body."""
    response = client.get(path, params=params)
    return answers.field_list(response, key) if key else answers.body_object(response)


def of_user(org_id, user_id):
    """The query of an org-wide list narrowed to one user, at the largest ``limit``."""
    return {'user_id': user_id, 'org_id': org_id, 'limit': MAX_LIST_LIMIT}


# Endpoints: users ------------------------------------------------------------------------

def list_users(client, params=None):
    """``GET /users`` (list_users), every page: keyset paging on e-mail, 500 users a page (lazily)."""
    return keyset_items(client, api_path('/users'), users_page, next_page_email, 'previous_email', params=params,
                        page_size=MAX_LIST_LIMIT)


def get_user(client, org_id, user_id, absent_ok=False):
    """``GET /users/{id}`` (get_user): the user (the one asked for); None when it answers 404 and ``absent_ok``."""
    answer = client.get(api_path('/users/{}', user_id), params={'org_id': org_id},
                        ok_statuses=(404,) if absent_ok else None)
    return None if answer.status == 404 else user_answer(answer, asked=user_id)


def create_user(client, org_id, body):
    """``POST /users`` (create_user) of a person (``type=user``) in ``org_id``: the created user."""
    response = client.post(api_path('/users'), json_body=dict(body, org_id=org_id, type='user'))
    return answers.created_as_sent(response, user_answer(response), 'email', body.get('email'))


def replace_user(client, user_id, user):
    """``PUT /users/{id}`` (replace_user), a full replace with ``user``: the user as it is now."""
    return user_answer(client.put(api_path('/users/{}', user_id), json_body=user), asked=user_id)


def create_user_identity_update(client, user_id, spec):
    """``POST /users/{id}/user_identity_updates``: the way names and the primary e-mail change."""
    client.post(api_path('/users/{}/user_identity_updates', user_id), json_body={'spec': spec})


def delete_user(client, org_id, user_id):
    """``DELETE /v1/orgs/{org_id}/users/{id}`` (delete_user): removes the user from the org (the account itself
    may belong to other orgs)."""
    client.delete(api_path('/v1/orgs/{}/users/{}', org_id, user_id))


def reset_user_mfa_challenge_methods(client, org_id, user_id):
    """``POST /users/{id}/reset_mfa_challenge_methods``: removes every challenge method of the user."""
    client.post(api_path('/users/{}/reset_mfa_challenge_methods', user_id), json_body={'org_id': org_id})


def replace_user_role(client, org_id, user_id, roles):
    """``PUT /users/{id}/roles`` (replace_user_role): the user's whole app -> role names map in ``org_id``."""
    client.put(api_path('/users/{}/roles', user_id), params={'org_id': org_id},
               json_body={'roles': roles, 'org_id': org_id})


def list_combined_user_details(client, params):
    """``GET /v1/combined_user_details``, every page: keyset paging on e-mail, 500 a page."""
    return list(keyset_items(client, api_path('/v1/combined_user_details'), combined_page, next_page_email,
                             'previous_email', params=params, page_size=MAX_LIST_LIMIT))


def org_identities_page(response):
    """One page of ``OrgUpstreamUserIdentity{metadata, spec}`` resources."""
    return spec_resources(response, answers.field_list(response, 'org_upstream_user_identities'))


def next_page_at_id(response):
    """The cursor of a ``page_at_id`` listing: the id its next page starts at, or None on the last page."""
    return answers.optional_string(response, answers.body_object(response).get('page_at_id'), '"page_at_id"')


def list_org_upstream_user_identities(client, org_id):
    """``GET /v1/org_upstream_user_identities`` (list_org_upstream_user_identity), every page: each user's
    identity through an upstream IdP in ``org_id``, with ``spec.last_login``; keyset on ``page_at_id``, 500 a page."""
    return list(keyset_items(client, api_path('/v1/org_upstream_user_identities'), org_identities_page,
                             next_page_at_id, 'page_at_id', params={'org_id': org_id}, page_size=MAX_LIST_LIMIT))


def list_user_guids(client, updated_since=None):
    """``GET /users_ids`` (list_user_guids): the ids of every user (updated since ``updated_since``, when given)."""
    query = {'updated_since': updated_since} if updated_since else {}
    return user_ids_answer(client.get(api_path('/users_ids'), params=query))


def list_org_user_roles(client, org_id):
    """``GET /users/org_user_roles``: every (user, application, role) row of the org, walking ``offset``.

    A row is itself only as a whole (``whole_row``): a user with two roles has two rows."""
    return list(offset_items(client, api_path('/users/org_user_roles'), org_user_roles_page, MAX_LIST_LIMIT,
                             params={'org_id': org_id}, identity=whole_row))


# Endpoints: what one user has (agilicus_user_info's includes) ---------------------------
# Each reads one answer, and all take (client, org_id, user_id), whether or not the endpoint is per org.

def list_all_user_orgs(client, org_id, user_id):
    """``GET /users/{id}/orgs``: the orgs the user belongs to."""
    return listed(client, api_path('/users/{}/orgs', user_id), {}, 'orgs')


def list_all_user_roles(client, org_id, user_id):
    """``GET /users/{id}/render_roles``: the user's roles in ``org_id``, those from groups included."""
    return listed(client, api_path('/users/{}/render_roles', user_id), {'org_id': org_id})


def list_user_permissions(client, org_id, user_id):
    """``GET /users/{id}/host_permissions``: the user's host permissions in ``org_id``."""
    return listed(client, api_path('/users/{}/host_permissions', user_id), {'org_id': org_id})


def list_all_resource_permissions(client, org_id, user_id):
    """``GET /users/{id}/render_resource_permissions``: the user's resource permissions in ``org_id``."""
    return listed(client, api_path('/users/{}/render_resource_permissions', user_id), {'org_id': org_id},
                  'resource_permissions')


def list_challenge_methods(client, org_id, user_id):
    """``GET /users/{id}/mfa_challenge_methods``, at the largest ``limit``, as it answers."""
    return listed(client, api_path('/users/{}/mfa_challenge_methods', user_id), {'limit': MAX_LIST_LIMIT},
                  'mfa_challenge_methods')


def list_upstream_user_identities(client, org_id, user_id):
    """``GET /users/{id}/upstream_user_identities``, at the largest ``limit``, as it answers."""
    return listed(client, api_path('/users/{}/upstream_user_identities', user_id), {'limit': MAX_LIST_LIMIT},
                  'upstream_user_identities')


def list_user_metadata(client, org_id, user_id):
    """``GET /v1/user_metadata`` of the user in ``org_id``, at the largest ``limit``, as it answers."""
    return listed(client, api_path('/v1/user_metadata'), of_user(org_id, user_id), 'user_metadata')


def list_user_requests(client, org_id, user_id):
    """``GET /v1/user_requests`` of the user in ``org_id``, at the largest ``limit``, as it answers."""
    return listed(client, api_path('/v1/user_requests'), of_user(org_id, user_id), 'user_requests')


def list_user_application_access_info(client, org_id, user_id):
    """``GET /v1/user_application_access_info`` of the user in ``org_id``, at the largest ``limit``."""
    return listed(client, api_path('/v1/user_application_access_info'), of_user(org_id, user_id),
                  'user_application_access_info')


def list_user_file_share_access_info(client, org_id, user_id):
    """``GET /v1/user_file_share_access_info`` of the user in ``org_id``, at the largest ``limit``."""
    return listed(client, api_path('/v1/user_file_share_access_info'), of_user(org_id, user_id),
                  'user_file_share_access_info')


# Endpoints: {metadata, spec, status} collections -----------------------------------------

class SpecCollection:
    """One collection of ``{metadata, spec, status}`` resources: where it lives and the key of its listing's items.

    Its endpoints are the same five for every collection, one method each: ``list`` (no cursor: read at the
    largest ``limit``), ``get`` (None on 404), ``create``, ``replace`` (a full PUT of the object without its
    server-computed ``status``) and ``delete``.
    """

    def __init__(self, path, items_key):
        self.path = path
        self.items_key = items_key

    def item_path(self, item_id):
        return self.path + api_path('/{}', item_id)

    def list(self, module, client, params):
        """``GET <path>?limit=500``: every item the list gives (a warning when it may hold more)."""
        return list_limited(module, client, self.path, self.items_key, params)

    def get(self, client, item_id, params=None):
        """``GET <path>/{id}``: the item (the one asked for), or None when there is none."""
        answer = client.get(self.item_path(item_id), params=params, ok_statuses=(404,))
        return None if answer.status == 404 else spec_answer(answer, asked=item_id)

    def create(self, client, body):
        """``POST <path>``: the created item."""
        return spec_answer(client.post(self.path, json_body=body))

    def replace(self, client, item):
        """``PUT <path>/{id}`` of ``item`` without its ``status``: the item as it is now."""
        return spec_answer(client.put(self.item_path(resource_id(item)), json_body=without_status(item)))

    def delete(self, client, item_id, params=None):
        """``DELETE <path>/{id}``."""
        client.delete(self.item_path(item_id), params=params)


# list_service_accounts, get_, create_, replace_, delete_service_account
SERVICE_ACCOUNTS = SpecCollection(api_path('/v1/service_accounts'), 'service_accounts')
# list_user_metadata, get_, create_, replace_, delete_user_metadata
USER_METADATA = SpecCollection(api_path('/v1/user_metadata'), 'user_metadata')
# list_user_requests, get_, create_, replace_ (which ignores the state), delete_user_request
USER_REQUESTS = SpecCollection(api_path('/v1/user_requests'), 'user_requests')


def challenge_methods(user_id):
    """The user's challenge methods (list_challenge_methods, get_, create_, replace_, delete_challenge_method)."""
    return SpecCollection(api_path('/users/{}/mfa_challenge_methods', user_id), 'mfa_challenge_methods')


def upstream_user_identities(user_id):
    """The user's upstream identities (list_upstream_user_identities, get_, create_, replace_,
    delete_upstream_user_identity)."""
    return SpecCollection(api_path('/users/{}/upstream_user_identities', user_id), 'upstream_user_identities')


def update_user_request(client, request, state):
    """``POST /v1/user_requests/{id}`` (update_user_request) of ``request`` in ``state``: the only way a
    request's state changes (the replace ignores it). The request as it is now."""
    spec = dict(request['spec'])
    spec['state'] = state
    body = dict(request)
    body['spec'] = spec
    answer = client.post(USER_REQUESTS.item_path(resource_id(request)), json_body=without_status(body))
    return spec_answer(answer, asked=resource_id(request))


# Endpoints: the org's ---------------------------------------------------------------------

def list_access_requests(client, params):
    """``GET /v1/access_requests``, every page. It pages by the e-mail of the last entry, in a parameter named
    plainly ``email``, 500 a page."""
    return list(keyset_items(client, api_path('/v1/access_requests'), access_requests_page, next_page_email, 'email',
                             params=params, page_size=MAX_LIST_LIMIT))


def bulk_update_metadata(client, body):
    """``POST /v1/user_metadata_rpc/bulk_update``: sets one metadata entry for every user of the org."""
    client.post(api_path('/v1/user_metadata_rpc/bulk_update'), json_body=body)
