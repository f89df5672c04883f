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
options:
  expiring_within:
    description:
      - A token that expires within this period is listed in RV(expiring), for example V(7d), V(12h), V(2w) or V(P30D).
    type: str
    default: 30d
    version_added: 1.0.0
  unused_for:
    description:
      - A token not used for more than this period is listed in RV(unused); a token never used counts from its issue.
    type: str
    default: 90d
    version_added: 1.0.0
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

- name: Tokens of the CI robot that expire within a week or lie unused for half a year
  accessops.identity.kestra_api_token_info:
    tenant: main
    service_account_name: ci-robot
    expiring_within: 7d
    unused_for: 180d
  register: hygiene
- name: Fail the review when one does
  ansible.builtin.assert:
    that: hygiene.expiring + hygiene.unused + hygiene.expired == []
    fail_msg: "expiring {{ hygiene.expiring }}, unused {{ hygiene.unused }}, expired {{ hygiene.expired }}"

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
      age:
        expired: false
        expiring: false
        unused: true
        never_used: true
        expires_in_days: 78
        unused_days: 12
  contains:
    age:
      description:
        - What the token's times say at the time of the run (the controller's clock).
        - C(expired) (Kestra says so, or the expiry has passed), C(expiring) (within O(expiring_within)),
          C(unused) (not used for O(unused_for)), C(never_used), C(expires_in_days) (null when it never
          expires) and C(unused_days) (days since its last use, or since its issue when never used).
      type: dict
      returned: always
expired:
  description: Names of the tokens that have expired.
  returned: always
  type: list
  elements: str
  version_added: 1.0.0
expiring:
  description: Names of the tokens that have not expired but expire within O(expiring_within).
  returned: always
  type: list
  elements: str
  version_added: 1.0.0
unused:
  description: Names of the tokens not used for O(unused_for) (never used and issued that long ago included).
  returned: always
  type: list
  elements: str
  version_added: 1.0.0
owner:
  description: Which owner was read.
  returned: always
  type: dict
  sample:
    kind: service account
    id: 4aRbOqzHy2W9
    tenant: main
'''

import time

from ansible_collections.accessops.identity.plugins.module_utils import common, kestra, kestra_api, token_age


def read_tokens(module, client):
    periods = dict((option, period(module.params, option)) for option in ('expiring_within', 'unused_for'))
    owner = kestra.resolve_token_owner(client, module.params)
    tokens = kestra_api.list_tokens(client, owner) if owner else None
    described = dict(kind=owner.kind, id=owner.id, tenant=owner.tenant) if owner else {}
    now = time.time()
    judged = [dict(token, age=token_age.judge(token, now, **periods)) for token in tokens or []]
    return dict(changed=False, api_tokens=judged, owner=described,
                **dict((flag, [t['name'] for t in judged if t['age'][flag]]) for flag in ('expired', 'expiring', 'unused')))


def period(params, option):
    """A period option in seconds, refused before any request when it is not one."""
    seconds = token_age.period_seconds(params[option])
    if seconds is None:
        raise common.InputError('%s must be %s; got %r' % (option, token_age.PERIOD_HELP, params[option]))
    return seconds


def main():
    module = kestra_api.new_module(kestra_api.argument_spec(expiring_within=dict(type='str', default='30d'),
                                                            unused_for=dict(type='str', default='90d'),
                                                            **kestra.token_owner_options()),
                                   **kestra.TOKEN_OWNER_CONSTRAINTS)
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: read_tokens(module, client))


if __name__ == '__main__':
    main()
