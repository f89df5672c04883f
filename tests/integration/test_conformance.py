# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendors' own SDKs drive our fakes: proof that the fakes speak the real protocol.

Test-only use of extremecloudiq-api, kestrapy, onelogin and agilicus (requirements-sdk.txt).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import warnings

import pytest

from tests.fakes.agilicus import AgilicusFake
from tests.fakes.kestra import KestraFake
from tests.fakes.onelogin import OneLoginFake
from tests.fakes.xiq import XiqFake

with warnings.catch_warnings():
    warnings.simplefilter('ignore')   # the SDKs' pydantic models warn about shadowed names
    # importing agilicus puts its generated client, agilicus_api, on the path
    import agilicus  # noqa: F401  pylint: disable=unused-import
    import agilicus_api
    import extremecloudiq
    import kestrapy
    import onelogin
    from agilicus_api.model.service_account import ServiceAccount
    from agilicus_api.model.service_account_spec import ServiceAccountSpec
    from extremecloudiq.api.authentication_api import AuthenticationApi
    from kestrapy.models.api_patch_super_admin_request import ApiPatchSuperAdminRequest
    from kestrapy.models.create_api_token_request import CreateApiTokenRequest
    from kestrapy.models.iam_tenant_access_controller_user_api_autocomplete import (
        IAMTenantAccessControllerUserApiAutocomplete)
    from kestrapy.models.iam_user_controller_api_create_or_update_user_request import (
        IAMUserControllerApiCreateOrUpdateUserRequest)
    from kestrapy.models.iam_user_controller_api_patch_restricted_request import (
        IAMUserControllerApiPatchRestrictedRequest)
    from kestrapy.models.iam_user_controller_api_patch_user_password_request import (
        IAMUserControllerApiPatchUserPasswordRequest)
    from kestrapy.models.iam_user_group_controller_api_update_user_groups_request import (
        IAMUserGroupControllerApiUpdateUserGroupsRequest)
    from kestrapy.models.me_controller_api_update_password_request import MeControllerApiUpdatePasswordRequest
    from kestrapy.models.me_controller_api_user_details_request import MeControllerApiUserDetailsRequest


@pytest.fixture
def started():
    fakes = []

    def start(fake):
        fake.start()
        fakes.append(fake)
        return fake
    yield start
    for fake in fakes:
        fake.stop()


def test_kestrapy_drives_users_and_every_token_family(started):
    fake = started(KestraFake(token='kestra-sdk-token'))
    user = fake.add_user('ivan@example.com')
    instance_account = fake.add_service_account('robot')
    tenant_account = fake.add_service_account('robot', tenant='main')
    client = kestrapy.KestraClient(host=fake.url, token='kestra-sdk-token')

    page = client.users.list_users(page=1, size=10)
    assert page.total == 2 and {u.username for u in page.results} == {'ivan@example.com', 'root@example.com'}

    created = client.users.create_api_tokens_for_user(user['id'], CreateApiTokenRequest(name='ci', maxAge='P1D'))
    assert created.name == 'ci' and created.full_token
    listed = client.users.list_api_tokens_for_user(user['id'])
    assert [t.name for t in listed.results] == ['ci'] and listed.results[0].prefix
    client.users.delete_api_token_for_user(user['id'], created.id)
    assert client.users.list_api_tokens_for_user(user['id']).results == []

    accounts = client.service_account
    made = accounts.create_api_tokens_for_service_account(instance_account['id'], CreateApiTokenRequest(name='a'))
    assert made['fullToken'] and accounts.list_api_tokens_for_service_account(instance_account['id'])['results']
    accounts.delete_api_token_for_service_account(instance_account['id'], made['id'])

    tenant_methods = [name for name in dir(accounts) if 'token' in name and 'tenant' in name]
    create = next(getattr(accounts, n) for n in tenant_methods if n.startswith('create'))
    listing = next(getattr(accounts, n) for n in tenant_methods if n.startswith('list'))
    made = create(tenant_account['id'], 'main', CreateApiTokenRequest(name='b'))
    assert made['fullToken'] and listing(tenant_account['id'], 'main')['results'][0]['name'] == 'b'
    # user tokens: create 201, delete 204; service-account tokens answer 200 throughout (reference)
    assert [entry['status'] for entry in fake.log] == [200, 201, 200, 204, 200, 200, 200, 200, 200, 200]


