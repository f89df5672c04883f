#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xiq_external_user
short_description: Grant, update and revoke external access to an ExtremeCloud IQ account
version_added: 0.1.0
description:
  - Give a user of another XIQ account (an external user) access to this account, change the role and scope of
    that access, or revoke it.
  - The grant is found by O(login_name), compared case-insensitively, together with O(org_id) when given; or by O(id).
    A login granted in several organisations needs O(org_id) or O(id); the module lists the grants otherwise.
  - Granting sends C(POST /users/external); an update sends C(PATCH /users/external/{id}) with only the fields that
    differ, then reads the grant back (the update answers with no body); revoking sends C(DELETE /users/external/{id}).
author:
  - accessops.identity maintainers (@accessops)
options:
  login_name:
    description:
      - Login name (e-mail) of the external user. Required to grant access.
      - It cannot be changed on an existing grant; revoke and grant again instead.
    type: str
  id:
    description:
      - Id of the external-user grant.
    type: int
  org_id:
    description:
      - The HIQ organisation id, for an account with HIQ (hierarchical) organisations; leave it out otherwise.
      - Part of the natural key together with O(login_name).
    type: int
  state:
    description:
      - V(present) grants or updates the access, V(absent) revokes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.xiq
  - accessops.identity.xiq_access
  - accessops.identity.connection
  - accessops.identity.attributes
notes:
  - Granting needs O(login_name) and O(user_role).
'''

EXAMPLES = r'''
- name: The managed-service partner's engineer may monitor this account
  accessops.identity.xiq_external_user:
    api_url: https://api.extremecloudiq.com
    api_token: "{{ xiq_token }}"
    login_name: engineer@partner.example
    user_role: MONITOR
    access_scope: site
    location_ids: [101]

- name: Revoke the access
  accessops.identity.xiq_external_user:
    login_name: engineer@partner.example
    state: absent
'''

RETURN = r'''
external_user:
  description:
    - The grant as the API returns it (XiqExternalUser); in check mode, the prediction. Empty when absent.
  returned: always
  type: dict
  sample:
    id: 2001
    login_name: engineer@partner.example
    user_role: MONITOR
    org_id: null
    location_ids: [101]
    grantee_id: 5501
    access_scope: 1
    viq_access_control: 0
'''

from ansible_collections.accessops.identity.plugins.module_utils import common, reconcile, xiq
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field

FIELDS = [
    Field('user_role'),
    Field('location_ids', kind=reconcile.SET),
    Field('access_scope'),
    Field('viq_access_control'),
]
PATH = xiq.EXTERNAL_USERS_PATH


def ensure_external_user(module, client):
    params = module.params
    current = xiq.find_external_user(client, params['login_name'], params['org_id'], params['id'])
    key = {'login_name': params['login_name'], 'org_id': params['org_id']}

    if params['state'] == 'absent':
        plan = reconcile.plan_absent(current, FIELDS, key=key)
    else:
        if current is None:
            require_for_grant(params)
        elif params['login_name'] and not xiq.same_login(current, params['login_name']):
            raise common.InputError('external user %s has login name %s, which cannot be changed; revoke it and grant '
                                    '%s instead' % (current['id'], current.get('login_name'), params['login_name']))
        wanted = reconcile.wanted_values(xiq.coded(params), FIELDS)
        plan = reconcile.plan_present(current, wanted, FIELDS,
                                      key=dict((k, v) for k, v in key.items() if v is not None))

    def update(user, changes):
        path = xiq.user_path(PATH, user['id'])
        client.patch(path, json_body=changes)   # answers 200 with no body: read the grant back
        return xiq.user_answer(client.get(path), user['id'])

    user = reconcile.execute(
        plan, module.check_mode, update=update,
        create=lambda body: xiq.user_answer(client.post(PATH, json_body=body)),
        delete=lambda user: client.delete(xiq.user_path(PATH, user['id'])))
    return reconcile.result(plan, user, 'external_user', module._diff)


def require_for_grant(params):
    if params['id'] is not None:
        raise common.InputError('no external user has id %s; give login_name and user_role to grant access'
                                % params['id'])
    if params['user_role'] is None:
        raise common.InputError('%s has no external access%s; to grant it, also set user_role' % (
            params['login_name'], ' in org_id %s' % params['org_id'] if params['org_id'] is not None else ''))


def main():
    module = xiq.new_module(
        xiq.argument_spec(
            login_name=dict(type='str'),
            id=dict(type='int'),
            org_id=dict(type='int'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **xiq.access_options()
        ),
        required_one_of=[('login_name', 'id'), ('api_token', 'api_username')],
    )
    if module.params['login_name'] is not None and not module.params['login_name'].strip():
        module.fail_json(msg='login_name must not be empty')
    client = xiq.client_for(module)
    common.run(module, client, lambda: ensure_external_user(module, client))


if __name__ == '__main__':
    main()
