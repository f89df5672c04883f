# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One way to bring a declared resource to its wanted state, for the single and the bulk modules.

A vendor resource has a declaration (``declaration.Resource``) and a contract: an object with
``find(values, resource_id)``, ``create(body)``, ``update(current, changes)`` and ``delete(current)``
(the bulk modules' ``Directory`` is one). ``plan`` decides, ``ensure`` decides and carries out;
check mode only skips the write, and the diff is in the options' words.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.accessops.identity.plugins.module_utils import reconcile
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError


def plan(resource, current, values, state='present', by_id=None, update_password='on_create'):
    """The plan for one resource: ``values`` by option name (None: not managed), ``current`` as the API has it.

    ``by_id``: the id the task addressed the resource by; the key is then a managed field (a rename),
    and a missing resource cannot be created from an id.
    """
    key_value = values.get(resource.key)
    key = {resource.key_option.api_name: key_value}
    renaming = by_id is not None and key_value is not None and resource.renamable
    live_key = reconcile.get_path(current, resource.key_option.api_name) if current is not None else None
    if by_id is not None and key_value is not None and current is not None \
            and not resource.key_option.field.same(key_value, live_key):
        if state in ('absent', 'deleted'):
            raise InputError('%s %s has %s %s, not %s; nothing was deleted: give the id alone, or the %s it has'
                             % (resource.label, by_id, resource.key, live_key, key_value, resource.key))
        if not resource.renamable:
            raise InputError('%s %s has %s %s, which cannot be changed; remove it and create one with %s %s instead'
                             % (resource.label, by_id, resource.key, live_key, resource.key, key_value))
    fields = resource.fields(with_key=renaming)
    if state in ('absent', 'deleted'):
        return reconcile.plan_absent(current, fields, key=key)
    wanted = resource.wanted(values, with_key=renaming)
    if current is None:
        if by_id is not None:
            raise InputError('no %s has id %s; to create one, give %s instead of id'
                             % (resource.label, by_id, resource.key))
        missing = resource.missing_for_create(values)
        if missing:
            raise InputError('%s %s does not exist; to create it, also set: %s'
                             % (resource.label, key_value, ', '.join(missing)))
        wanted = dict(resource.create_defaults(), **wanted)
    return reconcile.plan_present(current, wanted, fields, key=key, update_password=update_password)


def find(resource, contract, values, by_id=None, state='present'):
    """The resource the task addresses (``values`` normalised); None when there is none.

    Addressed by id with a different key, it is a rename: the new key must not already name
    another resource, or the rename would make two with one key (or fail half-way on a real
    run that check mode predicted to succeed). That costs one lookup, only on a rename.
    """
    current = contract.find(values, by_id)
    key_value = values.get(resource.key)
    if by_id is None or current is None or key_value is None or not resource.renamable or state in ('absent', 'deleted'):
        return current   # a delete with another key is refused by ``plan``
    option = resource.key_option
    if option.field.same(key_value, reconcile.get_path(current, option.api_name)):
        return current
    holder = contract.find(values, None)
    if holder is not None and holder.get('id') != current.get('id'):
        raise InputError('%s %s cannot take %s %s: %s %s already has it' % (
            resource.label, by_id, resource.key, key_value, resource.label, holder.get('id')))
    return current


def carry_out(resource, the_plan, contract, check_mode, actions=None):
    """Run the plan's write, then its one-off ``actions`` (none of them in check mode); return the
    resource afterwards. The diff is put in the options' words and names the actions.

    ``actions`` is a list of ``(name, act)``: ``act(resource)`` carries out the action on the resource
    as the write left it and returns it as it stands after (or None when unchanged). They are part
    of the plan, so that ``changed`` and check mode are decided in this one place.
    """
    if actions and the_plan.action == 'create' and not asks_more_than_the_key(resource, the_plan.changes):
        # an offboarding task run for someone already gone (or mistyped) must not bring the account back
        raise InputError('no %s has %s %s; %s act on an existing %s, so nothing was created (to create it, '
                         'give more than its %s)' % (resource.label, resource.key, the_plan.changes.get(
                             resource.key_option.api_name), ', '.join(name for name, act in actions),
                             resource.label, resource.key))
    after = reconcile.execute(the_plan, check_mode, create=contract.create, update=contract.update,
                              delete=contract.delete)
    the_plan.diff = resource.diff_in_words(the_plan.diff)
    return run_actions(the_plan, check_mode, after, actions)


def asks_more_than_the_key(resource, body):
    """Whether a create's ``body`` holds something the task set besides the key (create defaults aside)."""
    defaults = resource.create_defaults()
    return any(name != resource.key_option.api_name and not (name in defaults and value == defaults[name])
               for name, value in body.items())


def run_actions(the_plan, check_mode, target, actions):
    """Fold one-off ``actions`` into the plan (it changes something; the diff names them) and carry them
    out on ``target`` in order, none in check mode and none on a resource that no longer exists.

    ``actions`` is a list of ``(name, act)``; ``act(target)`` returns the target as it stands after
    (or None when unchanged). A module that only acts (a password change, a bulk update) plans
    nothing else and calls this alone, so check mode is still decided here.
    """
    actions = list(actions or ())
    reconcile.add_actions(the_plan, [name for name, act in actions])
    if not check_mode and target is not None:
        for name, act in actions:
            target = act(target) or target
    return target


def ensure(module, resource, contract, values, result_key, by_id=None, update_password='on_create'):
    """The single-resource module's run: find, plan, write (or predict), and its result."""
    values = resource.normalised(values)
    state = module.params.get('state') or 'present'
    current = find(resource, contract, values, by_id, state)
    the_plan = plan(resource, current, values, state, by_id, update_password)
    after = carry_out(resource, the_plan, contract, module.check_mode)
    return reconcile.result(the_plan, after, result_key, module._diff)
