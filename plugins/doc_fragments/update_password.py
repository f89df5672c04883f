# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The update_password option of modules that set write-only passwords, as ansible.builtin.user has it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  update_password:
    description:
      - V(on_create) sets O(password) only when the module creates the user; V(always) sets it on every run
        (and so always reports a change), because the service never returns a password to compare with.
    type: str
    choices: [on_create, always]
    default: on_create
'''

    # For the bulk modules, where each user's password is an option of its config entry.
    BULK = r'''
options:
  update_password:
    description:
      - V(on_create) sets O(config[].password) only when the module creates the user; V(always) sets it on every
        run for every entry that has one (and so always reports a change), because the service never returns a
        password to compare with.
    type: str
    choices: [on_create, always]
    default: on_create
'''
