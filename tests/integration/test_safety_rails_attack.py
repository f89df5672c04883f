# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The safety rails attacked by a tester who had not seen the code (max_deletions, max_deletion_percent, protected,
the caller, privileged accounts; the bulk modules and the identity_lifecycle role). Each test failed before its fix."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import unicodedata

import pytest

from tests.fakes.kestra import KestraFake
from tests.integration.bulk_vendors import ORG, VENDORS
from tests.integration.inprocess import run_module
from tests.integration import test_lifecycle_role as lifecycle

BY_NAME = dict((v.name, v) for v in VENDORS)
# the role tests' fixtures (a built and installed collection, the demo fakes) and their play runner
fakes, installed, play = lifecycle.fakes, lifecycle.installed, lifecycle.play


def seed_account(vendor, fake, key):
    """An account whose key (login name, e-mail, or OneLogin username) is exactly ``key``, as the service holds it."""
    if vendor.name == 'xiq':
        return fake.add_user(login_name=key, display_name='Boss', user_role='MONITOR', idle_timeout=30)
    if vendor.name == 'kestra':
        return fake.add_user(key, tenants=[dict(id='main', name='main')])
    if vendor.name == 'agilicus':
        return fake.add_user(key, ORG, first_name='Boss', last_name='B')
    return fake.add_user(key, email='boss@example.com')


def survives(vendor, fake, account):
    return account['id'] in fake.users


# Privileged accounts -----------------------------------------------------------------------------------------

class SummariesWithoutTheOwnerFlag(KestraFake):
    """A Kestra whose user listing (ApiUserSummary) leaves the instance-owner flag out; the full user has it."""

    def list_users(self, request):
        answer = super(SummariesWithoutTheOwnerFlag, self).list_users(request)
        for summary in answer.body['results']:
            summary.pop('superAdmin', None)
            summary.pop('instanceOwner', None)
        return answer


@pytest.mark.parametrize('check', [False, True], ids=['real', 'check'])
def test_kestra_instance_owner_missing_from_the_summary_is_still_kept_by_overridden(check):
    # Promise: "privileged accounts (Kestra instance owner/superAdmin) are kept by overridden unless
    # delete_privileged: true". The listing's summary does not say whether a user is an instance owner, so
    # the module takes "not said" for "not an owner" (never reads the full user) and deletes the owner.
    vendor = BY_NAME['kestra']
    fake = SummariesWithoutTheOwnerFlag(token='bulk-kestra-token')
    for number in range(3):
        vendor.seed(fake, number)
    owner = fake.add_user('owner@example.com', tenants=[dict(id='main', name='main')], superAdmin=True)
    fake.start()
    try:
        result = vendor.run(fake, check=check, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                            config=[vendor.entry(n) for n in range(3)])
        rows = dict((row['email'], row) for row in result.get('users', []))
        assert rows.get('owner@example.com', {}).get('result') == 'kept', rows
        assert survives(vendor, fake, owner)
    finally:
        fake.stop()


@pytest.mark.parametrize('spelling', ['Administrator', 'administrator', 'ADMINISTRATOR '])
def test_an_xiq_administrator_whose_role_is_spelled_differently_is_still_privileged(spelling):
    # Promise: "privileged accounts (XIQ user_role ADMINISTRATOR) are kept by overridden unless
    # delete_privileged". privileged() compares the role with 'ADMINISTRATOR' exactly, so a service answering
    # the role in another case (or with a trailing space) has its administrator deleted.
    vendor = BY_NAME['xiq']
    fake = vendor.start(3)
    boss = fake.add_user(login_name='boss@example.com', display_name='Boss', user_role=spelling, idle_timeout=30)
    try:
        result = vendor.run(fake, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                            config=[vendor.entry(n) for n in range(3)])
        rows = dict((row['login_name'], row) for row in result.get('users', []))
        assert rows['boss@example.com']['result'] == 'kept', rows
        assert survives(vendor, fake, boss)
    finally:
        fake.stop()


