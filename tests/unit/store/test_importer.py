import sqlite3
from pathlib import Path

import pytest

from reader.store import importer, merge, prepare
from reader.store.importer import ALREADY, EMPTY, IMPORTED, REFUSED
from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
A2 = "The talks lasted four hours and ended with a joint statement on border cooperation."
A_LONG = f"{A} {A2}"
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
TABLES = (
    "sources",
    "imports",
    "items",
    "occurrences",
    "item_sources",
    "chrome_lines",
    "boilerplate",
    "dedup_keys",
)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def bodies(conn: sqlite3.Connection) -> list[str]:
    return [body for (body,) in conn.execute("SELECT body FROM items ORDER BY id")]


def test_a_dump_imports_its_items(store, write_dump):
    result = import_one(store, write_dump("list.txt", A, B, C), "News")
    assert result.outcome == IMPORTED
    assert (result.items_total, result.items_new, result.items_merged, result.items_known) == (3, 3, 0, 0)
    assert result.message == "list.txt: 3 items (3 new, 0 merged, 0 already known) [utf-8]"
    assert result.changes.items_added == frozenset({1, 2, 3})
    assert bodies(store.conn) == [A, B, C]
    row = store.conn.execute("SELECT outcome, items_total, items_new, file_name FROM imports").fetchone()
    assert row == ("imported", 3, 3, "list.txt")
    assert store.conn.execute("SELECT name FROM sources").fetchall() == [("News",)]


def test_the_same_bytes_are_imported_once(store, write_dump):
    first = write_dump("one.txt", A, B)
    import_one(store, first, "News")
    before = counts(store.conn)
    copy = write_dump("copy.txt", A, B, folder="elsewhere")
    for path in (first, copy):
        result = import_one(store, path, "Other")
        assert result.outcome == ALREADY
        assert result.message.startswith(f"{path.name}: already imported (same content as import 1, ")
        assert not result.changes.any
    assert counts(store.conn) == before


