# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client every module uses: session, TLS, auth hook, retries, errors."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import random
import threading
import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the sanity import test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc


IDEMPOTENT_METHODS = frozenset(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])
SECRET_MASK = '********'


class ApiError(Exception):
    """A request that did not succeed, described the way a user can act on it.

    ``str(error)`` reads ``PATCH /users/42 -> 409: <vendor message>``; ``status`` is
    None when no HTTP answer came back (connection refused, timeout, bad TLS).
    """

    def __init__(self, method, path, status=None, message='', body=None, retries=0, waited=0.0):
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        self.body = body
        self.retries = retries
        self.waited = waited
        super(ApiError, self).__init__(self.describe())

    def describe(self):
        where = '%s %s' % (self.method, self.path)
        what = self.message or 'no message'
        if self.status is None:
            text = '%s failed: %s' % (where, what)
        else:
            text = '%s -> %s: %s' % (where, self.status, what)
        if self.retries:
            text += ' (after %d retr%s)' % (self.retries, 'y' if self.retries == 1 else 'ies')
        if self.status == RetryPolicy.RATE_LIMITED:
            text += (' - the service still refuses with its rate limit after %.0f s of waiting, which is as long as '
                     'one task waits; run again later or spread the work over time' % self.waited)
        return text


class RetryPolicy:
    """Which failures are retried, how often and how long to wait: data, not loops.

    * 429 is retried for every verb: the server refused before doing anything.
    * 502/503/504 and connection failures are retried only for idempotent verbs;
      a POST that may have been applied is never sent blindly again (the caller
      looks the resource up instead).
    * Waits honour ``Retry-After`` and the vendors' rate-limit reset headers,
      capped by ``max_wait``; the whole run of retries is capped by ``budget``.
    * A failed connection is retried fewer times (``max_connection_retries``): a
      dropped connection recovers at once, a wrong ``api_url`` never does.
    """

    RATE_LIMITED = 429
    GATEWAY_ERRORS = frozenset([502, 503, 504])
    RESET_HEADERS = ('Retry-After', 'RateLimit-Reset', 'X-RateLimit-Reset')

    def __init__(self, max_retries=5, backoff=0.5, max_wait=60.0, budget=300.0, max_connection_retries=2):
        self.max_retries = max_retries
        self.max_connection_retries = max_connection_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.budget = budget

    def should_retry_status(self, method, status):
        if status == self.RATE_LIMITED:
            return True
        return status in self.GATEWAY_ERRORS and method in IDEMPOTENT_METHODS

    def should_retry_exception(self, method):
        return method in IDEMPOTENT_METHODS

    def wait_for(self, attempt, headers=None):
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        told = self._told_wait(headers or {})
        if told is None:
            told = self.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4)
        return max(0.0, min(told, self.max_wait))

    def _told_wait(self, headers):
        for name in self.RESET_HEADERS:
            value = headers.get(name)
            if value is None:
                continue
            try:
                return float(value)
            except (TypeError, ValueError):
                continue  # an HTTP-date Retry-After: fall back to backoff
        return None


class Response:
    """What a module needs of an HTTP answer: status, headers and the parsed body."""

    def __init__(self, status, headers, body, text):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = text


class NoAuth:
    """Authentication strategy interface; vendors' files provide the real ones."""

    can_refresh = False

    def headers(self, client):
        return {}

    def refresh(self, client):
        return False


