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
version_added: 1.0.0
description:
  - Create, replace and delete the link between a user and their account at an upstream identity provider
    (C(/users/{user_id}/upstream_user_identities)), found by O(upstream_idp_id) and O(upstream_user_id), or by O(id).
  - An update replaces the link (C(PUT)) with the live one merged with your options. With O(id), a different
    O(upstream_idp_id) or O(upstream_user_id) is changed too.
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Id of the upstream identity.
    type: str
  upstream_idp_id:
    description:
      - Id of the upstream identity provider. Part of the key, with O(upstream_user_id); the two go together
        unless O(id) is set.
      - With O(id) set, a different O(upstream_idp_id) changes the link.
    type: str
  upstream_user_id:
    description:
      - The user's id at that provider. Part of the key, with O(upstream_idp_id).
      - With O(id) set, a different O(upstream_user_id) changes the link.
    type: str
  attributes:
    description:
      - Attributes of the upstream identity, in the API's C(UserAttributes) form - an object whose only key,
        C(attributes), lists objects with a C(name) and a C(value). Another shape is refused before any request.
      - Compared as a whole when set; left as it is when not set.
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
  - accessops.identity.attributes.AGILICUS_GROUP
'''

EXAMPLES = r'''
- name: Alice signs in through the corporate Azure AD
  accessops.identity.agilicus_upstream_user_identity:
    email: alice@example.com
    upstream_idp_id: azure-ad-corp
    upstream_user_id: 7f3c2a9e-0000-4b1e-9a5d-1c2f3e4d5a6b
    attributes:
      attributes:
        - name: department
          value: Engineering

- name: The link now points at her new account there (found by its id)
  accessops.identity.agilicus_upstream_user_identity:
    email: alice@example.com
    id: sad934lsawql2
    upstream_user_id: 0d1e2f3a-0000-4c5d-8e9f-a0b1c2d3e4f5
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

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, common, reconcile

RESOURCE = agilicus.UPSTREAM_USER_IDENTITY


def ensure_identity(module, client):
    params = module.params
    check_attributes(params['attributes'])
    user_id = agilicus.user_id_of(client, params)
    identities = agilicus.SpecResources(module, client, agilicus_api.upstream_user_identities(user_id), RESOURCE,
                                        scope={'local_user_id': user_id})
    plan, identity = agilicus.ensure_spec_resource(module, identities, params['id'],
                                                   before_create=lambda: agilicus.confirm_user(client, params))
    return reconcile.result(plan, identity, 'upstream_user_identity', module._diff)


def check_attributes(attributes):
    """``attributes`` has the API's shape (C(UserAttributes)): ``{attributes: [{name, value}, ...]}``."""
    if attributes is None:
        return
    items = attributes.get('attributes')
    if set(attributes) != set(['attributes']) or not isinstance(items, list) or not all(
            isinstance(item, dict) and set(item) == set(['name', 'value']) and isinstance(item['name'], str)
            for item in items):
        raise common.InputError('attributes must be a UserAttributes object, {attributes: [{name: ..., value: ...}]}; '
                                'got %r' % (attributes,))


def argument_spec():
    return agilicus.per_user_argument_spec(RESOURCE)


def main():
    agilicus.run_per_user_module(argument_spec(), RESOURCE, ensure_identity,
                                 key_together=('upstream_idp_id', 'upstream_user_id'))


if __name__ == '__main__':
    main()
