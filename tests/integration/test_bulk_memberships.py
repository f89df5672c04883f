# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Memberships in the bulk modules: OneLogin roles, Agilicus application roles, Kestra groups per tenant.

Read once a run (per role, or from what the run reads anyway), never per user; names resolved and unknown
ids refused before any write; check mode reads the same and skips only the writes; the safety rails hold.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.agilicus import AgilicusFake
from tests.integration import test_safety_rails as rails
from tests.integration.bulk_vendors import ORG
from tests.integration import membership_vendors
from tests.integration.membership_vendors import KINDS, KestraGroups, OneLoginRoles
from tests.integration.inprocess import run_module

USERS = 120      # two pages of role members for OneLogin (100 a page)


@pytest.fixture(params=KINDS, ids=lambda kind: kind.vendor.name)
def kind(request):
    return request.param()


@pytest.fixture
def fake(kind):
    fake = kind.vendor.start(USERS)
    kind.prepare(fake)
    yield fake
    fake.stop()


def seeded(kind, fake, names_of, count=USERS):
    return membership_vendors.seeded(kind, fake, names_of, count)


def test_no_change_reads_memberships_once_not_per_user_and_writes_nothing(kind, fake):
    seeded(kind, fake, lambda n: 'ab' if n % 2 else 'c')
    config = [kind.entry(n, 'ab' if n % 2 else 'c') for n in range(USERS)]
    result = kind.vendor.run(fake, config=config)
    assert result['changed'] is False, result.get('msg') or [u for u in result['users'] if u['result'] != 'unchanged'][:2]
    assert fake.writes() == []
    auth, reads, writes = fake.request_counts()
    assert (auth, reads, writes) == (kind.vendor.auth_requests, kind.minimum_reads(fake, USERS), 0)


def test_check_mode_predicts_the_real_run_writes_only_changes_and_the_second_run_is_still(kind, fake):
    users = seeded(kind, fake, lambda n: 'a')
    config = [kind.entry(n, 'a') for n in range(USERS)]
    config[3] = kind.entry(3, 'bc')            # replaces a with b and c
    config[5] = kind.appended(kind.entry(5, 'b'))   # adds b, keeps a
    config.append(kind.entry(USERS + 1, 'c'))       # a new user, with its memberships
    predicted = kind.vendor.run(fake, check=True, diff=True, config=config)
    assert fake.writes() == []
    done = kind.vendor.run(fake, diff=True, config=config)
    assert predicted['changed'] is done['changed'] is True, done.get('msg')
    assert predicted['summary'] == done['summary']
    assert predicted['diff'] == done['diff']
    assert (done['summary']['created'], done['summary']['updated']) == (1, 2)
    assert kind.held(fake, users[3]) == kind.expected('bc')
    assert kind.held(fake, users[5]) == kind.expected('ab')
    assert kind.held(fake, users[4]) == kind.expected('a')
    row = [user for user in done['users'] if user['result'] == 'updated'][0]
    assert kind.option in row['changed'] or 'role_ids' in row['changed']
    key = [name for name in done['diff']['after'] if name != config[-1][list(config[-1])[0]]][0]
    assert done['diff']['after'][key] != done['diff']['before'][key]
    again = kind.vendor.run(fake, config=config)
    assert again['changed'] is False and fake.writes() == [], again.get('msg')


def test_names_resolve_like_ids(kind, fake):
    users = seeded(kind, fake, lambda n: '')
    result = kind.vendor.run(fake, config=[kind.by_name(0, 'ac')])
    assert result['changed'] is True, result.get('msg')
    assert kind.held(fake, users[0]) == kind.expected('ac')
    assert kind.vendor.run(fake, config=[kind.by_name(0, 'ac')])['changed'] is False


def test_an_unknown_id_fails_before_any_write_naming_the_entry_and_option(kind, fake):
    seeded(kind, fake, lambda n: '')
    config = [kind.entry(n, 'a') for n in range(3)]
    bad = kind.unknown(config[2])
    if bad is None:
        pytest.skip('role names are free text on this service')
    config[2] = bad
    for check in (True, False):
        result = kind.vendor.run(fake, check=check, config=config)
        assert result.get('failed'), result
        assert 'config entry 3' in result['msg'] and kind.option in result['msg']
        assert fake.writes() == []


@pytest.mark.parametrize('kind_class', [OneLoginRoles, KestraGroups], ids=lambda kind: kind.vendor.name)
def test_an_unknown_name_fails_before_any_write(kind_class):
    kind = kind_class()
    fake = kind.vendor.start(3)
    try:
        kind.prepare(fake)
        entry = kind.by_name(1, 'a')
        entry = dict(entry, **dict((option, {'main': ['group-nope']} if isinstance(value, dict) else ['nope'])
                                   for option, value in entry.items() if option in ('roles', 'tenant_group_names')))
        result = kind.vendor.run(fake, config=[kind.entry(0, 'a'), entry])
        assert result.get('failed') and 'config entry 2' in result['msg'] and 'nope' in result['msg'], result
        assert fake.writes() == []
    finally:
        fake.stop()


