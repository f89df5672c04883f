# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One lifecycle description per module, so the same scenario runs against every vendor.

Each scenario says how to start its fake (with the secrets it will check for), the
module arguments for create / update / delete, how to tell from the fake's state
that the resource exists, and inputs that must be refused before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from tests.fakes.agilicus import AgilicusFake
from tests.fakes.kestra import KestraFake
from tests.fakes.onelogin import OneLoginFake
from tests.fakes.xiq import XiqFake


class Scenario:
    def __init__(self, module, start, create, update, absent, exists, bad_inputs, secrets, read_path, write=None):
        self.module = module
        self.start = start              # () -> (fake, connection args)
        self.create = create            # fake -> module args that create the resource
        self.update = update            # fake -> module args that change it
        self.absent = absent            # fake -> module args that remove it
        self.exists = exists            # fake -> bool
        self.bad_inputs = bad_inputs    # [(args, words the failure message must contain)]
        self.secrets = secrets          # secret values planted in the connection
        self.read_path = read_path      # regex of the lookup request, for fault injection
        self.write = write              # (method, path regex) of the first write a create sends

    def __repr__(self):
        return self.module


XIQ_PASSWORD = 'xiq-Pa55word-planted-71'


def start_xiq():
    fake = XiqFake(token=None, username='admin@example.com', password=XIQ_PASSWORD)
    url = fake.start()
    return fake, dict(api_url=url, api_username='admin@example.com', api_password=XIQ_PASSWORD)


def xiq_user_exists(fake):
    return any(u['login_name'] == 'alice@example.com' for u in fake.users.values())


XIQ = Scenario(
    'xiq_user', start_xiq,
    create=lambda fake: dict(login_name='alice@example.com', display_name='Alice', user_role='OPERATOR',
                             location_ids=[101, 102]),
    update=lambda fake: dict(login_name='Alice@Example.com', user_role='MONITOR', location_ids=[102, 101]),
    absent=lambda fake: dict(login_name='alice@example.com', state='absent'),
    exists=xiq_user_exists,
    bad_inputs=[
        (dict(login_name='alice@example.com', user_role='KING'), ['user_role', 'KING']),
        (dict(login_name='alice@example.com', idle_timeout=1), ['idle_timeout', '5 and 240']),
        (dict(display_name='Nobody'), ['login_name', 'id']),
        (dict(login_name='alice@example.com', location_ids=['north']), ['location_ids']),
        (dict(login_name='  '), ['login_name', 'empty']),
    ],
    secrets=[XIQ_PASSWORD],
    read_path='^/users$', write=('POST', '^/users$'),
)

XIQ_EXTERNAL = Scenario(
    'xiq_external_user', start_xiq,
    create=lambda fake: dict(login_name='eng@partner.example', user_role='MONITOR', access_scope='site',
                             location_ids=[101]),
    update=lambda fake: dict(login_name='ENG@partner.example', user_role='OPERATOR', viq_access_control='read_only'),
    absent=lambda fake: dict(login_name='eng@partner.example', state='absent'),
    exists=lambda fake: any(u['login_name'] == 'eng@partner.example' for u in fake.external_users.values()),
    bad_inputs=[
        (dict(login_name='eng@partner.example', access_scope='everything'), ['access_scope', 'everything']),
        (dict(login_name='eng@partner.example'), ['user_role']),
        (dict(id=12345, user_role='MONITOR'), ['no external user has id 12345']),
        (dict(user_role='MONITOR'), ['login_name', 'id']),
        (dict(login_name='eng@partner.example', org_id='hq'), ['org_id']),
    ],
    secrets=[XIQ_PASSWORD],
    read_path='^/users/external$', write=('POST', '^/users/external$'),
)

KESTRA_PASSWORD = 'kestra-Pa55word-planted-72'


