# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The memberships of the three bulk modules that take them, described once for the tests, the minimum-requests
table and the benchmarks: how to seed a user's roles or groups in the fake, write them in an entry, read them
back, and the fewest reads a run needs (``minimum_reads``, with ``why``)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests.integration.bulk_vendors import VENDORS

BY_NAME = dict((vendor.name, vendor) for vendor in VENDORS)


class OneLoginRoles:
    vendor = BY_NAME['onelogin']
    option = 'role_ids'

    def prepare(self, fake):
        self.ids = dict(a=150001, b=150002, c=150003)

    def seed(self, fake, user, names):
        fake.roles[user['id']] = set(self.ids[name] for name in names)

    def held(self, fake, user):
        return sorted(role for role in fake.roles.get(user['id'], ()))

    def expected(self, names):
        return sorted(self.ids[name] for name in names)

    def entry(self, number, names):
        return dict(self.vendor.entry(number), role_ids=self.expected(names))

    def by_name(self, number, names):
        return dict(self.vendor.entry(number), roles=[{'a': 'employees', 'b': 'ENGINEERING', 'c': ' Sales '}[n]
                                                      for n in names])

    def unknown(self, entry):
        return dict(entry, role_ids=[999999])

    def appended(self, entry):
        return dict(entry, append_roles=True)

    why = ('the user listing (100 a page), GET /api/2/roles once (names, ids, which roles to read), and each '
           "role's members (GET /api/2/roles/{id}/users, 100 a page, one page for an empty role): no OneLogin "
           "listing gives a user's roles, so per role is fewer than per user whenever roles < users")

    def minimum_reads(self, fake, listed):
        members = dict((role, 0) for role in fake.role_names)
        for roles in fake.roles.values():
            for role in roles:
                members[role] += 1
        return (self.vendor.listing_requests(len(fake.users)) + 1
                + sum(max(1, -(-count // 100)) for count in members.values()))


class AgilicusRoles:
    vendor = BY_NAME['agilicus']
    option = 'roles'

    def prepare(self, fake):
        pass

    def seed(self, fake, user, names):
        fake.users[user['id']]['roles'] = {'wiki': sorted(names)} if names else {}

    def held(self, fake, user):
        return sorted(fake.users[user['id']]['roles'].get('wiki', []))

    def expected(self, names):
        return sorted(names)

    def entry(self, number, names):
        return dict(self.vendor.entry(number), roles={'wiki': sorted(names)})

    by_name = entry

    def unknown(self, entry):
        return None   # Agilicus role names are free text: nothing to refuse

    def appended(self, entry):
        return dict(entry, append_roles=True)

    why = ('the user listing (500 a page) alone: it carries each user\'s direct roles (User.roles, the field GET '
           '/users/{id} gives), so the roles cost no request; list_org_user_roles would add ceil(rows / 500)')

    def minimum_reads(self, fake, listed):
        return self.vendor.listing_requests(len(fake.users))


class KestraGroups:
    vendor = BY_NAME['kestra']
    option = 'tenant_group_ids'

    def prepare(self, fake):
        self.ids = dict((name, fake.add_group('group-' + name, 'main')['id']) for name in 'abc')

    def seed(self, fake, user, names):
        fake.users[user['id']]['groups'] = [dict(id=self.ids[name], tenantId='main') for name in names]

    def held(self, fake, user):
        return sorted(group['id'] for group in fake.users[user['id']]['groups'] if group['tenantId'] == 'main')

    def expected(self, names):
        return sorted(self.ids[name] for name in names)

    def entry(self, number, names):
        return dict(self.vendor.entry(number), tenant_group_ids={'main': self.expected(names)})

    def by_name(self, number, names):
        return dict(self.vendor.entry(number), tenant_group_names={'main': ['group-' + name for name in names]})

    def unknown(self, entry):
        return dict(entry, tenant_group_ids={'main': ['no-such-group']})

    def appended(self, entry):
        return dict(entry, append_groups=True)

    why = ('the user listing (500 a page) and GET /api/v1/users/{id} for each listed user: the listing lacks '
           'names and groups, and that one read gives both, with each group\'s tenant; per-group members '
           '(GET /api/v1/{tenant}/groups/{id}/members) would come on top of it; no group read when nothing is added')

    def minimum_reads(self, fake, listed):
        return self.vendor.listing_requests(len(fake.users)) + listed


KINDS = [OneLoginRoles, AgilicusRoles, KestraGroups]


def users_in_order(kind, fake, count):
    key = kind.vendor.entry(0)
    key = 'username' if 'username' in key else 'login_name' if 'login_name' in key else 'email'
    by_key = dict((user.get(key) or user.get('username'), user) for user in fake.users.values())
    return [by_key[kind.vendor.entry(n)[key]] for n in range(count)]


def seeded(kind, fake, names_of, count):
    users = users_in_order(kind, fake, count)
    for number, user in enumerate(users):
        kind.seed(fake, user, names_of(number))
    return users
