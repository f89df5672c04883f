# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ways a run can fail, each turned into a clear ``msg`` by ``common.run``."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

RATE_LIMITED = 429


class ApiError(Exception):
    """A request that did not succeed, described the way a user can act on it.

    ``str(error)`` reads ``PATCH /users/42 -> 409: <vendor message>``; ``status`` is
    None when no HTTP answer came back (connection refused, timeout, bad TLS).
    ``waited`` is the time this request spent waiting on the service's rate limit.
    """

    def __init__(self, method, path, status=None, message='', body=None, retries=0, waited=0.0):
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        self.body = body
        self.retries = retries
        self.waited = waited
        super(ApiError, self).__init__(self.describe())

    def describe(self):
        where = '%s %s' % (self.method, self.path)
        what = self.message or 'no message'
        if self.status is None:
            text = '%s failed: %s' % (where, what)
        else:
            text = '%s -> %s: %s' % (where, self.status, what)
        if self.retries:
            text += ' (after %d retr%s' % (self.retries, 'y' if self.retries == 1 else 'ies')
            text += ' and %.0f s of waiting)' % self.waited if self.waited >= 0.5 else ')'
        return text


class InputError(Exception):
    """Input that cannot be acted on: refused before any write, naming the option."""


class Refusal(InputError):
    """Input refused before any write, with ``result`` naming what the run would have done (the accounts a
    deletion limit stopped), for the task's result next to ``msg``."""

    def __init__(self, message, result):
        super(Refusal, self).__init__(message)
        self.result = result


class PartialFailure(Exception):
    """Some of a bulk run's writes failed: ``result`` says which users changed, failed or were not tried."""

    def __init__(self, message, result):
        super(PartialFailure, self).__init__(message)
        self.result = result