def start_kestra():
    fake = KestraFake(token=None, username='root@example.com', password=KESTRA_PASSWORD)
    fake.add_user('carol@example.com')
    fake.add_user('ivan@example.com', tenants=[{'id': 'main', 'name': 'main'}])
    fake.scenario_groups = [fake.add_group('devs', 'main')['id'], fake.add_group('ops', 'main')['id']]
    url = fake.start()
    return fake, dict(api_url=url, api_username='root@example.com', api_password=KESTRA_PASSWORD)


def kestra_token_exists(fake):
    return any(t['name'] == 'laptop' for tokens in fake.tokens.values() for t in tokens.values())


KESTRA = Scenario(
    'kestra_api_token', start_kestra,
    create=lambda fake: dict(user_email='Carol@example.com', name='laptop', description='Carol laptop',
                             max_age='P30D'),
    update=lambda fake: dict(user_email='carol@example.com', name='laptop', description='Carol laptop',
                             max_age='P60D', rotate=True),
    absent=lambda fake: dict(user_email='carol@example.com', name='laptop', state='absent'),
    exists=kestra_token_exists,
    bad_inputs=[
        (dict(user_email='carol@example.com', name='Not_Valid'), ['name', 'lower-case']),
        (dict(user_email='carol@example.com', name='laptop', max_age='30 days'), ['max_age', 'ISO 8601']),
        (dict(user_email='carol@example.com', user_id='x1', name='laptop'), ['mutually exclusive']),
        (dict(name='laptop'), ['user_id', 'user_email', 'service_account_id']),
        (dict(user_email='carol@example.com', name='laptop', state='gone'), ['state', 'gone']),
    ],
    secrets=[KESTRA_PASSWORD],
    read_path='^/api/v1/users$', write=('POST', '/api-tokens$'),
)

KESTRA_USER_PASSWORD = 'kestra-User-password-planted-76'

KESTRA_USER = Scenario(
    'kestra_user', start_kestra,
    create=lambda fake: dict(email='dana@example.com', first_name='Dana', tenants=['main'],
                             password=KESTRA_USER_PASSWORD),
    update=lambda fake: dict(email='DANA@example.com', last_name='Example', tenants=['main', 'staging'],
                             restricted=True, password=KESTRA_USER_PASSWORD),
    absent=lambda fake: dict(email='dana@example.com', state='absent'),
    exists=lambda fake: any(u['email'] == 'dana@example.com' for u in fake.users.values()),
    bad_inputs=[
        (dict(email='not-an-address'), ['email', 'e-mail address']),
        (dict(email='dana@example.com', tenants='main', restricted='perhaps'), ['restricted']),
        (dict(email='dana@example.com', update_password='sometimes'), ['update_password', 'sometimes']),
        (dict(email='dana@example.com', revoke_sessions=True, state='absent'), ['revoke_sessions']),
        (dict(first_name='Dana'), ['email', 'id']),
    ],
    secrets=[KESTRA_PASSWORD, KESTRA_USER_PASSWORD],
    read_path='^/api/v1/users$', write=('POST', '^/api/v1/users$'),
)

AGILICUS_TOKEN = 'agilicus-Bearer-planted-73'


def start_agilicus():
    fake = AgilicusFake(token=AGILICUS_TOKEN)
    fake.scenario_user = fake.add_user('hugo@example.com', 'org-1')
    url = fake.start()
    return fake, dict(api_url=url, api_token=AGILICUS_TOKEN, org_id='org-1')


AGILICUS = Scenario(
    'agilicus_service_account', start_agilicus,
    create=lambda fake: dict(name='backup-robot', enabled=True, allowed_sub_orgs=['sub-a', 'sub-b']),
    update=lambda fake: dict(name='backup-robot', enabled=False, allowed_sub_orgs=['sub-b', 'sub-a']),
    absent=lambda fake: dict(name='backup-robot', state='absent'),
    exists=lambda fake: any(a['spec']['name'] == 'backup-robot' for a in fake.service_accounts.values()),
    bad_inputs=[
        (dict(enabled=True), ['name', 'id']),
        (dict(name='x' * 101), ['name', '100']),
        (dict(name='', enabled=True), ['name', 'empty']),
        (dict(name='robot', enabled='maybe'), ['enabled']),
        (dict(name='robot', allowed_sub_orgs='sub-a', state='present', bogus=1), ['bogus']),
    ],
    secrets=[AGILICUS_TOKEN],
    read_path='^/v1/service_accounts$', write=('POST', '^/v1/service_accounts$'),
)

