# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How old an API token is: its lifetime, and whether it has expired, expires soon or lies unused.

Pure functions over a token as Kestra lists it (``iat``, ``exp``, ``lastUsed``, ``expired``), so that
``kestra_api_token`` (``rotate_before``), ``kestra_api_token_info`` and the access review judge a token
the same way. Times are seconds since the epoch; ``now`` is always given, so tests pin the clock.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import re

DAY = 86400
DURATION = re.compile(r'^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$')
SHORT_PERIOD = re.compile(r'^(?P<count>\d+)(?P<unit>[smhdw])$')
UNIT_SECONDS = {'s': 1, 'm': 60, 'h': 3600, 'd': DAY, 'w': 7 * DAY}
PERIOD_HELP = 'a period such as 7d, 12h, 2w or an ISO 8601 duration such as P7D'


def duration_seconds(text):
    """Seconds in an ISO 8601 duration of days and time (``P30D``, ``PT12H``), or None if not one."""
    match = DURATION.match(text or '')
    if not match or text in ('P', 'PT') or text.endswith('T'):
        return None
    parts = dict((k, int(v or 0)) for k, v in match.groupdict().items())
    return ((parts['days'] * 24 + parts['hours']) * 60 + parts['minutes']) * 60 + parts['seconds']


def duration_text(seconds):
    """An ISO 8601 duration for a number of seconds (``P30D``, ``P1DT2H``), or None for None."""
    if seconds is None:
        return None
    days, rest = divmod(int(seconds), DAY)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time_part = ''.join('%d%s' % (n, unit) for n, unit in ((hours, 'H'), (minutes, 'M'), (secs, 'S')) if n)
    return 'P%s%s' % ('%dD' % days if days else '', 'T' + time_part if time_part else '') if seconds else 'PT0S'


def period_seconds(text):
    """Seconds in a period written ``7d``, ``12h``, ``30m``, ``2w``, ``45s`` or as an ISO 8601 duration;
    None when ``text`` is neither (an empty text, a sign, a fraction, spaces inside)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    short = SHORT_PERIOD.match(text.lower())
    if short:
        return int(short.group('count')) * UNIT_SECONDS[short.group('unit')]
    return duration_seconds(text.upper())


DATE_TIME = re.compile(r'^(?P<moment>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?(?P<zone>[Zz]|[+-]\d{2}:?\d{2})?$')


def timestamp(text):
    """Seconds since the epoch of an ISO 8601 date-time (``2026-11-22T10:00:00.123Z``); None for no value.

    A value that is there but is not a date-time raises ValueError: a token whose expiry cannot be read
    must not pass for one that never expires. A date-time without a zone is UTC.
    """
    if text is None or text == '':
        return None
    match = DATE_TIME.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError('not a date-time: %r' % (text,))
    zone = (match.group('zone') or 'Z').upper().replace(':', '')
    try:
        moment = datetime.datetime.strptime(match.group('moment') + ('+0000' if zone == 'Z' else zone),
                                            '%Y-%m-%dT%H:%M:%S%z')
    except ValueError:
        raise ValueError('not a date-time: %r' % (text,))
    return moment.timestamp()


def token_lifetime(token):
    """Seconds between a token's issue (``iat``) and expiry (``exp``), or None if it never expires
    (or either time cannot be read)."""
    try:
        issued, expires = timestamp(token.get('iat')), timestamp(token.get('exp'))
    except ValueError:
        return None
    if issued is None or expires is None:
        return None
    return int(round(expires - issued))


def judge(token, now, expiring_within=None, unused_for=None):
    """What a token's times say at ``now``: a dict of

    - ``expired``: its expiry has passed - or, for a token listed without one, the service says so (a flag
      that contradicts a listed expiry still to come is not believed: it would re-create the token each run);
    - ``expiring``: not expired, and it expires within ``expiring_within`` seconds;
    - ``unused``: not used for more than ``unused_for`` seconds - never used and issued that long ago included;
    - ``expires_in_days`` / ``unused_days``: whole days, None when it never expires / when unknown.

    Raises ValueError naming the field when ``exp``, ``iat`` or ``lastUsed`` is not a date-time.
    """
    times = {}
    for field in ('exp', 'iat', 'lastUsed'):
        try:
            times[field] = timestamp(token.get(field))
        except ValueError:
            raise ValueError('the token %s has a %s that is not a date-time: %r'
                             % (token.get('name'), field, token.get(field)))
    expires, last_seen = times['exp'], times['lastUsed'] if times['lastUsed'] is not None else times['iat']
    expired = expires <= now if expires is not None else token.get('expired') is True
    expiring = (not expired and expires is not None and expiring_within is not None
                and expires - now <= expiring_within)
    idle = None if last_seen is None else max(0, now - last_seen)
    # more than unused_for (>), as an account is dormant only after more than inactive_days: at exactly 90 days both are fine
    unused = unused_for is not None and idle is not None and idle > unused_for
    return dict(expired=expired, expiring=expiring, unused=unused,
                expires_in_days=None if expires is None else int((expires - now) // DAY),
                unused_days=None if idle is None else int(idle // DAY),
                never_used=times['lastUsed'] is None)
