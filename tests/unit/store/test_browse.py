"""The window's read-only queries: tree counts, id lists, display rows, histogram, search syntax."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from reader.model import Filter, Kind, MonthCount, Sort, SortKey
from reader.query import parse_query
from reader.store import browse, conditions, idlists, schema


def _store() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(conn)
    return conn


def _add(conn, ident, title, body, day=None, *, sources=("A",), seen=1, method="line"):
    conn.execute(
        "INSERT INTO items (id, title, body, date, date_method, text_key, norm_len, seen_count, first_seen,"
        " updated) VALUES (?, ?, ?, ?, ?, 0, 0, ?, '2024-01-01', '2024-01-01')",
        (ident, title, body, day, method if day else None, seen),
    )
    for name in sources:
        conn.execute("INSERT OR IGNORE INTO sources (name, created) VALUES (?, '2024-01-01')", (name,))
        conn.execute(
            "INSERT INTO item_sources (source_id, item_id) SELECT id, ? FROM sources WHERE name = ?",
            (ident, name),
        )


@pytest.fixture
def conn():
    c = _store()
    _add(c, 1, "Minsk summit", "Leaders met in Minsk.", "2023-11-23", sources=("A", "B"), seen=3)
    _add(
        c, 2, None, "A meeting in Moscow on cyber incidents was held today.", "2023-11-13", method="inferred"
    )
    _add(c, 3, "Treaty extended", "The treaty was extended.", "2021-05-19", sources=("B",))
    _add(c, 4, "Undated note", "Nothing to date <script>alert(1)</script>", None)
    c.execute("INSERT INTO bookmarks VALUES (3, '2024-01-01')")
    c.execute("INSERT INTO notes VALUES (2, 'check this', '2024-01-01')")
    c.execute("INSERT INTO tags (id, name) VALUES (7, 'security')")
    c.execute("INSERT INTO item_tags VALUES (1, 7)")
    return c


def _nodes(conn, **options):
    return {n.kind: n for n in browse.load_tree(conn, **options)}


def test_tree_counts_every_node(conn):
    nodes = _nodes(conn)
    assert [n.kind for n in browse.load_tree(conn)] == [
        Kind.ALL,
        Kind.LAST_IMPORT,
        Kind.BOOKMARKED,
        Kind.ANNOTATED,
        Kind.TAGS,
        Kind.SOURCES,
        Kind.DATES,
        Kind.UNDATED,
    ]
    counts = {kind.value: n.count for kind, n in nodes.items()}
    assert counts == {
        "all": 4,
        "last_import": 0,
        "bookmarked": 1,
        "annotated": 1,
        "tags": 1,
        "sources": 4,
        "dates": 3,
        "undated": 1,
    }
    assert [(t.name, t.count, t.filter) for t in nodes[Kind.TAGS].children] == [
        ("security", 1, Filter(Kind.TAG, 7))
    ]
    source_a = nodes[Kind.SOURCES].children[0]
    assert (source_a.name, source_a.count) == ("A", 3)
    year = source_a.children[0]
    assert (year.filter.period, year.count) == ("2023", 2)
    month = year.children[0]
    assert (month.count, month.filter) == (2, Filter(Kind.SOURCE, source_a.filter.ident, "2023-11"))
    assert [d.filter.period for d in month.children] == ["2023-11-23", "2023-11-13"]
    assert [y.filter.period for y in nodes[Kind.DATES].children] == ["2023", "2021"]


def test_tree_of_some_kinds_and_sources(conn):
    nodes = browse.load_tree(conn, {Kind.BOOKMARKED, Kind.SOURCES}, sources={2})
    assert [n.kind for n in nodes] == [Kind.BOOKMARKED, Kind.SOURCES]
    assert [(s.name, s.count) for s in nodes[1].children] == [("B", 2)]
    assert nodes[1].count == 4  # the Sources total still counts every source


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (Filter(), [1, 2, 3, 4]),
        (Filter(Kind.BOOKMARKED), [3]),
        (Filter(Kind.ANNOTATED), [2]),
        (Filter(Kind.TAG, 7), [1]),
        (Filter(Kind.TAGS), [1]),
        (Filter(Kind.UNDATED), [4]),
        (Filter(Kind.DATES), [1, 2, 3]),
        (Filter(Kind.DATE, None, "2023-11"), [1, 2]),
        (Filter(Kind.DATE, None, "2023-11-13"), [2]),
        (Filter(Kind.SOURCE, 2), [1, 3]),
        (Filter(Kind.SOURCE, 2, "2021"), [3]),
    ],
)
def test_item_ids_follow_the_filter_newest_first(conn, flt, expected):
    assert sorted(idlists.item_ids(conn, flt)) == sorted(expected)
    ids = list(idlists.item_ids(conn, flt))
    dated = [i for i in ids if i != 4]
    assert ids[-1:] == [4] or 4 not in ids  # undated items come last
    assert dated == [i for i in [1, 2, 3] if i in dated]


def _first(conn, sort):
    return idlists.item_ids(conn, Filter(), sort)[0]


def test_sorts(conn):
    assert list(idlists.item_ids(conn, Filter(), Sort(SortKey.DATE, False))) == [4, 3, 2, 1]
    assert _first(conn, Sort(SortKey.SEEN, True)) == 1
    titles = list(idlists.item_ids(conn, Filter(), Sort(SortKey.TITLE, False)))
    assert titles == [2, 1, 3, 4]  # "A meeting…", "Minsk…", "Treaty…", "Undated…"
    assert _first(conn, Sort(SortKey.BOOKMARKED, True)) == 3
    assert _first(conn, Sort(SortKey.ANNOTATED, True)) == 2
    assert _first(conn, Sort(SortKey.SOURCES, True)) == 3  # "B"


def test_first_ids_arrive_before_the_rest(conn):
    seen = []
    ids = idlists.item_ids(conn, Filter(), first=seen.append, first_size=2)
    assert list(seen[0]) == list(ids[:2])
    assert len(ids) == 4


def test_title_sort_uses_its_index(conn):
    cond, params = conditions.where(Filter())
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT i.id FROM items i WHERE {cond} ORDER BY {conditions.TITLE_KEY}, i.id",
        params,
    ).fetchall()
    assert any("items_title" in row[-1] for row in plan)


def test_list_rows(conn):
    rows = browse.list_rows(conn, [1, 2, 4, 99])
    assert set(rows) == {1, 2, 4}
    assert rows[1].title == rows[1].heading == "Minsk summit"
    assert rows[1].sources == ("A", "B")
    assert rows[1].seen == 3
    assert rows[1].date == date(2023, 11, 23)
    assert rows[2].title is None
    assert rows[2].heading == "A meeting in Moscow on cyber incidents was held today."  # the first words
    assert rows[2].inferred and rows[2].annotated
    assert rows[4].date is None
    assert browse.list_rows(conn, []) == {}


def test_month_histogram(conn):
    assert browse.month_histogram(conn, Filter()) == [MonthCount(2021, 5, 1), MonthCount(2023, 11, 2)]
    assert browse.month_histogram(conn, Filter(Kind.SOURCE, 2)) == [
        MonthCount(2021, 5, 1),
        MonthCount(2023, 11, 1),
    ]


def test_search_within_a_node(conn):
    def ids(text, flt=None):
        return sorted(idlists.item_ids(conn, flt or Filter(), query=parse_query(text)))

    assert ids("minsk") == [1]
    assert ids("mins*") == [1]
    assert ids('"cyber incidents"') == [2]
    assert ids('"incidents cyber"') == []
    assert ids("treaty OR minsk") == [1, 3]
    assert ids("the -treaty") == []
    assert ids("treaty OR minsk", Filter(Kind.SOURCE, 2, "2021")) == [3]
    assert ids("script") == [4]


def test_item_place(conn):
    assert browse.item_place(conn, 1) == Filter(Kind.SOURCE, 1, "2023-11-23")
    assert browse.item_place(conn, 99) is None


def test_filter_keys_round_trip():
    for flt in (
        Filter(),
        Filter(Kind.TAG, 3),
        Filter(Kind.SOURCE, 2, "2023-11-02"),
        Filter(Kind.DATE, None, "2023"),
    ):
        assert Filter.from_key(flt.key) == flt
    assert Filter.from_key("nonsense:x") == Filter()
    assert Filter.from_key("tag") == Filter()
    assert Filter(Kind.SOURCE, 2, "2021").month(2023, 1) == Filter(Kind.SOURCE, 2, "2023-01")
    assert Filter(Kind.BOOKMARKED).month(2023, 1) == Filter(Kind.DATE, None, "2023-01")


@pytest.mark.parametrize("sort", [Sort(), Sort(SortKey.TITLE, False), Sort(SortKey.SOURCES, True)])
def test_first_ids_of_a_source_match_the_whole_list(conn, sort):
    seen = []
    ids = idlists.item_ids(conn, Filter(Kind.SOURCE, 1), sort, first=seen.append, first_size=2)
    assert list(seen[0]) == list(ids[:2])
    assert sorted(ids) == [1, 2, 4]


def test_quick_tree_leaves_out_the_sources_periods(conn):
    quick, full = _nodes(conn, source_periods=False), _nodes(conn)
    assert [s.children for s in quick[Kind.SOURCES].children] == [(), ()]
    assert [s.count for s in quick[Kind.SOURCES].children] == [s.count for s in full[Kind.SOURCES].children]
    assert quick[Kind.DATES] == full[Kind.DATES]


def _reference_ids(conn, flt, sort, query):
    """The list as one plain query returns it: what every faster path must return too."""
    cond, params = conditions.where(flt, query)
    sql = f"SELECT i.id FROM items i WHERE {cond} ORDER BY {conditions.order_by(sort)}"
    return [row[0] for row in conn.execute(sql, params)]


@pytest.fixture(scope="module")
def varied():
    """83 items where "everywhere" is in most, "often" in about a third and "seldom" in three,
    with shared dates, undated items, two sources, bookmarks, notes and a tag."""
    c = _store()
    for n in range(1, 81):
        words = ["everywhere"] * (n % 5 != 0) + ["often"] * (n % 3 == 0) + ["seldom"] * (n in (7, 40, 41))
        day = None if n % 11 == 0 else f"2023-{n % 4 + 1:02d}-{n % 7 + 1:02d}"
        sources = ("A", "B") if n % 6 == 0 else ("A",) if n % 2 else ("B",)
        _add(
            c,
            n,
            f"Title {n % 9}" if n % 4 else None,
            " ".join(words) + f" body {n}",
            day,
            sources=sources,
            seen=n % 4,
        )
    # A source whose name reads like two, and items without any source: edge cases of the sources sort.
    _add(c, 81, "Joined", "everywhere often", "2023-02-02", sources=("A, B",))
    _add(c, 82, "Orphan", "everywhere", "2023-03-03", sources=())
    _add(c, 83, "Orphan", "everywhere often", None, sources=())
    for n in (3, 10, 22, 40, 55, 77):
        c.execute("INSERT INTO bookmarks VALUES (?, '2024-01-01')", (n,))
    for n in (6, 22, 41):
        c.execute("INSERT INTO notes VALUES (?, 'note', '2024-01-01')", (n,))
    c.execute("INSERT INTO notes VALUES (9, '', '2024-01-01')")  # an emptied note does not count
    c.execute("INSERT INTO highlights (item_id, quote, created) VALUES (6, 'x', '2024'), (30, 'y', '2024')")
    c.execute("INSERT INTO tags (id, name) VALUES (1, 't')")
    c.executemany("INSERT INTO item_tags VALUES (?, 1)", [(n,) for n in range(1, 81, 4)])
    return c


_SORTS = [Sort(key, descending) for key in SortKey for descending in (True, False)]
_FILTERS = [
    Filter(),
    Filter(Kind.SOURCE, 1),
    Filter(Kind.SOURCE, 2, "2023-02"),
    Filter(Kind.DATE, None, "2023-03"),
    Filter(Kind.BOOKMARKED),
    Filter(Kind.TAG, 1),
    Filter(Kind.UNDATED),
]


@pytest.mark.parametrize("sort", _SORTS, ids=str)
@pytest.mark.parametrize("flt", _FILTERS, ids=lambda f: f.key)
@pytest.mark.parametrize("text", [None, "everywhere", "often", "seldom", "often -everywhere", "nowhere"])
@pytest.mark.parametrize("whole", [0, 10**6], ids=["list", "whole"])
def test_every_path_returns_the_plain_query_list(varied, monkeypatch, sort, flt, text, whole):
    # Five matches count as many here, so common and rare words take different paths.
    monkeypatch.setattr(idlists, "_FEW_MATCHES", 5)
    monkeypatch.setattr(idlists, "_SORT_WHOLE", whole)
    query = parse_query(text) if text else None
    seen = []
    ids = idlists.item_ids(varied, flt, sort, query, first=seen.append, first_size=7)
    assert list(ids) == _reference_ids(varied, flt, sort, query)
    assert len(seen) == 1 and list(seen[0]) == list(ids[:7])


def test_a_common_word_finds_its_first_screen_by_walking_the_date_order(varied, monkeypatch):
    # All items by date have a path of their own (``dateorder``); a source walks the date index.
    monkeypatch.setattr(idlists, "_FEW_MATCHES", 5)
    monkeypatch.setattr(idlists, "_SORT_WHOLE", 0)
    statements: list[str] = []
    varied.set_trace_callback(statements.append)
    try:
        source = Filter(Kind.SOURCE, 1)
        idlists.item_ids(varied, source, Sort(), parse_query("everywhere"), first=lambda _ids: None)
    finally:
        varied.set_trace_callback(None)
    walks = [s for s in statements if "items_fts" in s and "ORDER BY i.date DESC, i.id DESC LIMIT" in s]
    assert walks, statements
