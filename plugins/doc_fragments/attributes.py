# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared descriptions of the check_mode, diff_mode and action group attributes."""

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
