# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options naming the owner of Kestra API tokens: a user or a service account."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  user_id:
    description:
      - Id of the user who owns the tokens (instance path C(/api/v1/users/{id}/api-tokens), superadmin only).
    type: str
  user_email:
    description:
      - E-mail of the user who owns the tokens, resolved with C(GET /api/v1/users?q=) and an exact,
        case-insensitive match.
    type: str
  service_account_id:
    description:
      - Id of the service account that owns the tokens.
      - With O(tenant) set, the tenant path C(/api/v1/{tenant}/service-accounts/{id}/api-tokens) is used,
        otherwise the instance path C(/api/v1/service-accounts/{id}/api-tokens).
    type: str
  service_account_name:
    description:
      - Name of the service account that owns the tokens, as O(service_account_id) but by name.
      - With O(tenant) set, it is resolved with C(GET /api/v1/{tenant}/service-accounts) (the account's C(name), or
        the C(username) that listing's schema names it), otherwise with C(GET /api/v1/service-accounts)
        (instance accounts, superadmin only); the listing is read whole and the name matched exactly.
      - Since Kestra 0.22 service account names are not unique; a name several accounts share fails, listing their
        ids (give the one you mean in O(service_account_id)). A name no account has is an owner that does not exist.
      - Mutually exclusive with O(user_id), O(user_email) and O(service_account_id).
    type: str
'''
