# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one list of the services this collection manages.

Each name is the prefix of its modules, its action group in meta/runtime.yml (written by
tools/action_groups.py from this list), its ``<name>_api.py`` and ``<name>.py`` in module_utils,
its connection doc fragment, its fake in tests/fakes and its page in docs/vendors.
tests/unit/plugins/module_utils/test_vendor_list.py holds each of those to this list.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

VENDORS = ('xiq', 'kestra', 'agilicus', 'onelogin')

# Modules that talk to no service (they run on the controller over what the vendors' modules read): in no action
# group, since they take no connection options.
CONTROLLER_MODULES = ('identity_access_report',)
