# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The four bulk modules, described once for the tests and the benchmarks.

For each vendor: how to start its fake, seed ``n`` users fast (straight into the
fake's store), write the config entry of user ``n``, change it, and how many
requests the API needs, at the least, to read the whole directory.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests.fakes.agilicus import AgilicusFake
from tests.fakes.kestra import KestraFake
from tests.fakes.onelogin import OneLoginFake
from tests.fakes.xiq import XiqFake
from tests.integration.inprocess import run_module

ORG = 'org-bulk'


class BulkVendor:
    def __init__(self, name, module, single_module, page_size, auth_requests, make_fake, connection, seed,
                 entry, change):
        self.name = name
        self.module = module
        self.single_module = single_module    # the per-user module a loop would use instead
        self.page_size = page_size            # the largest page the listing serves
        self.auth_requests = auth_requests    # requests a run spends on authentication
        self.make_fake = make_fake
        self.connection = connection          # fake -> connection options
        self.seed = seed                      # (fake, n) -> None
        self.entry = entry                    # n -> config entry of user n as seeded
        self.change = change                  # entry -> the same user with one managed option changed

    def start(self, users=0):
        fake = self.make_fake()
        for number in range(users):
            self.seed(fake, number)
        fake.start()
        return fake

    def args(self, fake, **args):
        args.update(self.connection(fake), api_url=fake.url)
        return args

    def run(self, fake, check=False, diff=False, **args):
        """The bulk module's result against ``fake``, whose log starts empty for this run."""
        fake.clear_log()
        return run_module(self.module, self.args(fake, **args), check, diff)

    def listing_requests(self, users):
        """The fewest requests that read ``users`` (plus the caller's own account, where it is listed)."""
        return -(-users // self.page_size) or 1

    def __repr__(self):
        return self.name


def _xiq_seed(fake, number):
    fake.add_user(login_name='user%05d@example.com' % number, display_name='User %d' % number,
                  user_role='MONITOR', idle_timeout=30)


def _kestra_seed(fake, number):
    fake.add_user('user%05d@example.com' % number, tenants=[dict(id='main', name='main')])


def _agilicus_seed(fake, number):
    fake.add_user('user%05d@example.com' % number, ORG, first_name='User', last_name=str(number))


def _onelogin_seed(fake, number):
    fake.add_user('user%05d' % number, email='user%05d@example.com' % number, department='Staff')


VENDORS = [
    BulkVendor(
        'xiq', 'xiq_users', 'xiq_user', 100, 0,
        lambda: XiqFake(token='bulk-xiq-token'), lambda fake: dict(api_token='bulk-xiq-token'), _xiq_seed,
        lambda n: dict(login_name='user%05d@example.com' % n, display_name='User %d' % n, user_role='MONITOR'),
        lambda entry: dict(entry, user_role='OPERATOR')),
    BulkVendor(
        'kestra', 'kestra_users', 'kestra_user', 500, 0,
        lambda: KestraFake(token='bulk-kestra-token'), lambda fake: dict(api_token='bulk-kestra-token'),
        _kestra_seed, lambda n: dict(email='user%05d@example.com' % n, tenants=['main']),
        lambda entry: dict(entry, tenants=['main', 'staging'])),
    BulkVendor(
        'agilicus', 'agilicus_users', 'agilicus_user', 500, 0,
        lambda: AgilicusFake(token='bulk-agilicus-token'),
        lambda fake: dict(api_token='bulk-agilicus-token', org_id=ORG), _agilicus_seed,
        lambda n: dict(email='user%05d@example.com' % n, first_name='User', last_name=str(n)),
        lambda entry: dict(entry, status='disabled')),
    BulkVendor(
        'onelogin', 'onelogin_users', 'onelogin_user', 100, 1,
        lambda: OneLoginFake(client_id='bulk-client', client_secret='bulk-onelogin-secret'),
        lambda fake: dict(api_client_id='bulk-client', api_client_secret='bulk-onelogin-secret'), _onelogin_seed,
        lambda n: dict(username='user%05d' % n, email='user%05d@example.com' % n, department='Staff'),
        lambda entry: dict(entry, department='Sales')),
]
