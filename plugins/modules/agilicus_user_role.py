#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_user_role
short_description: Manage an Agilicus user's roles in applications
version_added: 1.0.0
description:
  - Set, add or remove a user's roles per application in O(org_id).
  - The module reads the user's own (direct) roles first (C(GET /users/{id})), never the rendered roles, which include
    roles inherited from groups. C(PUT /users/{id}/roles) replaces the whole map, so the module sends the live map
    with only your applications changed, and only when something differs.
author:
  - accessops.identity maintainers (@accessops)
options:
  roles:
    description:
      - 'Roles per application, for example C({"wiki": ["editor"], "crm": ["viewer", "exporter"]}).'
      - With O(state=present) and O(append=false), each listed application's roles become exactly these (an empty list
        removes them); with O(append=true) they are added. With O(state=absent) the listed roles are removed.
      - Applications you do not list keep their roles.
      - Surrounding spaces are removed from role names, and a name given twice is one role; an empty name fails.
    type: dict
    required: true
  append:
    description: Add the roles instead of making each listed application's roles exactly these.
    type: bool
    default: false
  state:
    description: Whether the listed roles should be held (V(present)) or not (V(absent)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.agilicus_user_ref
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.AGILICUS_GROUP
'''

EXAMPLES = r'''
- name: Alice edits the wiki and views the CRM
  accessops.identity.agilicus_user_role:
    email: alice@example.com
    roles:
      wiki: [editor]
      crm: [viewer]

- name: Take the CRM away
  accessops.identity.agilicus_user_role:
    email: alice@example.com
    roles:
      crm: []
'''

RETURN = r'''
roles:
  description: The user's direct roles per application after the change (in check mode, as predicted).
  returned: always
  type: dict
  sample: {wiki: [editor], crm: [viewer]}
user:
  description: The user the roles belong to.
  returned: always
  type: dict
  sample: {id: "1234", email: alice@example.com}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, common, reconcile


def ensure_roles(module, client):
    params = module.params
    user = agilicus.require_user(client, params)
    plan = agilicus.roles_plan(agilicus.direct_roles(user), params['roles'], params['state'], params['append'])

    def replace_roles(live, changes):
        agilicus_api.replace_user_role(client, params['org_id'], user['id'], changes['roles'])
        return changes['roles']

    roles = reconcile.execute(plan, module.check_mode, update=replace_roles)
    summary = dict((k, user.get(k)) for k in ('id', 'email'))
    return dict(reconcile.result(plan, summary, 'user', module._diff), roles=roles)


def main():
    module = agilicus_api.new_module(
        agilicus_api.argument_spec(
            roles=dict(type='dict', required=True),
            append=dict(type='bool', default=False),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **agilicus.user_options()
        ),
        **agilicus.USER_CONSTRAINTS
    )
    try:
        module.params['roles'] = agilicus.check_roles(module.params['roles'])
    except common.InputError as err:
        module.fail_json(msg=str(err))
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: ensure_roles(module, client))


if __name__ == '__main__':
    main()
