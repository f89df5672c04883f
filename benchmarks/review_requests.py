#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 4: the access review's requests per service, next to the fewest the four APIs allow.

    .venv/bin/python benchmarks/review_requests.py [--extra 250]

Runs the role accessops.identity.identity_review through ansible-playbook against the four fakes seeded with
the "done when" scenario (tests/integration/review_scenario.py), plus ``--extra`` accounts per service, and
counts each fake's log. 'auth' is OneLogin's client-credentials token request (the others take a token).
Exits 1 when a service is above its minimum or any write was sent. tests/integration/test_review.py holds the
same numbers for the scenario alone.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import shutil
import tempfile

import _support
from tests.integration import review_scenario as scenario


def add_accounts(fakes, org_id, count):
    """``count`` more accounts on every service, signed in recently and owned by nobody (orphans)."""
    for n in range(count):
        email = 'extra%05d@example.com' % n
        fakes['xiq'].add_user(login_name=email, user_role='MONITOR', create_time=scenario.OLD,
                              last_login_time=scenario.RECENT_LOGIN)
        fakes['kestra'].add_user(email)
        user = fakes['agilicus'].add_user(email, org_id, created=scenario.OLD)
        fakes['agilicus'].add_org_upstream_identity(user['id'], org_id, 'idp-' + email, last_login=scenario.RECENT_LOGIN)
        fakes['onelogin'].add_user('extra%05d' % n, email=email, created_at=scenario.OLD, last_login=scenario.RECENT_LOGIN)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--extra', type=int, default=0, help='more accounts per service (default 0)')
    args = parser.parse_args()
    fakes, env = scenario.start()
    work = tempfile.mkdtemp(prefix='accessops-review-')
    try:
        add_accounts(fakes, env['AGILICUS_ORG_ID'], args.extra)
        for fake in fakes.values():
            fake.clear_log()
        os.environ.update(env)
        role = dict(role='accessops.identity.identity_review', identity_review_dest=work,
                    identity_review_now=scenario.NOW, identity_review_onelogin_admin_role_ids=[str(scenario.ADMIN_ROLE)],
                    identity_review_people=scenario.PEOPLE)
        run = _support.run_playbook([{'ansible.builtin.include_role': {'name': role.pop('role')}, 'vars': role}])
        elapsed, rc, output = run[:3]
        _support.require_success(rc, output, 'the review')
        minimum = scenario.minimum_reads(fakes)
        rows, above, writes = [], 0, 0
        for name, fake in fakes.items():
            auth, reads, sent = fake.request_counts()
            at = reads <= minimum[name][0] and not sent
            above += not at
            writes += sent
            rows.append((name, len(getattr(fake, 'users')), auth, reads, sent, minimum[name][0],
                         'at minimum' if at else 'ABOVE', minimum[name][1]))
        with open(os.path.join(work, 'access-review.json')) as handle:
            summary = json.load(handle)['summary']
    finally:
        for fake in fakes.values():
            fake.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(_support.table(rows, ('service', 'accounts', 'auth', 'reads', 'writes', 'minimum reads', 'verdict',
                                'why that is the minimum')))
    print()
    print('review of %d accounts in %.1f s (whole ansible-playbook run); findings %d; writes %d; %d service(s) above '
          'the minimum' % (summary['accounts'], elapsed, summary['findings'], writes, above))
    return 1 if above or writes else 0


if __name__ == '__main__':
    raise SystemExit(main())
