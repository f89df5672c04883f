#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_mfa_challenge_method
short_description: Manage a user's multi-factor challenge methods on Agilicus
version_added: 1.0.0
description:
  - Create, replace and delete one multi-factor challenge method of a user
    (C(/users/{user_id}/mfa_challenge_methods)), found by O(challenge_type) and O(nickname), or by O(id).
  - An update replaces the method (C(PUT)) with the live one merged with your options. With O(id), a different
    O(challenge_type) or O(nickname) is changed too, as every other option is.
  - To remove all of a user's methods at once (a reset), use M(accessops.identity.agilicus_user)
    O(accessops.identity.agilicus_user#module:reset_mfa=true).
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Id of the challenge method.
    type: str
  challenge_type:
    description:
      - The kind of challenge, for example V(sms), V(totp), V(webauthn) or V(web_push). Part of the key.
      - With O(id) set, a different O(challenge_type) changes the method's type.
    type: str
  nickname:
    description:
      - The name that tells the user's methods of one type apart. Part of the key.
      - With O(id) set, a different O(nickname) renames the method.
    type: str
  endpoint:
    description:
      - Where the challenge goes (a phone number, a device). Required to create a method.
      - Treated as sensitive. It is compared, but masked in output and diffs.
    type: str
  priority:
    description: Order in which the user's methods are offered; lower first. Required to create a method.
    type: int
  origin:
    description: Where the method was enrolled, for example V(agilicus.cloud).
    type: str
  enabled:
    description: Whether the method may be used.
    type: bool
  state:
    description: V(present) creates or replaces the method, V(absent) deletes it.
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
- name: Alice's work phone receives SMS challenges
  accessops.identity.agilicus_mfa_challenge_method:
    email: alice@example.com
    challenge_type: sms
    nickname: work phone
    endpoint: "+15551234567"
    priority: 1
    enabled: true
'''

RETURN = r'''
mfa_challenge_method:
  description: The method as the API returns it (C(metadata), C(spec)); in check mode, the prediction. Empty when absent.
  returned: always
  type: dict
  sample:
    metadata: {id: m1Xk}
    spec: {challenge_type: sms, nickname: work phone, endpoint: "********", priority: 1, enabled: true}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, reconcile

RESOURCE = agilicus.MFA_CHALLENGE_METHOD


def ensure_method(module, client):
    params = module.params
    user_id = agilicus.user_id_of(client, params)
    methods = agilicus.SpecResources(module, client, agilicus_api.challenge_methods(user_id), RESOURCE,
                                     list_query={'challenge_type': params['challenge_type']})
    plan, method = agilicus.ensure_spec_resource(module, methods, params['id'],
                                                 before_create=lambda: agilicus.confirm_user(client, params))
    return reconcile.result(plan, method, 'mfa_challenge_method', module._diff)


def argument_spec():
    return agilicus.per_user_argument_spec(RESOURCE)


def main():
    agilicus.run_per_user_module(argument_spec(), RESOURCE, ensure_method)


if __name__ == '__main__':
    main()
