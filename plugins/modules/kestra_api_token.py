#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: kestra_api_token
short_description: Manage API tokens of Kestra users and service accounts
version_added: 1.0.0
description:
  - Ensure an API token with a given O(name) exists for a Kestra user or service account, or does not.
  - The token's secret is shown by Kestra only once, when the token is created. This module returns it
    in RV(api_token.fullToken) on that run only and never re-creates a token just to read it again.
  - Kestra tokens cannot be edited. When the wanted O(description), O(max_age) or O(extended) differ from
    the live token, O(rotate=true) deletes and re-creates it (a new secret); otherwise the module warns
    and leaves the token as it is.
  - A token that has expired is re-created when O(state=present), and so is one that expires within
    O(rotate_before).
  - A re-created token is created first and the old one deleted after, so the owner always holds a working
    token; the new secret is returned once, in RV(api_token.fullToken). What the task does not set (O(description),
    O(extended), and O(max_age) read from the old token's issue and expiry) is carried over to the new token.
author:
  - accessops.identity maintainers (@accessops)
options:
  name:
    description:
      - The token's name, unique for its owner. Lower-case letters, digits and single dashes, at most 63 characters.
    type: str
    required: true
  description:
    description:
      - Description of the token.
    type: str
  max_age:
    description:
      - Lifetime of the token as an ISO 8601 duration of days and time, for example V(P30D) or V(PT12H).
      - Leave it out for a token that does not expire.
      - Compared with the live token's expiry minus its issue time; not compared for O(extended) tokens,
        whose expiry moves on each use.
    type: str
  extended:
    description:
      - Whether each use of the token extends its expiry by O(max_age).
    type: bool
  rotate:
    description:
      - When the live token differs from the wanted O(description), O(max_age) or O(extended), delete it and
        create a new one (with a new secret). When V(false), the module warns and changes nothing.
    type: bool
    default: false
  rotate_before:
    description:
      - Re-create the token when it expires within this period, for example V(7d), V(12h), V(2w) or V(P7D).
      - The new token is created before the old one is deleted; the run that does it returns the new secret in
        RV(api_token.fullToken) and warns. Later runs change nothing until the new token in turn comes within the
        period.
      - Requires O(max_age), the new token's lifetime, and must be shorter than it, or every new token would be due
        at once. A token that never expires is never rotated by this option.
      - Compared with the controller's clock; in check mode the same decision is reported and nothing is written.
    type: str
    version_added: 1.0.0
  state:
    description:
      - V(present) creates the token if it is missing, V(absent) deletes it (every token of the owner with that name).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - accessops.identity.kestra
  - accessops.identity.kestra_token_owner
  - accessops.identity.connection
  - accessops.identity.attributes
  - accessops.identity.attributes.KESTRA_GROUP
notes:
  - The reference documents the service-account token answers as untyped objects; the module reads a
    token list either as C({results, total}) or as a bare list, and a create answer of 200 or 201.
  - When the answer to a create is lost (no answer, a 5xx) or holds no secret, the module fails saying that the
    token may exist. Running the task again would find it and report no change, without its secret; re-create the
    token to get one (O(rotate=true) with a changed O(description), O(max_age) or O(extended), or O(state=absent)
    and then O(state=present)).
  - Set C(no_log) on the task, or register the result and keep it out of logs, when you create or rotate a
    token whose secret must not appear in the job output.
  - Kestra's reference does not say whether two tokens of one owner may share a name; rotation needs it for the
    moment between the create and the delete. A service that refuses (409) fails the task with nothing deleted.
    If the delete fails after the create, the task fails returning the new secret, and the next run reports the
    two tokens of that name, naming both ids, until the older one is deleted.
  - An owner that does not exist (an unknown O(user_email) or O(service_account_name)) fails with O(state=present),
    before any write and in check mode too; with O(state=absent) there is nothing to delete and nothing changes.
'''

EXAMPLES = r'''
- name: A CI token for the deploy service account, kept out of the log
  accessops.identity.kestra_api_token:
    api_url: https://kestra.example.com
    api_token: "{{ kestra_admin_token }}"
    tenant: main
    service_account_id: 4aRbOqzHy2W9
    name: ci-deploy
    description: Used by the CI pipeline
    max_age: P90D
  register: ci_token
  no_log: true

- name: The same token, its service account named rather than by id
  accessops.identity.kestra_api_token:
    api_url: https://kestra.example.com
    api_token: "{{ kestra_admin_token }}"
    tenant: main
    service_account_name: deploy-bot
    name: ci-deploy
    description: Used by the CI pipeline
    max_age: P90D
  register: ci_token
  no_log: true

- name: Store the secret the first time only
  ansible.builtin.copy:
    content: "{{ ci_token.api_token.fullToken }}"
    dest: /etc/ci/kestra-token
    mode: "0600"
  when: ci_token.api_token.fullToken is defined
  no_log: true

- name: A personal token of a user, re-created when its settings change
  accessops.identity.kestra_api_token:
    user_email: alice@example.com
    name: laptop
    max_age: P30D
    rotate: true

- name: Rotate the CI token a week before it expires (run it daily or weekly); the new secret once
  accessops.identity.kestra_api_token:
    service_account_name: deploy-bot
    tenant: main
    name: ci-deploy
    max_age: P90D
    rotate_before: 7d
  register: ci_token
  no_log: true

- name: Revoke it
  accessops.identity.kestra_api_token:
    user_email: alice@example.com
    name: laptop
    state: absent
'''

RETURN = r'''
api_token:
  description:
    - The token as Kestra lists it (C(id), C(name), C(prefix), C(iat), C(exp), C(extended), C(expired), ...).
    - On the run that creates it, the create answer instead, including the secret C(fullToken).
    - Empty when the token is absent.
  returned: always
  type: dict
  contains:
    fullToken:
      description: The token's secret. Returned only on the run that creates the token; treat it as sensitive.
      returned: when a token was created
      type: str
  sample:
    id: 3dJ8fXkQ
    name: ci-deploy
    description: Used by the CI pipeline
    prefix: kestra_3dJ8
    extended: false
    expired: false
owner:
  description: Which owner the token belongs to.
  returned: always
  type: dict
  sample:
    kind: service account
    id: 4aRbOqzHy2W9
    tenant: main
'''

import time

from ansible_collections.accessops.identity.plugins.module_utils import common, kestra, kestra_api, reconcile, token_age
from ansible_collections.accessops.identity.plugins.module_utils.errors import ApiError, PartialFailure
from ansible_collections.accessops.identity.plugins.module_utils.redact import redact, redact_data

TOKEN = kestra.TOKEN
FIELDS = TOKEN.fields()


def comparable(token, wanted):
    """The live token with a ``maxAge`` that can be compared with the wanted one."""
    view = dict(token)
    lifetime = token_age.token_lifetime(token)
    wanted_age = wanted.get('maxAge')
    if token.get('extended') or wanted_age is None or (lifetime is None and token.get('exp')):
        # an extended token's expiry slides, and one listed without its issue time has no age to compare
        view['maxAge'] = wanted_age
    elif lifetime is not None and abs(lifetime - token_age.duration_seconds(wanted_age)) <= 60:
        view['maxAge'] = wanted_age
    else:
        view['maxAge'] = token_age.duration_text(lifetime)
    return view


def ensure_token(module, client):
    params = module.params
    values = TOKEN.normalised(dict((option.name, params[option.name]) for option in TOKEN.options))
    rotate_before = rotation_period(params['rotate_before'], values.get('max_age'))
    owner = kestra.resolve_token_owner(client, params)
    tokens = kestra_api.list_tokens(client, owner) if owner else None
    if tokens is None:
        if params['state'] == 'absent':
            plan = reconcile.plan_absent(None, FIELDS)
            return reconcile.result(plan, None, 'api_token', module._diff, owner={})
        raise common.InputError('the token owner does not exist: %s' % describe_owner(params))

    name = values['name']
    named = [t for t in tokens if t.get('name') == name]
    for token in named:
        owner.token_path(token['id'])   # an id that cannot be addressed fails here, before any write, as in check mode
    key = {'name': name}
    wanted = TOKEN.wanted(values)
    if params['state'] == 'absent':   # every token of the name: an interrupted rotation leaves two
        plan = reconcile.plan_absent(named[0] if named else None, FIELDS, key=key)
        if len(named) > 1:
            plan.diff['before']['ids'] = [t['id'] for t in named]
        token = reconcile.execute(plan, module.check_mode,
                                  delete=lambda first: [kestra_api.delete_token(client, owner, t['id']) for t in named])
        return reconcile.result(plan, token, 'api_token', module._diff,
                                owner=dict(kind=owner.kind, id=owner.id, tenant=owner.tenant))

    ambiguity = ('%d tokens of %s are named %s (an interrupted rotation leaves two: delete the older one, or run '
                 'state: absent, which deletes every token of the name): ids' % (len(named), owner.describe(), name))
    current = common.only_match(named, ambiguity)
    age = token_age.judge(current, time.time(), expiring_within=rotate_before) if current else {}

    if age.get('expired'):
        plan = replacement(current, wanted, key, 'it has expired')
    elif age.get('expiring'):
        plan = replacement(current, wanted, key, 'it expires at %s, within rotate_before (%s)'
                           % (current.get('exp'), params['rotate_before']))
    else:
        live = comparable(current, wanted) if current else None
        plan = reconcile.plan_present(live, wanted, FIELDS, key=key)
        plan.current = current   # the comparable view served the decision; report the real token
        if plan.action == 'update':
            differing = ', '.join(sorted(plan.changes))
            if params['rotate']:
                plan = replacement(current, wanted, key, 'its %s differ(s)' % differing, plan.diff)
            else:
                module.warn('API token %s of %s differs in %s, but Kestra tokens cannot be edited; '
                            'set rotate=true to re-create it with a new secret' % (name, owner.describe(), differing))
                plan = reconcile.Plan(None, current, after=current, diff=plan.diff)

    token = reconcile.execute(
        plan, module.check_mode,
        create=lambda body: create_token(client, owner, body),
        replace=lambda old, body: rotate(client, owner, old, body))
    if plan.action == 'replace':
        module.warn('API token %s of %s %s re-created because %s; it has a new secret'
                    % (name, owner.describe(), 'would be' if module.check_mode else 'was', plan.reason))
    plan.diff = TOKEN.diff_in_words(plan.diff)
    return reconcile.result(plan, token, 'api_token', module._diff,
                            owner=dict(kind=owner.kind, id=owner.id, tenant=owner.tenant))


def rotation_period(text, max_age):
    """``rotate_before`` in seconds (None when not set), refused before any request when it is not a period
    or when it is not shorter than ``max_age``: a new token would be due for rotation at once, on every run."""
    if text is None:
        return None
    seconds = token_age.period_seconds(text)
    if not seconds:
        raise common.InputError('rotate_before must be %s, longer than zero; got %r' % (token_age.PERIOD_HELP, text))
    lifetime = token_age.duration_seconds(max_age) if max_age else None
    if lifetime is not None and seconds >= lifetime:
        raise common.InputError('rotate_before (%s) must be shorter than max_age (%s): every new token would '
                                'be due for rotation at once' % (text, max_age))
    return seconds


def rotate(client, owner, old, body):
    """Re-create a token: the new one first, then the old one goes, so the owner is never left without a
    working token. The new secret is returned even when deleting the old token fails (it is shown once)."""
    created = create_token(client, owner, body)
    secret = created['fullToken']
    if created.get('id') == old['id']:
        raise PartialFailure('the answer to creating the new API token %s names the old token\'s id (%s), so the old '
                             'token was not deleted; list the tokens, keep the new one and delete the old one'
                             % (created.get('name'), old['id']), dict(api_token=created, changed=True))
    try:
        kestra_api.delete_token(client, owner, old['id'])
    # whatever stops the delete, the new secret must reach the caller: it is never shown again
    except Exception as err:  # pylint: disable=broad-except
        raise PartialFailure('the new API token %s was created (its secret is in api_token.fullToken, shown only '
                             'now) but deleting the old one (id %s) failed: %s; delete it, or run the task with '
                             'state: absent and then present'
                             % (created.get('name'), old['id'], redact(str(err), [secret])),
                             dict(api_token=created, changed=True))
    return created


def carried_over(current):
    """The settings of a token that cannot be read back but can be inferred from its listing, so that a
    re-creation keeps what the task does not set: its description, extended flag and lifetime."""
    settings = dict((key, current.get(key)) for key in ('description', 'extended') if current.get(key) is not None)
    lifetime = token_age.token_lifetime(current)
    if lifetime and not current.get('extended'):
        settings['maxAge'] = token_age.duration_text(lifetime)
    return settings


def replacement(current, wanted, key, reason, diff=None):
    body = dict(key, **carried_over(current))
    body.update(wanted)
    before = dict(key, expires=current.get('exp'), expired=bool(current.get('expired')))
    return reconcile.Plan('replace', current, changes=body, after=body, reason=reason,
                          diff=diff or {'before': before, 'after': dict(body, replaced_by_a_new_token=True)})


LOST_SECRET = ('the token may exist now, and Kestra shows its secret only in the answer to its creation: running '
               'the task again finds the token and reports no change, and its secret cannot be read again. To get '
               'a secret, re-create the token: rotate: true with a changed description, max_age or extended, or '
               'state: absent and then present')


def create_token(client, owner, body):
    """POST the token and return it with its secret (``fullToken``), which no later read gives.

    A create whose outcome is unknown, or whose answer holds no secret, fails saying so: the
    token may exist, and a re-run would find it and never show its secret.
    """
    try:
        answer = kestra_api.create_token(client, owner, body)
    except ApiError as err:
        answered_oddly = err.status is not None and 200 <= err.status < 300   # the create landed
        if answered_oddly or common.outcome_unknown(err):
            echoed = secrets_in(err.body)   # a failed answer that still carries the new token's secret
            raise ApiError(err.method, err.path, err.status, '%s; %s' % (redact(err.message, echoed), LOST_SECRET),
                           redact_data(err.body, echoed), retries=err.retries, waited=err.waited)
        raise
    created = dict(body)
    created.update(answer)
    return created


def secrets_in(body):
    """The values a token's secret field holds anywhere in an answer (to mask them in a failure)."""
    found, todo = [], [body]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            found.extend(v for k, v in item.items() if k == 'fullToken' and isinstance(v, str) and v)
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found


def describe_owner(params):
    if params['user_email']:
        return 'no Kestra user has e-mail %s' % params['user_email']
    if params['user_id']:
        return 'no Kestra user has id %s' % params['user_id']
    where = ' in tenant %s' % params['tenant'] if params['tenant'] else ''
    if params['service_account_name'] is not None:
        return 'no service account%s is named %s' % (where, params['service_account_name'])
    return 'no service account has id %s%s' % (params['service_account_id'], where)


def main():
    module = kestra_api.new_module(
        kestra_api.argument_spec(
            rotate=dict(type='bool', default=False),
            rotate_before=dict(type='str'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            **dict(TOKEN.argument_spec(key_required=True), **kestra.token_owner_options())
        ),
        required_by={'rotate_before': 'max_age'},
        **kestra.TOKEN_OWNER_CONSTRAINTS
    )
    params = module.params
    if params['user_email'] is not None and not params['user_email'].strip():
        module.fail_json(msg='user_email must not be empty')
    client = kestra_api.client_for(module)
    common.run(module, client, lambda: ensure_token(module, client))


if __name__ == '__main__':
    main()
