#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_user
short_description: Manage Kestra users
version_added: 1.0.0
description:
  - Create, update and delete users of a Kestra Enterprise instance (the instance-wide, superadmin API
    C(/api/v1/users)), and remove their authentication methods or end their sessions.
  - The user is found by O(email), matched exactly and case-insensitively (Kestra's username is the e-mail), or by O(id).
  - Only the options you set are managed, and only the requests whose fields differ are sent - names and e-mail
    through C(PATCH /api/v1/users/{id}); O(tenants) and O(groups) through C(PUT /api/v1/users/{id}), a full replace,
    which carries every writable field of the live user (e-mail, names, tenants, groups, O(restricted) and the
    instance-owner flag as C(superAdmin); never the password) merged with your options, so nothing else is reset;
    O(restricted), O(instance_owner) and O(password) otherwise through their own C(PATCH) endpoints.
author:
  - accessops.identity maintainers (@accessops)
options:
  email:
    description:
      - The user's e-mail address, which is also their Kestra username. Required to create a user.
      - With O(id) set, a different O(email) changes the address.
    type: str
  id:
    description:
      - Id of the user.
    type: str
  first_name:
    description: First name.
    type: str
  last_name:
    description: Last name.
    type: str
  tenants:
    description:
      - Ids of the tenants the user may access. Compared as a set.
    type: list
    elements: str
  groups:
    description:
      - Ids of the user's groups, across tenants. Compared as a set. To manage the groups of one tenant,
        with append or remove, use M(accessops.identity.kestra_user_groups).
    type: list
    elements: str
  restricted:
    description:
      - Whether the user is restricted (C(PATCH /api/v1/users/{id}/restricted); the reference calls it "demo").
    type: bool
  instance_owner:
    description:
      - Whether the user is an instance owner (a superadmin). Sent as C(superAdmin) with a create or a full replace
        (C(PUT)), and otherwise, or when the answer does not show it, through C(PATCH /api/v1/users/{id}/superadmin).
      - C(super_admin) is the older name of the same flag; the module reads either from the server.
    type: bool
    aliases: [super_admin]
  password:
    description:
      - A password for basic authentication. Kestra never returns it, so whether it is sent is decided by
        O(update_password). Set through C(PATCH /api/v1/users/{id}/password) on an existing user.
    type: str
  remove_auths:
    description:
      - Authentication methods to take away from the user, by id, name or type (for example V(PASSWORD)), through
        C(DELETE /api/v1/users/{id}/auths/{auth}). Only methods the user has are removed, so a second run changes nothing.
    type: list
    elements: str
  revoke_sessions:
    description:
      - Revoke the user's refresh token (C(DELETE /api/v1/users/{id}/refresh-token)), ending their sessions when their
        access token expires. Kestra does not say whether a session exists, so this always reports a change.
      - On the account the API credentials belong to, neither O(remove_auths) nor O(revoke_sessions) is carried out
        (the module warns), so that a leaver list naming the automation's own account cannot lock the automation out.
        Asking for either costs one C(GET /api/v1/me).
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it with all its access.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.kestra
  - accessops.identity.update_password
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.KESTRA_GROUP
notes:
  - Impersonation (C(POST /api/v1/users/{id}/impersonate)) is deliberately not offered by any module; it returns a
    browser session cookie for acting as another user, which has no idempotent use in a playbook and would put a
    session credential into task results.
  - Creating a user answers 201 with no body in the reference and with the user in newer Kestra versions; with no
    body, the module reads the new user back by e-mail.
  - Kestra's names are text, never null. A create sends only the options you set that differ from Kestra's defaults
    (no names, no tenants or groups, not restricted, not an instance owner).
seealso:
  - module: accessops.identity.kestra_user_groups
  - module: accessops.identity.kestra_user_info
'''

EXAMPLES = r'''
- name: Alice can use the main and staging tenants
  accessops.identity.kestra_user:
    api_url: https://kestra.example.com
    api_token: "{{ kestra_admin_token }}"
    email: alice@example.com
    first_name: Alice
    last_name: Example
    tenants: [main, staging]
    password: "{{ alice_initial_password }}"

- name: Offboard Bob now - no password login, sessions ended - and delete him later
  accessops.identity.kestra_user:
    email: bob@example.com
    remove_auths: [PASSWORD]
    revoke_sessions: true

- name: Delete Bob
  accessops.identity.kestra_user:
    email: bob@example.com
    state: absent
'''

RETURN = r'''
user:
  description:
    - The user (C(ApiUser)) after the change; in check mode, as predicted. Empty when absent. Never a password.
  returned: always
  type: dict
  sample:
    id: 5fGh7Kq
    username: alice@example.com
    email: alice@example.com
    firstName: Alice
    lastName: Example
    tenants: [{id: main, name: main}]
    groups: [{id: 3Xs9, tenantId: main}]
    restricted: false
    instanceOwner: false
    auths: [{id: a1, name: password, type: PASSWORD}]
actions:
  description: The one-off actions run (or, in check mode, that would run), such as C(revoke_sessions).
  returned: always
  type: list
  elements: str
  sample: [revoke_sessions]
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, ensure, kestra, kestra_api, reconcile


def ensure_user(module, client):
    """The declared user's plan, carried out (or predicted in check mode); then the one-off actions."""
    params = module.params
    values = kestra.USER.normalised(dict((name, params[name]) for name in kestra.USER.by_name))
    users = kestra.KestraUsers(module, client)
    current = ensure.find(kestra.USER, users, values, params['id'], params['state'])
    plan = ensure.plan(kestra.USER, current, values, params['state'], by_id=params['id'],
                       update_password=params['update_password'])
    removed = auths_to_remove(current, params['remove_auths'])   # none with state=absent: main refuses both
    actions = [('remove_auths', lambda user: remove_auths(client, user, removed))] if removed else []
    if params['revoke_sessions']:
        actions.append(('revoke_sessions', lambda user: kestra_api.revoke_user_sessions(client, user['id']) and None))
    if actions and current is not None and current.get('id') in users.protected():   # the caller's own account
        # cutting the caller's own logins or sessions would stop this run and every later one
        module.warn('%s is the account the API credentials belong to: %s left undone'
                    % (current.get('email'), ' and '.join(name for name, act in actions)))
        actions, removed = [], []
    user = ensure.carry_out(kestra.USER, plan, users, module.check_mode, actions)
    if removed:
        labels = [auth_label(a) for a in current.get('auths') or []]
        plan.diff['before']['auths'] = labels
        plan.diff['after']['auths'] = [label for label in labels if label not in map(auth_label, removed)]
    return reconcile.result(plan, user, 'user', module._diff, actions=[name for name, act in actions])


def remove_auths(client, user, removed):
    """The user once each of the ``removed`` auth methods is gone."""
    for auth in removed:
        user = kestra.comparable_user(kestra_api.delete_user_auth(client, user['id'], auth['id'], fallback=user))
    return user


def auth_label(auth):
    return '%s (%s)' % (auth.get('name') or auth.get('id'), auth.get('type'))


def auths_to_remove(user, names):
    """The user's auth methods named (by id, name or type) in ``remove_auths``."""
    if not user or not names:
        return []
    wanted = set(names)
    return [a for a in user.get('auths') or [] if wanted & set([a.get('id'), a.get('name'), a.get('type')])]


def main():
    module = kestra_api.new_module(
        kestra_api.argument_spec(
            id=dict(type='str'),
            update_password=common.update_password_option(),
            remove_auths=dict(type='list', elements='str'),
            revoke_sessions=dict(type='bool', default=False),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **kestra.user_argument_spec()
        ),
        required_one_of=[('email', 'id')],
    )
    params = module.params
    if params['state'] == 'absent' and (params['remove_auths'] or params['revoke_sessions']):
        module.fail_json(msg='remove_auths and revoke_sessions act on an existing user; deleting it removes both')
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: ensure_user(module, client))


if __name__ == '__main__':
    main()
