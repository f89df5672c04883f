# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attack tests of the access review's pure code (module_utils/review.py): each test was a defect found by an
independent attack, fixed since; the docstrings describe the defect as it was found. Readings are shaped as the
*_info modules return them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import io

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import review

NOW = review.parse_now('2026-12-01T00:00:00Z')
PEOPLE = [{'email': 'alice@example.com'}, {'email': 'kim@example.com'}]


def xiq(login, role='OPERATOR', created='2025-01-01T00:00:00.000Z', last='2026-11-30T00:00:00.000Z', **extra):
    return dict(id=len(login), login_name=login, user_role=role, create_time=created, last_login_time=last, **extra)


def flags_of(the_report):
    return dict(((a['service'], a['key']), a['flags']) for a in the_report['accounts'])


# Dormancy and grace -------------------------------------------------------------------------

def test_a_creation_date_in_the_future_does_not_hide_a_dormant_account():
    """A vendor (hostile, or with a broken clock) answering a ``create_time`` in the future (2027/2099: after the
    run's own clock, so not a pinned ``now`` read later) puts the account
    "within the grace period" forever: a last sign-in 700 days ago is then not dormant, and an account that
    never signed in is "new (in grace)" - neither is a finding nor remediable. A creation date after ``now``
    cannot make an account new; it should be refused (as an unreadable date is) or ignored for the grace."""
    the_report = review.report({'xiq': [
        xiq('alice@example.com', created='2027-06-01T00:00:00.000Z', last='2025-01-01T00:00:00.000Z'),
        xiq('kim@example.com', created='2099-01-01T00:00:00.000Z', last=None),
    ]}, PEOPLE, NOW)
    flags = flags_of(the_report)
    assert 'dormant' in flags[('xiq', 'alice@example.com')]
    assert 'in_grace' not in flags[('xiq', 'kim@example.com')]
    assert {'never_signed_in', 'future_date'} <= set(flags[('xiq', 'kim@example.com')])
    # Changed since the attack (which also wanted kim remediable): a creation time that is not believed is an
    # unknown age, and an account of unknown age that never signed in is a finding, never remediable (it may be a
    # new hire; see test_an_account_of_unknown_age_that_never_signed_in_is_not_remediable).
    assert review.remediable(the_report)['xiq'] == ['alice@example.com']


# Ownership: Unicode and leavers ---------------------------------------------------------------

def test_a_homoglyph_login_is_not_owned_by_the_person_it_imitates():
    """``str.lower()`` folds the KELVIN SIGN (U+212A) into ASCII ``k``: a vendor account ``\u212aim@example.com``
    - a different login from ``kim@example.com``, one an attacker can register - is reported as owned by Kim
    instead of as an orphan. Matching must not make a non-ASCII name equal to an ASCII one (compare casefolded
    NFC and refuse/flag confusables, or compare ASCII-only lower case)."""
    the_report = review.report({'xiq': [xiq('\u212aim@example.com')]}, PEOPLE, NOW)
    record = the_report['accounts'][0]
    assert record['person'] is None and 'orphan' in record['flags'], record


@pytest.mark.parametrize('state', ['Absent', 'ABSENT', 'absent ', 'leaver'])
def test_a_person_state_the_review_does_not_know_is_refused(state):
    """Only the exact ``state: absent`` makes a leaver; an HR export (``identity_review_people_file``, which no
    argument spec checks) saying ``Absent`` or ``leaver`` makes the leaver a current owner, and their accounts
    look owned instead of orphaned. The lifecycle role allows only present/absent: anything else should fail
    naming the person, as a bad ``expires`` does."""
    people = [{'email': 'alice@example.com', 'state': state}]
    with pytest.raises(review.ReviewError, match='alice@example.com'):
        review.report({'xiq': [xiq('alice@example.com')]}, people, NOW)


def test_a_person_whose_email_is_not_text_fails_naming_it():
    """A person ``{email: 12}`` (a broken HR export) crashes the review with AttributeError (a traceback in the
    module) instead of a ReviewError naming the person."""
    with pytest.raises(review.ReviewError):
        review.report({'xiq': [xiq('alice@example.com')]}, [{'email': 12}], NOW)


# Privilege from readings of the wrong shape ----------------------------------------------------

