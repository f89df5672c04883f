# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared descriptions of the check_mode, diff_mode and action_group attributes (one action_group fragment per vendor)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    support: full
    description:
      - Can run in C(check_mode) and return the same C(changed) as a real run without sending any write.
      - The module still reads the service, so the prediction is made against what is really there.
  diff_mode:
    support: full
    description:
      - Returns C(before) and C(after) of the managed fields when run with C(--diff). Secrets are masked.
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads; it runs unchanged in check mode.
    description:
      - Can run in C(check_mode) and return the same result as a real run.
  diff_mode:
    support: N/A
    details:
      - This module only reads and returns no diff.
    description:
      - Returns details on what has changed in C(--diff) mode.
'''

    # action_group: each module names its vendor's fragment, e.g. accessops.identity.attributes.XIQ_GROUP;
    # tools/action_groups.py --check holds every module to the group meta/runtime.yml puts it in.
    XIQ_GROUP = r'''
options: {}
attributes:
  action_group:
    support: full
    membership:
      - accessops.identity.xiq
    description:
      - Use C(group/accessops.identity.xiq) in C(module_defaults) to set defaults for this module,
        for example the connection to ExtremeCloud IQ once per play.
'''

    KESTRA_GROUP = r'''
options: {}
attributes:
  action_group:
    support: full
    membership:
      - accessops.identity.kestra
    description:
      - Use C(group/accessops.identity.kestra) in C(module_defaults) to set defaults for this module,
        for example the connection to Kestra once per play.
'''

    AGILICUS_GROUP = r'''
options: {}
attributes:
  action_group:
    support: full
    membership:
      - accessops.identity.agilicus
    description:
      - Use C(group/accessops.identity.agilicus) in C(module_defaults) to set defaults for this module,
        for example the connection to Agilicus once per play.
'''

    ONELOGIN_GROUP = r'''
options: {}
attributes:
  action_group:
    support: full
    membership:
      - accessops.identity.onelogin
    description:
      - Use C(group/accessops.identity.onelogin) in C(module_defaults) to set defaults for this module,
        for example the connection to OneLogin once per play.
'''
