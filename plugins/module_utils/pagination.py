# -*- coding: utf-8 -*-
# Copyright: contributors to accessops.identity
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The paging styles of the four APIs, each as a lazy iterator over items, behind one guard.

Lazy so that a lookup stops reading as soon as it has its answer: a user found on
page 3 costs three page reads, not the whole directory. One shared implementation
so that no module can miss a page and create a duplicate.

A service may also lie about its pages: serve the same page for ever, hand out a new
cursor with the same data, ignore the offset, or claim counts that contradict what it
sent. ``PageGuard`` sees every page of every listing before its items are used, and fails
naming the request, so no listing runs unbounded and none ends early on a false count.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.accessops.identity.plugins.module_utils.answers import unexpected

MAX_ITEMS = 1000000   # no directory of these services is larger; a listing that goes on is lying
MAX_PAGES = 20000     # nor needs more pages: a service handing out one new item a page is stopped here


def item_identity(item):
    """What makes an item itself: its ``id`` (or ``user_id``), else its whole content."""
    if isinstance(item, dict):
        for key in ('id', 'user_id'):
            if item.get(key) is not None:
                return '%s:%s' % (key, json.dumps(item[key], sort_keys=True))
    return json.dumps(item, sort_keys=True, default=str)


class PageGuard:
    """Checks each page of one listing: new items only, new cursors only, counts that add up, an end."""

    def __init__(self, identity=item_identity, limit=None):
        self.identity = identity
        self.limit = MAX_ITEMS if limit is None else limit
        self.seen = set()
        self.cursors = set()
        self.pages = 0

    @property
    def count(self):
        return len(self.seen)

    def page(self, response, items):
        """``items`` of one more page, once none of them was seen before and the walk is still bounded."""
        self.pages += 1
        if self.pages > MAX_PAGES:
            raise unexpected(response, 'the listing goes on past %d pages; it does not end' % MAX_PAGES)
        for item in items:
            key = self.identity(item)
            if key in self.seen:
                raise unexpected(response, 'page %d repeats an item an earlier page gave; the listing does '
                                           'not advance' % self.pages)
            self.seen.add(key)
        if self.count > self.limit:
            raise unexpected(response, 'the listing goes on past %d items; it does not end' % self.limit)
        return items

    def cursor(self, response, cursor):
        """A cursor for the next page, once it is one the walk has not followed before."""
        marker = json.dumps(cursor, sort_keys=True, default=str)
        if marker in self.cursors:
            raise unexpected(response, 'the next-page cursor was already followed; the listing does not advance')
        self.cursors.add(marker)
        return cursor

    def total(self, response, claimed):
        """Whether the items seen reach the ``claimed`` total (True: the listing is complete)."""
        if claimed is None:
            return False
        if self.count > claimed:
            raise unexpected(response, 'the listing gave %d items but says it holds %d' % (self.count, claimed))
        return self.count == claimed

    def ended(self, response, claimed):
        """The walk ends on ``response``: fail if it ends short of the ``claimed`` total (None: no claim).

        A listing that stops early while saying it holds more hides users, whom a run then creates again."""
        if claimed is not None and self.count < claimed:
            raise unexpected(response, 'the listing gave %d items but says it holds %d; its pages end early'
                             % (self.count, claimed))


def page_number_items(client, path, extract, page_size, params=None, page_param='page',
                      size_param='limit', first_page=1, total_items=None, total_pages=None, guard=None):
    """Items of a ``page``/``limit`` (or ``page``/``size``) listing, page after page.

    ``extract(response)`` returns the page's items (checking their shape). ``total_items(response)``
    (a count of the whole listing), else ``total_pages(response)``, lets the walk stop without
    reading an empty page at the end; a short page always ends it. When the listing says how many
    items it holds, the walk ends exactly there, and a count the pages contradict is a failure:
    a false low count would otherwise end the walk early and hide a user (then duplicated), and a
    false high one means the pages (short, empty, or more than ``total_pages``) left some out.
    """
    guard = guard or PageGuard()
    page = first_page
    claimed = None   # the latest total the listing stated: a page without one does not withdraw it
    while True:
        query = dict(params or {})
        query[page_param] = page
        query[size_param] = page_size
        response = client.get(path, params=query)
        items = guard.page(response, extract(response))
        total = total_items(response) if total_items else None
        claimed = claimed if total is None else total
        complete = guard.total(response, total)
        last = total_pages(response) if total_pages and total is None else None
        yield from items
        if claimed is None and last is not None and page - first_page + 1 < last and len(items) < page_size:
            # with no count, the page count is the only word on where the listing ends: a short page before it
            # (a service capping the page size, or a page lost) would end the walk early and hide users
            raise unexpected(response, 'page %d of %d holds %d items, fewer than the %d asked for; the listing '
                                       'ends early' % (page - first_page + 1, last, len(items), page_size))
        if not items or len(items) < page_size or complete:
            guard.ended(response, claimed)
            return
        if last is not None and page - first_page + 1 >= last:
            guard.ended(response, claimed)
            return
        page += 1


def offset_items(client, path, extract, page_size, params=None, offset_param='offset', size_param='limit',
                 identity=item_identity):
    """Items of an ``offset``/``limit`` listing (Agilicus org user roles).

    ``identity(item)`` says what makes an item itself (see ``item_identity``), for items without an ``id``."""
    guard = PageGuard(identity=identity)
    offset = 0
    while True:
        query = dict(params or {})
        query[offset_param] = offset
        query[size_param] = page_size
        response = client.get(path, params=query)
        items = guard.page(response, extract(response))
        yield from items
        if len(items) < page_size:
            return
        offset += len(items)


def keyset_items(client, path, extract, next_key, key_param, params=None, page_size=None,
                 size_param='limit', first_key='', identity=item_identity):
    """Items of a keyset listing (Agilicus: ``previous_email`` / ``next_page_email``).

    ``identity(item)`` says what makes an item itself (see ``item_identity``), for items without an ``id``."""
    guard = PageGuard(identity=identity)
    key = first_key
    while True:
        query = dict(params or {})
        query[key_param] = key
        if page_size:
            query[size_param] = page_size
        response = client.get(path, params=query)
        items = guard.page(response, extract(response))
        yield from items
        key = next_key(response)
        if not items or not key:
            return
        guard.cursor(response, key)


def follow_items(client, path, extract, next_query, params=None, total_items=None):
    """Items of a listing whose answer says how to ask for the next page.

    ``next_query(response)`` returns the query parameters of the next page (a cursor, a
    page number) or None on the last page. OneLogin: ``After-Cursor`` header or body cursor,
    else the ``Current-Page`` / ``Total-Pages`` headers. ``total_items(response)``, as in
    ``page_number_items``: the walk ends there, and fails if it ends short of it.
    """
    guard = PageGuard()
    query = dict(params or {})
    claimed = None
    while True:
        response = client.get(path, params=query)
        items = guard.page(response, extract(response))
        total = total_items(response) if total_items else None
        claimed = claimed if total is None else total
        complete = guard.total(response, total)
        yield from items
        following = next_query(response)
        if not items or not following or complete:
            guard.ended(response, claimed)
            return
        guard.cursor(response, following)
        query = dict(params or {})
        query.update(following)
