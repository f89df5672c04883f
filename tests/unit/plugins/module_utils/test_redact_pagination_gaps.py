# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Gaps closed in masking and paging.

Masking: spellings of an echoed secret the first version missed: percent-escapes in lower
case, JavaScript's ``encodeURIComponent`` / ``encodeURI``, and JSON with ``\\/`` for ``/``.
Paging: a listing that states its total and ends short of it fails, naming the request;
offset and keyset walks accept what identifies an item.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from unittest import mock

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from ansible_collections.accessops.identity.plugins.module_utils import pagination, redact
from ansible_collections.accessops.identity.plugins.module_utils.errors import ApiError
from tests.unit.plugins.module_utils.test_properties import (
    SETTINGS, SMALL_LISTING, SPELLINGS, TAILS, ScriptedServer, around, assume_no_coincidence, data_of, leaked,
    next_key_of, next_query_of, pages, script_of, secrets, total_of, total_pages_of)


# ---------------------------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------------------------

# The spellings of SPELLINGS that ``redact`` did not mask before.
NEW_SPELLINGS = dict((name, SPELLINGS[name]) for name in (
    'quote, lower case', 'quote_plus, lower case', 'encodeURIComponent', 'encodeURIComponent, lower case',
    'encodeURI', 'quote, "/" safe', 'json ascii, escaped slashes', 'json unicode, escaped slashes'))

# Text around the echo that looks like it (escapes in both cases, escaped slashes) and must stay as it is.
BEFORE = 'GET /v1/users?next=%2fhome%2F&q=a%20b -> 400: {"url": "https:\\/\\/example.com\\/x", "error": "bad '
AFTER = '" (near a%2Fb%3Bc%3a, o\'hara/(x)) retry later'

# (secret, echo): each echo written out as the encoder in question writes it, not computed.
ECHOES = [
    pytest.param('p/ss:w0rd?é', 'p%2fss%3aw0rd%3f%c3%a9', id='percent-escapes in lower case'),
    pytest.param('p/ss w0rd=é', 'p%2fss+w0rd%3d%c3%a9', id='form-encoded, lower case'),
    pytest.param("o'hara/(x)*y! z", "o'hara%2F(x)*y!%20z", id='encodeURIComponent'),
    pytest.param("o'hara/(x)*y! z", "o'hara%2f(x)*y!%20z", id='encodeURIComponent, lower case'),
    pytest.param('a b/c?d=e&f#g', 'a%20b/c?d=e&f#g', id='encodeURI'),
    pytest.param('a b/c?d=e&f#g', 'a%20b/c%3Fd%3De%26f%23g', id='quote with "/" safe'),
    pytest.param('pa/ss"wd/é', 'pa\\/ss\\"wd\\/\\u00e9', id='JSON with escaped slashes (PHP)'),
    pytest.param('pa/ss"wd/é', 'pa\\/ss\\"wd\\/é', id='JSON with escaped slashes, unescaped unicode'),
]


@pytest.mark.parametrize('secret, echo', ECHOES)
def test_a_newly_covered_spelling_inside_a_message_becomes_the_mask_and_nothing_else_changes(secret, echo):
    text = BEFORE + echo + AFTER
    assert redact.redact(text, [secret]) == BEFORE + redact.SECRET_MASK + AFTER


@pytest.mark.parametrize('secret, echo', ECHOES)
def test_a_newly_covered_spelling_is_masked_in_every_string_of_a_body(secret, echo):
    body = {'error': {'message': BEFORE + echo + AFTER, 'details': [echo, 7, None]}, 'unrelated': BEFORE}
    assert redact.redact_data(body, [secret]) == {
        'error': {'message': BEFORE + redact.SECRET_MASK + AFTER, 'details': [redact.SECRET_MASK, 7, None]},
        'unrelated': BEFORE}


def test_the_newly_covered_spellings_are_among_the_forms():
    """Lower case escapes are matched by ``pattern_of``; every other new spelling is one of ``forms``."""
    secret = "o'hara/(x)*y! z?é"
    spelled = redact.forms(secret)
    for name, spell in NEW_SPELLINGS.items():
        if 'lower case' not in name:
            assert spell(secret) in spelled, name


