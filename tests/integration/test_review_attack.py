# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attack tests of the access review as shipped (identity_access_report, the identity_review role): each test was
a defect found by an independent attack, fixed since; the docstrings describe the defect as it was found."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os

from tests.integration import review_scenario as scenario
from tests.integration import test_review as base
from tests.integration.inprocess import run_module

installed = base.installed
fakes = base.fakes
READINGS = {'xiq': [{'id': 1, 'login_name': 'pat@example.com', 'user_role': 'MONITOR',
                     'create_time': '2025-01-01T00:00:00Z', 'last_login_time': '2026-11-30T00:00:00Z'}]}
PEOPLE = [{'email': 'pat@example.com'}]


# Files ----------------------------------------------------------------------------------------

def test_a_planted_partial_symlink_does_not_overwrite_another_file(tmp_path):
    """``write()`` opens ``<dest>/access-review.json.partial`` with O_CREAT|O_TRUNC and no O_NOFOLLOW/O_EXCL: a
    symlink planted there (dest is often a shared audit directory) is followed - the target file is truncated,
    overwritten with the report and chmod 0600 - and then renamed over the report, so access-review.json is
    left as a symlink to the victim. The temporary file must be created exclusively (mkstemp in dest)."""
    dest = tmp_path / 'reviews'
    dest.mkdir()
    victim = tmp_path / 'victim.conf'
    victim.write_text('precious\n')
    os.chmod(str(victim), 0o644)
    os.symlink(str(victim), str(dest / 'access-review.json.partial'))
    result = run_module('identity_access_report', dict(readings=READINGS, people=PEOPLE, dest=str(dest)))
    assert not result.get('failed'), result
    assert victim.read_text() == 'precious\n'
    assert oct(os.stat(str(victim)).st_mode & 0o777) == '0o644'
    assert not os.path.islink(result['files']['json'])


def test_a_report_file_left_readable_by_all_is_made_0600_again(tmp_path):
    """The report is "readable by the run's user only (0600), whatever the umask" - but only when its content
    changes. A report checked out of the audit repository (git writes 0644), or copied, and regenerated with the
    same content stays world-readable: ``write()`` returns early without fixing the mode."""
    args = dict(readings=READINGS, people=PEOPLE, dest=str(tmp_path), now='2026-12-01T00:00:00Z')
    first = run_module('identity_access_report', args)
    for path in first['files'].values():
        os.chmod(path, 0o644)
    second = run_module('identity_access_report', args)
    assert sorted(oct(os.stat(p).st_mode & 0o777) for p in second['files'].values()) == ['0o600'] * 3


# Nothing read is not "all fine" ---------------------------------------------------------------

def test_a_review_that_read_no_service_is_not_a_clean_report(tmp_path):
    """With no connection at all (the AWX credential not attached, a typo in the environment), every service is
    skipped and the module writes a report of 0 accounts and 0 findings and succeeds: exactly "0 accounts, all
    fine". A review that read nothing should fail (or at least not succeed silently with an empty report)."""
    result = run_module('identity_access_report', dict(readings={}, people=PEOPLE, dest=str(tmp_path / 'out')))
    assert result.get('failed') and 'service' in result['msg'], result


def test_the_role_with_no_connection_fails_instead_of_reporting_nothing(tmp_path, installed, monkeypatch):
    """The role, run where no ``*_API_URL`` is set: identity_review_services is [] and the play succeeds with
    "0 accounts, 0 with findings ()" and a clean report on disk."""
    for name in base.URL_VARIABLES.values():
        monkeypatch.delenv(name, raising=False)
    run = base.review(tmp_path, installed, {}, succeed=False)
    assert run.report is None, run.report


# A tampered previous report -------------------------------------------------------------------

def test_a_tampered_previous_report_fails_naming_it_not_with_a_traceback(tmp_path):
    """A previous report whose account roles mix types (or whose key is a list) makes the module die with an
    uncaught TypeError - the module's output is a traceback, not a failure naming ``previous``."""
    previous = tmp_path / 'previous.json'
    previous.write_text(json.dumps({'schema_version': 1, 'accounts': [
        {'service': 'xiq', 'key': 'pat@example.com', 'roles': ['MONITOR', 7]}]}))
    try:
        result = run_module('identity_access_report', dict(readings=READINGS, people=PEOPLE, previous=str(previous),
                                                           dest=str(tmp_path / 'out')))
    except Exception as error:  # pylint: disable=broad-except
        raise AssertionError('the module crashed: %r' % error)
    assert result.get('failed') and 'previous' in result['msg'], result