class ApiClient:
    """One ``requests.Session`` per module run, with the collection's policies.

    ``error_message`` turns a vendor's error body into one line; ``auth`` adds the
    credentials (and may log in once, lazily, through this same client).
    """

    def __init__(self, base_url, auth=None, timeout=30, validate_certs=True, ca_path=None,
                 retry=None, error_message=None, user_agent='accessops.identity', sleep=time.sleep,
                 clock=time.monotonic, connections=10):
        self.base_url = base_url.rstrip('/')
        self.auth = auth or NoAuth()
        self.timeout = timeout
        # requests ignores Session.verify when REQUESTS_CA_BUNDLE is set (psf/requests#3829),
        # so the value is passed on every request instead.
        self.verify = (ca_path or True) if validate_certs else False
        if not validate_certs:
            # the user chose it for this task; urllib3 would warn on every request
            requests.packages.urllib3.disable_warnings(requests.packages.urllib3.exceptions.InsecureRequestWarning)
        self.retry = retry or RetryPolicy()
        self.error_message = error_message or generic_error_message
        self.sleep = sleep
        self.clock = clock
        self.session = requests.Session()
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': user_agent})
        if connections > 10:   # requests' default pool: one connection per concurrent writer
            adapter = requests.adapters.HTTPAdapter(pool_connections=connections, pool_maxsize=connections)
            self.session.mount('http://', adapter)
            self.session.mount('https://', adapter)
        self.waited = 0.0
        self.applied = []  # writes that succeeded, named in a later failure's message
        # Bulk modules send from several threads. A rate limit is the service's, not one thread's:
        # a 429 pauses every thread until the wait it named is over.
        self._lock = threading.Lock()
        self._paused_until = 0.0

    # The verbs modules call -------------------------------------------------
    def get(self, path, params=None, **kwargs):
        return self.request('GET', path, params=params, **kwargs)

    def post(self, path, json_body=None, params=None, **kwargs):
        return self.request('POST', path, params=params, json_body=json_body, **kwargs)

    def put(self, path, json_body=None, params=None, **kwargs):
        return self.request('PUT', path, params=params, json_body=json_body, **kwargs)

    def patch(self, path, json_body=None, params=None, **kwargs):
        return self.request('PATCH', path, params=params, json_body=json_body, **kwargs)

    def delete(self, path, params=None, **kwargs):
        return self.request('DELETE', path, params=params, **kwargs)

    def request(self, method, path, params=None, json_body=None, data=None, headers=None,
                authenticate=True, ok_statuses=None, is_write=None):
        """Send one request, retrying as the policy says; return a ``Response``.

        Any 2xx is success unless ``ok_statuses`` widens it (e.g. 404 on a lookup).
        ``is_write`` (default: any verb but GET) records a success in ``applied``.
        """
        method = method.upper()
        reauthenticated = False
        attempt = 0
        connection_failures = 0
        self._wait_out_pause()
        while True:
            send_headers = dict(headers or {})
            if authenticate:
                send_headers.update(self.auth.headers(self))
            try:
                raw = self.session.request(
                    method, self.base_url + path, params=params, json=json_body, data=data,
                    headers=send_headers, timeout=self.timeout, verify=self.verify)
            except requests.exceptions.RequestException as exc:
                connection_failures += 1
                if (self.retry.should_retry_exception(method)
                        and connection_failures <= self.retry.max_connection_retries
                        and self._may_retry(attempt + 1, None)):
                    attempt += 1
                    continue
                raise ApiError(method, path, None, describe_exception(exc), retries=attempt)

            status = raw.status_code
            if (status == 401 and authenticate and not reauthenticated
                    and self.auth.can_refresh and self.auth.refresh(self)):
                reauthenticated = True
                continue
            if self.retry.should_retry_status(method, status) and self._may_retry(attempt + 1, raw.headers):
                attempt += 1
                continue
            response = self._parse(method, path, raw, attempt)
            if 200 <= status < 300 or (ok_statuses and status in ok_statuses):
                if 200 <= status < 300 and (method != 'GET' if is_write is None else is_write):
                    self.applied.append('%s %s' % (method, path))
                return response
            raise ApiError(method, path, status, self.error_message(response), response.body, retries=attempt,
                           waited=self.waited)

    def _may_retry(self, attempt, headers):
        """Pause (every thread) before retry number ``attempt``, or say no when the policy forbids it.

        Waits of threads that overlap count once against the budget: it measures time, not requests.
        """
        if attempt > self.retry.max_retries:
            return False
        wait = self.retry.wait_for(attempt, headers)
        with self._lock:
            now = self.clock()
            already_paused = max(self._paused_until, now)
            until = max(already_paused, now + wait)
            if self.waited + (until - already_paused) > self.retry.budget:
                return False
            self.waited += until - already_paused
            self._paused_until = until
        self.sleep(until - now)
        return True

    def _wait_out_pause(self):
        remaining = self._paused_until - self.clock()
        if remaining > 0:
            self.sleep(remaining)

    def _parse(self, method, path, raw, attempt):
        text = raw.text or ''
        body = None
        if text.strip():
            try:
                body = json.loads(text)
            except ValueError:
                if 200 <= raw.status_code < 300:
                    raise ApiError(method, path, raw.status_code,
                                   'the response is not valid JSON: %s' % shorten(text), retries=attempt)
                body = text
        return Response(raw.status_code, raw.headers, body, text)


def generic_error_message(response):
    """A one-line message from the common error-body shapes, or the raw text."""
    body = response.body
    if isinstance(body, dict):
        for key in ('message', 'error_message', 'error_description', 'error', 'detail'):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, dict):
                return generic_error_message(Response(response.status, response.headers, value, ''))
    if isinstance(body, str) and body:
        return shorten(body)
    return 'HTTP %s with no error message' % response.status


def coded_error_message(response):
    """Bodies of the form ``{error_message, error_code}`` (XiqError, Agilicus ErrorMessage)."""
    body = response.body
    if isinstance(body, dict) and body.get('error_message'):
        code = body.get('error_code')
        return '%s (%s)' % (body['error_message'], code) if code else body['error_message']
    return generic_error_message(response)


def describe_exception(exc):
    """Say what went wrong on the wire without dumping urllib3's internals."""
    if requests is not None:
        if isinstance(exc, requests.exceptions.SSLError):
            return ('TLS certificate verification failed (%s); set ca_path to the CA bundle '
                    'or validate_certs=false for a test server' % shorten(str(exc), 200))
        if isinstance(exc, requests.exceptions.Timeout):
            return 'timed out (%s)' % type(exc).__name__
        if isinstance(exc, requests.exceptions.ConnectionError):
            return 'could not connect (%s)' % shorten(str(exc), 200)
    return '%s: %s' % (type(exc).__name__, shorten(str(exc), 200))


def shorten(text, limit=300):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit] + '...'
