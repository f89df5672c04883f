# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stateful fake API served over real HTTP on 127.0.0.1, with a request log and faults.

A vendor fake subclasses ``FakeApi``, lists its routes (literal paths before the
``{id}`` ones, as the real routers do) and answers with ``reply``. Routes match the raw
path, so an encoded ``/`` (``%2F``) stays inside its segment; handlers see the captured
segments (``request.params``) decoded, the ids the client meant. Tests read ``log`` /
``writes()`` and queue faults with ``inject``; ``hostile`` queues one of the
misbehaviours of ``hostile.py`` (redirects, lying pages, odd shapes, echoed secrets...).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from . import openapi


class Request:
    """One request as a fake's handler sees it."""

    def __init__(self, method, path, query, headers, raw_body):
        self.method = method
        self.path = path
        self.query = query            # {name: [values]}
        self.headers = headers
        self.raw_body = raw_body
        self.params = {}               # named groups of the matched route, percent-decoded

    def arg(self, name, default=None, cast=str):
        values = self.query.get(name)
        if not values:
            return default
        return cast(values[0])

    def json(self):
        if not self.raw_body:
            return None
        return json.loads(self.raw_body.decode('utf-8'))


class Reply:
    def __init__(self, status, body=None, headers=None, raw=None):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.raw = raw


def reply(status, body=None, headers=None):
    return Reply(status, body, headers)


class BadRequest(Exception):
    """Raised by handlers for a body the API would reject; ``FakeApi.error`` shapes it."""

    def __init__(self, status, message):
        super(BadRequest, self).__init__(message)
        self.status = status
        self.message = message


WRITES = '<writes>'   # a Fault's ``method`` matching whatever the fake counts as a write (see ``writes()``)


class Fault:
    """A queued misbehaviour: matched by method and path regex, used ``times`` times.

    kind: ``status`` (answer ``status`` with ``headers``/``body``), ``malformed``
    (200 with a body that is not JSON), ``reset`` (close the connection without an
    answer), ``delay`` (sleep, then answer normally), ``answer`` (the ``Reply`` that
    ``answer(request, handled)`` builds; ``handled`` is the handler's own reply with
    ``after_apply``, else None). ``after_apply`` lets the real handler run first, then
    answers with the fault: the write happened, the client is told it failed.
    ``method=WRITES`` matches only requests the fake counts as writes, so a test can
    aim at "the first write" without knowing its verb and path.
    """

    def __init__(self, kind='status', status=500, method=None, path=None, times=1, headers=None,
                 body=None, delay=0.0, after_apply=False, answer=None):
        self.kind = kind
        self.status = status
        self.method = method
        self.path = re.compile(path) if path else None
        self.times = times
        self.headers = headers or {}
        self.body = body
        self.delay = delay
        self.after_apply = after_apply
        self.answer = answer

    def matches(self, request, is_write):
        if self.times == 0:
            return False
        if self.method == WRITES:
            if not is_write(request):
                return False
        elif self.method and self.method != request.method:
            return False
        return not self.path or bool(self.path.search(request.path))


