# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake Agilicus UsersApi (seed 002): service accounts.

``{metadata, spec, status}`` resources; list ``{service_accounts, limit}`` cut at
``limit`` (1..500, default 500) with no cursor; create 201, and 409 with the
existing object when the name is taken in the org; replace 200; delete 204;
``ErrorMessage{error_code, error_message}`` bodies; bearer auth.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import uuid

from .base import BadRequest, FakeApi, reply

NOW = '2026-11-22T10:00:00Z'


def _id():
    return uuid.uuid4().hex[:22]


class AgilicusFake(FakeApi):
    name = 'agilicus'

    def __init__(self, token='agilicus-token-0000'):
        self.tokens = set([token]) if token else set()
        self.service_accounts = {}
        super(AgilicusFake, self).__init__()

    def routes(self):
        return [
            ('GET', '/v1/service_accounts', self.list_service_accounts),
            ('POST', '/v1/service_accounts', self.create_service_account),
            ('GET', r'/v1/service_accounts/(?P<id>[^/]+)', self.get_service_account),
            ('PUT', r'/v1/service_accounts/(?P<id>[^/]+)', self.replace_service_account),
            ('DELETE', r'/v1/service_accounts/(?P<id>[^/]+)', self.delete_service_account),
        ]

    def add_service_account(self, name, org_id, **spec):
        account_id = _id()
        body = dict(name=name, org_id=org_id, enabled=True, allowed_sub_orgs=[])
        body.update(spec)
        account = {
            'metadata': {'id': account_id, 'created': NOW, 'updated': NOW},
            'spec': body,
            'status': {'user': {'id': _id(), 'org_id': org_id, 'type': 'service_account',
                                'email': '%s@%s.serviceaccounts.agilicus.cloud' % (name, org_id)}},
        }
        self.service_accounts[account_id] = account
        return account

    # Protocol ---------------------------------------------------------------
    def error(self, status, message):
        return reply(status, {'error_code': 'HTTP_%d' % status, 'error_message': message})

    def authenticate(self, request):
        header = request.headers.get('Authorization') or ''
        if header.startswith('Bearer ') and header[7:] in self.tokens:
            return None
        return self.error(401, 'invalid or missing bearer token')

    # Service accounts -------------------------------------------------------
    def list_service_accounts(self, request):
        limit = request.arg('limit', 500, int)
        if not 1 <= limit <= 500:
            raise BadRequest(400, 'limit must be between 1 and 500')
        org_id = request.arg('org_id')
        user_id = request.arg('user_id')
        found = [a for a in self.service_accounts.values()
                 if (not org_id or a['spec']['org_id'] == org_id)
                 and (not user_id or a['status']['user']['id'] == user_id)]
        return reply(200, {'service_accounts': found[:limit], 'limit': limit})

    def create_service_account(self, request):
        spec = self._valid_spec(request.json())
        for account in self.service_accounts.values():
            if account['spec']['org_id'] == spec['org_id'] and account['spec']['name'] == spec['name']:
                return reply(409, account)
        fields = dict((k, v) for k, v in spec.items() if k not in ('name', 'org_id'))
        return reply(201, self.add_service_account(spec['name'], spec['org_id'], **fields))

    def get_service_account(self, request):
        return reply(200, self._account(request))

    def replace_service_account(self, request):
        account = self._account(request)
        spec = self._valid_spec(request.json())
        if spec['org_id'] != account['spec']['org_id']:
            raise BadRequest(400, 'org_id of a service account cannot change')
        account['spec'] = spec
        account['metadata']['updated'] = NOW
        return reply(200, account)

    def delete_service_account(self, request):
        account = self._account(request)
        del self.service_accounts[account['metadata']['id']]
        return reply(204)

    def _account(self, request):
        account = self.service_accounts.get(request.params['id'])
        org_id = request.arg('org_id')
        if account is None or (org_id and account['spec']['org_id'] != org_id):
            raise BadRequest(404, 'Service account %s not found' % request.params['id'])
        return account

    @staticmethod
    def _valid_spec(body):
        spec = (body or {}).get('spec')
        if not isinstance(spec, dict):
            raise BadRequest(400, 'spec is required')
        for name in ('name', 'org_id'):
            if not isinstance(spec.get(name), str) or not spec[name]:
                raise BadRequest(400, 'spec.%s is required' % name)
        if len(spec['name']) > 100:
            raise BadRequest(400, 'spec.name is longer than 100 characters')
        if not isinstance(spec.get('allowed_sub_orgs', []), list):
            raise BadRequest(400, 'spec.allowed_sub_orgs must be a list')
        return dict(spec)
