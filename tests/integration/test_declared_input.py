# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input means exactly what it says, in every user module of every vendor, single and bulk.

A key padded with spaces is the user it names (never a second account, never a reason to
delete the real one); a key that is only spaces, or a list where text belongs, fails before
any request, naming the option.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.bulk_vendors import VENDORS
from tests.integration.inprocess import run_module

KEYS = {'xiq': 'login_name', 'kestra': 'email', 'agilicus': 'email', 'onelogin': 'username'}


@pytest.fixture(params=VENDORS, ids=lambda vendor: vendor.name)
def vendor(request):
    return request.param


@pytest.fixture
def directory(vendor):
    fake = vendor.start(users=3)
    yield fake
    fake.stop()


def padded(entry, key, padding='  '):
    return dict(entry, **{key: padding + entry[key] + padding})


def users_of(fake):
    return len(fake.users) if isinstance(fake.users, dict) else len(list(fake.users))


def test_a_padded_key_is_the_user_it_names_in_the_single_module(vendor, directory):
    before = users_of(directory)
    result = run_module(vendor.single_module, vendor.args(directory, **padded(vendor.entry(1), KEYS[vendor.name])))
    assert not result.get('failed'), result
    assert result['changed'] is False, result
    assert directory.writes() == []
    assert users_of(directory) == before


@pytest.mark.parametrize('state', ['merged', 'overridden'])
def test_a_padded_key_is_the_user_it_names_in_the_bulk_module(vendor, directory, state):
    key = KEYS[vendor.name]
    config = [padded(vendor.entry(number), key, padding=' ' * (number + 1)) for number in range(3)]
    extra = dict(delete_unlisted=True) if state == 'overridden' else {}
    result = run_module(vendor.module, vendor.args(directory, state=state, config=config, **extra))
    assert not result.get('failed'), result
    assert result['changed'] is False, result
    assert directory.writes() == []
    assert sorted(row[key] for row in result['users'] if row['result'] != 'kept') == sorted(
        vendor.entry(number)[key] for number in range(3))


def test_a_key_of_spaces_fails_before_any_request_in_the_single_module(vendor, directory):
    result = run_module(vendor.single_module, vendor.args(directory, **dict(vendor.entry(1), **{KEYS[vendor.name]: '   '})))
    assert result.get('failed') and KEYS[vendor.name] in result['msg'], result
    assert directory.writes() == []


def test_a_key_of_spaces_fails_before_any_request_in_the_bulk_module(vendor, directory):
    key = KEYS[vendor.name]
    config = [vendor.entry(0), dict(vendor.entry(1), **{key: ' '})]
    result = run_module(vendor.module, vendor.args(directory, state='merged', config=config))
    assert result.get('failed') and 'config entry 2' in result['msg'] and key in result['msg'], result
    assert directory.log == []


@pytest.mark.parametrize('shape', [['bob@example.com'], {'name': 'bob@example.com'}, True], ids=['list', 'dict', 'bool'])
def test_a_list_where_text_belongs_fails_before_any_request_in_the_single_module(vendor, directory, shape):
    key = KEYS[vendor.name]
    result = run_module(vendor.single_module, vendor.args(directory, **dict(vendor.entry(7), **{key: shape})))
    assert result.get('failed'), result
    assert result['msg'].startswith('%s must be text' % key), result['msg']
    assert directory.log == []


def test_a_list_where_text_belongs_fails_before_any_request_in_the_bulk_module(vendor, directory):
    key = KEYS[vendor.name]
    config = [vendor.entry(0), dict(vendor.entry(7), **{key: ['bob@example.com']})]
    result = run_module(vendor.module, vendor.args(directory, state='merged', config=config))
    assert result.get('failed'), result
    assert result['msg'].startswith('config[1].%s must be text' % key), result['msg']
    assert directory.log == []


XIQ = VENDORS[0]


@pytest.mark.parametrize('bulk', [False, True], ids=['xiq_user', 'xiq_users'])
def test_xiq_diffs_speak_the_options_words(bulk):
    fake = XIQ.start(users=1)
    try:
        wanted = dict(XIQ.entry(0), access_scope='site', viq_access_control='read_only')
        if bulk:
            result = run_module(XIQ.module, XIQ.args(fake, config=[wanted]), check=True, diff=True)
            diff = dict((side, view[wanted['login_name']]) for side, view in result['diff'].items())
        else:
            result = run_module(XIQ.single_module, XIQ.args(fake, **wanted), check=True, diff=True)
            diff = result['diff']
    finally:
        fake.stop()
    assert result['changed'] is True, result
    assert diff['before']['access_scope'] == 'viq' and diff['after']['access_scope'] == 'site', diff
    assert diff['before']['viq_access_control'] == 'read_write', diff
    assert diff['after']['viq_access_control'] == 'read_only', diff


# What an independent attack on the change found --------------------------------------------

def user_id(fake, vendor, number):
    """The fake's id of seeded user ``number``."""
    key = KEYS[vendor.name]
    wanted = vendor.entry(number)[key].lower()
    return next(user['id'] for user in fake.users.values() if (user.get(key) or '').lower() == wanted)


@pytest.mark.parametrize('check', [False, True], ids=['real', 'check'])
def test_an_id_with_the_key_of_another_user_deletes_nobody(vendor, directory, check):
    key = KEYS[vendor.name]
    args = dict(id=user_id(directory, vendor, 0), state='absent', **{key: vendor.entry(1)[key]})
    result = run_module(vendor.single_module, vendor.args(directory, **args), check=check)
    assert result.get('failed') and 'nothing was deleted' in result['msg'], result
    assert directory.writes() == []


@pytest.mark.parametrize('check', [False, True], ids=['real', 'check'])
def test_a_rename_onto_a_key_another_user_has_fails_in_check_mode_too(vendor, directory, check):
    key = KEYS[vendor.name]
    args = dict(id=user_id(directory, vendor, 0), **{key: vendor.entry(1)[key]})
    result = run_module(vendor.single_module, vendor.args(directory, **args), check=check)
    assert result.get('failed') and 'already has it' in result['msg'], result
    assert directory.writes() == []


@pytest.mark.parametrize('character', ['\u200b', '\ufeff'], ids=['zero-width-space', 'bom'])
def test_an_invisible_character_in_a_key_is_refused_before_any_write(vendor, directory, character):
    key = KEYS[vendor.name]
    entry = dict(vendor.entry(0), **{key: vendor.entry(0)[key] + character})
    single = run_module(vendor.single_module, vendor.args(directory, **entry))
    bulk = run_module(vendor.module, vendor.args(directory, config=[entry]))
    for result in (single, bulk):
        assert result.get('failed') and 'invisible character U+%04X' % ord(character) in result['msg'], result
    assert directory.writes() == []


def test_a_blank_token_is_refused_before_any_request_and_spaces_stay_readable(vendor, directory):
    args = vendor.args(directory, **vendor.entry(0))
    token = 'api_token' if 'api_token' in args else 'api_client_secret'
    args[token] = '  '
    result = run_module(vendor.single_module, args)
    assert result.get('failed') and result['msg'].startswith('%s must not be empty' % token), result
    assert directory.log == []
