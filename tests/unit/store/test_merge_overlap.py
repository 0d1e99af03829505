"""Two saved versions of one article that only overlap become one item with the whole text."""

from pathlib import Path

from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

TITLE = "Night buses to run on the lake line from April"
P = [
    "The transport office will start night buses on the lake line on the first Saturday of April.",
    "Buses will leave the main square every forty minutes between midnight and five in the morning.",
    "The office said the service would be paid for from the parking fees collected in the old town.",
    "Tickets for the night buses will cost the same as by day, and monthly passes will be valid on them.",
    "A survey of passengers will decide in the autumn whether the service stays for the winter.",
]


def dump(folder: Path, name: str, paragraphs: list[str]) -> Path:
    path = folder / name
    path.write_text(f"{TITLE}\n\n12.03.2026\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_a_start_and_an_end_capture_merge_into_the_whole_text_in_either_order(tmp_path):
    cut = P[3][: P[3].index("monthly") + 4]  # the first capture stops mid-word
    for n, order in enumerate([("start", "end"), ("end", "start")]):
        captures = {"start": [*P[:3], cut], "end": P[1:]}
        with SqliteStore.open(tmp_path / f"{n}.db") as store:
            for name in order:
                import_one(store, dump(tmp_path, f"{n}-{name}.txt", captures[name]), "Town")
            (item,) = list(store.export_items())
            assert item.title == TITLE
            assert item.body == "\n\n".join(P)
            assert len(item.occurrences) == 2


def test_articles_sharing_only_a_title_stay_apart(tmp_path):
    with SqliteStore.open(tmp_path / "store.db") as store:
        import_one(store, dump(tmp_path, "a.txt", P[:2]), "Town")
        import_one(store, dump(tmp_path, "b.txt", P[3:]), "Town")
        assert len(list(store.export_items())) == 2


def test_a_store_of_schema_10_gets_overlap_keys_and_joins_captures(tmp_path):
    import sqlite3

    from reader.store import schema

    path = tmp_path / "old.db"
    with SqliteStore.open(path) as store:
        import_one(store, dump(tmp_path, "start.txt", P[:4]), "Town")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE overlap_keys")  # as a store written before them
    for change in ("insert", "delete", "date"):
        conn.execute(f"DROP TRIGGER order_stamp_{change}")
    conn.execute("DROP TABLE order_stamp")
    conn.execute("DROP TABLE item_order")
    conn.execute("PRAGMA user_version = 10")
    conn.close()
    with SqliteStore.open(path) as store:
        assert schema.version(store.conn) == schema.VERSION
        import_one(store, dump(tmp_path, "end.txt", P[2:]), "Town")
        (item,) = list(store.export_items())
        assert item.body == "\n\n".join(P)


def test_a_capture_sharing_a_paragraph_but_not_at_its_edge_stays_apart(tmp_path):
    # The second capture's first paragraph is the first one's middle, not one it goes on from.
    with SqliteStore.open(tmp_path / "store.db") as store:
        import_one(store, dump(tmp_path, "a.txt", P[:3]), "Town")
        import_one(store, dump(tmp_path, "b.txt", [P[1], P[4]]), "Town")
        assert len(list(store.export_items())) == 2
