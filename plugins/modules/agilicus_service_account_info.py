#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_service_account_info
short_description: Read the service accounts of an Agilicus organisation
version_added: 1.0.0
description:
  - List the service accounts of O(org_id) (C(GET /v1/service_accounts), at the largest C(limit), 500), or read one
    by O(id), by O(name), or by the id of its user (O(user_id)).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Read only this service account. An unknown id returns an empty list.
    type: str
  name:
    description: Only service accounts with this name.
    type: str
  user_id:
    description: Only the service account whose user has this id (the C(status.user.id) of a service account).
    type: str
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.AGILICUS_GROUP
'''

EXAMPLES = r'''
- name: All service accounts
  accessops.identity.agilicus_service_account_info:
  register: accounts
'''

RETURN = r'''
service_accounts:
  description: The service accounts found, as the API returns them.
  returned: always
  type: list
  elements: dict
  sample: [{metadata: {id: Xk2mV7bq}, spec: {name: backup-robot, org_id: G99q3lasls29wsk, enabled: true}}]
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus_api, common


def read(module, client):
    params = module.params
    accounts = agilicus_api.SERVICE_ACCOUNTS
    if params['id']:
        found = accounts.get(client, params['id'], {'org_id': params['org_id']})
        return dict(changed=False, service_accounts=[found] if found else [])
    query = dict((k, params[k]) for k in ('org_id', 'user_id') if params[k])
    accounts = accounts.list(module, client, query)
    if params['name']:
        accounts = [a for a in accounts if (a.get('spec') or {}).get('name') == params['name']]
    return dict(changed=False, service_accounts=accounts)


def main():
    module = agilicus_api.new_module(
        agilicus_api.argument_spec(id=dict(type='str'), name=dict(type='str'), user_id=dict(type='str')),
        mutually_exclusive=[('id', 'name'), ('id', 'user_id')],
    )
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: read(module, client))


if __name__ == '__main__':
    main()
