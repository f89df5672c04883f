#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 4: the lifecycle role at scale - people on all four services, with roles and groups.

    .venv/bin/python benchmarks/role_scale.py [--people 100,1000] [--per-person 100] [--rss-users 10000]

Through ansible-playbook, against the bundled fakes (real HTTP on 127.0.0.1):
  * for each --people count: the role's first run (everyone joins) and its no-change run - wall time, module
    runs (task results, loop items counted one by one), and requests per service next to the fewest a no-change
    run needs;
  * the per-person variant the role used before (its accounts in bulk tasks, then one membership task per person
    and service: kestra_user_groups, agilicus_user_role, onelogin_user_role), no-change run at --per-person
    people, extrapolated linearly to the largest --people count;
  * the peak memory (maximum RSS) of the bulk tasks with memberships, each run alone in a fresh process over a
    directory of --rss-users users, every one listed with its roles or groups.
Run it sparingly: 1,000 people keep both cores busy for a while. Note `uptime` next to the figures.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import _support
from tests.fakes.serve import start_demo_fakes
from tests.integration import membership_vendors

SERVICES = ('xiq', 'kestra', 'agilicus', 'onelogin')
ONELOGIN_ROLE = 150001
AGILICUS_ROLES = {'wiki': ['editor'], 'crm': ['viewer']}


def person(number, group):
    return {'email': 'person%05d@example.com' % number, 'first_name': 'Person', 'last_name': str(number),
            'xiq': {'user_role': 'OPERATOR'},
            'kestra': {'tenants': ['main'], 'tenant': 'main', 'group_ids': [group]},
            'agilicus': {'roles': AGILICUS_ROLES},
            'onelogin': {'role_ids': [ONELOGIN_ROLE]}}


def role_play(people):
    return [{'name': 'lifecycle', 'hosts': 'localhost', 'gather_facts': False,
             'vars': {'ansible_python_interpreter': sys.executable},
             'roles': [{'role': 'accessops.identity.identity_lifecycle', 'identity_people': people}]}]


def per_person_play(people):
    """The role as it was: accounts in bulk (the people without memberships), then a task per person and service."""
    bare = [dict(p, kestra={'tenants': ['main']}, agilicus={}, onelogin={}) for p in people]
    loop = {'loop': '{{ people }}', 'loop_control': {'label': '{{ item.email }}'}}
    tasks = [
        dict(loop, name='Kestra groups', **{'accessops.identity.kestra_user_groups': {
            'email': '{{ item.email }}', 'tenant': '{{ item.kestra.tenant }}', 'group_ids': '{{ item.kestra.group_ids }}'}}),
        dict(loop, name='Agilicus roles', **{'accessops.identity.agilicus_user_role': {
            'email': '{{ item.email }}', 'roles': '{{ item.agilicus.roles }}'}}),
        dict(loop, name='OneLogin roles', **{'accessops.identity.onelogin_user_role': {
            'username': '{{ item.email }}', 'role_ids': '{{ item.onelogin.role_ids }}'}}),
    ]
    return [{'name': 'per person', 'hosts': 'localhost', 'gather_facts': False,
             'vars': {'ansible_python_interpreter': sys.executable, 'people': people},
             'roles': [{'role': 'accessops.identity.identity_lifecycle', 'identity_people': bare}],
             'tasks': tasks}]


def run_play(play, env):
    workdir = tempfile.mkdtemp(prefix='accessops-role-scale-')
    path = os.path.join(workdir, 'play.json')
    with open(path, 'w') as handle:
        json.dump(play, handle)
    environment = dict(os.environ, **env)
    environment.update(ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
                       ANSIBLE_RETRY_FILES_ENABLED='0')
    started = time.monotonic()
    proc = subprocess.run([_support.PLAYBOOK, '-i', 'localhost,', '-c', 'local', path], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=environment, universal_newlines=True, check=False)
    elapsed = time.monotonic() - started
    _support.require_success(proc.returncode, proc.stdout, play[0]['name'])
    changed = int(re.search(r'localhost\s+: ok=\d+\s+changed=(\d+)', proc.stdout).group(1))
    runs = len(re.findall(r'^(?:ok|changed|failed|fatal): \[localhost\]', proc.stdout, re.MULTILINE))
    return dict(seconds=elapsed, changed=changed, runs=runs)


def counts(fakes):
    return dict((name, fake.request_counts()) for name, fake in zip(SERVICES, fakes))