# Remediation ----------------------------------------------------------------------------------

def test_remediation_does_not_delete_a_dormant_administrator_without_asking(tmp_path, installed, fakes):
    """The bulk modules keep privileged accounts out of a deletion unless ``delete_privileged`` says so; the
    review's remediation lists the dormant accounts explicitly in ``state: deleted``, which bypasses that rail,
    and has no setting of its own: a dormant XIQ ADMINISTRATOR (a break-glass account is dormant by design) is
    removed unless someone remembered to name it in identity_review_protected."""
    started, env = fakes
    started['xiq'].add_user(login_name='breakglass@example.com', display_name='Break Glass', user_role='ADMINISTRATOR',
                            create_time=scenario.OLD, last_login_time=scenario.days_ago(400))
    for fake in started.values():
        fake.clear_log()
    people = scenario.PEOPLE + [{'email': 'breakglass@example.com'}]
    base.review(tmp_path, installed, env, identity_people=people, identity_review_remediate='delete',
                identity_review_max_deletion_percent=100)
    left = [u['login_name'] for u in started['xiq'].users.values()]
    assert 'breakglass@example.com' in left, started['xiq'].writes()


def jwt(subject):
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode('utf-8')).decode('ascii').rstrip('=')
    return '%s.%s.c2lnbmF0dXJl' % (part({'alg': 'RS256', 'typ': 'JWT'}), part({'sub': subject}))


def test_remediation_does_not_disable_the_callers_own_agilicus_account(tmp_path, installed, fakes):
    """The automation's own Agilicus account signs in with its API token, never through an upstream identity, so
    the review finds it "never signed in" past the grace period, and ``identity_review_remediate: disable`` sends
    it ``status: disabled`` - the caller locks itself out. The bulk rail that keeps the caller's own account
    applies to deletions only (bulk.py: ``item.plan.action == 'delete'``)."""
    started, env = fakes
    agilicus = started['agilicus']
    robot = agilicus.add_user('automation@example.com', env['AGILICUS_ORG_ID'], created=scenario.OLD)
    token = jwt(robot['id'])
    agilicus.tokens.add(token)
    env = dict(env, AGILICUS_API_TOKEN=token)
    for fake in started.values():
        fake.clear_log()
    people = scenario.PEOPLE + [{'email': 'automation@example.com'}]
    base.review(tmp_path, installed, env, identity_people=people, identity_review_remediate='disable',
                identity_review_max_deletion_percent=100)
    assert agilicus.users[robot['id']]['status'] == 'active', agilicus.writes()


def test_remediation_reaches_a_onelogin_user_without_a_username(tmp_path, installed, fakes):
    """The review keys a OneLogin account by its username, or its e-mail when it has none (OneLogin allows either),
    and lists that key as remediable; remediate.yml then sends ``{username: <key>}`` to onelogin_users, whose
    default ``match_by`` is username: an e-mail-only user matches nobody and ``create_missing: false`` skips it.
    The report says the account is remediated, and it silently is not."""
    started, env = fakes
    onelogin = started['onelogin']
    ghost = onelogin.add_user(None, email='ghost@example.com', created_at=scenario.OLD, last_login=None)
    for fake in started.values():
        fake.clear_log()
    people = scenario.PEOPLE + [{'email': 'ghost@example.com'}]
    run = base.review(tmp_path, installed, env, identity_people=people, identity_review_remediate='disable',
                      identity_review_max_deletion_percent=100)
    assert ('onelogin', 'ghost@example.com') in [(a['service'], a['key']) for a in run.report['accounts']
                                                 if 'never_signed_in' in a['flags']]
    assert onelogin.users[ghost['id']]['status'] != 1, onelogin.writes()


