"""The ordered id list of a node, a sort and a search, as the item list needs it: the whole list
for the worker, and the first screen of it early (``first=``) so the window shows rows at once.

Sorts that an index serves walk it; search and flag sorts pick between sorting a small result
whole and walking the sort order testing each row, by how common the match looks."""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable
from enum import IntEnum

from reader.model import Filter, Kind, Query, Sort, SortKey
from reader.store.conditions import (
    ANNOTATED,
    BOOKMARKED,
    MATCHED,
    count_items,
    filter_clauses,
    order_by,
    scalar,
    where,
)
from reader.store.dateorder import current, kept
from reader.store.db import snapshot
from reader.store.fts import match_expression


def item_ids(
    conn: sqlite3.Connection,
    flt: Filter,
    sort: Sort = Sort(),
    query: Query | None = None,
    *,
    first: Callable[[array[int]], None] | None = None,
    first_size: int = 200,
) -> array[int]:
    """Ids of the items a node (and a search) shows, in ``sort`` order.

    ``first`` receives the first ``first_size`` ids as soon as they are known, so a window can show
    the top of a long list before the rest is read. They are always the first ids of the result.
    """
    by_date = sort.key is SortKey.DATE and not flt.period
    if by_date and flt.kind is Kind.ALL:
        return _all_by_date(conn, sort.descending, query, first, first_size)
    if by_date and flt.kind is Kind.SOURCE and flt.ident is not None and query is None:
        return _source_by_date(conn, flt.ident, sort, first, first_size)
    test = _MatchTest.NONE
    if query is not None:
        found = _matches(conn, query, _FEW_MATCHES + 1)
        if len(found) <= _FEW_MATCHES:
            # Every match is known already: sorting a few thousand rows takes milliseconds.
            ids = _sorted_matches(conn, flt, sort, found)
            if first is not None:
                first(ids[:first_size])
            return ids
        test = _match_test(conn, found)
    elif sort.key is SortKey.SOURCES:
        by_sources = _source_sorted(conn, flt, sort, first, first_size)
        if by_sources is not None:
            return by_sources
    head = None
    if first is not None:
        head = _head(conn, flt, sort, query, test, first_size)
        if head is not None:
            first(head)
    if sort.key in _FLAG_SORTS:
        ids = _flag_sorted(conn, flt, sort, query)
        if first is not None and head is None:
            first(ids[:first_size])
        return ids
    if query is not None and test is not _MatchTest.NONE and sort.key in _INDEXED_SORTS:
        # Many matches: walking the sort's covering index and testing each id against the matches
        # collected once reads no item row, where sorting the matches fetches every one of them for
        # its sort key (1.7 s against a few hundred ms for 136,000 matches of 455,000 items).
        clauses, params = filter_clauses(flt, probe=flt.kind in _PROBED)
        clauses.append(_match_clause(_MatchTest.LIST))
        params.append(match_expression(query))
        cond = " AND ".join(clauses)
    else:
        # With a search the matches drive the query, and testing each for a source beats collecting
        # the source's items first.
        cond, params = where(flt, query, probe=query is not None)
    cur = conn.execute(f"SELECT i.id FROM items i WHERE {cond} ORDER BY {order_by(sort)}", params)
    ids = array("q", (row[0] for row in cur.fetchmany(first_size)))
    if first is not None and head is None:
        # Sorted by an expression: everything is read before the first row anyway.
        first(array("q", ids))
    ids.extend(row[0] for row in cur)
    return ids


def _all_by_date(
    conn: sqlite3.Connection,
    descending: bool,
    query: Query | None,
    first: Callable[[array[int]], None] | None,
    size: int,
) -> array[int]:
    """All items by date, or the matches of a search among them, ordered by the kept id list
    (``dateorder``): the node most searched, and the one shown at start."""
    with snapshot(conn):
        if query is None and first is not None and kept(conn) is None:
            # The list is read whole in a moment; the walk of the date index shows rows first.
            first(_walk(conn, Filter(), Sort(SortKey.DATE, descending), None, _MatchTest.NONE, size))
            first = None
        order = current(conn)
        if query is None:
            ids = order.newest_first(descending)
        else:
            expression = match_expression(query)
            prefix = _has_prefix(query)
            if (
                first is not None
                and descending
                and (head := order.head(conn, expression, size, prefix=prefix))
            ):
                first(head)
                first = None
            ids = order.matching(conn, expression, descending)
    if first is not None:
        first(ids[:size])
    return ids