AGILICUS_USER = Scenario(
    'agilicus_user', start_agilicus,
    create=lambda fake: dict(email='gina@example.com', first_name='Gina', status='active'),
    update=lambda fake: dict(email='GINA@example.com', last_name='Example', external_id='hr-77', status='disabled'),
    absent=lambda fake: dict(email='gina@example.com', state='absent'),
    exists=lambda fake: any(u['email'] == 'gina@example.com' for u in fake.users.values()),
    bad_inputs=[
        (dict(email='gina'), ['email', 'e-mail address']),
        (dict(email='gina@example.com', status='gone'), ['status', 'gone']),
        (dict(email='gina@example.com', external_id='x' * 101), ['external_id', '100']),
        (dict(email='gina@example.com', reset_mfa=True, state='absent'), ['reset_mfa']),
        (dict(first_name='Gina'), ['email', 'id']),
    ],
    secrets=[AGILICUS_TOKEN],
    read_path='^/users$', write=('POST', '^/users$'),
)


def ivan_groups(fake):
    return [g['id'] for u in fake.users.values() if u['email'] == 'ivan@example.com' for g in u['groups']]


KESTRA_USER_GROUPS = Scenario(
    'kestra_user_groups', start_kestra,
    create=lambda fake: dict(tenant='main', email='ivan@example.com', group_ids=fake.scenario_groups[:1]),
    update=lambda fake: dict(tenant='main', email='IVAN@example.com', group_ids=fake.scenario_groups[1:], append=True),
    absent=lambda fake: dict(tenant='main', email='ivan@example.com', group_ids=fake.scenario_groups, state='absent'),
    exists=lambda fake: bool(ivan_groups(fake)),
    bad_inputs=[
        (dict(email='ivan@example.com', group_ids=['g1']), ['tenant is required']),
        (dict(tenant='main', email='ivan@example.com'), ['group_ids']),
        (dict(tenant='main', email='ivan@example.com', user_id='x', group_ids=['g1']), ['mutually exclusive']),
        (dict(tenant='main', email='ivan@example.com', group_ids=['g1'], append='often'), ['append']),
        (dict(tenant='main', group_ids=['g1']), ['email', 'user_id']),
    ],
    secrets=[KESTRA_PASSWORD],
    read_path='^/api/v1/users$', write=('PUT', '/groups$'),
)


def hugo_has(fake, collection):
    return any(fake.collections[collection].owners.get(r['metadata']['id']) == fake.scenario_user['id']
               or r['spec'].get('user_id') == fake.scenario_user['id']
               for r in fake.collections[collection].items.values())


