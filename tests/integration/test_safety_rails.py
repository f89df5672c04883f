# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Safety rails of the four bulk modules: a typo, a truncated list or a bad id never costs anyone their access.

- Deletion limits (``max_deletions``, ``max_deletion_percent``) are on by default; exceeding either fails
  before any write, in check mode too, naming the accounts that would have gone.
- ``protected`` accounts are never deleted or changed; they are reported ``kept``.
- The caller's own account is kept wherever the API can tell who the caller is.
- A privileged account (XIQ administrator, Kestra instance owner) is deleted by ``overridden`` only with
  ``delete_privileged``, and a resetting state never lowers a privilege the entry does not mention.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json

import pytest

from tests.fakes.agilicus import AgilicusFake
from tests.integration.bulk_vendors import ORG, VENDORS
from tests.integration.inprocess import run_module

SEEDED = 12


@pytest.fixture(params=VENDORS, ids=repr)
def vendor(request):
    return request.param


@pytest.fixture
def directory(vendor):
    fake = vendor.start(SEEDED)
    yield fake
    fake.stop()


def key_of(vendor, number):
    entry = vendor.entry(number)
    return entry.get('login_name') or entry.get('username') or entry['email']


def keep(vendor, *numbers):
    return [vendor.entry(n) for n in numbers]


# Deletion limits ---------------------------------------------------------------------------

@pytest.mark.parametrize('check', [False, True], ids=['real', 'check'])
def test_an_empty_overridden_config_is_stopped_by_the_default_limit(vendor, directory, check):
    before = len(directory.users)
    result = vendor.run(directory, check=check, state='overridden', delete_unlisted=True, config=[])
    assert result.get('failed') is True, result
    assert 'max_deletions' in result['msg'] and key_of(vendor, 0) in result['msg'], result['msg']
    assert directory.writes() == [] and len(directory.users) == before


def test_the_count_limit_names_every_account_and_the_option(vendor, directory):
    result = vendor.run(directory, state='overridden', delete_unlisted=True, max_deletions=3,
                        max_deletion_percent=100, config=keep(vendor, *range(SEEDED - 4)))
    assert result.get('failed') is True
    msg = result['msg']
    assert 'would delete 4' in msg and 'max_deletions is 3' in msg, msg
    for number in range(SEEDED - 4, SEEDED):
        assert key_of(vendor, number) in msg
    assert directory.writes() == []


def test_the_percent_limit_counts_against_the_whole_directory(vendor, directory):
    total = len(directory.users)          # the caller's own account may be one of them
    result = vendor.run(directory, state='overridden', delete_unlisted=True, max_deletions=100,
                        max_deletion_percent=20, config=keep(vendor, *range(SEEDED - 3)))
    assert result.get('failed') is True
    assert 'max_deletion_percent is 20' in result['msg'] and 'of %d' % total in result['msg'], result['msg']
    assert directory.writes() == []


def test_deletions_within_both_limits_go_ahead(vendor, directory):
    result = vendor.run(directory, state='overridden', delete_unlisted=True, max_deletions=2,
                        max_deletion_percent=20, config=keep(vendor, *range(SEEDED - 2)))
    assert not result.get('failed'), result
    assert result['summary']['deleted'] == 2


def test_state_deleted_is_limited_too(vendor, directory):
    result = vendor.run(directory, state='deleted', max_deletions=2, config=keep(vendor, 0, 1, 2))
    assert result.get('failed') is True and 'max_deletions is 2' in result['msg'], result
    assert directory.writes() == []


def test_state_deleted_percent_is_of_the_whole_directory_not_of_what_was_read(vendor, directory):
    # the first three users are found on the first page; the percentage still counts every account
    result = vendor.run(directory, state='deleted', max_deletions=100, max_deletion_percent=10,
                        config=keep(vendor, 0, 1))
    assert result.get('failed') is True and 'max_deletion_percent is 10' in result['msg'], result


def test_one_deletion_is_never_stopped_by_the_percentage(vendor, directory):
    result = vendor.run(directory, state='deleted', max_deletion_percent=0, config=keep(vendor, 0))
    assert not result.get('failed'), result
    assert result['summary']['deleted'] == 1


@pytest.mark.parametrize('args, why', [
    (dict(max_deletions=-1), 'max_deletions must be 0 or more'),
    (dict(max_deletion_percent=101), 'max_deletion_percent must be between 0 and 100'),
    (dict(max_deletion_percent=-5), 'max_deletion_percent must be between 0 and 100'),
])
def test_a_limit_out_of_range_fails_before_any_request(vendor, directory, args, why):
    result = vendor.run(directory, state='deleted', config=keep(vendor, 0), **args)
    assert result.get('failed') is True and why in result['msg'], result
    assert directory.log == []


