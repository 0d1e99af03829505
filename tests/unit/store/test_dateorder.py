"""The id list of All items kept in memory: the same order as SQLite's, a first screen found block by
block, and never a list of a state the store has left."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest

from reader.model import Filter, Kind, Sort, SortKey
from reader.query import parse_query
from reader.store import conditions, dateorder, db, idlists
from reader.store.fts import match_expression
from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

WORDS = ("everywhere", "often", "seldom", "never")


def _add(conn: sqlite3.Connection, ident: int, body: str, day: str | None) -> None:
    conn.execute(
        "INSERT INTO items (id, title, body, date, date_method, text_key, norm_len, seen_count, first_seen,"
        " updated) VALUES (?, NULL, ?, ?, ?, 0, 0, 1, '2024-01-01', '2024-01-01')",
        (ident, body, day, "line" if day else None),
    )


def _fill(conn: sqlite3.Connection, count: int, seed: int = 7) -> None:
    """``count`` items with gaps in their ids, shared and missing dates, and ids in no date order."""
    rng = random.Random(seed)
    conn.execute("INSERT INTO sources (id, name, created) VALUES (1, 'A', '2024'), (2, 'B', '2024')")
    ident = 0
    for n in range(count):
        ident += rng.choice((1, 1, 1, 2, 5))
        words = ["everywhere"] * (rng.random() < 0.8) + ["often"] * (rng.random() < 0.3)
        words += ["seldom"] * (rng.random() < 0.03)
        day = None if rng.random() < 0.05 else f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        _add(conn, ident, " ".join(words) + f" body {n}", day)
        for source in rng.choice(((1,), (2,), (1, 2), ())):
            conn.execute("INSERT INTO item_sources (source_id, item_id) VALUES (?, ?)", (source, ident))


@pytest.fixture
def store(tmp_path):
    conn = db.connect(tmp_path / "store.db")
    with db.transaction(conn):
        _fill(conn, 400)
    yield conn
    conn.close()


def _reference(conn, sort: Sort, text: str | None, flt: Filter = Filter()) -> list[int]:
    query = parse_query(text) if text else None
    cond, params = conditions.where(flt, query)
    sql = f"SELECT i.id FROM items i WHERE {cond} ORDER BY {conditions.order_by(sort)}"
    return [row[0] for row in conn.execute(sql, params)]


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize(
    "text", [None, "everywhere", "often", "seldom", "often -everywhere", "nowhere", "ofte*", "every* -sel*"]
)
@pytest.mark.parametrize("share", [1, 10**6], ids=["picked", "sorted"])
@pytest.mark.parametrize("bits", [1, 3, 12])
def test_all_items_by_date_are_the_plain_query_list(store, monkeypatch, descending, text, share, bits):
    monkeypatch.setattr(dateorder, "_SORTED_SHARE", share)
    monkeypatch.setattr(dateorder, "BLOCK_BITS", bits)
    monkeypatch.setattr(dateorder, "PREFIX_HEAD_ITEMS", 1 << (bits + 1))
    sort = Sort(SortKey.DATE, descending)
    seen = []
    ids = idlists.item_ids(
        store, Filter(), sort, parse_query(text) if text else None, first=seen.append, first_size=9
    )
    assert list(ids) == _reference(store, sort, text)
    assert len(seen) == 1 and list(seen[0]) == list(ids[:9])


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("share", [1, 10**6], ids=["picked", "sorted"])
@pytest.mark.parametrize("source", [1, 2, 3])
def test_a_source_by_date_is_the_plain_query_list(store, monkeypatch, descending, share, source):
    monkeypatch.setattr(dateorder, "_SORTED_SHARE", share)
    flt, sort = Filter(Kind.SOURCE, source), Sort(SortKey.DATE, descending)
    seen = []
    ids = idlists.item_ids(store, flt, sort, first=seen.append, first_size=9)
    assert list(ids) == _reference(store, sort, None, flt)
    assert list(seen[0]) == list(ids[:9])
    assert len(ids) > 100 or source == 3


@pytest.mark.parametrize("text", ["everywhere", "often", "seldom", "nowhere"])
@pytest.mark.parametrize("size", [1, 9, 200, 1000])
@pytest.mark.parametrize("bits", [1, 2, 5, 12])
def test_a_first_screen_found_by_blocks_is_the_head_of_the_list(store, monkeypatch, text, size, bits):
    monkeypatch.setattr(dateorder, "BLOCK_BITS", bits)
    monkeypatch.setattr(dateorder, "MAX_HEAD_BLOCKS", 10**6)
    expression = match_expression(parse_query(text))
    with db.snapshot(store):
        head = dateorder.current(store).head(store, expression, size)
    # Matches too sparse for the blocks asked so far are left to the whole list; in one block
    # (every id of the store) the head is always found.
    assert head is not None or bits < 12
    if head is not None:
        assert list(head) == _reference(store, Sort(), text)[:size]


def test_a_first_screen_spread_over_too_many_blocks_is_left_to_the_whole_list(store, monkeypatch):
    monkeypatch.setattr(dateorder, "BLOCK_BITS", 1)
    monkeypatch.setattr(dateorder, "MAX_HEAD_BLOCKS", 3)
    monkeypatch.setattr(dateorder, "JUDGED_BLOCKS", 2)
    with db.snapshot(store):
        order = dateorder.current(store)
        assert order.head(store, match_expression(parse_query("seldom")), 9) is None
        assert order.head(store, match_expression(parse_query("everywhere")), 1) is not None


def test_a_common_word_asks_the_index_about_blocks_of_ids_for_its_first_screen(store, monkeypatch):
    monkeypatch.setattr(dateorder, "BLOCK_BITS", 4)
    statements: list[str] = []
    store.set_trace_callback(statements.append)
    try:
        seen = []
        idlists.item_ids(store, Filter(), Sort(), parse_query("everywhere"), first=seen.append, first_size=5)
    finally:
        store.set_trace_callback(None)
    ranges = [s for s in statements if "rowid BETWEEN" in s]
    assert 0 < len(ranges) < 10, statements
    assert list(seen[0]) == _reference(store, Sort(), "everywhere")[:5]


def _other(store) -> sqlite3.Connection:
    return db.connect(db.path_of(store), check=False)


@pytest.mark.parametrize(
    "change",
    [
        "INSERT INTO items (id, body, date, date_method, text_key, norm_len, first_seen, updated)"
        " VALUES (100000, 'everywhere newest', '2030-01-01', 'line', 0, 0, '2024', '2024')",
        "DELETE FROM items WHERE id = (SELECT id FROM items ORDER BY date DESC LIMIT 1)",
        "UPDATE items SET date = '1990-01-01' WHERE id = (SELECT id FROM items ORDER BY date DESC LIMIT 1)",
    ],
    ids=["insert", "delete", "date"],
)
def test_a_kept_list_is_read_again_after_another_connection_changes_the_order(store, change):
    with db.snapshot(store):
        before = dateorder.current(store)
    assert dateorder.kept(store) is before
    other = _other(store)
    try:
        with db.transaction(other):
            other.execute(change)
    finally:
        other.close()
    assert dateorder.kept(store) is None
    ids = idlists.item_ids(store, Filter(), Sort(), parse_query("everywhere"))
    assert list(ids) == _reference(store, Sort(), "everywhere")
    assert list(idlists.item_ids(store, Filter())) == _reference(store, Sort(), None)


def test_a_kept_list_outlives_writes_that_leave_the_order_alone(store):
    with db.snapshot(store):
        before = dateorder.current(store)
    with db.transaction(store):
        store.execute("INSERT INTO bookmarks VALUES ((SELECT min(id) FROM items), '2024-01-01')")
        store.execute("UPDATE items SET seen_count = seen_count + 1")
    assert dateorder.kept(store) is before


def test_a_restored_copy_is_not_taken_for_the_state_it_was_copied_from(store, tmp_path):
    path = db.path_of(store)
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, tmp_path / "copy.db")
    with db.transaction(store):
        _add(store, 200000, "everywhere added", "2031-01-01")
    with db.snapshot(store):
        dateorder.current(store)
    store.close()
    shutil.copy(tmp_path / "copy.db", path)
    restored = db.connect(path)
    try:
        assert dateorder.kept(restored) is None
        assert 200000 not in idlists.item_ids(restored, Filter())
    finally:
        restored.close()


def _dump(folder, name: str, days: range) -> object:
    path = folder / name
    blocks = [
        f"{day:02d}.05.2021\n\nThe council met on day {day} of May and agreed on plan {day}." for day in days
    ]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def test_an_import_leaves_its_order_for_the_next_process_to_read_at_once(tmp_path):
    path = tmp_path / "store.db"
    with SqliteStore.open(path) as store:
        import_one(store, _dump(tmp_path, "a.txt", range(1, 20)), "Council")
        import_one(store, _dump(tmp_path, "b.txt", range(15, 29)), "Council")
        expected = list(store.item_ids(Filter()))
    dateorder._kept.clear()  # as a new process
    conn = db.connect(path)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        assert list(idlists.item_ids(conn, Filter())) == expected == _reference(conn, Sort(), None)
    finally:
        conn.close()
    assert not [s for s in statements if "json_group_array(id)" in s], statements
    assert len(expected) == 28


def test_an_import_that_changes_nothing_writes_no_order(tmp_path):
    path = tmp_path / "store.db"
    with SqliteStore.open(path) as store:
        import_one(store, _dump(tmp_path, "a.txt", range(1, 5)), "Council")
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        import_one(store, _dump(tmp_path, "a2.txt", range(1, 5)), "Council")  # the same items again
        store.conn.set_trace_callback(None)
    assert not [s for s in statements if "item_order" in s], statements


@pytest.mark.parametrize("damage", ["stamp", "short", "length", "places"])
def test_an_order_left_for_another_state_or_damaged_is_read_from_the_index(store, damage):
    with db.snapshot(store):
        dateorder.current(store)
    dateorder.keep(store, before=0)
    wrong = {
        "stamp": "UPDATE item_order SET stamp = stamp + 1",
        "short": "UPDATE item_order SET ids = substr(ids, 1, 12)",
        "length": "UPDATE item_order SET ids = substr(ids, 1, 16)",
        "places": "UPDATE item_order SET places = substr(places, 1, 16)",
    }[damage]
    with db.transaction(store):
        store.execute(wrong)
    dateorder._kept.clear()
    assert list(idlists.item_ids(store, Filter())) == _reference(store, Sort(), None)
    found = idlists.item_ids(store, Filter(), Sort(), parse_query("often"))
    assert list(found) == _reference(store, Sort(), "often")


def test_removing_an_import_leaves_the_order_of_what_remains(tmp_path):
    path = tmp_path / "store.db"
    with SqliteStore.open(path) as store:
        import_one(store, _dump(tmp_path, "a.txt", range(1, 10)), "Council")
        import_one(store, _dump(tmp_path, "b.txt", range(20, 25)), "Other")
        (second,) = [r for r in store.imports() if r.path.endswith("b.txt")]
        store.remove_import(second.id)
        expected = list(store.item_ids(Filter()))
    dateorder._kept.clear()
    conn = db.connect(path)
    try:
        stamp, blob, places = conn.execute("SELECT stamp, ids, places FROM item_order").fetchone()
        assert stamp == dateorder.stamp(conn)
        assert len(blob) == 8 * len(expected) == 8 * 9
        assert len(places) == 8 * (max(expected) + 1)
        assert list(idlists.item_ids(conn, Filter())) == expected
    finally:
        conn.close()


@pytest.mark.parametrize("text", ["ofte*", "every*", "sel*", "every* -sel*", "nowh*"])
@pytest.mark.parametrize("size", [1, 9, 200])
@pytest.mark.parametrize("newest", [1, 16, 100, 10**6])
@pytest.mark.parametrize("ranges", [1, 3, 8])
def test_a_prefix_finds_its_first_screen_among_the_newest_items_in_one_question(
    store, monkeypatch, text, size, newest, ranges
):
    monkeypatch.setattr(dateorder, "BLOCK_BITS", 3)
    monkeypatch.setattr(dateorder, "PREFIX_HEAD_ITEMS", newest)
    monkeypatch.setattr(dateorder, "PREFIX_RANGES", ranges)
    statements: list[str] = []
    expression = match_expression(parse_query(text))
    with db.snapshot(store):
        order = dateorder.current(store)
        store.set_trace_callback(statements.append)
        try:
            head = order.head(store, expression, size, prefix=True)
        finally:
            store.set_trace_callback(None)
    assert len([s for s in statements if "MATCH" in s]) == 1
    reference = _reference(store, Sort(), text)
    if newest >= 400:  # every item is among the newest: the head is always found
        assert head is not None
    if head is None:
        # Left to the whole list only when the newest items hold too few matches.
        newest_ids = set(_reference(store, Sort(), None)[:newest])
        assert len([i for i in reference if i in newest_ids]) < size
    else:
        assert list(head) == reference[:size]


def test_a_common_word_missing_from_the_newest_items_still_finds_its_first_screen_by_blocks(
    tmp_path, monkeypatch
):
    """The newest items all of one language: an English word common everywhere else is not left
    to the whole list because the first blocks asked hold none of it."""
    monkeypatch.setattr(dateorder, "BLOCK_BITS", 7)  # the 500 newest items fill four blocks
    conn = db.connect(tmp_path / "store.db")
    with db.transaction(conn):
        for ident in range(1, 4001):
            newest = ident > 3500  # the last imported, and the newest
            body = "новости границы" if newest else f"security council item {ident}"
            _add(conn, ident, body, f"2024-{1 + ident // 400:02d}-01")
    try:
        with db.snapshot(conn):
            order = dateorder.current(conn)
            expression = match_expression(parse_query("security"))
            head = order.head(conn, expression, 50)
            assert head is not None
            assert list(head) == _reference(conn, Sort(), "security")[:50]
    finally:
        conn.close()
