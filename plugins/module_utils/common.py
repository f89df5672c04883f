# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module plumbing shared by every vendor: connection options, start-up, failure reporting."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import traceback

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.accessops.identity.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, ApiClient, ApiError, RetryPolicy,
)
from ansible_collections.accessops.identity.plugins.module_utils.declaration import refuse_lists_given_for_text
from ansible_collections.accessops.identity.plugins.module_utils.errors import InputError, PartialFailure
from ansible_collections.accessops.identity.plugins.module_utils.redact import redact, redact_data

__all__ = ['InputError', 'PartialFailure']


def connection_argument_spec(env_prefix, token=True, username=False, client_credentials=False):
    """The connection options, same names for every vendor, each with its env fallback."""
    spec = dict(
        api_url=dict(type='str', required=True, fallback=(env_fallback, [env_prefix + '_API_URL'])),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=30),
    )
    if token:
        spec['api_token'] = dict(type='str', no_log=True, fallback=(env_fallback, [env_prefix + '_API_TOKEN']))
    if username:
        spec['api_username'] = dict(type='str', fallback=(env_fallback, [env_prefix + '_API_USERNAME']))
        spec['api_password'] = dict(type='str', no_log=True,
                                    fallback=(env_fallback, [env_prefix + '_API_PASSWORD']))
    if client_credentials:
        spec['api_client_id'] = dict(type='str', fallback=(env_fallback, [env_prefix + '_CLIENT_ID']))
        spec['api_client_secret'] = dict(type='str', no_log=True,
                                         fallback=(env_fallback, [env_prefix + '_CLIENT_SECRET']))
    return spec


def update_password_option():
    """``update_password`` as ansible.builtin.user has it (doc fragment accessops.identity.update_password)."""
    return dict(type='str', choices=['on_create', 'always'], default='on_create', no_log=False)


CONSTRAINTS = ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by')


def new_module(argument_spec, vendor_defaults=None, **kwargs):
    """An AnsibleModule with check mode on, failing early and clearly without ``requests``.

    ``vendor_defaults`` (e.g. which auth options go together) add up with the module's own
    constraints: a module that names its own ``required_one_of`` keeps the vendor's too.
    A list or dict given where text belongs fails here, naming the option.
    """
    kwargs = merged_constraints(vendor_defaults or {}, kwargs)
    kwargs.setdefault('supports_check_mode', True)
    module = AnsibleModule(argument_spec=argument_spec, **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))
    if module.params.get('timeout') is not None and module.params['timeout'] <= 0:
        module.fail_json(msg='timeout must be a positive number of seconds, got %s' % module.params['timeout'])
    try:
        refuse_lists_given_for_text(argument_spec, raw_arguments())
    except InputError as err:
        module.fail_json(msg=str(err))
    refuse_blank_credentials(module)
    return module


CREDENTIALS = ('api_url', 'api_token', 'api_username', 'api_password', 'api_client_id', 'api_client_secret')


def refuse_blank_credentials(module):
    """Fail on a connection option given but blank (an unset variable, an empty env var).

    A blank ``api_token`` satisfies ``required_one_of`` yet authenticates as nobody, and the
    auth would fall back to a username that was never given. A blank secret is also dropped
    from the no_log values first: Ansible would otherwise mask every space of every message.
    """
    blank = [name for name in CREDENTIALS if isinstance(module.params.get(name), str) and not module.params[name].strip()]
    if blank:
        for name in blank:
            module.no_log_values.discard(module.params[name])
        module.fail_json(msg='%s must not be empty; set %s or leave %s out' % (
            ', '.join(blank), 'them' if len(blank) > 1 else 'it', 'them' if len(blank) > 1 else 'it'))


def merged_constraints(vendor, module):
    """The module's keyword arguments with each constraint list of the vendor's added (once)."""
    result = dict(vendor)
    for name, value in module.items():
        if name in CONSTRAINTS and name in result:
            if isinstance(value, dict):
                result[name] = dict(result[name], **value)
            else:
                result[name] = list(result[name]) + [item for item in value if item not in result[name]]
        else:
            result[name] = value
    return result


def raw_arguments():
    """The task's arguments as given, before Ansible converted them to the declared types ({} if unreadable)."""
    try:
        return basic._load_params()   # pylint: disable=protected-access
    # the check is a guard on input; an unreadable copy must not stop a module that already has its params
    except Exception:  # pylint: disable=broad-except
        return {}


