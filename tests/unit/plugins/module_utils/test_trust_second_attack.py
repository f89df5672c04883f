# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a second, independent attack on "trust nothing the network says" found, each now a test."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import html
import json
from urllib.parse import quote

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import answers, pagination, redact
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError, redirect_refused
from tests.unit.plugins.module_utils.test_client import Answer, make_client

SECRET = "Pa55/w+rd'&<\u00e9-kestra"


def test_a_secret_used_as_a_key_of_an_error_body_is_masked():
    client, waits = make_client(Answer(400, {'errors': {SECRET: 'not allowed'}}), secrets={SECRET})
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert caught.value.body == {'errors': {redact.SECRET_MASK: 'not allowed'}}
    assert SECRET not in str(caught.value)


def test_a_body_nested_thousands_deep_is_masked_without_recursion():
    body = SECRET
    for depth in range(5000):
        body = {'inner': body} if depth % 2 else [body]
    masked = redact.redact_data(body, [SECRET])
    for depth in range(5000):
        masked = masked['inner'] if (4999 - depth) % 2 else masked[0]
    assert masked == redact.SECRET_MASK


@pytest.mark.parametrize('spelling', [
    html.escape(SECRET),
    SECRET.replace('&', '&#38;').replace("'", '&#x27;'),
    json.dumps(SECRET)[1:-1].replace('\\u00e9', '\\u00E9'),
    ''.join('\\u%04X' % ord(c) if not c.isalnum() else c for c in SECRET),    # .NET escapes everything
    json.dumps(json.dumps(SECRET)[1:-1])[1:-1],                                  # JSON inside JSON
    quote(quote(SECRET, safe='')),                                               # percent-encoded twice
    quote(SECRET, safe='*').lower(),
    base64.b64encode(SECRET.encode()).decode(),
    SECRET.upper(),
    SECRET.replace("'", "''"),
    SECRET[:6] + '\u200b' + SECRET[6:],
], ids=['html', 'html-numeric', 'json-upper-hex', 'dotnet', 'json-in-json', 'double-percent', 'lower-percent',
        'base64', 'upper-case', 'doubled-quote', 'zero-width'])
def test_a_secret_is_masked_in_the_spellings_a_second_attack_found(spelling):
    text = 'error: %s is wrong' % spelling
    assert redact.redact(text, [SECRET]) == 'error: %s is wrong' % redact.SECRET_MASK


@pytest.mark.parametrize('count', ['\u00b2', '\u0663', '1.5', '-1'])
def test_a_count_that_is_not_ascii_digits_fails_naming_the_request(count):
    client, waits = make_client(Answer(200, {'data': [{'id': 1}], 'total_count': count}))
    with pytest.raises(ApiError) as caught:
        list(pagination.page_number_items(client, '/users', lambda r: r.body['data'], 100,
                                          total_items=lambda r: answers.optional_count(
                                              r, r.body.get('total_count'), '"total_count"')))
    assert str(caught.value).startswith('GET /users -> 200: unexpected answer: "total_count"'), str(caught.value)


def test_a_short_page_before_the_last_page_the_listing_names_fails():
    client, waits = make_client(Answer(200, {'data': [{'id': n} for n in range(50)], 'total_pages': 2}))
    with pytest.raises(ApiError) as caught:
        list(pagination.page_number_items(client, '/users', lambda r: r.body['data'], 100,
                                          total_pages=lambda r: r.body.get('total_pages')))
    assert 'page 1 of 2 holds 50 items, fewer than the 100 asked for' in str(caught.value)


def test_an_error_body_the_vendor_reader_cannot_read_still_names_the_request():
    def fragile_reader(response):
        return response.body['message'] + '!'   # a dict message: TypeError
    client, waits = make_client(Answer(400, {'message': {'nested': 'no'}}), error_message=fragile_reader)
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert str(caught.value).startswith('GET /users -> 400'), str(caught.value)


def test_an_error_message_is_cut_to_one_bounded_line():
    client, waits = make_client(Answer(400, {'message': 'line\n' * 100000}))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert '\n' not in str(caught.value) and len(str(caught.value)) < 1200


def test_json_nested_too_deep_to_read_fails_naming_the_request():
    client, waits = make_client(Answer(200, text='[' * 100000 + ']' * 100000))
    with pytest.raises(ApiError) as caught:
        client.get('/users')
    assert str(caught.value).startswith('GET /users -> 200'), str(caught.value)


def test_a_redirect_never_shows_the_credentials_its_location_carries():
    message = redirect_refused('https://admin:hunter2@evil.example/path?token=x')
    assert 'evil.example' in message and 'hunter2' not in message and 'admin' not in message
