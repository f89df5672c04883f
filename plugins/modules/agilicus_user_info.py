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
version_added: 1.0.0
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
  org_upstream_user_identities:
    description:
      - Return every user's identities through upstream identity providers in the organisation, with their last
        sign-in (C(spec.last_login)), in RV(org_upstream_user_identities) (C(GET /v1/org_upstream_user_identities),
        every page, 500 a request). This is where Agilicus keeps when a user last signed in.
    type: bool
    default: false
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.AGILICUS_GROUP
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
org_upstream_user_identities:
  description: The organisation's upstream identities (C(OrgUpstreamUserIdentity)), as the API returns them.
  returned: when O(org_upstream_user_identities=true)
  type: list
  elements: dict
  sample:
    - metadata: {id: 8cVn2kQ}
      spec: {user_id: "1234", org_id: G99q3lasls29wsk, identity_id: google-1234, last_login: "2026-11-28T08:30:00Z"}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, common

# include -> the endpoint that reads it for one user: (client, org_id, user_id) -> what the answer holds
INCLUDES = {
    'orgs': agilicus_api.list_all_user_orgs,
    'rendered_roles': agilicus_api.list_all_user_roles,
    'host_permissions': agilicus_api.list_user_permissions,
    'resource_permissions': agilicus_api.list_all_resource_permissions,
    'mfa_challenge_methods': agilicus_api.list_challenge_methods,
    'upstream_user_identities': agilicus_api.list_upstream_user_identities,
    'metadata': agilicus_api.list_user_metadata,
    'requests': agilicus_api.list_user_requests,
    'application_access': agilicus_api.list_user_application_access_info,
    'file_share_access': agilicus_api.list_user_file_share_access_info,
}


def read(module, client):
    params = module.params
    org_id = params['org_id']
    result = dict(changed=False)
    if params['id'] or params['email']:
        found = agilicus.find_user(client, org_id, params['email'], params['id'])
        users = [found] if found else []
    elif params['combined']:
        users = agilicus_api.list_combined_user_details(client, dict(params['filters'] or {}, org_id=org_id))
    else:
        users = list(agilicus_api.list_users(client, dict(params['filters'] or {}, org_id=org_id)))
    for user in users:
        user_id = user.get('id') or user.get('user_id')
        for name in params['include']:
            user[name] = INCLUDES[name](client, org_id, user_id)
    result['users'] = users
    if params['guids']:
        result['user_ids'] = agilicus_api.list_user_guids(client, params['updated_since'])
    if params['org_user_roles']:
        result['org_user_roles'] = agilicus_api.list_org_user_roles(client, org_id)
    if params['org_upstream_user_identities']:
        result['org_upstream_user_identities'] = agilicus_api.list_org_upstream_user_identities(client, org_id)
    return result


def main():
    module = agilicus_api.new_module(
        agilicus_api.argument_spec(
            id=dict(type='str'),
            email=dict(type='str'),
            filters=dict(type='dict'),
            combined=dict(type='bool', default=False),
            include=dict(type='list', elements='str', choices=sorted(INCLUDES), default=[]),
            guids=dict(type='bool', default=False),
            updated_since=dict(type='str'),
            org_user_roles=dict(type='bool', default=False),
            org_upstream_user_identities=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('id', 'email', 'filters'), ('id', 'email', 'combined')],
    )
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: read(module, client))


if __name__ == '__main__':
    main()
