#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: onelogin_user_info
short_description: Read OneLogin users, their roles and apps, and the account's custom attributes
version_added: 1.0.0
description:
  - List users with any filter of C(GET /api/1/users), every page (cursor or page paging, 100 users a request),
    or read one user by O(id).
  - Optionally add each user's role ids (C(GET /api/1/users/{id}/roles)) and apps (C(GET /api/1/users/{id}/apps)),
    one request per user and kind.
  - Optionally return the names of the account's custom user fields (C(GET /api/1/users/custom_attributes)).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description:
      - Read only this user (C(GET /api/1/users/{id})). An unknown id returns an empty list.
    type: int
  filters:
    description:
      - Filters of the user list, sent as they are. OneLogin matches them exactly but case-insensitively, and
        C(*) is a wildcard.
      - 'Keys: C(username), C(email), C(firstname), C(lastname), C(samaccountname), C(directory_id), C(external_id),
        C(user_ids) (comma-separated ids), and the ISO 8601 timestamps C(created_since), C(created_until),
        C(updated_since), C(updated_until), C(last_login_since), C(last_login_until).'
    type: dict
  custom_attributes:
    description:
      - Filter on values of custom user fields, by short name (sent as C(custom_attributes.<name>)).
    type: dict
  include:
    description:
      - Extra details to read for each user found, added to it as C(role_ids) and C(apps).
    type: list
    elements: str
    choices: [roles, apps]
    default: []
  ignore_visibility:
    description:
      - With O(include=[apps]), also list apps hidden from the user's portal.
    type: bool
    default: false
  custom_attribute_names:
    description:
      - Also return the short names of the account's custom user fields in RV(custom_attribute_names).
    type: bool
    default: false
extends_documentation_fragment:
  - accessops.identity.onelogin
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.ONELOGIN_GROUP
'''

EXAMPLES = r'''
- name: Everyone whose last name starts with "Ex", with their roles
  accessops.identity.onelogin_user_info:
    filters:
      lastname: "Ex*"
    include: [roles]
  register: found

- name: Users created this year
  accessops.identity.onelogin_user_info:
    filters:
      created_since: "2026-01-01T00:00:00Z"

- name: One user with the apps on their portal
  accessops.identity.onelogin_user_info:
    id: 4711
    include: [apps]

- name: Which custom user fields exist?
  accessops.identity.onelogin_user_info:
    filters:
      user_ids: "4711"
    custom_attribute_names: true
'''

RETURN = r'''
users:
  description: The users found, as the API returns them, with C(role_ids) and C(apps) when asked for.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 4711
      username: alice
      email: alice@example.com
      state: 1
      status: 1
      role_ids: [150001]
custom_attribute_names:
  description: Short names of the account's custom user fields.
  returned: when O(custom_attribute_names=true)
  type: list
  elements: str
  sample: [cost_center, badge]
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, onelogin_api


def read_users(module, client):
    params = module.params
    if params['id'] is not None:
        found = onelogin_api.get_user(client, params['id'])
        users = [found] if found else []
    else:
        query = dict((k, v) for k, v in (params['filters'] or {}).items())
        query.update(('custom_attributes.%s' % k, v) for k, v in (params['custom_attributes'] or {}).items())
        users = list(onelogin_api.list_users(client, query))
    for user in users:
        if 'roles' in params['include']:
            user['role_ids'] = onelogin_api.get_user_role_ids(client, user['id'])
        if 'apps' in params['include']:
            user['apps'] = onelogin_api.get_user_apps(client, user['id'], params['ignore_visibility'])
    result = dict(changed=False, users=users)
    if params['custom_attribute_names']:
        result['custom_attribute_names'] = onelogin_api.get_custom_attribute_names(client)
    return result


def main():
    module = onelogin_api.new_module(
        onelogin_api.argument_spec(
            id=dict(type='int'),
            filters=dict(type='dict'),
            custom_attributes=dict(type='dict'),
            include=dict(type='list', elements='str', choices=['roles', 'apps'], default=[]),
            ignore_visibility=dict(type='bool', default=False),
            custom_attribute_names=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('id', 'filters'), ('id', 'custom_attributes')],
    )
    unknown = sorted(set(module.params['filters'] or {}) - set(onelogin_api.LIST_FILTERS))
    if unknown:
        module.fail_json(msg='unknown key(s) in filters: %s; known: %s' % (', '.join(unknown),
                                                                           ', '.join(onelogin_api.LIST_FILTERS)))
    client = onelogin_api.client_for(module)
    common.run(module, client, lambda: read_users(module, client))


if __name__ == '__main__':
    main()