def test_kestrapy_is_refused_without_credentials(started):
    fake = started(KestraFake(token='kestra-sdk-token'))
    client = kestrapy.KestraClient(host=fake.url, token='wrong-token')
    with pytest.raises(Exception) as caught:
        client.users.list_users(page=1, size=10)
    assert '401' in str(caught.value)


def test_agilicus_sdk_drives_service_accounts(started):
    fake = started(AgilicusFake(token='agilicus-sdk-token'))
    configuration = agilicus_api.Configuration(host=fake.url)
    configuration.access_token = 'agilicus-sdk-token'
    api = agilicus_api.UsersApi(agilicus_api.ApiClient(configuration))

    created = api.create_service_account(ServiceAccount(spec=ServiceAccountSpec(name='robot', org_id='org-1',
                                                                                enabled=True)))
    assert created.metadata.id and created.status.user.id
    assert [a.spec.name for a in api.list_service_accounts(org_id='org-1', limit=10).service_accounts] == ['robot']
    fetched = api.get_service_account(created.metadata.id, org_id='org-1')
    fetched.spec.enabled = False
    replaced = api.replace_service_account(created.metadata.id, service_account=ServiceAccount(spec=fetched.spec))
    assert replaced.spec.enabled is False
    api.delete_service_account(created.metadata.id, org_id='org-1')
    with pytest.raises(agilicus_api.ApiException) as caught:
        api.get_service_account(created.metadata.id, org_id='org-1')
    assert caught.value.status == 404


def test_onelogin_sdk_gets_a_token_and_drives_roles(started):
    fake = started(OneLoginFake(client_id='sdk-client', client_secret='sdk-secret', envelope='spec'))
    user = fake.add_user('judy', roles=[150001])
    configuration = onelogin.Configuration(host=fake.url)
    client = onelogin.ApiClient(configuration)
    token = onelogin.OAuth2Api(client).generate_token(
        onelogin.GenerateTokenRequest(grant_type='client_credentials'),
        _headers={'Authorization': 'client_id:sdk-client, client_secret:sdk-secret'})
    configuration.access_token = token.access_token
    users = onelogin.UsersV1Api(client)

    assert [u.username for u in users.list_users(username='judy')] == ['judy']
    assert users.get_user_by_id(user['id']).username == 'judy'
    assert users.get_user_roles(user['id']).data == [150001]
    assert users.add_roles_to_user(user['id'], onelogin.AddRolesToUserRequest(role_id_array=[150002])).code == 200
    # onelogin 4.0.1 models remove_roles items as {role_id: int} objects, unlike the API reference
    # ("role_id_array": [int]); send the reference's body through the SDK's own transport instead.
    client.call_api('/api/1/users/{user_id}/remove_roles', 'PUT', {'user_id': user['id']}, [],
                    {'Content-Type': 'application/json', 'Accept': 'application/json'},
                    body={'role_id_array': [150001]}, response_types_map={'200': 'Error'}, auth_settings=['OAuth2'])
    assert users.get_user_roles(user['id']).data == [150002]
    assert [e['status'] for e in fake.log] == [200] * 7


