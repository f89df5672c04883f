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

from ansible.errors import AnsibleFilterError

DAY = re.compile(r'^\d{4}-\d{2}-\d{2}$')
# Where the grants lie in a person: (service, key); Agilicus roles are a mapping application -> list.
GRANT_LISTS = (('kestra', 'group_ids'), ('onelogin', 'role_ids'))
AGILICUS_ROLES = ('agilicus', 'roles')


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


def grant_value(grant, where, problems):
    """The grant itself (an id or a name), and the day it expires (None: it does not)."""
    if not isinstance(grant, dict):
        return grant, None
    named = [key for key in ('id', 'name') if key in grant]
    unknown = sorted(set(grant) - {'id', 'name', 'expires'})
    if len(named) != 1 or unknown:
        problems.append('%s: a time-bound grant is {id: ..., expires: YYYY-MM-DD} or {name: ..., expires: ...}, got %r'
                        % (where, grant))
        return None, None
    expires = parse_day(grant['expires'], where, problems) if grant.get('expires') is not None else None
    return grant[named[0]], expires


def current_grants(grants, today, where, problems, ended):
    """``grants`` without those whose last day is before ``today`` (each reported in ``ended``)."""
    if not isinstance(grants, list):
        return grants
    kept = []
    for position, grant in enumerate(grants):
        value, expires = grant_value(grant, '%s[%d]' % (where, position), problems)
        if expires is not None and expires < today:
            ended.append(dict(grant=value, where=where, expires=expires.isoformat()))
        elif value is not None:
            kept.append(value)
    return kept


def time_bound_access(people, today):
    """``{people, ended_people, ended_grants, problems}`` for ``today`` (a YYYY-MM-DD day).

    ``people`` is a copy of the list with ended grants left out, ended people turned leavers, and
    ``disabled_at_time`` set for the Agilicus accounts of people whose access has a last day.
    """
    problems = []
    day = parse_day(today, 'identity_lifecycle_today', problems)
    if not isinstance(people, list):
        raise AnsibleFilterError('time_bound_access expects the list identity_people, got %s' % type(people).__name__)
    effective, ended_people, ended_grants = [], [], []
    for position, original in enumerate(people):
        person = copy.deepcopy(original)
        who = 'identity_people[%d] (%s)' % (position, person.get('email'))
        for service, key in GRANT_LISTS:
            settings = person.get(service)
            if isinstance(settings, dict) and key in settings:
                settings[key] = current_grants(settings[key], day, '%s %s.%s' % (who, service, key), problems, ended_grants)
        agilicus = person.get('agilicus')
        if isinstance(agilicus, dict) and isinstance(agilicus.get('roles'), dict):
            agilicus['roles'] = dict((app, current_grants(roles, day, '%s agilicus.roles.%s' % (who, app), problems, ended_grants))
                                     for app, roles in agilicus['roles'].items())
        last_day = parse_day(person.pop('expires'), who, problems) if person.get('expires') is not None else None
        if last_day is not None and day is not None:
            if last_day < day and person.get('state', 'present') == 'present':
                person['state'] = 'absent'
                person.setdefault('left_on', last_day.isoformat())
                ended_people.append(dict(email=person.get('email'), expires=last_day.isoformat()))
            elif isinstance(agilicus, dict) and 'disabled_at_time' not in agilicus:
                end = last_day + datetime.timedelta(days=1)
                agilicus['disabled_at_time'] = end.isoformat() + 'T00:00:00Z'
        effective.append(person)
    if day is None:
        effective = []
    return dict(people=effective, ended_people=ended_people, ended_grants=ended_grants, problems=problems)


class FilterModule(object):
    """The time-bound access filter of accessops.identity."""

    def filters(self):
        return {'time_bound_access': time_bound_access}