def _source_by_date(
    conn: sqlite3.Connection,
    source_id: int,
    sort: Sort,
    first: Callable[[array[int]], None] | None,
    size: int,
) -> array[int]:
    """A source's items by date: the first screen walked from the date index, the whole list picked
    out of the kept order (500,000 items of a million in a fraction of the time of the walk)."""
    with snapshot(conn):
        if first is not None:
            first(_walk(conn, Filter(Kind.SOURCE, source_id), sort, None, _MatchTest.NONE, size))
        return current(conn).of_source(conn, source_id, sort.descending)


def _has_prefix(query: Query) -> bool:
    return any(term.prefix for group in (*query.groups, query.excluded) for term in group)


# Sources are few and large, so collecting one's items before sorting takes most of a second with
# a million items, while probing them in index order finds the first screen in milliseconds. Tags,
# bookmarks and notes are sparse, where probing would walk the whole index instead.
_PROBED = frozenset({Kind.SOURCE})
_INDEXED_SORTS = frozenset({SortKey.DATE, SortKey.TITLE, SortKey.SEEN})
_NEWEST = Sort(SortKey.DATE, True)

# Sorts that put a small set of items (bookmarked, annotated) before or after all the others, each
# part newest first. The set is read whole; the others come from the date index in order, so
# neither part needs a sort of the whole list. The union has no duplicates: notes and highlights
# of one item are one row of the set.
_FLAGGED_IDS = {
    SortKey.BOOKMARKED: "SELECT item_id FROM bookmarks",
    SortKey.ANNOTATED: "SELECT item_id FROM notes WHERE body != '' UNION SELECT item_id FROM highlights",
}
_FLAGS = {SortKey.BOOKMARKED: BOOKMARKED, SortKey.ANNOTATED: ANNOTATED}
_FLAG_SORTS = frozenset(_FLAGGED_IDS)

# A search with at most this many matches is read whole and sorted (about 30 ms for the most at a
# million items). With more, its first screen is found by walking the sort order and testing each row.
_FEW_MATCHES = 10_000
# Up to about this many matches, sorting them all is still quicker than walking to a sparse few.
_SORT_WHOLE = 50_000


# How a walk tests a row. Asking the full-text index about each row was tried and dropped: with the
# stems beside the exact forms one lookup took about 0.5 ms at 455,000 items, so the 800 lookups of a
# first screen cost more than collecting 150,000 matches once (first screen p95 562 ms against 238).
class _MatchTest(IntEnum):
    NONE = 0
    LIST = 1  # collect every match once, then look each row up in that list


def _matches(conn: sqlite3.Connection, query: Query, limit: int) -> array[int]:
    """The first ``limit`` matching ids, in id order: FTS5 reads them from the start of its lists."""
    sql = "SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid LIMIT ?"
    return array("q", (row[0] for row in conn.execute(sql, (match_expression(query), limit))))


def _match_test(conn: sqlite3.Connection, found: array[int]) -> _MatchTest:
    """How to test rows against a search with more than a few matches; NONE to sort them all.

    The share of items matching among the ids the first matches span is a cheap estimate of the
    share overall; it only chooses the faster way, never changes the result.
    """
    # Id ranges stand in for numbers of items (a few ids are gone after merges): counting the rows
    # of a range takes as long as the search itself.
    share = len(found) / (found[-1] - found[0] + 1)
    ids = scalar(conn, "SELECT coalesce((SELECT max(id) FROM items) - (SELECT min(id) FROM items) + 1, 0)")
    if share * ids <= _SORT_WHOLE:
        return _MatchTest.NONE
    return _MatchTest.LIST


def _match_clause(test: _MatchTest) -> str:
    if test is _MatchTest.NONE:
        return MATCHED
    # The unary plus keeps the planner walking the sort order instead of sorting every match.
    return "+i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"