def test_extremecloudiq_sdk_drives_all_eleven_user_operations(started):
    fake = started(XiqFake(token=None, username='admin@example.com', password='xiq-sdk-password'))
    client = extremecloudiq.ApiClient(extremecloudiq.Configuration(host=fake.url))
    login = AuthenticationApi(client).login(extremecloudiq.XiqLoginRequest(username='admin@example.com',
                                                                           password='xiq-sdk-password'))
    client.configuration.access_token = login.access_token
    users = extremecloudiq.UserApi(client)

    created = users.create_user(extremecloudiq.XiqCreateUserRequest(
        login_name='kim@example.com', display_name='Kim', idle_timeout=30,
        user_role=extremecloudiq.XiqUserRole.OPERATOR, location_ids=[1], access_scope=1, viq_access_control=0))
    assert users.get_user(created.id).login_name == 'kim@example.com'
    assert users.list_users(page=1, limit=100).total_count == 2
    assert users.update_user(created.id, extremecloudiq.XiqUpdateUserRequest(display_name='Kim K')).display_name == 'Kim K'
    assert users.get_current_user().login_name == 'admin@example.com'
    users.delete_user(created.id)

    grant = users.grant_external_user(extremecloudiq.XiqGrantExternalUserRequest(
        login_name='eng@partner.example', user_role=extremecloudiq.XiqUserRole.MONITOR))
    assert users.list_external_users(page=1, limit=10).data[0].id == grant.id
    users.update_external_user(grant.id, extremecloudiq.XiqUpdateExternalUserRequest(
        user_role=extremecloudiq.XiqUserRole.OPERATOR))
    assert users.get_external_user(grant.id).user_role == extremecloudiq.XiqUserRole.OPERATOR
    users.revoke_external_user(grant.id)
    assert fake.users.keys() == {fake.me['id']} and fake.external_users == {}
    assert [e['status'] for e in fake.log] == [200, 201] + [200] * 10   # login, then the 11 operations


def test_onelogin_sdk_drives_every_users_v1_operation(started):
    fake = started(OneLoginFake(client_id='sdk-client', client_secret='sdk-secret', envelope='spec'))
    configuration = onelogin.Configuration(host=fake.url)
    client = onelogin.ApiClient(configuration)
    configuration.access_token = onelogin.OAuth2Api(client).generate_token(
        onelogin.GenerateTokenRequest(grant_type='client_credentials'),
        _headers={'Authorization': 'client_id:sdk-client, client_secret:sdk-secret'}).access_token
    users = onelogin.UsersV1Api(client)

    created = users.create_user(mappings='sync', validate_policy=False,
                                user=onelogin.User(username='lena', email='lena@example.com', firstname='Lena'))
    assert created.id and created.status == 7
    assert users.update_user(created.id, user=onelogin.User(department='Eng')).department == 'Eng'
    assert users.set_user_state(created.id, onelogin.SetUserStateRequest(state=2)).code == 200
    assert users.lock_account_user(created.id, onelogin.LockAccountUserRequest(locked_until=15)).code == 200
    assert users.log_out_user(created.id, {}).code == 200
    assert users.update_password_insecure(created.id, onelogin.UpdatePasswordInsecureRequest(
        password='Pa55-word', password_confirmation='Pa55-word', validate_policy=False)).code == 200
    digest = 'b1c788abac15390de987ad17b65ac73c9b475d428a51f245c645a442fddd078b'
    assert users.update_password_secure(created.id, onelogin.UpdatePasswordSecureRequest(
        password=digest, password_confirmation=digest, password_algorithm='salt+sha256',
        password_salt='hello')).code == 200
    assert users.get_custom_attributes().data == [['cost_center', 'badge']]
    fake.apps[created.id] = [{'id': 7, 'name': 'Slack', 'provisioning_enabled': False}]
    assert [app.name for app in users.get_user_apps(created.id, ignore_visibility=True)] == ['Slack']
    assert users.get_user_by_id(created.id).state == 2
    users.delete_user(created.id)
    assert created.id not in fake.users
    assert fake.passwords[created.id][0] == 'salt+sha256'