HUGO = dict(email='hugo@example.com')
AGILICUS_SUB_RESOURCES = [
    Scenario(
        'agilicus_user_role', start_agilicus,
        create=lambda fake: dict(HUGO, roles={'wiki': ['editor']}),
        update=lambda fake: dict(HUGO, roles={'crm': ['viewer']}, append=True),
        absent=lambda fake: dict(HUGO, roles={'wiki': ['editor'], 'crm': ['viewer']}, state='absent'),
        exists=lambda fake: bool(fake.scenario_user['roles']),
        bad_inputs=[
            (dict(HUGO, roles={'wiki': 'editor'}), ['roles.wiki', 'list']),
            (dict(HUGO), ['roles']),
            (dict(roles={'wiki': ['editor']}), ['user_id', 'email']),
            (dict(HUGO, user_id='x', roles={'wiki': ['editor']}), ['mutually exclusive']),
            (dict(HUGO, roles={'wiki': ['editor']}, state='gone'), ['state', 'gone']),
        ],
        secrets=[AGILICUS_TOKEN], read_path='^/users$', write=('PUT', '/roles$')),
    Scenario(
        'agilicus_mfa_challenge_method', start_agilicus,
        create=lambda fake: dict(HUGO, challenge_type='sms', nickname='work', endpoint='+15550123', priority=1),
        update=lambda fake: dict(HUGO, challenge_type='sms', nickname='work', priority=2, enabled=False),
        absent=lambda fake: dict(HUGO, challenge_type='sms', nickname='work', state='absent'),
        exists=lambda fake: hugo_has(fake, 'mfa_challenge_methods'),
        bad_inputs=[
            (dict(HUGO, challenge_type='sms', nickname='new'), ['also set: endpoint, priority']),
            (dict(HUGO, challenge_type='sms', priority='first'), ['priority']),
            (dict(HUGO, nickname='work'), ['id', 'challenge_type']),
            (dict(challenge_type='sms'), ['user_id', 'email']),
            (dict(HUGO, challenge_type='sms', enabled='yes please'), ['enabled']),
        ],
        secrets=[AGILICUS_TOKEN, '+15550123'], read_path='/mfa_challenge_methods$', write=('POST', '/mfa_challenge_methods$')),
    Scenario(
        'agilicus_upstream_user_identity', start_agilicus,
        create=lambda fake: dict(HUGO, upstream_idp_id='azure', upstream_user_id='u-1',
                                 attributes={'attributes': [{'name': 'dept', 'value': 'it'}]}),
        update=lambda fake: dict(HUGO, upstream_idp_id='azure', upstream_user_id='u-1',
                                 attributes={'attributes': [{'name': 'dept', 'value': 'ops'}]}),
        absent=lambda fake: dict(HUGO, upstream_idp_id='azure', upstream_user_id='u-1', state='absent'),
        exists=lambda fake: hugo_has(fake, 'upstream_user_identities'),
        bad_inputs=[
            (dict(HUGO, upstream_idp_id='azure'), ['upstream_idp_id', 'upstream_user_id']),
            (dict(HUGO, upstream_idp_id='azure', upstream_user_id='u', attributes='dept'), ['attributes']),
            (dict(HUGO), ['id', 'upstream_idp_id']),
            (dict(upstream_idp_id='azure', upstream_user_id='u'), ['user_id', 'email']),
            (dict(email='nobody@example.com', upstream_idp_id='azure', upstream_user_id='u'), ['no user has']),
        ],
        secrets=[AGILICUS_TOKEN], read_path='/upstream_user_identities$', write=('POST', '/upstream_user_identities$')),
    Scenario(
        'agilicus_user_metadata', start_agilicus,
        create=lambda fake: dict(HUGO, data_type='json', name='prefs', data='{"theme": "dark"}'),
        update=lambda fake: dict(HUGO, data_type='json', name='prefs', data='{"theme": "light"}'),
        absent=lambda fake: dict(HUGO, data_type='json', name='prefs', state='absent'),
        exists=lambda fake: hugo_has(fake, 'user_metadata'),
        bad_inputs=[
            (dict(HUGO, data_type='xml', data='x'), ['data_type', 'xml']),
            (dict(HUGO, data_type='json', name='new'), ['also set: data']),
            (dict(HUGO, name='prefs'), ['id', 'data_type']),
            (dict(data_type='json', data='{}'), ['user_id', 'email']),
            (dict(HUGO, data_type='json', data='{}', state='maybe'), ['state', 'maybe']),
        ],
        secrets=[AGILICUS_TOKEN], read_path='^/v1/user_metadata$', write=('POST', '^/v1/user_metadata$')),
    Scenario(
        'agilicus_user_request', start_agilicus,
        create=lambda fake: dict(HUGO, requested_resource='wiki', requested_resource_type='application_access',
                                 request_information='for the project'),
        update=lambda fake: dict(HUGO, requested_resource='wiki', requested_resource_type='application_access',
                                 response_information='ok', request_state='approved'),
        absent=lambda fake: dict(HUGO, requested_resource='wiki', requested_resource_type='application_access',
                                 state='absent'),
        exists=lambda fake: hugo_has(fake, 'user_requests'),
        bad_inputs=[
            (dict(HUGO, requested_resource='wiki'), ['requested_resource', 'requested_resource_type']),
            (dict(HUGO, requested_resource='wiki', requested_resource_type='castle'), ['requested_resource_type']),
            (dict(HUGO, requested_resource='wiki', requested_resource_type='application', request_state='maybe'),
             ['request_state']),
            (dict(HUGO), ['id', 'requested_resource']),
            (dict(requested_resource='wiki', requested_resource_type='application'), ['user_id', 'email']),
        ],
        secrets=[AGILICUS_TOKEN], read_path='^/v1/user_requests$', write=('POST', '^/v1/user_requests$')),
]

