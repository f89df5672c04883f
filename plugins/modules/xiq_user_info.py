#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xiq_user_info
short_description: Read ExtremeCloud IQ users
version_added: 1.0.0
description:
  - List every local user of the account (every page, 100 users a request, the most the API allows),
    read one by O(id) or O(login_name), or read the user the credentials belong to (O(current=true), C(GET /users/me)).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description:
      - Read only the user with this id (C(GET /users/{id})). An unknown id returns an empty list.
    type: int
  login_name:
    description:
      - Read only the user with this login name, compared case-insensitively.
    type: str
  current:
    description:
      - Read the user the API credentials belong to (C(GET /users/me)).
    type: bool
    default: false
extends_documentation_fragment:
  - accessops.identity.xiq
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.XIQ_GROUP
'''

EXAMPLES = r'''
- name: Every user of the account
  accessops.identity.xiq_user_info:
  register: xiq_users

- name: Who am I?
  accessops.identity.xiq_user_info:
    current: true
  register: me

- name: One user
  accessops.identity.xiq_user_info:
    login_name: alice@example.com
  register: alice
'''

RETURN = r'''
users:
  description: The users (XiqUser) that match, as the API returns them; empty when none does.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 1001
      login_name: alice@example.com
      display_name: Alice Example
      user_role: OPERATOR
      idle_timeout: 30
      location_ids: [101]
      access_scope: 1
      viq_access_control: 0
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, xiq, xiq_api


def read_users(module, client):
    params = module.params
    if params['current']:
        return dict(changed=False, users=[xiq_api.get_current_user(client)])
    return dict(changed=False, users=xiq.select_users(client, params['id'], params['login_name']))


def main():
    module = xiq_api.new_module(
        xiq_api.argument_spec(
            id=dict(type='int'),
            login_name=dict(type='str'),
            current=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('id', 'login_name', 'current')],
    )
    client = xiq_api.client_for(module)
    common.run(module, client, lambda: read_users(module, client))


if __name__ == '__main__':
    main()