def test_max_deletions_zero_forbids_any_deletion(vendor, directory):
    result = vendor.run(directory, state='deleted', max_deletions=0, config=keep(vendor, 0))
    assert result.get('failed') is True and 'max_deletions is 0' in result['msg'], result


# Protected accounts ------------------------------------------------------------------------

def test_a_protected_account_is_kept_by_overridden(vendor, directory):
    protected = key_of(vendor, SEEDED - 1)
    result = vendor.run(directory, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                        protected=['  %s ' % protected.upper()], config=keep(vendor, *range(SEEDED - 2)))
    assert not result.get('failed'), result
    key = list(vendor.entry(0))[0]
    rows = dict((row[key], row) for row in result['users'])
    assert rows[protected]['result'] == 'kept' and 'protected' in rows[protected]['reason']
    assert result['summary']['deleted'] == 1


def test_a_protected_account_listed_for_deletion_is_kept(vendor, directory):
    protected = key_of(vendor, 0)
    result = vendor.run(directory, state='deleted', protected=[protected], config=keep(vendor, 0, 1))
    assert not result.get('failed'), result
    assert result['summary']['kept'] == 1 and result['summary']['deleted'] == 1


def test_a_protected_account_is_not_changed_either(vendor, directory):
    entry = vendor.change(vendor.entry(0))
    result = vendor.run(directory, protected=[key_of(vendor, 0)], config=[entry])
    assert result['changed'] is False and directory.writes() == [], result
    assert result['users'][0]['result'] == 'kept'


def test_check_mode_keeps_what_a_real_run_keeps(vendor, directory):
    args = dict(state='overridden', delete_unlisted=True, max_deletion_percent=100, protected=[key_of(vendor, 11)],
                config=keep(vendor, *range(SEEDED - 3)))
    predicted = vendor.run(directory, check=True, **args)
    done = vendor.run(directory, **args)
    assert predicted['summary'] == done['summary']


# The caller's own account and privileged accounts -------------------------------------------

def jwt_for(user_id):
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip('=')
    return '%s.%s.signature' % (part({'alg': 'ES256', 'typ': 'JWT'}), part({'sub': user_id, 'org': ORG}))


def test_agilicus_keeps_the_account_its_token_belongs_to():
    fake = AgilicusFake(token='placeholder')
    me = fake.add_user('me@example.com', ORG, first_name='Me')
    fake.add_user('other@example.com', ORG, first_name='Other')
    token = jwt_for(me['id'])
    fake.tokens.add(token)
    fake.start()
    try:
        result = run_module('agilicus_users', dict(api_url=fake.url, api_token=token, org_id=ORG,
                                                   state='overridden', delete_unlisted=True,
                                                   max_deletion_percent=100, config=[]), False, False)
        assert not result.get('failed'), result
        rows = dict((row['email'], row) for row in result['users'])
        assert rows['me@example.com']['result'] == 'kept', rows
        assert rows['other@example.com']['result'] == 'deleted'
    finally:
        fake.stop()


def test_agilicus_caller_listed_for_deletion_is_kept():
    fake = AgilicusFake(token='placeholder')
    me = fake.add_user('me@example.com', ORG, first_name='Me')
    token = jwt_for(me['id'])
    fake.tokens.add(token)
    fake.start()
    try:
        result = run_module('agilicus_users', dict(api_url=fake.url, api_token=token, org_id=ORG,
                                                   state='deleted', config=[dict(email='me@example.com')]),
                            False, False)
        assert not result.get('failed') and result['summary']['kept'] == 1, result
        assert fake.writes() == []
    finally:
        fake.stop()


def test_agilicus_caller_is_not_disabled_and_check_mode_says_the_same():
    """The caller's own account is not disabled either (the run would lock itself out); another user is, and
    --check reports the same outcomes with no write."""
    fake = AgilicusFake(token='placeholder')
    me = fake.add_user('me@example.com', ORG, first_name='Me')
    fake.add_user('other@example.com', ORG, first_name='Other')
    token = jwt_for(me['id'])
    fake.tokens.add(token)
    fake.start()
    try:
        args = dict(api_url=fake.url, api_token=token, org_id=ORG, state='merged', create_missing=False,
                    config=[dict(email='me@example.com', status='disabled'), dict(email='other@example.com', status='disabled')])
        predicted = run_module('agilicus_users', args, True, False)
        assert fake.writes() == []
        result = run_module('agilicus_users', args, False, False)
        rows = dict((row['email'], row) for row in result['users'])
        assert rows['me@example.com']['result'] == 'kept' and 'not disabled' in rows['me@example.com']['reason'], rows
        assert rows['other@example.com']['result'] == 'updated'
        assert predicted['summary'] == result['summary']
        assert fake.users[me['id']]['status'] == 'active'
    finally:
        fake.stop()


