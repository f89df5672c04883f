#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: onelogin_user
short_description: Manage OneLogin users
version_added: 1.0.0
description:
  - Create, update and delete OneLogin users, set their account state, password, lock them, and end their sessions.
  - The user is found by O(id), else by O(username), else by O(email); the lookup uses the list filter and an exact,
    case-insensitive match. When O(username) is the key, O(email) is a field to manage, and the other way round.
  - O(username) and O(email) are stripped of surrounding spaces (one that is empty or only spaces is refused), so
    V(bob) written with a trailing space is still the user V(bob).
  - The diff names the options and their words (O(user_state=approved)), not the API's fields and codes.
  - Only the options you set are managed. An update sends C(PUT /api/1/users/{id}) with just the fields that differ,
    and each other change through its own endpoint (C(set_state), C(set_password_*), C(lock_user), C(logout)), so
    nothing is sent when nothing differs.
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description:
      - Id of the user.
    type: int
  username:
    description:
      - The user's username. The natural key, unless O(id) is given.
    type: str
  email:
    description:
      - The user's e-mail address. The natural key when neither O(id) nor O(username) is given.
    type: str
  firstname:
    description: First name.
    type: str
  lastname:
    description: Last name.
    type: str
  title:
    description: Job title.
    type: str
  department:
    description: Department.
    type: str
  company:
    description: Company.
    type: str
  comment:
    description: A free-text comment.
    type: str
  group_id:
    description: Id of the group the user belongs to.
    type: int
  phone:
    description: Phone number, in E.164 format.
    type: str
  directory_id:
    description: Id of the directory the user belongs to.
    type: int
  trusted_idp_id:
    description: Id of the trusted identity provider.
    type: int
  manager_ad_id:
    description: Active Directory id of the user's manager.
    type: str
  manager_user_id:
    description: OneLogin user id of the user's manager (a string in the API).
    type: str
  samaccountname:
    description: Active Directory login name.
    type: str
  member_of:
    description: Directory group membership (distinguished names).
    type: str
  userprincipalname:
    description: Active Directory user principal name.
    type: str
  distinguished_name:
    description: Directory distinguished name.
    type: str
  external_id:
    description: An identifier of the user in another system.
    type: str
  preferred_locale_code:
    description: Preferred locale, for example V(en) or V(de).
    type: str
  custom_attributes:
    description:
      - Values of custom user fields, by short name (see M(accessops.identity.onelogin_user_info) with
        O(accessops.identity.onelogin_user_info#module:custom_attribute_names=true)).
      - Only the named attributes are managed; others keep their values.
    type: dict
  user_state:
    description:
      - The account state, set through C(PUT /api/1/users/{id}/set_state) when it differs.
      - V(unapproved) is API value 0, V(approved) 1, V(rejected) 2, V(unlicensed) 3.
    type: str
    choices: [unapproved, approved, rejected, unlicensed]
  status:
    description:
      - The account's status, sent in C(PUT /api/1/users/{id}) when it differs. V(suspended) stops sign-in and keeps
        the account, for a leaver in a grace period; V(active) lifts it.
      - V(unactivated) is API value 0, V(active) 1, V(suspended) 2, V(locked) 3, V(password_expired) 4,
        V(awaiting_password_reset) 5, V(password_pending) 7, V(security_questions_required) 8.
    type: str
    choices: [unactivated, active, suspended, locked, password_expired, awaiting_password_reset, password_pending,
            security_questions_required]
  password:
    description:
      - The user's password. OneLogin never returns it, so whether it is sent is decided by O(update_password).
      - Without O(password_salt) it is sent as clear text (C(set_password_clear_text)). With O(password_salt), only
        its salted SHA-256 digest leaves this host (C(set_password_using_salt)).
    type: str
  password_salt:
    description:
      - A salt of up to 40 characters. When given, the module hashes O(password) with it
        (SHA-256 of salt followed by password, lower-case hex) and sends the digest instead of the password.
    type: str
  password_algorithm:
    description:
      - The hashing scheme used with O(password_salt); OneLogin supports only V(salt+sha256).
    type: str
    choices: ['salt+sha256']
    default: 'salt+sha256'
  validate_policy:
    description:
      - Check the password (and, on create and update, the user) against the user policy.
    type: bool
  mappings:
    description:
      - When OneLogin applies its role and group mappings after a create or update. V(sync) applies them before
        answering, V(async) (the service's default) afterwards, V(disabled) not at all.
    type: str
    choices: [async, sync, disabled]
  locked_until:
    description:
      - Lock the account for this many minutes (C(PUT /api/1/users/{id}/lock_user)); V(0) locks it for the period of
        the user policy, or until unlocked when no policy applies.
      - This is an action, not a state OneLogin reports back; whenever it is set the module locks and reports a change.
    type: int
  logout:
    description:
      - End all of the user's sessions (C(PUT /api/1/users/{id}/logout)). Always reports a change.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.onelogin
  - accessops.identity.update_password
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.ONELOGIN_GROUP
notes:
  - A user created without a password gets status 7 (password pending); OneLogin sends no invitation e-mail
    through the API.
  - O(user_state) is compared with the user's C(state); the read-only C(status) (active, locked, password pending, ...)
    is never managed.
  - With O(mappings=async), OneLogin may change roles and groups after the task; manage roles with
    M(accessops.identity.onelogin_user_role).
seealso:
  - module: accessops.identity.onelogin_user_role
  - module: accessops.identity.onelogin_user_info
'''

EXAMPLES = r'''
- name: Alice exists, is approved, and her cost centre is set
  accessops.identity.onelogin_user:
    username: alice
    email: alice@example.com
    firstname: Alice
    lastname: Example
    department: Engineering
    custom_attributes:
      cost_center: "4711"
    user_state: approved
    password: "{{ alice_initial_password }}"
    password_salt: "{{ 99999999 | random | string }}"

- name: A leaver - lock the account and end every session now, delete it later
  accessops.identity.onelogin_user:
    username: bob
    locked_until: 0
    logout: true

- name: Delete the account
  accessops.identity.onelogin_user:
    username: bob
    state: absent
'''

RETURN = r'''
user:
  description:
    - The user as the API returns it after the changes (in check mode, as predicted); empty when absent.
    - Passwords are never returned.
  returned: always
  type: dict
  sample:
    id: 4711
    username: alice
    email: alice@example.com
    firstname: Alice
    lastname: Example
    state: 1
    status: 1
    custom_attributes:
      cost_center: "4711"
actions:
  description: The one-off actions the task ran (or, in check mode, would run).
  returned: always
  type: list
  elements: str
  sample: [lock, logout]
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, ensure, onelogin, onelogin_api, reconcile


def requested_actions(client, params):
    """The one-off actions the task asks for, as ``(name, act)`` for ``ensure.carry_out``."""
    actions = []
    if params['locked_until'] is not None:
        actions.append(('lock', lambda user: onelogin_api.lock_user(client, user['id'], params['locked_until'])))
    if params['logout']:
        actions.append(('logout', lambda user: onelogin_api.logout_user(client, user['id'])))
    return actions


def key_of(params):
    """The key the user is found and created by: its username, unless only its e-mail is given."""
    return 'email' if params['id'] is None and params['username'] is None else 'username'


def ensure_user(module, client):
    params = module.params
    resource = onelogin.USERS[key_of(params)]
    users = onelogin.OneLoginUsers(module, client, resource.key)
    values = resource.normalised(dict((option.name, params[option.name]) for option in resource.options))
    current = ensure.find(resource, users, values, params['id'], params['state'])
    plan = ensure.plan(resource, current, values, params['state'], params['id'], params['update_password'])
    actions = requested_actions(client, params)
    user = ensure.carry_out(resource, plan, users, module.check_mode, actions)
    return reconcile.result(plan, user, 'user', module._diff, actions=[name for name, act in actions])


def main():
    module = onelogin_api.new_module(
        onelogin_api.argument_spec(
            id=dict(type='int'),
            update_password=common.update_password_option(),
            password_salt=dict(type='str', no_log=False),
            password_algorithm=dict(type='str', choices=['salt+sha256'], default='salt+sha256', no_log=False),
            validate_policy=dict(type='bool'),
            mappings=dict(type='str', choices=['async', 'sync', 'disabled']),
            locked_until=dict(type='int'),
            logout=dict(type='bool', default=False),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **onelogin.USER.argument_spec()
        ),
        required_one_of=[('id', 'username', 'email')],
    )
    params = module.params
    if params['password'] is not None and not params['password'].strip():
        module.fail_json(msg='password must not be empty')
    if params['password_salt'] is not None and len(params['password_salt']) > 40:
        module.fail_json(msg='password_salt may be at most 40 characters long')
    if params['locked_until'] is not None and params['locked_until'] < 0:
        module.fail_json(msg='locked_until must be 0 or a positive number of minutes, got %s' % params['locked_until'])
    if params['state'] == 'absent' and (params['locked_until'] is not None or params['logout']):
        module.fail_json(msg='locked_until and logout act on an existing user; they cannot be combined with state=absent')
    if params['password'] and params['password_salt'] is not None:
        # the digest stands for the password: keep it out of output like the password itself
        common.hide_secret(module, onelogin.salted_sha256(params['password'], params['password_salt']))
    client = onelogin_api.client_for(module)
    common.run(module, client, lambda: ensure_user(module, client))


if __name__ == '__main__':
    main()
