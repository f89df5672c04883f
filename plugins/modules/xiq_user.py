#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xiq_user
short_description: Manage ExtremeCloud IQ users
version_added: 1.0.0
description:
  - Create, update and delete local users of an ExtremeCloud IQ (XIQ) account.
  - The user is found by O(login_name), compared case-insensitively because XIQ login names are
    e-mail addresses, or by O(id).
  - Only the options you set are managed; an update sends C(PATCH /users/{id}) with just the fields that differ.
  - Creating a user needs O(login_name), O(display_name) and O(user_role).
author:
  - accessops.identity maintainers (@accessops)
options:
  login_name:
    description:
      - The user's login name (an e-mail address). The natural key of the user.
      - With O(id) set, a different O(login_name) renames the user.
      - Required when creating a user.
    type: str
  id:
    description:
      - The numeric id of the user. Use it instead of O(login_name) to address the user, or together with
        O(login_name) to rename.
    type: int
  display_name:
    description:
      - The name XIQ shows for the user. Required when creating a user.
    type: str
  idle_timeout:
    description:
      - Minutes of inactivity before the session ends, 5 to 240.
      - XIQ requires it on create; when you leave it out there, V(30) is sent.
    type: int
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.xiq
  - accessops.identity.xiq_access
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.XIQ_GROUP
notes:
  - XIQ offers no server-side filter on C(GET /users); the module walks the pages, 100 users at a time,
    and stops at the page that holds the user.
seealso:
  - name: XIQ UserApi reference
    description: The API operations this module uses.
    link: https://api.extremecloudiq.com/swagger-ui/index.html
'''

EXAMPLES = r'''
- name: Ensure Alice is an operator
  accessops.identity.xiq_user:
    api_url: https://api.extremecloudiq.com
    api_token: "{{ xiq_token }}"
    login_name: alice@example.com
    display_name: Alice Example
    user_role: OPERATOR
    idle_timeout: 30
    location_ids: [101, 102]
    access_scope: site
    viq_access_control: read_only

- name: Log in with a username and password instead of a token
  accessops.identity.xiq_user:
    api_url: https://api.extremecloudiq.com
    api_username: admin@example.com
    api_password: "{{ xiq_password }}"
    login_name: bob@example.com
    display_name: Bob Example
    user_role: MONITOR

- name: Remove a leaver (connection from XIQ_API_URL / XIQ_API_TOKEN)
  accessops.identity.xiq_user:
    login_name: carol@example.com
    state: absent
'''

RETURN = r'''
user:
  description:
    - The user as the API returns it (XiqUser) after the change; in check mode, the predicted user.
    - Empty when the user is absent.
  returned: always
  type: dict
  sample:
    id: 1001
    login_name: alice@example.com
    display_name: Alice Example
    user_role: OPERATOR
    idle_timeout: 30
    location_ids: [101, 102]
    access_scope: 1
    viq_access_control: 1
    create_time: "2026-11-22T10:00:00.000Z"
    update_time: "2026-11-22T10:00:00.000Z"
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, ensure, xiq, xiq_api


def main():
    module = xiq_api.new_module(
        xiq_api.argument_spec(
            id=dict(type='int'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **xiq.USER.argument_spec()
        ),
        required_one_of=[('login_name', 'id')],
    )
    client = xiq_api.client_for(module)
    common.run(module, client, lambda: ensure.ensure(
        module, xiq.USER, xiq.XiqUsers(module, client), module.params, 'user', by_id=module.params['id']))


if __name__ == '__main__':
    main()
