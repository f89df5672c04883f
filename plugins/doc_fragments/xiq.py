# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of the ExtremeCloud IQ modules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the ExtremeCloud IQ API, for example V(https://api.extremecloudiq.com).
      - If not set, the value of the E(XIQ_API_URL) environment variable is used.
    type: str
    required: true
  api_token:
    description:
      - A bearer token (JWT) for the API, for example one generated under Global Settings, API Token Management.
      - If not set, the value of the E(XIQ_API_TOKEN) environment variable is used.
      - Takes precedence over O(api_username) and O(api_password) when both are given.
      - One of O(api_token) or O(api_username) is required.
    type: str
  api_username:
    description:
      - Log in with C(POST /login) as this user; the token it returns is used for the rest of the task,
        and the module logs in again once if the service answers 401 mid-run.
      - If not set, the value of the E(XIQ_API_USERNAME) environment variable is used.
    type: str
  api_password:
    description:
      - Password for O(api_username).
      - If not set, the value of the E(XIQ_API_PASSWORD) environment variable is used.
    type: str
'''
