# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review's "done when" scenario: the four fakes seeded so that, at ``NOW``, the review must flag
exactly 3 privileged accounts, 2 orphans, 1 dormant account, 1 account that never signed in (old), 1 that never
signed in but is new (in grace), 1 Kestra token expiring in 3 days and 1 unused for 200 days.

``EXPECTED`` is that answer, by flag, as (service, key) pairs; ``minimum_reads(fakes)`` the fewest requests
the four APIs allow for the review's reads, derived from what the fakes hold.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import math

from tests.fakes.serve import start_demo_fakes

# The review's pinned clock is today's start (UTC), and every time of the scenario is counted from it: the Kestra
# fake lists a token whose expiry has passed on the real clock as expired, so "expires in 3 days" must be real.
TODAY = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def days_ago(days, hour=0):
    return (TODAY - datetime.timedelta(days=days) + datetime.timedelta(hours=hour)).strftime('%Y-%m-%dT%H:%M:%S.000Z')


NOW = TODAY.strftime('%Y-%m-%dT%H:%M:%SZ')
OLD = days_ago(640, 9)                 # created long before the grace period
RECENT_LOGIN = days_ago(3, 8)
ADMIN_ROLE = 150099                    # the OneLogin fake's "Admin" role

PEOPLE = [
    {'email': 'admin@example.com', 'first_name': 'Ada', 'last_name': 'Admin'},
    {'email': 'root@example.com', 'first_name': 'Root', 'last_name': 'Owner'},
    {'email': 'alice@example.com', 'first_name': 'Alice', 'last_name': 'Example', 'onelogin': {'username': 'alice'}},
    {'email': 'bob@example.com', 'first_name': 'Bob', 'last_name': 'Builder'},
    {'email': 'carol@example.com', 'first_name': 'Carol', 'last_name': 'Coder', 'onelogin': {'username': 'carol'}},
    {'email': 'dave@example.com', 'first_name': 'Dave', 'last_name': 'Newcomer', 'onelogin': {'username': 'dave'}},
]

EXPECTED = {
    'privileged': {('xiq', 'admin@example.com'), ('kestra', 'root@example.com'), ('onelogin', 'alice')},
    'orphan': {('xiq', 'contractor@example.com'), ('agilicus', 'stranger@example.com')},
    'dormant': {('xiq', 'bob@example.com')},
    'never_signed_in': {('onelogin', 'carol'), ('onelogin', 'dave')},
    'in_grace': {('onelogin', 'dave')},
    'mfa_off': set(),
    'token_expiring': {('kestra', 'alice@example.com')},
    'token_expired': set(),
    'token_unused': {('kestra', 'root@example.com')},
    'future_date': set(),
}


def seed(xiq, kestra, agilicus, onelogin, org_id):
    """The scenario's accounts, on top of what ``start_demo_fakes`` seeds (Kestra alice, OneLogin alice)."""
    xiq.me.update(create_time=OLD, last_login_time=RECENT_LOGIN)          # the XIQ account owner: ADMINISTRATOR
    xiq.add_user(login_name='bob@example.com', display_name='Bob Builder', user_role='OPERATOR',
                 create_time=OLD, last_login_time=days_ago(183, 10))                      # 183 days: dormant
    xiq.add_user(login_name='contractor@example.com', display_name='<script>alert(1)</script>',
                 user_role='MONITOR', create_time=OLD, last_login_time=RECENT_LOGIN)        # orphan, hostile name
    xiq.add_user(login_name='alice@example.com', display_name='Alice Example', user_role='OPERATOR',
                 create_time=OLD, last_login_time=RECENT_LOGIN)
    xiq.add_external_user(login_name='alice@example.com', user_role='MONITOR', org_id=42, create_time=OLD)  # a grant

    root = kestra.root
    alice = next(u for u in kestra.users.values() if u['email'] == 'alice@example.com')
    kestra.add_token('/api/v1/users/%s' % root['id'], 'nightly-export', iat=days_ago(325),
                     exp=None, lastUsed=days_ago(200))                                        # unused 200 days
    kestra.add_token('/api/v1/users/%s' % alice['id'], 'ci-deploy', iat=days_ago(87),
                     exp=days_ago(-3), lastUsed=days_ago(1, 12))                              # expires in 3 days
    kestra.add_token('/api/v1/users/%s' % alice['id'], 'laptop', iat=days_ago(60),
                     exp=days_ago(-305), lastUsed=days_ago(2, 12))                            # fine

    for email, roles in (('alice@example.com', {'wiki': ['editor']}), ('stranger@example.com', {'portal': ['viewer']})):
        user = agilicus.add_user(email, org_id, roles=roles, created=OLD)          # stranger: an orphan
        agilicus.add_org_upstream_identity(user['id'], org_id, 'google-' + email, last_login=RECENT_LOGIN)

    alice_onelogin = next(u for u in onelogin.users.values() if u['username'] == 'alice')
    alice_onelogin.update(created_at=OLD, last_login=RECENT_LOGIN)
    onelogin.roles[alice_onelogin['id']].add(ADMIN_ROLE)                                          # privileged
    onelogin.add_user('carol', email='carol@example.com', firstname='Carol', lastname='Coder',
                      created_at=days_ago(325, 9), last_login='0001-01-01T00:00:00.000Z')  # never, old
    onelogin.add_user('dave', email='dave@example.com', firstname='Dave', lastname='Newcomer',
                      created_at=days_ago(6, 9), last_login=None)                             # never, in grace


def start():
    """The four fakes with the scenario: (dict of fakes by service, environment variables)."""
    started, env = start_demo_fakes()
    fakes = dict(zip(('xiq', 'kestra', 'agilicus', 'onelogin'), started))
    seed(fakes['xiq'], fakes['kestra'], fakes['agilicus'], fakes['onelogin'], env['AGILICUS_ORG_ID'])
    for fake in started:
        fake.clear_log()
    return fakes, env


def minimum_reads(fakes):
    """Per service, the fewest reads the review needs (authentication apart: OneLogin's one token request), and why
    (docs/review.md states the same)."""
    xiq_users = len(fakes['xiq'].users)
    xiq_external = len(fakes['xiq'].external_users)
    kestra_users = len(fakes['kestra'].users)
    onelogin_users = len(fakes['onelogin'].users)
    agilicus_users = len(fakes['agilicus'].users)
    agilicus_identities = len(fakes['agilicus'].org_identities)
    return {
        'xiq': (int(math.ceil(xiq_users / 100.0)) + max(1, int(math.ceil(xiq_external / 100.0))),
                'GET /users + GET /users/external (the grants to other accounts), 100 a page; roles in the listings'),
        'kestra': (int(math.ceil(kestra_users / 500.0)) + kestra_users,
                   'GET /api/v1/users (500 a page, superAdmin in the summary) + one token listing per user '
                   '(no endpoint lists every token)'),
        'agilicus': (max(1, int(math.ceil(agilicus_users / 500.0))) + max(1, int(math.ceil(agilicus_identities / 500.0))),
                     'GET /users?org_id (500 a page, roles in the listing) + GET /v1/org_upstream_user_identities '
                     '(500 a page: the sign-ins)'),
        'onelogin': (int(math.ceil(onelogin_users / 100.0)) + onelogin_users,
                     'GET /api/1/users (100 a page) + GET /api/1/users/{id}/roles per user (the listing '
                     'carries no roles)'),
    }
