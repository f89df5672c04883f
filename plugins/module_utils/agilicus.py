# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Agilicus: connection options (bearer token + org_id), error bodies, service-account lookups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.accessops.identity.plugins.module_utils import common
from ansible_collections.accessops.identity.plugins.module_utils.client import NoAuth, coded_error_message

MAX_LIST_LIMIT = 500  # the non-keyset lists have no cursor: ask for the most the API gives


def argument_spec(**resource_options):
    spec = common.connection_argument_spec('AGILICUS', token=True)
    spec['api_token']['required'] = True
    spec['org_id'] = dict(type='str', required=True, fallback=(env_fallback, ['AGILICUS_ORG_ID']))
    spec.update(resource_options)
    return spec


class AgilicusAuth(NoAuth):
    def __init__(self, module):
        self.header = 'Bearer %s' % module.params['api_token']

    def headers(self, client):
        return {'Authorization': self.header}


error_message = coded_error_message


def new_module(argument_spec, **kwargs):
    return common.new_module(argument_spec, **kwargs)


def client_for(module):
    return common.build_client(module, AgilicusAuth(module), error_message)


def list_limited(module, client, path, items_key, params):
    """A list without a cursor, read at the largest ``limit``; warns when it may be cut short."""
    query = dict(params)
    query['limit'] = MAX_LIST_LIMIT
    items = (client.get(path, params=query).body or {}).get(items_key) or []
    if len(items) >= MAX_LIST_LIMIT:
        module.warn('%s returned %d items, the most it gives in one answer; items beyond them cannot be read'
                    % (path, len(items)))
    return items


def find_service_account(module, client, org_id, name=None, account_id=None):
    """The service account with this id, or named ``name`` in ``org_id``; None when there is none."""
    if account_id:
        answer = client.get('/v1/service_accounts/%s' % account_id, params={'org_id': org_id}, ok_statuses=(404,))
        return answer.body if answer.status == 200 else None
    accounts = list_limited(module, client, '/v1/service_accounts', 'service_accounts', {'org_id': org_id})
    named = [a for a in accounts if (a.get('spec') or {}).get('name') == name]
    if len(named) > 1:
        raise common.InputError('several service accounts in org %s are named %s: ids %s' % (
            org_id, name, ', '.join(str((a.get('metadata') or {}).get('id')) for a in named)))
    return named[0] if named else None


def without_status(resource):
    """The object to PUT back: everything but the server-computed ``status``."""
    return dict((k, v) for k, v in resource.items() if k != 'status')
