# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets out of messages: masked in the raw text, before anything folds or cuts it.

Ansible's no_log masking replaces a secret's exact value in what a module returns. A
vendor that echoes a secret back rarely keeps it exact: an error body folds its
whitespace, JSON-escapes its quotes, percent-encodes it in a URL, and our own messages
collapse whitespace and cut at a length. Any of these turns the secret into text the
exact match misses, or leaves its first half before the cut. So every message built from
what the network said goes through ``redact`` first, and only then through ``shorten``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

from urllib.parse import quote, quote_plus

SECRET_MASK = '********'
MIN_SECRET_LENGTH = 3   # shorter values are not secrets worth destroying every message for


# What JavaScript leaves unescaped: ``encodeURIComponent`` (a query value) and ``encodeURI`` (a whole URL).
URI_COMPONENT_SAFE = "-_.!~*'()"
URI_SAFE = URI_COMPONENT_SAFE + ';,/?:@&=+$#'


def forms(secret):
    """The ways a service may spell ``secret`` back: as is; JSON-escaped, also with ``/`` as ``\\/``
    (PHP's ``json_encode``); percent-encoded (``percent_encoded``)."""
    spelled = set([secret])
    for ensure_ascii in (True, False):
        escaped = json.dumps(secret, ensure_ascii=ensure_ascii)[1:-1]
        spelled.add(escaped)
        spelled.add(escaped.replace('/', '\\/'))
    return spelled | percent_encoded(secret)


def percent_encoded(secret):
    """``secret`` percent-encoded as Python, a form, or JavaScript (``encodeURIComponent``, ``encodeURI``)
    would. Their escapes match in either case (``%2F``, ``%2f``): encoders differ."""
    spelled = set()
    for encode, safe in ((quote, ''), (quote_plus, ''), (quote, '/'), (quote, URI_COMPONENT_SAFE), (quote, URI_SAFE)):
        try:
            spelled.add(encode(secret, safe=safe))
        except UnicodeError:   # a lone surrogate cannot be percent-encoded, so cannot be echoed that way
            pass
    return spelled


# A service may fold, wrap or escape whitespace anywhere in what it echoes.
GAP = r'(?:\s|\\[nrt])*'
HEX_DIGITS = '0123456789abcdefABCDEF'


def pattern_of(spelling, escapes_in_any_case=False):
    """A regex for ``spelling`` that matches it with whitespace (or escaped whitespace) anywhere inside,
    and with ``escapes_in_any_case`` its percent-escapes in either case (for a percent-encoded spelling:
    not for a secret that itself holds ``%2F``, where ``%2f`` is another text)."""
    characters = [c for c in spelling if not c.isspace()]
    if not characters:
        return None
    pieces = [re.escape(c) for c in characters]
    for position, character in enumerate(characters[:-2] if escapes_in_any_case else ()):
        escape = characters[position + 1:position + 3]
        if character == '%' and all(c in HEX_DIGITS for c in escape):
            for offset, digit in enumerate(escape, position + 1):
                if digit.isalpha():
                    pieces[offset] = '[%s%s]' % (digit.upper(), digit.lower())
    return GAP.join(pieces)


def secret_pattern(secrets):
    """One compiled alternation of every spelling of every secret, longest first; None when there is none."""
    spellings = {}   # spelling: whether it is percent-encoded
    for secret in secrets or ():
        if secret is None:
            continue
        secret = str(secret)
        if len(secret.strip()) < MIN_SECRET_LENGTH:
            continue
        encoded = percent_encoded(secret)
        for spelling in forms(secret):
            spellings[spelling] = spellings.get(spelling, False) or spelling in encoded
    patterns = [pattern_of(spelling, spellings[spelling]) for spelling in sorted(spellings, key=len, reverse=True)]
    patterns = [p for p in patterns if p]
    return re.compile('|'.join(patterns)) if patterns else None


def redact(text, secrets):
    """``text`` with every spelling of every secret replaced by the mask."""
    if not isinstance(text, str):
        return text
    pattern = secret_pattern(secrets)
    return _mask(text, pattern) if pattern is not None else text


def _mask(text, pattern):
    """Mask every match, overlapping ones too: a periodic secret echoed next to its own pattern
    overlaps itself, and masking only the leftmost match would leave the rest of the other visible."""
    spans = []
    for match in re.finditer('(?=(%s))' % pattern.pattern, text):
        start, end = match.start(1), match.end(1)
        if end == start:
            continue
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(SECRET_MASK)
        last = end
    pieces.append(text[last:])
    return ''.join(pieces)


def redact_data(value, secrets):
    """``redact`` applied to every string inside a JSON-like value (dict keys included)."""
    pattern = secret_pattern(secrets)
    if pattern is None:
        return value
    return _walk(value, pattern)


def _walk(value, pattern):
    if isinstance(value, str):
        return _mask(value, pattern)
    if isinstance(value, dict):   # keys name fields ('password'); a secret is a value
        return dict((k, _walk(v, pattern)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_walk(item, pattern) for item in value]
    return value


def shorten(text, limit=300):
    """One line of at most ``limit`` characters (plus '...'). Redact before calling: this folds and cuts."""
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit] + '...'
