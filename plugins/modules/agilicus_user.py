#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_user
short_description: Manage Agilicus users of an organisation
version_added: 1.0.0
description:
  - Make a user a member of O(org_id) with the given details, or remove their membership.
  - The user is found by O(email), matched exactly and case-insensitively, within O(org_id), or by O(id).
  - Core identity (O(first_name), O(last_name), and with O(id) a new O(email)) changes through
    C(POST /users/{id}/user_identity_updates), the API's documented way to change it; O(external_id) and O(status)
    through C(PUT /users/{id}), a full replace sent with the live user merged with your options.
  - O(state=absent) removes the user from O(org_id) (C(DELETE /v1/orgs/{org_id}/users/{id})). It does not delete the
    person's identity, which other organisations may still use.
author:
  - accessops.identity maintainers (@accessops)
options:
  email:
    description:
      - The user's e-mail address. Required to create a user. With O(id) set, a different O(email) changes it.
    type: str
  id:
    description: Id of the user.
    type: str
  first_name:
    description: First name.
    type: str
  last_name:
    description: Last name.
    type: str
  external_id:
    description: The user's id in another system, up to 100 characters.
    type: str
  status:
    description: Whether the user is V(active), V(pending) or V(disabled) in the organisation.
    type: str
    choices: [active, pending, disabled]
  disabled_at_time:
    description:
      - When the user's access ends, as an ISO 8601 date and time with a time zone, for example
        V(2027-01-31T18:00:00Z). Compared as the moment it names, so V(+00:00) and V(Z) are the same.
      - Leave it out to leave the live value as it is; it is not reset by O(state=replaced).
    type: str
  reset_mfa:
    description:
      - Remove all of the user's multi-factor challenge methods so they enrol again
        (C(POST /users/{id}/reset_mfa_challenge_methods)). An action; whenever set, the module resets and reports a change.
    type: bool
    default: false
  state:
    description:
      - V(present) makes the user a member with these details, V(absent) removes their membership of O(org_id).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.AGILICUS_GROUP
notes:
  - Creating a user whose e-mail already exists in another organisation adds the existing identity to O(org_id).
  - Roles are managed with M(accessops.identity.agilicus_user_role).
seealso:
  - module: accessops.identity.agilicus_user_role
  - module: accessops.identity.agilicus_user_info
'''

EXAMPLES = r'''
- name: Alice is an active member
  accessops.identity.agilicus_user:
    email: alice@example.com
    first_name: Alice
    last_name: Example
    status: active

- name: Her phone was lost - make her enrol MFA again
  accessops.identity.agilicus_user:
    email: alice@example.com
    reset_mfa: true

- name: She leaves the organisation
  accessops.identity.agilicus_user:
    email: alice@example.com
    state: absent
'''

RETURN = r'''
user:
  description: The user (C(User)) after the change; in check mode, as predicted. Empty when absent.
  returned: always
  type: dict
  sample:
    id: "1234"
    email: alice@example.com
    first_name: Alice
    last_name: Example
    org_id: G99q3lasls29wsk
    status: active
    type: user
    roles: {}
actions:
  description: The one-off actions run (or, in check mode, that would run).
  returned: always
  type: list
  elements: str
  sample: [reset_mfa]
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, common, ensure, reconcile


def ensure_user(module, client):
    """The user as its declaration says (a new e-mail with id renames), then the one-off MFA reset."""
    params = module.params
    users = agilicus.AgilicusUsers(module, client)
    values = agilicus.USER.normalised(params)
    current = ensure.find(agilicus.USER, users, values, params['id'], params['state'])
    plan = ensure.plan(agilicus.USER, current, values, params['state'], params['id'])
    actions = [('reset_mfa', lambda user: agilicus_api.reset_user_mfa_challenge_methods(
        client, users.org_id, user['id']) and None)] if params['reset_mfa'] else []
    user = ensure.carry_out(agilicus.USER, plan, users, module.check_mode, actions)
    return reconcile.result(plan, user, 'user', module._diff, actions=[name for name, act in actions])


def argument_spec():
    return agilicus_api.argument_spec(
        id=dict(type='str'),
        reset_mfa=dict(type='bool', default=False),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        **agilicus.USER.argument_spec()
    )


def main():
    module = agilicus_api.new_module(argument_spec(), required_one_of=[('email', 'id')])
    params = module.params
    try:
        agilicus.check_user_values(params)
    except common.InputError as err:
        module.fail_json(msg=str(err))
    if params['state'] == 'absent' and params['reset_mfa']:
        module.fail_json(msg='reset_mfa acts on a member; it cannot be combined with state=absent')
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: ensure_user(module, client))


if __name__ == '__main__':
    main()
