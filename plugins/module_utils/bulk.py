# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many users in one task: read the directory once, plan every user, write with bounded concurrency.

A vendor describes its users once (a ``Directory``); the ``<vendor>_users`` modules hand it
to ``reconcile_directory``. Plans come from reconcile.py, the same code the single-user
modules use, so a user is judged the same way whichever module manages it, and check mode
decides ``changed`` on the same path as a real run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.accessops.identity.plugins.module_utils import common, ensure, reconcile
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError
from ansible_collections.accessops.identity.plugins.module_utils.declaration import refuse_invisible
from ansible_collections.accessops.identity.plugins.module_utils.errors import Refusal

STATES = ['merged', 'replaced', 'overridden', 'deleted', 'gathered']
RESETTING_STATES = ('replaced', 'overridden')    # options left out of an entry are reset
MAX_CONCURRENCY = 16
DONE = {'create': 'created', 'update': 'updated', 'delete': 'deleted', None: 'unchanged'}
# Safe defaults of the deletion limits: a run deletes at most 10 accounts, and (when it deletes more than
# one) at most a quarter of the directory; a task that means more says so.
DEFAULT_MAX_DELETIONS = 10
DEFAULT_MAX_DELETION_PERCENT = 25
NAMES_SHOWN = 100   # accounts a refusal's message names; its would_delete names them all


def bulk_options(entry_options, passwords=False):
    """The options every bulk module shares: ``config`` (one dict a user), ``state`` and their guards."""
    options = dict(
        config=dict(type='list', elements='dict', options=entry_options, default=[]),
        state=dict(type='str', choices=STATES, default='merged'),
        delete_unlisted=dict(type='bool', default=False),
        concurrency=dict(type='int', default=4),
        max_deletions=dict(type='int', default=DEFAULT_MAX_DELETIONS),
        max_deletion_percent=dict(type='int', default=DEFAULT_MAX_DELETION_PERCENT),
        protected=dict(type='list', elements='str', default=[]),
        delete_privileged=dict(type='bool', default=False),
        create_missing=dict(type='bool', default=True),
        report_unlisted=dict(type='bool', default=False),
    )
    if passwords:
        options['update_password'] = common.update_password_option()
    return options


class Directory:
    """What the bulk engine needs to know about one vendor's users; each vendor fills it in.

    ``resource`` is the users' declaration (``declaration.Resource``): the key that names a
    user (compared ignoring case), the managed options, what ``replaced`` resets, what a create
    needs. The directory adds how to read and write them: it is also the resource contract
    the single-user module uses (``find``, ``create``, ``update``, ``delete``).
    """

    resource = None
    memberships = None   # a ``Memberships`` when entries may also name the user's roles or groups
    unique_keys = True   # the service refuses two users with one key: the walk may stop at the last one found
    # options of the user itself that hold its memberships or access (Kestra: tenants, groups): the account the
    # credentials belong to never loses any of them (see ``keep_own_memberships``)
    own_rights = ()
    listing_lacks = ()   # API names of managed fields the listing leaves out: read user by user when compared
    disabled_statuses = ()   # values of ``status`` that stop a user signing in: never set on the caller's own account

    def __init__(self, module, client):
        self.module = module
        self.client = client

    @property
    def label(self):
        return self.resource.label

    @property
    def key(self):
        return self.resource.key

    @property
    def fields(self):
        return self.resource.fields()

    # Reading ----------------------------------------------------------------
    def read_all(self):
        """Every user, as an iterable, reading the directory at the largest page size."""
        raise NotImplementedError

    def key_of(self, user):
        return user.get(self.key) or ''

    def names_of(self, user):
        """Every key ``protected`` may name the user by (OneLogin: username and e-mail)."""
        return [self.key_of(user)]

    def needs_details(self, wanted):
        """Whether comparing ``wanted`` needs more than the listing holds (one more read a user)."""
        return bool(set(self.resource.wanted(wanted)) & set(self.listing_lacks))

    def details(self, user):
        """The whole user, when the listing holds less (``listing_lacks``)."""
        return user

    def protected(self):
        """{id: reason} of users no run deletes (the caller's own account, where the API can tell it)."""
        return {}

    def privileged(self, user):
        """Why ``user`` holds the service's highest rights (a reason), or None. ``overridden`` deletes such
        an unlisted user only with ``delete_privileged``."""
        return None

    # Translating ------------------------------------------------------------
    def to_config(self, user):
        """A user as a config entry (what ``gathered`` returns and ``merged`` accepts back)."""
        return self.resource.to_config(user)

    # Writing ----------------------------------------------------------------
    def find(self, values, resource_id=None):
        """The one user with this id, or whose key (in ``values``, by option name) matches; None when there is none."""
        raise NotImplementedError

    def create(self, body):
        raise NotImplementedError

    def update(self, user, changes):
        raise NotImplementedError

    def delete(self, user):
        raise NotImplementedError


