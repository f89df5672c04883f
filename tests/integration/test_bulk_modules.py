# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The four <vendor>_users modules against their fakes: requests, idempotency, check mode, faults."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.bulk_vendors import VENDORS
from tests.integration.harness import run_task

USERS = 250      # several pages for XIQ and OneLogin (100 a page), one for Kestra and Agilicus (500)


@pytest.fixture(params=VENDORS, ids=repr)
def vendor(request):
    return request.param


@pytest.fixture
def directory(vendor):
    fake = vendor.start(USERS)
    yield fake
    fake.stop()


def as_seeded(vendor):
    return [vendor.entry(n) for n in range(USERS)]


def test_no_change_run_reads_each_page_once_and_sends_no_write(vendor, directory):
    result = vendor.run(directory, config=as_seeded(vendor))
    assert result['changed'] is False, result.get('msg')
    assert result['summary']['unchanged'] == USERS
    assert directory.writes() == []
    assert len(directory.log) <= vendor.listing_requests(len(directory.users)) + vendor.auth_requests


def test_check_mode_predicts_the_real_run_and_a_second_run_changes_nothing(vendor, directory):
    config = as_seeded(vendor)
    config[7] = vendor.change(config[7])
    config.append(vendor.entry(USERS + 1))          # a new user
    predicted = vendor.run(directory, check=True, diff=True, config=config)
    assert directory.writes() == []
    done = vendor.run(directory, diff=True, config=config)
    assert predicted['changed'] is done['changed'] is True
    assert predicted['summary'] == done['summary']
    assert (done['summary']['created'], done['summary']['updated']) == (1, 1)
    assert sorted(predicted['diff']['after']) == sorted(done['diff']['after'])
    again = vendor.run(directory, config=config)
    assert again['changed'] is False and directory.writes() == []


def test_gathered_fed_back_as_merged_config_changes_nothing(vendor, directory):
    gathered = vendor.run(directory, state='gathered')['gathered']
    assert len(gathered) == len(directory.users)
    again = vendor.run(directory, config=gathered)
    assert again['changed'] is False, [u for u in again['users'] if u['result'] != 'unchanged'][:3]
    assert directory.writes() == []


def test_overridden_refuses_without_its_guard_and_sends_nothing(vendor, directory):
    result = vendor.run(directory, state='overridden', config=as_seeded(vendor)[:3])
    assert result['failed'] and 'delete_unlisted' in result['msg']
    assert directory.log == []


def test_overridden_deletes_the_unlisted_and_keeps_the_caller(vendor, directory):
    keep = as_seeded(vendor)[:5]
    limits = dict(max_deletions=USERS, max_deletion_percent=100)   # a mass deletion, meant
    result = vendor.run(directory, state='overridden', delete_unlisted=True, config=keep, **limits)
    assert result['summary']['deleted'] == USERS - 5
    kept = [row for row in result['users'] if row['result'] == 'kept']
    assert len(directory.users) == 5 + len(kept)
    again = vendor.run(directory, state='overridden', delete_unlisted=True, config=keep, **limits)
    assert again['changed'] is False and directory.writes() == []


def test_deleted_removes_the_listed_users(vendor, directory):
    leavers = as_seeded(vendor)[:3] + [vendor.entry(USERS + 9)]      # one never existed
    result = vendor.run(directory, state='deleted', config=leavers)
    assert result['summary']['deleted'] == 3 and result['summary']['unchanged'] == 1
    assert len(directory.users) == USERS - 3 + (1 if vendor.name in ('xiq', 'kestra') else 0)


def test_rate_limits_pause_the_concurrent_writers_and_every_write_lands(vendor, directory):
    newcomers = [vendor.entry(USERS + n) for n in range(12)]
    directory.inject(status=429, headers={'Retry-After': '1'}, method='POST', path='users$', times=3)
    result = vendor.run(directory, config=newcomers, concurrency=4)
    assert result['summary']['created'] == 12, result.get('msg')
    assert sum(1 for entry in directory.log if entry.get('status') == 429) == 3
    assert vendor.run(directory, config=newcomers)['changed'] is False


