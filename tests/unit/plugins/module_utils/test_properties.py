# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property tests of the pure code: masking, paging, paths and comparison, for arbitrary input.

The example-based tests show that the rules hold for the cases someone thought of. These
ask Hypothesis for the cases nobody thought of: secrets with quotes, backslashes, unicode
and odd whitespace; servers that lie about their pages in any order; ids that try to leave
their path segment; values that compare equal in another order or case.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import json
import math
import re
from unittest import mock
from urllib.parse import quote, quote_plus, unquote

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ansible_collections.accessops.identity.plugins.module_utils import answers, client, pagination, paths, redact
from ansible_collections.accessops.identity.plugins.module_utils import reconcile
from ansible_collections.accessops.identity.plugins.module_utils.errors import ApiError, InputError
from ansible_collections.accessops.identity.plugins.module_utils.reconcile import Field
from tests.unit.plugins.module_utils.test_client import Answer, make_client

# database=None: no .hypothesis/ directory left in the checkout; every run starts afresh.
SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
GRAM = 6   # this many consecutive characters of a secret in a message count as a leak


# ---------------------------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------------------------

# Characters that make a secret hard to recognise once echoed: whitespace of every kind, the
# characters JSON and percent-encoding rewrite, and non-ASCII letters and symbols.
AWKWARD = ' \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000"\'\\/%+&=?#{}[]<>*.~-_éßİ€中😀\x00\x1f\x7f'
SECRET_CHARS = st.one_of(st.sampled_from(AWKWARD), st.characters(exclude_categories=('Cs',)))
WHITESPACE = st.text(alphabet=st.sampled_from(' \t\n\r\x0b\x0c\x85\xa0\u2028\u3000'), min_size=1, max_size=3)
SURROUNDING = st.text(alphabet=st.one_of(st.sampled_from(AWKWARD + 'abcxyz0123 :'), st.characters(
    exclude_categories=('Cs',))), max_size=40)

secrets = st.one_of(
    st.text(alphabet=SECRET_CHARS, min_size=6, max_size=24),
    # periodic secrets ('abcabcab'): where one occurrence can overlap another
    st.builds(lambda unit, times, cut: (unit * times)[:len(unit) * times - cut],
              st.text(alphabet=SECRET_CHARS, min_size=1, max_size=4), st.integers(2, 8), st.integers(0, 3)),
).filter(lambda s: len(s.strip()) >= 6)

JS_URI_COMPONENT_SAFE = "-_.!~*'()"          # what JavaScript's encodeURIComponent leaves as is
JS_URI_SAFE = JS_URI_COMPONENT_SAFE + ';,/?:@&=+$#'   # and encodeURI


def lower_escapes(text):
    """``text`` with its percent-escapes in lower case (``%2F`` -> ``%2f``), as some encoders write them."""
    return re.sub(r'%[0-9A-F]{2}', lambda match: match.group().lower(), text)


def upper_escapes(text):
    """``text`` with its percent-escapes in upper case: where a match of an escape ignores its case."""
    return re.sub(r'%[0-9a-fA-F]{2}', lambda match: match.group().upper(), text)


SPELLINGS = {
    'as is': lambda s: s,
    'json ascii': lambda s: json.dumps(s, ensure_ascii=True)[1:-1],
    'json unicode': lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
    'json ascii, escaped slashes': lambda s: json.dumps(s, ensure_ascii=True)[1:-1].replace('/', '\\/'),
    'json unicode, escaped slashes': lambda s: json.dumps(s, ensure_ascii=False)[1:-1].replace('/', '\\/'),
    'quote': lambda s: quote(s, safe=''),
    'quote_plus': lambda s: quote_plus(s, safe=''),
    'quote, lower case': lambda s: lower_escapes(quote(s, safe='')),
    'quote_plus, lower case': lambda s: lower_escapes(quote_plus(s, safe='')),
    'quote, "/" safe': lambda s: quote(s, safe='/'),
    'encodeURIComponent': lambda s: quote(s, safe=JS_URI_COMPONENT_SAFE),
    'encodeURIComponent, lower case': lambda s: lower_escapes(quote(s, safe=JS_URI_COMPONENT_SAFE)),
    'encodeURI': lambda s: quote(s, safe=JS_URI_SAFE),
}


