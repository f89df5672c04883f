#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: agilicus_user_metadata_bulk
short_description: Set one metadata entry for every user of an Agilicus organisation
version_added: 1.0.0
description:
  - Send C(POST /v1/user_metadata_rpc/bulk_update), which sets the same metadata entry for all users of O(org_id).
  - This is an action. The service answers 204 and offers no way to read the result back per organisation, so each
    run reports a change. Both a real run and check mode first read one page of the organisation's users
    (C(GET /users)), so a token or organisation the service refuses fails both alike. For one user, use
    M(accessops.identity.agilicus_user_metadata), which compares first.
author:
  - accessops.identity maintainers (@accessops)
options:
  data_type:
    description: What kind of data the entry holds.
    type: str
    required: true
    choices: [mfa_enrollment_expiry, user_app_data, user_org_data, json]
  data:
    description: The data to set.
    type: str
    required: true
  app_id:
    description: The application the entry belongs to, if any.
    type: str
  name:
    description: Name of the entry.
    type: str
extends_documentation_fragment:
  - accessops.identity.agilicus
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.AGILICUS_GROUP
'''

EXAMPLES = r'''
- name: Everyone in the organisation must enrol in MFA by the end of the year
  accessops.identity.agilicus_user_metadata_bulk:
    data_type: mfa_enrollment_expiry
    data: "2026-12-31T23:59:59Z"
'''

RETURN = r'''
request:
  description: The bulk update that was sent (or, in check mode, would be).
  returned: always
  type: dict
  sample: {org_id: G99q3lasls29wsk, data_type: mfa_enrollment_expiry, data: "2026-12-31T23:59:59Z"}
'''

from ansible_collections.accessops.identity.plugins.module_utils import agilicus_api, common, ensure, reconcile


def main():
    module = agilicus_api.new_module(agilicus_api.argument_spec(
        data_type=dict(type='str', required=True,
                       choices=['mfa_enrollment_expiry', 'user_app_data', 'user_org_data', 'json']),
        data=dict(type='str', required=True),
        app_id=dict(type='str'),
        name=dict(type='str'),
    ))
    params = module.params
    body = dict((k, params[k]) for k in ('org_id', 'data_type', 'data', 'app_id', 'name') if params[k] is not None)
    client = agilicus_api.client_for(module)

    def send():
        plan = reconcile.Plan(None, None, diff=dict(before={}, after={'bulk_update': body}))
        update = ('bulk update', lambda request: agilicus_api.bulk_update_metadata(client, request))
        # one read, in check mode too, so a token or organisation the service refuses fails both runs alike
        next(iter(agilicus_api.list_users(client, {'org_id': params['org_id']})), None)
        ensure.run_actions(plan, module.check_mode, body, [update])
        return dict(reconcile.result(plan, None, None, module._diff), request=body)
    common.run(module, client, send)


if __name__ == '__main__':
    main()
