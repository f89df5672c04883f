#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 1: the requests a no-change run of each module sends, next to the fewest the API allows.

    .venv/bin/python benchmarks/requests_per_run.py

Each case runs the module in-process against its fake (real HTTP on 127.0.0.1) after the
resource was made to match, and counts the fake's log. 'auth' is the login or token
request of username/password or client-credential connections (0 with a token).

Memberships in the bulk modules (the "with role_ids / roles / tenant_group_ids" cases) are read per role or
group, or from what the run reads anyway, never per user where the API allows it; the cheapest documented read
per vendor, and why it is the minimum:

- OneLogin: the user listing, ``GET /api/2/roles`` once, then ``GET /api/2/roles/{id}/users`` per role (100 a
  page, one page for an empty role). No OneLogin listing carries a user's roles (``GET /api/1/users/{id}/roles``
  is per user), so reading per role is the fewest whenever the account has fewer roles than listed users;
  entries that all append read only the roles they name.
- Agilicus: nothing on top of the user listing: ``GET /users`` answers ``User`` objects whose ``roles`` are the
  direct roles (the field ``GET /users/{id}`` gives). ``list_org_user_roles`` would cost ceil(rows / 500) more,
  and ``list_all_user_roles`` (``render_roles``) is per user and adds inherited roles, which must never be merged.
- Kestra: the user listing and one ``GET /api/v1/users/{id}`` per listed user, which the run makes anyway for the
  names (``ApiUserSummary`` lacks names and groups) and which gives every group with its tenant; per-group members
  (``GET /api/v1/{tenant}/groups/{id}/members``) would come on top. A tenant's groups are read only to resolve
  names or check an id being added.

test_minimum_requests.py holds each case at its minimum.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import _support
from tests.integration.minimum_requests import measure

ACTIONS = ('kestra_current_user_password', 'agilicus_user_metadata_bulk')


def main():
    rows = []
    above = 0
    for row in measure():
        verdict = 'at minimum' if row['reads'] <= row['minimum'] and not row['writes'] else 'ABOVE'
        above += verdict != 'at minimum' or bool(row['failed'])
        rows.append((row['module'], row['case'], row['auth'], row['reads'], row['writes'], row['minimum'], verdict,
                     row['why']))
    print(_support.table(rows, ('module', 'case', 'auth', 'reads', 'writes', 'minimum reads', 'verdict',
                                'why that is the minimum')))
    print()
    print('%d cases, %d above the minimum or failed; writes in no-change runs: %d'
          % (len(rows), above, sum(row[4] for row in rows)))
    print('not measured, by design actions with no no-change run: %s' % ', '.join(ACTIONS))
    return 1 if above else 0


if __name__ == '__main__':
    raise SystemExit(main())
