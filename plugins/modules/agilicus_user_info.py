#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_user_info
short_description: Read Agilicus users and everything attached to them
version_added: 0.1.0
description:
  - List the users of O(org_id) with the filters of C(GET /users), every page (keyset paging on e-mail, 500 a request),
    or the combined user details (C(GET /v1/combined_user_details), O(combined=true)); or read one user by O(id) or O(email).
  - O(include) adds, per user found, what Agilicus keeps about them, one request per user and item.
  - O(guids=true) returns all user ids (C(GET /users_ids)), O(org_user_roles=true) the organisation's role
    assignments (C(GET /users/org_user_roles), every page).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Read only this user. An unknown id returns an empty list.
    type: str
  email:
    description: Read only the user with this e-mail (exact, case-insensitive match).
    type: str
  filters:
    description:
      - Filters of the user list, sent as they are, for example C(first_name), C(last_name), C(status) (a list of
        V(active), V(pending), V(disabled)), C(type) (a list), C(prefix_email_search), C(provider), C(issuer),
        C(upstream_idp_id), C(upstream_user_id), C(has_roles), C(search_params), C(allow_partial_match).
    type: dict
  combined:
    description: List combined user details (status, MFA enrolment) instead of plain users.
    type: bool
    default: false
  include:
    description:
      - What to add to each user found, under the same name.
      - V(orgs) (C(/users/{id}/orgs)), V(rendered_roles) (effective roles, inherited ones included, C(/render_roles)),
        V(host_permissions), V(resource_permissions), V(mfa_challenge_methods), V(upstream_user_identities),
        V(metadata) (C(/v1/user_metadata)), V(requests) (C(/v1/user_requests)),
        V(application_access) and V(file_share_access) (C(/v1/user_*_access_info)).
    type: list
    elements: str
    choices: [orgs, rendered_roles, host_permissions, resource_permissions, mfa_challenge_methods,
              upstream_user_identities, metadata, requests, application_access, file_share_access]
    default: []
  guids:
    description: Return the ids of all users in RV(user_ids).
    type: bool
    default: false
  updated_since:
    description: With O(guids=true), only users updated since this ISO 8601 time.
    type: str
  org_user_roles:
    description: Return the organisation's role assignments in RV(org_user_roles).
    type: bool
    default: false
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
'''

EXAMPLES = r'''
- name: Disabled users, with the apps they can still reach
  accessops.identity.agilicus_user_info:
    filters:
      status: [disabled]
    include: [application_access]
  register: disabled

- name: Everything about Alice
  accessops.identity.agilicus_user_info:
    email: alice@example.com
    include: [orgs, rendered_roles, mfa_challenge_methods, upstream_user_identities, metadata, requests]

- name: Who changed since yesterday?
  accessops.identity.agilicus_user_info:
    guids: true
    updated_since: "2026-11-21T00:00:00Z"
'''

RETURN = r'''
users:
  description: The users (or combined details) found, with what O(include) asked for.
  returned: always
  type: list
  elements: dict
  sample:
    - id: "1234"
      email: alice@example.com
      status: active
      roles: {wiki: [editor]}
      rendered_roles: {wiki: [editor], portal: [viewer]}
user_ids:
  description: Ids of all users.
  returned: when O(guids=true)
  type: list
  elements: str
  sample: ["1234", "5678"]
org_user_roles:
  description: The organisation's role assignments.
  returned: when O(org_user_roles=true)
  type: list
  elements: dict
  sample: [{user_id: "1234", org_id: G99q3lasls29wsk, application: wiki, role: editor}]
