# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attacks on the memberships of the bulk modules (onelogin_users, agilicus_users, kestra_users) and on the
lifecycle role that passes them.

The first sections are defects found by an independent attack, fixed since: each test failed before its fix
and now guards it. The last section holds attacks that held from the start; they stay as regression guards.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from tests.integration import test_lifecycle_role as lifecycle
from tests.integration.membership_vendors import AgilicusRoles, KestraGroups, OneLoginRoles, users_in_order

fakes = lifecycle.fakes
installed = lifecycle.installed


def started(kind_class, users=3):
    kind = kind_class()
    fake = kind.vendor.start(users)
    kind.prepare(fake)
    return kind, fake


@pytest.fixture
def kestra():
    kind, fake = started(KestraGroups)
    yield kind, fake
    fake.stop()


@pytest.fixture
def agilicus():
    kind, fake = started(AgilicusRoles)
    yield kind, fake
    fake.stop()


@pytest.fixture
def onelogin():
    kind, fake = started(OneLoginRoles)
    yield kind, fake
    fake.stop()


def users_of(kind, fake, count=3):
    return users_in_order(kind, fake, count)


def answer_with(fake, path, change, method='GET', times=1):
    """The fake's own answer to ``path``, with its body passed through ``change`` (a vendor that lies)."""
    def rewrite(request, handled):
        handled.body = change(handled.body)
        return handled
    fake.inject(kind='answer', answer=rewrite, method=method, path=path, times=times, after_apply=True)


def kestra_groups(fake, user):
    return sorted((group['tenantId'], group['id']) for group in fake.users[user['id']]['groups'])


# Kestra: replaced/overridden reset `groups`, which is every tenant's groups -----------------

def test_kestra_replaced_with_tenant_group_ids_keeps_other_tenants_groups(kestra):
    """kestra_users docs: 'Other tenants' groups are never touched'. Under replaced, the `groups` reset wipes them."""
    kind, fake = kestra
    users = users_of(kind, fake)
    staging = fake.add_group('group-s', 'staging')['id']
    user = fake.users[users[0]['id']]
    user['tenants'].append(dict(id='staging', name='staging'))
    user['groups'] = [dict(id=kind.ids['a'], tenantId='main'), dict(id=staging, tenantId='staging')]
    entry = dict(kind.vendor.entry(0), tenants=['main', 'staging'], tenant_group_ids={'main': [kind.ids['b']]})
    result = kind.vendor.run(fake, state='replaced', config=[entry])
    assert not result.get('failed'), result.get('msg')
    assert kestra_groups(fake, users[0]) == sorted([('main', kind.ids['b']), ('staging', staging)])


def test_kestra_replaced_entry_without_memberships_leaves_groups(kestra):
    """docs/bulk.md: 'An entry that names no membership leaves the user's memberships alone, in every state.'"""
    kind, fake = kestra
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    result = kind.vendor.run(fake, state='replaced', config=[kind.vendor.entry(0)])
    assert not result.get('failed'), result.get('msg')
    assert kind.held(fake, users[0]) == kind.expected('a'), result['users']


# Kestra: the caller's own groups --------------------------------------------------------------

def test_kestra_caller_keeps_its_groups_under_replaced(kestra):
    """docs/bulk.md: the account the credentials belong to never loses its Kestra groups."""
    kind, fake = kestra
    users = users_of(kind, fake)
    kind.seed(fake, fake.root, 'a')
    config = [dict(email=fake.root['email']), kind.entry(0, 'b')]
    result = kind.vendor.run(fake, state='replaced', config=config)
    assert kind.held(fake, fake.root) == kind.expected('a'), result['users']
    assert kind.held(fake, users[0]) == kind.expected('b')


def test_kestra_caller_keeps_its_groups_when_groups_is_emptied(kestra):
    kind, fake = kestra
    users_of(kind, fake)
    kind.seed(fake, fake.root, 'a')
    result = kind.vendor.run(fake, config=[dict(email=fake.root['email'], groups=[])])
    assert kind.held(fake, fake.root) == kind.expected('a'), result['users']


# Kestra: groups in a tenant the user has no access to: check mode says fine, the real run writes, then fails ----