@pytest.mark.parametrize('readings, options', [
    # XIQ's user_role is an enum of upper-case words; another spelling is not "no privilege"
    ({'xiq': [xiq('alice@example.com', role='administrator')]}, {}),
    ({'xiq': [xiq('alice@example.com', role=' ADMINISTRATOR')]}, {}),
    # Kestra's superAdmin is a boolean; the string "true" is a reading of the wrong shape
    ({'kestra': [dict(id='k1', username='alice@example.com', superAdmin='true')]}, {}),
    # OneLogin role_ids is a list; one id as a bare string is dropped
    ({'onelogin': [dict(id=1, username='alice', email='alice@example.com', role_ids='150099',
                        last_login='2026-11-30T00:00:00Z')]}, {'onelogin_admin_role_ids': ['150099']}),
    # Agilicus roles is {application: [role, ...]}; a bare role string, or a list of objects, is dropped
    ({'agilicus': [dict(id='a1', email='alice@example.com', roles={'portal': 'admin'})]}, {}),
    ({'agilicus': [dict(id='a1', email='alice@example.com', roles=[{'app': 'portal', 'roles': ['admin']}])]}, {}),
], ids=['xiq-lowercase', 'xiq-padded', 'kestra-string', 'onelogin-string', 'agilicus-string', 'agilicus-list'])
def test_an_admin_in_a_reading_of_the_wrong_shape_is_not_reported_clean(readings, options):
    """Each reading grants admin rights in a shape the review does not expect; the review silently reads "no
    role" and the account comes out with no flag - a clean-looking report of an administrator. The brief: a
    reading of the wrong shape fails naming it. Either it is flagged privileged, or the review fails."""
    try:
        the_report = review.report(readings, PEOPLE, NOW, **options)
    except review.ReviewError:
        return
    record = the_report['accounts'][0]
    assert record['privileged'] and 'privileged' in record['flags'], record


# Changes against a tampered or foreign previous report -----------------------------------------

def current_report():
    return review.report({'xiq': [xiq('alice@example.com')]}, PEOPLE, NOW)


@pytest.mark.parametrize('account', [
    {'service': 'xiq', 'key': 'alice@example.com', 'roles': ['OPERATOR', 1]},
    {'service': 'xiq', 'key': ['alice@example.com'], 'roles': ['OPERATOR']},
    {'service': 'xiq', 'key': {'a': 1}, 'roles': ['OPERATOR']},
], ids=['roles-mixed-types', 'key-list', 'key-dict'])
def test_a_tampered_previous_report_fails_naming_it(account):
    """A previous report whose accounts hold a key or roles of the wrong type crashes ``changes`` with a TypeError
    (a traceback out of the module) instead of failing with a ReviewError naming ``previous``."""
    with pytest.raises(review.ReviewError, match='previous'):
        review.report({'xiq': [xiq('alice@example.com')]}, PEOPLE, NOW,
                      {'schema_version': 1, 'accounts': [account]})


def test_a_previous_privileged_flag_that_is_not_a_boolean_is_not_read_as_true():
    """``privileged: "false"`` (a YAML/CSV round trip, or an edited baseline) is ``bool("false") is True``: the
    report invents a rights change (privileged True -> False). It should fail naming the field, or compare
    booleans only."""
    previous = {'schema_version': 1, 'accounts': [
        {'service': 'xiq', 'key': 'alice@example.com', 'roles': ['OPERATOR'], 'privileged': 'false'}]}
    try:
        the_report = review.report({'xiq': [xiq('alice@example.com')]}, PEOPLE, NOW, previous)
    except review.ReviewError:
        return
    assert the_report['changes']['rights_changed'] == []


def test_a_previous_report_of_another_schema_version_is_refused():
    """``schema_version`` exists so that a reader can tell; a previous report of schema 99 (or none at all) is
    compared as if it were version 1, and its accounts' meaning is assumed."""
    previous = {'schema_version': 99, 'accounts': [{'service': 'xiq', 'key': 'alice@example.com', 'roles': ['OPERATOR']}]}
    with pytest.raises(review.ReviewError, match='schema_version'):
        review.report({'xiq': [xiq('alice@example.com')]}, PEOPLE, NOW, previous)


def test_a_second_account_under_the_same_key_is_reported_added():
    """OneLogin's key is the username, or the e-mail when there is none: a new user with no username and the
    e-mail ``alice`` shares the key of the existing user ``alice``. ``changes`` keys both by (service, key), so
    the new account vanishes from the diff (and from the remediation's keys, which name one of the two)."""
    def onelogin(user_id, username, email):
        return dict(id=user_id, username=username, email=email, created_at='2025-01-01T00:00:00Z',
                    last_login='2026-11-30T00:00:00Z', role_ids=[])
    previous = review.report({'onelogin': [onelogin(1, 'alice', 'alice@example.com')]}, PEOPLE, NOW)
    the_report = review.report({'onelogin': [onelogin(1, 'alice', 'alice@example.com'), onelogin(666, None, 'alice')]},
                               PEOPLE, NOW, previous)
    assert the_report['summary']['accounts'] == 2
    assert the_report['summary']['added'] == 1, the_report['changes']


# CSV -------------------------------------------------------------------------------------------

def test_no_csv_cell_starts_a_formula_after_a_list_separator():
    """Lists are joined with ``;`` in one unquoted cell, and only the cell's first character is neutralised: a
    second token (tokens are sorted by name, so after one named ``0-ci``) named ``=cmd|' /C calc'!A0`` sits right
    after a ``;``, in a cell the CSV writer does not even quote (no comma, no double quote). Excel and LibreOffice
    in the many locales whose list separator is ``;`` split the row there, and the cell starts with ``=``. OWASP's CSV
    injection guidance: neutralise every element (or quote every field and prefix every dangerous start)."""
    the_report = review.report({'kestra': [dict(id='k1', username='alice@example.com', api_tokens=[
        dict(id='t1', name='0-ci',  # tokens are sorted by name: digits sort before '='
             iat='2026-11-01T00:00:00Z', lastUsed='2026-11-30T00:00:00Z'),
        dict(id='t2', name="=cmd|' /C calc'!A0", iat='2026-11-01T00:00:00Z',
             lastUsed='2026-11-30T00:00:00Z')])]}, PEOPLE, NOW)
    text = review.csv_text(the_report)
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            for piece in cell.split(';'):
                assert piece[:1] not in ('=', '+', '-', '@'), (cell, piece)


