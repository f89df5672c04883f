# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review's page in headless Chromium: its script runs, its numbers are the JSON's, its filters count
what the JSON counts, a hostile display name stays text, and it loads nothing from the network.

Chromium comes from Debian (tools/run-tests.sh installs it when it can). Without it this test FAILS: a browser
test that silently skips cannot fail. ACCESSOPS_NO_BROWSER=1 is the explicit way to skip it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
from html.parser import HTMLParser

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import review
from tests.integration import review_browser as browser
from tests.integration import review_scenario as scenario


class Elements(HTMLParser):
    """Every element with an id, every src/href, and how many <script> elements there are."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.by_id = {}
        self.sources = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if 'id' in attrs:
            self.by_id[attrs['id']] = attrs
        self.sources += [attrs[name] for name in ('src', 'href') if attrs.get(name)]
        self.scripts += tag == 'script'


def parsed(text):
    elements = Elements()
    elements.feed(text)
    return elements


@pytest.fixture(scope='module')
def page(tmp_path_factory):
    if os.environ.get('ACCESSOPS_NO_BROWSER') == '1':
        pytest.skip('ACCESSOPS_NO_BROWSER=1: the browser test is skipped on purpose')
    assert browser.chromium(), ('chromium is not installed: apt-get install -y --no-install-recommends chromium '
                                '(tools/run-tests.sh does it as root), or set ACCESSOPS_NO_BROWSER=1 to skip on purpose')
    result = browser.report_of_the_scenario(str(tmp_path_factory.mktemp('review')))
    with open(result['files']['json']) as handle:
        return result['files']['html'], json.load(handle)


def count(elements, element_id):
    return int(elements.by_id[element_id]['data-count'])


def test_the_page_in_a_browser_shows_the_json_numbers(page):
    html, report = page
    text = browser.dom(html)
    assert re.search(r'<body[^>]*data-ready="true"', text), 'the page script did not run'
    elements = parsed(text)
    summary = report['summary']
    assert count(elements, 'count-accounts') == summary['accounts'] == 12
    assert count(elements, 'count-people') == summary['people']
    for flag in review.FLAGS:
        assert count(elements, 'count-' + flag) == summary['flags'][flag] == len(scenario.EXPECTED[flag]), flag
    for service in report['services']:
        assert count(elements, 'count-service-' + service) == summary['services'][service]
    assert count(elements, 'count-shown') == summary['accounts']


@pytest.mark.parametrize('flag', review.FLAGS)
def test_the_flag_filter_shows_as_many_accounts_as_the_json_flags(page, flag):
    html, report = page
    elements = parsed(browser.dom(html, '#flag=' + flag))
    assert count(elements, 'count-shown') == report['summary']['flags'][flag]


def test_the_service_filter_shows_that_service_s_accounts(page):
    html, report = page
    elements = parsed(browser.dom(html, '#service=xiq&flag=orphan'))
    assert count(elements, 'count-shown') == sum(
        1 for a in report['accounts'] if a['service'] == 'xiq' and 'orphan' in a['flags']) == 1


def test_a_hostile_display_name_stays_text_and_nothing_is_fetched(page):
    text = browser.dom(page[0])
    elements = parsed(text)
    assert elements.scripts == 1            # the page's own; the vendor's <script> name is text
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in text
    assert [s for s in elements.sources if re.match(r'^(?:[a-z]+:)?//', s, re.I)] == []


def test_a_screenshot_is_taken(page, tmp_path):
    out = browser.screenshot(page[0], str(tmp_path / 'review.png'))
    with open(out, 'rb') as handle:
        data = handle.read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n' and len(data) > 20000