def pages(items, size):
    """Pages of ``size`` a listing of ``items`` takes (an empty listing is one page)."""
    return -(-items // size) or 1


def minimum(fakes, people):
    """The fewest (auth, reads) a no-change run of the role needs per service, with the users the fakes hold."""
    xiq, kestra, agilicus, onelogin = fakes
    members = dict((role, 0) for role in onelogin.role_names)
    for roles in onelogin.roles.values():
        for role in roles:
            members[role] += 1
    return {
        'xiq': (0, pages(len(xiq.users), 100)),
        'kestra': (0, pages(len(kestra.users), 500) + people),
        'agilicus': (0, pages(len(agilicus.users), 500)),
        'onelogin': (1, pages(len(onelogin.users), 100) + 1 + sum(pages(n, 100) for n in members.values())),
    }


def fresh(people_count):
    fakes, env = start_demo_fakes()
    group = fakes[1].add_group('devs', 'main')['id']
    return fakes, env, [person(n, group) for n in range(people_count)]


def clear(fakes):
    for fake in fakes:
        fake.clear_log()


def measure_role(people_count):
    fakes, env, people = fresh(people_count)
    try:
        clear(fakes)
        first = run_play(role_play(people), env)
        first['requests'] = counts(fakes)
        clear(fakes)
        still = run_play(role_play(people), env)
        still['requests'] = counts(fakes)
        if still['changed']:
            raise SystemExit('the no-change run of %d people changed %d tasks' % (people_count, still['changed']))
        still['minimum'] = minimum(fakes, people_count)
        return first, still
    finally:
        for fake in fakes:
            fake.stop()


def measure_per_person(people_count):
    fakes, env, people = fresh(people_count)
    try:
        run_play(per_person_play(people), env)
        clear(fakes)
        still = run_play(per_person_play(people), env)
        still['requests'] = counts(fakes)
        return still
    finally:
        for fake in fakes:
            fake.stop()


CHILD = '''
import json, resource, sys
sys.path.insert(0, %(root)r)
import tests.conftest
from tests.integration.inprocess import run_module
args = json.load(open(sys.argv[1]))
result = run_module(args.pop('_module'), args)
print(json.dumps(dict(failed=result.get('failed', False), msg=result.get('msg'), changed=result.get('changed'),
                      rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)))
'''


def measure_rss(kind_class, users):
    """Peak RSS of one bulk task with memberships over ``users`` users, in a fresh process (the fake is here)."""
    kind = kind_class()
    fake = kind.vendor.start(users)
    try:
        kind.prepare(fake)
        membership_vendors.seeded(kind, fake, lambda n: 'ab' if n % 3 else 'c', users)
        config = [kind.entry(n, 'ab' if n % 3 else 'c') for n in range(users)]
        args = kind.vendor.args(fake, config=config, _module=kind.vendor.module)
        path = os.path.join(tempfile.mkdtemp(prefix='accessops-rss-'), 'args.json')
        with open(path, 'w') as handle:
            json.dump(args, handle)
        fake.clear_log()
        started = time.monotonic()
        proc = subprocess.run([sys.executable, '-c', CHILD % dict(root=_support.ROOT), path], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, check=False)
        elapsed = time.monotonic() - started
        found = json.loads(proc.stdout.strip().splitlines()[-1])
        if found['failed'] or found['changed']:
            raise SystemExit('%s at %d users: %s' % (kind.vendor.module, users, found))
        auth, reads, writes = fake.request_counts()
        return dict(rss=found['rss_mb'], seconds=elapsed, requests=auth + reads, writes=writes,
                    minimum=kind.minimum_reads(fake, users) + kind.vendor.auth_requests)
    finally:
        fake.stop()


def requests_cell(measured, least=None):
    auth, reads, writes = measured
    text = '%d+%d' % (auth + reads, writes)
    if least is not None:
        text += ' (min %d)' % sum(least)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--people', default='100,1000')
    parser.add_argument('--per-person', type=int, default=100)
    parser.add_argument('--rss-users', type=int, default=10000)
    args = parser.parse_args()
    sizes = [int(n) for n in args.people.split(',') if n]
    print('load before: %s' % os.getloadavg().__repr__())
    rows = []
    for size in sizes:
        first, still = measure_role(size)
        for label, run in (('first run', first), ('no change', still)):
            rows.append(['%d people, %s' % (size, label), '%.1f' % run['seconds'], run['runs'], run['changed']]
                        + [requests_cell(run['requests'][name], run.get('minimum', {}).get(name))
                           for name in SERVICES])
        largest = still
    per_person = measure_per_person(args.per_person)
    rows.append(['%d people, per person, no change' % args.per_person, '%.1f' % per_person['seconds'],
                 per_person['runs'], per_person['changed']]
                + [requests_cell(per_person['requests'][name]) for name in SERVICES])
    scale = float(sizes[-1]) / args.per_person
    extrapolated = per_person['seconds'] * scale
    rows.append(['%d people, per person, extrapolated' % sizes[-1], '%.0f' % extrapolated,
                 '~%d' % round(per_person['runs'] * scale), '', '', '', '', ''])
    print(_support.table(rows, ('run', 'seconds', 'module runs', 'changed tasks') + tuple(
        '%s reads+writes' % name for name in SERVICES)))
    print('\nno-change run of %d people: %.1f s; the per-person variant, extrapolated: %.0f s - %.0fx faster'
          % (sizes[-1], largest['seconds'], extrapolated, extrapolated / largest['seconds']))
    print('targets: <= 30 s, module runs independent of the people, requests at the minimum, >= 20x faster')
    if args.rss_users:
        rss_rows = []
        for kind_class in membership_vendors.KINDS:
            found = measure_rss(kind_class, args.rss_users)
            rss_rows.append((kind_class.vendor.module, '%.0f' % found['rss'], '%.1f' % found['seconds'],
                             '%d+%d' % (found['requests'], found['writes']), found['minimum']))
        print()
        print(_support.table(rss_rows, ('bulk task, %d users with memberships, no change' % args.rss_users,
                                        'max RSS MB', 'seconds', 'requests+writes', 'minimum')))
        print('target: under 300 MB RSS')
    print('load after: %s' % os.getloadavg().__repr__())


if __name__ == '__main__':
    main()