def test_percent_escapes_and_letters_match_in_either_case_but_a_different_escape_does_not():
    """``%2F`` also matches ``%2f``, and a token echoed upper- or lower-cased is still the token (a service
    may normalise case); a different escape (``%3B`` for ``%3A``) is another text. A secret that itself
    holds ``%2F`` is also matched percent-encoded once more (``%252F``)."""
    secret = 'ab/c:dE'
    assert redact.redact('x ab%2fc%3adE y', [secret]) == 'x ' + redact.SECRET_MASK + ' y'
    assert redact.redact('x AB%2Fc%3ade y', [secret]) == 'x ' + redact.SECRET_MASK + ' y'
    assert redact.redact('x ab%2fc%3bdE y', [secret]) == 'x ab%2fc%3bdE y'
    secret = 'ab%2Fcd'
    assert redact.redact('x ab%2Fcd ab%252fcd y', [secret]) == 'x %s %s y' % (redact.SECRET_MASK, redact.SECRET_MASK)
    assert redact.redact('x ab%2Ecd y', [secret]) == 'x ab%2Ecd y'


@SETTINGS
@given(data=st.data(), secret=secrets, name=st.sampled_from(sorted(NEW_SPELLINGS)))
def test_any_secret_echoed_in_a_newly_covered_spelling_leaves_no_six_characters(data, secret, name):
    """Whatever the secret, its echo in any of these spellings, between any text, is gone once
    redacted: no 6 characters of the secret or of its echo remain (unless the text around put them there)."""
    echo = NEW_SPELLINGS[name](secret)
    before = data.draw(around(secret), label='before')
    after = data.draw(around(secret), label='after')
    assume_no_coincidence(secret, echo, before + redact.SECRET_MASK + after)

    masked = redact.redact(before + echo + after, [secret])
    in_body = redact.redact_data({'message': before + echo + after}, [secret])['message']

    assert not leaked(masked, secret, echo), (masked, leaked(masked, secret, echo))
    assert in_body == masked


# ---------------------------------------------------------------------------------------------
# Paging: a stated total the walk falls short of
# ---------------------------------------------------------------------------------------------

def listing(*pages_served):
    """A ScriptedServer answering these pages: (ids, total, next cursor) each."""
    return ScriptedServer([{'data': [{'id': i} for i in ids], 'total': total, 'next': following, 'total_pages': None}
                           for ids, total, following in pages_served])


FAILURE = 'GET /users -> 200: unexpected answer: the listing gave %d items but says it holds %d'


def page_numbers(server, size=2, counted=True, **kwargs):
    return pagination.page_number_items(server, '/users', data_of, size,
                                        total_items=total_of if counted else None, **kwargs)


def follow(server, counted=True):
    return pagination.follow_items(server, '/users', data_of, next_query_of, total_items=total_of if counted else None)


SHORT_WALKS = [
    pytest.param(page_numbers, [([1, 2], 5, None), ([3], 5, None)], 3, 5, id='page numbers: a short page'),
    pytest.param(page_numbers, [([1, 2], 5, None), ([], 5, None)], 2, 5, id='page numbers: an empty page'),
    pytest.param(page_numbers, [([], 4, None)], 0, 4, id='page numbers: an empty first page'),
    pytest.param(page_numbers, [([1, 2], 5, None), ([3], None, None)], 3, 5,
                 id='page numbers: a later page without a total'),
    pytest.param(follow, [([1, 2], 5, 'c1'), ([3], 5, None)], 3, 5, id='follow: no next cursor'),
    pytest.param(follow, [([1, 2], 3, 'c1'), ([], 3, None)], 2, 3, id='follow: an empty page'),
    pytest.param(follow, [([1, 2], 3, 'c1'), ([], None, 'c2')], 2, 3, id='follow: an empty page without a total'),
]


