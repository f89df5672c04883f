# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the per-vendor test files share: a fake started per test, a module run against it, its writes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.fakes.base import serve
from tests.integration.inprocess import run_module


def fake_fixture(make):
    """A pytest fixture serving the fake ``make()`` builds, stopped after the test."""
    @pytest.fixture
    def fake():
        yield from serve(make())
    return fake


def token_caller(token, **connection):
    """``call(module, fake, check=False, diff=False, **args)`` with ``token`` (unless args name one) and ``connection``."""
    def call(module, fake, check=False, diff=False, **args):
        args.setdefault('api_token', token)
        for name, value in connection.items():
            args.setdefault(name, value)
        return run_module(module, dict(args, api_url=fake.url), check, diff)
    return call


def writes(fake):
    """(method, path, body) of every write the fake received."""
    return [(entry['method'], entry['path'], entry['body']) for entry in fake.writes()]
