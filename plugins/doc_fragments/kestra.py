# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of the Kestra modules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the Kestra server, without C(/api/v1), for example V(https://kestra.example.com).
      - If not set, the value of the E(KESTRA_API_URL) environment variable is used.
    type: str
    required: true
  api_token:
    description:
      - "An API token of a user or service account, sent as C(Authorization: Bearer)."
      - If not set, the value of the E(KESTRA_API_TOKEN) environment variable is used.
      - Takes precedence over O(api_username) and O(api_password) when both are given.
      - One of O(api_token) or O(api_username) is required.
    type: str
  api_username:
    description:
      - Username (e-mail) for HTTP basic authentication.
      - If not set, the value of the E(KESTRA_API_USERNAME) environment variable is used.
    type: str
  api_password:
    description:
      - Password for O(api_username).
      - If not set, the value of the E(KESTRA_API_PASSWORD) environment variable is used.
    type: str
  tenant:
    description:
      - The tenant for tenant-scoped endpoints (C(/api/v1/{tenant}/...)).
      - Instance-wide (superadmin) endpoints such as C(/api/v1/users) never carry a tenant.
      - If not set, the value of the E(KESTRA_TENANT) environment variable is used.
    type: str
notes:
  - These modules need Kestra Enterprise Edition; the open-source edition has no user management API.
'''
