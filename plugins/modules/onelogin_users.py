#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: onelogin_users
short_description: Manage many OneLogin users in one task
version_added: 1.0.0
description:
  - Make the users of a OneLogin account match a list, in one task and one read of the directory.
  - Each entry of O(config) describes one user, with the options of M(accessops.identity.onelogin_user); users are
    matched by O(match_by), ignoring case.
  - Writes are the ones M(accessops.identity.onelogin_user) sends, O(concurrency) at a time.
author:
  - accessops.identity maintainers (@accessops)
options:
  match_by:
    description:
      - Which option of an entry names the user. Every entry must set it; the other one is managed like any field.
    type: str
    choices: [username, email]
    default: username
  mappings:
    description:
      - How OneLogin applies its mappings after a create or update (the C(mappings) query parameter).
      - V(sync) makes the answer show their result; the service's default is V(async).
    type: str
    choices: [async, sync, disabled]
  validate_policy:
    description: Whether passwords and user fields are checked against the user policy on create and update.
    type: bool
  config:
    description:
      - The users, one entry each. Options an entry leaves out are not managed (O(state=merged)) or reset
        (O(state=replaced), O(state=overridden)).
      - Not used with O(state=gathered).
    type: list
    elements: dict
    default: []
    suboptions:
      username:
        description: The user's username; the key of the entry with O(match_by=username).
        type: str
      email:
        description: The user's e-mail address; the key of the entry with O(match_by=email).
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
        description: Id of the group the user is in.
        type: int
      phone:
        description: Phone number, E.164.
        type: str
      directory_id:
        description: Id of the directory the user comes from.
        type: int
      trusted_idp_id:
        description: Id of the trusted identity provider.
        type: int
      manager_ad_id:
        description: Active Directory id of the user's manager.
        type: str
      manager_user_id:
        description: OneLogin id of the user's manager.
        type: str
      samaccountname:
        description: Active Directory account name.
        type: str
      member_of:
        description: Active Directory group membership.
        type: str
      userprincipalname:
        description: Active Directory user principal name.
        type: str
      distinguished_name:
        description: Active Directory distinguished name.
        type: str
      external_id:
        description: An id of the user in another system.
        type: str
      preferred_locale_code:
        description: The user's locale, for example V(en).
        type: str
      custom_attributes:
        description: Custom attribute values; only the named attributes are managed.
        type: dict
      user_state:
        description: The account state, set through C(PUT /api/1/users/{id}/set_state).
        type: str
        choices: [unapproved, approved, rejected, unlicensed]
      status:
        description: The account's status; V(suspended) stops sign-in and keeps the account.
        type: str
        choices: [unactivated, active, suspended, locked, password_expired, awaiting_password_reset, password_pending,
                security_questions_required]
      password:
        description:
          - A clear-text password, sent on create, and on update only with O(update_password=always).
          - Salted passwords are set with M(accessops.identity.onelogin_user).
        type: str
      role_ids:
        version_added: 1.0.0
        description:
          - Ids of the roles the user holds, as M(accessops.identity.onelogin_user_role) O(accessops.identity.onelogin_user_role#module:role_ids)
            takes them; the user holds exactly these and those of O(config[].roles), unless O(config[].append_roles=true).
          - Left out together with O(config[].roles), the user's roles are not managed.
          - An id no role of the account has fails before any write, naming the entry, in check mode too.
        type: list
        elements: int
      roles:
        version_added: 1.0.0
        description:
          - Names of roles, as O(config[].role_ids) but by name, matched exactly, ignoring case and surrounding spaces
            (the entry's and the account's), against the account's roles (C(GET /api/2/roles), read once a run).
          - A name no role has, or one several roles share, fails before any write, naming the entry.
        type: list
        elements: str
      append_roles:
        version_added: 1.0.0
        description:
          - Add O(config[].role_ids) and O(config[].roles) to the user's roles instead of making the set exactly those.
        type: bool
        default: false
extends_documentation_fragment:
  - accessops.identity.bulk
  - accessops.identity.update_password.BULK
  - accessops.identity.onelogin
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.ONELOGIN_GROUP
notes:
  - The directory is C(GET /api/1/users), 100 users a page (the most it gives), following the cursor; OneLogin
    allows 5,000 calls an hour per account, so 10,000 users read in 100 calls.
  - With O(state=replaced) and O(state=overridden), an entry that leaves an option out resets O(config[].firstname),
    O(config[].lastname), O(config[].title), O(config[].department), O(config[].company), O(config[].comment),
    O(config[].phone), O(config[].manager_user_id) and O(config[].preferred_locale_code) to the empty string (the
    user schema of C(PUT /api/1/users/{id}) allows a string there, never null); fields that come from a directory,
    the ids, custom attributes and the account state are left as they are. A user these states create is sent only
    what its entry sets.
  - Usernames and e-mail addresses are stripped of surrounding spaces and compared ignoring case, so V(bob) written
    with a trailing space is still the user V(bob); one that is empty or only spaces is refused before any request.
  - Roles are read role by role, never user by user - C(GET /api/2/roles) once, then
    C(GET /api/2/roles/{id}/users) for every role of the account (100 members a page); when every entry sets
    O(config[].append_roles=true), only the named roles. A change is C(PUT /api/1/users/{id}/add_roles) then
    C(PUT /api/1/users/{id}/remove_roles) (adds first). Roles of users that are protected, kept, deleted or not listed are
    never changed; the diff and C(changed) call them C(role_ids).
  - OneLogin API credentials belong to an API client, not to a user, so no account is the caller's own. OneLogin
    grants administrator rights through privileges, which the users API does not show, so no account counts as
    privileged here; list administrators in O(protected).
seealso:
  - module: accessops.identity.onelogin_user
    description: One user, with lock, logout and salted passwords.
'''

EXAMPLES = r'''
- name: Sales team, created or updated; other users untouched
  accessops.identity.onelogin_users:
    mappings: sync
    config:
      - username: alice
        email: alice@example.com
        firstname: Alice
        department: Sales
      - username: bob
        email: bob@example.com
        department: Sales

- name: Match by e-mail and remove leavers
  accessops.identity.onelogin_users:
    match_by: email
    state: deleted
    config:
      - email: carol@example.com
'''

RETURN = r'''
users:
  description:
    - One entry per user the run considered (the listed ones, and for O(state=overridden) every other one).
    - C(result) is V(created), V(updated), V(deleted), V(unchanged), V(kept) (a user the run leaves alone, being in
      O(protected) or the caller's own account; with C(reason)), V(failed) (with C(msg)) or V(not attempted)
      (not started because another write failed). In check mode, what the run would do.
    - C(changed) names the options an update sets (memberships included, under the diff's name for them).
    - C(memberships_kept) says why the user's memberships were left as they are (the caller's own rights).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
    - username: alice
      id: 4711
      result: updated
      changed: [department]
summary:
  description: How many users ended in each C(result), and C(total).
  returned: unless O(state=gathered)
  type: dict
  sample: {created: 1, updated: 2, deleted: 0, unchanged: 9997, kept: 0, failed: 0, not attempted: 0, total: 10000}
unlisted:
  description: The key of every user the directory holds that O(config) does not list and O(protected) does not name, sorted.
  returned: with O(report_unlisted=true)
  type: list
  elements: str
unlisted_names:
  description:
    - For each key in RV(unlisted), every name O(protected) may give that user (on OneLogin its username and its
      e-mail), so that a caller can tell whose account it is.
  returned: with O(report_unlisted=true)
  type: dict
  version_added: 1.0.0
would_delete:
  description:
    - When a deletion limit (O(max_deletions), O(max_deletion_percent)) refused the run, the key of every user it
      would have deleted. Nothing was changed.
  returned: when a deletion limit refused the run
  type: list
  elements: str
gathered:
  description: Every user, in the form O(config) takes (without passwords, which OneLogin never returns).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - username: alice
      email: alice@example.com
      firstname: Alice
      department: Sales
      custom_attributes: {cost_center: "4711"}
      user_state: approved
'''

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, onelogin, onelogin_api


def main():
    options = bulk.bulk_options(onelogin.entry_options(), passwords=True)
    options.update(
        match_by=dict(type='str', choices=list(onelogin.USERS), default='username'),
        mappings=dict(type='str', choices=['async', 'sync', 'disabled']),
        validate_policy=dict(type='bool'),
    )
    module = onelogin_api.new_module(onelogin_api.argument_spec(**options))
    client = onelogin_api.client_for(module)
    common.run(module, client, lambda: bulk.reconcile_directory(module, client, onelogin.OneLoginUsers(module, client)))


if __name__ == '__main__':
    main()