'''

import json

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, answers, common
from ansible_collections.accessops.identity.plugins.module_utils.pagination import PageGuard, keyset_items
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path

# include -> (path, {} standing for the user id; query names to send; key of the items in the answer, or None
# for the whole answer)
INCLUDES = {
    'orgs': ('/users/{}/orgs', (), 'orgs'),
    'rendered_roles': ('/users/{}/render_roles', ('org_id',), None),
    'host_permissions': ('/users/{}/host_permissions', ('org_id',), None),
    'resource_permissions': ('/users/{}/render_resource_permissions', ('org_id',), 'resource_permissions'),
    'mfa_challenge_methods': ('/users/{}/mfa_challenge_methods', ('limit',), 'mfa_challenge_methods'),
    'upstream_user_identities': ('/users/{}/upstream_user_identities', ('limit',), 'upstream_user_identities'),
    'metadata': ('/v1/user_metadata', ('user_id', 'org_id', 'limit'), 'user_metadata'),
    'requests': ('/v1/user_requests', ('user_id', 'org_id', 'limit'), 'user_requests'),
    'application_access': ('/v1/user_application_access_info', ('user_id', 'org_id', 'limit'),
                           'user_application_access_info'),
    'file_share_access': ('/v1/user_file_share_access_info', ('user_id', 'org_id', 'limit'),
                          'user_file_share_access_info'),
}


def attached(client, org_id, user_id, name):
    path, query_names, key = INCLUDES[name]
    values = {'org_id': org_id, 'user_id': user_id, 'limit': agilicus.MAX_LIST_LIMIT}
    response = client.get(api_path(path, user_id), params=dict((q, values[q]) for q in query_names))
    return answers.field_list(response, key) if key else answers.body_object(response)


def combined_page(response):
    """The items of one ``{combined_user_details, next_page_email}`` page, each with the ``user_id`` includes use."""
    return answers.identified(response, answers.field_list(response, 'combined_user_details'), key='user_id')


def user_ids(response):
    """``user_ids`` of ``GET /users_ids``: a list of ids."""
    ids = answers.body_object(response).get('user_ids')
    if not isinstance(ids, list):
        raise answers.unexpected(response, '"user_ids" is %s, not a list' % answers.kind_of(ids))
    for position, user_id in enumerate(ids):
        answers.check_id(response, user_id, what='"user_ids" item %d' % position)
    return ids


def read(module, client):
    params = module.params
    org_id = params['org_id']
    result = dict(changed=False)
    if params['id'] or params['email']:
        found = agilicus.find_user(client, org_id, params['email'], params['id'])
        users = [found] if found else []
    elif params['combined']:
        query = dict(params['filters'] or {}, org_id=org_id)
        users = list(keyset_items(client, '/v1/combined_user_details', combined_page, agilicus.next_page_email,
                                  'previous_email', params=query, page_size=agilicus.MAX_LIST_LIMIT))
    else:
        users = list(agilicus.iter_users(client, dict(params['filters'] or {}, org_id=org_id)))
    for user in users:
        user_id = user.get('id') or user.get('user_id')
        for name in params['include']:
            user[name] = attached(client, org_id, user_id, name)
    result['users'] = users
    if params['guids']:
        query = {'updated_since': params['updated_since']} if params['updated_since'] else {}
        result['user_ids'] = user_ids(client.get('/users_ids', params=query))
    if params['org_user_roles']:
        result['org_user_roles'] = read_org_user_roles(client, org_id)
    return result


def read_org_user_roles(client, org_id):
    """Every (user, application, role) row of the org, walking ``offset``.

    Not ``pagination.offset_items``: its guard tells rows apart by ``user_id``, and a user with two
    roles has two rows; here a row is itself only as a whole.
    """
    guard = PageGuard(identity=lambda row: json.dumps(row, sort_keys=True))
    rows = []
    while True:
        response = client.get('/users/org_user_roles', params={'org_id': org_id, 'limit': agilicus.MAX_LIST_LIMIT,
                                                               'offset': len(rows)})
        batch = guard.page(response, answers.field_list(response, 'org_user_roles'))
        rows.extend(batch)
        if len(batch) < agilicus.MAX_LIST_LIMIT:
            return rows


def main():
    module = agilicus.new_module(
        agilicus.argument_spec(
            id=dict(type='str'),
            email=dict(type='str'),
            filters=dict(type='dict'),
            combined=dict(type='bool', default=False),
            include=dict(type='list', elements='str', choices=sorted(INCLUDES), default=[]),
            guids=dict(type='bool', default=False),
            updated_since=dict(type='str'),
            org_user_roles=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('id', 'email', 'filters'), ('id', 'email', 'combined')],
    )
    client = agilicus.client_for(module)
    common.run(module, client, lambda: read(module, client))


if __name__ == '__main__':
    main()
