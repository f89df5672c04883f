# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile mode: every behaviour of tests/fakes/hostile.py against every module.

"Trust nothing the network says." Faced with a redirect, a listing that lies about its pages,
an answer of the wrong shape, an error page echoing its secrets, a lost answer, a read that
never comes in time or a write answered with HTML, a module must fail clearly (naming the
request), in bounded time, without a traceback, without leaking a secret and without writing
on the strength of a bad answer; where a write did land, it must say so.

The matrix is behaviour x module by parametrisation over ``ROWS``, which holds every module in
plugins/modules (``test_the_matrix_covers_every_module`` keeps it so); test ids read
``<behaviour>-<module>``. A cell the behaviour cannot reach (an info module has no write to
lose, an action sends no read to shape) is skipped, saying why.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import signal

import pytest

from ansible_collections.accessops.identity.plugins.module_utils.vendors import CONTROLLER_MODULES
from tests.fakes import hostile
from tests.fakes.base import WRITES, FakeApi, serve
from tests.integration import scenarios
from tests.integration.bulk_vendors import VENDORS
from tests.integration.inprocess import run_module
from tests.integration.test_hardening import INFO_READS

MODULES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           'plugins', 'modules')
BOUND = 30             # seconds any run may take: a hang is a failure, never a stuck test session
PAGING_BOUND = 10      # a lying listing is caught at its second page, well within this
SLOW_BOUND = 20        # three attempts at timeout=1 and their back-off fit in this
STALL = 1.5            # seconds the stalled read takes: longer than timeout=1
SECRET_OPTIONS = ('api_token', 'api_password', 'api_client_secret')
LOGIN_OPTIONS = ('api_password', 'api_client_secret')
DEFECT = 'a defect of this module'
WINDOW = 6             # this many consecutive characters of a secret count as a leak


class Row:
    """One module as the matrix drives it.

    ``start()`` -> (fake, connection); ``present(fake)`` -> arguments of a run that writes (an info
    module: reads); ``absent(fake)`` -> arguments that remove it again (None: nothing to remove);
    ``exists(fake)``: whether what ``present`` makes is there. ``read``: regex of the lookup read
    (None: the module sends none); ``paged``: regex of its first paged read, or None and
    ``no_pages`` saying why. ``seed``: the scenario whose create fills the listings first, so
    odd shapes and lying pages reach real items. ``resend_safe``: a write sent again is harmless.
    """

    def __init__(self, module, kind, start, present, read, secrets, absent=None, exists=None, seed=None,
                 resend_safe=True):
        self.module = module
        self.kind = kind                 # 'write', 'info', 'bulk' or 'action'
        self.start = start
        self.present = present
        self.read = read
        self.secrets = list(secrets)
        self.absent = absent
        self.exists = exists
        self.seed = seed
        self.resend_safe = resend_safe
        self.paged, self.no_pages = PAGED_READS.get(module, (read, None))

    def __repr__(self):
        return self.module


UNPAGED = 'its listing is one answer at limit 500 with no cursor or count: there are no pages to lie about'
NO_READ = 'it reads no listing (GET /api/v1/me is checked in test_trust_kestra_agilicus.py)'
# The first paged read, where it is not the lookup read: (regex, None) or (None, why there is none).
PAGED_READS = dict([(spec.module, ('^/users$', None)) for spec in scenarios.AGILICUS_SUB_RESOURCES] + [
    ('agilicus_service_account', (None, UNPAGED)),
    ('agilicus_service_account_info', (None, UNPAGED)),
    ('kestra_api_token_info', ('^/api/v1/users$', None)),
    ('kestra_current_user_password', (None, 'its one read (GET /api/v1/me) has no pages')),
    ('agilicus_user_metadata_bulk', (None, 'it reads the first user of one page only, to confirm the token and the '
                                           'organisation answer')),
])


def scenario_row(spec):
    return Row(spec.module, 'write', spec.start, spec.create, spec.read_path, spec.secrets, absent=spec.absent,
               exists=spec.exists, seed=spec)


SCENARIOS = dict((spec.module, spec) for spec in scenarios.ALL)
# An info module reads what its source scenario creates, except where another create fills its listing.
INFO_SEEDS = {'xiq_external_user_info': scenarios.XIQ_EXTERNAL,
              'agilicus_access_request_info': SCENARIOS['agilicus_user_request']}


def info_row(module, source, args, read):
    return Row(module, 'info', source.start, lambda fake: dict(args), read, source.secrets,
               seed=INFO_SEEDS.get(module, source))