def test_kestrapy_drives_every_user_operation(started):
    """Together with the token test above: all 24 operations of the Kestra UsersApi reference."""
    fake = started(KestraFake(token='kestra-sdk-token', create_returns_body=True))
    group = fake.add_group('devs', 'main')
    users = kestrapy.KestraClient(host=fake.url, token='kestra-sdk-token').users

    created = users.create_user(IAMUserControllerApiCreateOrUpdateUserRequest(
        email='nora@example.com', firstName='Nora', tenants=['main'], password='Pa55-word'))
    user_id = created.id
    assert users.user(user_id).email == 'nora@example.com'
    assert users.patch_user(user_id, MeControllerApiUserDetailsRequest(lastName='Example')).last_name == 'Example'
    replaced = users.update_user(user_id, IAMUserControllerApiCreateOrUpdateUserRequest(
        email='nora@example.com', firstName='Nora', lastName='Example', tenants=['main'], groups=[group['id']]))
    assert [g.id for g in replaced.groups] == [group['id']]
    users.patch_user_demo(user_id, IAMUserControllerApiPatchRestrictedRequest(restricted=True))
    users.patch_user_super_admin(user_id, ApiPatchSuperAdminRequest(superAdmin=False))
    users.patch_user_password(user_id, IAMUserControllerApiPatchUserPasswordRequest(password='New-Pa55'))
    users.update_user_groups(user_id, 'main', IAMUserGroupControllerApiUpdateUserGroupsRequest(groupIds=[]))
    found = users.autocomplete_users('main', IAMTenantAccessControllerUserApiAutocomplete(q='nora'))
    assert [u.id for u in found] == [user_id]
    nora = kestrapy.KestraClient(host=fake.url, username='nora@example.com', password='New-Pa55').users
    nora.update_current_user_password(MeControllerApiUpdatePasswordRequest(oldPassword='New-Pa55',
                                                                           newPassword='Newer-Pa55'))
    assert fake.passwords[user_id] == 'Newer-Pa55'
    users.delete_refresh_token(user_id)
    auth_id = fake.users[user_id]['auths'][0]['id']
    assert users.delete_user_auth_method(user_id, auth_id).auths == []
    assert users.impersonate(user_id) is not None
    users.delete_user(user_id)
    assert user_id not in fake.users
    assert all(200 <= entry['status'] < 300 for entry in fake.log), fake.log


