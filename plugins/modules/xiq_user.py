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
version_added: 0.1.0
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

from ansible_collections.accessops.identity.plugins.module_utils import common, reconcile, xiq
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

FIELDS = xiq.USER_FIELDS
RENAME = Field('login_name', kind=reconcile.CASE_INSENSITIVE)


def ensure_user(module, client):
    params = module.params
    fields = FIELDS + ([RENAME] if params['id'] is not None else [])
    current = xiq.find_user(client, login_name=params['login_name'], user_id=params['id'])
    key = {'login_name': params['login_name']}

    if params['state'] == 'absent':
        plan = reconcile.plan_absent(current, FIELDS, key=key)
    else:
        wanted = reconcile.wanted_values(xiq.coded(params), fields)
        if current is None:
            require_for_create(params)
            wanted.setdefault('idle_timeout', xiq.DEFAULT_IDLE_TIMEOUT)
        plan = reconcile.plan_present(current, wanted, fields, key=key)

    user = reconcile.execute(
        plan, module.check_mode,
        create=lambda body: xiq.create_user(client, body),
        update=lambda user, changes: xiq.update_user(client, user, changes),
        delete=lambda user: xiq.delete_user(client, user))
    return reconcile.result(plan, user, 'user', module._diff)


def require_for_create(params):
    """Refuse a create that cannot succeed (an InputError: the run still closes its session)."""
    if params['id'] is not None:
        raise common.InputError('no XIQ user has id %s; to create a user, give login_name instead of id' % params['id'])
    missing = [name for name in ('display_name', 'user_role') if params[name] is None]
    if missing:
        raise common.InputError('user %s does not exist; to create it, also set: %s'
                                % (params['login_name'], ', '.join(missing)))


def main():
    module = xiq.new_module(
        xiq.argument_spec(
            login_name=dict(type='str'),
            id=dict(type='int'),
            display_name=dict(type='str'),
            idle_timeout=dict(type='int'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **xiq.access_options()
        ),
        required_one_of=[('login_name', 'id'), ('api_token', 'api_username')],
    )
    idle = module.params['idle_timeout']
    if idle is not None and not 5 <= idle <= 240:
        module.fail_json(msg='idle_timeout must be between 5 and 240 minutes, got %s' % idle)
    if module.params['login_name'] is not None and not module.params['login_name'].strip():
        module.fail_json(msg='login_name must not be empty')
    client = xiq.client_for(module)
    common.run(module, client, lambda: ensure_user(module, client))


if __name__ == '__main__':
    main()
