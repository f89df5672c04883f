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

import base64
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
    return spelled | percent_encoded(secret) | base64_encoded(secret)


def base64_encoded(secret):
    """``secret`` in base64, standard and URL-safe, with and without padding (a Basic header echoed back)."""
    try:
        raw = secret.encode('utf-8')
    except UnicodeError:
        return set()
    spelled = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        text = encode(raw).decode('ascii')
        spelled.update([text, text.rstrip('=')])
    return spelled


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


# A service may fold, wrap or escape whitespace anywhere in what it echoes (as a form's ``+`` or ``%20`` too),
# and a renderer may slip in a zero-width space or a soft hyphen.
GAP = r'(?:\s|\\+[nrt]|\+|%20|\u200b|\u00ad)*'
NAMED_ENTITIES = {'&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos'}


def any_escape_of(character):
    """A regex for one character in any escaping a service may give it: as is; JSON ``\\uXXXX`` (with the
    backslash doubled by JSON inside JSON); an HTML entity, named or numeric; percent-encoded, once or twice;
    a quote escaped with a backslash or doubled. The pattern is compiled ignoring case."""
    code = ord(character)
    spellings = [re.escape(character), r'&#0*%d;' % code, r'&#x0*%x;' % code]
    if code <= 0xFFFF:
        spellings.append(r'\\+u%04x' % code)
    else:   # JSON spells it as a surrogate pair
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        spellings.append(r'\\+u%04x\\+u%04x' % (high, low))
    if character in NAMED_ENTITIES:
        spellings.append('&%s;' % NAMED_ENTITIES[character])
    if character in '"\'/\\':
        spellings.append(r'\\+' + re.escape(character))
    if character == "'":
        spellings.append("''")
    try:
        encoded = character.encode('utf-8')
    except UnicodeError:   # a lone surrogate
        encoded = b''
    if encoded:
        spellings.append(''.join('%%(?:25)?%02x' % byte for byte in encoded))
    return '(?:%s)' % '|'.join(spellings)


def escaped_anyhow(secret):
    """A regex for ``secret`` with each character in any escaping (``any_escape_of``), escapings mixed."""
    characters = [c for c in secret if not c.isspace()]
    return GAP.join(any_escape_of(c) for c in characters) if characters else None


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
    patterns += [escaped_anyhow(str(secret)) for secret in secrets or ()
                 if secret is not None and len(str(secret).strip()) >= MIN_SECRET_LENGTH]
    patterns = [p for p in patterns if p]
    return re.compile('|'.join(patterns), re.IGNORECASE) if patterns else None


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
    for match in re.finditer('(?=(%s))' % pattern.pattern, text, pattern.flags):
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


def redact_data(value, secrets, keys=False):
    """``redact`` applied to every string inside a JSON-like value; with ``keys``, dict keys too.

    A service may echo a secret as a key (``{"errors": {"<password>": "not allowed"}}``), so the
    client masks the keys of what a service said; the module's own results keep theirs: they name
    fields (``password``), and a password that is the word "password" must not erase the field's name.
    """
    pattern = secret_pattern(secrets)
    if pattern is None:
        return value
    return _walk(value, pattern, keys)


def _walk(value, pattern, keys):
    """A masked copy of ``value``, built without recursion: a body nested thousands deep is still masked."""
    def masked(item):
        if isinstance(item, str):
            return _mask(item, pattern)
        if isinstance(item, dict):
            return {}
        if isinstance(item, (list, tuple)):
            return []
        return item

    root = masked(value)
    todo = [(value, root)]
    while todo:
        source, copy = todo.pop()
        if isinstance(source, dict):
            for key, item in source.items():
                copy[masked(key) if keys else key] = child = masked(item)
                if isinstance(item, (dict, list, tuple)):
                    todo.append((item, child))
        elif isinstance(source, (list, tuple)):
            for item in source:
                child = masked(item)
                copy.append(child)
                if isinstance(item, (dict, list, tuple)):
                    todo.append((item, child))
    return root


def shorten(text, limit=300):
    """One line of at most ``limit`` characters (plus '...'). Redact before calling: this folds and cuts."""
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit] + '...'
