#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_api_token_info
short_description: List the API tokens of a Kestra user or service account
version_added: 1.0.0
description:
  - List the API tokens of a user or of a service account (instance-wide, or in O(tenant)).
  - Kestra never returns a token's secret after it was created; the list shows its C(prefix), expiry and last use,
    which is what you need to find unused or expired tokens.
author:
  - accessops.identity maintainers (@accessops)
options: {}
extends_documentation_fragment:
  - accessops.identity.kestra
  - accessops.identity.kestra_token_owner
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.KESTRA_GROUP
'''

EXAMPLES = r'''
- name: Alice's tokens
  accessops.identity.kestra_api_token_info:
    user_email: alice@example.com
  register: tokens

- name: Expired tokens of the CI robot in the main tenant
  accessops.identity.kestra_api_token_info:
    tenant: main
    service_account_id: 4aRbOqzHy2W9
  register: robot
- name: Show them
  ansible.builtin.debug:
    msg: "{{ robot.api_tokens | selectattr('expired') | map(attribute='name') | list }}"

- name: The tokens of a service account named rather than by id
  accessops.identity.kestra_api_token_info:
    tenant: main
    service_account_name: ci-robot
  register: robot_by_name
'''

RETURN = r'''
api_tokens:
  description:
    - The owner's tokens (C(ApiToken)), never their secrets; empty when the owner does not exist (an unknown
      O(user_email) or O(service_account_name) included).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3dJ8fXkQ
      name: ci-deploy
      prefix: kestra_3dJ8
      iat: "2026-11-22T10:00:00Z"
      exp: "2027-02-20T10:00:00Z"
      lastUsed: null
      extended: false
      expired: false
owner:
  description: Which owner was read.
  returned: always
  type: dict
  sample:
    kind: service account
    id: 4aRbOqzHy2W9
    tenant: main
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, kestra, kestra_api


def read_tokens(module, client):
    owner = kestra.resolve_token_owner(client, module.params)
    tokens = kestra_api.list_tokens(client, owner) if owner else None
    described = dict(kind=owner.kind, id=owner.id, tenant=owner.tenant) if owner else {}
    return dict(changed=False, api_tokens=tokens or [], owner=described)


def main():
    module = kestra_api.new_module(kestra_api.argument_spec(**kestra.token_owner_options()),
                                   **kestra.TOKEN_OWNER_CONSTRAINTS)
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: read_tokens(module, client))


if __name__ == '__main__':
    main()
