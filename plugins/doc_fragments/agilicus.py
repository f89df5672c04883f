# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of the Agilicus modules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the Agilicus API, for example V(https://api.agilicus.com).
      - If not set, the value of the E(AGILICUS_API_URL) environment variable is used.
    type: str
    required: true
  api_token:
    description:
      - A bearer token (JWT) for the API, for example one issued for a service account's authentication document.
      - If not set, the value of the E(AGILICUS_API_TOKEN) environment variable is used.
    type: str
    required: true
  org_id:
    description:
      - The organisation to work in. Sent with every request that takes it.
      - If not set, the value of the E(AGILICUS_ORG_ID) environment variable is used.
    type: str
    required: true
'''
