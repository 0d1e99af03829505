"""Options of an import: a year for dates that have none, importing files again, and the items of
the last import that the tree's "Last import" shows."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from reader.model import DateMethod, Filter, Kind, Outcome
from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

YEARLESS = """Ministers met in Astana
23 November
The council of ministers met in Astana to discuss regional security matters.

Rescue centre opened
20 November
A new training centre for rescue teams opened in the northern province.
"""
DATED = """Treaty extended
19.05.2021
The treaty was extended for five years by the parties.

Talks on trade
18 May
Delegations from six countries held talks on border cooperation and trade.
"""
A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _dates(store: SqliteStore) -> dict[str | None, tuple[date | None, DateMethod | None]]:
    return {i.title: (i.date, i.date_method) for i in store.export_items()}


def _snapshot(conn: sqlite3.Connection) -> dict[str, object]:
    """What a store holds, apart from ids and times: items, their versions and sources."""
    items = sorted(conn.execute("SELECT title, body, date, date_method, seen_count FROM items"), key=repr)
    versions = sorted(
        conn.execute(
            "SELECT o.first_line, o.last_line, o.title, o.date, s.name, m.file_name FROM occurrences o"
            " JOIN imports m ON m.id = o.import_id JOIN sources s ON s.id = m.source_id"
        ),
        key=repr,
    )
    imports = sorted(conn.execute("SELECT file_name, sha256, items_total FROM imports"))
    return {"items": items, "versions": versions, "imports": imports}


def test_a_year_dates_the_dates_without_one_only_on_pages_that_give_none(store, tmp_path):
    yearless = _write(tmp_path / "d", "yearless.txt", YEARLESS)
    dated = _write(tmp_path / "d", "dated.txt", DATED)
    list(store.import_paths([yearless, dated], "News"))
    assert _dates(store)["Ministers met in Astana"] == (None, None)  # the default: left undated
    with SqliteStore.open(tmp_path / "with-year.db") as other:
        list(other.import_paths([yearless, dated], "News", year=2023))
        found = _dates(other)
    assert found["Ministers met in Astana"] == (date(2023, 11, 23), DateMethod.INFERRED)
    assert found["Rescue centre opened"] == (date(2023, 11, 20), DateMethod.INFERRED)
    # The page's own year still wins over the one given.
    assert found["Talks on trade"] == (date(2021, 5, 18), DateMethod.INFERRED)


def test_a_year_reaches_the_files_parsed_ahead_in_the_worker(store, tmp_path):
    folder = tmp_path / "many"
    for n in range(4):
        _write(folder, f"{n}.txt", YEARLESS.replace("Astana", f"Astana {n}").replace("northern", f"zone {n}"))
    results = list(store.import_paths([folder], "News", year=2022))
    assert [r.outcome for r in results] == [Outcome.IMPORTED] * 4
    assert {d for d, _ in _dates(store).values()} == {date(2022, 11, 23), date(2022, 11, 20)}


def test_files_imported_before_are_skipped_unless_imported_again(store, tmp_path):
    folder = tmp_path / "site"
    files = [_write(folder, "yearless.txt", YEARLESS), _write(folder, "dated.txt", DATED)]
    list(store.import_paths([folder], "News"))
    assert [r.outcome for r in store.import_paths([folder], "News", year=2023)] == [Outcome.ALREADY] * 2
    again = list(store.import_paths([folder], "News", year=2023, reimport=True))
    assert [r.outcome for r in again] == [Outcome.IMPORTED] * 2
    assert all("imported again in place of import" in r.message for r in again)
    assert _dates(store)["Ministers met in Astana"] == (date(2023, 11, 23), DateMethod.INFERRED)
    # No item twice: the store is the one a single import with that year gives.
    with SqliteStore.open(tmp_path / "once.db") as once:
        list(once.import_paths(files, "News", year=2023))
        assert _snapshot(store.conn) == _snapshot(once.conn)


def test_importing_again_keeps_the_marks_and_a_copy_in_the_same_run_is_known(store, write_dump):
    first = write_dump("one.txt", A, B)
    import_one(store, first, "News")
    (item,) = [i for i in store.export_items() if i.body == A]
    store.set_bookmark(item.id)
    store.set_note(item.id, "ask about this")
    copy = write_dump("copy.txt", A, B, folder="elsewhere")
    results = list(store.import_paths([first, copy], "News", reimport=True))
    assert [r.outcome for r in results] == [Outcome.IMPORTED, Outcome.ALREADY]
    assert len(list(store.export_items())) == 2
    kept = store.item(item.id)  # the old id names the item that took its place
    assert (kept.body, kept.bookmarked, kept.note) == (A, True, "ask about this")
    assert [Path(r.path).name for r in store.imports()] == ["one.txt"]


def test_a_preview_of_a_file_imported_again_names_the_import_it_replaces(store, write_dump):
    path = write_dump("one.txt", A, B)
    import_one(store, path, "News")
    assert store.preview(path, "News").outcome is Outcome.ALREADY
    preview = store.preview(path, "News", reimport=True)
    assert (preview.outcome, preview.replaces, preview.items_known) == (Outcome.IMPORTED, 1, 2)
    assert [r.id for r in store.imports()] == [1]  # nothing changed


def _last_import(store: SqliteStore) -> list[str]:
    ids = store.item_ids(Filter(Kind.LAST_IMPORT))
    return sorted(store.item(i).body for i in ids)


def _count(store: SqliteStore) -> int:
    (node,) = store.tree({Kind.LAST_IMPORT})
    return node.count


def test_the_last_import_holds_what_the_latest_run_added_or_merged(store, write_dump, tmp_path):
    import_one(store, write_dump("one.txt", A, B), "News")
    assert _last_import(store) == sorted([A, B])
    longer = f"{B} The ministers will meet again in spring to review the border agreement."
    list(store.import_paths([write_dump("two.txt", A, C), write_dump("three.txt", longer)], "News"))
    # A was only seen again; C is new and B got a longer version: both runs' files count.
    assert _last_import(store) == sorted([C, longer])
    assert _count(store) == 2
    # A run that writes nothing leaves the last import as it was.
    assert [r.outcome for r in store.import_paths([write_dump("one.txt", A, B)], "News")] == [Outcome.ALREADY]
    assert _last_import(store) == sorted([C, longer])
    store.close()
    with SqliteStore.open(tmp_path / "store.db") as reopened:
        assert _last_import(reopened) == sorted([C, longer])  # kept in the store
        two = next(r for r in reopened.imports() if r.path.endswith("two.txt"))
        reopened.remove_import(two.id)
        assert _last_import(reopened) == [longer]  # C went with its import
