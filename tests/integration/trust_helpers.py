# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the trust tests of every vendor share: fakes started per test, modules run against them, failures checked."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from tests.integration.inprocess import run_module


def started_fixture(start):
    """A fixture ``started``: ``started(module)`` is the fake ``start(module)`` seeds and starts, stopped after the test."""
    @pytest.fixture
    def started():
        fakes = []

        def start_for(module):
            fakes.append(start(module))
            return fakes[-1]
        yield start_for
        for fake in fakes:
            fake.stop()
    return started


def caller(sign_in):
    """``call(module, fake, check=False, **args)``: run ``module`` in-process against ``fake``.

    ``sign_in(module, args)`` adds the credentials (and anything else every run of ``module`` needs) to ``args``.
    """
    def call(module, fake, check=False, **args):
        sign_in(module, args)
        return run_module(module, dict(args, api_url=fake.url), check=check)
    return call


def failed_unexpectedly(result, request):
    """The run failed on the answer to ``request`` (``'GET /users'``), with no traceback."""
    assert result.get('failed'), result
    assert result['msg'].startswith(request + ' -> '), result['msg']
    assert ': unexpected answer: ' in result['msg'], result['msg']
    assert 'Traceback' not in result['_output'] and 'defect of this module' not in result['msg']
