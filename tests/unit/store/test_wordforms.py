"""Searching every form of a word: Russian and English words find their inflected forms through the
stems in the full-text index, an exact form is found alone, and stores of schema 6 get the stems."""

from __future__ import annotations

import sqlite3

import pytest

from reader.model import Filter
from reader.query import parse_query
from reader.store import idlists, schema
from reader.store.fts import item_stems
from reader.store.prepare import Rules, prepare

_ITEMS = {
    1: ("Саммит в Минске", "Лидеры встретились в Минске."),
    2: (None, "Делегация вернулась за Минском и Бишкеком."),
    3: ("Минск", "Новости из города Минск."),
    4: ("Meetings in Geneva", "The delegations met at two meetings."),
    5: (None, "A meeting of experts was held in Astana."),
    6: ("Budget report", "Nothing about the city."),
}


def _add_items(conn: sqlite3.Connection) -> None:
    for ident, (title, body) in _ITEMS.items():
        conn.execute(
            "INSERT INTO items (id, title, body, text_key, norm_len, first_seen, updated)"
            " VALUES (?, ?, ?, 0, 0, '2024-01-01', '2024-01-01')",
            (ident, title, body),
        )


@pytest.fixture
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(c)
    _add_items(c)
    return c


def _found(conn: sqlite3.Connection, text: str) -> list[int]:
    return sorted(idlists.item_ids(conn, Filter(), query=parse_query(text)))


def test_a_russian_word_finds_its_inflected_forms(conn):
    assert _found(conn, "минск") == [1, 2, 3]
    assert _found(conn, "Минском") == [1, 2, 3]
    assert _found(conn, "бишкек") == [2]


def test_an_english_word_finds_its_inflected_forms(conn):
    assert _found(conn, "meeting") == [4, 5]
    assert _found(conn, "meetings") == [4, 5]
    assert _found(conn, "delegation") == [4]


def test_quotes_and_equals_sign_find_only_the_exact_form(conn):
    assert _found(conn, '"Минске"') == [1]
    assert _found(conn, "=Минске") == [1]
    assert _found(conn, '="Минском"') == [2]
    assert _found(conn, '"meetings"') == [4]
    assert _found(conn, "minsk -=Минске") == []
    assert _found(conn, "минск -=Минске") == [2, 3]


def test_prefixes_stay_prefixes_of_the_written_forms(conn):
    assert _found(conn, "минс*") == [1, 2, 3]
    assert _found(conn, "meet*") == [4, 5]


def test_edits_keep_the_stems_in_step_with_the_items(conn):
    conn.execute("UPDATE items SET body = 'Встреча прошла в Бишкеке.' WHERE id = 1")
    conn.execute("DELETE FROM items WHERE id = 2")
    assert _found(conn, "бишкек") == [1]
    assert _found(conn, "минск") == [1, 3]  # the title of item 1 still names Minsk
    conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")


def test_a_store_of_schema_6_gets_the_stems_of_its_items(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[:6]:
        step(old)
    old.execute("PRAGMA user_version = 6")
    _add_items(old)
    assert old.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'минск'").fetchone() == (1,)
    old.close()

    conn = sqlite3.connect(path, isolation_level=None)
    assert schema.migrate(conn) is True
    assert schema.version(conn) == schema.VERSION
    assert _found(conn, "минск") == [1, 2, 3]
    assert _found(conn, "meeting") == [4, 5]
    assert _found(conn, '"Минске"') == [1]
    conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")


def test_a_folder_is_indexed_with_the_stems_its_items_text_gives(store, write_dump):
    write_dump(
        "a.txt",
        "Лидеры встретились в Минске на саммите.",
        "The delegations met at two meetings.",
        folder="news",
    )
    second = write_dump("b.txt", "Делегация вернулась за Минском и Бишкеком вчера.", folder="news")
    results = list(store.import_paths([second.parent], "News"))
    assert [r.items_new for r in results] == [2, 1]
    # The worker stemmed the items; the index must hold what its view gives for them.
    store.conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
    assert len(_found(store.conn, "минск")) == 2
    assert len(_found(store.conn, "meeting")) == 1
    assert _found(store.conn, '"Минском"') == _found(store.conn, "бишкек")


def test_the_worker_stems_each_item_as_the_index_does(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Саммит в Минске\n\nЛидеры встретились в Минске.\n\n\nMeetings\n\nThe delegations met.\n")
    prepared = prepare(path, Rules(), set())
    assert prepared.parsed is not None and len(prepared.parsed.items) == 2
    assert prepared.stems == tuple(item_stems(i.title, i.body) for i in prepared.parsed.items)
    assert "минск" in prepared.stems[0] and "meet" in prepared.stems[1]
