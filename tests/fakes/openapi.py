# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check request bodies against the vendors' OpenAPI request schemas.

A fake that accepts any body lets a module pass its tests while sending what the
real API rejects (a ``null`` for a string, a missing required field). So every
JSON body a fake receives is validated against the requestBody schema of the
vendor's operation. The schemas come from ``schemas/<vendor>.json``, extracted from
the vendors' OpenAPI documents by ``tools/extract-request-schemas.py`` (the documents
themselves are not in the repository; the files' ``header`` names source, version
and licence).

A request maps to an operation by method and path template, ``{param}`` standing
for one segment; when several templates match, literal segments win over
parameters, leftmost first (``/users/me`` before ``/users/{id}``). A body of an
operation not in the files is not checked. ``ALLOWANCES`` lists where the live
service is known to accept what its schema rejects.

Every violation is also appended to ``RECORDED`` (with the fake that saw it), the
list ``tests/conftest.py`` reads to fail a test that made a fake see one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import threading

from jsonschema import Draft7Validator

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'schemas')


class Allowance:
    """A field whose value the live service accepts although the schema rejects it.

    An error at ``field`` (a tuple path into the body) of ``method path`` on
    ``vendor`` is ignored when the value validates against ``accept``.
    """

    def __init__(self, vendor, method, path, field, accept, why):
        self.vendor = vendor
        self.method = method
        self.path = path
        self.field = field
        self.accept = Draft7Validator(accept)
        self.why = why

    def covers(self, vendor, operation, error):
        return (self.vendor == vendor and self.method == operation.method and self.path == operation.path
                and tuple(error.absolute_path) == self.field and self.accept.is_valid(error.instance))


ALLOWANCES = (
    Allowance('xiq', 'PATCH', '/users/{id}', ('idle_timeout',), {'type': 'string', 'pattern': '^[0-9]+$'},
              why='the vendor\'s own Postman collection "XIQ APIv2 25r5" (extremenetworks/ExtremeCloudIQ-APIs @ f4a4fb98) '
                  'PATCHes idle_timeout as the string "30", so the service takes digits in a string there '
                  '(recorded in shared/specs/SOURCES.md, "Not found / checked"; the reference types it integer)'),
    # OneLogin PUT /api/1/users/{id} is partial in practice (shared/VENDORS.md §4.7): its schema requires no field, so a
    # partial body needs no allowance.
)

RECORDED = []   # (fake, message) of every violation any fake saw, in order: read by tests/conftest.py


class Operation:
    """One vendor operation: method, path template and the validator of its body."""

    def __init__(self, method, path, schema):
        self.method = method
        self.path = path
        self.segments = path.strip('/').split('/')
        self.validator = Draft7Validator(schema)

    def rank(self, segments):
        """None unless ``segments`` fit the template; else a key, lower for more literal segments, leftmost first."""
        if len(segments) != len(self.segments):
            return None
        key = []
        for template, actual in zip(self.segments, segments):
            is_param = template.startswith('{') and template.endswith('}')
            if not is_param and template != actual:
                return None
            if is_param and not actual:
                return None
            key.append(1 if is_param else 0)
        return tuple(key)


class RequestSchemas:
    """The request schemas of one vendor."""

    def __init__(self, vendor, data):
        self.vendor = vendor
        self.header = data.get('header', {})
        self.operations = [Operation(entry['method'], entry['path'], entry['schema']) for entry in data.get('operations', ())]

    def find(self, method, path):
        """The operation ``method path`` (a raw request path, no query) belongs to, or None."""
        segments = path.strip('/').split('/')
        ranked = [(operation.rank(segments), operation) for operation in self.operations if operation.method == method]
        ranked = [(rank, operation) for rank, operation in ranked if rank is not None]
        return min(ranked, key=lambda pair: pair[0])[1] if ranked else None

    def check(self, method, path, body):
        """None when ``body`` is valid for its operation (or the operation is unknown), else the message."""
        operation = self.find(method, path)
        if operation is None:
            return None
        errors = [error for error in operation.validator.iter_errors(body) if not self.allowed(operation, error)]
        if not errors:
            return None
        details = '; '.join(describe(error) for error in sorted(errors, key=lambda error: list(map(str, error.absolute_path))))
        return 'schema violation: %s %s (%s OpenAPI operation %s %s): %s' % (
            method, path, self.vendor, operation.method, operation.path, details)

    def allowed(self, operation, error):
        return any(allowance.covers(self.vendor, operation, error) for allowance in ALLOWANCES)


def describe(error):
    """``field.path: message``; for an ``anyOf``/``oneOf`` miss, with the closest branch's reason."""
    where = '.'.join(str(part) for part in error.absolute_path) or '(body)'
    if error.context:
        return '%s: %s (%s)' % (where, error.message, closest_branch(error.context).message)
    return '%s: %s' % (where, error.message)


def closest_branch(errors):
    """The error of an ``anyOf``/``oneOf`` branch that says most: not the ``null`` alternative, the deepest."""
    not_null = [error for error in errors if not (error.validator == 'type' and error.validator_value == 'null')]
    return max(not_null or errors, key=lambda error: len(error.absolute_path))


NO_SCHEMAS = RequestSchemas('none', {})
CACHE = {}
CACHE_LOCK = threading.Lock()


def for_vendor(vendor):
    """The (cached) request schemas of ``vendor``; an empty set when there is no file for it."""
    with CACHE_LOCK:
        if vendor not in CACHE:
            CACHE[vendor] = load(vendor)
        return CACHE[vendor]


def load(vendor):
    path = os.path.join(SCHEMA_DIR, '%s.json' % vendor)
    if not os.path.exists(path):
        return NO_SCHEMAS
    with open(path) as handle:
        return RequestSchemas(vendor, json.load(handle))


def record(fake, message):
    RECORDED.append((fake, message))
