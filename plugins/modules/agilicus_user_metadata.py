#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_user_metadata
short_description: Manage metadata entries of an Agilicus user
version_added: 1.0.0
description:
  - Create, replace and delete one metadata entry (C(/v1/user_metadata)) of a user in O(org_id), found by
    O(data_type), O(app_id) and O(name), or by O(id).
  - An update replaces the entry (C(PUT)) with the live one merged with your options. With O(id), a different
    O(data_type), O(app_id) or O(name) is changed too; an entry of another user than the one named is refused.
  - To set one entry for every user of the organisation at once, use M(accessops.identity.agilicus_user_metadata_bulk).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Id of the metadata entry.
    type: str
  data_type:
    description: What kind of data the entry holds. Part of the key.
    type: str
    choices: [mfa_enrollment_expiry, user_app_data, user_org_data, json]
  app_id:
    description: The application the entry belongs to, if any. Part of the key.
    type: str
  name:
    description: Name of the entry. Part of the key.
    type: str
  data:
    description: The entry's data, a string (JSON text for O(data_type=json)). Required to create an entry.
    type: str
  state:
    description: V(present) creates or replaces the entry, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.agilicus_user_ref
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.AGILICUS_GROUP
'''

EXAMPLES = r'''
- name: Alice must enrol in MFA by the end of the year
  accessops.identity.agilicus_user_metadata:
    email: alice@example.com
    data_type: mfa_enrollment_expiry
    data: "2026-12-31T23:59:59Z"
'''

RETURN = r'''
user_metadata:
  description: The entry as the API returns it; in check mode, the prediction. Empty when absent.
  returned: always
  type: dict
  sample:
    metadata: {id: md81}
    spec: {user_id: "1234", org_id: G99q3lasls29wsk, data_type: mfa_enrollment_expiry, data: "2026-12-31T23:59:59Z"}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, reconcile

RESOURCE = agilicus.USER_METADATA


def ensure_metadata(module, client):
    params = module.params
    user_id = agilicus.user_id_of(client, params)
    scope = {'user_id': user_id, 'org_id': params['org_id']}
    entries = agilicus.SpecResources(module, client, agilicus_api.USER_METADATA, RESOURCE, scope=scope,
                                     scope_matched=True, list_query=dict(scope, data_type=params['data_type']),
                                     get_query=scope, delete_query=scope)
    plan, entry = agilicus.ensure_spec_resource(module, entries, params['id'],
                                                before_create=lambda: agilicus.confirm_user(client, params))
    return reconcile.result(plan, entry, 'user_metadata', module._diff)


def argument_spec():
    return agilicus.per_user_argument_spec(RESOURCE)


def main():
    agilicus.run_per_user_module(argument_spec(), RESOURCE, ensure_metadata)


if __name__ == '__main__':
    main()