BULK_READS = {'xiq': '^/users$', 'kestra': '^/api/v1/users$', 'agilicus': '^/users$', 'onelogin': '^/api/1/users$'}
SEEDED, NEW = 3, 42     # a bulk fake holds users 0..2; a present run keeps them and creates user 42


def bulk_row(vendor):
    def start():
        fake = vendor.start(users=SEEDED)
        return fake, vendor.args(fake)
    secrets = [value for name, value in vendor.connection(None).items() if name in SECRET_OPTIONS]
    return Row(vendor.module, 'bulk', start,
               lambda fake: dict(config=[vendor.entry(n) for n in range(SEEDED)] + [vendor.entry(NEW)]),
               BULK_READS[vendor.name], secrets,
               absent=lambda fake: dict(config=[vendor.entry(NEW)], state='deleted'),
               exists=lambda fake: any('user%05d' % NEW in json.dumps(user) for user in fake.users.values()))


NEW_KESTRA_PASSWORD = 'kestra-New-password-planted-77'
ACTIONS = [
    # a resend of the password change is refused: the old password no longer opens the door
    Row('kestra_current_user_password', 'action', scenarios.start_kestra,
        lambda fake: dict(old_password=scenarios.KESTRA_PASSWORD, new_password=NEW_KESTRA_PASSWORD), None,
        [scenarios.KESTRA_PASSWORD, NEW_KESTRA_PASSWORD],
        exists=lambda fake: fake.passwords[fake.root['id']] == NEW_KESTRA_PASSWORD, resend_safe=False),
    Row('agilicus_user_metadata_bulk', 'action', scenarios.start_agilicus,
        lambda fake: dict(data_type='json', name='prefs', data='{"theme": "dark"}'), '^/users$',
        [scenarios.AGILICUS_TOKEN], exists=lambda fake: bool(fake.bulk_updates)),
]

ROWS = ([scenario_row(spec) for spec in scenarios.ALL] + [info_row(*info) for info in INFO_READS]
        + [bulk_row(vendor) for vendor in VENDORS] + ACTIONS)


def cells(behaviour, variants=('',)):
    """One pytest param a (variant, module), with the id ``<behaviour>[-<variant>]-<module>``."""
    return [pytest.param(row, variant, id='-'.join(part for part in (behaviour, variant, row.module) if part))
            for variant in variants for row in ROWS]


# Running a module ---------------------------------------------------------------------------

class Hung(BaseException):
    """Raised by the alarm in a run that outlives its bound (a BaseException: the module's handlers let it by)."""


def _alarm(signum, frame):
    raise Hung()


def run(module, arguments, bound=BOUND):
    """The module's result, failing the test if it takes longer than ``bound`` or leaks a traceback."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, bound)
    try:
        result = run_module(module, arguments)
    except Hung:
        pytest.fail('%s did not finish within %s s' % (module, bound))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert 'Traceback' not in result['_output'] and DEFECT not in result['_output'], said(result)
    return result


def present(row, fake, connection, bound=BOUND, **extra):
    """Run the row's module with its ``present`` arguments (plus ``extra``)."""
    return run(row.module, dict(connection, **dict(row.present(fake), **extra)), bound)


def said(result):
    """What a result says, in one line, for an assertion message."""
    if result.get('msg'):
        return result['msg'][:600]
    return json.dumps(dict((k, v) for k, v in result.items() if k != '_output'), default=str)[:600]


def seeded(row, fake, connection):
    """Fill the listings the module reads (its seed scenario's create), then forget those requests."""
    if row.seed is not None:
        result = run(row.seed.module, dict(connection, **row.seed.create(fake)))
        assert not result.get('failed'), 'seeding with %s failed: %s' % (row.seed.module, said(result))
    fake.clear_log()


def read_target(row):
    """(method, path regex) a read behaviour hits: the lookup read, or an action's only write."""
    return ('GET', row.read) if row.read else (WRITES, None)


def touched(fake):
    """The first request a hostile fault answered."""
    hits = [entry for entry in fake.log if 'fault' in entry]
    assert hits, 'the hostile answer was never served; requests: %s' % [(e['method'], e['path']) for e in fake.log]
    return hits[0]


def unfaulted_writes(fake):
    return [entry for entry in fake.writes() if 'fault' not in entry]