def build_client(module, auth, error_message=None, refused=None):
    """The HTTP client for this run, configured from the connection options.

    The client masks the module's no_log values (a live set: a session token added later
    is masked too) in every message it builds from an answer.
    """
    params = module.params
    ca_path = params.get('ca_path')
    if ca_path and params['validate_certs']:
        problem = unreadable_file(ca_path)
        if problem:
            module.fail_json(msg='ca_path %s %s; give the path of a PEM CA bundle readable by the user running '
                                 'the module' % (ca_path, problem))
    return ApiClient(
        params['api_url'], auth=auth, timeout=params['timeout'],
        validate_certs=params['validate_certs'], ca_path=ca_path,
        retry=RetryPolicy(), error_message=error_message, connections=params.get('concurrency') or 1,
        secrets=module.no_log_values, refused=refused)


def unreadable_file(path):
    """Why ``path`` cannot serve as a CA bundle (a directory of hashed certificates is fine too), or None."""
    if not os.path.exists(path):
        return 'does not exist'
    if not os.access(path, os.R_OK):
        return 'is not readable'
    return None


def hide_secret(module, value):
    """Treat a value derived from a secret (a session token) like a no_log option."""
    if value:
        module.no_log_values.add(str(value))


def run(module, client, work):
    """Call ``work()`` and exit with its result, turning every failure into a clear ``msg``.

    A failure after some writes succeeded says which (and reports ``changed``), so nothing
    is half-applied silently. Whatever the outcome, a session the run opened is closed.
    Every string that leaves goes through the secret masking first: Ansible's own no_log
    masking only finds a secret's exact value.
    """
    try:
        outcome = work()
    except ApiError as err:
        msg = str(err) + '; ' + what_was_applied(err, client.applied)
        failure = dict(msg=msg, method=err.method, path=err.path)
        if err.status is not None:
            failure['status'] = err.status
        if err.body is not None:
            failure['body'] = err.body
        outcome = failed(client, failure)
    except InputError as err:
        outcome = failed(client, dict(getattr(err, 'result', {}), msg=str(err) + (
            '; ' + what_was_applied(None, client.applied) if client.applied else '')))
    except PartialFailure as err:     # a bulk run: per-user results say what was applied
        outcome = failed(client, dict(err.result, msg=str(err)))
    # a defect must still report what landed, never as a traceback
    except Exception as err:  # pylint: disable=broad-except
        outcome = failed(client, dict(
            msg='unexpected error, a defect of this module (please report it): %s: %s; %s'
                % (type(err).__name__, err, what_was_applied(None, client.applied)),
            exception=traceback.format_exc()))
    close_session(client)
    for warning in client.warnings:
        module.warn(redact(warning, module.no_log_values))
    outcome = redact_data(outcome, module.no_log_values)
    if outcome.pop('failed', False):
        module.fail_json(**outcome)
    module.exit_json(**outcome)


def failed(client, failure):
    """A failure's result: ``applied`` and ``changed`` say what landed before it."""
    failure.setdefault('applied', list(client.applied))
    failure['changed'] = bool(failure.get('changed')) or bool(client.applied)
    failure['failed'] = True
    return failure


def close_session(client):
    """Close a login session the run opened; a failure to do so is a warning, never the run's result."""
    try:
        client.close()
    # closing must never hide the run's own result
    except Exception as err:  # pylint: disable=broad-except
        client.warnings.append('could not close the login session: %s; it expires on its own' % err)


def what_was_applied(err, applied):
    """Say honestly what a failure left behind: done writes, and whether the failed one may have landed."""
    parts = []
    if applied:
        parts.append('already applied before the failure: ' + ', '.join(applied))
    if err is not None and outcome_unknown(err):
        parts.append('%s %s may or may not have been applied; run the task again: it looks the resource '
                     'up before writing' % (err.method, err.path))
    return '; '.join(parts) or 'nothing was changed'


def outcome_unknown(err):
    """Whether a failed request may still have been applied: a write with no answer, or a 5xx."""
    return err.method != 'GET' and (err.status is None or err.status >= 500)


def only_match(hits, ambiguity, label=lambda hit: str(hit.get('id'))):
    """The one hit of a natural-key lookup, or None; several is an error listing every candidate.

    Never pick one: ``ambiguity`` says what is ambiguous, ``label`` names each candidate.
    """
    if len(hits) > 1:
        raise InputError('%s %s' % (ambiguity, ', '.join(label(hit) for hit in hits)))
    return hits[0] if hits else None