def test_kestra_group_of_a_tenant_the_user_lacks_fails_before_any_write_and_check_says_so(kestra):
    kind, fake = kestra
    users_of(kind, fake)
    staging = fake.add_group('group-s', 'staging')['id']
    config = [kind.vendor.change(kind.vendor.entry(0)),                                  # a write that lands first
              dict(kind.vendor.entry(1), tenant_group_ids={'staging': [staging]})]     # user 1 is in main only
    predicted = kind.vendor.run(fake, check=True, config=config)
    done = kind.vendor.run(fake, config=config)
    assert bool(predicted.get('failed')) == bool(done.get('failed')), (predicted.get('msg'), done.get('msg'))
    assert not done.get('failed') or fake.writes() == [], (done.get('msg'), fake.writes())


def test_kestra_new_user_with_groups_but_no_tenants_is_refused_before_creating_it(kestra):
    """A careless entry: groups of main, no `tenants`. The account is created, then the group write is refused; the
    message says '0 created', check mode predicted success, and a rerun fails the same way forever."""
    kind, fake = kestra
    config = [dict(email='new@example.com', tenant_group_ids={'main': [kind.ids['a']]})]
    predicted = kind.vendor.run(fake, check=True, config=config)
    done = kind.vendor.run(fake, config=config)
    assert bool(predicted.get('failed')) == bool(done.get('failed')), (predicted.get('msg'), done.get('msg'))
    if done.get('failed'):
        assert 'new@example.com' not in [user['email'] for user in fake.users.values()], done['msg']


def test_kestra_dropping_a_tenant_while_setting_its_groups_is_refused_before_any_write(kestra):
    kind, fake = kestra
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    config = [dict(kind.vendor.entry(0), tenants=[], tenant_group_ids={'main': [kind.ids['b']]})]
    predicted = kind.vendor.run(fake, check=True, config=config)
    done = kind.vendor.run(fake, config=config)
    assert bool(predicted.get('failed')) == bool(done.get('failed')), (predicted.get('msg'), done.get('msg'))
    assert not done.get('failed') or fake.writes() == [], (done.get('msg'), fake.writes())


# Padding and repeats ----------------------------------------------------------------------------

def test_kestra_tenant_key_with_padding_is_the_tenant(kestra):
    """Group ids and names are stripped, the tenant key is not: ' main ' is refused with 'no group of tenant  main
    has id X' although X is a group of main."""
    kind, fake = kestra
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(0), tenant_group_ids={' main ': [kind.ids['b']]})])
    assert not result.get('failed'), result.get('msg')
    assert kind.held(fake, users[0]) == kind.expected('b')


def test_agilicus_padded_role_name_is_the_role(agilicus):
    """OneLogin role names and Kestra group ids/names are stripped; an Agilicus ' editor ' replaces 'editor' with a
    role ' editor ' that no application defines."""
    kind, fake = agilicus
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'b')
    result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(0), roles={'wiki': [' b ']})])
    assert result['changed'] is False and fake.writes() == [], fake.users[users[0]['id']]['roles']


def test_agilicus_a_listing_with_repeated_role_names_reports_no_change(agilicus):
    kind, fake = agilicus
    users = users_of(kind, fake)
    fake.users[users[0]['id']]['roles'] = {'wiki': ['b', 'b']}
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result['changed'] is False and fake.writes() == [], fake.writes()


def test_onelogin_role_named_with_padding_at_the_vendor_is_found(onelogin):
    """The entry's name is stripped, the vendor's is not: a role named ' Auditors ' can never be named."""
    kind, fake = onelogin
    users = users_of(kind, fake)
    fake.add_role(' Auditors ', 150200)
    result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(0), roles=['Auditors'])])
    assert not result.get('failed'), result.get('msg')
    assert 150200 in kind.held(fake, users[0])


def test_onelogin_a_created_user_whose_role_write_fails_is_counted_as_created(onelogin):
    """docs/bulk.md: after a failed write 'msg ... says how many users were already created'. A user created whose
    role write then fails is counted in no outcome but 'failed': 'applied before the failure: 0 created'."""
    kind, fake = onelogin
    fake.inject(kind='status', status=400, method='PUT', path=r'/add_roles', times=1)
    result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(50), role_ids=[150001])])
    assert result.get('failed'), result
    assert [u for u in fake.users.values() if u['username'] == 'user00050']
    assert '1 created' in result['msg'], result['msg']


# The lifecycle role -------------------------------------------------------------------------

