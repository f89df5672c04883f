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
  validate_certs:
    description:
      - Verify the server's TLS certificate. Set to V(false) only for test servers.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the server's certificate with.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
    type: int
    default: 30
notes:
  - OneLogin allows 5,000 calls an hour per account. Requests answered 429 are retried after the time the service
    names (C(Retry-After), else C(X-RateLimit-Reset), at most 60 seconds a wait and 300 seconds in all); idempotent
    requests are also retried on 502, 503, 504 and connection failures. A C(POST) is never sent twice blindly.
requirements:
  - requests
'''
