# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Role and scope options of ExtremeCloud IQ local and external users."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  user_role:
    description:
      - The administrative role (XiqUserRole).
    type: str
    choices: [ADMINISTRATOR, OPERATOR, MONITOR, HELP_DESK, GUEST_MANAGEMENT, OBSERVER, INSTALLER, APPLICATION_OPERATOR]
  location_ids:
    description:
      - Ids of the locations the user may manage. Compared as a set; order does not matter.
      - An empty list lets XIQ assign the administrator's default locations.
    type: list
    elements: int
  access_scope:
    description:
      - Whether access covers the whole VIQ (V(viq), API value 0) or only the authorised sites (V(site), API value 1).
    type: str
    choices: [viq, site]
  viq_access_control:
    description:
      - What a site-scope user may do with global resources, V(read_write) (API value 0) or V(read_only) (API value 1).
    type: str
    choices: [read_write, read_only]
'''
