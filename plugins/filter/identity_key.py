# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An account key as the bulk modules compare keys, for the lifecycle role's own comparisons.

The role tells its people's accounts from orphans; with ``trim | lower`` it would call a decomposed
(NFD) e-mail someone else's. One function, ``bulk.same_key``, decides for the modules and the role.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils.bulk import same_key


def identity_key(key):
    """``key`` in one Unicode form (NFC), stripped and case-folded."""
    return same_key(key if isinstance(key, str) else str(key))


class FilterModule(object):
    """The key-comparison filter of accessops.identity."""

    def filters(self):
        return {'identity_key': identity_key}
