#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_upstream_user_identity
short_description: Link an Agilicus user to their identity at an upstream identity provider
version_added: 0.1.0
description:
  - Create, replace and delete the link between a user and their account at an upstream identity provider
    (C(/users/{user_id}/upstream_user_identities)), found by O(upstream_idp_id) and O(upstream_user_id), or by O(id).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Id of the upstream identity.
    type: str
  upstream_idp_id:
    description: Id of the upstream identity provider. Part of the key.
    type: str
  upstream_user_id:
    description: The user's id at that provider. Part of the key.
    type: str
  attributes:
    description: Attributes of the upstream identity (C(UserAttributes)). Only the keys you set are compared.
    type: dict
  state:
    description: V(present) creates or replaces the link, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.agilicus_user_ref
  - accessops.identity.connection
  - accessops.identity.attributes
'''

EXAMPLES = r'''
- name: Alice signs in through the corporate Azure AD
  accessops.identity.agilicus_upstream_user_identity:
    email: alice@example.com
    upstream_idp_id: azure-ad-corp
    upstream_user_id: 7f3c2a9e-0000-4b1e-9a5d-1c2f3e4d5a6b
'''

RETURN = r'''
upstream_user_identity:
  description: The upstream identity as the API returns it; in check mode, the prediction. Empty when absent.
  returned: always
  type: dict
  sample:
    metadata: {id: sad934lsawql2}
    spec: {upstream_idp_id: azure-ad-corp, upstream_user_id: 1234-abcd, local_user_id: "1234"}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.paths import api_path
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

FIELDS = [Field('attributes', 'spec.attributes', kind=reconcile.SUBSET)]


def ensure_identity(module, client):
    params = module.params
    user_id = agilicus.user_id_of(client, params)
    kind = agilicus.SpecKind('upstream identity', api_path('/users/{}/upstream_user_identities', user_id),
                             'upstream_user_identities', 'upstream_user_identity')
    match = {} if params['id'] else {'upstream_idp_id': params['upstream_idp_id'],
                                     'upstream_user_id': params['upstream_user_id']}
    plan, identity = agilicus.ensure_spec_resource(
        module, client, kind, FIELDS, match, {'local_user_id': user_id}, list_query={},
        resource_id_wanted=params['id'],
        before_create=lambda: agilicus.confirm_user(client, params))
    return reconcile.result(plan, identity, kind.result_key, module._diff)


def main():
    agilicus.run_per_user_module(
        dict(
            id=dict(type='str'),
            upstream_idp_id=dict(type='str'),
            upstream_user_id=dict(type='str'),
            attributes=dict(type='dict'),
        ),
        'upstream_idp_id', ensure_identity,
        required_together=[('upstream_idp_id', 'upstream_user_id')])


if __name__ == '__main__':
    main()