def test_protected_accounts_keep_their_memberships(kind, fake):
    users = seeded(kind, fake, lambda n: 'a')
    entry = kind.entry(0, 'b')
    key = list(kind.vendor.entry(0))[0]
    result = kind.vendor.run(fake, config=[entry], protected=[entry[key]])
    assert result['changed'] is False, result.get('msg')
    assert kind.held(fake, users[0]) == kind.expected('a')


def test_users_not_listed_keep_their_memberships(kind, fake):
    users = seeded(kind, fake, lambda n: 'a')
    kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert kind.held(fake, users[0]) == kind.expected('b')
    assert [kind.held(fake, user) for user in users[1:]] == [kind.expected('a')] * (USERS - 1)


def test_a_membership_write_whose_answer_is_lost_then_the_rerun_is_still(kind, fake):
    users = seeded(kind, fake, lambda n: 'a')
    config = [kind.entry(n, 'a') for n in range(4)]
    config[2] = kind.entry(2, 'b')
    lost = fake.hostile('lost_answer')
    result = kind.vendor.run(fake, config=config)
    assert lost.times == 0 and len(fake.writes()) >= 1
    # the client may retry the write (the membership writes are idempotent PUTs); if it gave up, it says so
    assert not result.get('failed') or 'may or may not have been applied' in result['msg'], result
    assert kind.held(fake, users[2]) in (kind.expected('b'), kind.expected('ab'))
    retry = kind.vendor.run(fake, config=config)
    assert not retry.get('failed'), retry.get('msg')
    assert kind.held(fake, users[2]) == kind.expected('b')
    assert kind.vendor.run(fake, config=config)['changed'] is False


# OneLogin's role member listing, lying ------------------------------------------------------

MEMBERS = r'/api/2/roles/\d+/users'


@pytest.fixture
def onelogin():
    kind = OneLoginRoles()
    fake = kind.vendor.start(5)
    kind.prepare(fake)
    seeded_users = sorted(fake.users.values(), key=lambda user: user['id'])
    for user in seeded_users:
        fake.roles[user['id']] = {150001}
    yield kind, fake
    fake.stop()


def test_member_pages_that_never_end_fail_naming_the_request(onelogin):
    kind, fake = onelogin
    fake.hostile('lying_pages', path=MEMBERS, endless=True)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result.get('failed') and '/api/2/roles/' in result['msg'], result
    assert fake.writes() == []


@pytest.mark.parametrize('shape', ['item-without-id', 'id-wrong-type', 'list-object', 'items-strings'])
def test_members_of_the_wrong_shape_fail_before_any_write(onelogin, shape):
    kind, fake = onelogin
    fake.hostile('odd_shape', shape=shape, path=MEMBERS)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result.get('failed') and '/api/2/roles/' in result['msg'], result
    assert fake.writes() == []


def test_a_member_the_directory_does_not_hold_is_left_alone(onelogin):
    kind, fake = onelogin
    fake.roles[987654] = {150002}   # a member of role b the user listing never shows
    result = kind.vendor.run(fake, config=[kind.entry(0, 'a')])
    assert result['changed'] is False, result.get('msg')
    assert fake.writes() == []


def test_a_member_listed_twice_fails_the_walk(onelogin):
    kind, fake = onelogin

    def twice(request, handled):
        body = list(handled.body) + list(handled.body[:1])
        handled.body = body
        return handled
    fake.inject(kind='answer', answer=twice, method='GET', path=r'/api/2/roles/150001/users', times=1,
                after_apply=True)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result.get('failed') and 'repeats' in result['msg'], result
    assert fake.writes() == []


def test_an_unassigned_member_does_not_count_as_holding_the_role(onelogin):
    kind, fake = onelogin

    def unassigned(request, handled):
        handled.body = [dict(member, assigned=False) for member in handled.body]
        return handled
    fake.inject(kind='answer', answer=unassigned, method='GET', path=r'/api/2/roles/150001/users', times=1,
                after_apply=True)
    result = kind.vendor.run(fake, check=True, config=[kind.entry(0, 'a')])
    assert result['changed'] is True and result['users'][0]['changed'] == ['role_ids']


def test_appending_everywhere_reads_only_the_named_roles(onelogin):
    kind, fake = onelogin
    kind.vendor.run(fake, config=[kind.appended(kind.entry(0, 'b'))])
    read = [entry['path'] for entry in fake.log if '/users' in entry['path'] and '/api/2/roles/' in entry['path']]
    assert read == ['/api/2/roles/150002/users']


# The caller's own rights --------------------------------------------------------------------

