# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bulk engine's rules, against an in-memory directory: no HTTP, every write recorded."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import bulk, common, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError
from ansible_collections.accessops.identity.plugins.module_utils.declaration import Option, Resource


class MemoryDirectory(bulk.Directory):
    """Users in a dict; ``fail_on`` names users whose write answers 500; pages of 2 are counted."""

    resource = Resource('user', 'name', [
        Option('name', key=True),
        Option('role', required_on_create=True),
        Option('groups', type='list', elements='str', compare=reconcile.SET, reset=[]),
        Option('password', no_log=True, compare=reconcile.WRITE_ONLY),
    ])

    def __init__(self, users, fail_on=(), protected_ids=(), write_delay=0.0):
        super(MemoryDirectory, self).__init__(None, None)
        self.users = dict((u['name'], dict(u, id=number)) for number, u in enumerate(users, 1))
        self.writes = []
        self.pages_read = 0
        self.fail_on = set(fail_on)
        self.protected_ids = protected_ids
        self.write_delay = write_delay
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()

    def read_all(self):
        users = [dict(u) for u in sorted(self.users.values(), key=lambda u: u['id'])]
        for start in range(0, len(users), 2):
            self.pages_read += 1
            yield from users[start:start + 2]

    def protected(self):
        return dict((i, 'the caller') for i in self.protected_ids)

    def to_config(self, user):
        return dict(name=user['name'], role=user.get('role'), groups=user.get('groups'))

    def _write(self, verb, name, body=None):
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(self.write_delay)
        with self.lock:
            self.in_flight -= 1
            self.writes.append((verb, name))
        if name in self.fail_on:
            raise ApiError(verb, '/users/%s' % name, 500, 'boom')

    def create(self, body):
        self._write('create', body['name'])
        self.users[body['name']] = dict(body, id=len(self.users) + 100)
        return self.users[body['name']]

    def update(self, user, changes):
        self._write('update', user['name'])
        self.users[user['name']].update(changes)
        return self.users[user['name']]

    def delete(self, user):
        self._write('delete', user['name'])
        del self.users[user['name']]


class Module:
    def __init__(self, check_mode=False, diff=False, **params):
        # the defaults every bulk module has, taken from the options themselves
        self.params = dict((name, spec.get('default')) for name, spec in bulk.bulk_options({}, passwords=True).items())
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff


def run(directory, **params):
    return bulk.reconcile_directory(Module(**params), None, directory)


STAFF = [dict(name='alice', role='admin', groups=['a', 'b']), dict(name='bob', role='user', groups=[]),
         dict(name='carol', role='user', groups=['a'])]


def test_second_run_sends_no_write():
    directory = MemoryDirectory(STAFF)
    config = [dict(name='Alice', role='user'), dict(name='dave', role='user')]
    first = run(directory, config=config)
    assert first['changed'] is True
    assert sorted(directory.writes) == [('create', 'dave'), ('update', 'alice')]
    directory.writes = []
    second = run(directory, config=config)
    assert second['changed'] is False and directory.writes == []
    assert second['summary']['unchanged'] == 2


def test_check_mode_decides_the_same_and_writes_nothing():
    config = [dict(name='alice', groups=['b', 'c']), dict(name='erin', role='user')]
    checked = MemoryDirectory(STAFF)
    predicted = run(checked, config=config, check_mode=True, diff=True)
    real = MemoryDirectory(STAFF)
    done = run(real, config=config, diff=True)
    assert checked.writes == []
    assert predicted['changed'] is done['changed'] is True
    assert predicted['summary'] == done['summary']
    assert predicted['diff'] == done['diff']
    assert predicted['diff']['after']['alice'] == {'name': 'alice', 'groups': ['b', 'c']}


def test_replaced_resets_the_options_an_entry_leaves_out():
    directory = MemoryDirectory(STAFF)
    run(directory, config=[dict(name='alice', role='admin')], state='replaced')
    assert directory.users['alice']['groups'] == []
    assert directory.users['carol']['groups'] == ['a']        # not listed: not touched


def test_overridden_needs_the_explicit_guard_and_sends_nothing_without_it():
    directory = MemoryDirectory(STAFF)
    with pytest.raises(common.InputError, match='delete_unlisted: true'):
        run(directory, config=[dict(name='alice', role='admin')], state='overridden')
    assert directory.pages_read == 0 and directory.writes == []


def test_overridden_deletes_the_unlisted_but_keeps_the_callers_account():
    directory = MemoryDirectory(STAFF, protected_ids=[2])
    result = run(directory, config=[dict(name='alice', role='admin', groups=['a', 'b'])], state='overridden',
                 delete_unlisted=True)
    assert directory.writes == [('delete', 'carol')]
    rows = dict((row['name'], row) for row in result['users'])
    assert rows['bob']['result'] == 'kept' and rows['bob']['reason'] == 'the caller'
    assert result['summary']['deleted'] == 1 and result['summary']['kept'] == 1


