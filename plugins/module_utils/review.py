# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review, without any network: the four services' readings in, one report out.

``accounts(readings, ...)`` turns what the ``*_info`` modules returned into review facts, one record per account
per service, built field by field from an allow-list (a hostile vendor's extra fields, a token secret echoed in a
listing, never reach the report). ``flag(...)`` marks each account (privileged, orphan, dormant, never signed in,
tokens expiring, expired or unused), ``changes(previous, current)`` compares two cycles, and ``report(...)``
puts it together in the stable JSON schema documented in docs/review.md (``SCHEMA_VERSION``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import datetime
import io
import re

from ansible_collections.accessops.identity.plugins.module_utils import token_age

SCHEMA_VERSION = 1
SERVICES = ('xiq', 'kestra', 'agilicus', 'onelogin')
SERVICE_NAMES = {'xiq': 'ExtremeCloud IQ', 'kestra': 'Kestra', 'agilicus': 'Agilicus', 'onelogin': 'OneLogin'}
FLAGS = ('privileged', 'orphan', 'dormant', 'never_signed_in', 'in_grace', 'mfa_off',
         'token_expiring', 'token_expired', 'token_unused')
# Flags that are findings; in_grace only explains why a new account that never signed in is not dormant.
FINDINGS = tuple(f for f in FLAGS if f != 'in_grace')
CSV_COLUMNS = ('service', 'key', 'id', 'display_name', 'email', 'person', 'status', 'created', 'last_sign_in',
               'privileged', 'privileged_why', 'roles', 'mfa', 'tokens', 'flags')
# OneLogin answers this for "never signed in" in some tenants instead of null.
NEVER = ('0001-01-01',)
DEFAULT_AGILICUS_ADMIN_ROLES = ('admin', 'owner')
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class ReviewError(ValueError):
    """A reading or an option the review cannot use; the message names it."""


# Small helpers ---------------------------------------------------------------------------

def text(value, limit=256):
    """A string field as text (numbers too), cut to ``limit``; anything else is None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value[:limit]
    return None


def moment(value):
    """An ISO 8601 timestamp or epoch milliseconds as an aware UTC datetime; None for none or the never-placeholder."""
    if isinstance(value, bool) or value in (None, ''):
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.datetime.fromtimestamp(value / 1000.0, tz=datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or value[:10] in NEVER:
        return None
    match = re.match(r'^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$',
                     value.strip())
    if not match:
        return None
    day, hour, minute, second, zone = match.groups()
    try:
        found = datetime.datetime.strptime(day, '%Y-%m-%d').replace(
            hour=int(hour or 0), minute=int(minute or 0), second=int(second or 0), tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    if zone and zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        digits = zone[1:].replace(':', '')
        found -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return found


def when(user, field):
    """``user[field]`` as a moment: None when absent, null or OneLogin's never-placeholder; a value that is there
    but is no date fails (an unreadable sign-in must not pass for "never", nor an expiry for "never expires")."""
    value = user.get(field)
    if value is None or value == '' or (isinstance(value, str) and value[:10] in NEVER):
        return None
    found = moment(value)
    if found is None:
        raise ReviewError('"%s" is not a date-time: %r' % (field, value if isinstance(value, (str, int, float)) else type(value).__name__))
    return found


def iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def parse_now(value):
    found = moment(value) if value else datetime.datetime.now(datetime.timezone.utc)
    if found is None:
        raise ReviewError('now: %r is not an ISO 8601 timestamp' % (value,))
    return found


def strings(values):
    return sorted(set(t for t in (text(v) for v in (values if isinstance(values, list) else [])) if t))


# Readings -> accounts (one allow-listed record per account) --------------------------------

def account(service, key, **facts):
    record = dict(service=service, key=key, id=None, display_name=None, email=None, status=None, created=None,
                  last_sign_in=None, sign_in_known=False, never_signed_in=False, privileged=False,
                  privileged_why=[], roles=[], mfa=None, tokens=[])
    record.update(facts)
    return record


def from_xiq(user, options):
    role = text(user.get('user_role'))
    last = when(user, 'last_login_time')
    return account('xiq', text(user.get('login_name')), id=text(user.get('id')),
                   display_name=text(user.get('display_name')), email=text(user.get('login_name')),
                   created=iso(when(user, 'create_time')), last_sign_in=iso(last), sign_in_known=True,
                   never_signed_in=last is None, roles=[role] if role else [],
                   privileged=role == 'ADMINISTRATOR', privileged_why=['XIQ ADMINISTRATOR'] if role == 'ADMINISTRATOR' else [])


def from_xiq_external(user, options):
    """An XIQ external user: a grant of access to this account to a user of another account. The key says so, as
    the same login name may also have a local account; XiqExternalUser has no sign-in time."""
    role = text(user.get('user_role'))
    login = text(user.get('login_name'))
    return account('xiq', '%s (external)' % login if login else None, id=text(user.get('id')), email=login,
                   display_name=login, created=iso(when(user, 'create_time')), roles=[role] if role else [],
                   privileged=role == 'ADMINISTRATOR',
                   privileged_why=['XIQ ADMINISTRATOR (external grant)'] if role == 'ADMINISTRATOR' else [])


def from_onelogin(user, options):
    role_ids = strings(user.get('role_ids'))
    admin = [r for r in role_ids if r in set(text(r) for r in options.get('onelogin_admin_role_ids') or [])]
    names = ' '.join(t for t in (text(user.get('firstname')), text(user.get('lastname'))) if t)
    last = when(user, 'last_login')
    mfa = user.get('mfa_enrolled') if isinstance(user.get('mfa_enrolled'), bool) else None
    return account('onelogin', text(user.get('username')) or text(user.get('email')), id=text(user.get('id')),
                   display_name=names or None, email=text(user.get('email')), status=text(user.get('status')),
                   created=iso(when(user, 'created_at')), last_sign_in=iso(last), sign_in_known=True,
                   never_signed_in=last is None, roles=role_ids, mfa=mfa, privileged=bool(admin),
                   privileged_why=['OneLogin admin role %s' % r for r in admin])


def from_agilicus(user, options):
    admin_names = set(n.lower() for n in options.get('agilicus_admin_roles') or DEFAULT_AGILICUS_ADMIN_ROLES)
    roles = user.get('roles') if isinstance(user.get('roles'), dict) else {}
    flat, why = [], []
    for app in sorted(k for k in roles if text(k)):
        for name in strings(roles[app]):
            flat.append('%s:%s' % (app, name))
            if name.lower() in admin_names:
                why.append('Agilicus %s of %s' % (name, app))
    # Sign-ins are on the organisation's upstream identities (OrgUpstreamUserIdentitySpec.last_login), joined to the
    # user by accounts(); without that reading they are unknown and the account is never dormant.
    known = isinstance(user.get('org_upstream_user_identities'), list)
    logins = [when(i['spec'], 'last_login') for i in user.get('org_upstream_user_identities') or []
              if isinstance(i, dict) and isinstance(i.get('spec'), dict)]
    logins = [m for m in logins if m]
    last = max(logins) if logins else None
    mfa = user.get('mfa_enrolled') if isinstance(user.get('mfa_enrolled'), bool) else None
    return account('agilicus', text(user.get('email')), id=text(user.get('id')),
                   display_name=text(user.get('full_name')) or text(user.get('display_name')),
                   email=text(user.get('email')), status=text(user.get('status')),
                   created=iso(when(user, 'created')), last_sign_in=iso(last), sign_in_known=known,
                   never_signed_in=known and last is None, roles=flat, mfa=mfa, privileged=bool(why),
                   privileged_why=why)


def token_facts(token):
    return dict(id=text(token.get('id')), name=text(token.get('name')), prefix=text(token.get('prefix'), 32),
                issued=iso(when(token, 'iat')), expires=iso(when(token, 'exp')),
                last_used=iso(when(token, 'lastUsed')), expired=token.get('expired') is True, flags=[])


def from_kestra(user, options):
    tokens = [token_facts(t) for t in user.get('api_tokens') or [] if isinstance(t, dict)]
    names = text(user.get('displayName')) or ' '.join(
        t for t in (text(user.get('firstName')), text(user.get('lastName'))) if t) or None
    owner = user.get('superAdmin') is True
    email = text(user.get('username')) or text(user.get('email'))
    # Kestra's API has no last sign-in: sign_in_known stays false and tokens' lastUsed is what is reviewed.
    return account('kestra', email, id=text(user.get('id')), display_name=names, email=email,
                   tokens=sorted(tokens, key=lambda t: (t['name'] or '', t['id'] or '')),
                   privileged=owner, privileged_why=['Kestra superadmin'] if owner else [],
                   roles=['superadmin'] if owner else [])


READINGS = SERVICES + ('xiq_external', 'kestra_tokens', 'agilicus_identities')
READERS = {'xiq': from_xiq, 'xiq_external': from_xiq_external, 'onelogin': from_onelogin, 'agilicus': from_agilicus,
           'kestra': from_kestra}
# The readings of each service: XIQ's external users are accounts of the XIQ service too.
SOURCES = (('xiq', 'xiq'), ('xiq', 'xiq_external'), ('kestra', 'kestra'), ('agilicus', 'agilicus'),
           ('onelogin', 'onelogin'))


def kestra_with_tokens(users, token_reads):
    """Kestra users with ``api_tokens`` from the token reads (each ``{owner: {id}, api_tokens}``), by user id."""
    tokens = {}
    for read in token_reads or []:
        owner = read.get('owner') if isinstance(read, dict) else None
        if isinstance(owner, dict) and text(owner.get('id')):
            tokens[text(owner['id'])] = read.get('api_tokens') or []
    return [dict(user, api_tokens=tokens.get(text(user.get('id')), [])) for user in users]


def agilicus_with_identities(users, identities):
    """Agilicus users with ``org_upstream_user_identities``: theirs among ``identities`` (by ``spec.user_id``)."""
    if not isinstance(identities, list):
        raise ReviewError('readings.agilicus_identities: a list of upstream identities, not %s' % type(identities).__name__)
    owned = {}
    for identity in identities:
        spec = identity.get('spec') if isinstance(identity, dict) else None
        if isinstance(spec, dict) and text(spec.get('user_id')):
            owned.setdefault(text(spec['user_id']), []).append(identity)
    return [dict(user, org_upstream_user_identities=owned.get(text(user.get('id')), [])) for user in users]


def accounts(readings, options):
    """Every account of every service read (a service left out of ``readings`` was not reviewed)."""
    found = []
    for service, reading in SOURCES:
        users = readings.get(reading)
        if users is None:
            continue
        if not isinstance(users, list):
            raise ReviewError('readings.%s: a list of users, not %s' % (reading, type(users).__name__))
        if service == 'kestra' and readings.get('kestra_tokens') is not None:
            users = kestra_with_tokens(users, readings['kestra_tokens'])
        if service == 'agilicus' and readings.get('agilicus_identities') is not None:
            users = agilicus_with_identities(users, readings['agilicus_identities'])
        for position, user in enumerate(users):
            if not isinstance(user, dict):
                raise ReviewError('readings.%s[%d]: a user object, not %s' % (reading, position, type(user).__name__))
            try:
                record = READERS[reading](user, options)
            except ReviewError as error:
                raise ReviewError('readings.%s[%d] (%s): %s' % (reading, position, text(user.get('id')), error))
            if not record['key']:
                raise ReviewError('readings.%s[%d]: the user has no key (login name, username or e-mail)'
                                  % (reading, position))
            found.append(record)
    return sorted(found, key=lambda a: (a['service'], a['key'].lower(), a['id'] or ''))


# People ---------------------------------------------------------------------------------

def current(person, now):
    """Whether the person still has access: not a leaver (``state: absent``), and not past their ``expires`` day
    (the last day of access, YYYY-MM-DD, as the identity_lifecycle role reads it)."""
    if person.get('state') == 'absent':
        return False
    expires = person.get('expires')
    if expires is None or expires == '':
        return True
    if not (isinstance(expires, str) and re.match(r'^\d{4}-\d{2}-\d{2}$', expires)):
        raise ReviewError('people: %s: expires must be a day as YYYY-MM-DD, got %r' % (person['email'], expires))
    return expires >= now.strftime('%Y-%m-%d')


def people_index(people, now):
    """Lower-cased names (e-mail, and every login/username/e-mail under a service) -> the e-mail of the current
    person they belong to; leavers and people past their last day own no account."""
    index = {}
    for person in people or []:
        if not isinstance(person, dict) or not text(person.get('email')) or not current(person, now):
            continue
        owner = person['email'].strip().lower()
        names = [person['email']]
        for service in SERVICES + ('names',):
            settings = person.get(service)
            if isinstance(settings, dict):
                names += [settings.get(k) for k in ('login_name', 'username', 'email')]
            elif isinstance(settings, list):
                names += settings
        for name in names:
            if text(name):
                index[text(name).strip().lower()] = owner
    return index


# Flags ----------------------------------------------------------------------------------

def flag(records, people, now, inactive_days=90, grace_days=14, token_expiring_days=7, token_unused_days=90):
    """Each account with its ``person`` and ``flags``; the same set whatever the order of records."""
    index = people_index(people, now)
    inactive = datetime.timedelta(days=inactive_days)
    flagged = []
    for record in records:
        record = dict(record, tokens=[dict(t) for t in record['tokens']])
        flags = set()
        person = index.get((record['email'] or '').strip().lower()) or index.get(record['key'].strip().lower())
        record['person'] = person
        if person is None:
            flags.add('orphan')
        if record['privileged']:
            flags.add('privileged')
        created = moment(record['created'])
        new = created is not None and now - created < datetime.timedelta(days=grace_days)
        if record['sign_in_known']:
            last = moment(record['last_sign_in'])
            if last is None:
                flags.add('never_signed_in')
                if new:
                    flags.add('in_grace')
            elif now - last > inactive and not new:
                flags.add('dormant')
        if record['mfa'] is False:
            flags.add('mfa_off')
        for token in record['tokens']:
            token['flags'] = token_flags(token, now, token_expiring_days, token_unused_days)
            flags.update(token['flags'])
        record['flags'] = [f for f in FLAGS if f in flags]
        flagged.append(record)
    return flagged


def token_flags(token, now, expiring_days, unused_days):
    """A token judged as kestra_api_token and kestra_api_token_info judge it (token_age); expired beats unused."""
    raw = dict(name=token['name'], iat=token['issued'], exp=token['expires'], lastUsed=token['last_used'],
               expired=token['expired'])
    judged = token_age.judge(raw, (now - EPOCH).total_seconds(), expiring_days * token_age.DAY,
                             unused_days * token_age.DAY)
    flags = set()
    if judged['expired']:
        flags.add('token_expired')
    elif judged['expiring']:
        flags.add('token_expiring')
    if judged['unused'] and not judged['expired']:
        flags.add('token_unused')
    return [f for f in FLAGS if f in flags]


# Changes since the previous cycle ---------------------------------------------------------

def rights(record):
    return dict(privileged=bool(record.get('privileged')), roles=sorted(record.get('roles') or []))


def changes(previous, current):
    """Accounts added and removed, and those whose rights (privileged, roles) changed, since ``previous``."""
    before = dict(((a.get('service'), a.get('key')), a) for a in (previous or {}).get('accounts') or []
                  if isinstance(a, dict))
    after = dict(((a['service'], a['key']), a) for a in current)
    added = [dict(service=s, key=k) for s, k in sorted(set(after) - set(before), key=str)]
    removed = [dict(service=s, key=k) for s, k in sorted(set(before) - set(after), key=str)]
    changed = []
    for name in sorted(set(before) & set(after), key=str):
        old, new = rights(before[name]), rights(after[name])
        if old != new:
            changed.append(dict(service=name[0], key=name[1], before=old, after=new))
    return dict(added=added, removed=removed, rights_changed=changed)


# The report -----------------------------------------------------------------------------

def summary(flagged, change_set, services):
    counts = dict((f, sum(1 for a in flagged if f in a['flags'])) for f in FLAGS)
    per_service = dict((s, sum(1 for a in flagged if a['service'] == s)) for s in services)
    tokens = [t for a in flagged for t in a['tokens']]
    token_counts = dict((f, sum(1 for t in tokens if f in t['flags'])) for f in ('token_expiring', 'token_expired', 'token_unused'))
    return dict(accounts=len(flagged), people=len(set(a['person'] for a in flagged if a['person'])),
                services=per_service, flags=counts, tokens=len(tokens), token_flags=token_counts,
                findings=sum(1 for a in flagged if set(a['flags']) & set(FINDINGS)),
                added=len(change_set['added']), removed=len(change_set['removed']),
                rights_changed=len(change_set['rights_changed']))


def report(readings, people, now, previous=None, **thresholds):
    """The whole report (a dict in the documented JSON schema)."""
    options = dict((k, thresholds.pop(k)) for k in ('onelogin_admin_role_ids', 'agilicus_admin_roles') if k in thresholds)
    records = accounts(readings, options)
    flagged = flag(records, people, now, **thresholds)
    services = [s for s in SERVICES if any(readings.get(r) is not None for service, r in SOURCES if service == s)]
    change_set = changes(previous, flagged) if previous is not None else dict(added=[], removed=[], rights_changed=[])
    return dict(schema_version=SCHEMA_VERSION, generated_at=iso(now), services=services,
                thresholds=dict(thresholds), baseline=previous is not None and previous.get('generated_at') or None,
                summary=summary(flagged, change_set, services), accounts=flagged, changes=change_set)


def remediable(the_report):
    """Per service read, the keys of dormant accounts and of those that never signed in past the grace period."""
    found = dict((s, []) for s in the_report['services'])
    for record in the_report['accounts']:
        flags = set(record['flags'])
        if 'dormant' in flags or ('never_signed_in' in flags and 'in_grace' not in flags):
            found[record['service']].append(record['key'])
    return found


def csv_text(the_report):
    """One row per account per service (RFC 4180: CRLF rows, so a CR or LF inside a vendor's value is quoted);
    lists joined by ``;``."""
    out = io.StringIO(newline='')
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(CSV_COLUMNS)
    for record in the_report['accounts']:
        row = []
        for column in CSV_COLUMNS:
            value = record.get(column)
            if column == 'tokens':
                value = ';'.join('%s(%s)' % (t['name'], ','.join(t['flags']) or 'ok') for t in value)
            elif isinstance(value, list):
                value = ';'.join(value)
            elif isinstance(value, bool):
                value = 'true' if value else 'false'
            elif value is None:
                value = ''
            row.append(spreadsheet_safe(value))
        writer.writerow(row)
    return out.getvalue()


def spreadsheet_safe(value):
    """A cell a spreadsheet will not run as a formula (a vendor-chosen display name may start with ``=``)."""
    return "'" + value if value[:1] in ('=', '+', '-', '@', '\t', '\r') else value
