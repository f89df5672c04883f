# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The paging styles of the four APIs, each as a lazy iterator over items.

Lazy so that a lookup stops reading as soon as it has its answer: a user found on
page 3 costs three page reads, not the whole directory. One shared implementation
so that no module can miss a page and create a duplicate.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def page_number_items(client, path, extract, page_size, params=None, page_param='page',
                      size_param='limit', first_page=1, total_pages=None):
    """Items of a ``page``/``limit`` (or ``page``/``size``) listing, page after page.

    ``extract(response)`` returns the page's items; ``total_pages(response)``, when
    given, lets the walk stop without reading an empty page at the end.
    """
    page = first_page
    while True:
        query = dict(params or {})
        query[page_param] = page
        query[size_param] = page_size
        response = client.get(path, params=query)
        items = extract(response)
        yield from items
        last = total_pages(response) if total_pages else None
        if not items or len(items) < page_size or (last is not None and page - first_page + 1 >= last):
            return
        page += 1


def keyset_items(client, path, extract, next_key, key_param, params=None, page_size=None,
                 size_param='limit', first_key=''):
    """Items of a keyset listing (Agilicus: ``previous_email`` / ``next_page_email``)."""
    key = first_key
    seen = set()
    while True:
        query = dict(params or {})
        query[key_param] = key
        if page_size:
            query[size_param] = page_size
        response = client.get(path, params=query)
        items = extract(response)
        yield from items
        key = next_key(response)
        # A server that hands back a key it already gave would loop for ever.
        if not items or not key or key in seen:
            return
        seen.add(key)


def follow_items(client, path, extract, next_query, params=None):
    """Items of a listing whose answer says how to ask for the next page.

    ``next_query(response)`` returns the query parameters of the next page (a cursor, a
    page number) or None on the last page. OneLogin: ``After-Cursor`` header or body cursor,
    else the ``Current-Page`` / ``Total-Pages`` headers.
    """
    query = dict(params or {})
    seen = set()
    while True:
        response = client.get(path, params=query)
        items = extract(response)
        yield from items
        following = next_query(response)
        marker = repr(sorted((following or {}).items()))
        if not items or not following or marker in seen:
            return
        seen.add(marker)
        query = dict(params or {})
        query.update(following)