def around(secret):
    """Text around an echo: arbitrary, or stitched from pieces of the secret shorter than 6
    characters (the adversarial case: text that resembles the secret without containing it)."""
    pieces = st.builds(lambda start, length: secret[start:start + length],
                       st.integers(0, len(secret)), st.integers(1, GRAM - 1))
    return st.one_of(SURROUNDING, st.lists(st.one_of(pieces, SURROUNDING), max_size=3).map(''.join))


def grams(text, size=GRAM):
    return set(text[i:i + size] for i in range(len(text) - size + 1))


def fold(text):
    """What ``shorten`` does to whitespace."""
    return ' '.join(text.split())


def rewrap(text, runs):
    """``text`` with its n-th whitespace run replaced by ``runs[n]`` (a service folding or re-wrapping it)."""
    parts = re.split(r'(\s+)', text)
    replacements = iter(runs)
    return ''.join(next(replacements, part) if index % 2 else part for index, part in enumerate(parts))


@st.composite
def echoes(draw, secret):
    """One way a service may spell ``secret`` back: a spelling, maybe with its whitespace re-wrapped."""
    name = draw(st.sampled_from(sorted(SPELLINGS)))
    spelled = SPELLINGS[name](secret)
    if draw(st.booleans()):
        spelled = rewrap(spelled, draw(st.lists(WHITESPACE, max_size=10)))
    return spelled


def leak_grams(secret, echo):
    """The 6-grams whose presence in a message betrays the secret: of the secret, of the echoed
    spelling, and of both after whitespace folding (what ``shorten`` would leave of them)."""
    return grams(secret) | grams(fold(secret)) | grams(echo) | grams(fold(echo))


def leaked(message, secret, echo):
    return sorted(g for g in leak_grams(secret, echo) if g in message)


def assume_no_coincidence(secret, echo, *ideal_messages):
    """Assumption shared by the masking properties: what the message would be with the echo
    masked (the surrounding text, the mask itself, their junctions, after folding and cutting)
    contains no 6-gram of the secret by itself. Otherwise a 6-gram in the output proves nothing:
    the surrounding text put it there (e.g. a secret of '******' and the mask), not a missed echo."""
    for message in ideal_messages:
        assume(not leaked(message, secret, echo))
        assume(not leaked(fold(message), secret, echo))


@SETTINGS
@given(data=st.data(), secret=secrets)
def test_redact_then_shorten_never_shows_six_characters_of_an_echoed_secret(data, secret):
    """An echoed secret (as is, re-wrapped, JSON-escaped, percent-encoded) is gone from a
    message once redacted, wherever ``shorten`` then folds and cuts it (also inside it).
    Why: every module message built from an answer goes this way into Ansible's output and logs."""
    before = data.draw(around(secret), label='before')
    echo = data.draw(echoes(secret), label='echo')
    after = data.draw(around(secret), label='after')
    text = before + echo + after
    limit = data.draw(st.integers(0, len(text) + 5), label='limit')
    ideal = before + redact.SECRET_MASK + after
    assume_no_coincidence(secret, echo, ideal, redact.shorten(ideal, limit))

    message = redact.shorten(redact.redact(text, [secret]), limit)

    assert not leaked(message, secret, echo), (message, leaked(message, secret, echo))


@pytest.mark.parametrize('secret, text', [
    ('0000000', '000' + '0000000' + '000'),        # the minimal example Hypothesis found
    ('abcabcab', 'abc' + 'abcabcab' + 'cabx'),      # a periodic secret: two occurrences overlap
])
def test_overlapping_occurrences_of_a_secret_are_masked_too(secret, text):
    """Regression examples of the property above: text around the echo that continues the secret's
    pattern makes a second occurrence overlap the first. Masking only the leftmost of overlapping
    matches leaves the rest of the other in the message."""
    masked = redact.redact(text, [secret])
    assert not leaked(masked, secret, secret), (masked, leaked(masked, secret, secret))


def all_spelling_grams(secret, echo):
    grams_of = set(leak_grams(secret, echo))
    for spell in SPELLINGS.values():
        grams_of |= grams(spell(secret)) | grams(fold(spell(secret))) | grams(upper_escapes(spell(secret)))
    return grams_of