class Item:
    """One user's share of the run: its key, its entry (None when unlisted), its plan and outcome."""

    def __init__(self, key, entry, current):
        self.key = key
        self.entry = entry
        self.current = current
        self.plan = None
        self.resource = current
        self.error = None
        self.attempted = False
        self.account_written = False   # its own write (create, update) landed, whatever came after it
        self.kept_because = None    # why the run leaves this user alone (protected, the caller, privileged)
        self.wanted = None          # {api_name: value} its entry asks for (listed users)
        self.members = None         # the plan of its memberships (roles, groups), when its entry names them
        self.members_kept = None    # why its memberships are left as they are (the caller's own rights)

    @property
    def changed(self):
        return self.plan.changed or self.members_change

    @property
    def members_change(self):
        return self.members is not None and self.members.changed

    @property
    def outcome(self):
        if self.error is not None:
            return 'failed'
        if self.kept_because:
            return 'kept'
        if self.changed and not self.attempted:
            return 'not attempted'
        return DONE[self.plan.action or ('update' if self.members_change else None)]

    @property
    def applied(self):
        return self.outcome in ('created', 'updated', 'deleted')


def check_options(module, directory):
    """Refuse, before any request, input the run could not carry out; return the config entries."""
    params = module.params
    state = params['state']
    if not 1 <= params['concurrency'] <= MAX_CONCURRENCY:
        raise common.InputError('concurrency must be between 1 and %d, got %s' % (MAX_CONCURRENCY, params['concurrency']))
    if state == 'overridden' and not params['delete_unlisted']:
        raise common.InputError('state=overridden deletes every %s that config does not list; set delete_unlisted: true '
                                'to confirm that this is what you want' % directory.label)
    if state in ('merged', 'replaced', 'deleted') and not params['config']:
        raise common.InputError('config lists no %s; state=%s needs at least one' % (directory.label, state))
    if params['max_deletions'] < 0:
        raise common.InputError('max_deletions must be 0 or more, got %s' % params['max_deletions'])
    if not 0 <= params['max_deletion_percent'] <= 100:
        raise common.InputError('max_deletion_percent must be between 0 and 100, got %s'
                                % params['max_deletion_percent'])
    entries = [directory.resource.normalised(dict((k, v) for k, v in entry.items() if v is not None),
                                             where='config entry %d: ' % number)
               for number, entry in enumerate(params['config'] or [], 1)]
    seen = {}
    for number, entry in enumerate(entries, 1):
        key = entry.get(directory.key) or ''
        if not key:
            raise common.InputError('config entry %d has no %s' % (number, directory.key))
        if same_key(key) in seen:
            raise common.InputError('config lists %s %s twice (entries %d and %d)'
                                    % (directory.key, key, seen[same_key(key)], number))
        seen[same_key(key)] = number
    return entries


