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
import unicodedata

from ansible_collections.accessops.identity.plugins.module_utils import token_age

SCHEMA_VERSION = 1
SERVICES = ('xiq', 'kestra', 'agilicus', 'onelogin')
SERVICE_NAMES = {'xiq': 'ExtremeCloud IQ', 'kestra': 'Kestra', 'agilicus': 'Agilicus', 'onelogin': 'OneLogin'}
FLAGS = ('privileged', 'orphan', 'dormant', 'never_signed_in', 'in_grace', 'mfa_off',
         'token_expiring', 'token_expired', 'token_unused', 'future_date')
# Flags that are findings; in_grace only explains why a new account that never signed in is not dormant.
FINDINGS = tuple(f for f in FLAGS if f != 'in_grace')
CSV_COLUMNS = ('service', 'key', 'id', 'display_name', 'email', 'person', 'status', 'created', 'last_sign_in',
               'privileged', 'privileged_why', 'roles', 'mfa', 'tokens', 'flags')
# OneLogin answers this for "never signed in" in some tenants instead of null: honoured for sign-in fields only
# (a token expiry of 0001-01-01 is a date long past, not "never expires").
NEVER = ('0001-01-01',)
SIGN_IN_FIELDS = ('last_login_time', 'last_login')
DEFAULT_AGILICUS_ADMIN_ROLES = ('admin', 'owner')
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
# A vendor time after the review's moment by more than this is not believed (a hostile answer or a broken clock):
# it is flagged future_date and never counts as a recent sign-in or use, nor as a new account's grace.
SKEW = datetime.timedelta(hours=1)
# The most days a threshold may say (about 100 years): more overflows the date arithmetic.
MAX_DAYS = 36500
# Agilicus lists groups and service accounts' users among the "users" of an organisation: they are no accounts of
# the review (a group's roles reach its members), and are listed apart (``not_accounts``). Any other type (a
# support_user, a type added later) stays an account: an access review must not drop what it does not know.
AGILICUS_GROUP_TYPES = ('group', 'sysgroup', 'bigroup')
AGILICUS_NOT_ACCOUNTS = AGILICUS_GROUP_TYPES + ('service_account',)
PERSON_STATES = (None, 'present', 'absent')


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
    if not isinstance(value, str):
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
    """``user[field]`` as a moment: None when absent, null or (sign-in fields only) OneLogin's never-placeholder; a
    value that is there but is no date fails (an unreadable sign-in must not pass for "never", nor an expiry for
    "never expires")."""
    value = user.get(field)
    if value is None or value == '' or (field in SIGN_IN_FIELDS and isinstance(value, str) and value[:10] in NEVER):
        return None
    found = moment(value)
    if found is None:
        raise ReviewError('"%s" is not a date-time: %r' % (field, value if isinstance(value, (str, int, float)) else type(value).__name__))
    return found


def iso(value):
    """A moment as ``YYYY-MM-DDTHH:MM:SSZ`` (four-digit year even for year 1, which strftime would not pad)."""
    if not value:
        return None
    return '%04d-%02d-%02dT%02d:%02d:%02dZ' % (value.year, value.month, value.day, value.hour, value.minute, value.second)


def parse_now(value):
    found = moment(value) if value else datetime.datetime.now(datetime.timezone.utc)
    if found is None:
        raise ReviewError('now: %r is not an ISO 8601 timestamp' % (value,))
    return found


def listed(user, field):
    """``user[field]`` as a sorted list of texts: null or absent is none; anything but a list of strings or numbers
    is a reading of the wrong shape and fails naming the field (a role dropped unread would hide an administrator)."""
    values = user.get(field)
    if values is None:
        return []
    if not isinstance(values, list) or any(isinstance(v, bool) or not isinstance(v, (str, int)) for v in values):
        raise ReviewError('"%s" has the wrong shape: a list of names or ids, not %s' % (field, shape(values)))
    return sorted(set(t.strip() for t in (text(v) for v in values) if t and t.strip()))