@SETTINGS
@given(data=st.data(), secret=secrets, before=SURROUNDING, after=SURROUNDING)
def test_an_echo_alone_in_its_text_becomes_exactly_the_mask(data, secret, before, after):
    """When nothing around the echo resembles the secret, redaction replaces the echo, and only
    the echo, by the mask: the rest of the message (what a user acts on) is kept as it was.
    Assumed: no 6-gram of any spelling of the secret in the text around the echo, nor across the
    junctions with the echo, percent-escapes in either case (else a match may legitimately start or
    end elsewhere)."""
    echo = data.draw(echoes(secret), label='echo')
    near = GRAM - 1
    around_echo = [before + echo[:near], echo[-near:] + after, redact.SECRET_MASK]
    around_echo += [upper_escapes(text) for text in around_echo]
    assume(not any(g in text for g in all_spelling_grams(secret, echo) for text in around_echo))
    lead = echo[:len(echo) - len(echo.lstrip())]
    trail = echo[len(echo.rstrip()):]
    core = echo.strip()
    # nor another echo made of the end of this one and what follows (escapings may mix: '%1b00' + '\x1b00')
    pattern = redact.secret_pattern([secret])
    assume(pattern.search(core[1:] + trail + after) is None and pattern.search(before + lead + core[:-1]) is None)
    # whitespace at either end of the echo is not part of the match: it stays, like the text around it
    assert redact.redact(before + echo + after, [secret]) == before + lead + redact.SECRET_MASK + trail + after


@SETTINGS
@given(data=st.data(), secret=secrets)
def test_the_api_error_of_a_400_echoing_a_secret_is_masked_where_the_cut_falls_inside_it(data, secret):
    """ApiClient's message for a 400 whose plain-text (or JSON) body echoes the secret, padded so
    that the 300-character cut lands inside the echo, shows no 6 characters of the secret.
    Why: ``str(err)`` becomes the task's ``msg``; a half-secret before the cut is still a leak."""
    echo = data.draw(echoes(secret), label='echo')
    folded_echo = fold(echo)
    assume(len(folded_echo) >= 2)
    lead = 1 if echo[:1].isspace() else 0
    inside = data.draw(st.integers(1, len(folded_echo) - 1), label='characters of the echo before the cut')
    filler = data.draw(st.sampled_from('-=~_x'), label='filler')
    head = 'invalid value: '
    pad = filler * (300 - lead - inside - len(head))
    assume(len(pad) >= 0)
    tail = data.draw(SURROUNDING, label='tail')
    text = head + pad + echo + tail
    as_json = data.draw(st.booleans(), label='JSON body')
    answer = Answer(400, {'message': text}) if as_json else Answer(400, text=text)
    ideal = head + pad + redact.SECRET_MASK + tail
    assume_no_coincidence(secret, echo, ideal, redact.shorten(ideal))
    assume(as_json or not _is_json(text))
    # the request line is ours, not the service's: a secret drawn as '/users' is not a leak of the echo
    assume(not leaked('GET /users -> 400: ', secret, echo))

    api, _waits = make_client(answer, secrets={secret})
    with pytest.raises(ApiError) as caught:
        api.get('/users')

    message = str(caught.value)
    assert message.startswith('GET /users -> 400: ')
    assert not leaked(message, secret, echo), (message, leaked(message, secret, echo))


def _is_json(text):
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def json_values(leaves, keys):
    return st.recursive(leaves, lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(keys, children, max_size=4)), max_leaves=12)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings_in(item)


def shape_of(value):
    """The value with every string replaced by a placeholder: what redaction must not change."""
    if isinstance(value, str):
        return str
    if isinstance(value, dict):
        return sorted((shape_of(v) for v in value.values()), key=repr)
    if isinstance(value, (list, tuple)):
        return [shape_of(item) for item in value]
    return value


@SETTINGS
@given(data=st.data(), secret=secrets)
def test_redact_data_masks_every_string_of_a_nested_body(data, secret):
    """Every string value of a JSON-like body (at any depth; keys name fields and stay) is redacted exactly as
    ``redact`` would redact it alone, and everything that is not a string is kept.
    Why: vendors echo a secret in any field of an error body, and bodies end up in results."""
    echo_strings = st.builds(lambda b, e, a: b + e + a, st.text(max_size=5), echoes(secret), st.text(max_size=5))
    leaves = st.one_of(echo_strings, st.text(max_size=8), st.integers(), st.booleans(), st.none(),
                       st.floats(allow_nan=False))
    body = data.draw(json_values(leaves, st.one_of(echo_strings, st.text(max_size=5))), label='body')

    masked = redact.redact_data(body, [secret])

    for string in values_in(masked):
        assert secret not in string
    assert shape_of(masked) == shape_of(body)
    assert sorted(values_in(masked)) == sorted(redact.redact(s, [secret]) for s in values_in(body))