def reconcile_directory(module, client, directory):
    """The whole run of a bulk module; returns its result or raises common.PartialFailure."""
    params = module.params
    entries = check_options(module, directory)
    if params['state'] == 'gathered':
        users = list(directory.read_all())
        if directory.listing_lacks:
            users = bounded_map(directory.details, users, params['concurrency'])
        return dict(changed=False, gathered=[directory.to_config(user) for user in users])

    protected = protected_keys(params['protected'])
    items, read, unlisted = match_entries(directory, entries, params['state'], params['report_unlisted'])
    for item in items:
        if named_in(protected, directory.names_of(item.current) if item.current is not None else [item.key]):
            item.kept_because = 'listed in protected: left as it is'
        elif item.current is None and not params['create_missing'] and params['state'] != 'deleted':
            item.kept_because = 'does not exist, and create_missing is false: not created'
        elif item.entry is not None:
            item.wanted = wanted_of(directory, item, params['state'])
    complete_details(directory, items, params['state'], params['concurrency'])
    for item in items:
        item.plan = plan_item(directory, item, params)
    keep_what_must_stay(directory, items, params)
    keep_own_memberships(directory, items, params)
    refuse_too_many_deletions(directory, items, params, read)
    plan_memberships(directory, entries, items, params)
    apply_plans(directory, [item for item in items if item.changed], module.check_mode, params['concurrency'])
    result = report(directory, items, module._diff)
    if params['report_unlisted']:   # who the directory holds that this run neither lists nor protects
        reported = [user for user in unlisted if not named_in(protected, directory.names_of(user))]
        result['unlisted'] = sorted(directory.key_of(user) for user in reported)
        # every name each goes by (OneLogin: username and e-mail), so a caller can tell whose it is
        result['unlisted_names'] = dict((directory.key_of(user), directory.names_of(user)) for user in reported)
    return result


def match_entries(directory, entries, state, report_unlisted=False):
    """Read the directory once and pair each entry with its user; for ``overridden``, add the unlisted.

    Returns (items, how many users were read, the users config does not list: kept only for ``overridden``
    and ``report_unlisted``, which read the whole directory)."""
    listed = dict((same_key(entry[directory.key]), entry) for entry in entries)
    found = dict((key, []) for key in listed)
    unlisted = []
    still_missing = len(listed)
    # several deletions are held to a share of the whole directory, so it is read to the end
    whole = (state == 'overridden' or state == 'deleted' and len(listed) > 1 or not directory.unique_keys
             or report_unlisted)
    read = 0
    for user in directory.read_all():   # lazy: pages are read only while needed
        read += 1
        key = same_key(directory.key_of(user))
        if key in found:
            still_missing -= not found[key]
            found[key].append(user)
        elif state == 'overridden' or report_unlisted:
            unlisted.append(user)
        if not still_missing and not whole:
            break   # every listed user found: the rest of the directory cannot change the plan
    items = []
    for key, entry in listed.items():
        current = common.only_match(found[key], 'several %ss have %s %s: ids' % (
            directory.label, directory.key, entry[directory.key]))
        items.append(Item(entry[directory.key], entry, current))
    if state == 'overridden':
        items.extend(Item(directory.key_of(user), None, user) for user in unlisted)
    return items, read, unlisted


def same_key(key):
    """A key as keys are compared: one Unicode form (NFC), no surrounding spaces, case folded - on both sides,
    so an entry, a ``protected`` name and the key the service holds name one account however each is spelled."""
    return unicodedata.normalize('NFC', key or '').strip().casefold()


def named_in(keys, names):
    """Whether any of ``names`` (a user's keys) is one of ``keys`` (already in ``same_key`` form)."""
    return any(same_key(name) in keys for name in names)


def protected_keys(names):
    """The ``protected`` option as keys compared the way keys are; an empty one, or one holding an invisible
    character (it would protect no one), is refused."""
    keys = set()
    for position, name in enumerate(names or []):
        where = 'protected[%d]' % position
        if not (name or '').strip():
            raise common.InputError('%s is empty; give the key of an account to protect' % where)
        refuse_invisible(name.strip(), where)
        keys.add(same_key(name))
    return keys


def disables(directory, plan):
    """Whether ``plan`` stops an existing user signing in (sets a disabled ``status``)."""
    return plan.action == 'update' and plan.changes.get('status') in directory.disabled_statuses


