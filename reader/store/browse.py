"""Read-only queries behind the window: the tree and its counts, id lists for a node, a search and a
sort, display rows for a batch of ids, and the month histogram of the timeline.

Nothing here writes. Every function takes the connection it should use, so a worker thread can pass
its own.
"""

from __future__ import annotations

import calendar
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from reader.store.searchsyntax import Query


class Kind(StrEnum):
    ALL = "all"
    BOOKMARKED = "bookmarked"
    ANNOTATED = "annotated"
    TAGS = "tags"
    TAG = "tag"
    SOURCES = "sources"
    SOURCE = "source"
    DATES = "dates"
    DATE = "date"
    UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class Filter:
    """Which items a tree node stands for. ``period`` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    kind: Kind = Kind.ALL
    ident: int | None = None
    period: str | None = None

    @property
    def key(self) -> str:
        """A stable text form, kept in the settings to select the same node next time."""
        parts = [self.kind.value]
        if self.ident is not None:
            parts.append(str(self.ident))
        if self.period:
            parts.append(self.period)
        return ":".join(parts)

    @classmethod
    def from_key(cls, key: str) -> Filter:
        """The filter a ``key`` was made from; "all items" for anything unreadable."""
        kind_text, *rest = key.split(":")
        try:
            kind = Kind(kind_text)
            ident = int(rest.pop(0)) if kind in (Kind.TAG, Kind.SOURCE) else None
        except (ValueError, IndexError):
            return cls()
        period = rest[0] if rest else None
        return cls(kind, ident, period)

    def month(self, year: int, month: int) -> Filter:
        """The same scope narrowed to one month: a source's month, or a month over all sources."""
        period = f"{year:04d}-{month:02d}"
        if self.kind is Kind.SOURCE:
            return Filter(Kind.SOURCE, self.ident, period)
        return Filter(Kind.DATE, None, period)


class Column(IntEnum):
    """Columns of the item list, in display order."""

    BOOKMARK = 0
    DATE = 1
    TITLE = 2
    SOURCES = 3
    SEEN = 4
    NOTES = 5


@dataclass(frozen=True, slots=True)
class Sort:
    column: Column = Column.DATE
    descending: bool = True


@dataclass(frozen=True, slots=True)
class TreeNode:
    label: str
    count: int
    filter: Filter
    children: tuple[TreeNode, ...] = ()


@dataclass(frozen=True, slots=True)
class ListRow:
    """What one row of the item list shows."""

    id: int
    title: str  # the title, or the first words of the text
    date: date | None
    inferred: bool
    sources: str
    seen: int
    bookmarked: bool
    annotated: bool


# Expression of the title sort; an index of migration 2 is built on exactly this text.
TITLE_KEY = "substr(coalesce(title, body), 1, 60) COLLATE NOCASE"

_ANNOTATED = (
    "(i.id IN (SELECT item_id FROM notes WHERE body != '') OR i.id IN (SELECT item_id FROM highlights))"
)
_BOOKMARKED = "i.id IN (SELECT item_id FROM bookmarks)"
_MATCHED = "i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)"
_SOURCE_NAMES = (
    "(SELECT group_concat(name, ', ') FROM (SELECT s.name FROM item_sources x "
    "JOIN sources s ON s.id = x.source_id WHERE x.item_id = i.id ORDER BY s.name))"
)


def where(flt: Filter, query: Query | None = None, *, probe: bool = False) -> tuple[str, list[object]]:
    """SQL condition on ``items AS i`` for a node and an optional search, with its parameters.

    With ``probe``, a source is tested item by item instead of collected first: slower for the
    whole list, but the first rows of an index-ordered scan come back at once.
    """
    clauses, params = _filter_clauses(flt, probe)
    if query is not None:
        clauses.append(_MATCHED)
        params.append(query.match)
    return " AND ".join(clauses) or "1", params


def _filter_clauses(flt: Filter, probe: bool = False) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if flt.kind is Kind.BOOKMARKED:
        clauses.append(_BOOKMARKED)
    elif flt.kind is Kind.ANNOTATED:
        clauses.append(_ANNOTATED)
    elif flt.kind is Kind.UNDATED:
        clauses.append("i.date IS NULL")
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


def _order_by(sort: Sort) -> str:
    d = "DESC" if sort.descending else "ASC"
    newest = "i.date DESC, i.id DESC"
    return {
        Column.BOOKMARK: f"{_BOOKMARKED} {d}, {newest}",
        Column.DATE: f"i.date {d}, i.id {d}",
        Column.TITLE: f"{TITLE_KEY} {d}, i.id {d}",
        Column.SOURCES: f"{_SOURCE_NAMES} {d}, {newest}",
        Column.SEEN: f"i.seen_count {d}, i.id {d}",
        Column.NOTES: f"{_ANNOTATED} {d}, {newest}",
    }[sort.column]


def count_items(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM items").fetchone()[0]


def is_empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM items)").fetchone()[0] == 1


