#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 3: a 10,000-user directory - one bulk task against a loop of single-user tasks.

    .venv/bin/python benchmarks/bulk_scale.py [--users 10000] [--loop 100] [--changed 1000] [--vendors xiq,...]

For each vendor, against its fake holding --users users, all through ansible-playbook:
  * bulk, no change: the <vendor>_users task with every user listed as it is;
  * loop: the <vendor>_user task looped over --loop users spread evenly over the directory,
    extrapolated to --users (time and requests scale with the number of tasks);
  * bulk, --changed users changed: the same task with that many entries changed (concurrency 4).
Requests are counted in the fake's log; 'minimum' is ceil(users / largest page) + authentication.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse

import _support
from tests.integration.bulk_vendors import VENDORS


def bulk_task(vendor, fake, **args):
    options = vendor.args(fake, config='{{ people }}', **args)
    return [{'name': 'bulk', 'accessops.identity.' + vendor.module: options}]


def loop_task(vendor, fake, sample):
    options = vendor.args(fake)
    options.update((name, '{{ item.%s }}' % name) for name in sample[0])
    return [{'name': 'one user at a time', 'accessops.identity.' + vendor.single_module: options,
             'loop': '{{ people }}'}]


def timed(fake, tasks, people, expect_changed):
    fake.clear_log()
    elapsed, rc, output, task_seconds = _support.run_playbook(tasks, extra_vars={'people': people})
    _support.require_success(rc, output, tasks[0]['name'])
    changed = 'changed=0' not in output
    if changed != expect_changed:
        raise SystemExit('%s: expected changed=%s\n%s' % (tasks[0]['name'], expect_changed, output[-2000:]))
    auth, reads, writes = fake.request_counts()
    return dict(play=elapsed, task=task_seconds[0], auth=auth, reads=reads, writes=writes)


def measure(vendor, users, loop, changed):
    fake = vendor.start(users)
    try:
        everyone = [vendor.entry(n) for n in range(users)]
        no_change = timed(fake, bulk_task(vendor, fake), everyone, expect_changed=False)
        step = max(1, users // loop)
        sample = [vendor.entry(n) for n in range(step // 2, users, step)][:loop]
        looped = timed(fake, loop_task(vendor, fake, sample), sample, expect_changed=False)
        edited = list(everyone)
        for n in range(0, users, max(1, users // changed))[:changed]:
            edited[n] = vendor.change(edited[n])
        bulk_changes = timed(fake, bulk_task(vendor, fake), edited, expect_changed=True)
        return dict(no_change=no_change, loop=looped, loop_size=len(sample), changes=bulk_changes,
                    minimum=vendor.listing_requests(len(fake.users)) + vendor.auth_requests)
    finally:
        fake.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--users', type=int, default=10000)
    parser.add_argument('--loop', type=int, default=100, help='single-user tasks actually run (default 100)')
    parser.add_argument('--changed', type=int, default=1000)
    parser.add_argument('--vendors', default=','.join(v.name for v in VENDORS))
    args = parser.parse_args()
    rows = []
    for vendor in [v for v in VENDORS if v.name in args.vendors.split(',')]:
        found = measure(vendor, args.users, args.loop, args.changed)
        bulk, loop, changes = found['no_change'], found['loop'], found['changes']
        scale = float(args.users) / found['loop_size']
        loop_total = loop['play'] * scale
        rows.append((
            vendor.module,
            '%.1f' % bulk['play'], '%d' % (bulk['auth'] + bulk['reads']), '%d' % found['minimum'], bulk['writes'],
            '%.1f (%d)' % (loop['play'], found['loop_size']), '%.0f' % loop_total,
            '%d' % round((loop['auth'] + loop['reads']) * scale), '%.0fx' % (loop_total / bulk['play']),
            '%.1f' % changes['play'], '%d+%d' % (changes['auth'] + changes['reads'], changes['writes'])))
    print(_support.table(rows, (
        'module', 'bulk no-change s', 'requests', 'minimum', 'writes', 'loop s (tasks)',
        'loop s for all', 'loop requests for all', 'bulk speed-up', '%d changed s' % args.changed,
        'reads+writes')))
    print('\n%d users; loop figures extrapolated from the tasks run; wall time of the whole ansible-playbook run'
          % args.users)
    print('targets: bulk no-change requests <= minimum, and at least 100x faster than the loop')


if __name__ == '__main__':
    main()