def flag_value(user, field):
    """``user[field]`` as a boolean: absent or null is false; anything else (the string "true") fails naming it."""
    value = user.get(field)
    if value is None or isinstance(value, bool):
        return value is True
    raise ReviewError('"%s" has the wrong shape: a boolean, not %s' % (field, shape(value)))


def shape(value):
    return repr(value) if isinstance(value, (str, int, float)) else type(value).__name__


# Readings -> accounts (one allow-listed record per account) --------------------------------

# The field a service's bulk module names an account by (OneLogin: the username, or the e-mail when it has none).
KEY_FIELDS = {'xiq': 'login_name', 'kestra': 'username', 'agilicus': 'email', 'onelogin': 'username'}


def account(service, key, **facts):
    record = dict(service=service, key=key, id=None, display_name=None, email=None, status=None, created=None,
                  last_sign_in=None, sign_in_known=False, never_signed_in=False, privileged=False,
                  privileged_why=[], roles=[], mfa=None, tokens=[], key_field=KEY_FIELDS.get(service))
    record.update(facts)
    return record


def xiq_role(user):
    """XIQ's ``user_role`` as the bulk module reads it (stripped, upper case), and whether it is ADMINISTRATOR."""
    role = user.get('user_role')
    if role is not None and not isinstance(role, str):
        raise ReviewError('"user_role" has the wrong shape: a role name, not %s' % shape(role))
    role = (role or '').strip().upper()
    return role or None, role == 'ADMINISTRATOR'


def from_xiq(user, options):
    role, admin = xiq_role(user)
    last = when(user, 'last_login_time')
    return account('xiq', text(user.get('login_name')), id=text(user.get('id')),
                   display_name=text(user.get('display_name')), email=text(user.get('login_name')),
                   created=iso(when(user, 'create_time')), last_sign_in=iso(last), sign_in_known=True,
                   never_signed_in=last is None, roles=[role] if role else [],
                   privileged=admin, privileged_why=['XIQ ADMINISTRATOR'] if admin else [])


def from_xiq_external(user, options):
    """An XIQ external user: a grant of access to this account to a user of another account. The key says so, as
    the same login name may also have a local account; XiqExternalUser has no sign-in time."""
    role, admin = xiq_role(user)
    login = text(user.get('login_name'))
    return account('xiq', '%s (external)' % login if login else None, id=text(user.get('id')), email=login,
                   display_name=login, created=iso(when(user, 'create_time')), roles=[role] if role else [],
                   privileged=admin, privileged_why=['XIQ ADMINISTRATOR (external grant)'] if admin else [])


def from_onelogin(user, options):
    role_ids = listed(user, 'role_ids')
    admin = [r for r in role_ids if r in set(text(r) for r in options.get('onelogin_admin_role_ids') or [])]
    names = ' '.join(t for t in (text(user.get('firstname')), text(user.get('lastname'))) if t)
    last = when(user, 'last_login')
    mfa = user.get('mfa_enrolled') if isinstance(user.get('mfa_enrolled'), bool) else None
    username = text(user.get('username'))
    return account('onelogin', username or text(user.get('email')), id=text(user.get('id')),
                   key_field='username' if username else 'email',
                   display_name=names or None, email=text(user.get('email')), status=text(user.get('status')),
                   created=iso(when(user, 'created_at')), last_sign_in=iso(last), sign_in_known=True,
                   never_signed_in=last is None, roles=role_ids, mfa=mfa, privileged=bool(admin),
                   privileged_why=['OneLogin admin role %s' % r for r in admin])


def agilicus_roles(user):
    """``{application: [role, ...]}`` of an Agilicus user or group; another shape fails naming the field."""
    roles = user.get('roles')
    if roles is None:
        return {}
    if not isinstance(roles, dict) or not all(isinstance(app, str) for app in roles):
        raise ReviewError('"roles" has the wrong shape: {application: [role, ...]}, not %s' % shape(roles))
    found = {}
    for app in roles:
        try:
            names = listed(roles, app)
        except ReviewError:
            raise ReviewError('"roles" has the wrong shape: {application: [role, ...]}, and %r holds %s'
                              % (app, shape(roles[app])))
        if app.strip() and names:
            found[app.strip()] = names
    return found


