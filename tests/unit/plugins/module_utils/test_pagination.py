# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paging: every page is read when needed, and no page more than needed."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools

import pytest

from ansible_collections.accessops.identity.plugins.module_utils import pagination
from ansible_collections.accessops.identity.plugins.module_utils.client import ApiError, Response


class PagedClient:
    """Serves ``items`` in pages like XIQ's GET /users, recording each query."""

    def __init__(self, items, style='page'):
        self.items = items
        self.style = style
        self.queries = []

    def get(self, path, params=None):
        self.queries.append(dict(params))
        if self.style == 'page':
            size = params['limit']
            start = (params['page'] - 1) * size
            data = self.items[start:start + size]
            total = -(-len(self.items) // size)
            return Response(200, {}, {'data': data, 'total_pages': total}, '')
        start = int(params.get('cursor') or params.get('previous_email') or 0)
        data = self.items[start:start + 2]
        following = str(start + 2) if start + 2 < len(self.items) else None
        return Response(200, {'After-Cursor': following} if following else {},
                        {'data': data, 'next': following}, '')


def page_items(client, size=10):
    return pagination.page_number_items(client, '/users', lambda r: r.body['data'], size,
                                        total_pages=lambda r: r.body['total_pages'])


def test_reads_every_page_of_a_full_listing():
    client = PagedClient(list(range(25)))
    assert list(page_items(client)) == list(range(25))
    assert [q['page'] for q in client.queries] == [1, 2, 3]


def test_exact_multiple_stops_on_total_pages_without_an_empty_read():
    client = PagedClient(list(range(20)))
    assert len(list(page_items(client))) == 20
    assert [q['page'] for q in client.queries] == [1, 2]


def test_lookup_stops_at_the_page_holding_the_match():
    client = PagedClient(list(range(1000)))
    found = next(item for item in page_items(client, size=100) if item == 250)
    assert found == 250
    assert [q['page'] for q in client.queries] == [1, 2, 3]


def test_empty_listing_reads_once():
    client = PagedClient([])
    assert list(page_items(client)) == []
    assert len(client.queries) == 1


def test_follow_uses_the_query_the_answer_names_until_none():
    client = PagedClient(list(range(5)), style='cursor')

    def next_query(response):
        cursor = response.headers.get('After-Cursor')
        return {'cursor': cursor} if cursor else None
    items = pagination.follow_items(client, '/api/1/users', lambda r: r.body['data'], next_query, params={'limit': 2})
    assert list(items) == [0, 1, 2, 3, 4]
    assert [q.get('cursor') for q in client.queries] == [None, '2', '4']
    assert all(q['limit'] == 2 for q in client.queries)


def test_keyset_follows_next_key_and_never_loops():
    client = PagedClient(list(range(5)), style='keyset')
    items = pagination.keyset_items(client, '/users', lambda r: r.body['data'], lambda r: r.body['next'],
                                    'previous_email', page_size=2)
    assert list(items) == [0, 1, 2, 3, 4]

    class Stuck(PagedClient):
        def get(self, path, params=None):
            self.queries.append(params)
            return Response(200, {}, {'data': [1], 'next': 'same'}, '')
    stuck = Stuck([])
    items = pagination.keyset_items(stuck, '/users', lambda r: r.body['data'], lambda r: r.body['next'],
                                    'previous_email')
    with pytest.raises(ApiError) as caught:
        list(itertools.islice(items, 10))
    assert 'repeats an item' in str(caught.value)
