# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request paths built from values a user or a service gave: each value one path segment.

``'/users/%s/tokens' % user_id`` lets ``user_id='x/../../service-accounts/sa'`` address
another resource, and ``?`` or ``#`` cut the path short. Every value that goes into a
path goes through ``api_path``: percent-encoded with nothing left safe, never empty, never
a dot segment, and an integer where the API's ids are integers.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError


def segment(value, what='id'):
    """``value`` as one path segment: percent-encoded, never empty, never ``.`` or ``..``."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list, tuple, set)):
        raise InputError('%s must be a string or a number to address a resource, got %r' % (what, value))
    text = str(value)
    if not text.strip():
        raise InputError('%s is empty; it cannot address a resource' % what)
    if text in ('.', '..'):
        # requests turns %2E back into a dot, so an encoded dot segment would still climb the path
        raise InputError('%s %r cannot address a resource: it is a dot segment' % (what, text))
    try:
        return quote(text, safe='')
    except UnicodeError:
        raise InputError('%s is not valid Unicode text (a lone surrogate); it cannot address a resource' % what)


def integer_segment(value, what='id'):
    """An id of an API whose ids are integers (XIQ, OneLogin): refused unless it is one."""
    if isinstance(value, bool):
        raise InputError('%s must be an integer, got %r' % (what, value))
    if isinstance(value, int):
        if value < 0:
            raise InputError('%s must be a non-negative integer, got %r' % (what, value))
        return str(value)
    text = str(value).strip() if value is not None else ''
    if not (text.isdigit() and text.isascii()):
        raise InputError('%s must be an integer, got %r' % (what, value))
    return str(int(text))


def api_path(template, *values):
    """``template`` with each ``{}`` replaced by one encoded segment: ``api_path('/users/{}', user_id)``."""
    return template.format(*[segment(value) for value in values])


def refuse_unusable_path_options(module, options):
    """Fail ``module``, naming the option, when one of ``options`` (text that names a resource in a path) is given
    empty, ``.`` or ``..`` once stripped: before any request, rather than as an error of ``segment`` mid-run."""
    for option in options:
        # a dot segment too: requests turns an encoded ``%2E%2E`` back into ``..``, the parent path
        value = module.params.get(option)
        if value is not None and value.strip() in ('', '.', '..'):
            module.fail_json(msg='%s must not be empty, "." or ".."; got %r' % (option, value))
