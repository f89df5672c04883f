# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired versus current state: what to change, check mode, diff and result. No HTTP.

A module describes its managed fields once (``Field``), looks the resource up,
and hands both sides to ``plan_present`` / ``plan_absent``. ``execute`` then runs
the one write the plan calls for, or in check mode predicts its result, so a real
run and a check run decide ``changed`` on the same code path.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import datetime
import re

from ansible_collections.accessops.identity.plugins.module_utils.client import SECRET_MASK

SCALAR = 'scalar'
SET = 'set'                    # a list whose order and duplicates mean nothing
CASE_INSENSITIVE = 'ci'        # a string compared without regard to case (e-mail logins)
SUBSET = 'subset'              # a dict of which only the named keys are managed
WRITE_ONLY = 'write_only'      # a secret the API never returns: sent by update_password policy
SECRET = 'secret'              # a value the API returns but output must not show: compared, masked in diffs
INSTANT = 'instant'            # an ISO 8601 date-time, compared as the moment it names (Z and +00:00 are one)
EMPTY = (None, '')


class Field:
    """One managed option: its API name (dotted for nested objects) and how it compares."""

    def __init__(self, option, api_name=None, kind=SCALAR):
        self.option = option
        self.api_name = api_name or option
        self.kind = kind

    def same(self, wanted, current):
        if self.kind == SET:
            return sorted_unique(wanted) == sorted_unique(current or [])
        if self.kind == CASE_INSENSITIVE:
            return (wanted or '').casefold() == (current or '').casefold()
        if self.kind == INSTANT:
            return moment(wanted) == moment(current)
        if self.kind == SUBSET:
            current = current or {}
            return all(current.get(k) == v for k, v in wanted.items())
        if wanted in EMPTY and current in EMPTY:
            return True   # services answer a cleared text field with either
        return wanted == current


class Plan:
    """What a module run will do: ``action`` is create, update, replace, delete or None."""

    def __init__(self, action, current, changes=None, after=None, diff=None, reason=None):
        self.action = action
        self.reason = reason
        self.current = current
        self.changes = changes or {}
        self.after = after
        self.diff = diff or {'before': {}, 'after': {}}

    @property
    def changed(self):
        return self.action is not None


# Before Python 3.11 fromisoformat reads only 3 or 6 digits of a second's fraction; 3.11 reads any
# number and keeps 6. Written as 6 digits, a fraction reads the same on every Python the modules support.
_FRACTION = re.compile(r'(:\d{2})\.(\d+)')


def _six_digit_fraction(match):
    return '%s.%s' % (match.group(1), (match.group(2) + '000000')[:6])


def moment(value):
    """The moment an ISO 8601 date-time names (a datetime), or None when ``value`` is not one."""
    if not isinstance(value, str):
        return None
    # fromisoformat reads a trailing Z only from Python 3.11 on
    text = _FRACTION.sub(_six_digit_fraction, value.strip().replace('Z', '+00:00').replace('z', '+00:00'), count=1)
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def sorted_unique(values):
    return sorted(set(values), key=repr)


def get_path(obj, dotted):
    for part in dotted.split('.'):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(part)
    return obj


def set_path(obj, dotted, value):
    parts = dotted.split('.')
    for part in parts[:-1]:
        obj = obj.setdefault(part, {})
    obj[parts[-1]] = value


def merged(current, changes):
    """A deep copy of ``current`` with each dotted ``changes`` key set; for full-replace PUTs."""
    result = copy.deepcopy(current or {})
    for dotted, value in changes.items():
        if isinstance(value, dict) and isinstance(get_path(result, dotted), dict):
            value = dict(get_path(result, dotted), **value)
        set_path(result, dotted, value)
    return result


def wanted_values(params, fields):
    """{api_name: value} for each field the user set (None means 'not managed')."""
    return dict((f.api_name, params[f.option]) for f in fields if params.get(f.option) is not None)


def differences(wanted, current, fields, update_password='on_create'):
    """The subset of ``wanted`` that differs from ``current`` and so must be sent."""
    changes = {}
    for field in fields:
        if field.api_name not in wanted:
            continue
        value = wanted[field.api_name]
        if field.kind == WRITE_ONLY:
            if update_password == 'always':
                changes[field.api_name] = value
        elif not field.same(value, get_path(current, field.api_name)):
            changes[field.api_name] = value
    return changes


def masked(values, fields):
    """A copy of a flat {api_name: value} view with write-only and secret values masked."""
    secret = set(f.api_name for f in fields if f.kind in (WRITE_ONLY, SECRET))
    return dict((k, SECRET_MASK if k in secret and v is not None else v) for k, v in values.items())