def keep_what_must_stay(directory, items, params):
    """Turn into "kept" the plans that would delete or disable the caller's own account (the run would lock
    itself out), or let ``overridden`` delete an unlisted privileged account without ``delete_privileged``."""
    doomed = [item for item in items if item.plan.action == 'delete' or disables(directory, item.plan)]
    callers = directory.protected() if doomed else {}   # a read, spent only when someone would be deleted or disabled
    for item in items:
        reason = None
        if item.plan.action == 'delete' and (item.current or {}).get('id') in callers:
            reason = callers[item.current['id']]
        elif disables(directory, item.plan) and (item.current or {}).get('id') in callers:
            reason = '%s: not disabled' % callers[item.current['id']]
        elif item.plan.action == 'delete' and item.entry is None and not params['delete_privileged']:
            privilege = directory.privileged(item.current)
            if privilege:
                reason = 'privileged (%s): overridden deletes it only with delete_privileged' % privilege
        if reason:
            item.kept_because = reason
            item.plan = reconcile.Plan(None, item.current, after=item.current)


def keep_own_memberships(directory, items, params):
    """Leave out of their plans the options (``directory.own_rights``) that would take a membership or access away
    from the account the credentials belong to: a run must not cut its own rights. Its row says so in
    ``memberships_kept``. The caller is read only when some listed user would lose one."""
    losing = [item for item in items if item.plan.action == 'update' and item.entry is not None and takes_away(
        directory, item)]
    callers = directory.protected() if losing else {}
    for item in losing:
        if item.current.get('id') not in callers:
            continue
        lost = takes_away(directory, item)
        item.wanted = dict((option, value) for option, value in item.wanted.items() if option not in lost)
        item.plan = plan_item(directory, item, params)
        item.members_kept = '%s: its own %s are not taken away' % (callers[item.current['id']], ', '.join(lost))


def takes_away(directory, item):
    """The ``own_rights`` options whose planned value lacks something ``item`` holds now."""
    lost = []
    for option in directory.own_rights:
        api_name = directory.resource.by_name[option].api_name
        if api_name in item.plan.changes and set(item.current.get(api_name) or []) - set(item.plan.changes[api_name] or []):
            lost.append(option)
    return lost


def refuse_too_many_deletions(directory, items, params, read):
    """Fail, before any write and in check mode too, when the run would delete more accounts than the limits
    allow, naming them. One deletion is never held to the percentage (it governs mass deletion)."""
    doomed = sorted(item.key for item in items if item.plan.action == 'delete')
    count = len(doomed)
    if count > params['max_deletions']:
        why = 'max_deletions is %d' % params['max_deletions']
    elif count > 1 and count * 100 > params['max_deletion_percent'] * read:
        why = 'that is %d of %d %ss read (%.0f%%), and max_deletion_percent is %d' % (
            count, read, directory.label, count * 100.0 / read, params['max_deletion_percent'])
    else:
        return
    shown = ', '.join(doomed[:NAMES_SHOWN]) + (' and %d more, all in would_delete' % (count - NAMES_SHOWN)
                                               if count > NAMES_SHOWN else '')
    raise Refusal('this run would delete %d %s%s, and %s; nothing was changed. If that is meant, raise the limit '
                  'for this task. They are: %s' % (count, directory.label, '' if count == 1 else 's', why, shown),
                  dict(changed=False, would_delete=doomed))


def wanted_of(directory, item, state):
    """{option: value} an entry asks for; in a resetting state, reset values fill what it leaves out
    of an existing user (a create sends only what the entry says, and the create defaults)."""
    values = dict(item.entry)
    if state in RESETTING_STATES and item.current is not None:
        for option, value in directory.resource.cleared.items():
            values.setdefault(option, value)
    return values


def complete_details(directory, items, state, concurrency):
    """Read the details of listed users whose managed fields the listing lacks (Kestra), concurrently.

    Only to compare: a user to delete needs none.
    """
    if state == 'deleted':
        return
    todo = [item for item in items if item.wanted is not None and item.current is not None
            and directory.needs_details(item.wanted)]
    for item, user in zip(todo, bounded_map(lambda item: directory.details(item.current), todo, concurrency)):
        item.current = item.resource = user


