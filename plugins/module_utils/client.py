# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client every module uses: session, TLS, auth hook, retries, errors.

It trusts nothing the network says: redirects are refused (a redirect would carry a
login body or a token to whatever origin it names), waits the service asks for are
bounded, a secret the service echoes is masked before any message is built from the
answer, and the record of what landed counts a write as applied whenever it may have been.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import math
import random
import threading
import time

from urllib.parse import urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the sanity import test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.accessops.identity.plugins.module_utils.errors import RATE_LIMITED, ApiError
from ansible_collections.accessops.identity.plugins.module_utils.redact import (
    SECRET_MASK, redact, redact_data, shorten,
)

__all__ = ['ApiClient', 'ApiError', 'NoAuth', 'Response', 'RetryPolicy', 'SECRET_MASK', 'shorten']

IDEMPOTENT_METHODS = frozenset(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])


class RetryPolicy:
    """Which failures are retried, how often and how long to wait: data, not loops.

    * 429 is retried for every verb: the server refused before doing anything.
    * 502/503/504 and connection failures are retried only for idempotent verbs;
      a POST that may have been applied is never sent blindly again (the caller
      looks the resource up instead).
    * Waits honour ``Retry-After`` (seconds or an HTTP date) and the vendors' rate-limit
      reset headers. A service that asks for more than ``max_wait`` at once is not waited
      for at all: the request fails at once, saying how long the service asked for.
      The whole run of retries is capped by ``budget``.
    * A failed connection is retried fewer times (``max_connection_retries``): a
      dropped connection recovers at once, a wrong ``api_url`` never does.
    """

    RATE_LIMITED = RATE_LIMITED
    GATEWAY_ERRORS = frozenset([502, 503, 504])
    RESET_HEADERS = ('Retry-After', 'RateLimit-Reset', 'X-RateLimit-Reset')

    def __init__(self, max_retries=5, backoff=0.5, max_wait=60.0, budget=300.0, max_connection_retries=2,
                 wall_clock=time.time):
        self.max_retries = max_retries
        self.max_connection_retries = max_connection_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.budget = budget
        self.wall_clock = wall_clock   # for Retry-After dates only; waits are measured on a monotonic clock

    def should_retry_status(self, method, status):
        if status == self.RATE_LIMITED:
            return True
        return status in self.GATEWAY_ERRORS and method in IDEMPOTENT_METHODS

    def should_retry_exception(self, method):
        return method in IDEMPOTENT_METHODS

    def wait_for(self, attempt, headers=None):
        """Seconds to wait before retry number ``attempt`` (1-based); may exceed ``max_wait`` (see ``told_wait``)."""
        told = self.told_wait(headers or {})
        if told is not None:
            return told[1]
        return min(self.backoff * (2 ** (attempt - 1)) * (1 + random.random() / 4), self.max_wait)

    def told_wait(self, headers):
        """(header, seconds) of the first reset header that parses, or None."""
        for name in self.RESET_HEADERS:
            value = headers.get(name)
            if value is None:
                continue
            seconds = self._seconds(str(value).strip())
            if seconds is not None:
                return name, max(0.0, seconds)
        return None

    def _seconds(self, value):
        try:
            seconds = float(value)
        except ValueError:
            seconds = None
        if seconds is not None:
            return None if math.isnan(seconds) else seconds
        try:
            moment = email.utils.parsedate_to_datetime(value)   # Retry-After: <HTTP-date>
        except (TypeError, ValueError, IndexError):
            return None
        if moment is None:
            return None
        return moment.timestamp() - self.wall_clock()


class Response:
    """What a module needs of an HTTP answer: status, headers, the parsed body, and which request it answers."""

    def __init__(self, status, headers, body, text, method='GET', path=''):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = text
        self.method = method
        self.path = path


class NoAuth:
    """Authentication strategy interface; vendors' files provide the real ones.

    ``headers`` may log in (through the client, once); ``refresh`` renews a credential after
    a 401 and says whether a retry can help; ``close`` ends a session the run opened.
    """

    can_refresh = False

    def headers(self, client):
        return {}

    def refresh(self, client):
        return False

    def close(self, client):
        return None