def test_an_unlisted_xiq_administrator_is_kept_unless_delete_privileged():
    vendor = dict((v.name, v) for v in VENDORS)['xiq']
    fake = vendor.start(2)
    fake.add_user(login_name='boss@example.com', display_name='Boss', user_role='ADMINISTRATOR', idle_timeout=30)
    try:
        args = dict(state='overridden', delete_unlisted=True, max_deletion_percent=100, config=keep(vendor, 0))
        result = vendor.run(fake, **args)
        rows = dict((row['login_name'], row) for row in result['users'])
        assert rows['boss@example.com']['result'] == 'kept', rows
        assert 'ADMINISTRATOR' in rows['boss@example.com']['reason']
        assert rows[key_of(vendor, 1)]['result'] == 'deleted'
        result = vendor.run(fake, delete_privileged=True, **args)
        rows = dict((row['login_name'], row) for row in result['users'])
        assert rows['boss@example.com']['result'] == 'deleted', rows
    finally:
        fake.stop()


def test_an_unlisted_kestra_instance_owner_is_kept_and_a_replace_does_not_demote_one():
    vendor = dict((v.name, v) for v in VENDORS)['kestra']
    fake = vendor.start(2)
    owner = fake.add_user('owner@example.com', tenants=[dict(id='main', name='main')], superAdmin=True)
    try:
        result = vendor.run(fake, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                            config=keep(vendor, 0, 1))
        rows = dict((row['email'], row) for row in result['users'])
        assert rows['owner@example.com']['result'] == 'kept', rows
        assert 'instance owner' in rows['owner@example.com']['reason']
        # listed without instance_owner, replaced leaves the flag as it is
        result = vendor.run(fake, state='replaced', config=[dict(email='owner@example.com', tenants=['main'])])
        assert not result.get('failed'), result
        assert fake.users[owner['id']]['superAdmin'] is True
        # said explicitly, it is lowered
        result = vendor.run(fake, state='replaced',
                            config=[dict(email='owner@example.com', tenants=['main'], instance_owner=False)])
        assert result['changed'] is True and not fake.users[owner['id']]['superAdmin']
    finally:
        fake.stop()


def test_an_unlisted_agilicus_admin_is_kept_unless_delete_privileged():
    vendor = dict((v.name, v) for v in VENDORS)['agilicus']
    fake = vendor.start(2)
    boss = fake.add_user('boss@example.com', ORG, first_name='Boss')
    boss['roles'] = {'wiki': ['viewer'], 'portal': ['Admin']}
    try:
        args = dict(state='overridden', delete_unlisted=True, max_deletion_percent=100, config=keep(vendor, 0))
        rows = dict((row['email'], row) for row in vendor.run(fake, **args)['users'])
        assert rows['boss@example.com']['result'] == 'kept' and 'admin of portal' in rows['boss@example.com']['reason']
        rows = dict((row['email'], row) for row in vendor.run(fake, delete_privileged=True, **args)['users'])
        assert rows['boss@example.com']['result'] == 'deleted', rows
    finally:
        fake.stop()


# Creating nothing, and reporting who is not listed -------------------------------------------

def test_create_missing_false_creates_nothing_and_says_so(vendor, directory):
    args = dict(create_missing=False, config=[vendor.change(vendor.entry(0)), vendor.entry(500)])
    predicted = vendor.run(directory, check=True, **args)
    done = vendor.run(directory, **args)
    assert predicted['summary'] == done['summary'], (predicted, done)
    assert done['summary']['created'] == 0 and done['summary']['updated'] == 1 and done['summary']['kept'] == 1
    kept = [row for row in done['users'] if row['result'] == 'kept']
    assert 'create_missing is false' in kept[0]['reason']
    assert [w for w in directory.writes() if w['method'] == 'POST' and w['path'].endswith('users')] == []


def test_report_unlisted_names_every_user_config_leaves_out(vendor, directory):
    result = vendor.run(directory, report_unlisted=True, config=keep(vendor, 0, 1))
    assert result['changed'] is False and directory.writes() == []
    unlisted = set(key.lower() for key in result['unlisted'])
    assert set(key_of(vendor, n).lower() for n in range(2, SEEDED)) <= unlisted
    assert not set(key_of(vendor, n).lower() for n in range(2)) & unlisted
