# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options naming the Agilicus user a per-user resource belongs to."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  user_id:
    description:
      - Id of the user. One of O(user_id) or O(email) is required.
    type: str
  email:
    description:
      - E-mail of the user in O(org_id), matched exactly and case-insensitively.
    type: str
'''