# protected -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize('vendor', VENDORS, ids=repr)
def test_protected_matches_a_directory_key_that_has_surrounding_spaces(vendor):
    # Promise: protected accounts "are never deleted"; protected keys are "compared as keys are, without
    # surrounding spaces and ignoring case". Only the protected list is stripped: an account the service holds
    # as 'boss@example.com ' is not recognised as the protected 'boss@example.com' and overridden deletes it.
    fake = vendor.start(4)
    protected = 'boss' if vendor.name == 'onelogin' else 'boss@example.com'
    boss = seed_account(vendor, fake, protected + ' ')
    try:
        result = vendor.run(fake, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                            protected=[protected], config=[vendor.entry(n) for n in range(4)])
        assert survives(vendor, fake, boss), result.get('users')
    finally:
        fake.stop()


@pytest.mark.parametrize('vendor', VENDORS, ids=repr)
def test_protected_matches_the_same_key_in_another_unicode_normal_form(vendor):
    # Promise: protected accounts "are never deleted". 'josé' typed in a playbook (NFC) and the same name stored
    # decomposed (NFD, as macOS and some directories keep it) are the same account to a person; the comparison
    # (casefold only, no normalisation) misses it and overridden deletes the protected account.
    fake = vendor.start(4)
    nfc = u'jos\u00e9' if vendor.name == 'onelogin' else u'jos\u00e9@example.com'
    account = seed_account(vendor, fake, unicodedata.normalize('NFD', nfc))
    try:
        result = vendor.run(fake, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                            protected=[nfc], config=[vendor.entry(n) for n in range(4)])
        assert survives(vendor, fake, account), result.get('users')
    finally:
        fake.stop()


def test_protected_refuses_or_matches_a_key_holding_an_invisible_character():
    # Promise: protected is "compared as keys are", and a key holding an invisible format character is refused
    # (declaration.refuse_invisible: it names a look-alike). A protected entry pasted with a zero-width space is
    # neither refused nor matched: it silently protects no one, and overridden deletes the account it meant.
    vendor = BY_NAME['xiq']
    fake = vendor.start(4)
    boss = seed_account(vendor, fake, 'boss@example.com')
    try:
        result = vendor.run(fake, state='overridden', delete_unlisted=True, max_deletion_percent=100,
                            protected=[u'boss\u200b@example.com'], config=[vendor.entry(n) for n in range(4)])
        assert result.get('failed') is True and 'protected' in result['msg'] or survives(vendor, fake, boss), result
    finally:
        fake.stop()


def test_agilicus_caller_whose_token_sub_has_surrounding_spaces_is_kept_or_warned_about():
    # Promise: the caller's own account is never deleted (Agilicus: the sub of the bearer JWT); a token that names
    # no one makes the run warn. token_subject() accepts ' <id> ' (it strips only to test emptiness) and returns it
    # unstripped: the id matches no user, the caller is deleted, and no warning is given.
    import base64
    import json

    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip('=')
    from tests.fakes.agilicus import AgilicusFake
    fake = AgilicusFake(token='placeholder')
    me = fake.add_user('me@example.com', ORG, first_name='Me')
    fake.add_user('other@example.com', ORG, first_name='Other')
    token = '%s.%s.signature' % (part({'alg': 'ES256', 'typ': 'JWT'}), part({'sub': ' %s ' % me['id'], 'org': ORG}))
    fake.tokens.add(token)
    fake.start()
    try:
        result = run_module('agilicus_users', dict(api_url=fake.url, api_token=token, org_id=ORG, state='overridden',
                                                   delete_unlisted=True, max_deletion_percent=100, config=[]),
                            False, False)
        assert me['id'] in fake.users or result.get('warnings'), result.get('users')
    finally:
        fake.stop()


# The refusal names the accounts ---------------------------------------------------------------------------

def test_a_refusal_names_every_account_it_would_have_deleted():
    # Promise (doc fragment, max_deletions): a run over the limit "fails before any write ... and names every
    # user it would have deleted". The message stops after 100 names ("and 20 more"), and nothing else in the
    # result names the rest, so the user cannot see who a too-broad run would have removed.
    vendor = BY_NAME['xiq']
    fake = vendor.start(120)
    try:
        result = vendor.run(fake, state='overridden', delete_unlisted=True, config=[])
        assert result.get('failed') is True and fake.writes() == []
        output = result['_output']
        missing = [n for n in range(120) if 'user%05d@example.com' % n not in output]
        assert missing == [], 'not named: %d accounts, e.g. user%05d' % (len(missing), missing[0])
    finally:
        fake.stop()


