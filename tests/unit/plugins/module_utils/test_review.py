# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review's pure code (module_utils/review.py, review_html.py): flags, changes, the three forms.

Example tests pin the rules (dormant, never signed in, grace, token thresholds, OneLogin's 0001-01-01); the
Hypothesis tests hold what must be true for any reading: flags do not depend on the order of the readings,
a report compared with itself has no change, the CSV has one row per account, and no field outside the
allow-list - a secret a hostile vendor echoes - reaches any of the three forms.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.accessops.identity.plugins.module_utils import review, review_html

NOW = review.parse_now('2026-12-01T00:00:00Z')
SECRET = 'SeCrEt-9f8e7d6c5b4a'
PEOPLE = [{'email': 'alice@example.com'}, {'email': 'bob@example.com', 'onelogin': {'username': 'bobby'}}]


def xiq(login, role='OPERATOR', created='2025-01-01T00:00:00.000Z', last='2026-11-30T00:00:00.000Z', **extra):
    return dict(id=len(login), login_name=login, user_role=role, create_time=created, last_login_time=last, **extra)


def onelogin(username, email, created='2025-01-01T00:00:00Z', last='2026-11-30T00:00:00Z', role_ids=(), **extra):
    return dict(id=len(username), username=username, email=email, created_at=created, last_login=last,
                role_ids=list(role_ids), **extra)


def run(readings, people=None, previous=None, **options):
    return review.report(readings, PEOPLE if people is None else people, NOW, previous, **options)


def flags_of(the_report):
    return dict(((a['service'], a['key']), a['flags']) for a in the_report['accounts'])


# Rules ------------------------------------------------------------------------------------

def test_dormant_never_signed_in_and_grace():
    the_report = run({'xiq': [
        xiq('alice@example.com'),
        xiq('bob@example.com', last='2026-08-01T00:00:00Z'),                     # 122 days: dormant
        xiq('old@example.com', last=None),                                      # never, old
        xiq('new@example.com', created='2026-11-25T00:00:00Z', last=None),      # never, in grace
        xiq('newish@example.com', created='2026-11-25T00:00:00Z', last='2026-01-01T00:00:00Z'),  # grace: not dormant
    ]})
    flags = flags_of(the_report)
    assert flags[('xiq', 'alice@example.com')] == []
    assert flags[('xiq', 'bob@example.com')] == ['dormant']
    assert flags[('xiq', 'old@example.com')] == ['orphan', 'never_signed_in']
    assert flags[('xiq', 'new@example.com')] == ['orphan', 'never_signed_in', 'in_grace']
    assert flags[('xiq', 'newish@example.com')] == ['orphan']
    assert review.remediable(the_report) == {'xiq': ['bob@example.com', 'old@example.com']}


def test_onelogin_placeholder_is_never_and_people_match_by_username():
    the_report = run({'onelogin': [onelogin('bobby', 'robert@corp.example', last='0001-01-01T00:00:00.000Z')]})
    record = the_report['accounts'][0]
    assert record['person'] == 'bob@example.com'
    assert record['last_sign_in'] is None and record['flags'] == ['never_signed_in']


def test_leavers_and_people_past_their_last_day_own_no_account():
    people = [{'email': 'alice@example.com', 'expires': '2026-11-30'}, {'email': 'bob@example.com', 'state': 'absent'},
              {'email': 'carol@example.com', 'expires': '2026-12-01'}]
    readings = {'xiq': [xiq(e) for e in ('alice@example.com', 'bob@example.com', 'carol@example.com')]}
    assert flags_of(run(readings, people=people)) == {
        ('xiq', 'alice@example.com'): ['orphan'], ('xiq', 'bob@example.com'): ['orphan'], ('xiq', 'carol@example.com'): []}
    with pytest.raises(review.ReviewError, match="people: dan@example.com: expires must be a day as YYYY-MM-DD, got 'soon'"):
        run(readings, people=[{'email': 'dan@example.com', 'expires': 'soon'}])


def test_xiq_external_users_are_xiq_accounts_of_their_own():
    external = [dict(id=2001, login_name='alice@example.com', user_role='ADMINISTRATOR', org_id=42,
                     create_time='2025-01-01T00:00:00Z')]
    the_report = run({'xiq': [xiq('alice@example.com')], 'xiq_external': external})
    assert flags_of(the_report) == {('xiq', 'alice@example.com'): [], ('xiq', 'alice@example.com (external)'): ['privileged']}
    assert the_report['services'] == ['xiq'] and the_report['summary']['services'] == {'xiq': 2}
    assert run({'xiq_external': []})['services'] == ['xiq']


def test_privileged_per_vendor():
    the_report = run({
        'xiq': [xiq('alice@example.com', role='ADMINISTRATOR')],
        'kestra': [dict(id='k1', username='alice@example.com', superAdmin=True)],
        'agilicus': [dict(id='a1', email='alice@example.com', roles={'wiki': ['Owner'], 'portal': ['viewer']})],
        'onelogin': [onelogin('alice', 'alice@example.com', role_ids=[150099, 150001])],
    }, onelogin_admin_role_ids=['150099'])
    why = dict((a['service'], a['privileged_why']) for a in the_report['accounts'])
    assert why == {'xiq': ['XIQ ADMINISTRATOR'], 'kestra': ['Kestra superadmin'], 'agilicus': ['Agilicus Owner of wiki'],
                   'onelogin': ['OneLogin admin role 150099']}
    assert the_report['summary']['flags']['privileged'] == 4


def test_kestra_has_no_sign_in_so_never_dormant_but_tokens_are_flagged():
    tokens = [
        dict(id='t1', name='soon', iat='2026-11-01T00:00:00Z', exp='2026-12-04T00:00:00Z', lastUsed='2026-11-30T00:00:00Z'),
        dict(id='t2', name='stale', iat='2026-01-01T00:00:00Z', exp=None, lastUsed='2026-05-15T00:00:00Z'),
        dict(id='t3', name='never-used', iat='2026-01-01T00:00:00Z', exp=None, lastUsed=None),
        dict(id='t4', name='gone', iat='2026-01-01T00:00:00Z', exp='2026-11-01T00:00:00Z', expired=True),
        dict(id='t5', name='fine', iat='2026-11-01T00:00:00Z', exp='2027-11-01T00:00:00Z', lastUsed=None),
    ]
    the_report = run({'kestra': [dict(id='k1', username='alice@example.com')],
                      'kestra_tokens': [{'owner': {'id': 'k1'}, 'api_tokens': tokens}]})
    record = the_report['accounts'][0]
    assert record['sign_in_known'] is False
    assert dict((t['name'], t['flags']) for t in record['tokens']) == {
        'soon': ['token_expiring'], 'stale': ['token_unused'], 'never-used': ['token_unused'],
        'gone': ['token_expired'], 'fine': []}
    assert record['flags'] == ['token_expiring', 'token_expired', 'token_unused']


def test_agilicus_sign_ins_come_from_the_org_upstream_identities():
    users = [dict(id='u1', email='alice@example.com', created='2025-01-01T00:00:00Z'),
             dict(id='u2', email='bob@example.com', created='2025-01-01T00:00:00Z')]
    identities = [{'metadata': {'id': 'i1'}, 'spec': {'user_id': 'u1', 'last_login': '2026-03-01T00:00:00Z'}},
                  {'metadata': {'id': 'i2'}, 'spec': {'user_id': 'u1', 'last_login': '2026-11-20T00:00:00Z'}}]
    flags = flags_of(run({'agilicus': users, 'agilicus_identities': identities}))
    assert flags == {('agilicus', 'alice@example.com'): [], ('agilicus', 'bob@example.com'): ['never_signed_in']}
    unknown = flags_of(run({'agilicus': users}))       # no identities read: sign-ins unknown, nobody dormant
    assert unknown == {('agilicus', 'alice@example.com'): [], ('agilicus', 'bob@example.com'): []}


def test_changes_since_the_previous_review():
    before = run({'xiq': [xiq('alice@example.com'), xiq('bob@example.com')]})
    before = json.loads(json.dumps(before))        # as read back from the attested file
    after = run({'xiq': [xiq('alice@example.com', role='ADMINISTRATOR'), xiq('carol@example.com')]}, previous=before)
    assert after['changes'] == {
        'added': [{'service': 'xiq', 'key': 'carol@example.com'}],
        'removed': [{'service': 'xiq', 'key': 'bob@example.com'}],
        'rights_changed': [{'service': 'xiq', 'key': 'alice@example.com',
                            'before': {'privileged': False, 'roles': ['OPERATOR']},
                            'after': {'privileged': True, 'roles': ['ADMINISTRATOR']}}]}
    assert after['baseline'] == '2026-12-01T00:00:00Z'
    assert after['summary']['added'] == after['summary']['removed'] == after['summary']['rights_changed'] == 1


@pytest.mark.parametrize('readings, message', [
    ({'xiq': {'login_name': 'a'}}, 'readings.xiq: a list of users'),
    ({'xiq': ['alice']}, r'readings.xiq\[0\]: a user object'),
    ({'onelogin': [{'id': 1}]}, r'readings.onelogin\[0\]: the user has no key'),
    ({'agilicus': [], 'agilicus_identities': 'x'}, 'readings.agilicus_identities'),
    ({'xiq': [xiq('a@example.com', last='yesterday')]}, r'readings.xiq\[0\] \(13\): "last_login_time" is not a date-time'),
    ({'onelogin': [onelogin('a', 'a@example.com', created=['2025'])]}, r'"created_at" is not a date-time: \'list\''),
    ({'kestra': [dict(id='k1', username='a@example.com')],
      'kestra_tokens': [{'owner': {'id': 'k1'}, 'api_tokens': [dict(id='t', name='t', exp='soon')]}]},
     r'readings.kestra\[0\] \(k1\): "exp" is not a date-time'),
])
def test_wrong_shaped_readings_fail_naming_where(readings, message):
    with pytest.raises(review.ReviewError, match=message):
        run(readings)


def test_csv_cells_never_start_a_formula():
    the_report = run({'xiq': [xiq('alice@example.com', display_name='=HYPERLINK("http://evil")')]})
    row = list(csv.DictReader(io.StringIO(review.csv_text(the_report), newline='')))[0]
    assert row['display_name'].startswith("'=")


def test_html_escapes_every_vendor_value_and_loads_nothing():
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    the_report = run({'xiq': [xiq('alice@example.com', display_name=hostile)],
                      'kestra': [dict(id='k1', username='"><b>k</b>', displayName=hostile)]})
    page = review_html.render(the_report)
    assert '<script>alert' not in page and '<img' not in page and '<b>k</b>' not in page
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in page
    assert re.findall(r'''(?:src|href)\s*=\s*["']?(?:https?:)?//''', page, re.I) == []
    assert page.count('<script>') == 1          # the page's own, inline


# Properties --------------------------------------------------------------------------------

WHEN = st.one_of(st.none(), st.just('0001-01-01T00:00:00Z'),
                 st.datetimes(min_value=__import__('datetime').datetime(2024, 1, 1),
                              max_value=__import__('datetime').datetime(2027, 1, 1)).map(lambda d: d.strftime('%Y-%m-%dT%H:%M:%SZ')))
NAME = st.text(min_size=1, max_size=12)
EXTRA = st.dictionaries(st.sampled_from(['password', 'fullToken', 'api_secret', 'client_secret', 'token', 'secret']),
                        st.just(SECRET), max_size=3)


@st.composite
def readings(draw):
    logins = draw(st.lists(NAME, max_size=6, unique_by=lambda n: n.lower()))
    xiq_users = [dict(xiq('%s@example.com' % n, role=draw(st.sampled_from(['ADMINISTRATOR', 'MONITOR'])),
                          created=draw(WHEN), last=draw(WHEN), display_name=draw(NAME)), id=i, **draw(EXTRA))
                 for i, n in enumerate(logins)]
    names = draw(st.lists(NAME, max_size=6, unique_by=lambda n: n.lower()))
    onelogin_users = [dict(onelogin(n, draw(st.sampled_from(['alice@example.com', 'x@example.com'])),
                                    created=draw(WHEN), last=draw(WHEN), role_ids=draw(st.lists(st.integers(1, 3)))),
                           id=i, **draw(EXTRA)) for i, n in enumerate(names)]
    kestra_users = [dict(id='k%d' % i, username='%s@example.com' % n, superAdmin=draw(st.booleans()), **draw(EXTRA))
                    for i, n in enumerate(draw(st.lists(NAME, max_size=4, unique_by=lambda n: n.lower())))]
    tokens = [{'owner': {'id': u['id']}, 'api_tokens': [
        dict(id='t%d' % j, name='t%d' % j, iat=draw(WHEN), exp=draw(WHEN), lastUsed=draw(WHEN), fullToken=SECRET)
        for j in range(draw(st.integers(0, 2)))]} for u in kestra_users]
    return {'xiq': xiq_users, 'onelogin': onelogin_users, 'kestra': kestra_users, 'kestra_tokens': tokens}


def shuffled(value, rnd):
    copy = dict((k, list(v)) for k, v in value.items())
    for users in copy.values():
        rnd.shuffle(users)
    return copy


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(readings(), st.randoms(use_true_random=False))
def test_flags_do_not_depend_on_the_order_of_the_readings(value, rnd):
    options = dict(onelogin_admin_role_ids=['2'])
    assert run(value, **options) == run(shuffled(value, rnd), **options)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(readings())
def test_a_report_compared_with_itself_has_no_change(value):
    current = json.loads(json.dumps(run(value)))
    assert run(value, previous=current)['changes'] == {'added': [], 'removed': [], 'rights_changed': []}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(readings())
def test_one_csv_row_per_account_and_counts_agree(value):
    the_report = run(value)
    rows = list(csv.DictReader(io.StringIO(review.csv_text(the_report), newline='')))
    assert len(rows) == len(the_report['accounts']) == the_report['summary']['accounts'] == sum(
        len(value[s]) for s in ('xiq', 'onelogin', 'kestra'))
    for flag in review.FLAGS:
        assert the_report['summary']['flags'][flag] == sum(1 for r in rows if flag in r['flags'].split(';'))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(readings())
def test_no_field_outside_the_allow_list_reaches_any_form(value):
    the_report = run(value)
    for form in (json.dumps(the_report), review.csv_text(the_report), review_html.render(the_report)):
        assert SECRET not in form
        for field in ('password', 'fullToken', 'api_secret', 'client_secret'):
            assert field not in form


def test_at_exactly_the_threshold_neither_an_account_nor_a_token_is_flagged():
    """Dormant and unused both mean "more than" the days given: at exactly 90 days neither is flagged, a second
    later both are."""
    exactly = '2026-09-02T00:00:00Z'   # 90 days before NOW
    readings = {'xiq': [xiq('alice@example.com', last=exactly)],
                'kestra': [dict(id='k1', username='alice@example.com', api_tokens=[
                    dict(id='t1', name='ci', iat='2025-01-01T00:00:00Z', lastUsed=exactly)])]}
    assert run(readings)['summary']['flags']['dormant'] == run(readings)['summary']['flags']['token_unused'] == 0
    later = review.report(readings, PEOPLE, review.parse_now('2026-12-01T00:00:01Z'))
    assert later['summary']['flags']['dormant'] == later['summary']['flags']['token_unused'] == 1


def test_agilicus_roles_through_nested_and_unknown_groups():
    """A group's roles reach its members through nested groups; a group the reading lacks is named in the roles."""
    users = [dict(id='g1', email='admins@example.com', type='group', roles={'portal': ['owner']}),
             dict(id='g2', email='staff@example.com', type='group', roles={}, member_of=[{'id': 'g1'}]),
             dict(id='u1', email='alice@example.com', type='user', member_of=[{'id': 'g2'}, {'id': 'g9'}])]
    record = run({'agilicus': users})['accounts']
    assert [a['key'] for a in record] == ['alice@example.com']
    assert record[0]['privileged_why'] == ['Agilicus owner of portal through group admins@example.com']
    assert 'member of unknown group g9' in record[0]['roles']


def test_a_csv_display_name_cannot_start_a_formula_after_a_separator():
    the_report = run({'xiq': [xiq('alice@example.com', display_name='Al;=HYPERLINK("x")')]})
    row = list(csv.DictReader(io.StringIO(review.csv_text(the_report))))[0]
    assert row['display_name'] == 'Al;\'=HYPERLINK("x")'


def test_a_token_issued_in_the_future_and_never_used_is_unused_and_flagged():
    the_report = run({'kestra': [dict(id='k1', username='alice@example.com', api_tokens=[
        dict(id='t1', name='ci', iat='2099-01-01T00:00:00Z')])]})
    assert the_report['accounts'][0]['tokens'][0]['flags'] == ['token_unused', 'future_date']


def test_agilicus_groups_and_service_accounts_are_listed_apart_and_other_types_stay_accounts():
    users = [dict(id='g1', email='admins@example.com', type='group'),
             dict(id='s1', email='ci@org.serviceaccounts.agilicus.cloud', type='service_account'),
             dict(id='u1', email='help@agilicus.example', type='support_user'),
             dict(id='u2', email='alice@example.com')]
    the_report = run({'agilicus': users})
    assert [a['key'] for a in the_report['accounts']] == ['alice@example.com', 'help@agilicus.example']
    assert [(r['type'], r['key']) for r in the_report['not_accounts']] == [
        ('group', 'admins@example.com'), ('service_account', 'ci@org.serviceaccounts.agilicus.cloud')]