def test_agilicus_sdk_drives_every_users_api_operation(started):
    """With the service-account test above: all 45 operations of the Agilicus UsersApi reference."""
    from agilicus_api.model.bulk_user_metadata import BulkUserMetadata
    from agilicus_api.model.mfa_challenge_method import MFAChallengeMethod
    from agilicus_api.model.mfa_challenge_method_spec import MFAChallengeMethodSpec
    from agilicus_api.model.replace_user_role_request import ReplaceUserRoleRequest
    from agilicus_api.model.reset_mfa_challenge_method import ResetMFAChallengeMethod
    from agilicus_api.model.roles import Roles
    from agilicus_api.model.upstream_user_identity import UpstreamUserIdentity
    from agilicus_api.model.upstream_user_identity_spec import UpstreamUserIdentitySpec
    from agilicus_api.model.user import User
    from agilicus_api.model.user_identity_update import UserIdentityUpdate
    from agilicus_api.model.user_identity_update_spec import UserIdentityUpdateSpec
    from agilicus_api.model.user_metadata import UserMetadata
    from agilicus_api.model.user_metadata_spec import UserMetadataSpec
    from agilicus_api.model.user_request_info import UserRequestInfo
    from agilicus_api.model.user_request_info_spec import UserRequestInfoSpec

    fake = started(AgilicusFake(token='agilicus-sdk-token'))
    configuration = agilicus_api.Configuration(host=fake.url)
    configuration.access_token = 'agilicus-sdk-token'
    api = agilicus_api.UsersApi(agilicus_api.ApiClient(configuration))
    org = 'org-1'

    # agilicus 1.415.0 cannot build a User request: its discriminator is the read-only 'type', and the
    # workarounds it suggests fail further on. Send the reference's body through the SDK's own transport.
    def user_call(path, method, body):
        return api.api_client.call_api(path, method, header_params={'Content-Type': 'application/json',
                                                                    'Accept': 'application/json'},
                                       body=body, response_type=(User,), auth_settings=['token-valid'],
                                       _return_http_data_only=True)
    user = user_call('/users', 'POST', {'email': 'olga@example.com', 'org_id': org, 'first_name': 'Olga'})
    uid = user.id
    assert str(api.get_user(uid, org_id=org).email) == 'olga@example.com'
    assert [u.id for u in api.list_users(org_id=org, email='olga@example.com').users] == [uid]
    assert user_call('/users/%s' % uid, 'PUT', {'email': 'olga@example.com', 'org_id': org,
                                                'external_id': 'hr-1'}).external_id == 'hr-1'
    api.create_user_identity_update(uid, UserIdentityUpdate(spec=UserIdentityUpdateSpec(last_name='Ex')))
    api.replace_user_role(uid, org_id=org, replace_user_role_request=ReplaceUserRoleRequest(roles=Roles(wiki=['editor'])))
    assert api.list_all_user_roles(uid, org_id=org)['wiki'] == ['editor']
    assert api.list_org_user_roles(org_id=org, user_id=uid).org_user_roles[0].role == 'editor'
    assert api.list_all_user_orgs(uid).orgs
    assert api.list_user_permissions(uid, org_id=org).app_id
    assert api.list_all_resource_permissions(uid, org_id=org).user_id == uid
    assert uid in api.list_user_guids().user_ids
    assert api.list_combined_user_details(org_id=org).combined_user_details
    assert api.list_user_application_access_info(org_id=org, user_id=uid).user_application_access_info
    assert api.list_user_file_share_access_info(org_id=org, user_id=uid).limit

    method = api.create_challenge_method(uid, MFAChallengeMethod(spec=MFAChallengeMethodSpec(
        priority=1, challenge_type='sms', endpoint='+15550001')))
    mid = method.metadata.id
    assert api.get_challenge_method(uid, mid).spec.endpoint == '+15550001'
    assert len(api.list_challenge_methods(uid, challenge_type='sms').mfa_challenge_methods) == 1
    method.spec.priority = 2
    assert api.replace_challenge_method(uid, mid, mfa_challenge_method=method).spec.priority == 2
    api.delete_challenge_method(uid, mid)
    api.reset_user_mfa_challenge_methods(uid, ResetMFAChallengeMethod(org_id=org))

    identity = api.create_upstream_user_identity(uid, UpstreamUserIdentity(spec=UpstreamUserIdentitySpec(
        upstream_user_id='1234-abcd', upstream_idp_id='azure', local_user_id=uid)))
    iid = identity.metadata.id
    assert api.get_upstream_user_identity(uid, iid).spec.upstream_idp_id == 'azure'
    assert api.list_upstream_user_identities(uid).upstream_user_identities[0].metadata.id == iid
    assert api.replace_upstream_user_identity(uid, iid, upstream_user_identity=identity).metadata.id == iid
    api.delete_upstream_user_identity(uid, iid)

    entry = api.create_user_metadata(UserMetadata(spec=UserMetadataSpec(
        user_id=uid, org_id=org, data_type='mfa_enrollment_expiry', data='2026-12-31T00:00:00Z')))
    eid = entry.metadata.id
    assert api.get_user_metadata(eid, org_id=org, user_id=uid).spec.data == '2026-12-31T00:00:00Z'
    assert api.list_user_metadata(user_id=uid, org_id=org).user_metadata[0].metadata.id == eid
    entry.spec.data = '2027-01-31T00:00:00Z'
    assert api.replace_user_metadata(eid, user_metadata=entry).spec.data == '2027-01-31T00:00:00Z'
    api.delete_user_metadata(eid, user_id=uid, org_id=org)
    api.bulk_update_metadata(bulk_user_metadata=BulkUserMetadata(org_id=org, data_type='json', data='{}'))

    request = api.create_user_request(UserRequestInfo(spec=UserRequestInfoSpec(
        user_id=uid, org_id=org, requested_resource='wiki', requested_resource_type='application_access')))
    rid = request.metadata.id
    assert api.get_user_request(rid, org_id=org, user_id=uid).spec.state == 'pending'
    assert api.list_user_requests(user_id=uid, org_id=org).user_requests[0].metadata.id == rid
    assert api.list_access_requests(org_id=org).access_requests
    request.spec.request_information = 'for the project'
    assert api.replace_user_request(rid, user_request_info=request).spec.request_information == 'for the project'
    request.spec.state = 'approved'
    assert api.update_user_request(rid, user_request_info=request).spec.state == 'approved'
    api.delete_user_request(rid, user_id=uid, org_id=org)

    api.delete_user(org, uid)
    assert uid not in fake.users
    failures = [e for e in fake.log if not 200 <= e['status'] < 300]
    assert failures == [], failures
    assert len(set(e['route'] for e in fake.log)) == 40   # the other 5 are in the service-account test