def _sorted_matches(conn: sqlite3.Connection, flt: Filter, sort: Sort, found: array[int]) -> array[int]:
    clauses, params = filter_clauses(flt, probe=True)
    cond = " AND ".join(clauses) or "1"
    sql = (
        "SELECT i.id FROM json_each(?) AS m CROSS JOIN items i ON i.id = m.value "
        f"WHERE {cond} ORDER BY {order_by(sort)}"
    )
    ids_json = "[" + ",".join(map(str, found)) + "]"
    return array("q", (row[0] for row in conn.execute(sql, [ids_json, *params])))


def _head(
    conn: sqlite3.Connection, flt: Filter, sort: Sort, query: Query | None, test: _MatchTest, size: int
) -> array[int] | None:
    """The first ``size`` ids without reading the whole list, or None when that needs a full sort."""
    if query is not None and test is _MatchTest.NONE:
        return None
    if sort.key in _INDEXED_SORTS:
        return _walk(conn, flt, sort, query, test, size)
    if sort.key not in _FLAG_SORTS:
        return None
    flag = _FLAGS[sort.key]
    if sort.descending:
        head = _flagged(conn, flt, sort.key, query, test, size)
        if len(head) < size:
            head.extend(_walk(conn, flt, _NEWEST, query, test, size - len(head), f"NOT {flag}"))
    else:
        head = _walk(conn, flt, _NEWEST, query, test, size, f"NOT {flag}")
        if len(head) < size:
            head.extend(_flagged(conn, flt, sort.key, query, test, size - len(head)))
    return head


def _walk(
    conn: sqlite3.Connection,
    flt: Filter,
    sort: Sort,
    query: Query | None,
    test: _MatchTest,
    size: int,
    extra: str = "",
) -> array[int]:
    """The first ``size`` ids in an indexed order, each row tested as the walk reaches it."""
    clauses, params = filter_clauses(flt, probe=flt.kind in _PROBED)
    if extra:
        clauses.append(extra)
    order = order_by(sort)
    if query is not None:
        clauses.append(_match_clause(test))
        params.append(match_expression(query))
    cond = " AND ".join(clauses) or "1"
    sql = f"SELECT i.id FROM items i WHERE {cond} ORDER BY {order} LIMIT ?"
    return array("q", (row[0] for row in conn.execute(sql, [*params, size])))


def _flagged(
    conn: sqlite3.Connection,
    flt: Filter,
    key: SortKey,
    query: Query | None,
    test: _MatchTest,
    size: int | None = None,
) -> array[int]:
    """The flagged items of a node and search, newest first, read from the small set outward."""
    clauses, params = filter_clauses(flt, probe=True)
    if query is not None:
        clauses.append(_match_clause(test))
        params.append(match_expression(query))
    cond = " AND ".join(clauses) or "1"
    # CROSS JOIN keeps the set outermost: walking the date index for a thousand rows would read it all.
    sql = (
        f"SELECT i.id FROM ({_FLAGGED_IDS[key]}) AS f CROSS JOIN items i ON i.id = f.item_id "
        f"WHERE {cond} ORDER BY {order_by(_NEWEST)}"
    )
    if size is not None:
        sql += f" LIMIT {int(size)}"
    return array("q", (row[0] for row in conn.execute(sql, params)))


def _flag_sorted(conn: sqlite3.Connection, flt: Filter, sort: Sort, query: Query | None) -> array[int]:
    flagged = _flagged(conn, flt, sort.key, query, _MatchTest.NONE)
    cond, params = where(flt, query, probe=query is not None)
    sql = f"SELECT i.id FROM items i WHERE {cond} AND NOT {_FLAGS[sort.key]} ORDER BY {order_by(_NEWEST)}"
    rest = array("q", (row[0] for row in conn.execute(sql, params)))
    if sort.descending:
        flagged.extend(rest)
        return flagged
    rest.extend(flagged)
    return rest


