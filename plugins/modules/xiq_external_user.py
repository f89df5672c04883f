#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xiq_external_user
short_description: Grant, update and revoke external access to an ExtremeCloud IQ account
version_added: 1.0.0
description:
  - Give a user of another XIQ account (an external user) access to this account, change the role and scope of
    that access, or revoke it.
  - The grant is found by O(login_name), compared case-insensitively, together with O(org_id) when given; or by O(id).
    A login granted in several organisations needs O(org_id) or O(id); the module lists the grants otherwise.
  - Granting sends C(POST /users/external); an update sends C(PATCH /users/external/{id}) with only the fields that
    differ, then reads the grant back (the update answers with no body); revoking sends C(DELETE /users/external/{id}).
author:
  - accessops.identity maintainers (@accessops)
options:
  login_name:
    description:
      - Login name (e-mail) of the external user. Required to grant access.
      - It cannot be changed on an existing grant; revoke and grant again instead.
    type: str
  id:
    description:
      - Id of the external-user grant.
    type: int
  org_id:
    description:
      - The HIQ organisation id, for an account with HIQ (hierarchical) organisations; leave it out otherwise.
      - Part of the natural key together with O(login_name).
    type: int
  state:
    description:
      - V(present) grants or updates the access, V(absent) revokes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.xiq
  - accessops.identity.xiq_access
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.XIQ_GROUP
notes:
  - Granting needs O(login_name) and O(user_role).
'''

EXAMPLES = r'''
- name: The managed-service partner's engineer may monitor this account
  accessops.identity.xiq_external_user:
    api_url: https://api.extremecloudiq.com
    api_token: "{{ xiq_token }}"
    login_name: engineer@partner.example
    user_role: MONITOR
    access_scope: site
    location_ids: [101]

- name: Revoke the access
  accessops.identity.xiq_external_user:
    login_name: engineer@partner.example
    state: absent
'''

RETURN = r'''
external_user:
  description:
    - The grant as the API returns it (XiqExternalUser); in check mode, the prediction. Empty when absent.
  returned: always
  type: dict
  sample:
    id: 2001
    login_name: engineer@partner.example
    user_role: MONITOR
    org_id: null
    location_ids: [101]
    grantee_id: 5501
    access_scope: 1
    viq_access_control: 0
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, ensure, xiq, xiq_api


def main():
    module = xiq_api.new_module(
        xiq_api.argument_spec(
            id=dict(type='int'),
            org_id=dict(type='int'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **xiq.EXTERNAL_USER.argument_spec()
        ),
        required_one_of=[('login_name', 'id')],
    )
    client = xiq_api.client_for(module)
    grants = xiq.ExternalUsers(module, client)
    common.run(module, client, lambda: ensure.ensure(
        module, xiq.EXTERNAL_USER, grants, module.params, 'external_user', by_id=module.params['id']))


if __name__ == '__main__':
    main()