def agilicus_groups(user, groups):
    """The groups ``user`` is a member of (``member_of``: ids), directly or through other groups, as
    {id: group}; a group the reading does not hold is {id: None} (its rights are unknown)."""
    found, todo = {}, [user]
    while todo:
        member_of = todo.pop().get('member_of')
        if member_of is None:
            continue
        if not isinstance(member_of, list) or not all(isinstance(m, dict) for m in member_of):
            raise ReviewError('"member_of" has the wrong shape: a list of groups, not %s' % shape(member_of))
        for membership in member_of:
            group_id = text(membership.get('id'))
            if group_id and group_id not in found:
                found[group_id] = groups.get(group_id)
                if found[group_id] is not None:
                    todo.append(found[group_id])
    return found


def from_agilicus(user, options):
    admin_names = set(n.strip().lower() for n in options.get('agilicus_admin_roles') or DEFAULT_AGILICUS_ADMIN_ROLES)
    flat, why = [], []
    grants = [(None, agilicus_roles(user))]
    # Agilicus grants roles to groups too: a member holds its groups' roles (the listing holds the groups, their
    # roles, and each user's member_of). A group the reading lacks is named, its rights unknown.
    for group_id, group in sorted(agilicus_groups(user, options.get('agilicus_groups') or {}).items()):
        if group is None:
            flat.append('member of unknown group %s' % group_id)
            continue
        grants.append((text(group.get('email')) or group_id, agilicus_roles(group)))
    for through, roles in grants:
        for app in sorted(roles):
            for name in roles[app]:
                flat.append('%s:%s' % (app, name) + (' (group %s)' % through if through else ''))
                if name.lower() in admin_names:
                    why.append('Agilicus %s of %s' % (name, app) + (' through group %s' % through if through else ''))
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
                   never_signed_in=known and last is None, roles=sorted(set(flat)), mfa=mfa, privileged=bool(why),
                   privileged_why=why)


def token_facts(token):
    return dict(id=text(token.get('id')), name=text(token.get('name')), prefix=text(token.get('prefix'), 32),
                issued=iso(when(token, 'iat')), expires=iso(when(token, 'exp')),
                last_used=iso(when(token, 'lastUsed')), expired=token.get('expired') is True, flags=[])


def from_kestra(user, options):
    tokens = [token_facts(t) for t in user.get('api_tokens') or [] if isinstance(t, dict)]
    names = text(user.get('displayName')) or ' '.join(
        t for t in (text(user.get('firstName')), text(user.get('lastName'))) if t) or None
    owner = flag_value(user, 'superAdmin') or flag_value(user, 'instanceOwner')
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


def not_accounts(readings):
    """The Agilicus groups and service accounts' users the listing held, as {service, key, id, type}."""
    users = readings.get('agilicus') if isinstance(readings.get('agilicus'), list) else []
    return sorted((dict(service='agilicus', key=text(u.get('email')), id=text(u.get('id')), type=u['type'])
                   for u in users if isinstance(u, dict) and u.get('type') in AGILICUS_NOT_ACCOUNTS),
                  key=lambda r: (r['type'], r['key'] or '', r['id'] or ''))


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
        if service == 'agilicus':
            options = dict(options, agilicus_groups=dict(
                (text(u.get('id')), u) for u in users if u.get('type') in AGILICUS_GROUP_TYPES and text(u.get('id'))))
        for position, user in enumerate(users):
            if service == 'agilicus' and user.get('type') in AGILICUS_NOT_ACCOUNTS:
                continue   # groups, and service accounts' users, are nobody's accounts: a group's rights reach its members
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

