# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile mode: what a broken, compromised or confused service answers, once for every fake.

Each behaviour is a function ``behaviour(fake, method=..., path=..., **options)`` that queues
one ``Fault`` on the fake and returns it; ``FakeApi.hostile(name, ...)`` calls them by name.
They work on any vendor fake: a listing is found in the real handler's answer (the one list
its envelope holds) and changed there, so the same lie reaches every module. Only what cannot
be seen in an answer is vendor knowledge, kept in ``CLAIM_MORE``: how each API says that
another page follows.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import threading
from urllib.parse import quote, quote_plus

from .base import WRITES, Reply

EVERY_ATTEMPT = 1000          # ``times`` for a fault that must outlast every retry and every page
HUGE = 1000000                # a count no test directory comes near
NATURAL_KEYS = ('email', 'username', 'login_name', 'name', 'display_name', 'displayName')
HTML_PAGE = (b'<!DOCTYPE html>\n<html><head><title>Welcome</title></head>\n'
             b'<body><h1>It works!</h1><p>Sign in to continue.</p></body></html>\n')
NOT_JSON = b'{"this is": not json'


# The listing inside an answer ----------------------------------------------------------

def list_key(body):
    """Key of the one list a listing's envelope holds; None when the body is the list itself."""
    if isinstance(body, list):
        return None
    keys = [key for key, value in body.items() if isinstance(value, list)]
    if len(keys) != 1:
        raise ValueError('hostile mode cannot find the listing in %r' % sorted(body))
    return keys[0]


def with_list(body, key, value):
    """``body`` with its listing replaced by ``value`` (any JSON value: the lie)."""
    if key is None:
        return value
    body = dict(body)
    body[key] = value
    return body


def id_holder(item):
    """The dict holding an item's id: the item, or its ``metadata`` (Agilicus spec resources)."""
    if 'id' not in item and isinstance(item.get('metadata'), dict) and 'id' in item['metadata']:
        return item['metadata']
    return item


def ghost(request, number):
    """An item for an empty listing: what the request filtered on, and an id; never a real user."""
    item = dict((key, values[0]) for key, values in request.query.items()
                if key in NATURAL_KEYS or key == 'q')
    item['id'] = 'ghost-%d' % number
    return item


def items_of(request, handled):
    """(body, list key, items) of the real answer; a ghost item stands in for an empty listing."""
    body = handled.body
    key = list_key(body)
    items = body if key is None else body[key]
    return body, key, copy.deepcopy(items) or [ghost(request, 0)]


def clone(item, number):
    """A copy of ``item`` that is another resource: a new id of the same type, other natural keys."""
    item = copy.deepcopy(item)
    holder = id_holder(item)
    old = holder.get('id')
    holder['id'] = 900000 + number if isinstance(old, int) and not isinstance(old, bool) else 'hostile%06d' % number
    _rename(item, 'ghost%d-' % number)
    return item


def _rename(value, prefix):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in NATURAL_KEYS and isinstance(inner, str):
                value[key] = prefix + inner
            else:
                _rename(inner, prefix)
    elif isinstance(value, list):
        for inner in value:
            _rename(inner, prefix)


def page_size(request, default):
    """The page size the request asked for (``limit`` or ``size``), else ``default``."""
    for name in ('limit', 'size'):
        if request.arg(name):
            return request.arg(name, cast=int)
    return default


# How each API says "there is another page" ----------------------------------------------

