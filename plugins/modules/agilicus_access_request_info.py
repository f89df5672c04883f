#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_access_request_info
short_description: List the access requests of an Agilicus organisation
version_added: 1.0.0
description:
  - List the organisation's access requests (C(GET /v1/access_requests)), every page (keyset paging on e-mail),
    optionally only one user's, one state or one kind.
  - To act on a request, use M(accessops.identity.agilicus_user_request).
author:
  - accessops.identity maintainers (@accessops)
options:
  user_id:
    description: Only this user's requests.
    type: str
  request_state:
    description: Only requests in this state.
    type: str
    choices: [pending, approved, declined]
  request_type:
    description: Only requests of this kind, for example V(application_access).
    type: str
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes.INFO_MODULE
  - accessops.identity.attributes.AGILICUS_GROUP
'''

EXAMPLES = r'''
- name: Requests waiting for an answer
  accessops.identity.agilicus_access_request_info:
    request_state: pending
  register: pending
'''

RETURN = r'''
access_requests:
  description: The access requests found, grouped per user (C(AccessRequests)).
  returned: always
  type: list
  elements: dict
  sample:
    - metadata: {id: "1234"}
      status:
        user: {id: "1234", email: alice@example.com}
        user_requests: [{metadata: {id: rq12}, spec: {requested_resource: wiki, state: pending}}]
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus_api, common


def main():
    module = agilicus_api.new_module(agilicus_api.argument_spec(
        user_id=dict(type='str'),
        request_state=dict(type='str', choices=['pending', 'approved', 'declined']),
        request_type=dict(type='str'),
    ))
    params = module.params
    query = dict((k, params[k]) for k in ('org_id', 'user_id', 'request_state', 'request_type') if params[k])
    client = agilicus_api.client_for(module)
    common.run(module, client, lambda: dict(changed=False,
                                            access_requests=agilicus_api.list_access_requests(client, query)))


if __name__ == '__main__':
    main()
