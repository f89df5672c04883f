#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_user_info
short_description: Read Kestra users
version_added: 1.0.0
description:
  - Search the instance's users (C(GET /api/v1/users), every page, 100 a request, with O(q) and O(sort)),
    read one user in full by O(id) or O(email), or ask a tenant which users match (O(autocomplete),
    C(POST /api/v1/{tenant}/tenant-access/autocomplete)).
  - A search returns user summaries (C(id), C(username), C(displayName), C(tenants), C(auths), ...); a read by id or
    e-mail returns the whole user, with groups.
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Read this user in full. An unknown id returns an empty list.
    type: str
  email:
    description: Read the user with this e-mail in full (exact, case-insensitive match).
    type: str
  q:
    description: Free-text search of the user list.
    type: str
  sort:
    description: Sort orders of the user list, such as V(username:asc) or V(displayName:desc).
    type: list
    elements: str
  autocomplete:
    description:
      - Ask O(tenant) which users match, through its tenant-access autocomplete.
    type: dict
    suboptions:
      q:
        description: Text to match.
        type: str
      ids:
        description: Only these user ids.
        type: list
        elements: str
      existing_only:
        description: Only users who already have access to the tenant.
        type: bool
      username:
        description: Only the user with this username.
        type: str
  api_tokens:
    description:
      - Add each user's API tokens (C(GET /api/v1/users/{id}/api-tokens), one request per user found, as
        M(accessops.identity.kestra_api_token_info) lists them - never their secrets) as C(api_tokens).
      - Kestra has no endpoint listing every token, so this is the fewest requests that read them all, in one task
        rather than one task per user.
    type: bool
    default: false
extends_documentation_fragment:
  - accessops.identity.kestra
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.KESTRA_GROUP
'''

EXAMPLES = r'''
- name: Every user, newest names first
  accessops.identity.kestra_user_info:
    sort: ["username:desc"]
  register: everyone

- name: One user with groups
  accessops.identity.kestra_user_info:
    email: alice@example.com

- name: Who in the main tenant is called Smith?
  accessops.identity.kestra_user_info:
    tenant: main
    autocomplete:
      q: smith
      existing_only: true
'''

RETURN = r'''
users:
  description: The users found, as the API returns them (summaries for a search, whole users by id or e-mail).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5fGh7Kq
      username: alice@example.com
      displayName: Alice Example
      tenants: [{id: main, name: main}]
      api_tokens: [{id: 3dJ8fXkQ, name: ci-deploy, prefix: kestra_3dJ8, iat: "2026-11-22T10:00:00Z", exp: null,
                    lastUsed: null, extended: false, expired: false}]
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, kestra, kestra_api


def read_users(module, client):
    params = module.params
    if params['id'] or params['email']:
        found = kestra.find_user(client, params['email'], params['id'])
        users = [found] if found else []
        return dict(changed=False, users=with_tokens(client, users) if params['api_tokens'] else users)
    if params['autocomplete'] is not None:
        request = params['autocomplete']
        users = kestra_api.autocomplete_users(client, params['tenant'], query=request['q'], ids=request['ids'],
                                              existing_only=request['existing_only'], username=request['username'])
        return dict(changed=False, users=users)
    # A listing may be the whole directory: read it in the largest pages, as kestra_users does.
    users = list(kestra_api.iter_users(client, params['q'], kestra_api.LISTING_PAGE_SIZE, params['sort']))
    return dict(changed=False, users=with_tokens(client, users) if params['api_tokens'] else users)


def with_tokens(client, users):
    """Each user with its ``api_tokens`` (an empty list for a user deleted since the listing)."""
    for user in users:
        user['api_tokens'] = kestra_api.list_tokens(client, kestra_api.TokenOwner('user', user['id'])) or []
    return users


def main():
    module = kestra_api.new_module(
        kestra_api.argument_spec(
            id=dict(type='str'),
            email=dict(type='str'),
            q=dict(type='str'),
            sort=dict(type='list', elements='str'),
            autocomplete=dict(type='dict', options=dict(
                q=dict(type='str'), ids=dict(type='list', elements='str'),
                existing_only=dict(type='bool'), username=dict(type='str'))),
            api_tokens=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('id', 'email', 'q', 'autocomplete'), ('id', 'email', 'sort', 'autocomplete'),
                            ('autocomplete', 'api_tokens')],
    )
    if module.params['autocomplete'] is not None and not module.params['tenant']:
        module.fail_json(msg='autocomplete asks a tenant: set tenant (or KESTRA_TENANT)')
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: read_users(module, client))


if __name__ == '__main__':
    main()
