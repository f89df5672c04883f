#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xiq_users
short_description: Manage many ExtremeCloud IQ users in one task
version_added: 1.0.0
description:
  - Make the local users of an ExtremeCloud IQ (XIQ) account match a list, in one task and one read of the directory.
  - Each entry of O(config) describes one user, with the options of M(accessops.identity.xiq_user); users are
    matched by O(config[].login_name), ignoring case.
  - Writes are the same as M(accessops.identity.xiq_user) sends - C(POST /users), C(PATCH /users/{id}) with only
    the fields that differ, C(DELETE /users/{id}) - sent O(concurrency) at a time.
author:
  - accessops.identity maintainers (@accessops)
options:
  config:
    description:
      - The users, one entry each. Options an entry leaves out are not managed (O(state=merged)) or reset
        (O(state=replaced), O(state=overridden)).
      - Not used with O(state=gathered).
    type: list
    elements: dict
    default: []
    suboptions:
      login_name:
        description: The user's login name (an e-mail address), the key of the entry.
        type: str
        required: true
      display_name:
        description: The name XIQ shows. Needed to create the user.
        type: str
      user_role:
        description: The administrative role. Needed to create the user.
        type: str
        choices: [ADMINISTRATOR, OPERATOR, MONITOR, HELP_DESK, GUEST_MANAGEMENT, OBSERVER, INSTALLER, APPLICATION_OPERATOR]
      idle_timeout:
        description: Minutes of inactivity before the session ends, 5 to 240. V(30) when a new user leaves it out.
        type: int
      location_ids:
        description: Ids of the locations the user may manage, compared as a set.
        type: list
        elements: int
      access_scope:
        description: V(viq) (the whole VIQ) or V(site) (only the authorised sites).
        type: str
        choices: [viq, site]
      viq_access_control:
        description: What a site-scope user may do with global resources.
        type: str
        choices: [read_write, read_only]
extends_documentation_fragment:
  - accessops.identity.bulk
  - accessops.identity.xiq
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.XIQ_GROUP
notes:
  - With O(state=replaced) and O(state=overridden), an entry that leaves an option out resets it -
    O(config[].location_ids) to V([]), O(config[].access_scope) to V(viq), O(config[].viq_access_control) to
    V(read_write) and O(config[].idle_timeout) to V(30). O(config[].display_name) and O(config[].user_role) are
    required by XIQ and stay as they are.
  - A run that would delete someone reads C(GET /users/me) to keep the account the credentials belong to, in
    O(state=deleted) too.
  - Privileged accounts are those with O(config[].user_role=ADMINISTRATOR); O(state=overridden) keeps an unlisted
    one unless O(delete_privileged=true).
  - XIQ offers no server-side filter on C(GET /users), so the directory is read 100 users a page (the most it
    gives), C(ceil(users / 100)) requests plus the login when O(api_username) is used.
seealso:
  - module: accessops.identity.xiq_user
    description: One user, with renames by id.
  - module: accessops.identity.xiq_user_info
    description: Read users without the bulk module's config form.
'''

EXAMPLES = r'''
- name: The operators team, exactly as listed; users not listed are left alone
  accessops.identity.xiq_users:
    state: replaced
    config:
      - login_name: alice@example.com
        display_name: Alice Example
        user_role: OPERATOR
        location_ids: [101, 102]
        access_scope: site
      - login_name: bob@example.com
        display_name: Bob Example
        user_role: MONITOR

- name: Read every user in the form config takes
  accessops.identity.xiq_users:
    state: gathered
  register: xiq_directory

- name: The directory is exactly the list in users.yml; everybody else is removed
  accessops.identity.xiq_users:
    state: overridden
    delete_unlisted: true
    concurrency: 8
    config: "{{ lookup('ansible.builtin.file', 'users.yml') | from_yaml }}"

- name: Leavers
  accessops.identity.xiq_users:
    state: deleted
    config:
      - login_name: carol@example.com
      - login_name: dave@example.com
'''

RETURN = r'''
users:
  description:
    - One entry per user the run considered (the listed ones, and for O(state=overridden) every other one).
    - C(result) is V(created), V(updated), V(deleted), V(unchanged), V(kept) (a user the run leaves alone, being in
      O(protected), the caller's own account, or an unlisted privileged one; with C(reason)), V(failed) (with C(msg)) or V(not attempted) (not started
      because another write failed). In check mode, what the run would do.
    - C(changed) names the options an update sets.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
    - login_name: alice@example.com
      id: 1001
      result: updated
      changed: [user_role]
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
  description: Every user, in the form O(config) takes.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - login_name: alice@example.com
      display_name: Alice Example
      user_role: OPERATOR
      idle_timeout: 30
      location_ids: [101, 102]
      access_scope: site
      viq_access_control: read_write
'''

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, xiq, xiq_api


def main():
    module = xiq_api.new_module(xiq_api.argument_spec(**bulk.bulk_options(xiq.USER.entry_options())))
    client = xiq_api.client_for(module)
    common.run(module, client, lambda: bulk.reconcile_directory(module, client, xiq.XiqUsers(module, client)))


if __name__ == '__main__':
    main()
