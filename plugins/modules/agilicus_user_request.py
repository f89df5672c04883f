#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_user_request
short_description: Manage users' access requests on Agilicus, and approve or decline them
version_added: 1.0.0
description:
  - Create, update and delete a user's request for access to a resource (C(/v1/user_requests)), found by
    O(requested_resource) and O(requested_resource_type) for the user in O(org_id), or by O(id).
  - An update replaces the request (C(PUT)) with the live one merged with your options. With O(id), a different
    O(requested_resource) or O(requested_resource_type) is changed too; a request of another user than the one
    named is refused.
  - O(request_state) approves or declines the request. The API changes the state only through
    C(POST /v1/user_requests/{id}) (its C(PUT) ignores the state), so the module sends that call, and only when
    the state differs.
author:
  - accessops.identity maintainers (@accessops)
options:
  id:
    description: Id of the request.
    type: str
  requested_resource:
    description:
      - The resource asked for (its id or name). Part of the key, with O(requested_resource_type); the two go
        together unless O(id) is set.
    type: str
  requested_resource_type:
    description: The kind of resource. Part of the key.
    type: str
    choices: [application_access, file_share_access, application, fileshare, application_service, desktop, launcher, ssh, database]
  requested_sub_resource:
    description: A part of the resource, for example a role within an application.
    type: str
  request_information:
    description: The user's reason for the request.
    type: str
  response_information:
    description: The approver's answer.
    type: str
  from_date:
    description: When access should start (ISO 8601).
    type: str
  to_date:
    description: When access should end (ISO 8601).
    type: str
  expiry_date:
    description: When the request expires if nobody acts on it (ISO 8601).
    type: str
  request_state:
    description: V(pending), V(approved) or V(declined).
    type: str
    choices: [pending, approved, declined]
  state:
    description: V(present) creates or updates the request, V(absent) deletes it.
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
- name: Approve Alice's request for the wiki
  accessops.identity.agilicus_user_request:
    email: alice@example.com
    requested_resource: wiki
    requested_resource_type: application_access
    response_information: Approved by the team lead
    request_state: approved
'''

RETURN = r'''
user_request:
  description: The request as the API returns it; in check mode, the prediction. Empty when absent.
  returned: always
  type: dict
  sample:
    metadata: {id: rq12}
    spec: {user_id: "1234", org_id: G99q3lasls29wsk, requested_resource: wiki,
           requested_resource_type: application_access, state: approved}
    status: {email: alice@example.com, expired: false}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus, agilicus_api, ensure, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError

RESOURCE = agilicus.USER_REQUEST
REQUEST_STATES = ['pending', 'approved', 'declined']
NEW_REQUEST_STATE = 'pending'


def ensure_request(module, client):
    params = module.params
    if params['state'] == 'absent' and params['request_state'] is not None:
        raise InputError('request_state sets the state of an existing request; it cannot be given with state=absent')
    user_id = agilicus.user_id_of(client, params)
    scope = {'user_id': user_id, 'org_id': params['org_id']}
    requests = agilicus.SpecResources(module, client, agilicus_api.USER_REQUESTS, RESOURCE, scope=scope,
                                      scope_matched=True,
                                      list_query=dict(scope, request_type=params['requested_resource_type']),
                                      get_query=scope, delete_query=scope)
    plan, request = agilicus.ensure_spec_resource(module, requests, params['id'],
                                                  before_create=lambda: agilicus.confirm_user(client, params))
    if params['state'] == 'present' and params['request_state'] is not None:
        # the replace ignores the state: it changes through POST /v1/user_requests/{id}
        live = ((request or {}).get('spec') or {}).get('state')
        if live is None and plan.action == 'create':
            live = NEW_REQUEST_STATE   # what a created request starts in; a check-mode create has no live spec
        if live != params['request_state']:
            plan.diff['before']['request_state'] = live
            plan.diff['after']['request_state'] = params['request_state']
            if module.check_mode and request:   # what the action would leave, for the result
                request = reconcile.merged(request, {'spec.state': params['request_state']})
            set_state = ('set request_state', lambda live_request: agilicus_api.update_user_request(
                client, live_request, params['request_state']))
            request = ensure.run_actions(plan, module.check_mode, request, [set_state])
    return reconcile.result(plan, request, 'user_request', module._diff)


def argument_spec():
    return agilicus.per_user_argument_spec(RESOURCE, request_state=dict(type='str', choices=REQUEST_STATES))


def main():
    agilicus.run_per_user_module(argument_spec(), RESOURCE, ensure_request,
                                 key_together=('requested_resource', 'requested_resource_type'))


if __name__ == '__main__':
    main()
