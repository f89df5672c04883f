# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of what a service answered, checked before anything is built on it.

A reader that takes ``body['data']`` on trust turns an odd answer into a traceback, or
worse into a write: a listing without ``data`` reads as "no such user" and a create
follows; an item without ``id`` becomes ``PATCH /users/None``. Every vendor reader takes
what it uses through these functions, which fail with
``<METHOD> <path> -> <status>: unexpected answer: <what>`` and so stop the run before
any write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.accessops.identity.plugins.module_utils.errors import ApiError

INTEGER = 'an integer'
STRING = 'a string'


def unexpected(response, what):
    """The failure for an answer of the wrong shape (raise it)."""
    return ApiError(response.method, response.path, response.status, 'unexpected answer: %s' % what)


def kind_of(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, dict):
        return 'an object'
    if isinstance(value, list):
        return 'a list'
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return 'a number'
    return STRING


def body_object(response, what='the body'):
    """The body, which must be a JSON object."""
    if not isinstance(response.body, dict):
        raise unexpected(response, '%s is %s, not an object' % (what, kind_of(response.body)))
    return response.body


def body_list(response, what='the body'):
    """The body, which must be a JSON list of objects (a v2 / bare listing)."""
    return objects(response, response.body, what)


def field_list(response, key, what=None):
    """``body[key]``, which must be a list of objects (``data`` of an envelope)."""
    body = body_object(response)
    if key not in body:
        raise unexpected(response, 'the body has no "%s"' % key)
    return objects(response, body[key], what or '"%s"' % key)


def objects(response, value, what):
    if not isinstance(value, list):
        raise unexpected(response, '%s is %s, not a list' % (what, kind_of(value)))
    for position, item in enumerate(value):
        if not isinstance(item, dict):
            raise unexpected(response, 'item %d of %s is %s, not an object' % (position, what, kind_of(item)))
    return value


def identified(response, items, kind=STRING, key='id', what='item'):
    """``items`` unchanged, once each has an ``id`` of the documented type (a write addresses it later)."""
    for position, item in enumerate(items):
        check_id(response, item.get(key), kind, '%s %d "%s"' % (what, position, key))
    return items


def check_id(response, value, kind=STRING, what='"id"'):
    """``value`` when it is an id of the documented type: a non-empty string, or an integer."""
    if kind == INTEGER:
        good = isinstance(value, int) and not isinstance(value, bool)
    else:
        good = isinstance(value, str) and value.strip() != '' or isinstance(value, int) and not isinstance(value, bool)
    if not good:
        wanted = 'an integer' if kind == INTEGER else 'a non-empty id'
        raise unexpected(response, '%s is %s, not %s' % (what, _shown(value), wanted))
    return value


def optional_count(response, value, what):
    """A page count or total the answer may carry: None, or a non-negative integer."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        if isinstance(value, str) and re.fullmatch('[0-9]+', value.strip()):
            return int(value.strip())   # counts in headers are text (ASCII digits only: '²'.isdigit() is True)
        raise unexpected(response, '%s is %s, not a count' % (what, _shown(value)))
    return value


def optional_string(response, value, what):
    """A cursor or link the answer may carry: None or a string."""
    if value is None or value == '':
        return None
    if not isinstance(value, str):
        raise unexpected(response, '%s is %s, not a string' % (what, _shown(value)))
    return value


def _shown(value):
    """What a bad value is, without quoting it: it may be an echoed secret, and a quote cut short escapes masking."""
    if isinstance(value, str):
        return '%s of length %d' % (kind_of(value), len(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return '%s %r' % (kind_of(value), value)
    return kind_of(value)


def created_as_sent(response, created, field, sent):
    """``created`` (the answer to a create) when it is the resource sent, by its ``field`` (compared ignoring
    case and surrounding spaces); an answer naming another resource fails. Whatever a run does next (an
    action, a flag set through its own endpoint) addresses the answer's id, so an answer of another user
    would make that user the target. An answer without the field cannot be told apart and is taken."""
    answered = created.get(field)
    if answered is None or sent is None:
        return created
    if not isinstance(answered, str) or answered.strip().casefold() != str(sent).strip().casefold():
        raise unexpected(response, 'the create of %s was answered with another resource (%s %s, id %s); the create '
                                   'may have landed, and nothing more was done'
                         % (sent, field, _shown(answered) if not isinstance(answered, str) else answered,
                            created.get('id')))
    return created
