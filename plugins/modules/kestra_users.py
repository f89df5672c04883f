#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_users
short_description: Manage many Kestra users in one task
version_added: 1.0.0
description:
  - Make the users of a Kestra Enterprise instance match a list, in one task and one read of the directory.
  - Each entry of O(config) describes one user, with the options of M(accessops.identity.kestra_user); users are
    matched by O(config[].email), ignoring case.
  - Writes are the ones M(accessops.identity.kestra_user) sends, O(concurrency) at a time.
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
      email:
        description: The user's e-mail address (Kestra's username), the key of the entry.
        type: str
        required: true
      first_name:
        description: The user's first name.
        type: str
      last_name:
        description: The user's last name.
        type: str
      tenants:
        description: Ids of the tenants the user has access to, compared as a set.
        type: list
        elements: str
      groups:
        description:
          - Ids of the user's groups, in any tenant, compared as a set. A membership, like O(config[].tenant_group_ids);
            an entry that leaves it out leaves the groups alone, in every state (never reset).
        type: list
        elements: str
      restricted:
        description: Whether the user is restricted.
        type: bool
      instance_owner:
        description: Whether the user owns the instance (superadmin).
        type: bool
      password:
        description:
          - A password for basic-auth login; sent on create, and on update only with O(update_password=always).
        type: str
      tenant_group_ids:
        version_added: 1.0.0
        description:
          - 'The user''s groups per tenant, by id, for example C({"main": ["4kXp2", "9QwE1"]}), as
            M(accessops.identity.kestra_user_groups) takes them: in each listed tenant the user''s groups become exactly
            these (and those of O(config[].tenant_group_names)), unless O(config[].append_groups=true). Other tenants''
            groups are never touched.'
          - An id no group of its tenant has fails before any write, naming the entry, in check mode too.
          - Kestra refuses groups in a tenant the user has no access to. A tenant listed with groups (or whose groups
            the run would change) that is not among the user's tenants after the run - the entry's O(config[].tenants),
            else the live ones, else none for a new user - fails before any write, naming the entry, in check mode too.
          - Surrounding spaces are removed from tenants, ids and names.
          - Not with O(config[].groups), which sets the groups of every tenant at once.
        type: dict
      tenant_group_names:
        version_added: 1.0.0
        description:
          - As O(config[].tenant_group_ids), by group name, matched exactly (case included) against the tenant's groups,
            read once a tenant. A name no group has, or one several groups share, fails before any write.
        type: dict
      append_groups:
        version_added: 1.0.0
        description: Add the groups of O(config[].tenant_group_ids) and O(config[].tenant_group_names) instead of making each
          listed tenant's groups exactly those.
        type: bool
        default: false
extends_documentation_fragment:
  - accessops.identity.bulk
  - accessops.identity.update_password.BULK
  - accessops.identity.kestra
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.KESTRA_GROUP
notes:
  - With O(state=replaced) and O(state=overridden), an entry that leaves an option out resets it - names to
    the empty string (Kestra's names are text, never null), O(config[].tenants) to V([]),
    O(config[].restricted) to V(false). O(config[].instance_owner) is never reset; an owner is lowered only by an
    entry that says O(config[].instance_owner=false). Groups are memberships - O(config[].groups),
    O(config[].tenant_group_ids), O(config[].tenant_group_names) - and are never reset; an entry that names none
    leaves the user's groups alone, and one naming some tenants changes only those. A user that does not exist yet is created with only the
    options its entry sets; Kestra's defaults are those reset values.
  - Changing O(config[].tenants) or O(config[].groups) sends C(PUT /api/v1/users/{id}), a full replace, with every
    writable field of the live user (its names, O(config[].restricted), the instance-owner flag) merged with the
    entry, so nothing else is reset; the user is read whole first (C(GET /api/v1/users/{id})).
  - The listing (C(GET /api/v1/users), 500 users a page) holds summaries - e-mail, tenants and the instance-owner
    flag. Managing O(config[].first_name), O(config[].last_name), O(config[].groups) or O(config[].restricted)
    costs one C(GET /api/v1/users/{id}) for each listed user that exists, made O(concurrency) at a time, because
    no Kestra listing returns them. So does O(state=gathered), for every user.
  - Groups per tenant cost no read a user of their own - they come in the C(GET /api/v1/users/{id}) the run makes
    for each listed user whose entry names them (or names, or C(restricted)); a tenant's groups
    (C(GET /api/v1/{tenant}/groups/search)) are read once when names are given or an id is added. A change is one
    C(PUT /api/v1/{tenant}/users/{id}/groups) a tenant. The account the credentials belong to never loses a group,
    nor a tenant, by any option (C(memberships_kept) in RV(users) says so; that costs a C(GET /api/v1/me), only when
    some would be taken away).
    Groups of users that are protected, kept, deleted or not listed are never changed.
  - A run that would delete someone reads C(GET /api/v1/me) to keep the account the credentials belong to, in
    O(state=deleted) too.
  - Privileged accounts are instance owners (C(superAdmin)); O(state=overridden) keeps an unlisted one unless
    O(delete_privileged=true).
seealso:
  - module: accessops.identity.kestra_user
    description: One user, with auth-method removal and session revocation.
'''

EXAMPLES = r'''
- name: Data team users, created or updated; other users untouched
  accessops.identity.kestra_users:
    tenant: main
    config:
      - email: alice@example.com
        first_name: Alice
        tenants: [main]
      - email: bob@example.com
        tenants: [main, staging]

- name: The instance has exactly these users (the caller's own account is kept)
  accessops.identity.kestra_users:
    state: overridden
    delete_unlisted: true
    config: "{{ kestra_people }}"

- name: Read every user in the form config takes
  accessops.identity.kestra_users:
    state: gathered
  register: kestra_directory
'''

RETURN = r'''
users:
  description:
    - One entry per user the run considered (the listed ones, and for O(state=overridden) every other one).
    - C(result) is V(created), V(updated), V(deleted), V(unchanged), V(kept) (a user the run leaves alone, being in
      O(protected), the caller's own account, or an unlisted privileged one; with C(reason)), V(failed) (with C(msg)) or V(not attempted) (not started
      because another write failed). In check mode, what the run would do.
    - C(changed) names the options an update sets (memberships included, under the diff's name for them).
    - C(memberships_kept) says why the user's memberships were left as they are (the caller's own rights).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
    - email: alice@example.com
      id: 5d3c0a1b0001
      result: updated
      changed: [tenants]
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
  description: Every user, in the form O(config) takes (without passwords, which Kestra never returns).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - email: alice@example.com
      first_name: Alice
      last_name: Example
      tenants: [main]
      groups: []
      restricted: false
      instance_owner: false
'''

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, kestra, kestra_api


def main():
    entry = kestra.USER.entry_options()
    entry.update(kestra.TenantGroups.argument_spec)
    module = kestra_api.new_module(kestra_api.argument_spec(**bulk.bulk_options(entry, passwords=True)))
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: bulk.reconcile_directory(module, client, kestra.KestraUsers(module, client)))


if __name__ == '__main__':
    main()