def managed_view(resource, fields, names=None):
    """The managed fields of a resource as a flat {api_name: value} dict, for diffs."""
    if resource is None:
        return {}
    view = {}
    for field in fields:
        if names is not None and field.api_name not in names:
            continue
        if field.kind == WRITE_ONLY:
            continue  # never read back, never shown as "before"
        view[field.api_name] = get_path(resource, field.api_name)
    return masked(view, fields)


def plan_present(current, wanted, fields, key=None, update_password='on_create'):
    """Plan for ``state: present``: create when missing, update what differs, else nothing.

    ``key`` is the {api_name: value} that identifies the resource; it is shown in the
    diff and is part of what a create sends.
    """
    key = key or {}
    if current is None:
        body = dict(key)
        body.update(wanted)
        return Plan('create', None, changes=body, after=merged({}, body),
                    diff={'before': {}, 'after': masked(body, fields)})
    changes = differences(wanted, current, fields, update_password)
    if not changes:
        return Plan(None, current, after=current, diff=_same_diff(current, wanted, fields, key))
    before = dict((k, get_path(current, k)) for k in key)
    before.update(managed_view(current, fields, set(changes)))
    after = dict(before)
    after.update(masked(changes, fields))
    return Plan('update', current, changes=changes, after=merged(current, changes),
                diff={'before': before, 'after': after})


def plan_absent(current, fields, key=None):
    """Plan for ``state: absent``: delete when present, else nothing."""
    if current is None:
        return Plan(None, None)
    before = dict((k, get_path(current, k)) for k in (key or {}))
    before.update(managed_view(current, fields))
    return Plan('delete', current, diff={'before': before, 'after': {}})


def _same_diff(current, wanted, fields, key):
    view = dict((k, get_path(current, k)) for k in key)
    view.update(managed_view(current, fields, set(wanted)))
    return {'before': view, 'after': dict(view)}   # two dicts: callers may add to one side


def execute(plan, check_mode, create=None, update=None, delete=None, replace=None):
    """Run the plan's one write, or in check mode return what it would produce.

    Returns the resource as it stands afterwards (None once deleted). ``create``
    takes the body, ``update`` the current resource and the changes, ``delete``
    the current resource; each returns the API's answer. ``replace`` (current, body)
    re-creates a resource that cannot be edited; without it, delete then create.
    """
    if plan.action is None:
        return plan.current
    if plan.action == 'delete':
        if not check_mode:
            delete(plan.current)
        return None
    if check_mode:
        return plan.after
    if plan.action == 'create':
        return create(plan.changes)
    if plan.action == 'replace':
        if replace is not None:
            return replace(plan.current, plan.changes)
        delete(plan.current)
        return create(plan.changes)
    return update(plan.current, plan.changes)


def plan_membership(current, listed, state='present', append=False, name='members'):
    """Plan for a set-valued relation (roles, groups) where only the difference is sent.

    ``present`` + ``append: false`` makes the set exactly ``listed``; ``append: true``
    only adds; ``absent`` removes the listed members and keeps the rest. The plan's
    changes are ``{'add': [...], 'remove': [...]}``.
    """
    current_set = set(current or [])
    listed_set = set(listed or [])
    if state == 'absent':
        to_add, to_remove = set(), current_set & listed_set
    elif append:
        to_add, to_remove = listed_set - current_set, set()
    else:
        to_add, to_remove = listed_set - current_set, current_set - listed_set
    before = sorted_unique(current_set)
    after = sorted_unique((current_set | to_add) - to_remove)
    diff = {'before': {name: before}, 'after': {name: after}}
    if not to_add and not to_remove:
        return Plan(None, before, after=before, diff=diff)
    changes = {'add': sorted_unique(to_add), 'remove': sorted_unique(to_remove)}
    return Plan('update', before, changes=changes, after=after, diff=diff)


def add_actions(plan, actions):
    """Fold one-off actions (logout, lock, revoke...) into a plan: they change something, and the diff names them."""
    if actions:
        plan.action = plan.action or 'actions'
        plan.diff['before'].setdefault('actions', [])
        plan.diff['after']['actions'] = list(actions)
    return plan


def result(plan, resource, result_key, diff_mode, **extra):
    """The module's return value: changed, the resource under its key (unless there is none), diff in diff mode."""
    out = dict(changed=plan.changed)
    if result_key is not None:
        out[result_key] = resource if resource is not None else {}
    if diff_mode:
        out['diff'] = plan.diff
    out.update(extra)
    return out