def landed(fake, like):
    """How many writes with ``like``'s verb and path the fake applied."""
    return sum(1 for entry in fake.log if (entry['method'], entry['path']) == (like['method'], like['path'])
               and isinstance(entry.get('status'), int) and 200 <= entry['status'] < 300)


def windows(text):
    return set(text[i:i + WINDOW] for i in range(len(text) - WINDOW + 1))


@pytest.fixture
def served(row):
    fake, connection = row.start()
    yield fake, connection
    fake.stop()


@pytest.fixture
def elsewhere():
    """Another origin, recording whatever reaches it."""
    yield from serve(FakeApi())


# The matrix ---------------------------------------------------------------------------------

def test_the_matrix_covers_every_module():
    # a module that talks to no service (the access report) has no answer a server could lie in
    shipped = sorted(name[:-3] for name in os.listdir(MODULES_DIR)
                     if name.endswith('.py') and name[0] != '_' and name[:-3] not in CONTROLLER_MODULES)
    assert sorted(row.module for row in ROWS) == shipped


@pytest.mark.parametrize('row, variant', cells('redirect', ('', 'login')))
def test_a_redirect_is_refused_and_never_followed(row, variant, served, elsewhere):
    """A 3xx on the read (307) or the login (302) fails naming the request and where it pointed; nothing follows it."""
    fake, connection = served
    if variant == 'login':
        if not (fake.auth_paths and any(connection.get(name) for name in LOGIN_OPTIONS)):
            pytest.skip('authenticates with a fixed credential: there is no login to redirect')
        method, path, status = 'POST', '^%s$' % re.escape(fake.auth_paths[0]), 302
    else:
        (method, path), status = read_target(row), 307
    fake.hostile('redirect', method=method, path=path, location=elsewhere.url + '/steal', status=status)
    result = present(row, fake, connection)
    refused = touched(fake)
    msg = result.get('msg') or ''
    assert result.get('failed') and 'redirect' in msg, said(result)
    assert '%s %s' % (refused['method'], refused['path']) in msg and elsewhere.url in msg, said(result)
    assert elsewhere.log == [], 'the redirect was followed: %s' % elsewhere.log
    assert unfaulted_writes(fake) == []


@pytest.mark.parametrize('row, variant', cells('pages', ('same-page', 'endless')))
def test_a_listing_that_lies_about_its_pages_fails_fast(row, variant, served):
    """The same full page for every page, cursor or offset, more always said to follow: caught, not walked for ever."""
    if row.paged is None:
        pytest.skip(row.no_pages)
    fake, connection = served
    seeded(row, fake, connection)
    fake.hostile('lying_pages', path=row.paged, endless=variant == 'endless')
    result = present(row, fake, connection, bound=PAGING_BOUND)
    msg = result.get('msg') or ''
    assert result.get('failed') and 'unexpected answer' in msg, said(result)
    assert 'GET %s' % touched(fake)['path'] in msg, said(result)
    assert fake.writes() == []


@pytest.mark.parametrize('row, variant', cells('shape', list(hostile.SHAPES)))
def test_an_answer_of_the_wrong_shape_fails_clearly_before_any_write(row, variant, served):
    """A 200 the module cannot use is an error naming the request, never an empty listing or a write to id None."""
    if row.read is None:
        pytest.skip(NO_READ + ' (its answer is checked by garbled-write)')
    fake, connection = served
    seeded(row, fake, connection)
    fake.hostile('odd_shape', shape=variant, path=row.read)
    result = present(row, fake, connection)
    msg = result.get('msg') or ''
    assert result.get('failed') and ('unexpected answer' in msg or 'not valid JSON' in msg), said(result)
    assert msg.startswith('GET %s' % touched(fake)['path']), said(result)
    assert fake.writes() == []


