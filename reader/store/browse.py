"""Read-only queries behind the window: the tree and its counts, display rows for a batch of ids, the
month histogram of the timeline, and where an item sits in the tree.

Nothing here writes. Every function takes the connection it should use, so a worker thread can pass
its own. Nodes carry kinds, keys, names and counts; the window words them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from datetime import date

from reader.model import TOP_KINDS, Filter, Kind, ListRow, MonthCount, Query, TreeNode
from reader.store.conditions import ANNOTATED, BOOKMARKED, count_items, scalar, where

# The names of an item's sources, joined by a character no name holds, for the list's rows.
_SEPARATOR = "\x1f"
_SOURCE_LIST = (
    f"(SELECT group_concat(name, '{_SEPARATOR}') FROM (SELECT s.name FROM item_sources x "
    "JOIN sources s ON s.id = x.source_id WHERE x.item_id = i.id ORDER BY s.name))"
)


def is_empty(conn: sqlite3.Connection) -> bool:
    return scalar(conn, "SELECT NOT EXISTS (SELECT 1 FROM items)") == 1


def source_names(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM sources ORDER BY name COLLATE NOCASE")]


def list_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, ListRow]:
    """Display rows for ``ids`` in one query (ids that no longer exist are left out)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = (
        "SELECT i.id, i.title, substr(i.body, 1, 300), i.date, i.date_method, i.seen_count, "
        f"{BOOKMARKED}, {ANNOTATED}, {_SOURCE_LIST} FROM items i WHERE i.id IN ({marks})"
    )
    return {row[0]: _list_row(row) for row in conn.execute(sql, list(ids))}


def _list_row(row: tuple[object, ...]) -> ListRow:
    ident, title, lead, day, method, seen, bookmarked, annotated, sources = row
    return ListRow(
        id=int(ident),  # type: ignore[call-overload]  # SQLite gives the INTEGER PRIMARY KEY as int
        title=str(title).strip() or None if title else None,
        lead=str(lead or ""),
        date=_parse_date(day),
        inferred=method == "inferred",
        sources=tuple(str(sources).split(_SEPARATOR)) if sources else (),
        seen=int(seen),  # type: ignore[call-overload]  # an INTEGER column
        bookmarked=bool(bookmarked),
        annotated=bool(annotated),
    )


def _parse_date(text: object) -> date | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# Nodes whose items per day ``day_counts`` holds (any period of them too).
_COUNTED_KINDS = frozenset({Kind.ALL, Kind.SOURCE, Kind.DATES, Kind.DATE})


def month_histogram(conn: sqlite3.Connection, flt: Filter, query: Query | None = None) -> list[MonthCount]:
    """Items per month under a node and search, for every month that has some, oldest first."""
    if query is None and flt.kind in _COUNTED_KINDS:
        # All items, a source or a period of them: summed from the kept day counts.
        source = flt.ident if flt.kind is Kind.SOURCE else 0
        sql = "SELECT substr(day, 1, 7) AS m, sum(n) FROM day_counts WHERE source_id = ? AND day != '' AND n > 0"
        params: list[object] = [source]
        if flt.period:
            sql += " AND day >= ? AND day < ?"
            params += [flt.period, flt.period + "~"]
        sql += " GROUP BY m ORDER BY m"
    else:
        cond, params = where(flt, query)
        sql = (
            f"SELECT substr(i.date, 1, 7) AS m, count(*) FROM items i WHERE {cond} AND i.date IS NOT NULL "
            "GROUP BY m ORDER BY m"
        )
    out = []
    for month, n in conn.execute(sql, params):
        try:
            out.append(MonthCount(int(month[:4]), int(month[5:7]), n))
        except (TypeError, ValueError):
            continue
    return out