# Sorting every item by its joined source names takes seconds with a million items, yet an item's
# sources are one of few combinations. So each item's set is read once as a bit mask, the node is
# walked newest first, and the items of each combination are collected apart, then joined in the
# order of their names: the same list, in about a quarter of the time. Masks hold 63 sources; a
# store with more is sorted in SQL.
_MAX_MASK_SOURCES = 63


def _source_sorted(
    conn: sqlite3.Connection, flt: Filter, sort: Sort, first: Callable[[array[int]], None] | None, size: int
) -> array[int] | None:
    sources = conn.execute("SELECT id, name FROM sources").fetchall()
    if len(sources) > _MAX_MASK_SOURCES:
        return None
    top = scalar(conn, "SELECT coalesce(max(item_id), 0) FROM item_sources")
    masks = array("Q", [0]) * (top + 1)
    bits = {}
    for bit, (source_id, name) in enumerate(sources):
        bits[1 << bit] = name
        for (item_id,) in conn.execute("SELECT item_id FROM item_sources WHERE source_id = ?", (source_id,)):
            masks[item_id] |= 1 << bit
    keys: dict[int, str | None] = {}

    def key_of(mask: int) -> str | None:
        # What _SOURCE_NAMES gives: names joined in binary order (the code-point order of str), or
        # NULL for an item without sources. Two masks can share a text, so groups go by text.
        if mask not in keys:
            keys[mask] = ", ".join(sorted(name for b, name in bits.items() if mask & b)) or None
        return keys[mask]

    def order(text: str | None) -> tuple[bool, str]:
        return (text is not None, text or "")  # NULL sorts before any text

    expected = _expected_groups(conn, flt, masks, bits, key_of)
    groups: dict[str | None, array[int]] = {}
    cond, params = where(flt)
    cur = conn.execute(f"SELECT i.id FROM items i WHERE {cond} ORDER BY {order_by(_NEWEST)}", params)
    while first is not None and expected is not None:
        rows = cur.fetchmany(4096)
        for (item_id,) in rows:
            groups.setdefault(key_of(masks[item_id] if item_id <= top else 0), array("q")).append(item_id)
        head = _settled_head(groups, expected, sorted(expected, key=order, reverse=sort.descending), size)
        if head is not None:
            first(head)
            first = None
        elif not rows:
            break
    for (item_id,) in cur:
        groups.setdefault(key_of(masks[item_id] if item_id <= top else 0), array("q")).append(item_id)
    ids = array("q")
    for text in sorted(groups, key=order, reverse=sort.descending):
        ids.extend(groups[text])
    if first is not None:
        first(ids[:size])
    return ids


def _expected_groups(
    conn: sqlite3.Connection,
    flt: Filter,
    masks: array[int],
    bits: dict[int, str],
    key_of: Callable[[int], str | None],
) -> dict[str | None, int] | None:
    """How many items of each source combination a node holds, where the masks tell: all items, or
    a whole source. None for any other node, whose first screen waits for the whole walk."""
    if flt.period or flt.kind not in (Kind.ALL, Kind.SOURCE):
        return None
    counts = Counter(masks)
    counts.pop(0, None)  # ids without sources, most of them no item at all
    if flt.kind is Kind.SOURCE:
        row = conn.execute("SELECT name FROM sources WHERE id = ?", (flt.ident,)).fetchone()
        name = row[0] if row else ""
        bit = next((b for b, n in bits.items() if n == name), 0)
        counts = Counter({m: n for m, n in counts.items() if m & bit})
    expected: dict[str | None, int] = {}
    for mask, n in counts.items():
        text = key_of(mask)
        expected[text] = expected.get(text, 0) + n
    if flt.kind is Kind.ALL:
        without = count_items(conn) - sum(counts.values())
        if without:
            expected[None] = without
    return expected


def _settled_head(
    groups: dict[str | None, array[int]], expected: dict[str | None, int], order: list[str | None], size: int
) -> array[int] | None:
    """The first ``size`` ids once no row still to come can go before them, else None."""
    head = array("q")
    for text in order:
        found = groups.get(text, array("q"))
        head.extend(found[: size - len(head)])
        if len(head) >= size:
            return head
        if len(found) < expected[text]:
            return None
    return head
