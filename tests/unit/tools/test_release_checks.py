# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks make test relies on for the release catch what they exist for.

tools/action_groups.py --check: a module documenting another group than meta/runtime.yml's.
tools/guides_rst.py --check: the docs site's guides out of date; and its fix-up of the code spans m2r2 misses.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import os
import shutil

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def load_tool(name):
    spec = importlib.util.spec_from_file_location('tool_' + name, os.path.join(ROOT, 'tools', name + '.py'))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@pytest.fixture
def action_groups():
    return load_tool('action_groups')


def test_every_module_documents_the_action_group_runtime_yml_gives_it(action_groups):
    assert action_groups.attribute_errors() == []
    assert action_groups.main(['--check']) == 0


def test_a_module_documenting_another_group_fails_the_check(action_groups, tmp_path, monkeypatch):
    for part in ('plugins', 'meta'):
        shutil.copytree(os.path.join(ROOT, part), str(tmp_path / part))
    module = tmp_path / 'plugins' / 'modules' / 'xiq_user.py'
    module.write_text(module.read_text().replace('accessops.identity.attributes.XIQ_GROUP',
                                                 'accessops.identity.attributes.KESTRA_GROUP'))
    monkeypatch.setattr(action_groups, 'ROOT', str(tmp_path))
    errors = action_groups.attribute_errors()
    assert len(errors) == 1 and errors[0].startswith('plugins/modules/xiq_user.py:') and 'XIQ_GROUP' in errors[0]
    assert action_groups.main(['--check']) == 1


def test_a_module_without_the_attribute_fails_the_check(action_groups, tmp_path, monkeypatch):
    for part in ('plugins', 'meta'):
        shutil.copytree(os.path.join(ROOT, part), str(tmp_path / part))
    module = tmp_path / 'plugins' / 'modules' / 'kestra_users.py'
    module.write_text(module.read_text().replace('  - accessops.identity.attributes.KESTRA_GROUP\n', ''))
    monkeypatch.setattr(action_groups, 'ROOT', str(tmp_path))
    assert [error.split(':')[0] for error in action_groups.attribute_errors()] == ['plugins/modules/kestra_users.py']


def test_the_docs_site_guides_are_up_to_date():
    pytest.importorskip('m2r2')
    assert load_tool('guides_rst').main(['--check']) == 0


@pytest.mark.parametrize('line, expected', [
    ('`a` and `b`', '``a`` and ``b``'),
    ('``kept`` and `guide <https://example.com/x.md>`__\\ , `c`s', '``kept`` and `guide <https://example.com/x.md>`__\\ , ``c``\\ s'),
    (':ref:`label` stays a role', ':ref:`label` stays a role'),
    ('an unclosed ` backtick', 'an unclosed ` backtick'),
])
def test_code_spans_m2r2_missed_become_literals(line, expected):
    pytest.importorskip('m2r2')
    assert load_tool('guides_rst')._literal_spans(line) == expected


def test_code_blocks_are_left_alone():
    pytest.importorskip('m2r2')
    rst = '.. code-block:: bash\n\n   echo `date`\n\nafter `x`'
    assert load_tool('guides_rst').literal_code_spans(rst) == '.. code-block:: bash\n\n   echo `date`\n\nafter ``x``'