# The identity_lifecycle role (ansible-playbook against the installed build) -----------------------------------


def onelogin_writes_to(service, user):
    return [(e['method'], e['path']) for e in service.writes() if '/users/%s/' % user['id'] in e['path']]


def test_role_never_locks_an_account_protected_by_its_onelogin_username(tmp_path, installed, fakes):
    # Promise (argument_specs, identity_lifecycle_protected): "Keys (e-mails, or OneLogin usernames) of accounts
    # the role never changes or removes on any service". The role only skips people whose e-mail is protected;
    # a person protected by OneLogin username still goes through offboarding, and the role locks the account
    # and ends its sessions (onelogin_user, which knows nothing of protected) before the bulk task reports it kept.
    services, env = fakes
    boss = services['onelogin'].add_user('boss', email='boss@example.com')
    person = {'email': 'boss@example.com', 'first_name': 'Boss', 'last_name': 'B', 'state': 'absent',
              'onelogin': {'username': 'boss'}}
    for fake in services.values():
        fake.clear_log()
    _changed, output = play(tmp_path, installed, env, [person], identity_lifecycle_protected=['boss'])
    assert onelogin_writes_to(services['onelogin'], boss) == [], output
    assert services['onelogin'].users[boss['id']]['locked_until'] is None


def test_role_leavers_over_the_limit_lose_no_access_before_the_refusal(tmp_path, installed, fakes):
    # Promise (identity_lifecycle_max_deletions): "A run that would remove more fails before removing any";
    # the rails exist so that a wrong list "never costs anyone their access". With more leavers than the limit,
    # the role still locks every leaver's OneLogin account and ends their sessions, and only then does the
    # deletion task refuse: a mistaken leaver list locks everybody out although the run "fails before any write".
    services, env = fakes
    staff = [services['onelogin'].add_user('p%d' % n, email='p%d@example.com' % n) for n in range(3)]
    leavers = [{'email': 'p%d@example.com' % n, 'first_name': 'P', 'last_name': str(n), 'state': 'absent',
                'onelogin': {'username': 'p%d' % n}} for n in range(3)]
    for fake in services.values():
        fake.clear_log()
    _changed, output = play(tmp_path, installed, env, leavers, succeed=False, identity_lifecycle_max_deletions=2,
                            identity_lifecycle_max_deletion_percent=100)
    assert 'max_deletions is 2' in output, output
    locked = [u['username'] for u in staff if services['onelogin'].users[u['id']]['locked_until'] is not None]
    assert locked == [] and services['onelogin'].sessions_ended == [], (locked, output)


def test_role_refuses_a_person_listed_both_as_joiner_and_leaver(tmp_path, installed, fakes):
    # Promise: bad input fails before any write. The same e-mail listed once present and once absent is a
    # contradiction; the role silently creates the XIQ account and then deletes it in the same run.
    services, env = fakes
    joiner = {'email': 'dup@example.com', 'first_name': 'Dup', 'last_name': 'D', 'xiq': {'user_role': 'OPERATOR'}}
    leaver = dict(joiner, email='DUP@example.com', state='absent')
    for fake in services.values():
        fake.clear_log()
    _changed, output = play(tmp_path, installed, env, [joiner, leaver], succeed=False)
    assert all(fake.writes() == [] for fake in services.values()), output


def test_role_offboarding_leaves_the_callers_own_kestra_account_usable(tmp_path, installed, fakes):
    # Promise: the caller's own account is never deleted (Kestra: GET /api/v1/me) - the bulk task keeps it.
    # But the role's offboarding steps run first and know nothing of the caller: listing the account the
    # role runs as among the leavers strips its password login and revokes its sessions, and the run then
    # reports the account "kept".
    services, env = fakes
    kestra = services['kestra']
    root = kestra.root
    person = {'email': root['email'], 'first_name': 'Root', 'last_name': 'R', 'state': 'absent', 'kestra': {}}
    kestra.clear_log()
    _changed, output = play(tmp_path, installed, env, [person])
    assert any(auth['type'] == 'PASSWORD' for auth in kestra.users[root['id']]['auths']), output
    assert root['id'] not in kestra.revoked_refresh_tokens
