# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of the OneLogin modules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the OneLogin API of your account, for example V(https://example.onelogin.com).
      - If not set, the value of the E(ONELOGIN_API_URL) environment variable is used.
    type: str
    required: true
  api_client_id:
    description:
      - Client id of an API credential; the module exchanges it with O(api_client_secret) for an access token
        (C(POST /auth/oauth2/v2/token), client credentials grant) once per task, and again once on a 401.
      - If not set, the value of the E(ONELOGIN_CLIENT_ID) environment variable is used.
      - One of O(api_client_id) or O(api_token) is required.
    type: str
  api_client_secret:
    description:
      - Client secret of the API credential.
      - If not set, the value of the E(ONELOGIN_CLIENT_SECRET) environment variable is used.
    type: str
  api_token:
    description:
      - An access token obtained beforehand, used instead of client credentials.
      - If not set, the value of the E(ONELOGIN_API_TOKEN) environment variable is used.
    type: str
notes:
  - OneLogin allows 5,000 calls an hour per account; when it answers 429 the module waits as told
    (C(X-RateLimit-Reset)) within the collection's retry limits.
'''