def list_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, ListRow]:
    """Display rows for ``ids`` in one query (ids that no longer exist are left out)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = (
        "SELECT i.id, i.title, substr(i.body, 1, 300), i.date, i.date_method, i.seen_count, "
        f"{_BOOKMARKED}, {_ANNOTATED}, {_SOURCE_NAMES} FROM items i WHERE i.id IN ({marks})"
    )
    return {row[0]: _list_row(row) for row in conn.execute(sql, list(ids))}


def _list_row(row: tuple) -> ListRow:
    ident, title, lead, day, method, seen, bookmarked, annotated, sources = row
    return ListRow(
        id=ident,
        title=(title or "").strip() or _first_words(lead or ""),
        date=_parse_date(day),
        inferred=method == "inferred",
        sources=sources or "",
        seen=seen,
        bookmarked=bool(bookmarked),
        annotated=bool(annotated),
    )


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def month_histogram(
    conn: sqlite3.Connection, flt: Filter, query: Query | None = None
) -> list[tuple[int, int, int]]:
    """(year, month, items) for every month that has items under a node and search, oldest first."""
    cond, params = where(flt, query)
    sql = (
        f"SELECT substr(i.date, 1, 7) AS m, count(*) FROM items i WHERE {cond} AND i.date IS NOT NULL "
        "GROUP BY m ORDER BY m"
    )
    out = []
    for month, n in conn.execute(sql, params):
        try:
            out.append((int(month[:4]), int(month[5:7]), n))
        except (TypeError, ValueError):
            continue
    return out


def item_period(conn: sqlite3.Connection, item_id: int) -> tuple[int | None, str | None]:
    """The first source (by name) and the date of an item: where "show in source tree" goes."""
    row = conn.execute(
        "SELECT (SELECT x.source_id FROM item_sources x JOIN sources s ON s.id = x.source_id "
        "WHERE x.item_id = i.id ORDER BY s.name LIMIT 1), i.date FROM items i WHERE i.id = ?",
        (item_id,),
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def load_tree(conn: sqlite3.Connection, *, source_periods: bool = True) -> tuple[TreeNode, ...]:
    """The top-level nodes of the tree with every count, in display order.

    Without ``source_periods`` the sources have no year > month > day children; that tree takes a
    fraction of the time on a large store, so a window can show it first.
    """
    by_day = conn.execute("SELECT date, count(*) FROM items WHERE date IS NOT NULL GROUP BY date").fetchall()
    return (
        TreeNode("All items", count_items(conn), Filter(Kind.ALL)),
        TreeNode("Bookmarked", _scalar(conn, "SELECT count(*) FROM bookmarks"), Filter(Kind.BOOKMARKED)),
        TreeNode("Annotated", _count_where(conn, _ANNOTATED), Filter(Kind.ANNOTATED)),
        _tags_node(conn),
        _sources_node(conn, source_periods),
        TreeNode("Dates", sum(n for _, n in by_day), Filter(Kind.DATES), _periods(by_day, Filter(Kind.DATE))),
        TreeNode("Undated", _count_where(conn, "i.date IS NULL"), Filter(Kind.UNDATED)),
    )


def _scalar(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> int:
    return conn.execute(sql, params).fetchone()[0]


def _count_where(conn: sqlite3.Connection, cond: str) -> int:
    return _scalar(conn, f"SELECT count(*) FROM items i WHERE {cond}")


def _tags_node(conn: sqlite3.Connection) -> TreeNode:
    rows = conn.execute(
        "SELECT t.id, t.name, count(x.item_id) FROM tags t LEFT JOIN item_tags x ON x.tag_id = t.id "
        "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    children = tuple(TreeNode(name, n, Filter(Kind.TAG, ident)) for ident, name, n in rows)
    total = _scalar(conn, "SELECT count(DISTINCT item_id) FROM item_tags")
    return TreeNode("Tags", total, Filter(Kind.TAGS), children)


def _sources_node(conn: sqlite3.Connection, periods: bool) -> TreeNode:
    days: dict[int, list[tuple[str, int]]] = {}
    rows = (
        conn.execute(
            "SELECT x.source_id, i.date, count(*) FROM item_sources x JOIN items i ON i.id = x.item_id "
            "WHERE i.date IS NOT NULL GROUP BY x.source_id, i.date"
        )
        if periods
        else ()
    )
    for source_id, day, n in rows:
        days.setdefault(source_id, []).append((day, n))
    children = []
    for ident, name, n in conn.execute(
        "SELECT s.id, s.name, (SELECT count(*) FROM item_sources x WHERE x.source_id = s.id) "
        "FROM sources s ORDER BY s.name COLLATE NOCASE"
    ):
        flt = Filter(Kind.SOURCE, ident)
        children.append(TreeNode(name, n, flt, _periods(days.get(ident, []), flt)))
    total = _scalar(conn, "SELECT count(DISTINCT item_id) FROM item_sources")
    return TreeNode("Sources", total, Filter(Kind.SOURCES), tuple(children))


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

    def node(label: str, period: str, count: int, children: tuple[TreeNode, ...] = ()) -> TreeNode:
        return TreeNode(label, count, Filter(scope.kind, scope.ident, period), children)

    years = []
    for year in sorted(tree, reverse=True):
        months = []
        for month in sorted(tree[year], reverse=True):
            day_nodes = tuple(
                node(_day_label(day), day, n) for day, n in sorted(tree[year][month].items(), reverse=True)
            )
            months.append(
                node(calendar.month_name[int(month[5:])], month, sum(c.count for c in day_nodes), day_nodes)
            )
        years.append(node(year, year, sum(m.count for m in months), tuple(months)))
    return tuple(years)


def _day_label(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {calendar.month_abbr[d.month]}, {calendar.day_abbr[d.weekday()]}"