@pytest.mark.parametrize('walk, served, count, claimed', SHORT_WALKS)
def test_a_walk_ending_short_of_the_stated_total_fails_naming_the_request(walk, served, count, claimed):
    """The same pages end quietly when no total is stated; with one, the walk fails once it ends short."""
    assert [item['id'] for item in walk(listing(*served), counted=False)] == [i for ids, _t, _n in served for i in ids]
    server = listing(*served)
    walked = []
    with pytest.raises(ApiError) as caught:
        for item in walk(server):
            walked.append(item['id'])
    assert str(caught.value).startswith(FAILURE % (count, claimed)), str(caught.value)
    assert len(walked) == count   # every item the pages held was given before the failure
    assert server.requests == len(served)
    if count:   # only a walk that ends fails: a lookup that found its item and stopped reading never does
        server = listing(*served)
        assert next(iter(walk(server)))['id'] == served[0][0][0]
        assert server.requests == 1


def test_page_numbers_stopping_at_total_pages_short_of_the_stated_total_fail():
    server = ScriptedServer([{'data': [{'id': 1}, {'id': 2}], 'total': 6, 'total_pages': None},
                             {'data': [{'id': 3}, {'id': 4}], 'total': None, 'total_pages': 2}])
    with pytest.raises(ApiError) as caught:
        list(page_numbers(server, total_pages=total_pages_of))
    assert str(caught.value).startswith(FAILURE % (4, 6)), str(caught.value)
    assert server.requests == 2


def walk_with_total(style, server, size):
    if style == 'page number':
        return pagination.page_number_items(server, '/users', data_of, size, total_items=total_of,
                                            total_pages=total_pages_of)
    return pagination.follow_items(server, '/users', data_of, next_query_of, total_items=total_of)


@SETTINGS
@given(style=st.sampled_from(['page number', 'follow']), prefix=st.lists(pages, max_size=6),
       tail=st.sampled_from(TAILS), size=st.integers(1, 8))
def test_a_walk_that_ends_quietly_gave_at_least_the_total_the_listing_last_stated(style, prefix, tail, size):
    """Whatever the server answers, a walk given ``total_items`` either fails or gives no fewer items than
    the last total the listing stated: a false high count never silently truncates the listing."""
    server = ScriptedServer(script_of(prefix, tail, size))
    served = []
    real_get = server.get

    def get(path, params=None):
        response = real_get(path, params=params)
        served.append(response.body)
        return response
    server.get = get
    with mock.patch.object(pagination, 'MAX_ITEMS', SMALL_LISTING):
        try:
            walked = list(walk_with_total(style, server, size))
        except ApiError:
            event('failed')
            return
    stated = [body['total'] for body in served if body['total'] is not None]
    event('returned, %s' % ('with a total' if stated else 'without a total'))
    if stated:
        assert len(walked) >= stated[-1], (walked, stated)


# ---------------------------------------------------------------------------------------------
# Paging: what identifies an item
# ---------------------------------------------------------------------------------------------

ROLE_ROWS = [{'user_id': 'u1', 'role': 'owner'}, {'user_id': 'u1', 'role': 'viewer'}, {'user_id': 'u2', 'role': 'owner'}]


def whole_row(row):
    return json.dumps(row, sort_keys=True)


def test_offset_walk_takes_what_identifies_an_item():
    """Rows of one user's roles share a ``user_id``: by default the guard calls the second a repeat;
    told that the whole row identifies an item, the walk gives them all."""
    def rows():
        return ScriptedServer([{'data': ROLE_ROWS[:2]}, {'data': ROLE_ROWS[2:]}])
    with pytest.raises(ApiError, match='repeats an item'):
        list(pagination.offset_items(rows(), '/roles', data_of, 2))
    assert list(pagination.offset_items(rows(), '/roles', data_of, 2, identity=whole_row)) == ROLE_ROWS


def test_keyset_walk_takes_what_identifies_an_item():
    def rows():
        return ScriptedServer([{'data': ROLE_ROWS[:2], 'next': 'k1'}, {'data': ROLE_ROWS[2:], 'next': None}])
    with pytest.raises(ApiError, match='repeats an item'):
        list(pagination.keyset_items(rows(), '/roles', data_of, next_key_of, 'previous_email'))
    walked = pagination.keyset_items(rows(), '/roles', data_of, next_key_of, 'previous_email', identity=whole_row)
    assert list(walked) == ROLE_ROWS
