#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xiq_external_user_info
short_description: Read the external users of an ExtremeCloud IQ account
version_added: 1.0.0
description:
  - List every external-user grant of the account (every page, 100 a request), or read one by O(id), or the grants
    of a O(login_name) (optionally in one O(org_id)).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description:
      - Read only the grant with this id (C(GET /users/external/{id})). An unknown id returns an empty list.
    type: int
  login_name:
    description:
      - Read only the grants of this login name, compared case-insensitively.
    type: str
  org_id:
    description:
      - Read only the grants for this HIQ organisation.
    type: int
extends_documentation_fragment:
  - accessops.identity.xiq
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.XIQ_GROUP
'''

EXAMPLES = r'''
- name: Every external user
  accessops.identity.xiq_external_user_info:
  register: external

- name: The grants of one partner engineer
  accessops.identity.xiq_external_user_info:
    login_name: engineer@partner.example
  register: engineer
'''

RETURN = r'''
external_users:
  description: The grants (XiqExternalUser) that match, as the API returns them; empty when none does.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2001
      login_name: engineer@partner.example
      user_role: MONITOR
      org_id: null
      location_ids: [101]
      grantee_id: 5501
      access_scope: 1
      viq_access_control: 0
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, xiq, xiq_api


def main():
    module = xiq_api.new_module(
        xiq_api.argument_spec(
            id=dict(type='int'),
            login_name=dict(type='str'),
            org_id=dict(type='int'),
        ),
        mutually_exclusive=[('id', 'login_name'), ('id', 'org_id')],
    )
    params = module.params
    client = xiq_api.client_for(module)
    common.run(module, client, lambda: dict(changed=False, external_users=xiq.select_external_users(
        client, params['id'], params['login_name'], params['org_id'])))


if __name__ == '__main__':
    main()
