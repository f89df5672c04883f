#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: identity_access_report
short_description: Write the access review of the four services as JSON, CSV and HTML
version_added: 1.0.0
description:
  - Takes what the C(*_info) modules read from ExtremeCloud IQ, Kestra, Agilicus and OneLogin and writes the access
    review - who has an account on each service, with which rights, who owns it, when they last signed in, which
    Kestra API tokens exist and when they expire, and what changed since the previous review.
  - Makes no request to any service. The role C(accessops.identity.identity_review) runs the reads and this module.
  - Flags each account V(privileged), V(orphan) (no person in O(people)), V(dormant), V(never_signed_in) (with
    V(in_grace) when created within O(grace_days)), V(mfa_off) (only where the reading says so), V(token_expiring),
    V(token_expired), V(token_unused) and V(future_date) (a creation, sign-in or token time after the moment of the
    review by more than an hour - not believed, so it never counts as a recent sign-in or use, nor as a new account).
  - A reading of the wrong shape (a role that is not a list of names, a C(superAdmin) that is not a boolean), and a
    review that read no service, fail naming the reading; the report names the services not reviewed.
  - Only allow-listed fields reach the report; the schema is documented in C(docs/review.md).
author:
  - accessops.identity maintainers (@accessops)
options:
  readings:
    description:
      - What was read, per service; a service left out was not reviewed.
      - V(xiq) the C(users) of M(accessops.identity.xiq_user_info), and V(xiq_external) the C(external_users) of
        M(accessops.identity.xiq_external_user_info) (grants to users of other accounts, keyed C(<login> (external))); V(onelogin) those of
        M(accessops.identity.onelogin_user_info) with C(include=[roles]); V(agilicus) those of
        M(accessops.identity.agilicus_user_info) (groups and service accounts' users are no accounts - the JSON lists
        them in C(not_accounts) - and a group's roles reach its members through C(member_of)), and V(agilicus_identities)
        its RV(accessops.identity.agilicus_user_info#module:org_upstream_user_identities)
        (where Agilicus keeps sign-ins); V(kestra) those of M(accessops.identity.kestra_user_info) with C(api_tokens=true) (or without, and
        V(kestra_tokens) the results of M(accessops.identity.kestra_api_token_info) per user, each with C(owner) and
        C(api_tokens)).
    type: dict
    required: true
  people:
    description:
      - The people the accounts should belong to, as the C(identity_people) of the role
        C(accessops.identity.identity_lifecycle) (C(email), and per service C(login_name), C(username) or C(email)).
      - An account whose e-mail or key names nobody is an orphan. Names are compared ignoring case, but a name that
        is not pure ASCII never matches one that is (a look-alike such as the Kelvin sign is not C(k)).
      - C(state) is V(present) or V(absent) (anything else fails naming the person); a person who is V(absent) in one
        list and present in another is a leaver. C(expires) is a day, YYYY-MM-DD (a YAML date too).
    type: list
    elements: dict
    default: []
  people_file:
    description: A JSON or YAML file holding a list of people, added to O(people).
    type: path
  previous:
    description:
      - The JSON (or YAML) report of the previous review; the report then lists what changed since.
      - It must be a regular file of at most 64 MiB holding a report of the same C(schema_version) whose accounts'
        fields have their types; otherwise the module fails naming O(previous).
    type: path
  now:
    description: The moment of the review (ISO 8601, UTC when no zone is given); the current time without it.
    type: str
  inactive_days:
    description: An account whose last sign-in is older than this many days is dormant. From 0 to 36500.
    type: int
    default: 90
  grace_days:
    description: An account created less than this many days ago is never dormant. From 0 to 36500.
    type: int
    default: 14
  token_expiring_days:
    description: A token that expires within this many days is flagged V(token_expiring). From 0 to 36500.
    type: int
    default: 7
  token_unused_days:
    description: A token not used (or, never used, issued) for more than this many days is flagged V(token_unused). From 0 to 36500.
    type: int
    default: 90
  onelogin_admin_role_ids:
    description: OneLogin role ids that make a member privileged (OneLogin's API does not say which roles are admin-capable).
    type: list
    elements: str
    default: []
  agilicus_admin_roles:
    description: Agilicus role names that make a member of an application privileged, compared ignoring case; at least one.
    type: list
    elements: str
    default: [admin, owner]
  dest:
    description: The directory the report files are written to; created when missing.
    type: path
    required: true
  basename:
    description: The files' name, without extension (V(.json), V(.csv), V(.html) are added).
    type: str
    default: access-review
attributes:
  check_mode:
    support: full
    details:
      - The report is written in check mode too - it is the output of a review that only reads.
    description:
      - Can run in C(check_mode).
  diff_mode:
    support: none
    description:
      - Returns no diff.
notes:
  - C(changed) is true when a report file's content changed.
  - The files are written readable and writable by their owner only (mode C(0600)); they list every account and
    its rights.
'''

EXAMPLES = r'''
- name: The quarterly access review (the role runs the reads first)
  ansible.builtin.include_role:
    name: accessops.identity.identity_review

- name: The report alone, from readings registered earlier
  accessops.identity.identity_access_report:
    readings:
      xiq: "{{ xiq_read.users }}"
      kestra: "{{ kestra_read.users }}"
    people: "{{ identity_people }}"
    previous: reviews/2026-Q3/access-review.json
    dest: reviews/2026-Q4
'''

RETURN = r'''
summary:
  description: The counts of the report (the JSON's C(summary)).
  returned: always
  type: dict
  sample:
    accounts: 12
    people: 5
    services: {xiq: 4, kestra: 3, agilicus: 2, onelogin: 3}
    flags: {privileged: 3, orphan: 2, dormant: 1, never_signed_in: 2, in_grace: 1, mfa_off: 0,
            token_expiring: 1, token_expired: 0, token_unused: 1}
    tokens: 3
    findings: 7
    added: 0
    removed: 0
    rights_changed: 0
findings:
  description: Every account with a flag other than V(in_grace), as C(service), C(key), C(id), C(person), C(flags).
  returned: always
  type: list
  elements: dict
changes:
  description: The C(added), C(removed) and C(rights_changed) accounts since O(previous).
  returned: always
  type: dict
files:
  description: The paths written, by form (C(json), C(csv), C(html)).
  returned: always
  type: dict
remediable:
  description:
    - Per service, the keys of the accounts a remediation would disable or remove - dormant ones, and those that
      never signed in and are known to be past O(grace_days) (an account of unknown age is not). Privileged ones
      included. Kestra reports no sign-in, so it never has any.
  returned: always
  type: dict
  sample: {xiq: [old.admin@example.com], kestra: [], agilicus: [], onelogin: [ghost]}
remediation:
  description:
    - Per service, the unprivileged accounts of RV(remediable) as entries of the service's bulk module (C(login_name),
      C(username), C(email); a OneLogin user without a username by its C(email)).
  returned: always
  type: dict
  sample: {xiq: [], kestra: [], agilicus: [], onelogin: [{username: ghost}, {email: nousername@example.com}]}
remediation_privileged:
  description: The same for the privileged accounts of RV(remediable), remediated only on request.
  returned: always
  type: dict
  sample: {xiq: [{login_name: old.admin@example.com}], kestra: [], agilicus: [], onelogin: []}
not_reviewed:
  description: The services not read in this review (also in the JSON and on the page).
  returned: always
  type: list
  elements: str
  sample: [kestra]
'''

import json
import os
import stat
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.accessops.identity.plugins.module_utils import review, review_html


MAX_INPUT_BYTES = 64 * 1024 * 1024   # a people file or previous report larger than this is no such file


def load(module, path, what):
    """A JSON or YAML file, which must be a regular file of at most MAX_INPUT_BYTES (not a FIFO, nor /dev/zero)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0))
        with os.fdopen(descriptor) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                module.fail_json(msg='%s: %s is not a regular file' % (what, path))
            if info.st_size > MAX_INPUT_BYTES:
                module.fail_json(msg='%s: %s is larger than %d bytes' % (what, path, MAX_INPUT_BYTES))
            content = handle.read(MAX_INPUT_BYTES + 1)
    except (IOError, OSError, UnicodeDecodeError) as error:
        module.fail_json(msg='%s: cannot read %s: %s' % (what, path, to_native(error)))
    try:
        return json.loads(content)
    except ValueError:
        pass
    try:
        import yaml
        return yaml.safe_load(content)
    except Exception as error:  # pylint: disable=broad-except
        module.fail_json(msg='%s: %s is neither JSON nor YAML: %s' % (what, path, to_native(error)))


def write(path, content):
    """Write ``content`` unless the file already holds it (and is a regular file of mode 0600); whether it changed.

    The new content goes to a temporary file created afresh in the same directory (mkstemp: O_EXCL, a name
    nobody could plant a symlink at), then renamed over ``path``: a planted link is replaced, never followed."""
    try:
        info = os.lstat(path)
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        with open(path, newline='') as handle:
            same = handle.read() == content
        if same and stat.S_IMODE(info.st_mode) == 0o600:
            return False
    # who has what, where: readable by the run's user only (0600), whatever the umask
    descriptor, partial = tempfile.mkstemp(dir=os.path.dirname(path) or '.', prefix='.%s.' % os.path.basename(path),
                                           suffix='.partial')
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, 'w', newline='') as handle:
            handle.write(content)
        os.rename(partial, path)
    except BaseException:
        if os.path.lexists(partial):
            os.unlink(partial)
        raise
    return True


def main():
    module = AnsibleModule(
        argument_spec=dict(
            readings=dict(type='dict', required=True),
            people=dict(type='list', elements='dict', default=[]),
            people_file=dict(type='path'),
            previous=dict(type='path'),
            now=dict(type='str'),
            inactive_days=dict(type='int', default=90),
            grace_days=dict(type='int', default=14),
            token_expiring_days=dict(type='int', default=7, no_log=False),
            token_unused_days=dict(type='int', default=90, no_log=False),
            onelogin_admin_role_ids=dict(type='list', elements='str', default=[]),
            agilicus_admin_roles=dict(type='list', elements='str', default=['admin', 'owner']),
            dest=dict(type='path', required=True),
            basename=dict(type='str', default='access-review'),
        ),
        supports_check_mode=True,
    )
    params = module.params
    for name in ('inactive_days', 'grace_days', 'token_expiring_days', 'token_unused_days'):
        if not 0 <= params[name] <= review.MAX_DAYS:
            module.fail_json(msg='%s: a number of days from 0 to %d, not %d' % (name, review.MAX_DAYS, params[name]))
    if not params['basename'] or '/' in params['basename'] or params['basename'].startswith('.'):
        module.fail_json(msg='basename: a file name without a directory, not %r' % params['basename'])
    unknown = sorted(set(params['readings']) - set(review.READINGS))
    if unknown:
        module.fail_json(msg='readings: unknown key(s) %s; known: %s' % (', '.join(unknown), ', '.join(review.READINGS)))
    people = list(params['people'])
    if params['people_file']:
        loaded = load(module, params['people_file'], 'people_file')
        if not isinstance(loaded, list):
            module.fail_json(msg='people_file: %s holds no list of people' % params['people_file'])
        people += loaded
    previous = None
    if params['previous']:
        previous = load(module, params['previous'], 'previous')
        if not isinstance(previous, dict) or not isinstance(previous.get('accounts'), list):
            module.fail_json(msg='previous: %s is not an access review report (no "accounts" list)' % params['previous'])
    if not params['agilicus_admin_roles'] or not all((name or '').strip() for name in params['agilicus_admin_roles']):
        module.fail_json(msg='agilicus_admin_roles: name at least one role, and no empty one (the default is admin, owner)')
    try:
        now = review.parse_now(params['now'])
        the_report = review.report(
            params['readings'], people, now, previous,
            inactive_days=params['inactive_days'], grace_days=params['grace_days'],
            token_expiring_days=params['token_expiring_days'], token_unused_days=params['token_unused_days'],
            onelogin_admin_role_ids=params['onelogin_admin_role_ids'], agilicus_admin_roles=params['agilicus_admin_roles'])
    except review.ReviewError as error:
        module.fail_json(msg=to_native(error))
    contents = dict(json=json.dumps(the_report, indent=2, sort_keys=True) + '\n', csv=review.csv_text(the_report),
                    html=review_html.render(the_report))
    try:
        if not os.path.isdir(params['dest']):
            os.makedirs(params['dest'])
        files = dict((form, os.path.join(params['dest'], '%s.%s' % (params['basename'], form))) for form in contents)
        changed = [write(files[form], contents[form]) for form in sorted(contents)]
    except (IOError, OSError) as error:
        module.fail_json(msg='dest: cannot write the report to %s: %s' % (params['dest'], to_native(error)))
    findings = [dict(service=a['service'], key=a['key'], id=a['id'], person=a['person'],
                     flags=[f for f in a['flags'] if f in review.FINDINGS])
                for a in the_report['accounts'] if set(a['flags']) & set(review.FINDINGS)]
    plain, privileged = review.remediation(the_report)
    module.exit_json(changed=any(changed), summary=the_report['summary'], findings=findings,
                     changes=the_report['changes'], files=files, remediable=review.remediable(the_report),
                     remediation=plain, remediation_privileged=privileged, not_reviewed=the_report['not_reviewed'])


if __name__ == '__main__':
    main()
