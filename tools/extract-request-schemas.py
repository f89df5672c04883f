# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Extract the request-body JSON schemas the fakes check from the vendors' OpenAPI documents.

The fakes in tests/fakes answer whatever a module sends; a body the real API would
reject (a null where the vendor wants a string, a missing required field) would
pass every test. So the fakes validate each JSON body against the vendor's schema
(tests/fakes/openapi.py). The OpenAPI documents live outside the repository
(/work/shared/specs, provenance in its SOURCES.md) and are large, so this tool writes
the few operations the fakes serve to tests/fakes/schemas/<vendor>.json, committed data:

* one entry per operation (method, path template) with a JSON requestBody under the
  paths of ``VENDORS[...]['paths']``;
* its schema self-contained: every ``$ref`` inlined, a recursive one kept under the
  schema's ``$defs``;
* turned into plain JSON Schema (draft 7): OpenAPI 3.0 ``nullable: true`` allows null,
  boolean ``exclusiveMinimum``/``exclusiveMaximum`` become numbers, a ``readOnly``
  property is not required in a request, annotations (description, example...) are
  dropped, and a Java-only regex the ``re`` module cannot compile is kept as a
  ``$comment`` instead of a ``pattern``;
* a header naming the source file, its version, licence and sha256.

    python tools/extract-request-schemas.py [--specs /work/shared/specs] [--out tests/fakes/schemas]
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import hashlib
import json
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SPECS = '/work/shared/specs'
DEFAULT_OUT = os.path.join(ROOT, 'tests', 'fakes', 'schemas')
METHODS = ('get', 'put', 'post', 'delete', 'patch')

# Per vendor: the document (relative to the specs directory), its provenance as SOURCES.md gives it,
# and the paths whose operations the fakes serve (users, login/token, service accounts, roles, groups,
# metadata, MFA, upstream identities, user requests).
VENDORS = {
    'xiq': {
        'file': 'xiq/xiq-users-auth-25.14.1.reconstructed.openapi.yaml',
        'version': 'ExtremeCloud IQ API 25.14.1-4 (user and auth subset)',
        'license': 'Apache-2.0',
        'source': 'reconstructed from PyPI extremecloudiq-api==25.14.1.post4 (the SDK behind the API reference)',
        'paths': r'^/(login|logout|users|auth/apitoken)(/|$)',
    },
    'kestra': {
        'file': 'kestra/kestra-ee.openapi.yml',
        'version': 'Kestra EE 2.0.0-SNAPSHOT',
        'license': 'Apache-2.0',
        'source': 'github.com/kestra-io/client-sdk kestra-ee.yml @ 118cf4ddaf91b75e9851d12ae8795cf8ab3cc436, unmodified',
        'paths': r'^/api/v1/(users|me|service-accounts|\{tenant\}/(users|service-accounts|groups|tenant-access|roles|bindings))(/|$)',
    },
    'onelogin': {
        'file': 'onelogin/onelogin-openapi.yaml',
        'version': 'OneLogin API 3.1.1',
        'license': 'MIT',
        'source': 'github.com/onelogin/onelogin-java-sdk api/openapi.yaml @ ac126785e164b5fa3c605435a3a9d2385fc3fa5e, unmodified',
        'paths': r'^/(auth/oauth2/|api/1/users(/|$)|api/2/(users|roles|mfa)(/|$))',
    },
    'agilicus': {
        'file': 'agilicus/agilicus-users-1.415.0.reconstructed.openapi.yaml',
        'version': 'Agilicus API 2026.04.16 (UsersApi subset of PyPI agilicus==1.415.0)',
        'license': 'MIT',
        'source': 'reconstructed from PyPI agilicus==1.415.0 (generated agilicus_api UsersApi)',
        'paths': r'^/(users|v1/(service_accounts|user_metadata|user_metadata_rpc|user_requests|org_upstream_user_identities))(/|$)',
    },
}

# Keywords that only describe: dropped to keep the files small.
ANNOTATIONS = frozenset(('description', 'title', 'example', 'examples', 'default', 'externalDocs', 'xml',
                         'deprecated', 'discriminator', 'writeOnly', '$comment'))
SCHEMA_MAPS = ('properties', 'patternProperties')                  # name -> schema
SCHEMA_LISTS = ('allOf', 'anyOf', 'oneOf', 'prefixItems')          # [schema]
SCHEMA_VALUES = ('items', 'additionalProperties', 'not', 'contains', 'propertyNames')   # schema (or bool)


def load_document(path):
    """The OpenAPI document; OneLogin's has an unquoted ``value: =`` (``tag:yaml.org,2002:value``)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor('tag:yaml.org,2002:value', lambda loader, node: loader.construct_scalar(node))
    with open(path, 'rb') as handle:
        return yaml.load(handle, Loader=Loader)


def sha256(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def json_body_schema(operation):
    """The schema of the operation's JSON request body, or None."""
    content = (operation.get('requestBody') or {}).get('content') or {}
    for media_type, media in sorted(content.items()):
        if media_type == 'application/json' or media_type.endswith('+json'):
            return media.get('schema')
    return None