def test_the_agilicus_caller_keeps_its_own_admin_role_and_others_lose_theirs():
    fake = AgilicusFake(token='placeholder')
    me = fake.add_user('me@example.com', ORG, first_name='Me', roles={'wiki': ['admin', 'editor']})
    other = fake.add_user('other@example.com', ORG, first_name='Other', roles={'wiki': ['admin']})
    token = rails.jwt_for(me['id'])
    fake.tokens.add(token)
    fake.start()
    try:
        config = [dict(email='me@example.com', roles={'wiki': ['viewer']}),
                  dict(email='other@example.com', roles={'wiki': ['viewer']})]
        result = run_module('agilicus_users', dict(api_url=fake.url, api_token=token, org_id=ORG, config=config),
                            False, False)
        rows = dict((row['email'], row) for row in result['users'])
        assert 'its own admin of wiki rights' in rows['me@example.com']['memberships_kept'], rows
        assert fake.users[me['id']]['roles'] == {'wiki': ['admin', 'editor']}
        assert fake.users[other['id']]['roles'] == {'wiki': ['viewer']}
    finally:
        fake.stop()


def test_the_kestra_caller_keeps_its_groups():
    kind = KestraGroups()
    fake = kind.vendor.start(2)
    kind.prepare(fake)
    try:
        users = seeded(kind, fake, lambda n: 'a', count=2)
        kind.seed(fake, fake.root, 'a')   # the account the API token belongs to
        config = [dict(kind.entry(0, 'b'), email=fake.root['email']), kind.entry(1, 'b')]
        result = kind.vendor.run(fake, config=config)
        rows = dict((row['email'], row) for row in result['users'])
        assert 'its own groups' in rows[fake.root['email']]['memberships_kept'], rows
        assert kind.held(fake, fake.root) == kind.expected('a')
        assert kind.held(fake, users[1]) == kind.expected('b')
    finally:
        fake.stop()


def test_kestra_group_ids_given_with_padding_or_twice_name_one_group():
    kind = KestraGroups()
    fake = kind.vendor.start(2)
    kind.prepare(fake)
    try:
        users = seeded(kind, fake, lambda n: 'a', count=2)
        padded = ' %s ' % kind.ids['a']
        entry = dict(kind.vendor.entry(0), tenant_group_ids={'main': [padded, kind.ids['a']]},
                     tenant_group_names={'main': ['group-a']})
        result = kind.vendor.run(fake, config=[entry])
        assert result['changed'] is False and fake.writes() == [], result
        assert kind.held(fake, users[0]) == kind.expected('a')
    finally:
        fake.stop()


def test_the_kestra_caller_keeps_its_tenants_and_groups_under_replaced():
    """replaced resets tenants; never the caller's own (nor anyone's groups, which are memberships)."""
    kind = KestraGroups()
    fake = kind.vendor.start(1)
    kind.prepare(fake)
    try:
        fake.root['tenants'] = [dict(id='main', name='main')]
        kind.seed(fake, fake.root, 'a')
        result = kind.vendor.run(fake, state='replaced', config=[dict(email=fake.root['email'], groups=[])])
        rows = dict((row['email'], row) for row in result['users'])
        assert 'its own tenants, groups are not taken away' in rows[fake.root['email']]['memberships_kept'], rows
        assert [t['id'] for t in fake.root['tenants']] == ['main'] and kind.held(fake, fake.root) == kind.expected('a')
        assert fake.writes() == []
    finally:
        fake.stop()


def test_kestra_groups_outside_the_users_tenants_name_the_entry_option_and_tenant():
    kind = KestraGroups()
    fake = kind.vendor.start(2)
    kind.prepare(fake)
    try:
        staging = fake.add_group('group-s', 'staging')['id']
        config = [kind.entry(0, 'a'), dict(kind.vendor.entry(1), tenant_group_names={' staging ': ['group-s']})]
        for check in (True, False):
            result = kind.vendor.run(fake, check=check, config=config)
            assert result.get('failed') and fake.writes() == [], result
            assert 'config entry 2: tenant_group_names.staging' in result['msg'], result['msg']
            assert 'add staging to tenants' in result['msg'], result['msg']
        # given access in the same entry, the tenant is written first, then its groups
        config[1]['tenants'] = ['main', 'staging']
        assert not kind.vendor.run(fake, config=config).get('failed')
        user = next(u for u in fake.users.values() if u['email'] == config[1]['email'])
        assert [(g['tenantId'], g['id']) for g in user['groups']] == [('staging', staging)]
    finally:
        fake.stop()


def test_a_user_created_whose_roles_then_fail_says_so_and_the_run_changed():
    kind = OneLoginRoles()
    fake = kind.vendor.start(0)
    kind.prepare(fake)
    try:
        fake.inject(kind='status', status=400, method='PUT', path=r'/add_roles', times=1)
        result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(7), role_ids=[150001])])
        assert result.get('failed') and result['changed'] is True, result
        assert result['users'][0]['msg'].startswith('the account was created; then '), result['users'][0]
        assert '1 created' in result['msg'] and "memberships' write failed" in result['msg'], result['msg']
    finally:
        fake.stop()