def test_a_failed_write_stops_the_run_says_what_was_applied_and_a_rerun_completes(vendor, directory):
    newcomers = [vendor.entry(USERS + n) for n in range(6)]
    directory.inject(status=400, method='POST', path='users$', times=1)
    failed = vendor.run(directory, config=newcomers, concurrency=1)
    assert failed['failed'] is True
    assert failed['summary']['failed'] == 1 and failed['summary']['not attempted'] == 5
    assert '-> 400' in failed['msg'] and 'run the task again' in failed['msg']
    assert [row['result'] for row in failed['users']].count('failed') == 1
    rerun = vendor.run(directory, config=newcomers)
    assert rerun['summary']['created'] == 6


CONNECTION_SECRETS = {'xiq': 'bulk-xiq-token', 'kestra': 'bulk-kestra-token', 'agilicus': 'bulk-agilicus-token',
                      'onelogin': 'bulk-onelogin-secret'}


def test_through_ansible_playbook_check_diff_shows_the_change_and_hides_secrets(tmp_path, vendor):
    fake = vendor.start(20)
    try:
        config = [vendor.entry(n) for n in range(20)]
        config[3] = vendor.change(config[3])
        newcomer = vendor.entry(99)
        if vendor.name in ('kestra', 'onelogin'):       # the bulk modules that take passwords
            newcomer['password'] = 'Planted-Secret-314'
        config.append(newcomer)
        run = run_task(tmp_path, vendor.module, vendor.args(fake, config=config), check=True, diff=True,
                       verbosity=3)
        assert run.changed is True and not run.failed, run.output
        assert fake.writes() == []
        changed_key = list(config[3].values())[0]
        changed_option = next(name for name in config[3] if config[3][name] != vendor.entry(3).get(name))
        assert '"%s": {' % changed_key in run.output          # the diff, per user
        assert '"%s": ' % changed_option in run.output        # naming the option that changes
        assert 'Planted-Secret-314' not in run.output
        assert CONNECTION_SECRETS[vendor.name] not in run.output
    finally:
        fake.stop()


def test_kestra_bulk_tenant_change_keeps_names_and_groups_the_listing_does_not_show():
    vendor = [v for v in VENDORS if v.name == 'kestra'][0]
    fake = vendor.make_fake()
    group = fake.add_group('devs', 'main')
    user = fake.add_user('keep@example.com', firstName='Kim', lastName='Keep',
                         tenants=[dict(id='main', name='main')], groups=[dict(id=group['id'], tenantId='main')])
    fake.start()
    try:
        result = vendor.run(fake, config=[dict(email='keep@example.com', tenants=['main', 'staging'])])
        assert result['summary']['updated'] == 1
        assert [(e['method'], e['path']) for e in fake.log if e['path'].endswith(user['id'])] == [
            ('GET', '/api/v1/users/' + user['id']), ('PUT', '/api/v1/users/' + user['id'])]
        assert (user['firstName'], user['lastName']) == ('Kim', 'Keep')
        assert [g['id'] for g in user['groups']] == [group['id']]
        assert sorted(t['id'] for t in user['tenants']) == ['main', 'staging']
    finally:
        fake.stop()


def test_kestra_bulk_delete_reads_no_details_even_when_entries_carry_names():
    vendor = [v for v in VENDORS if v.name == 'kestra'][0]
    fake = vendor.start(20)
    try:
        leavers = [dict(vendor.entry(n), first_name='Named') for n in range(5)]
        result = vendor.run(fake, state='deleted', config=leavers)
        assert result['summary']['deleted'] == 5
        # the listing, the caller's own id (kept from any deletion), then the deletes: no user read whole
        assert [(e['method'], e['path']) for e in fake.log][:2] == [('GET', '/api/v1/users'), ('GET', '/api/v1/me')]
        assert [e['method'] for e in fake.log][2:] == ['DELETE'] * 5
    finally:
        fake.stop()