def test_role_a_person_moved_off_onelogin_keeps_neither_roles_silently(tmp_path, installed, fakes):
    """A mover who no longer has OneLogin keeps the account and its Admin role; as the account is 'theirs' it is
    not an orphan either, so no run ever says so, authoritative or not."""
    services, env = fakes
    bob = {'email': 'bob@example.com', 'first_name': 'Bob', 'last_name': 'Builder',
           'agilicus': {'roles': {'wiki': ['editor']}},
           'onelogin': {'username': 'bob', 'role_ids': [150001, 150099]}}
    # carol still uses OneLogin: the role runs a service's task only when someone has settings for it (a playbook
    # without that service's credentials must work), so with nobody left on OneLogin no OneLogin task would run
    carol = {'email': 'carol@example.com', 'first_name': 'Carol', 'last_name': 'Coder', 'onelogin': {}}
    lifecycle.play(tmp_path, installed, env, [bob, carol])
    onelogin_bob = next(u for u in services['onelogin'].users.values() if u['username'] == 'bob')
    assert services['onelogin'].roles[onelogin_bob['id']] == {150001, 150099}
    moved = dict(bob, agilicus={})    # no roles key: his Agilicus roles must stay (this part holds)
    moved.pop('onelogin')
    _changed, output = lifecycle.play(tmp_path, installed, env, [moved, carol])
    agilicus_bob = next(u for u in services['agilicus'].users.values() if u['email'] == 'bob@example.com')
    assert agilicus_bob['roles'] == {'wiki': ['editor']}, agilicus_bob['roles']
    # the report lists a service's accounts on one line ('onelogin: alice, bob;': alice is the demo's own orphan)
    assert services['onelogin'].roles.get(onelogin_bob['id']) != {150001, 150099} or re.search(
        r'onelogin: [^;]*\bbob\b', output), output


def test_role_a_kestra_mover_to_another_tenant_loses_the_old_tenants_groups(tmp_path, installed, fakes):
    """The role manages one tenant's groups a person (kestra.tenant); moving it leaves the old tenant's groups."""
    services, env = fakes
    kestra_fake = services['kestra']
    old = kestra_fake.add_group('admins', 'main')['id']
    new = kestra_fake.add_group('devs', 'staging')['id']
    bob = {'email': 'bob@example.com', 'first_name': 'Bob', 'last_name': 'Builder',
           'kestra': {'tenants': ['main', 'staging'], 'tenant': 'main', 'group_ids': [old]}}
    lifecycle.play(tmp_path, installed, env, [bob])
    moved = dict(bob, kestra={'tenants': ['main', 'staging'], 'tenant': 'staging', 'group_ids': [new]})
    lifecycle.play(tmp_path, installed, env, [moved])
    kestra_bob = next(u for u in kestra_fake.users.values() if u['email'] == 'bob@example.com')
    assert sorted((g['tenantId'], g['id']) for g in kestra_bob['groups']) == [('staging', new)]


def test_role_a_kestra_joiner_with_groups_but_no_tenants_fails_before_creating_the_account(tmp_path, installed, fakes):
    """kestra.tenants is optional in the role's argument specs; a joiner given only tenant and group_ids gets an
    account created, then the group write is refused (no access to the tenant): the run fails after writing."""
    services, env = fakes
    kestra_fake = services['kestra']
    devs = kestra_fake.add_group('devs', 'main')['id']
    dan = {'email': 'dan@example.com', 'first_name': 'Dan', 'last_name': 'D',
           'kestra': {'tenant': 'main', 'group_ids': [devs]}}
    try:
        lifecycle.play(tmp_path, installed, env, [dan])
    except AssertionError as failed:   # the play failed: then it must have failed before creating anyone
        assert not [u for u in kestra_fake.users.values() if u['email'] == 'dan@example.com'], str(failed)[-1500:]
        return
    kestra_dan = next(u for u in kestra_fake.users.values() if u['email'] == 'dan@example.com')
    assert [(g['tenantId'], g['id']) for g in kestra_dan['groups']] == [('main', devs)]


# Held: attacks that did not break anything (regression guards) ------------------------------

def test_kestra_unknown_name_in_50th_entry_fails_before_creating_49(kestra):
    kind, fake = kestra
    config = [dict(kind.vendor.entry(100 + n), tenant_group_names={'main': ['group-a']}) for n in range(49)]
    config.append(dict(kind.vendor.entry(200), tenant_group_names={'main': ['group-nope']}))
    for check in (True, False):
        result = kind.vendor.run(fake, check=check, config=config)
        assert result.get('failed') and 'config entry 50' in result['msg'], result.get('msg')
        assert fake.writes() == []


