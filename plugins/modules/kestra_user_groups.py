#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_user_groups
short_description: Manage a Kestra user's groups in one tenant
version_added: 1.0.0
description:
  - Make a user's groups in O(tenant) exactly a given set, add groups to them, or remove groups from them.
  - Groups are named by id (O(group_ids)), by name (O(group_names)), or both; the module works on the union.
  - The module reads the user's groups first (C(GET /api/v1/users/{id})) and sends
    C(PUT /api/v1/{tenant}/users/{id}/groups), which replaces the user's groups in that tenant, only when the
    result differs. Groups of other tenants are never touched.
author:
  - accessops.identity maintainers (@accessops)
options:
  email:
    description:
      - E-mail of the user, matched exactly and case-insensitively.
    type: str
  user_id:
    description:
      - Id of the user.
    type: str
  group_ids:
    description:
      - Ids of the groups.
      - With O(state=present) and O(append=false), the user's groups in O(tenant) become exactly these (and those of
        O(group_names)); an empty list, with no O(group_names), removes them all. With O(append=true) they are added.
        With O(state=absent) they are removed.
      - An id that no group of O(tenant) has fails before any write, in check mode too; it costs one read of the
        tenant's groups, only when the run would add an id.
      - At least one of O(group_ids) and O(group_names) is required.
    type: list
    elements: str
  group_names:
    description:
      - Names of groups of O(tenant), as O(group_ids) but by name. The names are resolved with
        C(GET /api/v1/{tenant}/groups/search), read whole, and an exact match, case included (the API defines no
        case folding for group names); surrounding spaces are removed from the names you give.
      - A name no group has fails (the message names the groups whose names differ only in case), and so does a name
        several groups share (the message lists their ids, so that you can give the one you mean in O(group_ids));
        both fail before any change, in check mode and with O(state=absent) too.
      - The groups are read only when this option is given.
    type: list
    elements: str
  append:
    description:
      - Add O(group_ids) and O(group_names) to the user's groups instead of making the set exactly those groups.
    type: bool
    default: false
  state:
    description:
      - Whether the listed groups should be the user's (V(present)) or not (V(absent)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.kestra
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.KESTRA_GROUP
notes:
  - O(tenant) is required. Kestra 2.0 answers 404 until the user has access to the tenant; give it with
    M(accessops.identity.kestra_user) O(accessops.identity.kestra_user#module:tenants) first.
  - Kestra may show a membership change in listings only after a few seconds; the module trusts the answer to its
    write and does not read back, so a re-run does not report a false change.
  - The diff and RV(group_ids) show group ids, also for groups named in O(group_names).
'''

EXAMPLES = r'''
- name: Alice is in exactly the developers and on-call groups of the main tenant
  accessops.identity.kestra_user_groups:
    tenant: main
    email: alice@example.com
    group_ids: [4kXp2, 9QwE1]

- name: Take her out of on-call only
  accessops.identity.kestra_user_groups:
    tenant: main
    email: alice@example.com
    group_ids: [9QwE1]
    state: absent

- name: Add her to the auditors group, named rather than by id
  accessops.identity.kestra_user_groups:
    tenant: main
    email: alice@example.com
    group_names: [auditors]
    append: true
'''

RETURN = r'''
group_ids:
  description: The user's group ids in O(tenant) after the change (in check mode, as predicted), sorted.
  returned: always
  type: list
  elements: str
  sample: [4kXp2, 9QwE1]
user:
  description: The user the groups belong to.
  returned: when the user exists
  type: dict
  sample:
    id: 5fGh7Kq
    email: alice@example.com
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, kestra, kestra_api, reconcile


def ensure_groups(module, client):
    params = module.params
    tenant = params['tenant']
    # an unknown or ambiguous name fails first, before the user is read and before any write
    named = kestra.group_ids_named(client, tenant, params['group_names'] or [])
    listed = sorted(set(params['group_ids'] or []) | set(named.values()))
    user = kestra.find_user(client, params['email'], params['user_id'])
    if user is None:
        if params['state'] == 'absent':
            plan = reconcile.plan_membership([], [], name='group_ids')
            return dict(reconcile.result(plan, None, 'user', module._diff), group_ids=[])
        raise common.InputError('no Kestra user has %s' % (
            'e-mail %s' % params['email'] if params['email'] else 'id %s' % params['user_id']))
    current = kestra.groups_by_tenant(user).get(tenant, [])
    plan = reconcile.plan_membership(current, listed, params['state'], params['append'], name='group_ids')
    added = [group for group in plan.changes.get('add', []) if group not in named.values()] if plan.changed else []
    kestra.check_known_groups(client, tenant, added)   # before the write, in check mode too

    def replace_groups(before, changes):
        # the endpoint replaces the tenant's whole set, so the resulting set is what is sent
        kestra_api.put_user_groups(client, tenant, user['id'], plan.after)
        return plan.after

    group_ids = reconcile.execute(plan, module.check_mode, update=replace_groups)
    summary = dict((k, user.get(k)) for k in ('id', 'email'))
    return dict(reconcile.result(plan, summary, 'user', module._diff), group_ids=group_ids)


def main():
    module = kestra_api.new_module(
        kestra_api.argument_spec(
            email=dict(type='str'),
            user_id=dict(type='str'),
            group_ids=dict(type='list', elements='str'),
            group_names=dict(type='list', elements='str'),
            append=dict(type='bool', default=False),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        mutually_exclusive=[('email', 'user_id')],
        required_one_of=[('email', 'user_id'), ('group_ids', 'group_names')],
    )
    params = module.params
    if not params['tenant']:
        module.fail_json(msg='tenant is required: groups belong to a tenant (or set KESTRA_TENANT)')
    if params['group_names'] is not None:
        if any(not name.strip() for name in params['group_names']):
            module.fail_json(msg='group_names must name groups; got an empty name')
        params['group_names'] = [name.strip() for name in params['group_names']]
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: ensure_groups(module, client))


if __name__ == '__main__':
    main()
