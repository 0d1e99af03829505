"""The counts of items per source and day that the schema's triggers keep (``day_counts``) stay equal
to counting the items, through inserts, date changes, merges, removals and moved sources."""

from __future__ import annotations

import sqlite3

from reader.store import schema
from tests.conftest import import_one

A = "12.03.2024\n\nThe council of ministers met in Astana on Tuesday to discuss regional security matters."
A2 = "12.03.2024\n\nThe talks lasted four hours and ended with a joint statement on border cooperation."
B = "14.03.2024\n\nDelegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."


def counted(conn: sqlite3.Connection) -> dict[tuple[int, str], int]:
    rows = {
        (0, day): n for day, n in conn.execute("SELECT coalesce(date, ''), count(*) FROM items GROUP BY 1")
    }
    rows |= {
        (source, day): n
        for source, day, n in conn.execute(
            "SELECT x.source_id, coalesce(i.date, ''), count(*) FROM item_sources x"
            " JOIN items i ON i.id = x.item_id GROUP BY 1, 2"
        )
    }
    rows[(-1, "")] = conn.execute("SELECT count(DISTINCT item_id) FROM item_sources").fetchone()[0]
    return {key: n for key, n in rows.items() if n}


def kept(conn: sqlite3.Connection) -> dict[tuple[int, str], int]:
    return {(s, d): n for s, d, n in conn.execute("SELECT source_id, day, n FROM day_counts WHERE n != 0")}


def test_counts_follow_every_kind_of_write():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    schema.migrate(conn)
    for source in (1, 2):
        conn.execute("INSERT INTO sources (id, name, created) VALUES (?, ?, '')", (source, f"S{source}"))
    for ident, day in ((1, "2024-03-12"), (2, "2024-03-12"), (3, None), (4, "2024-03-14")):
        conn.execute(
            "INSERT INTO items (id, title, body, date, text_key, norm_len, first_seen, updated)"
            " VALUES (?, NULL, 'text', ?, 0, 0, '', '')",
            (ident, day),
        )
    for source, item in ((1, 1), (1, 2), (2, 2), (1, 3), (2, 4)):
        conn.execute("INSERT INTO item_sources (source_id, item_id) VALUES (?, ?)", (source, item))
    assert kept(conn) == counted(conn)
    assert kept(conn)[(-1, "")] == 4 and kept(conn)[(1, "2024-03-12")] == 2
    steps = [
        "UPDATE items SET date = '2024-03-13' WHERE id = 2",
        "UPDATE items SET date = NULL WHERE id = 1",
        "UPDATE item_sources SET source_id = 2 WHERE source_id = 1 AND item_id = 3",
        "UPDATE OR IGNORE item_sources SET item_id = 4 WHERE item_id = 2",
        "DELETE FROM item_sources WHERE item_id = 1",
        "DELETE FROM items WHERE id = 2",
        "DELETE FROM items WHERE id = 4",
    ]
    for step in steps:
        conn.execute(step)
        assert kept(conn) == counted(conn), step


def test_a_store_of_schema_9_gets_its_counts(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    for step in schema.MIGRATIONS[:9]:
        step(conn)
    conn.execute("PRAGMA user_version = 9")
    conn.execute("INSERT INTO sources (id, name, created) VALUES (1, 'S', '')")
    for ident, day in ((1, "2024-03-12"), (2, None), (3, "2024-03-12")):
        conn.execute(
            "INSERT INTO items (id, title, body, date, text_key, norm_len, first_seen, updated)"
            " VALUES (?, NULL, 'text', ?, 0, 0, '', '')",
            (ident, day),
        )
        conn.execute("INSERT INTO item_sources (source_id, item_id) VALUES (1, ?)", (ident,))
    assert schema.migrate(conn) is True
    assert (
        kept(conn)
        == counted(conn)
        == {(0, "2024-03-12"): 2, (0, ""): 1, (1, "2024-03-12"): 2, (1, ""): 1, (-1, ""): 3}
    )


def test_counts_follow_imports_merges_removals_and_merged_sources(store, write_dump):
    import_one(store, write_dump("a.txt", A, C), "News")
    import_one(store, write_dump("b.txt", A + " " + A2.split("\n\n")[1], B), "Other")
    assert kept(store.conn) == counted(store.conn)
    (first,) = [r for r in store.imports() if r.path.endswith("b.txt")]
    store.remove_import(first.id)
    assert kept(store.conn) == counted(store.conn)
    import_one(store, write_dump("c.txt", B, C), "Other")
    store.merge_sources("Other", "News")
    assert kept(store.conn) == counted(store.conn)
    nodes = {node.kind.value: node.count for node in store.tree()}
    assert nodes["all"] == nodes["sources"] == 3


def test_the_timeline_of_a_node_is_summed_from_the_counts(store, write_dump):
    from reader.model import Filter, Kind, MonthCount
    from reader.store import browse

    import_one(store, write_dump("a.txt", A, B, C), "News")
    import_one(
        store,
        write_dump("b.txt", "02.01.2023\n\nA summit on water supply opened in Dushanbe today."),
        "Other",
    )
    news = store.conn.execute("SELECT id FROM sources WHERE name = 'News'").fetchone()[0]
    assert browse.month_histogram(store.conn, Filter()) == [MonthCount(2023, 1, 1), MonthCount(2024, 3, 2)]
    assert browse.month_histogram(store.conn, Filter(Kind.SOURCE, news)) == [MonthCount(2024, 3, 2)]
    assert browse.month_histogram(store.conn, Filter(Kind.DATE, None, "2023")) == [MonthCount(2023, 1, 1)]