def test_onelogin_unknown_name_in_50th_entry_fails_before_creating_49(onelogin):
    kind, fake = onelogin
    config = [dict(kind.vendor.entry(100 + n), roles=['Employees']) for n in range(49)]
    config.append(dict(kind.vendor.entry(200), roles=['Nope']))
    for check in (True, False):
        result = kind.vendor.run(fake, check=check, config=config)
        assert result.get('failed') and 'config entry 50' in result['msg'], result.get('msg')
        assert fake.writes() == []


@pytest.mark.parametrize('roles', [{'wiki': 'admin'}, {'wiki': [{'name': 'x'}]}, {'wiki': ['viewer', None]}],
                         ids=['text', 'objects', 'null'])
def test_agilicus_listing_roles_of_the_wrong_shape_fail_before_any_write(agilicus, roles):
    kind, fake = agilicus
    users_of(kind, fake)

    def lying(body):
        return dict(body, users=[dict(user, roles=roles) for user in body['users']])
    answer_with(fake, r'/users$', lying)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result.get('failed') and 'defect' not in result['msg'], result.get('msg')
    assert fake.writes() == []


def test_kestra_user_details_with_a_group_without_id_fail_before_any_write(kestra):
    kind, fake = kestra
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    answer_with(fake, r'/api/v1/users/[^/]+$', lambda body: dict(body, groups=[dict(tenantId='main')]), times=10)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result.get('failed') and 'defect' not in result['msg'], result.get('msg')
    assert fake.writes() == []


def test_kestra_user_details_repeating_a_group_is_no_change(kestra):
    kind, fake = kestra
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    answer_with(fake, r'/api/v1/users/[^/]+$', lambda body: dict(body, groups=list(body['groups']) * 2), times=10)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'a')])
    assert result['changed'] is False and fake.writes() == [], result.get('msg')


@pytest.mark.parametrize('change', [lambda body: list(body) + [body[0]], lambda body: list(body)[1:]],
                         ids=['repeats-a-role', 'omits-a-role'])
def test_onelogin_role_listing_that_lies_fails_before_any_write(onelogin, change):
    kind, fake = onelogin
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'ab')
    answer_with(fake, r'/api/2/roles$', change)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'a')])
    assert result.get('failed') and fake.writes() == [], result.get('msg')


def test_onelogin_two_roles_differing_in_case_are_ambiguous(onelogin):
    kind, fake = onelogin
    users_of(kind, fake)
    fake.add_role('Auditors', 150200)
    fake.add_role('AUDITORS', 150201)
    result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(0), roles=['auditors'])])
    assert result.get('failed') and 'several' in result['msg'] and fake.writes() == [], result.get('msg')


def test_onelogin_mixed_id_and_name_of_one_role_is_one_role(onelogin):
    kind, fake = onelogin
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    result = kind.vendor.run(fake, config=[dict(kind.vendor.entry(0), role_ids=[150001], roles=[' employees '])])
    assert result['changed'] is False and fake.writes() == [], result.get('msg')


def test_onelogin_protected_by_email_keeps_roles(onelogin):
    kind, fake = onelogin
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    entry = kind.entry(0, 'b')
    kind.vendor.run(fake, config=[entry], protected=[entry['email']])
    assert kind.held(fake, users[0]) == kind.expected('a')


def test_onelogin_add_that_lands_then_fails_converges_on_the_rerun(onelogin):
    kind, fake = onelogin
    users = users_of(kind, fake)
    kind.seed(fake, users[0], 'a')
    fake.inject(kind='status', status=500, method='PUT', path=r'/add_roles', times=10, after_apply=True)
    result = kind.vendor.run(fake, config=[kind.entry(0, 'b')])
    assert result.get('failed') and 'may or may not have been applied' in result['msg'], result.get('msg')
    assert kind.held(fake, users[0]) == kind.expected('ab')    # adds first: never fewer roles than either side
    assert not kind.vendor.run(fake, config=[kind.entry(0, 'b')]).get('failed')
    assert kind.held(fake, users[0]) == kind.expected('b')


def test_onelogin_check_mode_diff_of_a_new_user_with_named_roles_is_the_real_one(onelogin):
    kind, fake = onelogin
    config = [dict(kind.vendor.entry(50), roles=['Sales', 'employees'])]
    predicted = kind.vendor.run(fake, check=True, diff=True, config=config)
    assert fake.writes() == []
    done = kind.vendor.run(fake, diff=True, config=config)
    assert predicted['diff'] == done['diff'] and predicted['summary'] == done['summary']
