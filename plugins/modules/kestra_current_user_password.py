#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_current_user_password
short_description: Change the password of the Kestra user the module authenticates as
version_added: 1.0.0
description:
  - Change the login password of the authenticated user (C(PUT /api/v1/me/password)), given the old one.
  - This is an action. Kestra cannot tell whether a password is already set to a value, so each run that changes it
    reports a change. Both a real run and check mode first read the account (C(GET /api/v1/me)), so
    credentials the service refuses fail both alike; only the change itself can tell whether O(old_password)
    is right. To set other users' passwords as an administrator, use
    M(accessops.identity.kestra_user) O(accessops.identity.kestra_user#module:password).
author:
  - accessops.identity maintainers (@accessops)
options:
  old_password:
    description: The current password.
    type: str
    required: true
  new_password:
    description: The new password.
    type: str
    required: true
extends_documentation_fragment:
  - accessops.identity.kestra
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.KESTRA_GROUP
notes:
  - When the module authenticates with O(api_username) and O(api_password), later tasks must use the new password.
'''

EXAMPLES = r'''
- name: Rotate the automation user's own password
  accessops.identity.kestra_current_user_password:
    api_username: automation@example.com
    api_password: "{{ vault_old_password }}"
    old_password: "{{ vault_old_password }}"
    new_password: "{{ vault_new_password }}"
'''

RETURN = r'''
changed:
  description: Always true, unless run in check mode where it says a change would be made.
  returned: always
  type: bool
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, ensure, kestra_api, reconcile


def main():
    module = kestra_api.new_module(kestra_api.argument_spec(
        old_password=dict(type='str', required=True, no_log=True),
        new_password=dict(type='str', required=True, no_log=True),
    ))
    params = module.params
    if not params['new_password'].strip():
        module.fail_json(msg='new_password must not be empty')
    if params['new_password'] == params['old_password']:
        module.fail_json(msg='new_password is the same as old_password')
    client = kestra_api.client_for(module)

    def change():
        plan = reconcile.Plan(None, None, diff=dict(before={'password': reconcile.SECRET_MASK},
                                                    after={'password': 'changed'}))
        change_it = ('change password', lambda me: kestra_api.change_my_password(
            client, params['old_password'], params['new_password']))
        me = {'id': kestra_api.get_my_id(client)}   # in check mode too: refused credentials fail both runs alike
        ensure.run_actions(plan, module.check_mode, me, [change_it])
        return reconcile.result(plan, None, None, module._diff)
    common.run(module, client, change)


if __name__ == '__main__':
    main()
