# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For every module, a run that changes nothing: the requests it sends, and the fewest the API allows.

``measure()`` runs each case in-process against its fake and counts the fake's log.
benchmarks/requests_per_run.py prints the table; test_minimum_requests.py holds every
case to zero writes and reads at the minimum.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests.integration import membership_vendors, scenarios
from tests.integration.bulk_vendors import VENDORS
from tests.integration.inprocess import run_module

BULK_USERS = 250


class Case:
    """One no-change run: start a fake, make the resource exist, then run ``args`` and count."""

    def __init__(self, module, label, scenario, args, minimum, why, prepare=True):
        self.module = module
        self.label = label
        self.scenario = scenario        # where the fake and the connection come from
        self.args = args                # fake -> module arguments of the counted run
        self.minimum = minimum          # the fewest reads (authentication apart) the API allows
        self.why = why
        self.prepare = prepare          # create the scenario's resource first

    def run(self):
        fake, connection = self.scenario.start()
        try:
            if self.prepare:
                run_module(self.scenario.module, dict(connection, **self.scenario.create(fake)))
            args = dict(connection, **self.args(fake))
            fake.clear_log()
            result = run_module(self.module, args)
            auth, reads, writes = fake.request_counts()
            return dict(module=self.module, case=self.label, auth=auth, reads=reads,
                        writes=writes, minimum=self.minimum, why=self.why, changed=result.get('changed'),
                        failed=result.get('failed', False), msg=result.get('msg'))
        finally:
            fake.stop()


def _hugo_id(fake):
    return fake.scenario_user['id']


def _dave_id(fake):
    return next(u['id'] for u in fake.users.values() if u['username'] == 'dave')


def _by_name(module):
    return next(s for s in scenarios.ALL if s.module == module)


WRITE_MINIMUMS = {
    'xiq_user': (1, 'no filter on GET /users: the pages up to the one holding the user (page 1 here)'),
    'xiq_external_user': (1, 'without org_id every grant of the login is needed: the whole list (1 page here)'),
    'kestra_api_token': (2, "the owner's id by e-mail (q search), then its tokens; tokens have no other lookup"),
    'kestra_user': (2, 'the id by e-mail (q search), then GET /users/{id}: the listing lacks names and groups'),
    'kestra_user_groups': (2, 'the id by e-mail (q search), then GET /users/{id}: the listing lacks groups'),
    'agilicus_service_account': (1, 'GET /v1/service_accounts?org_id= (no filter by name)'),
    'agilicus_user': (1, 'GET /users?email= (exact filter); the answer is the whole user'),
    'agilicus_user_role': (1, 'the user, found by e-mail, carries its direct roles'),
    'agilicus_mfa_challenge_method': (2, "the user's id by e-mail, then the user's methods"),
    'agilicus_upstream_user_identity': (2, "the user's id by e-mail, then the user's upstream identities"),
    'agilicus_user_metadata': (2, "the user's id by e-mail, then GET /v1/user_metadata?user_id="),
    'agilicus_user_request': (2, "the user's id by e-mail, then GET /v1/user_requests?user_id="),
    'onelogin_user_role': (2, 'the user by username (exact filter), then its roles'),
    'onelogin_user': (1, 'GET /api/1/users?username= (exact filter)'),
}

CASES = [Case(s.module, 'no change, by natural key', s, s.create, *WRITE_MINIMUMS[s.module])
         for s in scenarios.ALL]

CASES += [
    Case('xiq_user', 'no change, by id', scenarios.XIQ,
         lambda fake: dict(id=next(u['id'] for u in fake.users.values() if u['login_name'] == 'alice@example.com'),
                           user_role='OPERATOR'), 1, 'GET /users/{id}'),
    Case('kestra_user', 'no change, by id', scenarios.KESTRA_USER,
         lambda fake: dict(id=next(u['id'] for u in fake.users.values() if u['email'] == 'dana@example.com'),
                           first_name='Dana'), 1, 'GET /users/{id}'),
    Case('agilicus_user_metadata', 'no change, by user_id', _by_name('agilicus_user_metadata'),
         lambda fake: dict(user_id=_hugo_id(fake), data_type='json', name='prefs', data='{"theme": "dark"}'),
         1, 'GET /v1/user_metadata?user_id= (the user is checked only before a create)'),
    Case('agilicus_mfa_challenge_method', 'no change, by user_id', _by_name('agilicus_mfa_challenge_method'),
         lambda fake: dict(user_id=_hugo_id(fake), challenge_type='sms', nickname='work', endpoint='+15550123',
                           priority=1), 1, "GET /users/{id}/mfa_challenge_methods"),
    Case('onelogin_user_role', 'no change, by user_id', scenarios.ONELOGIN,
         lambda fake: dict(user_id=_dave_id(fake), role_ids=[150002, 150003]), 1,
         'GET /api/1/users/{id}/roles (404 for no such user)'),
    Case('xiq_user', 'absent, not there', scenarios.XIQ,
         lambda fake: dict(login_name='nobody@example.com', state='absent'), 1,
         'a user not there: every page must be read (1 here)'),
]

