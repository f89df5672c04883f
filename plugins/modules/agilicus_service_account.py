#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_service_account
short_description: Manage Agilicus service accounts
version_added: 1.0.0
description:
  - Create, update and delete service accounts of an Agilicus organisation.
  - A service account is found by O(name) within O(org_id), or by O(id).
  - Updates are a full replace (C(PUT /v1/service_accounts/{id})) of the live object merged with the options
    you set, so nothing you leave out is lost.
author:
  - accessops.identity maintainers (@accessops)
options:
  name:
    description:
      - Name of the service account, unique in its organisation. Required to create one.
      - With O(id) set, a different O(name) renames the service account.
    type: str
  id:
    description:
      - Id of the service account (C(metadata.id)).
    type: str
  enabled:
    description:
      - Whether the service account may be used.
    type: bool
  allowed_sub_orgs:
    description:
      - Ids of sub-organisations the service account may act in. Compared as a set.
    type: list
    elements: str
  state:
    description:
      - V(present) creates or updates the service account, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.AGILICUS_GROUP
notes:
  - The list of service accounts has no cursor; the module reads it with the largest C(limit) (500) and warns
    when an organisation has that many.
  - When a concurrent run creates the same service account first, Agilicus answers 409; the module then adopts
    that account and applies the options to it instead of failing.
'''

EXAMPLES = r'''
- name: A service account for the backup robot
  accessops.identity.agilicus_service_account:
    api_url: https://api.agilicus.com
    api_token: "{{ agilicus_token }}"
    org_id: G99q3lasls29wsk
    name: backup-robot
    enabled: true
    allowed_sub_orgs: []

- name: Disable it (connection from AGILICUS_API_URL, AGILICUS_API_TOKEN, AGILICUS_ORG_ID)
  accessops.identity.agilicus_service_account:
    name: backup-robot
    enabled: false

- name: Delete it
  accessops.identity.agilicus_service_account:
    name: backup-robot
    state: absent
'''

RETURN = r'''
service_account:
  description:
    - The service account as the API returns it (C(metadata), C(spec), C(status)); in check mode, the prediction.
    - Empty when it is absent.
  returned: always
  type: dict
  sample:
    metadata:
      id: Xk2mV7bq
      created: "2026-11-22T10:00:00Z"
    spec:
      name: backup-robot
      org_id: G99q3lasls29wsk
      enabled: true
      allowed_sub_orgs: []
    status:
      user:
        id: u8Hn2c
        type: service_account
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, common, reconcile

RESOURCE = agilicus.SERVICE_ACCOUNT
MAX_NAME = 100


def ensure_service_account(module, client):
    params = module.params
    org_id = params['org_id']
    scope = {'org_id': org_id}
    accounts = agilicus.SpecResources(module, client, agilicus_api.SERVICE_ACCOUNTS, RESOURCE, scope=scope,
                                      list_query=scope, get_query=scope, delete_query=scope)
    plan, account = agilicus.ensure_spec_resource(module, accounts, params['id'])
    return reconcile.result(plan, account, 'service_account', module._diff)


def argument_spec():
    return agilicus_api.argument_spec(
        id=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        **RESOURCE.argument_spec()
    )


def main():
    module = agilicus_api.new_module(argument_spec(), required_one_of=[('name', 'id')])
    if module.params['name'] is not None and len(module.params['name']) > MAX_NAME:
        module.fail_json(msg='name must be at most %d characters' % MAX_NAME)
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: ensure_service_account(module, client))


if __name__ == '__main__':
    main()