def item_place(conn: sqlite3.Connection, item_id: int) -> Filter | None:
    """The node of an item's first source (by name) and day: where "show in source tree" goes."""
    row = conn.execute(
        "SELECT (SELECT x.source_id FROM item_sources x JOIN sources s ON s.id = x.source_id "
        "WHERE x.item_id = i.id ORDER BY s.name LIMIT 1), i.date FROM items i WHERE i.id = ?",
        (item_id,),
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return Filter(Kind.SOURCE, row[0], row[1])


def load_tree(
    conn: sqlite3.Connection,
    kinds: Collection[Kind] = TOP_KINDS,
    *,
    sources: Collection[int] | None = None,
    source_periods: bool = True,
) -> tuple[TreeNode, ...]:
    """The top-level nodes of ``kinds`` with every count, in display order.

    With ``sources``, the Sources node holds only those sources' nodes (the ones an import touched),
    so the others are not counted again. Without ``source_periods`` the sources have no year > month
    > day children; that tree takes a fraction of the time on a large store, so a window can show it
    first.
    """
    nodes: list[TreeNode] = []
    for kind in TOP_KINDS:
        if kind in kinds:
            nodes.append(_top_node(conn, kind, sources, source_periods))
    return tuple(nodes)


def _top_node(
    conn: sqlite3.Connection, kind: Kind, sources: Collection[int] | None, source_periods: bool
) -> TreeNode:
    if kind is Kind.ALL:
        return TreeNode(Filter(Kind.ALL), count_items(conn))
    if kind is Kind.LAST_IMPORT:
        return TreeNode(Filter(Kind.LAST_IMPORT), scalar(conn, "SELECT count(*) FROM recent_items"))
    if kind is Kind.BOOKMARKED:
        return TreeNode(Filter(Kind.BOOKMARKED), scalar(conn, "SELECT count(*) FROM bookmarks"))
    if kind is Kind.ANNOTATED:
        # The notes and highlights of items that exist (their keys cascade), not a walk of every item.
        annotated = "SELECT item_id FROM notes WHERE body != '' UNION SELECT item_id FROM highlights"
        return TreeNode(Filter(Kind.ANNOTATED), scalar(conn, f"SELECT count(*) FROM ({annotated})"))
    if kind is Kind.TAGS:
        return _tags_node(conn)
    if kind is Kind.SOURCES:
        return _sources_node(conn, sources, source_periods)
    if kind is Kind.DATES:
        days = _days(conn, "source_id = 0")
        return TreeNode(Filter(Kind.DATES), sum(n for _, n in days), None, _periods(days, Filter(Kind.DATE)))
    if kind is Kind.UNDATED:
        return TreeNode(Filter(Kind.UNDATED), _kept_count(conn, "source_id = 0 AND day = ''"))
    raise ValueError(f"{kind} is not a top-level node")


# Counts of the tree come from ``day_counts``, which the schema's triggers keep: a few rows per day
# instead of a pass over every item (seconds at a million items).
def _days(conn: sqlite3.Connection, cond: str) -> list[tuple[str, int]]:
    """(day, count) of the dated rows of ``day_counts`` that meet ``cond``."""
    sql = f"SELECT day, n FROM day_counts WHERE {cond} AND day != '' AND n > 0"
    return [(day, n) for day, n in conn.execute(sql)]


def _kept_count(conn: sqlite3.Connection, cond: str) -> int:
    return scalar(conn, f"SELECT coalesce(sum(n), 0) FROM day_counts WHERE {cond}")


def _tags_node(conn: sqlite3.Connection) -> TreeNode:
    rows = conn.execute(
        "SELECT t.id, t.name, count(x.item_id) FROM tags t LEFT JOIN item_tags x ON x.tag_id = t.id "
        "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    children = tuple(TreeNode(Filter(Kind.TAG, ident), n, name) for ident, name, n in rows)
    total = scalar(conn, "SELECT count(DISTINCT item_id) FROM item_tags")
    return TreeNode(Filter(Kind.TAGS), total, None, children)


def _sources_node(conn: sqlite3.Connection, only: Collection[int] | None, periods: bool) -> TreeNode:
    days: dict[int, list[tuple[str, int]]] = {}
    if periods:
        rows = conn.execute(
            "SELECT source_id, day, n FROM day_counts "
            f"WHERE source_id > 0 AND day != '' AND n > 0 AND {_among('source_id', only)}"
        )
        for source_id, day, n in rows:
            days.setdefault(source_id, []).append((day, n))
    children = []
    for ident, name, n in conn.execute(
        "SELECT s.id, s.name, (SELECT coalesce(sum(c.n), 0) FROM day_counts c WHERE c.source_id = s.id) "
        f"FROM sources s WHERE {_among('s.id', only)} ORDER BY s.name COLLATE NOCASE"
    ):
        flt = Filter(Kind.SOURCE, ident)
        children.append(TreeNode(flt, n, name, _periods(days.get(ident, []), flt)))
    total = _kept_count(conn, "source_id = -1")
    return TreeNode(Filter(Kind.SOURCES), total, None, tuple(children))


def _among(column: str, ids: Collection[int] | None) -> str:
    """A condition that ``column`` is one of ``ids`` (always true for None). The ids are integers
    written into the SQL: a handful of source ids, which as bound parameters would need a chunked
    query per statement."""
    if ids is None:
        return "1"
    return f"{column} IN ({','.join(str(int(i)) for i in ids) or 'NULL'})"


def _periods(days: Iterable[tuple[str, int]], scope: Filter) -> tuple[TreeNode, ...]:
    """Year > month > day nodes from (ISO day, count) pairs, newest first."""
    tree: dict[str, dict[str, dict[str, int]]] = {}
    for day, n in days:
        d = _parse_date(day)
        if d is None:
            continue
        iso = d.isoformat()
        months = tree.setdefault(iso[:4], {})
        month_days = months.setdefault(iso[:7], {})
        month_days[iso] = month_days.get(iso, 0) + n

    def node(period: str, count: int, children: tuple[TreeNode, ...] = ()) -> TreeNode:
        return TreeNode(Filter(scope.kind, scope.ident, period), count, None, children)

    years = []
    for year in sorted(tree, reverse=True):
        month_nodes = []
        for month in sorted(tree[year], reverse=True):
            day_nodes = tuple(node(day, n) for day, n in sorted(tree[year][month].items(), reverse=True))
            month_nodes.append(node(month, sum(c.count for c in day_nodes), day_nodes))
        years.append(node(year, sum(m.count for m in month_nodes), tuple(month_nodes)))
    return tuple(years)