def test_a_people_file_with_a_yaml_day_is_read(tmp_path):
    """people_file is "a JSON or YAML file ... for example an HR export"; in YAML, ``expires: 2027-06-30`` (no
    quotes) is a date, and the review refuses it with "expires must be a day as YYYY-MM-DD, got
    datetime.date(2027, 6, 30)" - the person wrote exactly YYYY-MM-DD. A YAML date should be read as that day."""
    people = tmp_path / 'people.yml'
    people.write_text('- email: pat@example.com\n  expires: 2027-06-30\n')
    result = run_module('identity_access_report', dict(readings=READINGS, people_file=str(people),
                                                       now='2026-12-01T00:00:00Z', dest=str(tmp_path / 'out')))
    assert not result.get('failed'), result['msg']
    assert result['summary']['flags']['orphan'] == 0


def test_a_yaml_previous_report_with_unquoted_times_does_not_crash(tmp_path):
    """The previous report may be YAML (``load`` falls back to it); a baseline kept as YAML with
    ``generated_at: 2026-09-01T00:00:00Z`` unquoted loads as a datetime, becomes the report's ``baseline`` and
    the module dies in json.dumps with "Object of type datetime is not JSON serializable" - a traceback."""
    previous = tmp_path / 'previous.yml'
    previous.write_text('schema_version: 1\ngenerated_at: 2026-09-01T00:00:00Z\naccounts: []\n')
    try:
        result = run_module('identity_access_report', dict(readings=READINGS, people=PEOPLE, previous=str(previous),
                                                           dest=str(tmp_path / 'out')))
    except Exception as error:  # pylint: disable=broad-except
        raise AssertionError('the module crashed: %r' % error)
    assert not result.get('failed') or 'previous' in result['msg'], result


def test_agilicus_groups_and_service_accounts_are_not_reported_as_people_who_never_signed_in(tmp_path, installed, fakes):
    """``GET /users?org_id`` without ``type`` lists every kind of Agilicus "user" (the fake, as the API's
    ``type`` filter says: user, group, sysgroup, bigroup, service_account, support_user). The review reads it
    unfiltered, so a group and a service account's user become accounts of nobody that "never signed in" (they
    have no upstream identity, by nature), past the grace period, the group a privileged one, both listed as
    remediable. (agilicus_users then does not find them, so remediation says "ok" and removes nothing: the
    report lists for removal accounts the remediation silently skips.)"""
    started, env = fakes
    agilicus = started['agilicus']
    agilicus.add_user('admins@example.com', env['AGILICUS_ORG_ID'], type='group', created=scenario.OLD,
                      roles={'portal': ['admin']})
    agilicus.add_user('ci-robot@example.com', env['AGILICUS_ORG_ID'], type='service_account', created=scenario.OLD)
    run = base.review(tmp_path, installed, env)
    keys = [a['key'] for a in run.report['accounts'] if a['service'] == 'agilicus']
    assert keys == ['alice@example.com', 'stranger@example.com'], keys


def test_a_huge_number_of_days_fails_naming_the_option(tmp_path):
    """``inactive_days: 10000000000`` passes the module's check (">= 0") and then overflows
    ``datetime.timedelta`` inside the review: an OverflowError traceback, not a failure naming the option."""
    try:
        result = run_module('identity_access_report', dict(readings=READINGS, people=PEOPLE, inactive_days=10 ** 10,
                                                           dest=str(tmp_path / 'out')))
    except Exception as error:  # pylint: disable=broad-except
        raise AssertionError('the module crashed: %r' % error)
    assert result.get('failed') and 'inactive_days' in result['msg'], result


def test_the_page_names_the_services_that_were_not_reviewed(tmp_path):
    """A service without a connection is skipped; the JSON's ``services`` and the page's "services:" line list
    the ones read, and nothing says which were not: a page of ExtremeCloud IQ alone reads as a complete review.
    The page (and the JSON) should name the skipped services (e.g. "not reviewed: Kestra, Agilicus, OneLogin")."""
    result = run_module('identity_access_report', dict(readings=READINGS, people=PEOPLE, dest=str(tmp_path)))
    page = open(result['files']['html']).read()
    for name in ('Kestra', 'Agilicus', 'OneLogin'):
        assert name in page, name
