#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_users
short_description: Manage many members of an Agilicus organisation in one task
version_added: 1.0.0
description:
  - Make the people of an Agilicus organisation match a list, in one task and one read of the directory.
  - Each entry of O(config) describes one user, with the options of M(accessops.identity.agilicus_user); users are
    matched by O(config[].email), ignoring case.
  - Writes are the ones M(accessops.identity.agilicus_user) sends, O(concurrency) at a time.
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
        description: The user's e-mail address, the key of the entry.
        type: str
        required: true
      first_name:
        description: The user's first name (changed through an identity update).
        type: str
      last_name:
        description: The user's last name (changed through an identity update).
        type: str
      external_id:
        description: An id of the user in another system, at most 100 characters.
        type: str
      status:
        description: The user's status in the organisation.
        type: str
        choices: [active, pending, disabled]
      disabled_at_time:
        description:
          - When the user's access ends, as an ISO 8601 date and time with a time zone, for example
            V(2027-01-31T18:00:00Z). Compared as the moment it names, so V(+00:00) and V(Z) are the same.
          - Leave it out to leave the live value as it is; it is not reset by O(state=replaced).
        type: str
      roles:
        version_added: 1.0.0
        description:
          - 'The user''s own (direct) roles per application, for example C({"wiki": ["editor"], "crm": ["viewer"]}), as
            M(accessops.identity.agilicus_user_role) takes them: each listed application''s roles become exactly these (an
            empty list removes them), unless O(config[].append_roles=true). Applications not listed keep their roles.'
          - Left out, the user's roles are not managed.
          - Surrounding spaces are removed from role names, and a name given (or listed by Agilicus) twice is one role;
            an empty name fails before any write.
        type: dict
      append_roles:
        version_added: 1.0.0
        description: Add O(config[].roles) to the user's roles instead of making each listed application's roles exactly these.
        type: bool
        default: false
extends_documentation_fragment:
  - accessops.identity.bulk
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.AGILICUS_GROUP
notes:
  - The directory is C(GET /users?org_id=...&type=user), keyset-paged 500 users a page (the most the API gives), so
    service accounts' users are never in it and never deleted by O(state=overridden).
  - With O(state=replaced) and O(state=overridden), an entry that leaves an option out resets it -
    O(config[].external_id) to the empty text and O(config[].status) to V(active). Names are left as they are, because an
    identity update cannot clear them. A user these states create is sent no empty value (no O(config[].external_id)).
  - O(state=deleted) and O(state=overridden) remove users from the organisation
    (C(DELETE /v1/orgs/{org_id}/users/{id})), as M(accessops.identity.agilicus_user) does.
  - The account the API token was issued to (the C(sub) of the bearer JWT) is never deleted. A token that is not
    a JWT does not say whose it is; then the run warns, and O(protected) is the way to keep that account.
  - Privileged accounts are members with the role V(admin) or V(owner) in any application (the listing's
    C(roles)); O(state=overridden) keeps an unlisted one unless O(delete_privileged=true).
  - Roles cost no read of their own - each user's direct roles come in the listing the run reads anyway (the
    C(roles) of the C(User) schema, the field C(GET /users/{id}) gives); a change is one C(PUT /users/{id}/roles)
    with the whole map. Roles of users that are protected, kept, deleted or not listed are never changed, and the
    account the API token belongs to never loses its own V(admin) or V(owner) roles (C(memberships_kept) in RV(users) says so).
seealso:
  - module: accessops.identity.agilicus_user
    description: One user, with MFA reset.
'''

EXAMPLES = r'''
- name: Members of the org, created or updated; other members untouched
  accessops.identity.agilicus_users:
    org_id: G99q3lasd
    config:
      - email: alice@example.com
        first_name: Alice
        last_name: Example
      - email: bob@example.com
        status: disabled

- name: Read every member in the form config takes
  accessops.identity.agilicus_users:
    state: gathered
  register: agilicus_directory
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
    - email: alice@example.com
      id: 7Rlq2pE0h3bKjX9aWmPz4c
      result: created
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
  description: Every member, in the form O(config) takes.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - email: alice@example.com
      first_name: Alice
      last_name: Example
      external_id: hr-1001
      status: active
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, bulk, common


def argument_spec():
    entry = agilicus.USER.entry_options()
    entry.update(agilicus.Roles.argument_spec)
    return agilicus_api.argument_spec(**bulk.bulk_options(entry))


def main():
    module = agilicus_api.new_module(argument_spec())
    try:
        for number, user in enumerate(module.params['config'] or [], 1):
            agilicus.check_user_values(user, where='config entry %d: ' % number)
    except common.InputError as err:
        module.fail_json(msg=str(err))
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: bulk.reconcile_directory(module, client, agilicus.AgilicusUsers(module, client)))


if __name__ == '__main__':
    main()