def test_deleted_removes_only_the_listed_and_is_idempotent():
    directory = MemoryDirectory(STAFF)
    assert run(directory, config=[dict(name='bob'), dict(name='zed')], state='deleted')['changed']
    assert sorted(directory.users) == ['alice', 'carol']
    assert run(directory, config=[dict(name='bob')], state='deleted')['changed'] is False


def test_gathered_round_trips_into_merged_without_change():
    directory = MemoryDirectory(STAFF)
    gathered = run(directory, state='gathered')['gathered']
    assert run(directory, config=gathered)['changed'] is False
    assert directory.writes == []


@pytest.mark.parametrize('config, words', [
    ([dict(name='alice'), dict(name='ALICE')], ['name ALICE twice', 'entries 1 and 2']),
    ([dict(role='x')], ['entry 1', 'no name']),
    ([], ['at least one']),
])
def test_bad_config_is_refused_before_any_read(config, words):
    directory = MemoryDirectory(STAFF)
    with pytest.raises(common.InputError) as caught:
        run(directory, config=config)
    assert all(word in str(caught.value) for word in words)
    assert directory.pages_read == 0


def test_a_create_missing_required_options_fails_before_any_write():
    directory = MemoryDirectory(STAFF)
    with pytest.raises(common.InputError, match='zed .*also set: role'):
        run(directory, config=[dict(name='alice', role='user'), dict(name='zed')])
    assert directory.writes == []


def test_reading_stops_once_every_listed_user_is_found():
    directory = MemoryDirectory(STAFF + [dict(name='u%d' % n, role='user') for n in range(10)])
    run(directory, config=[dict(name='bob', role='user')])
    assert directory.pages_read == 1


def test_writes_never_exceed_the_concurrency():
    people = [dict(name='p%02d' % n, role='user') for n in range(12)]
    directory = MemoryDirectory([], write_delay=0.02)
    run(directory, config=people, concurrency=3)
    assert len(directory.writes) == 12
    assert directory.most_in_flight == 3


def test_after_a_failure_no_new_write_starts_and_the_result_says_what_was_applied():
    people = [dict(name='p%02d' % n, role='user') for n in range(6)]
    directory = MemoryDirectory([], fail_on=['p02'])
    with pytest.raises(common.PartialFailure) as caught:
        run(directory, config=people, concurrency=1)
    result = caught.value.result
    assert [w[1] for w in directory.writes] == ['p00', 'p01', 'p02']
    assert result['summary']['created'] == 2 and result['summary']['failed'] == 1
    assert result['summary']['not attempted'] == 3 and result['changed'] is True
    assert 'create /users/p02 -> 500: boom' in str(caught.value)
    assert '2 created' in str(caught.value) and '3 not attempted' in str(caught.value)
    assert 'may or may not have been applied' in str(caught.value)


def test_write_only_values_are_sent_on_create_and_masked_in_the_diff():
    directory = MemoryDirectory(STAFF)
    result = run(directory, config=[dict(name='zed', role='user', password='s3cret-value')], diff=True)
    assert directory.users['zed']['password'] == 's3cret-value'
    assert 's3cret-value' not in repr(result)
    again = run(directory, config=[dict(name='zed', role='user', password='s3cret-value')])
    assert again['changed'] is False      # update_password=on_create: never re-sent


def test_concurrency_is_bounded():
    with pytest.raises(common.InputError, match='concurrency must be between 1 and 16'):
        run(MemoryDirectory(STAFF), config=[dict(name='alice')], concurrency=0)


class BrokenCreateDirectory(MemoryDirectory):
    """A create that lands, then trips on its answer: Kestra's documented 201 with no body, say."""

    def create(self, body):
        answer = super(BrokenCreateDirectory, self).create(body)
        return answer['id'] + ''   # a defect in a worker thread (int + str), not an ApiError


def test_any_exception_in_a_worker_is_that_users_failure_not_a_traceback():
    directory = BrokenCreateDirectory([dict(name='kept', role='admin')])
    config = [dict(name='new%d' % n, role='user') for n in range(3)]
    with pytest.raises(common.PartialFailure) as caught:
        run(directory, config=config, concurrency=1)
    result = caught.value.result
    assert result['summary']['failed'] == 1 and result['summary']['not attempted'] == 2
    assert result['changed'] is True   # the failed write landed before the defect: never "nothing changed"
    failed = [row for row in result['users'] if row['result'] == 'failed'][0]
    assert 'TypeError' in failed['msg'] and 'may or may not have been applied' in failed['msg']
    assert 'unexpected error' in str(caught.value) and 'may or may not have been applied' in str(caught.value)
