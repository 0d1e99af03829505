"""Taking an import back gives the store it would be without that file, and never drops a mark unasked."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.model import Kind, MarkedItems, UserError, first_words
from reader.store.db import transaction
from reader.store.sqlitestore import SqliteStore
from tests.conftest import ITEM_BREAK, import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
A2 = "The talks lasted four hours and ended with a joint statement on border cooperation."
A_LONG = f"{A} {A2}"
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."
D = "Rescue teams from five countries held a joint exercise near the capital on Friday."


def snapshot(store: SqliteStore) -> list[tuple]:
    """Everything a user sees of the items, without row ids (a rebuilt store numbers them anew)."""
    items = []
    for item in store.export_items():
        seen = sorted((o.source, Path(o.file).name, o.line, o.last_line) for o in item.occurrences)
        items.append((item.title, item.body, item.date, item.date_method, tuple(item.sources), tuple(seen)))
    return sorted(items, key=repr)


def counts(store: SqliteStore) -> dict[str, int]:
    # "Last import" tells the history of the store, not what its dumps hold: a rebuilt store differs.
    return {
        node.kind.value: node.count
        for node in store.tree(periods=False)
        if node.kind not in (Kind.SOURCES, Kind.LAST_IMPORT)
    }


def build(tmp_path: Path, name: str, dumps: list[tuple[Path, str]]) -> SqliteStore:
    store = SqliteStore.open(tmp_path / f"{name}.db")
    for path, source in dumps:
        import_one(store, path, source)
    return store


def test_removing_an_import_gives_the_store_without_it(store, write_dump, tmp_path):
    first = write_dump("first.txt", A, A2, C)  # two halves and a story
    whole = write_dump("whole.txt", A_LONG, B)  # joins the halves, adds B
    third = write_dump("third.txt", C, D)
    for path, source in ((first, "News"), (whole, "Other"), (third, "News")):
        import_one(store, path, source)
    (record,) = [r for r in store.imports() if r.path.endswith("whole.txt")]
    assert store.removal_plan(record.id).items_lost == 1  # B, which only it brought
    changes = store.remove_import(record.id)
    assert changes.items_removed
    with build(tmp_path, "without", [(first, "News"), (third, "News")]) as expected:
        assert snapshot(store) == snapshot(expected)
        assert counts(store) == counts(expected)
        assert store.sources() == expected.sources() == ["News"]  # a source left with no import goes
    assert [Path(r.path).name for r in store.imports()] == ["third.txt", "first.txt"]


def test_the_plan_counts_what_only_the_import_brought(store, write_dump):
    import_one(store, write_dump("first.txt", A), "News")
    import_one(store, write_dump("second.txt", A, B, C), "News")
    second = store.imports()[0]
    plan = store.removal_plan(second.id)
    assert (plan.items_touched, plan.items_lost, plan.marked_lost) == (3, 2, ())
    with pytest.raises(UserError, match="there is no import 99"):
        store.removal_plan(99)


def test_marks_on_items_only_the_import_brought_are_never_dropped_unasked(store, write_dump):
    import_one(store, write_dump("first.txt", A), "News")
    import_one(store, write_dump("second.txt", B), "News")
    second = store.imports()[0]
    (b_item,) = [i for i in store.export_items() if i.body == B]
    store.set_note(b_item.id, "follow up")
    before = snapshot(store)
    with pytest.raises(MarkedItems) as refused:
        store.remove_import(second.id)
    assert refused.value.items == ((b_item.id, first_words(B)),)
    assert "1 item(s) with bookmarks, tags, notes or highlights" in str(refused.value)
    assert snapshot(store) == before and store.item(b_item.id).note == "follow up"
    assert store.removal_plan(second.id).marked_lost == refused.value.items
    store.remove_import(second.id, drop_marked=True)
    assert [i.body for i in store.export_items()] == [A]


def test_marks_of_an_item_the_import_lengthened_stay_on_its_shorter_text(store, write_dump):
    import_one(store, write_dump("short.txt", A), "News")
    import_one(store, write_dump("long.txt", A_LONG), "News")
    (item,) = store.export_items()
    store.set_bookmark(item.id)
    store.add_tag(item.id, "talks")
    store.add_highlight(item.id, "ministers met in Astana")
    store.add_highlight(item.id, "four hours", note="how long")
    changes = store.remove_import(store.imports()[0].id)
    (after,) = store.export_items()
    assert after.body == A
    assert store.resolve(item.id) == after.id
    assert (item.id, after.id) in changes.items_merged or item.id == after.id
    assert after.bookmarked and after.tags == ["talks"]
    kept, orphan = sorted(after.highlights, key=lambda h: h.quote != "ministers met in Astana")
    assert A[kept.start : kept.end] == "ministers met in Astana"
    assert (orphan.quote, orphan.note, orphan.start) == ("four hours", "how long", None)  # kept, not moved


def test_an_item_the_import_joined_comes_apart_again(store, write_dump, tmp_path):
    halves = write_dump("halves.txt", A, A2)
    whole = write_dump("whole.txt", A_LONG)
    import_one(store, halves, "News")
    import_one(store, whole, "News")
    assert len(list(store.export_items())) == 1
    store.remove_import(store.imports()[0].id)
    assert sorted(i.body for i in store.export_items()) == sorted([A, A2])


STORIES = [A, A2, A_LONG, B, C, D, f"{C} {D}"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    dumps=st.lists(st.lists(st.sampled_from(STORIES), min_size=1, max_size=4), min_size=2, max_size=4),
    data=st.data(),
)
def test_removing_any_import_matches_never_importing_it(tmp_path_factory, dumps, data):
    folder = tmp_path_factory.mktemp("dumps")
    paths = []
    for n, stories in enumerate(dumps):
        path = folder / f"{n}.txt"
        path.write_text(ITEM_BREAK.join(stories) + "\n", encoding="utf-8")
        paths.append(path)
    work = tmp_path_factory.mktemp("stores")
    gone = data.draw(st.integers(0, len(paths) - 1))
    with build(work, "all", [(p, "News") for p in paths]) as store:
        record = next((r for r in store.imports() if r.path.endswith(f"{gone}.txt")), None)
        if record is None:
            return  # a copy of an earlier dump: it was never imported on its own
        store.remove_import(record.id, drop_marked=True)
        # Copies of the removed file were skipped as already imported: they went with it.
        kept = [p for p in paths if p.read_bytes() != paths[gone].read_bytes()]
        with build(work, "without", [(p, "News") for p in kept]) as expected:
            assert snapshot(store) == snapshot(expected)
    shutil.rmtree(work)


def test_deleting_a_source_gives_the_store_without_its_imports(store, write_dump, tmp_path):
    first = write_dump("first.txt", A, A2, C)
    whole = write_dump("whole.txt", A_LONG, B)
    third = write_dump("third.txt", C, D)
    for path, source in ((first, "News"), (whole, "Other"), (third, "News")):
        import_one(store, path, source)
    (c_item,) = [i for i in store.export_items() if i.body == C]
    store.set_bookmark(c_item.id)
    plan = store.source_deletion_plan("News")
    assert (plan.imports, plan.items_lost) == (2, 2)  # C and D; the halves of A live on in A_LONG
    assert plan.marked_lost == ((c_item.id, first_words(C)),)
    with pytest.raises(MarkedItems, match="deleting source 'News' would delete 1 item"):
        store.delete_source("News")
    assert len(store.imports()) == 3  # refused: nothing changed
    changes = store.delete_source("News", drop_marked=True)
    assert changes.items_removed and changes.sources
    with build(tmp_path, "without", [(whole, "Other")]) as expected:
        assert snapshot(store) == snapshot(expected)
        assert counts(store) == counts(expected)
    assert store.sources() == ["Other"]


def test_a_source_without_imports_is_deleted_too(store, write_dump):
    import_one(store, write_dump("a.txt", A), "News")
    store.conn.execute("INSERT INTO sources (name, created) VALUES ('bad 0', '2024-01-01')")
    assert store.source_deletion_plan("bad 0").imports == 0
    store.delete_source("bad 0")
    assert store.sources() == ["News"]


def test_a_source_of_more_imports_than_sqlite_takes_parameters_is_planned_and_deleted(store, write_dump):
    # Builds of SQLite take 999, 32,766 or 250,000 bound parameters in one statement; the lowest here.
    store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    import_one(store, write_dump("a.txt", A, C), "News")
    import_one(store, write_dump("b.txt", B), "Other")
    with transaction(store.conn):
        store.conn.executemany(
            "INSERT INTO imports (source_id, path, file_name, size, sha256, encoding, imported_at, items_total,"
            " items_new, items_merged, items_known, outcome) SELECT id, ?, ?, 1, ?, 'utf-8', '2024', 0, 0, 0, 0,"
            " 'imported' FROM sources WHERE name = 'News'",
            [(f"/dumps/{n}.txt", f"{n}.txt", f"{n:064x}") for n in range(3_000)],
        )
    plan = store.source_deletion_plan("News")
    assert (plan.imports, plan.items_lost) == (3_001, 2)
    store.delete_source("News")
    assert store.sources() == ["Other"]
    assert [i.body for i in store.export_items()] == [B]
    assert len(store.imports()) == 1
