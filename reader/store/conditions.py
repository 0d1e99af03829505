"""SQL pieces shared by the read queries: the condition of a tree node and a search on ``items AS i``,
the order of a sort, and the expressions both build on.

Raw SQL, not sqlite-utils: these strings are composed into the hot queries of the item list, the
tree and the timeline, whose plans depend on exactly these expressions matching the indexes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.model import Filter, Kind, Query, Sort, SortKey
from reader.store.fts import match_expression

# Expression of the title sort; an index of migration 2 is built on exactly this text.
TITLE_KEY = "substr(coalesce(title, body), 1, 60) COLLATE NOCASE"

ANNOTATED = (
    "(i.id IN (SELECT item_id FROM notes WHERE body != '') OR i.id IN (SELECT item_id FROM highlights))"
)
BOOKMARKED = "i.id IN (SELECT item_id FROM bookmarks)"
LAST_IMPORT = "i.id IN (SELECT item_id FROM recent_items)"
MATCHED = "i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
SOURCE_NAMES = (
    "(SELECT group_concat(name, ', ') FROM (SELECT s.name FROM item_sources x "
    "JOIN sources s ON s.id = x.source_id WHERE x.item_id = i.id ORDER BY s.name))"
)


def where(flt: Filter, query: Query | None = None, *, probe: bool = False) -> tuple[str, list[object]]:
    """SQL condition on ``items AS i`` for a node and an optional search, with its parameters.

    With ``probe``, a source is tested item by item instead of collected first: slower for the
    whole list, but the first rows of an index-ordered scan come back at once.
    """
    clauses, params = filter_clauses(flt, probe)
    if query is not None:
        clauses.append(MATCHED)
        params.append(match_expression(query))
    return " AND ".join(clauses) or "1", params


def filter_clauses(flt: Filter, probe: bool = False) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if flt.kind is Kind.BOOKMARKED:
        clauses.append(BOOKMARKED)
    elif flt.kind is Kind.ANNOTATED:
        clauses.append(ANNOTATED)
    elif flt.kind is Kind.UNDATED:
        clauses.append("i.date IS NULL")
    elif flt.kind is Kind.LAST_IMPORT:
        clauses.append(LAST_IMPORT)
    elif flt.kind is Kind.TAG:
        clauses.append("i.id IN (SELECT item_id FROM item_tags WHERE tag_id = ?)")
        params.append(flt.ident)
    elif flt.kind is Kind.SOURCE and probe:
        clauses.append("EXISTS (SELECT 1 FROM item_sources x WHERE x.source_id = ? AND x.item_id = i.id)")
        params.append(flt.ident)
    elif flt.kind is Kind.SOURCE:
        clauses.append("i.id IN (SELECT item_id FROM item_sources WHERE source_id = ?)")
        params.append(flt.ident)
    elif flt.kind is Kind.TAGS:
        clauses.append("i.id IN (SELECT item_id FROM item_tags)")
    elif flt.kind is Kind.DATES:
        clauses.append("i.date IS NOT NULL")
    if flt.period:
        # "~" sorts after every digit and "-", so this range is the whole period and uses items_date.
        clauses.append("i.date >= ? AND i.date < ?")
        params += [flt.period, flt.period + "~"]
    return clauses, params


def order_by(sort: Sort) -> str:
    d = "DESC" if sort.descending else "ASC"
    newest = "i.date DESC, i.id DESC"
    return {
        SortKey.BOOKMARKED: f"{BOOKMARKED} {d}, {newest}",
        SortKey.DATE: f"i.date {d}, i.id {d}",
        SortKey.TITLE: f"{TITLE_KEY} {d}, i.id {d}",
        SortKey.SOURCES: f"{SOURCE_NAMES} {d}, {newest}",
        SortKey.SEEN: f"i.seen_count {d}, i.id {d}",
        SortKey.ANNOTATED: f"{ANNOTATED} {d}, {newest}",
    }[sort.key]


def scalar(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> int:
    value: int = conn.execute(sql, params).fetchone()[0]
    return value


def count_items(conn: sqlite3.Connection) -> int:
    """How many items the store holds, from the counts the schema keeps (``day_counts``)."""
    return scalar(conn, "SELECT coalesce(sum(n), 0) FROM day_counts WHERE source_id = 0")