def values_in(value):
    """The strings of a JSON-like value that are not dict keys."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in values_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in values_in(v)]
    return []


@SETTINGS
@given(secret=st.text(min_size=1, max_size=12), text=st.text(max_size=40))
def test_redact_and_redact_data_never_fail_for_any_secret_or_text(secret, text):
    """Whatever the secret (any text, however short) and the text, masking returns a string and
    does not raise.
    Why: every error message of the run goes through it; a failure there hides the real error."""
    assert isinstance(redact.redact(text, [secret]), str)
    redact.redact_data({'message': text}, [secret])


SURROGATE_TEXT = st.text(alphabet=st.characters(categories=('Cs', 'Ll', 'Nd')), min_size=6, max_size=12)


@SETTINGS
@given(secret=SURROGATE_TEXT.filter(lambda s: len(s.strip()) >= 6), text=st.text(max_size=20))
def test_redact_never_fails_for_a_secret_with_lone_surrogates(secret, text):
    """The same, with lone surrogates in the secret (plain ``st.text`` avoids them): a str Python
    can hold, e.g. a password read with ``surrogateescape`` or a JSON "\\udc80" escape."""
    assert isinstance(redact.redact(text, [secret]), str)


# ---------------------------------------------------------------------------------------------
# Paging
# ---------------------------------------------------------------------------------------------

MAX_REQUESTS = 10000
SMALL_LISTING = 40   # pagination.MAX_ITEMS while a lying server is driven: the guard must stop it


class TooManyRequests(AssertionError):
    pass


class ScriptedServer:
    """A fake client: each GET answers the next page of a (possibly infinite) script."""

    def __init__(self, pages):
        self.pages = iter(pages)
        self.requests = 0
        self.queries = []

    def get(self, path, params=None):
        self.requests += 1
        if self.requests > MAX_REQUESTS:
            raise TooManyRequests('the walk did not stop after %d requests' % MAX_REQUESTS)
        self.queries.append(dict(params or {}))
        body = next(self.pages)
        return client.Response(200, {}, body, '', 'GET', path)


item_ids = st.one_of(st.none(), st.integers(0, 12), st.sampled_from(['a', 'b', 'A', '1']))
items = st.one_of(st.integers(0, 12), st.fixed_dictionaries({'id': item_ids}),
                  st.fixed_dictionaries({'user_id': item_ids, 'name': st.sampled_from(['x', 'y'])}))
cursors = st.one_of(st.none(), st.just(''), st.integers(0, 5), st.sampled_from(['a', 'b', 'c', '0']))
counts = st.one_of(st.none(), st.integers(0, 30))
pages = st.fixed_dictionaries({
    'data': st.lists(items, max_size=7),
    'next': cursors,
    'total': counts,
    'total_pages': st.one_of(st.none(), st.integers(0, 8)),
})
TAILS = ['empty pages', 'cycle', 'repeat last page', 'fresh items for ever', 'fresh cursors, same items',
         'fresh items, same cursor']


def fresh_pages(size):
    """An infinite server that never repeats: new items and a new cursor on every page."""
    for number in itertools.count():
        yield {'data': [{'id': 'fresh-%d-%d' % (number, i)} for i in range(size)],
               'next': 'cursor-%d' % number, 'total': None, 'total_pages': None}


def fresh_items_same_cursor(size, cursor):
    for page in fresh_pages(size):
        yield dict(page, next=cursor)


def fresh_cursors(page):
    for number in itertools.count():
        yield dict(page, next='again-%d' % number)


def script_of(prefix, tail, size):
    """The pages a server answers: ``prefix``, then for ever what ``tail`` says."""
    if tail == 'empty pages':
        rest = itertools.repeat({'data': [], 'next': None, 'total': None, 'total_pages': None})
    elif tail == 'cycle':
        rest = itertools.cycle(prefix or [{'data': [1], 'next': 'a', 'total': None, 'total_pages': None}])
    elif tail == 'repeat last page':
        rest = itertools.repeat(prefix[-1] if prefix else {'data': [1], 'next': 'a', 'total': 9, 'total_pages': 9})
    elif tail == 'fresh items for ever':
        rest = fresh_pages(size)
    elif tail == 'fresh items, same cursor':
        rest = fresh_items_same_cursor(size, prefix[-1]['next'] if prefix else 'a')
    else:
        rest = fresh_cursors(prefix[-1] if prefix else {'data': [1], 'next': 'a', 'total': None, 'total_pages': None})
    return itertools.chain(prefix, rest)


def data_of(response):
    return response.body['data']


def total_of(response):
    return response.body['total']


def total_pages_of(response):
    return response.body['total_pages']


def next_key_of(response):
    return response.body['next']


def next_query_of(response):
    cursor = response.body['next']
    return {'cursor': cursor} if cursor not in (None, '') else None


def walk(style, server, size, counts_given, first_page):
    if style == 'page number':
        return pagination.page_number_items(
            server, '/users', data_of, size, first_page=first_page,
            total_items=total_of if counts_given in ('items', 'both') else None,
            total_pages=total_pages_of if counts_given in ('pages', 'both') else None)
    if style == 'page number, own guard':
        return pagination.page_number_items(server, '/users', data_of, size, first_page=first_page,
                                            total_pages=total_pages_of, guard=pagination.PageGuard(limit=7))
    if style == 'keyset':
        return pagination.keyset_items(server, '/users', data_of, next_key_of, 'previous_email', page_size=size)
    if style == 'follow':
        return pagination.follow_items(server, '/users', data_of, next_query_of,
                                       total_items=total_of if counts_given in ('items', 'both') else None)
    return pagination.offset_items(server, '/users', data_of, size)


STYLES = ['page number', 'page number, own guard', 'keyset', 'follow', 'offset']


@SETTINGS
@given(style=st.sampled_from(STYLES), prefix=st.lists(pages, max_size=6), tail=st.sampled_from(TAILS),
       size=st.integers(1, 8), counts_given=st.sampled_from(['none', 'items', 'pages', 'both']),
       first_page=st.sampled_from([0, 1]))
def test_every_walk_ends_within_a_bounded_number_of_requests_whatever_the_server_answers(
        style, prefix, tail, size, counts_given, first_page):
    """Whatever pages a server answers (repeated ids, repeated or new cursors, false counts, an
    endless supply of pages), the walk ends: it returns, or fails with 'unexpected answer', after
    at most (items the guard allows) + 2 requests.
    Why: a listing that never ends hangs the task (or, without a guard, the controller's memory)."""
    server = ScriptedServer(script_of(prefix, tail, size))
    failure = str(answers.unexpected(client.Response(200, {}, None, '', 'GET', '/users'), ''))
    with mock.patch.object(pagination, 'MAX_ITEMS', SMALL_LISTING):
        try:
            for _item in walk(style, server, size, counts_given, first_page):
                pass
            event('%s: returned' % style)
        except ApiError as exc:
            assert str(exc).startswith(failure), str(exc)
            reason = re.sub(r'[0-9]+|\(.*\)|cursor .*? was', '#', str(exc)[len(failure):])
            event('%s: failed: %s' % (style, reason[:50]))
    assert server.requests <= SMALL_LISTING + 2, server.requests


class HonestServer:
    """Serves ``items`` in pages of ``size`` the way each paging style documents, recording queries."""

    def __init__(self, items, size, announces_end=True):
        self.items = items
        self.size = size
        self.announces_end = announces_end
        self.queries = []

    def get(self, path, params=None):
        params = dict(params or {})
        self.queries.append(params)
        if len(self.queries) > MAX_REQUESTS:
            raise TooManyRequests(path)
        n, size = len(self.items), self.size
        if 'page' in params:
            start = (params['page'] - params.get('_first', 1)) * size
        elif 'offset' in params:
            start = params['offset']
        elif 'previous_email' in params:
            key = params['previous_email']
            start = 0 if key == '' else [item['id'] for item in self.items].index(key) + 1
        else:
            start = int(params.get('cursor') or 0)
        page = self.items[start:start + size]
        more = start + size < n
        body = {'data': page, 'total': n, 'total_pages': -(-n // size)}
        if self.announces_end and not more:
            body['next'] = None
        elif 'previous_email' in params:
            body['next'] = page[-1]['id'] if page else None
        else:
            body['next'] = str(start + size)
        return client.Response(200, {}, body, '', 'GET', path)


distinct_items = st.lists(st.text(min_size=1, max_size=4), unique=True, max_size=40).map(
    lambda ids: [{'id': i} for i in ids])


@SETTINGS
@given(listed=distinct_items, size=st.integers(1, 12), first_page=st.sampled_from([0, 1]),
       counts_given=st.sampled_from(['items', 'pages']))
def test_page_numbers_give_every_item_in_order_reading_exactly_the_pages_needed(listed, size, first_page,
                                                                                counts_given):
    """An honest page/limit listing with a total (of items or of pages) yields exactly its items in
    order, reading ceil(n / size) pages, and one page when it is empty: no item missed, no page more."""
    server = HonestServer(listed, size)
    real_get = server.get
    server.get = lambda path, params=None: real_get(path, dict(params, _first=first_page))
    walked = list(pagination.page_number_items(
        server, '/users', data_of, size, first_page=first_page,
        total_items=total_of if counts_given == 'items' else None,
        total_pages=total_pages_of if counts_given == 'pages' else None))
    assert walked == listed
    assert len(server.queries) == max(1, math.ceil(len(listed) / size))
    assert [q['page'] for q in server.queries] == list(range(first_page, first_page + len(server.queries)))


@SETTINGS
@given(listed=distinct_items, size=st.integers(1, 12))
def test_page_numbers_without_counts_end_on_the_first_short_page(listed, size):
    """Without any count, the walk reads until a short (or empty) page: floor(n / size) + 1 pages."""
    server = HonestServer(listed, size)
    assert list(pagination.page_number_items(server, '/users', data_of, size)) == listed
    assert len(server.queries) == len(listed) // size + 1


@SETTINGS
@given(listed=distinct_items, size=st.integers(1, 12), announces_end=st.booleans(),
       style=st.sampled_from(['keyset', 'follow', 'offset']))
def test_cursor_and_offset_walks_give_every_item_of_an_honest_listing(listed, size, announces_end, style):
    """Keyset, follow-the-answer and offset listings whose cursors are honest yield all items in
    order, whether the last page says it is the last or an empty page follows it."""
    server = HonestServer(listed, size, announces_end)
    if style == 'keyset':
        walked = pagination.keyset_items(server, '/users', data_of, next_key_of, 'previous_email', page_size=size)
    elif style == 'follow':
        walked = pagination.follow_items(server, '/users', data_of, next_query_of, params={'limit': size})
    else:
        walked = pagination.offset_items(server, '/users', data_of, size)
    assert list(walked) == listed
    assert len(server.queries) <= len(listed) // size + 2


# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------

path_values = st.text(min_size=1, max_size=20).filter(lambda v: v.strip())
dotty_values = st.text(alphabet=st.sampled_from('./%2E?#'), min_size=1, max_size=4)


@SETTINGS
@given(value=st.one_of(path_values, dotty_values, st.integers(), st.floats()))
def test_a_segment_stays_one_segment_and_decodes_back_to_the_value(value):
    """Whatever a user or a service gives as an id, its segment has no '/', '?' or '#', is not
    '.' or '..' (which a server or proxy would resolve), and percent-decodes back to the value.
    Why: an id of 'x/../../admins' must address a user named that, not another resource."""
    assume(value not in ('.', '..'))   # refused: see test_dot_segments_are_refused
    encoded = paths.segment(value)
    assert not set('/?#') & set(encoded)
    assert encoded not in ('.', '..', '')
    assert unquote(encoded) == str(value)


@pytest.mark.parametrize('dots', ['.', '..'])
def test_dot_segments_are_refused(dots):
    """requests turns %2E back into a dot, so no spelling of a dot segment is safe: it is refused."""
    with pytest.raises(InputError):
        paths.segment(dots)


@SETTINGS
@given(value=st.text(alphabet=st.sampled_from(' \t\n\u3000'), max_size=4))
def test_a_blank_value_is_refused(value):
    """An empty or blank id addresses the collection, not a resource: refused before any request."""
    with pytest.raises(InputError):
        paths.segment(value)


@SETTINGS
@given(value=st.text(alphabet=st.characters(categories=('Cs', 'Ll')), min_size=1, max_size=6))
def test_a_value_that_cannot_be_encoded_is_refused_as_input(value):
    """A str that is not valid Unicode text (lone surrogates) is refused with InputError, like any
    other id that cannot address a resource, rather than failing with an encoding traceback."""
    try:
        encoded = paths.segment(value)
    except InputError:
        return
    assert unquote(encoded) == value


@SETTINGS
@given(first=st.one_of(path_values, dotty_values, st.integers()), second=st.one_of(path_values, dotty_values))
def test_api_path_puts_each_value_in_exactly_one_segment(first, second):
    """``api_path('/a/{}/b/{}', x, y)`` has exactly four non-empty segments, whatever x and y are."""
    assume(first not in ('.', '..') and second not in ('.', '..'))
    built = paths.api_path('/a/{}/b/{}', first, second)
    assert built.startswith('/')
    parts = built[1:].split('/')
    assert len(parts) == 4 and all(parts)
    assert parts[0] == 'a' and parts[2] == 'b'
    assert [unquote(parts[1]), unquote(parts[3])] == [str(first), str(second)]


def is_integer_id(value):
    """What integer_segment should accept: a non-negative int, or a string of ASCII digits (surrounding
    whitespace aside)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    if isinstance(value, str):
        text = value.strip()
        return text != '' and text.isascii() and text.isdigit()
    return False


@SETTINGS
@given(value=st.one_of(
    st.integers(), st.integers(0, 10 ** 20).map(str), st.booleans(), st.floats(), st.none(),
    st.lists(st.integers(0, 9), max_size=2), st.text(max_size=6),
    st.sampled_from(['1.0', ' 1 2', '١٢', '²', '-1', '+1', '0x1', '1e3', ' 7 ', '007', '', ' ', '1_000'])))
def test_integer_segment_accepts_exactly_non_negative_integers(value):
    """integer_segment accepts non-negative ints and ASCII digit strings, giving their decimal
    form, and refuses everything else (booleans, floats, '1.0', ' 1 2', Arabic-Indic digits, None,
    lists, negative numbers) with InputError. Why: XIQ and OneLogin ids are non-negative integers."""
    if is_integer_id(value):
        assert paths.integer_segment(value) == str(int(value))
    else:
        with pytest.raises(InputError):
            paths.integer_segment(value)


# ---------------------------------------------------------------------------------------------
# Comparison and normalisation
# ---------------------------------------------------------------------------------------------

set_members = st.one_of(st.integers(-5, 5), st.text(max_size=3))


@SETTINGS
@given(values=st.lists(set_members, max_size=8), data=st.data())
def test_set_fields_ignore_order_and_duplicates(values, data):
    """A SET field is the same whatever the order and repetition of its members, and differs as
    soon as a member is added or missing. Why: services return role and location lists in any order."""
    field = Field('roles', kind=reconcile.SET)
    shuffled = data.draw(st.permutations(values + data.draw(st.lists(st.sampled_from(values), max_size=4))
                                         if values else []), label='reordered with duplicates')
    assert field.same(values, shuffled) and field.same(shuffled, values)
    extra = data.draw(set_members, label='extra member')
    assume(extra not in values)
    assert not field.same(values + [extra], shuffled)
    assert not field.same(shuffled, values + [extra])


@SETTINGS
@given(text=st.text(max_size=10), other=st.text(max_size=10))
def test_case_insensitive_fields_compare_without_case(text, other):
    """A CASE_INSENSITIVE field (e-mail logins) is the same as its upper- and lower-cased forms,
    symmetric, and never equates texts that differ otherwise."""
    field = Field('login', kind=reconcile.CASE_INSENSITIVE)
    assert field.same(text, text.lower()) and field.same(text.lower(), text)
    assert field.same(text, other) == field.same(other, text)
    if text.casefold() != other.casefold():
        assert not field.same(text, other)


@SETTINGS
@given(text=st.text(max_size=10))
def test_case_insensitive_fields_equate_a_login_and_its_upper_case(text):
    """A login and the same login upper-cased by a service are the same login."""
    assert Field('login', kind=reconcile.CASE_INSENSITIVE).same(text, text.upper())


KINDS = [reconcile.SCALAR, reconcile.SET, reconcile.CASE_INSENSITIVE, reconcile.SUBSET, reconcile.SECRET,
         reconcile.WRITE_ONLY]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=4))


def value_of(kind):
    if kind == reconcile.SET:
        return st.lists(set_members, max_size=4)
    if kind == reconcile.CASE_INSENSITIVE:
        return st.text(alphabet='abcABC@.', max_size=6)
    if kind == reconcile.SUBSET:
        return st.dictionaries(st.sampled_from('pqr'), scalars, max_size=3)
    return scalars


@st.composite
def managed_fields(draw):
    """Fields with distinct API names, some nested (``n0.x``), and values wanted for some of them."""
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    fields, wanted = [], {}
    for index, kind in enumerate(kinds):
        api_name = ('n%d.x' % index) if draw(st.booleans()) else ('f%d' % index)
        fields.append(Field('o%d' % index, api_name, kind))
        if draw(st.booleans()):
            wanted[api_name] = draw(value_of(kind))
    return fields, wanted


def holding(fields, wanted, draw):
    """A current resource that already holds every wanted value, in the API's own spelling
    (another order and duplicates for sets, another case for logins, extra keys for subsets)."""
    current = {'id': 1, 'unmanaged': draw(scalars)}
    for field in fields:
        if field.api_name not in wanted:
            continue
        value = wanted[field.api_name]
        if field.kind == reconcile.SET:
            value = draw(st.permutations(value + value[:1]))
        elif field.kind == reconcile.CASE_INSENSITIVE:
            value = value.upper() if draw(st.booleans()) else value
        elif field.kind == reconcile.SUBSET:
            value = dict(draw(st.dictionaries(st.sampled_from('stu'), scalars, max_size=2)), **value)
        elif field.kind == reconcile.SCALAR and value in reconcile.EMPTY:
            value = draw(st.sampled_from(reconcile.EMPTY))
        elif field.kind == reconcile.WRITE_ONLY:
            continue   # never read back
        reconcile.set_path(current, field.api_name, value)
    return current


@SETTINGS
@given(spec=managed_fields(), data=st.data())
def test_nothing_differs_when_the_resource_already_holds_the_wanted_values(spec, data):
    """differences(wanted, current) is empty when current already holds every wanted value (as the
    API spells it); so a second run of a task reports no change. Write-only values are sent only
    when update_password is 'always'."""
    fields, wanted = spec
    current = holding(fields, wanted, data.draw)
    assert reconcile.differences(wanted, current, fields) == {}
    write_only = dict((f.api_name, wanted[f.api_name]) for f in fields
                      if f.kind == reconcile.WRITE_ONLY and f.api_name in wanted)
    assert reconcile.differences(wanted, current, fields, update_password='always') == write_only


@st.composite
def resources(draw, fields):
    """A current resource with arbitrary (well-typed) values for the managed fields."""
    current = {'id': 1}
    for field in fields:
        if field.kind != reconcile.WRITE_ONLY and draw(st.booleans()):
            reconcile.set_path(current, field.api_name, draw(value_of(field.kind)))
    return current


@SETTINGS
@given(spec=managed_fields(), data=st.data())
def test_applying_the_differences_converges(spec, data):
    """Whatever the current resource, once the planned changes are applied (``merged``), nothing
    differs any more: a run followed by another run is idempotent. Changes name only wanted fields."""
    fields, wanted = spec
    current = data.draw(resources(fields), label='current')
    changes = reconcile.differences(wanted, current, fields)
    assert set(changes) <= set(wanted)
    after = reconcile.merged(current, changes)
    assert reconcile.differences(wanted, after, fields) == {}
    plan = reconcile.plan_present(current, wanted, fields)
    assert plan.changed == bool(changes)


members = st.lists(st.sampled_from(['r1', 'r2', 'r3', 'r4', 'admin', 'Admin']), max_size=6)


@SETTINGS
@given(current=members, listed=members)
def test_membership_plans(current, listed):
    """plan_membership: present + append=false makes the set exactly ``listed``; append=true only
    adds (the result holds current and listed); absent removes only the listed members. Each plan's
    add/remove are what turn before into after, and it is a change exactly when they are not empty."""
    exact = reconcile.plan_membership(current, listed, state='present', append=False)
    assert exact.after == reconcile.sorted_unique(listed)
    appended = reconcile.plan_membership(current, listed, state='present', append=True)
    assert set(appended.after) == set(current) | set(listed)
    removed = reconcile.plan_membership(current, listed, state='absent')
    assert set(removed.after) == set(current) - set(listed)
    for plan in (exact, appended, removed):
        before = set(plan.diff['before']['members'])
        assert before == set(current)
        if plan.changed:
            add, remove = set(plan.changes['add']), set(plan.changes['remove'])
            assert not add & remove and not add & before and remove <= before
            assert (before | add) - remove == set(plan.after)
        else:
            assert set(plan.after) == before
        assert plan.diff['after']['members'] == plan.after
        # the plan is idempotent: planning again from its result changes nothing
        again = reconcile.plan_membership(plan.after, listed, state='absent' if plan is removed else 'present',
                                          append=plan is appended)
        assert not again.changed
