# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time-bound access for the identity_lifecycle role: the people as they stand on a given day.

A person or a grant (a Kestra group, a OneLogin role, an Agilicus role in an application) may carry
``expires`` (YYYY-MM-DD, the last day of access). After that day the grant is left out of what the role
asks for (the membership tasks set exact sets, so it is removed) and the person is offboarded like a
leaver whose ``left_on`` is that day. Before it, an Agilicus account gets ``disabled_at_time`` at the end
of that day, so Agilicus cuts the access itself even when no run comes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import datetime
import re

DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')
# Where the grants lie in a person: (service, key, what names a grant there, what its value must be).
ID_LISTS = (('kestra', 'group_ids', 'a group id'), ('onelogin', 'role_ids', 'a role id (a whole number)'))
AGILICUS_ROLE = 'a role name'


def parse_day(value, where, problems):
    """The date a YYYY-MM-DD value names; a problem naming ``where`` (and None) when it is not one."""
    text = value.isoformat() if isinstance(value, datetime.date) else value
    if isinstance(text, str) and DAY.match(text.strip()):
        try:
            return datetime.datetime.strptime(text.strip(), '%Y-%m-%d').date()
        except ValueError:
            pass
    problems.append('%s: expires must be a day as YYYY-MM-DD, got %r' % (where, value))
    return None


def checked(value, kind):
    """``value`` as the grant list holds it (an int for OneLogin role ids, text otherwise), or None if it cannot be."""
    if kind.startswith('a role id'):
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        return int(value.strip()) if isinstance(value, str) and value.strip().isdigit() else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def grant_value(grant, where, kind, problems):
    """The grant itself (an id or a name, checked for its kind), and its last day (None: it has none)."""
    field = 'name' if kind == AGILICUS_ROLE else 'id'
    if isinstance(grant, dict):
        unknown = sorted(set(grant) - {field, 'expires'})
        if field not in grant or unknown:
            problems.append('%s: a time-bound grant here is {%s: <%s>, expires: YYYY-MM-DD}, got %r' % (where, field, kind, grant))
            return None, None
        value, expires = grant[field], grant.get('expires')
    else:
        value, expires = grant, None
    usable = checked(value, kind)
    if usable is None:
        problems.append('%s: must be %s, got %r' % (where, kind, value))
        return None, None
    return usable, parse_day(expires, where, problems) if expires is not None else None


def current_grants(grants, today, where, kind, problems, ended):
    """``grants`` without those whose last day is before ``today``; each is reported in ``ended`` unless another
    entry still grants it."""
    if not isinstance(grants, list):
        return grants
    kept, gone = [], []
    for position, grant in enumerate(grants):
        value, expires = grant_value(grant, '%s[%d]' % (where, position), kind, problems)
        if value is None:
            continue
        if expires is not None and today is not None and expires < today:
            gone.append(dict(grant=value, where=where, expires=expires.isoformat()))
        else:
            kept.append(value)
    ended.extend(grant for grant in gone if grant['grant'] not in kept)
    return kept


def end_of(last_day, explicit):
    """The ``disabled_at_time`` for access whose last day is ``last_day``: the end of that day (UTC), or an
    earlier time already set; a later one would keep the access past its last day."""
    end = (last_day + datetime.timedelta(days=1)).isoformat() + 'T00:00:00Z'
    try:
        earlier = explicit is not None and (datetime.datetime.fromisoformat(explicit.replace('Z', '+00:00'))
                                            < datetime.datetime.fromisoformat(end.replace('Z', '+00:00')))
    except (AttributeError, TypeError, ValueError):
        earlier = False   # not a time: the module refuses it, naming the option
    return explicit if earlier else end


def time_bound_access(people, today):
    """``{people, ended_people, ended_grants, problems}`` for ``today`` (a YYYY-MM-DD day).

    ``people`` is a copy of the list with ended grants left out, ended people turned leavers, and
    ``disabled_at_time`` set for the Agilicus accounts of people whose access has a last day.
    """
    problems = []
    day = parse_day(today, 'identity_lifecycle_today', problems)
    if not isinstance(people, list):
        # a plain error (Ansible names the filter): importing ansible.errors here would load the controller
        # into the tests that run modules in-process, and change how their warnings are collected
        raise TypeError('time_bound_access expects the list identity_people, got %s' % type(people).__name__)
    effective, ended_people, ended_grants = [], [], []
    for position, original in enumerate(people):
        person = copy.deepcopy(original)
        who = 'identity_people[%d] (%s)' % (position, person.get('email'))
        for service, key, kind in ID_LISTS:
            settings = person.get(service)
            if isinstance(settings, dict) and key in settings:
                settings[key] = current_grants(settings[key], day, '%s %s.%s' % (who, service, key), kind, problems,
                                               ended_grants)
        agilicus = person.get('agilicus')
        if isinstance(agilicus, dict) and isinstance(agilicus.get('roles'), dict):
            agilicus['roles'] = dict((app, current_grants(roles, day, '%s agilicus.roles.%s' % (who, app), AGILICUS_ROLE,
                                                          problems, ended_grants))
                                     for app, roles in agilicus['roles'].items())
        last_day = parse_day(person.pop('expires'), who, problems) if person.get('expires') is not None else None
        if last_day is not None and day is not None:
            if last_day < day and person.get('state', 'present') == 'present':
                person['state'] = 'absent'
                person.setdefault('left_on', last_day.isoformat())
                ended_people.append(dict(email=person.get('email'), expires=last_day.isoformat()))
            elif isinstance(agilicus, dict):
                agilicus['disabled_at_time'] = end_of(last_day, agilicus.get('disabled_at_time'))
        effective.append(person)
    if day is None:
        effective = []
    return dict(people=effective, ended_people=ended_people, ended_grants=ended_grants, problems=problems)


class FilterModule(object):
    """The time-bound access filter of accessops.identity."""

    def filters(self):
        return {'time_bound_access': time_bound_access}
