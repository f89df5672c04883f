# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rules every module shares through common.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import common


def test_an_ambiguous_natural_key_fails_listing_every_candidate():
    assert common.only_match([], 'x') is None
    assert common.only_match([{'id': 1}], 'x') == {'id': 1}
    with pytest.raises(common.InputError) as caught:
        common.only_match([{'id': 1}, {'id': 2}], 'several users have e-mail a@b: ids')
    assert str(caught.value) == 'several users have e-mail a@b: ids 1, 2'