def same_name(name):
    """A name as the review compares names: one Unicode form (NFC), no surrounding spaces, case folded - as
    bulk.same_key compares keys - but a name that was not pure ASCII never equals one that was: NFC and case
    folding turn a look-alike such as the KELVIN SIGN (U+212A) into an ASCII ``k``, and ``\u212aim@`` is not Kim."""
    name = name.strip()
    folded = unicodedata.normalize('NFC', name).casefold()
    return folded if all(ord(c) < 128 for c in name) else '\u0000' + folded


def day_text(value):
    """A YAML day (``expires: 2027-06-30`` unquoted loads as a date) as the text YYYY-MM-DD it was written as."""
    if isinstance(value, datetime.datetime):
        return None   # a moment is not a day
    if isinstance(value, datetime.date):
        return '%04d-%02d-%02d' % (value.year, value.month, value.day)
    return value


def current(person, now):
    """Whether the person still has access: not a leaver (``state: absent``), and not past their ``expires`` day
    (the last day of access, YYYY-MM-DD, as the identity_lifecycle role reads it). A state other than present or
    absent (``Absent``, ``leaver``) is refused: read as present, it would make a leaver own their accounts."""
    state = person.get('state')
    if state not in PERSON_STATES:
        raise ReviewError('people: %s: state must be present or absent, got %r' % (person['email'], state))
    if state == 'absent':
        return False
    expires = day_text(person.get('expires'))
    if expires is None or expires == '':
        return True
    if not (isinstance(expires, str) and re.match(r'^\d{4}-\d{2}-\d{2}$', expires)):
        raise ReviewError('people: %s: expires must be a day as YYYY-MM-DD, got %r' % (person['email'], person.get('expires')))
    return expires >= now.strftime('%Y-%m-%d')


def people_index(people, now):
    """Names compared as ``same_name`` (e-mail, and every login/username/e-mail under a service) -> the e-mail of
    the current person they belong to; leavers and people past their last day own no account, and a person who is
    a leaver in one list (an HR export) and current in another (a stale identity_people) is a leaver."""
    checked = []
    for position, person in enumerate(people or []):
        if not isinstance(person, dict):
            raise ReviewError('people[%d]: a person (a dict with an email), not %s' % (position, type(person).__name__))
        if not isinstance(person.get('email'), str) or not person['email'].strip():
            raise ReviewError('people[%d]: email must be an e-mail address (text), got %s'
                              % (position, shape(person.get('email'))))
        checked.append((person, current(person, now)))
    gone = set(same_name(person['email']) for person, still in checked if not still)
    index = {}
    for person, still in checked:
        if not still or same_name(person['email']) in gone:
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
            if isinstance(name, str) and name.strip():
                index[same_name(name)] = owner
    return index


# Flags ----------------------------------------------------------------------------------

def believed(value, now, flags):
    """A time of the reading as a moment, or None (unknown) when it lies after ``now`` by more than SKEW: a hostile
    or clock-broken vendor's future time must not pass for a recent sign-in, a recent use or a new account."""
    found = moment(value)
    if found is not None and found > now + SKEW:
        flags.add('future_date')
        return None
    return found


