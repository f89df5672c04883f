# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Serve the four fakes, seeded for the demo, until interrupted.

    python -m tests.fakes.serve --env-file /tmp/fakes.env

The env file exports the connection variables the modules read
(``XIQ_API_URL``, ``KESTRA_API_TOKEN``, ...) and the ids the demo needs.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import os
import signal
import sys
import threading

from .agilicus import AgilicusFake
from .kestra import KestraFake
from .onelogin import OneLoginFake
from .xiq import XiqFake

DEMO_SECRETS = {
    'XIQ_API_TOKEN': 'demo-xiq-token',
    'KESTRA_API_TOKEN': 'demo-kestra-token',
    'AGILICUS_API_TOKEN': 'demo-agilicus-token',
    'ONELOGIN_CLIENT_ID': 'demo-onelogin-client',
    'ONELOGIN_CLIENT_SECRET': 'demo-onelogin-secret',
}


def start_demo_fakes():
    """Start the fakes with demo data; return (fakes, environment variables)."""
    xiq = XiqFake(token=DEMO_SECRETS['XIQ_API_TOKEN'])
    kestra = KestraFake(token=DEMO_SECRETS['KESTRA_API_TOKEN'])
    kestra.add_user('alice@example.com', firstName='Alice', lastName='Example')
    robot = kestra.add_service_account('ci-robot', tenant='main')
    agilicus = AgilicusFake(token=DEMO_SECRETS['AGILICUS_API_TOKEN'])
    onelogin = OneLoginFake(client_id=DEMO_SECRETS['ONELOGIN_CLIENT_ID'],
                            client_secret=DEMO_SECRETS['ONELOGIN_CLIENT_SECRET'])
    onelogin.add_user('alice', email='alice@example.com', roles=[150001])
    env = dict(DEMO_SECRETS)
    env.update({
        'XIQ_API_URL': xiq.start(),
        'KESTRA_API_URL': kestra.start(),
        'KESTRA_TENANT': 'main',
        'AGILICUS_API_URL': agilicus.start(),
        'AGILICUS_ORG_ID': 'demo-org',
        'ONELOGIN_API_URL': onelogin.start(),
        'DEMO_KESTRA_SERVICE_ACCOUNT_ID': robot['id'],
    })
    return [xiq, kestra, agilicus, onelogin], env


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--env-file', required=True, help='where to write the export lines')
    args = parser.parse_args(argv)
    fakes, env = start_demo_fakes()
    partial = args.env_file + '.partial'
    with open(partial, 'w') as handle:
        for name in sorted(env):
            handle.write('export %s=%s\n' % (name, env[name]))
    os.rename(partial, args.env_file)   # appears whole, so a waiting reader never sees half of it
    sys.stdout.write('fakes serving: %s\n' % ', '.join('%s %s' % (f.name, f.url) for f in fakes))
    sys.stdout.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    for fake in fakes:
        fake.stop()


if __name__ == '__main__':
    main()