class FakeApi:
    """Base of the vendor fakes: routing, auth hook, log, faults, HTTP serving."""

    name = 'fake'
    auth_paths = ()    # paths of authentication endpoints: logged, but not counted as writes
    read_routes = ()   # handlers of POST routes that only read (searches): not counted as writes
    expect_schema_violations = False   # set by a test that sends a body the vendor's schema rejects on purpose

    def __init__(self):
        self.lock = threading.RLock()
        self.log = []
        self.faults = []
        self.server = None
        self.thread = None
        self.url = None
        self.schema_violations = []   # messages of the bodies the vendor's schema rejected (answered 400)
        self._routes = [(method, re.compile('^%s$' % pattern), handler)
                        for method, pattern, handler in self.routes()]

    # To be provided by each vendor -----------------------------------------
    def routes(self):
        return []

    def authenticate(self, request):
        """Return None when the request may proceed, or a Reply (a 401) when not."""
        return None

    def error(self, status, message):
        return reply(status, {'message': message})

    # Test-facing helpers ----------------------------------------------------
    def inject(self, **kwargs):
        fault = Fault(**kwargs)
        with self.lock:
            self.faults.append(fault)
        return fault

    def hostile(self, behaviour, **options):
        """Queue the hostile ``behaviour`` (a name in ``hostile.BEHAVIOURS``); returns its Fault."""
        from . import hostile   # imported here: hostile.py builds on this module
        return hostile.BEHAVIOURS[behaviour](self, **options)

    def is_write(self, request):
        """Whether ``writes()`` will count ``request``: not a GET, a login or a search sent as POST."""
        if request.method == 'GET' or request.path in self.auth_paths:
            return False
        for method, pattern, handler in self._routes:
            if method == request.method and pattern.match(request.path):
                return handler.__name__ not in self.read_routes
        return True

    def writes(self):
        return [entry for entry in self.log
                if entry['method'] != 'GET' and entry['path'] not in self.auth_paths and not entry.get('read')]

    def reads(self):
        return [entry for entry in self.log if entry['method'] == 'GET']

    def request_counts(self):
        """(authentication, reads, writes) since the log was last cleared; searches sent as POST count as reads."""
        auth = sum(1 for entry in self.log if entry['path'] in self.auth_paths)
        writes = len(self.writes())
        return auth, len(self.log) - auth - writes, writes

    def clear_log(self):
        with self.lock:
            del self.log[:]

    # Serving ----------------------------------------------------------------
    def start(self, port=0, tls_context=None):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            # Headers and body go out in two writes; with Nagle's algorithm on, the body waits for
            # the client's delayed ACK (~40 ms a response). Real servers set TCP_NODELAY too.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # keep test output quiet
                pass

            def _serve(self):
                length = int(self.headers.get('Content-Length') or 0)
                raw_body = self.rfile.read(length) if length else b''
                parts = urlsplit(self.path)
                request = Request(self.command, parts.path, parse_qs(parts.query, keep_blank_values=True),
                                  self.headers, raw_body)
                answer = fake.dispatch(request)
                if answer is None:  # a 'reset' fault: drop the connection, answer nothing
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                if answer.raw is not None:
                    payload = answer.raw
                elif answer.body is None:
                    payload = b''
                else:
                    payload = json.dumps(answer.body).encode('utf-8')
                self.send_response(answer.status)
                if payload and not any(name.lower() == 'content-type' for name in answer.headers):
                    self.send_header('Content-Type', 'application/json')
                for name, value in answer.headers.items():
                    self.send_header(name, str(value))
                self.send_header('Content-Length', str(len(payload)))
                try:
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):   # the client gave up waiting (a delay)
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

        self.server = ThreadingHTTPServer(('127.0.0.1', port), Handler)
        self.server.daemon_threads = True
        scheme = 'http'
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
            scheme = 'https'
        self.url = '%s://127.0.0.1:%d' % (scheme, self.server.server_address[1])
        # stop() waits for the serving loop to notice: poll often, or every test pays up to half a second
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.02},
                                       name=self.name, daemon=True)
        self.thread.start()
        return self.url

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def dispatch(self, request):
        entry = {'method': request.method, 'path': request.path,
                 'query': dict((k, v if len(v) > 1 else v[0]) for k, v in request.query.items())}
        try:
            entry['body'] = request.json()
        except ValueError:
            entry['body'] = request.raw_body.decode('utf-8', 'replace')
        rejected = self._check_schema(request, entry)
        if rejected is not None:
            return rejected
        fault = self._take_fault(request)
        if fault is not None:
            entry['fault'] = fault.kind
        if fault is not None and fault.kind == 'delay':
            time.sleep(fault.delay)
            fault = None
        with self.lock:
            if fault is not None and not fault.after_apply:
                answer = self._fault_answer(fault, request)
                entry['status'] = answer.status if fault.kind == 'answer' else (
                    fault.status if fault.kind == 'status' else fault.kind)
                self.log.append(entry)
                return answer
            answer = self._handle(request, entry)
            entry['status'] = answer.status
            self.log.append(entry)
        if fault is not None:
            entry['fault_after_apply'] = fault.kind
            return self._fault_answer(fault, request, answer)
        return answer

    def _handle(self, request, entry):
        denied = self.authenticate(request)
        if denied is not None:
            return denied
        allowed = []
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if not match:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            # matched on the raw path (a ``%2F`` stays inside its segment), decoded once for every handler
            request.params = dict((name, value if value is None else unquote(value))
                                  for name, value in match.groupdict().items())
            entry['route'] = handler.__name__
            entry['read'] = handler.__name__ in self.read_routes
            try:
                return handler(request)
            except BadRequest as exc:
                return self.error(exc.status, exc.message)
            except ValueError as exc:
                return self.error(400, 'malformed request: %s' % exc)
        if allowed:
            return self.error(405, 'Method %s not allowed on %s' % (request.method, request.path))
        return self.error(404, 'No route for %s %s' % (request.method, request.path))

    def _check_schema(self, request, entry):
        """A 400 (logged, recorded) for a JSON body the vendor's OpenAPI schema rejects, else None; see openapi.py."""
        if not request.raw_body:
            return None
        try:
            body = request.json()
        except ValueError:   # not JSON: the handler answers it
            return None
        message = openapi.for_vendor(self.name).check(request.method, request.path, body)
        if message is None:
            return None
        with self.lock:
            self.schema_violations.append(message)
            entry.update(status=400, schema_violation=message)
            self.log.append(entry)
        openapi.record(self, message)
        return self.error(400, message)

    def _take_fault(self, request):
        with self.lock:
            for fault in self.faults:
                if fault.matches(request, self.is_write):
                    fault.times -= 1
                    return fault
        return None

    def _fault_answer(self, fault, request, handled=None):
        """The reply to a faulted request; ``handled`` is the handler's own (``after_apply``)."""
        if fault.kind == 'answer':
            return fault.answer(request, handled)
        return self._fault_reply(fault)

    def _fault_reply(self, fault):
        if isinstance(fault.body, bytes):   # served as is: JSON null, an empty body, a text page...
            return Reply(fault.status, headers=fault.headers, raw=fault.body)
        if fault.kind == 'reset':
            return None
        if fault.kind == 'malformed':
            return Reply(200, raw=b'{"this is": not json')
        body = fault.body if fault.body is not None else self.error(fault.status, 'injected fault').body
        return reply(fault.status, body, fault.headers)


def serve(fake):
    """Generator for pytest fixtures: the fake started, then stopped after the test."""
    fake.start()
    yield fake
    fake.stop()


def tls_context(cert_file, key_file):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def paginate(items, page, size):
    start = (page - 1) * size
    return items[start:start + size]
