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


def play(tmp_path, collections, env, people, *options):
    playbook = tmp_path / 'onboarding.yml'
    playbook.write_text(json.dumps([{
        'name': 'People across the four services', 'hosts': 'localhost', 'gather_facts': False,
        'roles': [{'role': 'accessops.identity.identity_lifecycle', 'identity_people': people}],
    }]))
    environment = dict(os.environ, **env)
    environment.update(ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
                       ANSIBLE_INVENTORY_UNPARSED_WARNING='0', PATH=BIN + os.pathsep + os.environ['PATH'])
    proc = subprocess.run([tool('ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                           '-e', 'ansible_python_interpreter=%s' % sys.executable, str(playbook)] + list(options),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, universal_newlines=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout
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
    assert changed == 7   # changed tasks: 4 accounts + Kestra groups + Agilicus and OneLogin roles
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
