# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vendor quirks the per-vendor files absorb, so modules never see them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import agilicus_api, kestra_api, onelogin, onelogin_api, xiq_api, token_age
from ansible_collections.accessops.identity.plugins.module_utils.client import Response


class OneAnswer:
    def __init__(self, body, headers=None):
        self.response = Response(200, headers or {}, body, '')

    def get(self, path, params=None, **kwargs):
        return self.response


@pytest.mark.parametrize('body, roles', [
    ({'status': {}, 'data': [[150001, 150002]]}, [150001, 150002]),   # what OneLogin really answers
    ({'status': {}, 'data': [[]]}, []),
    ({'status': {}, 'data': [150001]}, [150001]),                      # what its spec says
])
def test_onelogin_role_ids_are_flattened(body, roles):
    assert onelogin_api.get_user_role_ids(OneAnswer(body), 1) == roles


def test_onelogin_reads_both_envelopes_and_cursors():
    v1 = Response(200, {}, {'status': {}, 'pagination': {'after_cursor': 'abc'}, 'data': [{'id': 1}]}, '')
    bare = Response(200, {'After-Cursor': 'def'}, [{'id': 2}], '')
    assert onelogin_api.data_of(v1) == [{'id': 1}] and onelogin_api.next_page_query(v1) == {'cursor': 'abc'}
    assert onelogin_api.data_of(bare) == [{'id': 2}] and onelogin_api.next_page_query(bare) == {'cursor': 'def'}


def test_onelogin_scope_errors_name_the_scope():
    body = {'status': {'error': True, 'code': 401, 'type': 'Unauthorized', 'message': 'Insufficient Permission'}}
    assert 'Manage All' in onelogin_api.error_message(Response(401, {}, body, ''))
    expired = {'status': {'error': True, 'code': 401, 'message': 'Authentication Failure'}}
    assert onelogin_api.error_message(Response(401, {}, expired, '')) == 'Authentication Failure'


def test_xiq_and_agilicus_error_bodies():
    xiq_body = {'error_code': 'INVALID_PARAMS', 'error_id': 'x', 'error_message': 'bad role',
                'error_message_description': 'bad role'}
    assert xiq_api.error_message(Response(400, {}, xiq_body, '')) == 'bad role (INVALID_PARAMS)'
    agilicus_body = {'error_code': 'NOT_FOUND', 'error_message': 'no such account'}
    assert agilicus_api.error_message(Response(404, {}, agilicus_body, '')) == 'no such account (NOT_FOUND)'


def test_kestra_error_includes_embedded_details():
    body = {'message': 'Invalid entity', '_embedded': {'errors': [{'message': 'name: must match'}]}}
    assert kestra_api.error_message(Response(400, {}, body, '')) == 'Invalid entity: name: must match'


@pytest.mark.parametrize('text, seconds', [('P30D', 2592000), ('PT12H', 43200), ('P1DT2H3M4S', 93784),
                                           ('P', None), ('PT', None), ('30d', None), ('P1DT', None)])
def test_kestra_durations(text, seconds):
    assert token_age.duration_seconds(text) == seconds
    if seconds:
        assert token_age.duration_seconds(token_age.duration_text(seconds)) == seconds


def test_kestra_token_lifetime_from_iat_and_exp():
    token = {'iat': '2026-11-22T10:00:00Z', 'exp': '2026-12-22T10:00:00.250Z'}
    assert token_age.token_lifetime(token) == 30 * 86400
    assert token_age.token_lifetime({'iat': '2026-11-22T10:00:00Z', 'exp': None}) is None


def test_kestra_token_paths_per_owner():
    assert kestra_api.TokenOwner('user', 'u1').tokens_path == '/api/v1/users/u1/api-tokens'
    assert kestra_api.TokenOwner('service account', 's1').tokens_path == '/api/v1/service-accounts/s1/api-tokens'
    assert kestra_api.TokenOwner('service account', 's1', 'main').tokens_path == \
        '/api/v1/main/service-accounts/s1/api-tokens'
    # superadmin user paths never carry the tenant
    assert kestra_api.TokenOwner('user', 'u1', 'main').tokens_path == '/api/v1/users/u1/api-tokens'


def test_onelogin_pages_by_number_when_there_is_no_cursor():
    assert onelogin_api.next_page_query(Response(200, {'Current-Page': '1', 'Total-Pages': '3'}, [], '')) == {'page': 2}
    assert onelogin_api.next_page_query(Response(200, {'Current-Page': '3', 'Total-Pages': '3'}, [], '')) is None
    assert onelogin_api.next_page_query(Response(200, {}, [], '')) is None


def test_onelogin_salted_hash_matches_the_reference_test_vector():
    # API reference: salt "hello" + cleartext "password"
    assert onelogin.salted_sha256('password', 'hello') == \
        'b1c788abac15390de987ad17b65ac73c9b475d428a51f245c645a442fddd078b'