@pytest.mark.parametrize('row, variant', cells('echo', ('verbatim', 'mangled')))
def test_secrets_echoed_in_an_error_page_never_reach_the_result(row, variant, served):
    """A 400 page echoing the request body, the Authorization header and every secret, spelled every way.

    ``verbatim``: as is, JSON-escaped and percent-encoded; ``mangled``: with a double space and a
    line break inside each secret. No secret, nor any 6 characters of one (or of the echoed
    Authorization credential), may reach the result. Fragments a result holds anyway are not
    leaks: option names such as ``api_client_secret`` (seen in a run refused without an echo),
    and the words around the secrets on the echo page (such as the ``Bearer`` of the header).
    """
    fake, connection = served
    method, path = ('GET', row.read) if row.kind == 'info' else (WRITES, None)
    fake.inject(status=400, method=method, path=path, body={'message': 'refused'})
    baseline = present(row, fake, connection)['_output']
    echo = fake.hostile('echo_secrets', secrets=row.secrets, method=method, path=path, mangled=variant == 'mangled')
    result = present(row, fake, connection)
    output = result['_output']
    assert echo.echoed and result.get('failed'), said(result)
    page, authorization = echo.echoed[0]
    credentials = [authorization.split(' ', 1)[-1]] if authorization else []
    assert [secret for secret in row.secrets + credentials if secret in output] == [], 'secrets in the result'
    innocent = baseline + without_secrets(page, row.secrets, credentials)
    for label, secrets in (('planted secrets', row.secrets), ('the echoed Authorization credential', credentials)):
        leaks = sorted(set(piece for secret in secrets for piece in windows(secret)
                           if piece in output and piece not in innocent))
        assert leaks == [], 'fragments of %s in the result: %s; msg: %s' % (label, leaks, said(result))


def without_secrets(page, secrets, credentials):
    """The echo page with every spelling of every secret, and the credentials, cut out."""
    spelled = [form for secret in secrets for mangled in (False, True) for form in hostile.spellings(secret, mangled)]
    for form in sorted(spelled + credentials, key=len, reverse=True):
        page = page.replace(form, '\x00')
    return page


@pytest.mark.parametrize('row, variant', cells('reset', ('present', 'absent')))
def test_a_write_whose_answer_is_lost_is_reported_or_retried(row, variant, served):
    """The first write lands, then its connection drops.

    A POST (or a write the service refuses to repeat) fails saying it may have been applied, and
    a rerun finds it instead of creating it twice; PUT, PATCH and DELETE are retried and succeed
    (a DELETE whose retry finds nothing has deleted: changed).
    """
    if row.kind == 'info':
        pytest.skip('it sends no write')
    if variant == 'absent' and row.absent is None:
        pytest.skip('it has nothing to remove')
    fake, connection = served
    args = row.present(fake)
    if variant == 'absent':
        made = present(row, fake, connection)
        assert not made.get('failed'), said(made)
        args = row.absent(fake)
    fake.clear_log()
    fake.hostile('lost_answer')
    first = run(row.module, dict(connection, **args))
    lost = touched(fake)
    if lost['method'] == 'POST':
        assert first.get('failed') and 'may or may not have been applied' in first['msg'], said(first)
    elif not row.resend_safe:
        assert first.get('failed') and re.search('may (or may not )?have been applied', first['msg']), said(first)
    else:
        assert not first.get('failed') and first['changed'] is True, said(first)
    if first.get('failed') and row.kind != 'action':   # an action has no state to find: its rerun sends again
        again = run(row.module, dict(connection, **args))
        assert not again.get('failed'), said(again)
        assert landed(fake, lost) == 1, '%s %s was sent again' % (lost['method'], lost['path'])
    assert row.exists(fake) is (variant == 'present')


@pytest.mark.parametrize('row, variant', cells('slow'))
def test_a_read_that_never_answers_in_time_fails_in_bounded_time(row, variant, served):
    """Every attempt of the read answers later than timeout=1: the run fails saying so, within bounded time."""
    fake, connection = served
    method, path = read_target(row)
    fake.hostile('stall', method=method, path=path, delay=STALL)
    result = present(row, fake, connection, bound=SLOW_BOUND, timeout=1)
    msg = result.get('msg') or ''
    assert result.get('failed') and 'timed out' in msg, said(result)
    if row.read:
        assert fake.writes() == []
    else:   # the stalled write is applied once its answer is no longer awaited
        assert 'nothing was changed' not in msg, said(result)


@pytest.mark.parametrize('row, variant', cells('garbled-write'))
def test_a_write_answered_with_html_still_counts_as_applied(row, variant, served):
    """A 2xx write answer that is not JSON: the write landed, and the result must say so."""
    if row.kind == 'info':
        pytest.skip('it sends no write')
    fake, connection = served
    fake.hostile('garbled_write')
    result = present(row, fake, connection)
    write = touched(fake)
    msg = result.get('msg') or ''
    assert 200 <= write['status'] < 300, 'the fake refused the write: %s' % write
    assert 'nothing was changed' not in msg, said(result)
    if result.get('failed'):
        assert '%s %s' % (write['method'], write['path']) in msg, said(result)
    assert result.get('changed') is True, said(result)
    assert row.exists(fake)