def _xiq_more(body, headers, cursor, total):
    size = max(len(body['data']), 1)
    body.update(count=len(body['data']), total_pages=-(-total // size), total_count=total)


def _kestra_more(body, headers, cursor, total):
    body['total'] = total


def _agilicus_more(body, headers, cursor, total):
    body['next_page_email'] = cursor


def _onelogin_more(body, headers, cursor, total):
    if isinstance(body, dict):
        body['pagination'] = dict(body.get('pagination') or {}, after_cursor=cursor)
    else:   # the OpenAPI ('spec') envelope: paging in headers
        headers.update({'After-Cursor': cursor, 'Total-Count': total})


CLAIM_MORE = {'xiq': _xiq_more, 'kestra': _kestra_more, 'agilicus': _agilicus_more, 'onelogin': _onelogin_more}


# The behaviours -----------------------------------------------------------------------------

def redirect(fake, method, path, location, status=307):
    """Every attempt is answered with a redirect to ``location``, another origin.

    A client that follows it hands the request (a login body, a bearer token) to that origin.
    """
    return fake.inject(kind='status', status=status, method=method, path=path, times=EVERY_ATTEMPT,
                       headers={'Location': location}, body={'message': 'moved'})


def lying_pages(fake, method='GET', path=None, endless=False):
    """Every page of a listing is the same full page of distinct items, and more is said to follow.

    The answer ignores the page number, offset or cursor asked for. ``endless``: it claims a
    huge total and hands out a new cursor each time; else a plausible total (three pages) and
    the same cursor again. A client that trusts either walks for ever, or until it has read
    the same users many times over; the listing never holds the user it looks for.
    """
    lock = threading.Lock()
    state = dict(page=None, served=0)

    def answer(request, handled):
        with lock:
            if state['page'] is None:
                body, key, items = items_of(request, handled)
                size = page_size(request, len(items))
                state['page'] = (body, key, [clone(items[n % len(items)], n) for n in range(size)])
            state['served'] += 1
            served = state['served']
        body, key, page = copy.deepcopy(state['page'])
        body = with_list(body, key, page)
        headers = {}
        cursor = 'hostile-cursor-%d' % served if endless else 'hostile-cursor'
        CLAIM_MORE[fake.name](body, headers, cursor, HUGE if endless else 3 * len(page))
        return Reply(200, body, headers)
    return fake.inject(kind='answer', answer=answer, method=method, path=path, times=EVERY_ATTEMPT,
                       after_apply=True)


def _each_id(value_of):
    """A shape changing the id of every item (a ghost stands in for an empty listing) with ``value_of(id)``."""
    def shape(request, handled):
        body, key, items = items_of(request, handled)
        for item in items:
            holder = id_holder(item)
            if value_of is None:
                holder.pop('id', None)
            else:
                holder['id'] = value_of(holder.get('id'))
        return Reply(200, with_list(body, key, items))
    return shape


def _listing_holds(value_of):
    """A shape putting ``value_of(items)`` where the listing belongs."""
    def shape(request, handled):
        body, key, items = items_of(request, handled)
        return Reply(200, with_list(body, key, value_of(items)))
    return shape


def _wrong_type(value):
    """A string where an integer id belongs, an object where a string id belongs."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return {'id': value}


SHAPES = {
    'body-null': lambda request, handled: Reply(200, raw=b'null'),
    'body-list': lambda request, handled: Reply(200, []),
    'body-empty-object': lambda request, handled: Reply(200, {}),
    'list-null': _listing_holds(lambda items: None),
    'list-object': _listing_holds(lambda items: items[0]),
    'list-string': _listing_holds(lambda items: 'see the next page'),
    'items-strings': _listing_holds(lambda items: [json.dumps(item, sort_keys=True) for item in items]),
    'item-without-id': _each_id(None),
    'id-null': _each_id(lambda value: None),
    'id-wrong-type': _each_id(_wrong_type),
    'not-json': lambda request, handled: Reply(200, raw=NOT_JSON),
    'html-page': lambda request, handled: Reply(200, raw=HTML_PAGE, headers={'Content-Type': 'text/html'}),
}


def odd_shape(fake, shape, method='GET', path=None):
    """Every answer of the read is 200 with a body of the odd ``shape`` (a name in ``SHAPES``)."""
    return fake.inject(kind='answer', answer=SHAPES[shape], method=method, path=path, times=EVERY_ATTEMPT,
                       after_apply=True)


def spellings(secret, mangled=False):
    """``secret`` as an echo may spell it: as is, JSON-escaped, percent-encoded.

    ``mangled``: with its whitespace mangled instead, a double space and a line break inside it
    (as a service that re-wraps or pretty-prints its error text leaves it), as is and JSON-escaped.
    """
    if mangled:
        third = max(len(secret) // 3, 1)
        secret = secret[:third] + '  ' + secret[third:2 * third] + '\n' + secret[2 * third:]
        return [secret, json.dumps(secret)[1:-1]]
    return [secret, json.dumps(secret)[1:-1], quote(secret, safe=''), quote_plus(secret, safe='')]


def echo_text(request, secrets, mangled=False, length=1200):
    """A plain-text error page echoing the request body, its Authorization header and ``secrets``.

    Spellings of the secrets run back to back for more than ``length`` characters before and
    after the echo, so wherever a message is cut (at 120, 200, 300 characters...) the cut falls
    inside a secret: a client that cuts before it masks leaves half a secret in the message.
    """
    words = [word for secret in secrets for word in spellings(secret, mangled)] or ['no-secrets']
    run = ''
    while len(run) < length:
        run += ''.join(words)
    raw = request.raw_body.decode('utf-8', 'replace')
    authorization = request.headers.get('Authorization') or ''
    echo = ['refused: ' + run,
            'you sent: ' + raw,
            'folded:   ' + '\n  '.join(raw.split(' ')),
            'escaped:  ' + json.dumps(raw),
            'encoded:  ' + quote_plus(raw),
            'Authorization: ' + authorization,
            'Authorization (escaped): ' + json.dumps(authorization),
            run]
    return '\n'.join(echo)


def echo_secrets(fake, secrets, method=WRITES, path=None, status=400, mangled=False):
    """The first matching request is refused with a plain-text page echoing everything secret it carried.

    ``mangled``: the secrets are echoed with whitespace mangled inside them (see ``spellings``).
    The returned fault's ``echoed`` lists (page, Authorization header) of each echo it served.
    """
    echoed = []

    def answer(request, handled):
        page = echo_text(request, secrets, mangled)
        echoed.append((page, request.headers.get('Authorization') or ''))
        return Reply(status, raw=page.encode('utf-8'), headers={'Content-Type': 'text/plain; charset=utf-8'})
    fault = fake.inject(kind='answer', answer=answer, method=method, path=path, times=1)
    fault.echoed = echoed
    return fault


def lost_answer(fake, method=WRITES, path=None):
    """The first matching write is applied, then the connection drops before the answer."""
    return fake.inject(kind='reset', method=method, path=path, times=1, after_apply=True)


def stall(fake, method='GET', path=None, delay=1.5):
    """Every attempt of the request is answered only after ``delay`` seconds (longer than the client waits)."""
    return fake.inject(kind='delay', delay=delay, method=method, path=path, times=EVERY_ATTEMPT)


def garbled_write(fake, method=WRITES, path=None):
    """The first matching write is applied and answered 2xx, with an HTML page instead of JSON."""
    def answer(request, handled):
        if not 200 <= handled.status < 300:
            return handled
        status = 200 if handled.status == 204 else handled.status   # a 204 carries no body
        return Reply(status, raw=HTML_PAGE, headers={'Content-Type': 'text/html'})
    return fake.inject(kind='answer', answer=answer, method=method, path=path, times=1, after_apply=True)


BEHAVIOURS = {
    'redirect': redirect,
    'lying_pages': lying_pages,
    'odd_shape': odd_shape,
    'echo_secrets': echo_secrets,
    'lost_answer': lost_answer,
    'stall': stall,
    'garbled_write': garbled_write,
}