def flag(records, people, now, inactive_days=90, grace_days=14, token_expiring_days=7, token_unused_days=90):
    """Each account with its ``person`` and ``flags``; the same set whatever the order of records."""
    for name, days in (('inactive_days', inactive_days), ('grace_days', grace_days),
                       ('token_expiring_days', token_expiring_days), ('token_unused_days', token_unused_days)):
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
            raise ReviewError('%s: a number of days from 0 to %d, not %r' % (name, MAX_DAYS, days))
    index = people_index(people, now)
    inactive = datetime.timedelta(days=inactive_days)
    flagged = []
    for record in records:
        record = dict(record, tokens=[dict(t) for t in record['tokens']])
        flags = set()
        person = index.get(same_name(record['email'] or '')) or index.get(same_name(record['key']))
        record['person'] = person
        if person is None:
            flags.add('orphan')
        if record['privileged']:
            flags.add('privileged')
        created = believed(record['created'], now, flags)
        # age_known: the account's creation is known (and believed): only then can it be past the grace period
        record['age_known'] = created is not None
        new = created is not None and now - created < datetime.timedelta(days=grace_days)
        if record['sign_in_known']:
            future = moment(record['last_sign_in'])
            last = believed(record['last_sign_in'], now, flags)
            if future is not None and last is None:
                pass   # a sign-in "in the future": when the account was last used is unknown (flagged future_date)
            elif last is None:
                flags.add('never_signed_in')
                if new:
                    flags.add('in_grace')
            # "older than inactive_days" (>), as tokens are unused only after token_unused_days
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
    """A token judged as kestra_api_token and kestra_api_token_info judge it (token_age); expired beats unused.
    An issue or last use after ``now`` is not believed (flagged future_date): the token counts as never used."""
    flags = set()
    issued, used = believed(token['issued'], now, flags), believed(token['last_used'], now, flags)
    raw = dict(name=token['name'], iat=iso(issued), exp=token['expires'], lastUsed=iso(used), expired=token['expired'])
    if token['issued'] and issued is None and used is None:
        raw['iat'] = iso(EPOCH)   # issued "in the future" and never used: unused for as long as can be
    judged = token_age.judge(raw, (now - EPOCH).total_seconds(), expiring_days * token_age.DAY,
                             unused_days * token_age.DAY)
    if judged['expired']:
        flags.add('token_expired')
    elif judged['expiring']:
        flags.add('token_expiring')
    if judged['unused'] and not judged['expired']:
        flags.add('token_unused')
    return [f for f in FLAGS if f in flags]


# Changes since the previous cycle ---------------------------------------------------------

def rights(record):
    return dict(privileged=record.get('privileged') is True, roles=sorted(record.get('roles') or []))


def checked_previous(previous):
    """The previous report, its accounts checked: a tampered or foreign file fails naming ``previous`` and the
    field, rather than being compared as if it meant what this report means."""
    if not isinstance(previous, dict) or not isinstance(previous.get('accounts'), list):
        raise ReviewError('previous: not an access review report (no "accounts" list)')
    if previous.get('schema_version') != SCHEMA_VERSION:
        raise ReviewError('previous: schema_version %r; this review reads reports of schema_version %d'
                          % (previous.get('schema_version'), SCHEMA_VERSION))
    generated = previous.get('generated_at')
    if isinstance(generated, datetime.datetime):   # a YAML baseline with the time unquoted
        generated = iso(generated if generated.tzinfo else generated.replace(tzinfo=datetime.timezone.utc))
    if generated is not None and not isinstance(generated, str):
        raise ReviewError('previous: generated_at must be a time, not %s' % shape(generated))
    for position, record in enumerate(previous['accounts']):
        where = 'previous: accounts[%d]' % position
        if not isinstance(record, dict):
            raise ReviewError('%s: an account, not %s' % (where, shape(record)))
        for field in ('service', 'key'):
            if not isinstance(record.get(field), str):
                raise ReviewError('%s: %s must be text, not %s' % (where, field, shape(record.get(field))))
        roles = record.get('roles')
        if roles is not None and not (isinstance(roles, list) and all(isinstance(r, str) for r in roles)):
            raise ReviewError('%s: roles must be a list of texts, not %s' % (where, shape(roles)))
        if record.get('privileged') is not None and not isinstance(record.get('privileged'), bool):
            raise ReviewError('%s: privileged must be true or false, not %s' % (where, shape(record['privileged'])))
        if record.get('id') is not None and (isinstance(record['id'], bool) or not isinstance(record['id'], (str, int))):
            raise ReviewError('%s: id must be text, not %s' % (where, shape(record['id'])))
    return dict(previous, generated_at=generated)