def plan_item(directory, item, params):
    if item.kept_because:
        return reconcile.Plan(None, item.current, after=item.current)
    if item.entry is None:   # unlisted under overridden
        return ensure.plan(directory.resource, item.current, {directory.key: item.key}, 'absent')
    return ensure.plan(directory.resource, item.current, item.wanted, 'absent' if params['state'] == 'deleted'
                       else 'present', update_password=params.get('update_password') or 'on_create')


class Memberships:
    """One kind of membership a bulk module's entries may name (OneLogin roles, Agilicus application roles,
    Kestra groups per tenant); each vendor fills it in, and the single-user module shares its pieces.

    The run reads memberships once for the whole directory - per role or group, or from the listing - never
    user by user, resolves names to ids before any write, and plans each user with the single module's
    semantics (``reconcile.plan_membership``: exact set, or ``append``).
    """

    options = ()          # the entry options that name memberships; an entry without any leaves them alone
    append_option = None  # the entry option that adds instead of making the set exact
    diff_name = None      # the memberships' name in the diff and in ``changed``
    argument_spec = {}    # the entry options' spec (``options`` and ``append_option``), added to the declaration's

    def __init__(self, module, client):
        self.module = module
        self.client = client

    def asked(self, entry):
        return any(entry.get(option) is not None for option in self.options)

    def resolve(self, entries):
        """[wanted] of each of ``entries`` (``(where, entry)``): names turned into ids, unknown ones refused naming
        ``where`` and the option, before any write."""
        raise NotImplementedError

    def read(self, users, wanted):
        """{user id: current memberships} of ``users`` (found in the directory), read as few times as the API allows."""
        raise NotImplementedError

    def empty(self):
        """The memberships of a user that does not exist yet."""
        return []

    def plan(self, current, wanted, append):
        return reconcile.plan_membership(current, wanted, 'present', append, name=self.diff_name)

    def keeps(self, user, plan):
        """Why ``plan`` must not be carried out on ``user`` (it would cut the caller's own rights), or None."""
        return None

    def check(self, item, wanted):
        """Fail (InputError naming the entry and option) when ``item.members``, planned from ``wanted``, cannot be
        carried out on the user as the run leaves it (Kestra: groups of a tenant it will have no access to)."""
        return None

    def write(self, user, plan):
        """Carry out ``plan`` (a reconcile.Plan from ``plan``) on ``user`` as it stands after its own write."""
        raise NotImplementedError


def plan_memberships(directory, entries, items, params):
    """Plan the memberships of every listed user whose entry names them (the run's one read of them)."""
    kind = directory.memberships
    if kind is None or params['state'] in ('deleted', 'gathered'):
        return
    numbers = dict((same_key(entry[directory.key]), number) for number, entry in enumerate(entries, 1))
    todo = [item for item in items if item.entry is not None and kind.asked(item.entry)]
    # every entry's names are resolved, protected ones included: a typo fails whoever it is for
    wanted = kind.resolve([('config entry %d: ' % numbers[same_key(item.key)], item.entry) for item in todo])
    todo = [(item, want) for item, want in zip(todo, wanted) if not item.kept_because and item.plan.action != 'delete']
    if not todo:
        return
    current = kind.read([item.current for item, want in todo if item.current is not None], [want for item, want in todo])
    for item, want in todo:
        now = current.get(item.current['id'], kind.empty()) if item.current is not None else kind.empty()
        item.members = kind.plan(now, want, bool(item.entry.get(kind.append_option)))
        if item.members.changed and item.current is not None:
            reason = kind.keeps(item.current, item.members)
            if reason:
                item.members_kept = '; '.join(filter(None, [item.members_kept, reason]))
                item.members = reconcile.Plan(None, item.members.current, after=item.members.current,
                                              diff={'before': {}, 'after': {}})
        kind.check(item, want)   # before any write, in check mode too


def apply_plans(directory, items, check_mode, concurrency):
    """Carry out the plans, at most ``concurrency`` at once; after a failure, start no more."""
    stop = threading.Event()

    def apply(item):
        if stop.is_set():
            return
        item.attempted = True
        try:
            item.resource = reconcile.execute(item.plan, check_mode, create=directory.create,
                                              update=directory.update, delete=directory.delete)
            item.account_written = item.plan.action in ('create', 'update') and not check_mode
            if item.members_change and not check_mode:   # after its own write: a new user has an id only now
                directory.memberships.write(item.resource, item.members)
        # one user's failure, never the whole run's traceback
        except Exception as err:  # pylint: disable=broad-except
            item.error = err
            stop.set()

    bounded_map(apply, items, concurrency)