class Converter:
    """Turns OpenAPI schemas of one document into self-contained draft 7 JSON Schemas."""

    def __init__(self, document):
        self.document = document
        self.recursive = set()      # refs met again while being inlined: kept under $defs

    def lookup(self, ref):
        if not ref.startswith('#/'):
            raise ValueError('external $ref not supported: %s' % ref)
        node = self.document
        for part in ref[2:].split('/'):
            node = node[part.replace('~1', '/').replace('~0', '~')]
        return node

    def request_body(self, operation):
        """The body schema of ``operation``, standalone: its recursive parts under ``$defs``."""
        if '$ref' in (operation.get('requestBody') or {}):
            operation = dict(operation, requestBody=self.lookup(operation['requestBody']['$ref']))
        self.recursive = set()
        schema = self.convert(json_body_schema(operation), ())
        definitions = {}
        while self.recursive - set(definitions):
            for ref in sorted(self.recursive - set(definitions)):
                definitions[ref] = self.convert(self.lookup(ref), (ref,))
        if definitions:
            schema = dict(schema, **{'$defs': dict((def_name(ref), value) for ref, value in definitions.items())})
        return schema

    def convert(self, node, stack):
        if isinstance(node, bool) or not isinstance(node, dict):
            return node
        if '$ref' in node:
            return self.reference(node, stack)
        schema = {}
        for key, value in node.items():
            if key in ANNOTATIONS or key.startswith('x-'):
                continue
            if key in SCHEMA_MAPS:
                schema[key] = dict((name, self.convert(sub, stack)) for name, sub in value.items())
            elif key in SCHEMA_LISTS:
                schema[key] = [self.convert(sub, stack) for sub in value]
            elif key in SCHEMA_VALUES:
                schema[key] = self.convert(value, stack)
            else:
                schema[key] = value
        return openapi_to_json_schema(schema)

    def reference(self, node, stack):
        """Inline a ``$ref``; one met again inside itself becomes a ``$defs`` reference."""
        ref = node['$ref']
        if ref in stack:
            self.recursive.add(ref)
            return {'$ref': '#/$defs/%s' % def_name(ref)}
        target = self.convert(self.lookup(ref), stack + (ref,))
        siblings = self.convert(dict((key, value) for key, value in node.items() if key != '$ref'), stack)
        return {'allOf': [target, siblings]} if siblings else target   # OpenAPI 3.1 applies siblings


def def_name(ref):
    return ref.rsplit('/', 1)[-1]


def openapi_to_json_schema(schema):
    """The OpenAPI-only keywords of one (already converted) schema object in JSON Schema terms."""
    for bound, limit in (('exclusiveMinimum', 'minimum'), ('exclusiveMaximum', 'maximum')):
        if isinstance(schema.get(bound), bool):       # OpenAPI 3.0 / draft 4 form
            if schema.pop(bound) and limit in schema:
                schema[bound] = schema.pop(limit)
    if 'pattern' in schema and not compiles(schema['pattern']):
        schema['$comment'] = 'vendor pattern not checked (not a Python regex): %s' % schema.pop('pattern')
    if 'required' in schema:
        properties = schema.get('properties') or {}
        required = [name for name in schema['required'] if not (properties.get(name) or {}).get('readOnly')]
        if required:
            schema['required'] = required
        else:
            del schema['required']
    if schema.pop('nullable', False) is True:
        schema = allow_null(schema)
    return schema


def allow_null(schema):
    """OpenAPI 3.0 ``nullable: true``: null is valid too."""
    if 'enum' in schema and None not in schema['enum']:
        schema['enum'] = schema['enum'] + [None]
    if 'type' in schema:
        types = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        schema['type'] = types + ['null'] if 'null' not in types else types
        return schema
    return {'anyOf': [schema, {'type': 'null'}]}


def compiles(pattern):
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def operations(document, path_filter):
    """(method, path, operation) of every operation with a JSON body under the wanted paths."""
    wanted = re.compile(path_filter)
    for path, item in sorted(document.get('paths', {}).items()):
        if not wanted.search(path):
            continue
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get('requestBody') or {}
            if '$ref' in body or json_body_schema(operation) is not None:
                yield method.upper(), path, operation


def extract(vendor, specs_dir):
    config = VENDORS[vendor]
    path = os.path.join(specs_dir, config['file'])
    document = load_document(path)
    converter = Converter(document)
    header = {
        'file': config['file'], 'version': config['version'], 'license': config['license'],
        'source': config['source'], 'sha256': sha256(path), 'openapi': document.get('openapi'),
        'info_version': (document.get('info') or {}).get('version'),
        'generated_by': 'tools/extract-request-schemas.py (do not edit by hand)',
    }
    entries = [{'method': method, 'path': template, 'schema': converter.request_body(operation)}
               for method, template, operation in operations(document, config['paths'])]
    return {'header': header, 'operations': entries}


def write(data, path):
    with open(path, 'w') as handle:
        json.dump(data, handle, sort_keys=True, separators=(',', ':'))
        handle.write('\n')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--specs', default=DEFAULT_SPECS, help='directory of the vendor OpenAPI documents')
    parser.add_argument('--out', default=DEFAULT_OUT, help='where to write <vendor>.json')
    parser.add_argument('vendors', nargs='*', default=sorted(VENDORS), help='vendors to extract (default: all)')
    args = parser.parse_args(argv)
    if not os.path.isdir(args.out):
        os.makedirs(args.out)
    for vendor in args.vendors:
        data = extract(vendor, args.specs)
        target = os.path.join(args.out, '%s.json' % vendor)
        write(data, target)
        sys.stdout.write('%s: %d operations, %d bytes\n' % (target, len(data['operations']), os.path.getsize(target)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
