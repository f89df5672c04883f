# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make the checkout importable as ansible_collections.accessops.identity from anywhere.

Plain pytest needs the directory above ``ansible_collections/`` on sys.path; a
checkout is usually not laid out that way, so a temporary tree links to it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys
import tempfile

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collections_base():
    parts = COLLECTION_ROOT.split(os.sep)
    if len(parts) > 3 and parts[-3] == 'ansible_collections' and parts[-2:] == ['accessops', 'identity']:
        return os.sep.join(parts[:-3])
    base = tempfile.mkdtemp(prefix='accessops-identity-')
    os.makedirs(os.path.join(base, 'ansible_collections', 'accessops'))
    os.symlink(COLLECTION_ROOT, os.path.join(base, 'ansible_collections', 'accessops', 'identity'))
    return base


if 'ansible_collections.accessops' not in sys.modules:
    BASE = _collections_base()
    if BASE not in sys.path:
        sys.path.insert(0, BASE)
    os.environ['ANSIBLE_COLLECTIONS_PATH'] = BASE   # for ansible-playbook subprocesses