def test_an_account_of_unknown_age_that_never_signed_in_is_not_remediable():
    """"Accounts that never signed in and are past the grace period" are disabled or removed; an account whose
    creation time the service did not report (``create_time`` absent or null) is not known to be past the grace
    period, yet ``new`` is False for it and it is listed for removal - a listing that drops ``create_time`` makes
    every new hire who has not signed in yet a deletion candidate. Unknown age should not be remediable."""
    the_report = review.report({'xiq': [xiq('alice@example.com', created=None, last=None)]}, PEOPLE, NOW)
    assert review.remediable(the_report)['xiq'] == []


def test_a_leaver_in_one_list_is_not_owned_through_a_stale_entry_in_the_other():
    """The role takes ``identity_review_people`` "and/or an HR export" and concatenates them. When the HR export
    already says ``state: absent`` and the lifecycle list (not yet updated) still lists the person, the leaver
    is skipped and the stale entry makes their accounts "owned": the orphan finding the review exists for is
    lost. Conflicting entries for one e-mail should fail, or the leaver should win."""
    people = [{'email': 'alice@example.com'},                              # identity_people, stale
              {'email': 'alice@example.com', 'state': 'absent'}]           # the HR export: she left
    try:
        the_report = review.report({'xiq': [xiq('alice@example.com')]}, people, NOW)
    except review.ReviewError:
        return
    assert 'orphan' in the_report['accounts'][0]['flags']


def test_an_agilicus_admin_through_a_group_is_privileged():
    """Agilicus grants roles to groups; a user ``member_of`` a group holding ``portal: [admin]`` is an
    administrator of portal. The review looks at the user's direct ``roles`` only, so the usual way of granting
    admin rights is invisible: the member comes out unprivileged (and the group itself, listed by
    ``GET /users`` as a "user" of type group, comes out as a privileged account of nobody that never signed in)."""
    group = dict(id='g1', email='admins@example.com', type='group', roles={'portal': ['admin']}, created='2025-01-01T00:00:00Z')
    member = dict(id='u1', email='alice@example.com', type='user', roles={}, created='2025-01-01T00:00:00Z',
                  member_of=[{'id': 'g1', 'email': 'admins@example.com'}])
    the_report = review.report({'agilicus': [group, member], 'agilicus_identities': [
        {'metadata': {'id': 'i1'}, 'spec': {'user_id': 'u1', 'last_login': '2026-11-30T00:00:00Z'}}]}, PEOPLE, NOW)
    alice = [a for a in the_report['accounts'] if a['key'] == 'alice@example.com'][0]
    assert alice['privileged'], alice


def kestra_token(**fields):
    the_report = review.report({'kestra': [dict(id='k1', username='alice@example.com', api_tokens=[
        dict(id='t1', name='ci', **fields)])]}, PEOPLE, NOW)
    return the_report['accounts'][0]['tokens'][0]


def test_a_token_expiry_of_0001_01_01_is_not_never_expires():
    """OneLogin's "never signed in" placeholder (``0001-01-01``) is honoured by ``when()`` for every field, so a
    Kestra token answering ``exp: 0001-01-01T00:00:00Z`` is read as "no expiry" - exactly what docs/review.md
    says must not happen ("nor an unreadable expiry for 'never expires'"). The placeholder belongs to OneLogin's
    ``last_login``; elsewhere a year-1 date is expired (or unreadable), not absent."""
    token = kestra_token(iat='2025-01-01T00:00:00Z', exp='0001-01-01T00:00:00Z', lastUsed='2026-11-29T00:00:00Z')
    assert token['expires'] is not None or token['flags'], token


def test_a_token_used_in_the_future_is_not_a_token_in_use():
    """A ``lastUsed`` (or an issue date) in 2099 - after any ``now`` and the run's own clock; a hostile or
    clock-broken service - makes a token look
    used "0 days ago" for ever: it is never ``token_unused``. A time in the future cannot show recent use."""
    token = kestra_token(iat='2025-01-01T00:00:00Z', lastUsed='2099-01-01T00:00:00Z')
    assert 'token_unused' in token['flags'], token


def test_a_last_sign_in_in_the_future_does_not_hide_a_dormant_account():
    """``last_login_time`` after ``now`` - and after the run's own clock too (2099), so not a pinned ``now`` read
    later - from a hostile service, or a clock years off, makes ``now - last`` negative:
    the account is never dormant and never remediable, whatever its real history. A future sign-in should be
    refused naming the reading, or not count as a sign-in."""
    the_report = review.report({'xiq': [xiq('alice@example.com', last='2099-01-01T00:00:00.000Z')]}, PEOPLE, NOW)
    assert the_report['accounts'][0]['flags'] != [], the_report['accounts'][0]