class ApiClient:
    """One ``requests.Session`` per module run, with the collection's policies.

    ``error_message`` turns a vendor's error body into one line; ``auth`` adds the
    credentials (and may log in once, lazily, through this same client); ``secrets``
    (a live set, the module's no_log values) are masked in every message built from an answer.
    """

    def __init__(self, base_url, auth=None, timeout=30, validate_certs=True, ca_path=None,
                 retry=None, error_message=None, user_agent='accessops.identity', sleep=time.sleep,
                 clock=time.monotonic, connections=10, secrets=None, refused=None):
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
        # a vendor whose 2xx answers may still say "refused" in their body (OneLogin v1's status envelope)
        self.refused = refused or (lambda response: False)
        self.sleep = sleep
        self.clock = clock
        self.secrets = secrets if secrets is not None else set()
        self.session = requests.Session()
        self.session.headers.update({'Accept': 'application/json', 'User-Agent': user_agent})
        if connections > 10:   # requests' default pool: one connection per concurrent writer
            adapter = requests.adapters.HTTPAdapter(pool_connections=connections, pool_maxsize=connections)
            self.session.mount('http://', adapter)
            self.session.mount('https://', adapter)
        self.waited = 0.0
        self.applied = []  # writes that landed (or, with a note, may have), named in a later failure's message
        self.warnings = []
        # Bulk modules send from several threads. A rate limit is the service's, not one thread's:
        # a 429 pauses every thread until the wait it named is over. A credential is the run's too:
        # one renewal serves every thread whose 401 came from the credential it replaces.
        self._lock = threading.Lock()
        self._auth_lock = threading.RLock()
        self._auth_generation = 0
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
        is_write = method != 'GET' if is_write is None else is_write
        state = _Attempts()
        self._wait_out_pause()
        while True:
            send_headers = dict(headers or {})
            generation = None
            if authenticate:
                generation, credentials = self._auth_headers()
                send_headers.update(credentials)
            try:
                raw = self.session.request(
                    method, self.base_url + path, params=params, json=json_body, data=data,
                    headers=send_headers, timeout=self.timeout, verify=self.verify, allow_redirects=False)
            except requests.exceptions.RequestException as exc:
                state.connection_failures += 1
                if (self.retry.should_retry_exception(method)
                        and state.connection_failures <= self.retry.max_connection_retries
                        and self._may_retry(method, path, state, None)):
                    state.unanswered = state.unanswered or is_write
                    continue
                raise ApiError(method, path, None, self._describe(exc), retries=state.retries, waited=state.waited)

            status = raw.status_code
            if 300 <= status < 400:
                if is_write:   # a 303 after a POST means it was processed: never claim nothing changed
                    self._record('%s %s may have been applied (answered %s)' % (method, path, status))
                raise ApiError(method, path, status, redirect_refused(raw.headers.get('Location')),
                               retries=state.retries, waited=state.waited)
            if status == 401 and authenticate and not state.reauthenticated and self._renew(generation):
                state.reauthenticated = True
                continue
            if self.retry.should_retry_status(method, status) and self._may_retry(method, path, state,
                                                                                  raw.headers, status):
                state.unanswered = state.unanswered or (is_write and status != RATE_LIMITED)
                continue
            response = self._parse(method, path, raw, state, is_write)
            if method == 'DELETE' and status == 404 and state.unanswered:
                # an earlier attempt went unanswered and this one finds nothing: that attempt deleted it
                self._record('%s %s (its answer was lost; a retry found it gone)' % (method, path))
                return response
            if 200 <= status < 300 and self.refused(response):
                # never recorded as applied: the service says it did not do it
                raise ApiError(method, path, status, 'refused in a %s answer: %s' % (status, self.message_of(response)),
                               response.body, retries=state.retries, waited=state.waited)
            if 200 <= status < 300 or (ok_statuses and status in ok_statuses):
                if 200 <= status < 300 and is_write:
                    self._record('%s %s' % (method, path))
                return response
            if is_write and state.unanswered and status < 500:
                self._record('%s %s may have been applied by an attempt whose answer was lost' % (method, path))
            message = self.message_of(response)
            if status == RATE_LIMITED:
                message += ('; the service still refuses with its rate limit after %.0f s of waiting, which is as '
                            'long as one task waits; run again later or spread the work over time' % state.waited)
            raise ApiError(method, path, status, message, response.body, retries=state.retries, waited=state.waited)

    def message_of(self, response):
        """The vendor's message in one line; a body its reader cannot read gets the generic reading instead."""
        try:
            message = self.error_message(response)
        # a vendor's odd error body must still give the request's own failure, never a defect
        except Exception:  # pylint: disable=broad-except
            message = generic_error_message(response)
        return shorten(message if isinstance(message, str) else str(message), 1000)

    def close(self):
        """End what the run opened: a login session (XIQ ``POST /logout``), then the connections."""
        try:
            self.auth.close(self)
        finally:
            self.session.close()

    # Credentials, shared by every thread ------------------------------------
    def _auth_headers(self):
        """(generation, headers) of the current credential; a lazy login happens once, whichever thread asks first."""
        with self._auth_lock:
            return self._auth_generation, self.auth.headers(self)

    def _renew(self, generation):
        """Renew the credential after a 401 unless another thread already replaced the one that was refused."""
        if not self.auth.can_refresh:
            return False
        with self._auth_lock:
            if self._auth_generation != generation:
                return True   # the refused credential is already replaced: retry with the new one
            renewed = self.auth.refresh(self)
            if renewed:
                self._auth_generation += 1
            return renewed

    # Waiting ------------------------------------------------------------------
    def _may_retry(self, method, path, state, headers, status=None):
        """Pause (every thread) before the next retry, or say no when the policy forbids it.

        Waits of threads that overlap count once against the budget: it measures time, not requests.
        A wait the service asks for beyond the policy's cap is refused at once, not waited out.
        """
        attempt = state.retries + 1
        if attempt > self.retry.max_retries:
            return False
        told = self.retry.told_wait(headers or {})
        if told is not None and told[1] > self.retry.max_wait:
            if state.unanswered:
                self._record('%s %s may have been applied by an attempt whose answer was lost' % (method, path))
            raise ApiError(method, path, status, (
                'the service asks to wait %.0f s before a retry (%s: %s), longer than the %.0f s one task waits '
                'at a time; gave up at once, after %.0f s of waiting in all; run again after that time'
                % (told[1], told[0], headers.get(told[0]), self.retry.max_wait, state.waited)),
                retries=state.retries, waited=state.waited)
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
        state.retries = attempt
        state.waited += until - now
        return True

    def _wait_out_pause(self):
        remaining = self._paused_until - self.clock()
        if remaining > 0:
            self.sleep(remaining)

    # Answers ------------------------------------------------------------------
    def _parse(self, method, path, raw, state, is_write):
        text = self.redact(raw.text or '')
        body = None
        if text.strip():
            try:
                body = json.loads(raw.text)
                if not 200 <= raw.status_code < 300:
                    # an error body only feeds messages; a success body is compared, so it stays as the service said
                    body = redact_data(body, self.secrets, keys=True)
            except RecursionError:
                raise ApiError(method, path, raw.status_code, 'unexpected answer: JSON nested too deep to read',
                               retries=state.retries, waited=state.waited)
            except ValueError:
                ok = 200 <= raw.status_code < 300
                if ok and is_write:
                    # the write landed: say so, and let the caller decide whether it needed the body
                    self.warnings.append('%s %s answered %s with a body that is not JSON; the write counts as '
                                         'applied: %s' % (method, path, raw.status_code, shorten(text, 120)))
                elif ok:
                    raise ApiError(method, path, raw.status_code,
                                   'the response is not valid JSON: %s' % shorten(text),
                                   retries=state.retries, waited=state.waited)
                else:
                    body = text
        return Response(raw.status_code, raw.headers, body, text, method, path)

    def _record(self, what):
        with self._lock:
            self.applied.append(what)

    def redact(self, text):
        return redact(text, self.secrets)

    def _describe(self, exc):
        return describe_exception(exc, self.redact)