def pairs(before, after):
    """(old, new) pairs of accounts, matched by (service, key) - and, where several accounts share one key (a
    OneLogin user keyed by an e-mail that is another's username), by id within it; None on the missing side."""
    groups = {}
    for side, records in ((0, before), (1, after)):
        for record in records:
            groups.setdefault((record['service'], record['key']), ([], []))[side].append(record)
    for name in sorted(groups):
        old, new = groups[name]
        if len(old) == 1 and len(new) == 1:
            yield old[0], new[0]
            continue
        new_ids = dict((text(r.get('id')), r) for r in new)
        matched = set()
        for record in old:
            partner = new_ids.get(text(record.get('id'))) if record.get('id') is not None else None
            if partner is not None and id(partner) not in matched:
                matched.add(id(partner))
                yield record, partner
            else:
                yield record, None
        for record in new:
            if id(record) not in matched:
                yield None, record


def changes(previous, current):
    """Accounts added and removed, and those whose rights (privileged, roles) changed, since ``previous``."""
    added, removed, changed = [], [], []
    for old, new in pairs(previous['accounts'], current):
        if old is None:
            added.append(dict(service=new['service'], key=new['key']))
        elif new is None:
            removed.append(dict(service=old['service'], key=old['key']))
        elif rights(old) != rights(new):
            changed.append(dict(service=new['service'], key=new['key'], before=rights(old), after=rights(new)))
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
    if 'agilicus_admin_roles' in options and not [n for n in options['agilicus_admin_roles'] or [] if (n or '').strip()]:
        raise ReviewError('agilicus_admin_roles: empty; name at least one role (the default is admin, owner)')
    services = [s for s in SERVICES if any(readings.get(r) is not None for service, r in SOURCES if service == s)]
    if not services:
        raise ReviewError('readings: no service was read (%s); a review that read nothing is not a clean one'
                          % ', '.join(SERVICES))
    if previous is not None:
        previous = checked_previous(previous)
    records = accounts(readings, options)
    flagged = flag(records, people, now, **thresholds)
    change_set = changes(previous, flagged) if previous is not None else dict(added=[], removed=[], rights_changed=[])
    return dict(schema_version=SCHEMA_VERSION, generated_at=iso(now), services=services,
                not_reviewed=[s for s in SERVICES if s not in services],
                thresholds=dict(thresholds), baseline=previous is not None and previous.get('generated_at') or None,
                summary=summary(flagged, change_set, services), accounts=flagged, changes=change_set,
                not_accounts=not_accounts(readings))


def remediation(the_report):
    """The accounts a remediation would disable or remove: dormant ones, and those that never signed in and are
    known to be past the grace period (an account of unknown age may be a new hire). Privileged ones are kept
    apart: they are remediated only on request (a break-glass account is dormant by design).
    Returns (per service, the entries to remediate; per service, the privileged ones), each entry
    ``{<key field>: key}`` as the service's bulk module names the account."""
    plain, privileged = dict((s, []) for s in the_report['services']), dict((s, []) for s in the_report['services'])
    for record in the_report['accounts']:
        flags = set(record['flags'])
        stale = 'never_signed_in' in flags and 'in_grace' not in flags and record.get('age_known')
        if 'dormant' in flags or stale:
            entry = {record.get('key_field') or KEY_FIELDS[record['service']]: record['key']}
            (privileged if record['privileged'] else plain)[record['service']].append(entry)
    return plain, privileged


def remediable(the_report):
    """Per service read, the keys of the accounts a remediation would disable or remove (privileged ones too)."""
    plain, privileged = remediation(the_report)
    return dict((s, sorted(list(e.values())[0] for e in plain[s] + privileged[s])) for s in plain)


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
    """A cell a spreadsheet will not run as a formula (a vendor-chosen display name may start with ``=``): its start,
    and every piece after a ``;`` (lists are joined by it, and many locales' spreadsheets split cells there)."""
    return re.sub(r"(^|;)([=+\-@\t\r])", r"\1'\2", value)