def bounded_map(function, items, concurrency):
    """``[function(item) for item in items]`` with at most ``concurrency`` calls in flight."""
    if concurrency <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(function, items))


def report(directory, items, diff_mode):
    """Per-user results, a summary by outcome, the diff of what changes; PartialFailure if a write failed."""
    users = []
    summary = dict((outcome, 0) for outcome in ('created', 'updated', 'deleted', 'unchanged', 'kept', 'failed',
                                                'not attempted'))
    before, after = {}, {}
    option_of = dict((field.api_name, field.option) for field in directory.fields)
    for item in items:
        outcome = item.outcome
        summary[outcome] += 1
        row = {directory.key: item.key, 'id': (item.resource or item.current or {}).get('id'), 'result': outcome}
        if item.plan.action == 'update' or item.members_change and item.plan.action is None:
            row['changed'] = sorted([option_of.get(name, name) for name in item.plan.changes]
                                    + ([directory.memberships.diff_name] if item.members_change else []))
        if item.kept_because:
            row['reason'] = item.kept_because
        if item.members_kept:
            row['memberships_kept'] = item.members_kept
        if item.error is not None:
            row['msg'] = describe_failure(item.error)
            if item.account_written:
                row['msg'] = 'the account was %s; then %s' % (DONE[item.plan.action], row['msg'])
            if outcome_unknown(item.error):
                row['msg'] += '; this write may or may not have been applied'
        users.append(row)
        if item.changed:
            in_words = directory.resource.diff_in_words(item.plan.diff)
            if item.members_change:
                for side in ('before', 'after'):
                    in_words[side].update(item.members.diff[side] if item.current is not None or side == 'after'
                                          else {})
            before[item.key] = in_words['before']
            after[item.key] = in_words['after']
    summary['total'] = len(items)
    maybe_applied = any(item.error is not None and outcome_unknown(item.error) for item in items)
    result = dict(changed=maybe_applied or any(item.applied or item.account_written for item in items), users=users,
                  summary=summary)
    if diff_mode:
        result['diff'] = {'before': before, 'after': after}
    failed = [item for item in items if item.error is not None]
    if failed:
        raise common.PartialFailure(failure_message(directory, failed, summary), result)
    return result


def describe_failure(error):
    """One user's failure in words: the request and the vendor's message, or what else went wrong."""
    if isinstance(error, (ApiError, common.InputError)):
        return str(error)
    return 'unexpected error, a defect of this module (please report it): %s: %s' % (type(error).__name__, error)


def outcome_unknown(error):
    """Whether the failed user's write may have landed: an unanswered write, or a failure we cannot explain."""
    if isinstance(error, ApiError):
        # a write answered 2xx whose answer was unusable landed all the same
        landed = error.method != 'GET' and error.status is not None and 200 <= error.status < 300
        return landed or common.outcome_unknown(error)
    return not isinstance(error, common.InputError)


def failure_message(directory, failed, summary):
    first = failed[0]
    unknown = outcome_unknown(first.error)
    text = '%s %s: %s' % (directory.label, first.key, describe_failure(first.error))
    if len(failed) > 1:
        text += ' (and %d more failed)' % (len(failed) - 1)
    # a user whose own write landed before its memberships' write failed counts among the writes applied
    written = [item.plan.action for item in failed if item.account_written]
    text += '; applied before the failure: %d created, %d updated, %d deleted' % (
        summary['created'] + written.count('create'), summary['updated'] + written.count('update'), summary['deleted'])
    if written:
        text += ' (%d of them a failed user\'s own write, which landed before its memberships\' write failed)' % len(written)
    text += '; %d not attempted' % summary['not attempted']
    if unknown:
        text += '; the failed write may or may not have been applied'
    return text + '; run the task again: it reads the directory before writing'