ONELOGIN_SECRET = 'onelogin-Client-secret-planted-74'


def start_onelogin():
    fake = OneLoginFake(client_id='client-74', client_secret=ONELOGIN_SECRET)
    fake.add_user('dave', roles=[150001])
    url = fake.start()
    return fake, dict(api_url=url, api_client_id='client-74', api_client_secret=ONELOGIN_SECRET)


def dave_roles(fake):
    return next(fake.roles[u['id']] for u in fake.users.values() if u['username'] == 'dave')


ONELOGIN = Scenario(
    'onelogin_user_role', start_onelogin,
    # "exists" here means: dave holds exactly the wanted roles and not his old one
    create=lambda fake: dict(username='dave', role_ids=[150002, 150003]),
    update=lambda fake: dict(username='DAVE', role_ids=[150007], append=True),
    absent=lambda fake: dict(username='dave', role_ids=[150002, 150003, 150007], state='absent'),
    exists=lambda fake: bool(dave_roles(fake) & set([150002, 150003, 150007])),
    bad_inputs=[
        (dict(username='dave', role_ids=[0]), ['role_ids', 'positive']),
        (dict(username='dave', role_ids=['admin']), ['role_ids']),
        (dict(username='dave', email='dave@example.com', role_ids=[1]), ['mutually exclusive']),
        (dict(username='dave'), ['role_ids']),
        (dict(username='dave', role_ids=[1], append='sometimes'), ['append']),
    ],
    secrets=[ONELOGIN_SECRET],
    read_path='^/api/1/users$', write=('PUT', '/(add|remove)_roles$'),
)

ONELOGIN_PASSWORD = 'onelogin-User-password-planted-75'

ONELOGIN_USER = Scenario(
    'onelogin_user', start_onelogin,
    create=lambda fake: dict(username='erin', email='erin@example.com', firstname='Erin', lastname='Example',
                             custom_attributes={'cost_center': '100'}, user_state='approved',
                             password=ONELOGIN_PASSWORD, password_salt='pepper'),
    update=lambda fake: dict(username='ERIN', department='Engineering', custom_attributes={'badge': '7'},
                             user_state='unlicensed', password=ONELOGIN_PASSWORD),
    absent=lambda fake: dict(username='erin', state='absent'),
    exists=lambda fake: any(u['username'] == 'erin' for u in fake.users.values()),
    bad_inputs=[
        (dict(username='erin', user_state='asleep'), ['user_state', 'asleep']),
        (dict(username='erin', group_id='engineering'), ['group_id']),
        (dict(username='erin', password='x', password_salt='s' * 41), ['password_salt', '40']),
        (dict(username='erin', logout=True, state='absent'), ['logout', 'state=absent']),
        (dict(firstname='Erin'), ['id', 'username', 'email']),
    ],
    secrets=[ONELOGIN_SECRET, ONELOGIN_PASSWORD],
    read_path='^/api/1/users$', write=('POST', '^/api/1/users$'),
)

ALL = [XIQ, XIQ_EXTERNAL, KESTRA, KESTRA_USER, KESTRA_USER_GROUPS, AGILICUS, AGILICUS_USER] + \
    AGILICUS_SUB_RESOURCES + [ONELOGIN, ONELOGIN_USER]