def test_a_binary_file_is_refused_and_leaves_no_trace(store, tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(PNG)
    result = import_one(store, path, "News")
    assert result.outcome == REFUSED
    assert result.message.startswith("refused scan.txt: ")
    assert set(counts(store.conn).values()) == {0}


def test_a_missing_file_is_refused_naming_it(store, tmp_path):
    result = import_one(store, tmp_path / "gone.txt", "News")
    assert result.outcome == REFUSED
    assert "gone.txt" in result.message
    assert set(counts(store.conn).values()) == {0}


def test_a_file_without_items_is_recorded_as_empty(store, write_dump):
    result = import_one(store, write_dump("empty.txt", ""), "News")
    assert result.outcome == EMPTY
    assert result.message == "empty.txt: no items found"
    assert store.conn.execute("SELECT outcome FROM imports").fetchall() == [("empty",)]


@pytest.mark.parametrize("failure", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_a_file_is_imported_whole_or_not_at_all(store, write_dump, monkeypatch, failure):
    import_one(store, write_dump("first.txt", C), "News")
    before = counts(store.conn)
    place = merge.Merger.place
    calls = []

    def failing(self, item, fp=None, stems=None):
        calls.append(item)
        if len(calls) == 2:
            raise failure
        return place(self, item, fp, stems)

    monkeypatch.setattr(merge.Merger, "place", failing)
    path = write_dump("second.txt", A, B, C)
    with pytest.raises(type(failure)):
        import_one(store, path, "Fresh source")
    assert counts(store.conn) == before
    assert not store.conn.in_transaction
    monkeypatch.setattr(merge.Merger, "place", place)
    assert import_one(store, path, "Fresh source").outcome == IMPORTED


def test_exact_copies_are_known(store, write_dump):
    import_one(store, write_dump("one.txt", A, B), "News")
    result = import_one(store, write_dump("two.txt", B, C), "Other")
    assert (result.items_new, result.items_known) == (1, 1)
    assert store.conn.execute("SELECT seen_count FROM items WHERE id = 2").fetchone() == (2,)
    sources = store.conn.execute("SELECT count(*) FROM item_sources WHERE item_id = 2").fetchone()
    assert sources == (2,)


def test_a_shorter_version_joins_the_longer_item(store, write_dump):
    import_one(store, write_dump("full.txt", A_LONG), "News")
    result = import_one(store, write_dump("teaser.txt", A), "News")
    assert (result.items_merged, result.items_new) == (1, 0)
    assert bodies(store.conn) == [A_LONG]
    item = store.item(1)
    assert sorted(o.body for o in item.occurrences) == sorted([A, A_LONG])


def test_a_longer_version_replaces_the_text_and_keeps_the_id_and_marks(store, write_dump):
    import_one(store, write_dump("teaser.txt", A, B), "News")
    store.set_bookmark(1)
    store.set_note(1, "follow up")
    result = import_one(store, write_dump("full.txt", A_LONG), "News")
    assert result.items_merged == 1
    assert result.changes.items_changed == frozenset({1})
    item = store.item(1)
    assert (item.body, item.bookmarked, item.note) == (A_LONG, True, "follow up")
    # The teaser's own text is still there, though the item's text changed under it.
    assert sorted(o.body for o in item.occurrences) == sorted([A, A_LONG])
    keys = store.conn.execute("SELECT count(*) FROM dedup_keys WHERE item_id = 1").fetchone()[0]
    assert keys == 2


def test_a_version_holding_two_items_folds_them_into_the_oldest(store, write_dump):
    import_one(store, write_dump("halves.txt", A, A2, B), "News")
    store.set_bookmark(2)
    store.set_note(1, "first half")
    store.set_note(2, "second half")
    store.add_tag(2, "border")
    store.add_highlight(2, "four hours")
    result = import_one(store, write_dump("whole.txt", A_LONG), "Other")
    assert result.changes.items_merged == ((2, 1),)
    assert bodies(store.conn) == [A_LONG, B]
    assert store.resolve(2) == 1
    old = store.item(2)
    assert old.id == 1
    assert old.bookmarked
    assert old.note == "first half\n\nsecond half"
    assert old.tags == ["border"]
    (highlight,) = old.highlights
    assert A_LONG[highlight.start : highlight.end] == "four hours"
    assert old.sources == ["News", "Other"]
    assert sorted(o.body for o in old.occurrences) == sorted([A, A2, A_LONG])
    assert old.occurrences and len(old.occurrences) == 3
    found = store.conn.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH 'hours'").fetchall()
    assert found == [(1,)]
    # Marks made through the old id land on the survivor.
    store.add_tag(2, "later")
    assert store.item(1).tags == ["border", "later"]


def test_aliases_follow_a_second_fold(store, write_dump):
    third = "The statement will be published on the website of the ministry tomorrow morning."
    import_one(store, write_dump("parts.txt", A, A2, third), "News")
    import_one(store, write_dump("two.txt", f"{A2} {third}"), "News")
    assert store.resolve(3) == 2
    import_one(store, write_dump("all.txt", f"{A_LONG} {third}"), "News")
    assert {store.resolve(i) for i in (1, 2, 3)} == {1}
    assert store.conn.execute("SELECT old_id, item_id FROM item_aliases ORDER BY old_id").fetchall() == [
        (2, 1),
        (3, 1),
    ]


def test_a_near_duplicate_joins_the_item(store, write_dump):
    edited = A.replace("matters", "issues")
    import_one(store, write_dump("one.txt", A), "News")
    result = import_one(store, write_dump("two.txt", edited), "News")
    assert result.items_merged == 1
    assert len(bodies(store.conn)) == 1


def test_short_lines_seen_in_three_dumps_become_candidates(store, write_dump, monkeypatch):
    for n, text in enumerate((A, B, C)):
        import_one(store, write_dump(f"{n}.txt", "Regional news desk", text), "News")
    row = store.conn.execute(
        "SELECT dumps, status FROM boilerplate WHERE text = 'regional news desk'"
    ).fetchone()
    assert row == (3, "candidate")
    store.conn.execute("UPDATE boilerplate SET status = 'confirmed' WHERE text = 'regional news desk'")
    seen = {}
    parse = prepare.parse_dump

    def spy(data, name, *, boilerplate=(), **options):
        seen["boilerplate"] = set(boilerplate)
        return parse(data, name, boilerplate=boilerplate, **options)

    monkeypatch.setattr(prepare, "parse_dump", spy)
    import_one(store, write_dump("4.txt", "Regional news desk", A2), "News")
    assert seen["boilerplate"] == {"regional news desk"}
    import_one(store, write_dump("5.txt", "Regional news desk", A_LONG), "Another")
    assert seen["boilerplate"] == set()


def test_dropped_chrome_is_kept(store, write_dump):
    from reader.ingest.parse import parse_dump

    path = write_dump("page.txt", "Home", "12:30", A, "Share")
    expected = parse_dump(path.read_bytes(), "page.txt").chrome
    assert expected
    import_one(store, path, "News")
    rows = store.conn.execute("SELECT line, text FROM chrome_lines ORDER BY line").fetchall()
    assert rows == sorted({(c.line, c.text) for c in expected})
    assert store.conn.execute("SELECT chrome_lines FROM imports").fetchone() == (len(expected),)


def test_an_import_stops_between_files_when_cancelled(store, write_dump, tmp_path):
    write_dump("a.txt", A, folder="in")
    write_dump("b.txt", B, folder="in")
    write_dump("c.txt", C, folder="in")
    results = []
    for result in store.import_paths([tmp_path / "in"], "News", cancelled=lambda: bool(results)):
        results.append(result)
    assert [r.path.name for r in results] == ["a.txt"]
    assert [r.source for r in store.imports()] == ["News"]
    assert len(list(store.export_items())) == 1


def test_the_import_history_lists_files_newest_first(store, write_dump):
    import_one(store, write_dump("a.txt", A, B), "News")
    import_one(store, write_dump("c.txt", C), "Other")
    history = store.imports()
    assert [(h.source, Path(h.path).name, h.items_total, h.items_new) for h in history] == [
        ("Other", "c.txt", 1, 1),
        ("News", "a.txt", 2, 2),
    ]
    assert [h.source for h in store.imports("News")] == ["News"]


def test_folders_are_walked_sorted_one_file_at_a_time(store, write_dump, tmp_path):
    write_dump("b.txt", B, folder="in")
    write_dump("a.txt", A, folder="in")
    write_dump("c.txt", C, folder="in/deeper")
    write_dump(".hidden.txt", A2, folder="in")
    write_dump("x.txt", A2, folder="in/.git")
    results = store.import_paths([tmp_path / "in"])
    first = next(results)
    assert first.path.name == "a.txt"
    assert store.conn.execute("SELECT count(*) FROM imports").fetchone() == (1,)
    rest = list(results)
    assert [r.path.name for r in rest] == ["b.txt", "c.txt"]
    assert {name for (name,) in store.conn.execute("SELECT name FROM sources")} == {"in"}


def test_a_missing_path_yields_a_refusal_and_the_rest_imports(store, write_dump, tmp_path):
    good = write_dump("a.txt", A)
    results = list(store.import_paths([tmp_path / "nothing-here", good], source="News"))
    assert [r.outcome for r in results] == [REFUSED, IMPORTED]
    assert "nothing-here" in results[0].message


def test_the_default_source_is_the_folder_name(tmp_path):
    (tmp_path / "CSTO").mkdir()
    (tmp_path / "CSTO" / "a.txt").write_text("x")
    assert importer.default_source(tmp_path / "CSTO") == "CSTO"
    assert importer.default_source(tmp_path / "CSTO" / "a.txt") == "CSTO"
    assert importer.default_source(Path(tmp_path / "CSTO" / "missing.txt")) == "CSTO"


def test_an_unreadable_folder_is_refused_and_the_walk_goes_on(store, write_dump, tmp_path, monkeypatch):
    write_dump("a.txt", A, folder="in/locked")
    write_dump("b.txt", B, folder="in/open")
    scandir = importer.os.scandir

    def guarded(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(importer.os, "scandir", guarded)
    results = list(store.import_paths([tmp_path / "in"], source="News"))
    assert [(r.path.name, r.outcome) for r in results] == [("locked", REFUSED), ("b.txt", IMPORTED)]
    assert results[0].message.endswith("locked: permission denied")


def test_items_of_the_same_file_are_deduplicated_against_each_other(store, write_dump):
    result = import_one(store, write_dump("page.txt", A, A2, A_LONG, A), "News")
    assert (result.items_new, result.items_merged, result.items_known) == (2, 1, 1)
    assert result.changes.items_added == frozenset({1})
    assert result.changes.items_merged == ((2, 1),)
    assert bodies(store.conn) == [A_LONG]
    assert store.conn.execute("SELECT seen_count FROM items").fetchone() == (4,)


SETTINGS = ("cache_size", "wal_autocheckpoint")


def test_a_folder_prepared_ahead_gives_what_importing_file_by_file_gives(tmp_path, write_dump):
    folder = tmp_path / "in"
    write_dump("0-before.txt", C, folder="in")
    write_dump("1.txt", A, B, folder="in")
    (folder / "2-picture.png").write_bytes(PNG)
    write_dump("3-copy.txt", A, B, folder="in")
    write_dump("4.txt", A_LONG, C, A2, folder="in")
    write_dump("5-empty.txt", "", folder="in")
    files = sorted(folder.iterdir())
    outcomes = []
    for name, run in (
        ("ahead", lambda s: list(s.import_paths([folder], "News"))),
        ("serial", lambda s: [import_one(s, f, "News") for f in files[1:]]),
    ):
        with SqliteStore.open(tmp_path / f"{name}.db") as store:
            import_one(store, files[0], "News")
            settings = [store.conn.execute(f"PRAGMA {name}").fetchone() for name in SETTINGS]
            results = run(store)
            assert [store.conn.execute(f"PRAGMA {name}").fetchone() for name in SETTINGS] == settings
            if name == "ahead":
                results = results[1:]  # the file imported before comes out as already imported
            outcomes.append(
                (
                    [(r.path.name, r.outcome, r.message, r.changes) for r in results],
                    [(i.id, i.title, i.body, i.date, len(i.occurrences)) for i in store.export_items()],
                )
            )
    assert outcomes[0] == outcomes[1]
    assert [outcome for _, outcome, _, _ in outcomes[0][0]] == [IMPORTED, REFUSED, ALREADY, IMPORTED, EMPTY]


def test_a_preview_says_what_an_import_would_do_and_changes_nothing(store, write_dump):
    import_one(store, write_dump("first.txt", A, C), "News")
    before = [(i.id, i.body, len(i.occurrences)) for i in store.export_items()]
    preview = store.preview(write_dump("second.txt", A, B), "News")
    assert preview.outcome == IMPORTED
    assert (preview.items_new, preview.items_known, len(preview.items)) == (1, 1, 2)
    assert preview.encoding == "utf-8"
    assert preview.items[0].lead.split()[:3] == A.split()[:3]
    assert [(i.id, i.body, len(i.occurrences)) for i in store.export_items()] == before
    assert [h.path.endswith("first.txt") for h in store.imports()] == [True]


def test_a_preview_of_a_refused_or_known_file_says_why(store, write_dump, tmp_path):
    path = write_dump("first.txt", A)
    import_one(store, path, "News")
    assert store.preview(path, "News").outcome == ALREADY
    picture = tmp_path / "picture.txt"
    picture.write_bytes(PNG)
    refused = store.preview(picture, "News")
    assert (refused.outcome, refused.message) == (
        REFUSED,
        "refused picture.txt: a PNG image, not a text dump",
    )


def test_the_files_of_an_import_are_listed_as_it_would_read_them(store, write_dump, tmp_path):
    write_dump("b.txt", B, folder="in")
    write_dump("a.txt", A, folder="in/deeper")
    write_dump(".hidden.txt", A2, folder="in")
    files = list(store.files([tmp_path / "in", tmp_path / "missing.txt"]))
    assert [f.path.name for f in files] == ["b.txt", "a.txt", "missing.txt"]
    assert files[1].size == (tmp_path / "in/deeper/a.txt").stat().st_size and files[1].error is None
    assert files[2].error == f"cannot read {tmp_path / 'missing.txt'}: no such file or folder"


def test_cancelling_in_the_middle_of_a_file_rolls_that_file_back(store, write_dump):
    import_one(store, write_dump("first.txt", C), "News")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first item of the second file

    results = list(store.import_paths([write_dump("second.txt", A, B)], "News", cancelled=cancelled))
    assert results == []
    assert [Path(h.path).name for h in store.imports()] == ["first.txt"]
    assert [i.body for i in store.export_items()] == [C]


def test_a_forced_encoding_reads_the_file_in_it(store, write_dump):
    path = write_dump("ru.txt", "Совместное заявление принято в Минске.", encoding="cp1251")
    (result,) = store.import_paths([path], "News", encodings={path: "koi8_r"})
    assert result.encoding == "koi8-r"
    (item,) = store.export_items()
    assert "Минске" not in item.body  # read as the user asked, even when it is wrong
    other = write_dump("ru2.txt", "Второе заявление принято в Минске.", encoding="cp1251")
    (right,) = store.import_paths([other], "News", encodings={other: "cp1251"})
    assert right.encoding == "cp1251"
    assert any("Второе заявление" in i.body for i in store.export_items())