INFO_CASES = [
    Case('xiq_user_info', 'one user by login', scenarios.XIQ, lambda fake: dict(login_name='alice@example.com'),
         1, 'the pages up to the user (page 1 here)'),
    Case('xiq_external_user_info', 'grants of a login', scenarios.XIQ_EXTERNAL,
         lambda fake: dict(login_name='eng@partner.example'), 1, 'every page of grants (1 here)'),
    Case('kestra_user_info', 'one user by e-mail', scenarios.KESTRA_USER, lambda fake: dict(email='dana@example.com'),
         2, 'q search for the id, then the whole user'),
    Case('kestra_api_token_info', "a user's tokens", scenarios.KESTRA, lambda fake: dict(user_email='carol@example.com'),
         2, "the owner's id by e-mail, then its tokens"),
    Case('agilicus_user_info', 'one user by e-mail', scenarios.AGILICUS_USER, lambda fake: dict(email='gina@example.com'),
         1, 'GET /users?email='),
    Case('agilicus_service_account_info', 'one account by name', scenarios.AGILICUS,
         lambda fake: dict(name='backup-robot'), 1, 'GET /v1/service_accounts?org_id='),
    Case('agilicus_access_request_info', 'every request', _by_name('agilicus_user_request'), lambda fake: dict(),
         1, 'GET /v1/access_requests?org_id= (one page here)'),
    Case('onelogin_user_info', 'one user by username', scenarios.ONELOGIN_USER,
         lambda fake: dict(filters=dict(username='erin')), 1, 'GET /api/1/users?username='),
]
CASES += INFO_CASES


class BulkCase:
    """A bulk module over a directory of BULK_USERS users, every one of them listed and already right."""

    def __init__(self, vendor):
        self.module = vendor.module
        self.label = 'no change, %d users listed' % BULK_USERS
        self.vendor = vendor

    def run(self):
        fake = self.vendor.start(BULK_USERS)
        try:
            config = [self.vendor.entry(n) for n in range(BULK_USERS)]
            fake.clear_log()
            result = run_module(self.module, self.vendor.args(fake, config=config))
            auth, reads, writes = fake.request_counts()
            minimum = self.vendor.listing_requests(len(fake.users))
            return dict(module=self.module, case=self.label, auth=auth, reads=reads,
                        writes=writes, minimum=minimum, changed=result.get('changed'),
                        failed=result.get('failed', False), msg=result.get('msg'),
                        why='ceil(%d users / %d a page), the largest page the listing serves'
                        % (len(fake.users), self.vendor.page_size))
        finally:
            fake.stop()


CASES += [BulkCase(vendor) for vendor in VENDORS]


class MembershipCase:
    """A bulk module whose BULK_USERS listed users each hold roles or groups, already right: the memberships are
    read per role or group, or from what the run reads anyway - never per user where the API allows it."""

    def __init__(self, kind):
        self.kind = kind
        self.module = kind.vendor.module
        self.label = 'no change, %d users listed with %s' % (BULK_USERS, kind.option)

    def run(self):
        kind = self.kind()
        fake = kind.vendor.start(BULK_USERS)
        try:
            kind.prepare(fake)
            membership_vendors.seeded(kind, fake, lambda n: 'ab' if n % 3 else 'c', BULK_USERS)
            config = [kind.entry(n, 'ab' if n % 3 else 'c') for n in range(BULK_USERS)]
            fake.clear_log()
            result = run_module(self.module, kind.vendor.args(fake, config=config))
            auth, reads, writes = fake.request_counts()
            return dict(module=self.module, case=self.label, auth=auth, reads=reads, writes=writes,
                        minimum=kind.minimum_reads(fake, BULK_USERS), changed=result.get('changed'),
                        failed=result.get('failed', False), msg=result.get('msg'), why=kind.why)
        finally:
            fake.stop()


CASES += [MembershipCase(kind) for kind in membership_vendors.KINDS]


def measure():
    return [case.run() for case in CASES]
