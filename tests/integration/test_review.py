# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review role from the installed collection, against the four fakes seeded with the "done when"
scenario (review_scenario.py): exactly the expected flags, no write, reads at the minimum; a second run and a
--check run the same; the previous cycle's JSON gives the changes; remediation under --check --diff and limits;
a hostile vendor's echoed secrets reach no file."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from tests.integration import review_scenario as scenario
from tests.integration import test_lifecycle_role as lifecycle
from tests.integration.inprocess import run_module

installed = lifecycle.installed
Run = collections.namedtuple('Run', 'changed output report')
SECRET = 'kestra_echoed_SECRET_0123456789'


@pytest.fixture
def fakes():
    started, env = scenario.start()
    yield started, env
    for fake in started.values():
        fake.stop()


def review(tmp_path, collections, env, *options, **role_vars):
    """Run the role: Run(changed tasks, output, report dict or None). ``succeed=False`` expects a failure."""
    succeed = role_vars.pop('succeed', True)
    settings = dict(identity_review_dest=str(tmp_path / 'report'), identity_review_now=scenario.NOW,
                    identity_review_onelogin_admin_role_ids=[str(scenario.ADMIN_ROLE)], identity_people=scenario.PEOPLE)
    settings.update(role_vars)
    playbook = tmp_path / 'review.yml'
    playbook.write_text(json.dumps([{'name': 'Access review', 'hosts': 'localhost', 'gather_facts': False,
                                     'roles': [dict(settings, role='accessops.identity.identity_review')]}]))
    environment = dict(os.environ, **env)
    environment.update(ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR='1', ANSIBLE_LOCALHOST_WARNING='0',
                       ANSIBLE_INVENTORY_UNPARSED_WARNING='0', PATH=lifecycle.BIN + os.pathsep + os.environ['PATH'])
    proc = subprocess.run([lifecycle.tool('ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                           '-e', 'ansible_python_interpreter=%s' % sys.executable, str(playbook)] + list(options),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, universal_newlines=True,
                          check=False)
    assert (proc.returncode == 0) is succeed, proc.stdout
    assert '[WARNING]' not in proc.stdout, proc.stdout
    changed = int(re.search(r'localhost\s+: ok=\d+\s+changed=(\d+)', proc.stdout).group(1))
    path = os.path.join(settings['identity_review_dest'], 'access-review.json')
    report = json.load(open(path)) if os.path.exists(path) else None
    return Run(changed, proc.stdout, report)


def flagged(report):
    return dict((flag, set((a['service'], a['key']) for a in report['accounts'] if flag in a['flags']))
                for flag in scenario.EXPECTED)


def counts(fakes):
    return dict((name, fake.request_counts()) for name, fake in fakes.items())


def test_the_review_flags_exactly_the_scenario_with_no_write_at_the_read_minimum(tmp_path, installed, fakes):
    started, env = fakes
    changed, output, report = review(tmp_path, installed, env)
    assert flagged(report) == scenario.EXPECTED
    minimum = scenario.minimum_reads(started)
    for name, (auth, reads, writes) in counts(started).items():
        assert writes == 0, name
        assert reads == minimum[name][0], (name, reads, minimum[name])
        assert auth == (1 if name == 'onelogin' else 0), name
    assert report['summary']['flags']['privileged'] == 3 and report['summary']['findings'] == 9
    assert report['services'] == ['xiq', 'kestra', 'agilicus', 'onelogin']
    rows = list(csv.DictReader(io.open(str(tmp_path / 'report' / 'access-review.csv'), newline='')))
    assert len(rows) == len(report['accounts']) == 12
    page = (tmp_path / 'report' / 'access-review.html').read_text()
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in page and '<script>alert' not in page
    assert changed == 1 and '9 with findings' in re.sub(r'\s+', ' ', output)

    # Again, and under --check: the same report, nothing changed, still no write.
    for options in ((), ('--check', '--diff')):
        for fake in started.values():
            fake.clear_log()
        again = review(tmp_path, installed, env, *options)
        assert again.changed == 0 and again.report == report
        assert sum(c[2] for c in counts(started).values()) == 0


def test_the_previous_cycle_gives_what_changed(tmp_path, installed, fakes):
    started, env = fakes
    review(tmp_path, installed, env, identity_review_dest=str(tmp_path / 'q3'))
    baseline = str(tmp_path / 'q3' / 'access-review.json')
    xiq = started['xiq']
    bob = next(u for u in xiq.users.values() if u['login_name'] == 'bob@example.com')
    del xiq.users[bob['id']]
    next(u for u in xiq.users.values() if u['login_name'] == 'alice@example.com')['user_role'] = 'ADMINISTRATOR'
    xiq.add_user(login_name='eve@example.com', user_role='MONITOR', create_time=scenario.OLD,
                 last_login_time=scenario.RECENT_LOGIN)
    report = review(tmp_path, installed, env, identity_review_previous=baseline).report
    assert report['changes'] == {
        'added': [{'service': 'xiq', 'key': 'eve@example.com'}],
        'removed': [{'service': 'xiq', 'key': 'bob@example.com'}],
        'rights_changed': [{'service': 'xiq', 'key': 'alice@example.com',
                            'before': {'privileged': False, 'roles': ['OPERATOR']},
                            'after': {'privileged': True, 'roles': ['ADMINISTRATOR']}}]}
    page = (tmp_path / 'report' / 'access-review.html').read_text()
    assert re.search(r'id="count-added" data-count="1"', page)


URL_VARIABLES = {'xiq': 'XIQ_API_URL', 'kestra': 'KESTRA_API_URL', 'agilicus': 'AGILICUS_API_URL',
                 'onelogin': 'ONELOGIN_API_URL'}


@pytest.mark.parametrize('service', sorted(URL_VARIABLES))
def test_a_service_without_a_connection_is_skipped(tmp_path, installed, fakes, service, monkeypatch):
    started, env = fakes
    env = dict((k, v) for k, v in env.items() if k != URL_VARIABLES[service])
    monkeypatch.delenv(URL_VARIABLES[service], raising=False)
    report = review(tmp_path, installed, env).report
    assert report['services'] == [s for s in ('xiq', 'kestra', 'agilicus', 'onelogin') if s != service]
    assert started[service].log == [] and set(a['service'] for a in report['accounts']) == set(report['services'])


def test_remediation_is_previewed_by_check_and_held_by_the_deletion_limits(tmp_path, installed, fakes):
    started, env = fakes
    preview = review(tmp_path, installed, env, '--check', '--diff', identity_review_remediate='delete')
    assert sum(c[2] for c in counts(started).values()) == 0
    assert 'bob@example.com' in preview.output and '"carol"' in preview.output and preview.changed >= 2
    # The deletion limits apply: with max_deletions 0 the first removal is refused before any write.
    for fake in started.values():
        fake.clear_log()
    refused = review(tmp_path, installed, env, identity_review_remediate='delete', identity_review_max_deletions=0,
                     succeed=False).output
    assert 'max_deletions' in refused and 'bob@example.com' in refused
    assert sum(c[2] for c in counts(started).values()) == 0
    # disable: OneLogin suspends, Agilicus would disable; XIQ (no disabled state) is left alone.
    for fake in started.values():
        fake.clear_log()
    review(tmp_path, installed, env, identity_review_remediate='disable')
    carol = next(u for u in started['onelogin'].users.values() if u['username'] == 'carol')
    assert started['xiq'].writes() == [] and [w['method'] for w in started['onelogin'].writes()] == ['PUT']
    assert carol['status'] != 1


@pytest.mark.parametrize('args, message', [
    (dict(readings={'xiq': [], 'okta': []}), 'readings: unknown key(s) okta'),
    (dict(readings={}, inactive_days=-1), 'inactive_days: a number of days from 0 to 36500, not -1'),
    (dict(readings={}, basename='../up'), 'basename: a file name without a directory'),
    (dict(readings={}, now='last Tuesday'), "now: 'last Tuesday' is not an ISO 8601 timestamp"),
    (dict(readings={}, people_file='/nonexistent/people.yml'), 'people_file: cannot read /nonexistent/people.yml'),
    (dict(readings={'xiq': []}, inactive_days=36501), 'inactive_days: a number of days from 0 to 36500, not 36501'),
    (dict(readings={'xiq': []}, agilicus_admin_roles=[]), 'agilicus_admin_roles: name at least one role'),
    (dict(readings={'xiq': []}, agilicus_admin_roles=[' ']), 'agilicus_admin_roles: name at least one role'),
    (dict(readings={'xiq': []}, previous='/dev/zero'), 'previous: /dev/zero is not a regular file'),
    (dict(readings={'xiq': []}, people_file='/dev/zero'), 'people_file: /dev/zero is not a regular file'),
    (dict(readings={}), 'readings: no service was read'),
    (dict(readings={'xiq': [{'login_name': 'a@example.com', 'last_login_time': 'soon'}]}),
     r'readings.xiq[0] (None): "last_login_time" is not a date-time'),
])
def test_bad_input_fails_naming_the_option_and_writes_nothing(tmp_path, args, message):
    result = run_module('identity_access_report', dict(args, dest=str(tmp_path / 'out')))
    assert result.get('failed') and message in result['msg'], result
    assert not (tmp_path / 'out').exists()


def test_people_from_a_file_and_a_previous_report_that_is_not_one(tmp_path):
    readings = {'xiq': [{'id': 1, 'login_name': 'Pat@Example.com', 'user_role': 'MONITOR'}]}
    people = tmp_path / 'people.yml'
    people.write_text('- email: pat@example.com\n')
    result = run_module('identity_access_report', dict(readings=readings, people_file=str(people), dest=str(tmp_path)))
    assert result['summary']['flags']['orphan'] == 0 and result['summary']['people'] == 1
    assert sorted(oct(os.stat(path).st_mode & 0o777) for path in result['files'].values()) == ['0o600'] * 3
    (tmp_path / 'other.json').write_text('{"users": []}')
    result = run_module('identity_access_report', dict(readings=readings, previous=str(tmp_path / 'other.json'),
                                                       dest=str(tmp_path)))
    assert result['failed'] and 'is not an access review report' in result['msg']


def test_a_hostile_vendor_echoing_secrets_reaches_no_file(tmp_path, fakes, monkeypatch):
    started, env = fakes
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for tokens in started['kestra'].tokens.values():
        for token in tokens.values():
            token['fullToken'] = SECRET
    next(iter(started['xiq'].users.values()))['password'] = SECRET
    kestra_users = run_module('kestra_user_info', {})['users']
    readings = dict(xiq=run_module('xiq_user_info', {})['users'], kestra=kestra_users,
                    kestra_tokens=[run_module('kestra_api_token_info', {'user_id': u['id']}) for u in kestra_users])
    result = run_module('identity_access_report', dict(readings=readings, people=scenario.PEOPLE, now=scenario.NOW,
                                                       dest=str(tmp_path)))
    assert result['summary']['tokens'] == 3
    for path in result['files'].values():
        assert SECRET not in open(path).read()


def test_a_bad_setting_fails_before_any_request(tmp_path, installed, fakes):
    started, env = fakes
    run = review(tmp_path, installed, env, identity_review_remediate='purge', succeed=False)
    assert 'identity_review_remediate' in run.output and run.report is None
    assert all(fake.log == [] for fake in started.values())


def test_the_role_documentation_renders(installed):
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=installed)
    proc = subprocess.run([lifecycle.tool('ansible-doc'), '-t', 'role', 'accessops.identity.identity_review'],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, universal_newlines=True,
                          check=False)
    assert proc.returncode == 0 and 'identity_review_remediate' in proc.stdout, proc.stdout


def test_the_agilicus_sdk_reads_the_fake_s_sign_ins_over_several_pages():
    """The sign-ins endpoint the review added to the Agilicus fake speaks the vendor SDK's protocol (page_at_id)."""
    from tests.integration import test_conformance as conformance   # imports the SDKs, quietly
    from tests.fakes.agilicus import AgilicusFake
    fake = AgilicusFake(token='agilicus-sdk-token')
    for n in range(5):
        fake.add_org_upstream_identity('user-%d' % n, 'org-1', 'idp-%d' % n, last_login='2026-11-2%dT10:00:00Z' % n)
    fake.add_org_upstream_identity('other', 'org-2', 'idp-x')
    configuration = conformance.agilicus_api.Configuration(host=fake.start())
    configuration.access_token = 'agilicus-sdk-token'
    try:
        api = conformance.agilicus_api.UsersApi(conformance.agilicus_api.ApiClient(configuration))
        seen, page_at_id = [], ''
        while True:
            answer = api.list_org_upstream_user_identity(org_id='org-1', limit=2, page_at_id=page_at_id)
            seen += [(i.spec.user_id, str(i.spec.last_login)[:10]) for i in answer.org_upstream_user_identities]
            page_at_id = getattr(answer, 'page_at_id', None)
            if not page_at_id:
                break
    finally:
        fake.stop()
    assert sorted(seen) == [('user-%d' % n, '2026-11-2%d' % n) for n in range(5)]


def test_agilicus_sign_ins_are_read_over_every_page(fakes, monkeypatch):
    started, env = fakes
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    agilicus = started['agilicus']
    for n in range(1001):
        agilicus.add_org_upstream_identity('user-%04d' % n, env['AGILICUS_ORG_ID'], 'idp-%d' % n)
    agilicus.clear_log()
    result = run_module('agilicus_user_info', {'org_upstream_user_identities': True})
    assert len(result['org_upstream_user_identities']) == 1003
    assert [e['path'] for e in agilicus.log].count('/v1/org_upstream_user_identities') == 3


def test_a_dormant_administrator_is_remediated_only_on_request(tmp_path, installed, fakes):
    """Privileged accounts stay out of remediation unless identity_review_remediate_privileged says otherwise."""
    started, env = fakes
    started['xiq'].add_user(login_name='breakglass@example.com', display_name='Break Glass', user_role='ADMINISTRATOR',
                            create_time=scenario.OLD, last_login_time=scenario.days_ago(400))
    people = scenario.PEOPLE + [{'email': 'breakglass@example.com'}]
    review(tmp_path, installed, env, identity_people=people, identity_review_remediate='delete',
           identity_review_max_deletion_percent=100, identity_review_remediate_privileged=True)
    left = [u['login_name'] for u in started['xiq'].users.values()]
    assert 'breakglass@example.com' not in left and 'bob@example.com' not in left, left


def test_a_previous_report_that_is_a_fifo_fails_without_waiting(tmp_path):
    """A FIFO is opened without blocking and refused: it is no report, and reading it would hang the run."""
    fifo = tmp_path / 'previous.json'
    os.mkfifo(str(fifo))
    result = run_module('identity_access_report', dict(readings={'xiq': []}, previous=str(fifo), dest=str(tmp_path / 'out')))
    assert result.get('failed') and 'is not a regular file' in result['msg'], result
