#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: onelogin_user_role
short_description: Manage the roles assigned to a OneLogin user
version_added: 1.0.0
description:
  - Make a OneLogin user's roles exactly a given set, add roles to it, or remove roles from it.
  - Roles are named by id (O(role_ids)), by name (O(roles)), or both; the module works on the union.
  - The module reads the user's roles first and sends only the difference, through
    C(PUT /api/1/users/{id}/add_roles) and C(PUT /api/1/users/{id}/remove_roles); when nothing differs it sends nothing.
author:
  - accessops.identity maintainers (@accessops)
options:
  user_id:
    description:
      - Id of the user.
    type: int
  username:
    description:
      - Username of the user, looked up with the C(username) filter and an exact, case-insensitive match (surrounding
        spaces removed).
    type: str
  email:
    description:
      - E-mail of the user, looked up with the C(email) filter and an exact, case-insensitive match.
    type: str
  role_ids:
    description:
      - Ids of the roles.
      - With O(state=present) and O(append=false), the user ends up with exactly these roles (and those of O(roles));
        an empty list, with no O(roles), removes them all. With O(append=true) they are added to the user's other
        roles.
      - With O(state=absent), these roles are removed and the user's other roles are kept.
      - Before any change (in check mode too), the ids to add are checked to exist (C(GET /api/2/roles/{id})); an
        unknown id fails and nothing is changed.
      - At least one of O(role_ids) and O(roles) is required.
    type: list
    elements: int
  roles:
    description:
      - Names of the roles, as O(role_ids) but by name; each is looked up with C(GET /api/2/roles?role_name=) and an
        exact, case-insensitive match.
      - A name no role has fails, and so does a name several roles share (the message lists their ids, so that you
        can give the one you mean in O(role_ids)); both fail before any change, in check mode too.
    type: list
    elements: str
  append:
    description:
      - Add O(role_ids) and O(roles) to the user's roles instead of making the set exactly those roles.
    type: bool
    default: false
  state:
    description:
      - Whether the listed roles should be assigned (V(present)) or not (V(absent)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.onelogin
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.ONELOGIN_GROUP
notes:
  - Adding and removing roles needs an API credential with the C(Manage All) scope; with less, OneLogin answers
    401 "Insufficient Permission" and the module says which scope is missing.
  - OneLogin returns a user's role ids nested in a list (C(data [[1, 2]])) although its specification says a flat
    list; the module accepts both.
  - When the roles must be removed and added, roles are added first, so that a failure between the two calls leaves
    the user with the roles of before and after, never fewer; the message says which call was already applied.
  - Looking up role names and checking role ids reads the roles (C(GET /api/2/roles)), which needs one of the
    C(Manage All), C(Read All) or C(Read Users) scopes. Ids that are only removed are not checked, and a run that
    adds no role reads no role.
  - The diff and RV(role_ids) show role ids.
'''

EXAMPLES = r'''
- name: Alice has exactly the Employees and Engineering roles
  accessops.identity.onelogin_user_role:
    api_url: https://example.onelogin.com
    api_client_id: "{{ onelogin_client_id }}"
    api_client_secret: "{{ onelogin_client_secret }}"
    username: alice
    role_ids: [150001, 150002]

- name: Give Bob the On-call role too, keeping his others
  accessops.identity.onelogin_user_role:
    email: bob@example.com
    roles: [On-call]
    append: true

- name: Take the Admin role away from Carol
  accessops.identity.onelogin_user_role:
    user_id: 4711
    role_ids: [150099]
    state: absent
'''

RETURN = r'''
role_ids:
  description: The user's role ids after the change (in check mode, as they would be), sorted.
  returned: always
  type: list
  elements: int
  sample: [150001, 150002]
user:
  description:
    - The user the roles belong to.
    - With O(user_id), only its C(id) - the module reads the roles directly, and not the user.
  returned: when the user exists
  type: dict
  sample:
    id: 4711
    username: alice
    email: alice@example.com
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, onelogin, onelogin_api, reconcile


def ensure_roles(module, client):
    params = module.params
    named = onelogin.role_ids_named(client, params['roles'] or [])   # an unknown or ambiguous name fails first
    listed = sorted(set(params['role_ids'] or []) | set(named.values()))
    user, current = find_user_and_roles(client, params)
    if user is None:
        if params['state'] == 'absent':
            plan = reconcile.plan_membership([], [], name='role_ids')
            return dict(reconcile.result(plan, None, 'user', module._diff), role_ids=[])
        raise common.InputError('no OneLogin user has %s' % describe_user(params))

    user_id = user['id']   # an integer: checked in the answer, or the user_id option
    plan = reconcile.plan_membership(current, listed, params['state'], params['append'], name='role_ids')
    if plan.changed:
        # before the first write, in check mode too: an add refused after the remove went through would leave
        # the user with neither set
        unknown = onelogin.missing_roles(client, [role for role in plan.changes['add'] if role not in named.values()])
        if unknown:
            raise common.InputError('role_ids: no OneLogin role has id %s' % ', '.join(str(role) for role in unknown))

    def update(before, changes):
        onelogin.write_roles(client, user_id, changes)
        return plan.after

    role_ids = reconcile.execute(plan, module.check_mode, update=update)
    summary = dict((k, user.get(k)) for k in ('id', 'username', 'email'))
    return dict(reconcile.result(plan, summary, 'user', module._diff), role_ids=role_ids)


def find_user_and_roles(client, params):
    """(user, role ids), or (None, None) when there is no such user.

    Addressed by id, the roles are read straight away - one request, which answers 404 when
    there is no such user - so the user's name and e-mail are not known and not returned.
    """
    if params['user_id'] is not None:
        roles = onelogin_api.get_user_role_ids(client, params['user_id'], missing_ok=True, what='user_id')
        return (None, None) if roles is None else ({'id': params['user_id']}, roles)
    user = onelogin.find_user(client, None, params['username'], params['email'])
    return (None, None) if user is None else (user, onelogin_api.get_user_role_ids(client, user['id']))


def describe_user(params):
    if params['user_id'] is not None:
        return 'id %s' % params['user_id']
    if params['username'] is not None:
        return 'username %s' % params['username']
    return 'e-mail %s' % params['email']


def main():
    module = onelogin_api.new_module(
        onelogin_api.argument_spec(
            user_id=dict(type='int'),
            username=dict(type='str'),
            email=dict(type='str'),
            role_ids=dict(type='list', elements='int'),
            roles=dict(type='list', elements='str'),
            append=dict(type='bool', default=False),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        mutually_exclusive=[('user_id', 'username', 'email')],
        required_one_of=[('user_id', 'username', 'email'), ('role_ids', 'roles')],
    )
    params = module.params
    bad = [role for role in params['role_ids'] or [] if role <= 0]
    if bad:
        module.fail_json(msg='role_ids must be positive integers, got %s' % ', '.join(str(b) for b in bad))
    if params['roles'] is not None:
        if any(not name.strip() for name in params['roles']):
            module.fail_json(msg='roles must name roles; got an empty name')
        params['roles'] = [name.strip() for name in params['roles']]
    for option in ('username', 'email'):
        if params[option] is not None:
            if not params[option].strip():
                module.fail_json(msg='%s must not be empty' % option)
            params[option] = params[option].strip()   # "bob " is bob, as in onelogin_user
    if params['user_id'] is not None and params['user_id'] <= 0:
        module.fail_json(msg='user_id must be a positive integer, got %s' % params['user_id'])
    client = onelogin_api.client_for(module)
    common.run(module, client, lambda: ensure_roles(module, client))


if __name__ == '__main__':
    main()
