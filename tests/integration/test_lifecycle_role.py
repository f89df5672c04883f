# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a new user does in a day: install the built collection, point it at the bundled fakes,
run the lifecycle role, preview a change with --check --diff, and offboard a person."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import subprocess
import sys

import pytest

from tests.fakes.serve import start_demo_fakes

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def tool(name):
    return os.path.join(BIN, name)


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """The collection as a user gets it: built into a tarball and installed from it."""
    work = tmp_path_factory.mktemp('install')
    subprocess.run([tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', str(work), ROOT],
                   check=True, stdout=subprocess.PIPE)
    tarball = next(str(work / name) for name in os.listdir(str(work)) if name.endswith('.tar.gz'))
    subprocess.run([tool('ansible-galaxy'), 'collection', 'install', '--force', '-p', str(work / 'collections'),
                    tarball], check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return str(work / 'collections')


@pytest.fixture
def fakes():
    started, env = start_demo_fakes()
    yield dict(zip(('xiq', 'kestra', 'agilicus', 'onelogin'), started)), env
    for fake in started:
        fake.stop()


def play(tmp_path, collections, env, people, *options, **role_vars):
    """Run the role on ``people``; (changed tasks, output). ``succeed=False`` expects the play to fail."""
    succeed = role_vars.pop('succeed', True)
    playbook = tmp_path / 'onboarding.yml'
    playbook.write_text(json.dumps([{
        'name': 'People across the four services', 'hosts': 'localhost', 'gather_facts': False,
        'roles': [dict(role_vars, role='accessops.identity.identity_lifecycle', identity_people=people)],
    }]))
    environment = dict(os.environ, **env)
    environment.update(ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
                       ANSIBLE_INVENTORY_UNPARSED_WARNING='0', PATH=BIN + os.pathsep + os.environ['PATH'])
    proc = subprocess.run([tool('ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                           '-e', 'ansible_python_interpreter=%s' % sys.executable, str(playbook)] + list(options),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, universal_newlines=True,
                          check=False)
    assert (proc.returncode == 0) is succeed, proc.stdout
    changed = int(re.search(r'localhost\s+: ok=\d+\s+changed=(\d+)', proc.stdout).group(1))
    return changed, proc.stdout


def writes(fakes):
    return sum(len(fake.writes()) for fake in fakes.values())


def test_joiner_mover_leaver_from_the_installed_collection(tmp_path, installed, fakes):
    services, env = fakes
    group = services['kestra'].add_group('devs', 'main')['id']
    bob = {'email': 'bob@example.com', 'first_name': 'Bob', 'last_name': 'Builder',
           'xiq': {'user_role': 'OPERATOR', 'location_ids': [101]},
           'kestra': {'tenants': ['main'], 'tenant': 'main', 'group_ids': [group]},
           'agilicus': {'roles': {'wiki': ['editor']}},
           'onelogin': {'username': 'bob', 'role_ids': [150001, 150002]}}
    carol = {'email': 'carol@example.com', 'first_name': 'Carol', 'last_name': 'Coder', 'onelogin': {}}

    changed, _output = play(tmp_path, installed, env, [bob, carol])
    assert changed == 4   # changed tasks: one a service, accounts and memberships together
    assert sorted(u['username'] for u in services['onelogin'].users.values()) == ['alice', 'bob', 'carol@example.com']
    assert [u for u in services['xiq'].users.values() if u['login_name'] == 'bob@example.com']
    assert not [u for u in services['xiq'].users.values() if u['login_name'] == 'carol@example.com']

    for fake in services.values():
        fake.clear_log()
    assert play(tmp_path, installed, env, [bob, carol])[0] == 0
    assert writes(services) == 0

    mover = dict(bob, xiq={'user_role': 'MONITOR', 'location_ids': [101]}, agilicus={'roles': {'crm': ['viewer']}})
    changed, output = play(tmp_path, installed, env, [mover, carol], '--check', '--diff')
    assert changed == 2 and writes(services) == 0
    assert re.search(r'-\s+"user_role": "OPERATOR"', output) and re.search(r'\+\s+"user_role": "MONITOR"', output)
    assert '"bob@example.com": {' in output     # the account tasks are bulk tasks: their diff is per person

    kestra_bob = next(u for u in services['kestra'].users.values() if u['email'] == 'bob@example.com')
    services['kestra'].add_token('/api/v1/users/%s' % kestra_bob['id'], 'laptop')
    services['kestra'].set_password(kestra_bob, 'bob-Pass-1')
    changed, output = play(tmp_path, installed, env, [dict(bob, state='absent'), carol])
    assert changed > 0
    assert 'bob@example.com: laptop' in output
    assert not [u for u in services['xiq'].users.values() if u['login_name'] == 'bob@example.com']
    assert not [u for u in services['kestra'].users.values() if u['email'] == 'bob@example.com']
    assert not [u for u in services['agilicus'].users.values() if u['email'] == 'bob@example.com']
    assert [u['username'] for u in services['onelogin'].users.values()] == ['alice', 'carol@example.com']
    ended = [e['path'] for e in services['onelogin'].log if e['path'].endswith('/logout')]
    assert len(ended) == 1, 'sessions are ended before the account is deleted'
    assert kestra_bob['id'] in services['kestra'].revoked_refresh_tokens
    assert play(tmp_path, installed, env, [dict(bob, state='absent'), carol])[0] == 0


def test_a_typo_in_a_service_setting_fails_before_any_request_naming_its_path(tmp_path, installed, fakes):
    services, env = fakes
    people = [{'email': 'dan@example.com', 'first_name': 'Dan', 'last_name': 'D', 'xiq': {'user_role': 'OPERATOR'}},
              {'email': 'eve@example.com', 'first_name': 'Eve', 'last_name': 'E', 'xiq': {'user_rol': 'OPERATOR'}}]
    _changed, output = play(tmp_path, installed, env, people, succeed=False)
    assert 'user_rol' in output and 'identity_people' in output and 'xiq' in output, output
    assert all(fake.log == [] for fake in services.values())


def test_a_bad_choice_fails_before_any_request(tmp_path, installed, fakes):
    services, env = fakes
    people = [{'email': 'dan@example.com', 'first_name': 'Dan', 'last_name': 'D', 'xiq': {'user_role': 'ADMIN'}}]
    _changed, output = play(tmp_path, installed, env, people, succeed=False)
    assert 'user_role' in output and 'ADMIN' in output, output
    assert all(fake.log == [] for fake in services.values())


def test_protected_people_are_left_alone_and_leavers_are_limited(tmp_path, installed, fakes):
    services, env = fakes
    people = [{'email': 'p%d@example.com' % n, 'first_name': 'P', 'last_name': str(n), 'xiq': {}} for n in range(4)]
    play(tmp_path, installed, env, people)

    def logins():
        return sorted(u['login_name'] for u in services['xiq'].users.values())
    assert set('p%d@example.com' % n for n in range(4)) <= set(logins())

    # a break-glass account listed as a leaver by mistake stays, and so do its sessions
    leaving = [dict(person, state='absent') for person in people]
    for fake in services.values():
        fake.clear_log()
    _changed, output = play(tmp_path, installed, env, leaving, succeed=False, identity_lifecycle_max_deletions=2,
                            identity_lifecycle_protected=[' P0@Example.com'])
    assert 'would delete 3' in output and 'max_deletions is 2' in output, output
    assert set('p%d@example.com' % n for n in range(4)) <= set(logins())   # nobody was removed
    changed, output = play(tmp_path, installed, env, leaving, identity_lifecycle_max_deletions=3,
                           identity_lifecycle_max_deletion_percent=100, identity_lifecycle_protected=['p0@example.com'])
    assert 'Kept as they are' in output and 'p0@example.com' in output
    assert 'p0@example.com' in logins() and not set('p%d@example.com' % n for n in (1, 2, 3)) & set(logins())


def test_a_leaver_is_disabled_then_removed_after_the_grace_period(tmp_path, installed, fakes):
    services, env = fakes
    gus = {'email': 'gus@example.com', 'first_name': 'Gus', 'last_name': 'G', 'xiq': {},
           'kestra': {'tenants': ['main']}, 'agilicus': {}, 'onelogin': {'username': 'gus'}}
    play(tmp_path, installed, env, [gus])
    leaving = dict(gus, state='absent', offboarding='disable', left_on='2026-11-20')
    pinned = dict(identity_lifecycle_grace_days=30)

    changed, output = play(tmp_path, installed, env, [leaving], identity_lifecycle_today='2026-12-04', **pinned)
    onelogin_gus = next(u for u in services['onelogin'].users.values() if u['username'] == 'gus')
    assert onelogin_gus['status'] == 2, output                                       # suspended, kept
    assert next(u for u in services['agilicus'].users.values() if u['email'] == 'gus@example.com')['status'] == \
        'disabled'
    kestra_gus = next(u for u in services['kestra'].users.values() if u['email'] == 'gus@example.com')
    assert kestra_gus['tenants'] == [] and kestra_gus['id'] in services['kestra'].revoked_refresh_tokens
    assert not [u for u in services['xiq'].users.values() if u['login_name'] == 'gus@example.com']   # no disable
    # a second run in the grace period changes nothing and never re-enables
    assert play(tmp_path, installed, env, [leaving], identity_lifecycle_today='2026-12-05', **pinned)[0] == 0
    assert onelogin_gus['status'] == 2

    # after the grace period the accounts go
    changed, output = play(tmp_path, installed, env, [leaving], identity_lifecycle_today='2026-12-21', **pinned)
    assert changed > 0
    assert not [u for u in services['onelogin'].users.values() if u['username'] == 'gus']
    assert not [u for u in services['agilicus'].users.values() if u['email'] == 'gus@example.com']
    assert not [u for u in services['kestra'].users.values() if u['email'] == 'gus@example.com']
    # and a leaver never creates an account: the run after that changes nothing
    assert play(tmp_path, installed, env, [leaving], identity_lifecycle_today='2026-12-22', **pinned)[0] == 0


def test_orphans_are_reported_and_offboarded_only_when_authoritative(tmp_path, installed, fakes):
    services, env = fakes
    services['xiq'].add_user(login_name='orphan@example.com', display_name='Orphan', user_role='MONITOR',
                             idle_timeout=30)
    hal = {'email': 'hal@example.com', 'first_name': 'Hal', 'last_name': 'H', 'xiq': {}}
    _changed, output = play(tmp_path, installed, env, [hal])
    assert 'orphan@example.com' in output and 'Not removed' in output, output
    assert [u for u in services['xiq'].users.values() if u['login_name'] == 'orphan@example.com']

    _changed, output = play(tmp_path, installed, env, [hal], identity_lifecycle_authoritative=True,
                            identity_lifecycle_max_deletion_percent=100)
    assert not [u for u in services['xiq'].users.values() if u['login_name'] == 'orphan@example.com'], output
    assert [u for u in services['xiq'].users.values() if u['login_name'] == 'hal@example.com']


def module_runs(output):
    """How many task results (loop items counted one by one) a play's default output shows."""
    return len(re.findall(r'^(?:ok|changed|skipping|failed|fatal): \[localhost\]', output, re.MULTILINE))


def person_with_everything(number, group):
    return {'email': 'p%03d@example.com' % number, 'first_name': 'P', 'last_name': str(number),
            'xiq': {'user_role': 'OPERATOR'},
            'kestra': {'tenants': ['main'], 'tenant': 'main', 'group_ids': [group]},
            'agilicus': {'roles': {'wiki': ['editor']}},
            'onelogin': {'role_ids': [150001]}}


# Issue 18: joiners' memberships are in the bulk tasks, so a run costs as many tasks for 2 people as for 12.
def test_the_role_runs_as_many_tasks_for_few_people_as_for_many(tmp_path, installed, fakes):
    services, env = fakes
    group = services['kestra'].add_group('devs', 'main')['id']
    few = [person_with_everything(n, group) for n in range(2)]
    many = [person_with_everything(n, group) for n in range(12)]
    runs = []
    for people in (few, many):
        changed, output = play(tmp_path, installed, env, people)
        assert changed == 4, output   # one bulk task a service
        again, output = play(tmp_path, installed, env, people)
        assert again == 0, output
        runs.append(module_runs(output))
    assert runs[0] == runs[1], runs
    kestra_user = next(u for u in services['kestra'].users.values() if u['email'] == 'p011@example.com')
    assert [g['id'] for g in kestra_user['groups']] == [group]
    onelogin = next(u for u in services['onelogin'].users.values() if u['email'] == 'p011@example.com')
    assert services['onelogin'].roles[onelogin['id']] == {150001}


def test_a_person_whose_service_settings_are_removed_is_reported_and_kept_even_when_authoritative(
        tmp_path, installed, fakes):
    # "Services a person has no settings for are skipped": authoritative mode removes orphans (accounts of nobody
    # in identity_people), never a listed person's account; a mover's leftover account is reported on every run
    services, env = fakes
    ida = {'email': 'ida@example.com', 'first_name': 'Ida', 'last_name': 'I', 'xiq': {}}
    jon = {'email': 'jon@example.com', 'first_name': 'Jon', 'last_name': 'J', 'xiq': {}}
    play(tmp_path, installed, env, [ida, jon])
    moved = dict(ida)
    moved.pop('xiq')     # Ida no longer has XIQ settings; she stays in identity_people
    for authoritative in (False, True):
        _changed, output = play(tmp_path, installed, env, [moved, jon], identity_lifecycle_authoritative=authoritative,
                                identity_lifecycle_max_deletion_percent=100)
        assert re.search(r'Kept \(the role manages only the services a person has settings for[^"]*xiq: ida@example.com',
                         output), output
        assert [u for u in services['xiq'].users.values() if u['login_name'] == 'ida@example.com'], output
    assert [u for u in services['xiq'].users.values() if u['login_name'] == 'jon@example.com']