class _Attempts:
    """Bookkeeping of one request's attempts."""

    def __init__(self):
        self.retries = 0
        self.connection_failures = 0
        self.waited = 0.0
        self.reauthenticated = False
        self.unanswered = False   # a write attempt got no answer (or a 5xx): it may have landed


def redirect_refused(location):
    """Why a 3xx fails: name where it pointed (its origin only: a path or query may carry a token)."""
    origin = 'no Location'
    if location:
        parts = urlsplit(location)
        host = parts.netloc.rpartition('@')[2]   # never the user:password a Location may carry
        origin = '%s://%s' % (parts.scheme, host) if host else 'the same origin'
    return ('the service redirected to %s; redirects are never followed, so that credentials and request bodies '
            'reach only api_url: set api_url to the address the service answers on' % origin)


def generic_error_message(response):
    """A one-line message from the common error-body shapes, or the raw text."""
    body = response.body
    if isinstance(body, dict):
        for key in ('message', 'error_message', 'error_description', 'error', 'detail'):
            value = body.get(key)
            if isinstance(value, str) and value:
                return shorten(value)
            if isinstance(value, dict):
                return generic_error_message(Response(response.status, response.headers, value, ''))
    if isinstance(body, str) and body:
        return shorten(body)
    return 'HTTP %s with no error message' % response.status


def coded_error_message(response):
    """Bodies of the form ``{error_message, error_code}`` (XiqError, Agilicus ErrorMessage)."""
    body = response.body
    if isinstance(body, dict) and isinstance(body.get('error_message'), str) and body['error_message']:
        code = body.get('error_code')
        message = shorten(body['error_message'])
        return '%s (%s)' % (message, shorten(code, 60)) if code else message
    return generic_error_message(response)


def describe_exception(exc, redact_text=lambda text: text):
    """Say what went wrong on the wire without dumping urllib3's internals."""
    detail = shorten(redact_text(str(exc)), 200)
    if requests is not None:
        if isinstance(exc, requests.exceptions.SSLError):
            return ('TLS certificate verification failed (%s); set ca_path to the CA bundle '
                    'or validate_certs=false for a test server' % detail)
        if isinstance(exc, requests.exceptions.Timeout):
            return 'timed out (%s)' % type(exc).__name__
        if isinstance(exc, requests.exceptions.ConnectionError):
            return 'could not connect (%s)' % detail
    return '%s: %s' % (type(exc).__name__, detail)
