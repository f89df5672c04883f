# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport options shared by every vendor: TLS, timeout, retries."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
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
  - Requests answered 429 are retried after the time the service names (C(Retry-After), else the vendor's
    rate-limit reset header; at most 60 seconds a wait and 300 seconds in all). Idempotent requests are also
    retried on 502, 503, 504 and dropped connections. A C(POST) is never sent twice blindly.
requirements:
  - requests
'''
