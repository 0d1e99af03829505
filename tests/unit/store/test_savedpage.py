"""The page an import was cut from, line by line, and keeping or dropping one of its lines."""

from pathlib import Path

import pytest

from reader.model import LineRole, UserError
from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

PAGE = """Riverside Herald
EN | RU

Bridge over the river opens to traffic
12.03.2024

The new bridge over the river opened to cars and buses this morning after two years of work.

Photo: the bridge at dawn

Drivers said the trip to the town centre now takes ten minutes instead of half an hour.

Market moves to the square
13.03.2024

The weekly market moves to the main square from next month, the town council decided on Tuesday.
"""


def _page(tmp_path: Path, name: str = "page.txt", text: str = PAGE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _item(store: SqliteStore, title: str):
    return next(d for d in store.export_items() if d.title == title)


def _roles(page) -> dict[int, LineRole]:
    return {line.number: line.role for line in page.lines}


def test_the_page_shows_each_line_with_what_the_import_made_of_it(store, tmp_path):
    import_one(store, _page(tmp_path), "Herald")
    bridge = _item(store, "Bridge over the river opens to traffic")
    page = store.saved_page(bridge.id)
    assert page.source == "Herald" and page.file == "page.txt"
    assert [line.text for line in page.lines] == PAGE.rstrip("\n").split("\n")
    roles = _roles(page)
    assert roles[1] == roles[2] == LineRole.DROPPED
    assert page.lines[0].reason == "header"
    assert [n for n, r in roles.items() if r is LineRole.ITEM] == [4, 5, 7, 11]
    assert roles[9] is LineRole.DROPPED and page.lines[8].item_id == bridge.id
    assert {roles[n] for n in (13, 14, 16)} == {LineRole.OTHER}
    assert roles[3] is LineRole.BLANK


def test_keeping_a_dropped_line_puts_it_in_the_item_and_in_later_imports(store, tmp_path):
    import_one(store, _page(tmp_path), "Herald")
    bridge = _item(store, "Bridge over the river opens to traffic")
    store.set_bookmark(bridge.id)
    page = store.saved_page(bridge.id)
    changes = store.keep_line(page.import_id, 9)
    assert bridge.id in changes.items_changed
    kept = store.item(bridge.id)
    assert kept.bookmarked
    assert kept.body.split("\n\n")[1] == "Photo: the bridge at dawn"
    assert _roles(store.saved_page(bridge.id))[9] is LineRole.ITEM
    assert [(b.text, b.status) for b in store.boilerplate("Herald", None)] == [
        ("photo: the bridge at dawn", "rejected")
    ]
    # Another dump of the source with that line keeps it as text from the start.
    later = PAGE.replace("two years", "three years").replace("13.03.2024", "14.03.2024")
    import_one(store, _page(tmp_path, "later.txt", later), "Herald")
    texts = [d.body for d in store.export_items() if "three years" in d.body]
    assert texts and "Photo: the bridge at dawn" in texts[0]


def test_dropping_a_kept_line_confirms_it_as_boilerplate_and_takes_it_out(store, tmp_path):
    import_one(store, _page(tmp_path), "Herald")
    bridge = _item(store, "Bridge over the river opens to traffic")
    page = store.saved_page(bridge.id)
    store.drop_line(page.import_id, 11)
    after = store.item(bridge.id)
    assert "ten minutes" not in after.body
    line = store.saved_page(bridge.id).lines[10]
    assert (line.role, line.reason) == (LineRole.DROPPED, "boilerplate")
    assert [b.status for b in store.boilerplate("Herald", "confirmed")] == ["confirmed"]
    assert store.imports()[0].chrome_lines == 4


@pytest.mark.parametrize(("line", "decide"), [(9, "keep_line"), (11, "drop_line")])
def test_restoring_a_lines_status_undoes_a_decision_exactly(store, tmp_path, line, decide):
    import_one(store, _page(tmp_path), "Herald")
    bridge = _item(store, "Bridge over the river opens to traffic")
    page = store.saved_page(bridge.id)
    before = (store.item(bridge.id).body, store.boilerplate("Herald", None), _roles(page))
    assert store.line_status(page.import_id, line) is None
    getattr(store, decide)(page.import_id, line)
    assert store.line_status(page.import_id, line) == ("rejected" if decide == "keep_line" else "confirmed")
    changes = store.restore_line(page.import_id, line, None)
    assert bridge.id in changes.items_changed
    assert store.line_status(page.import_id, line) is None
    after = (
        store.item(bridge.id).body,
        store.boilerplate("Herald", None),
        _roles(store.saved_page(bridge.id)),
    )
    assert after == before
    assert store.conn.execute(
        "SELECT count(*) FROM boilerplate WHERE status IS NULL AND dumps = 0"
    ).fetchone() == (0,)


def test_restoring_a_status_the_line_had_before_keeps_its_count(store, tmp_path):
    import_one(store, _page(tmp_path), "Herald")
    bridge = _item(store, "Bridge over the river opens to traffic")
    page = store.saved_page(bridge.id)
    store.set_boilerplate("Herald", "Photo: the bridge at dawn", "candidate")
    store.keep_line(page.import_id, 9)
    store.restore_line(page.import_id, 9, "candidate")
    assert [(b.text, b.status) for b in store.boilerplate("Herald", None)] == [
        ("photo: the bridge at dawn", "candidate")
    ]
    with pytest.raises(UserError, match="unknown boilerplate status"):
        store.restore_line(page.import_id, 9, "maybe")


def test_a_line_without_words_or_an_import_that_is_not_there_is_refused(store, tmp_path):
    import_one(store, _page(tmp_path), "Herald")
    page = store.saved_page(_item(store, "Market moves to the square").id)
    with pytest.raises(UserError, match="line 3 of import"):
        store.keep_line(page.import_id, 3)
    with pytest.raises(UserError, match="no import 99"):
        store.drop_line(99, 1)


def test_an_item_that_would_go_with_its_marks_is_refused_and_nothing_changes(store, tmp_path):
    teaser = "Riverside Herald\nEN | RU\n\nThe ferry stops running for the winter on Friday, the harbour office said.\n"
    import_one(store, _page(tmp_path, "teaser.txt", teaser), "Herald")
    (item,) = store.export_items()
    store.set_note(item.id, "check the timetable")
    page = store.saved_page(item.id)
    with pytest.raises(UserError, match=r"take away 1 item\(s\) of the page that carry bookmarks"):
        store.drop_line(page.import_id, 4)
    assert store.item(item.id).body == item.body
    assert store.boilerplate("Herald", "confirmed") == []


def test_an_import_stored_before_pages_were_kept_reads_its_file_while_it_is_unchanged(store, tmp_path):
    path = _page(tmp_path)
    import_one(store, path, "Herald")
    store.conn.execute("DELETE FROM pages")  # as a store migrated from schema 6 has it
    bridge = _item(store, "Bridge over the river opens to traffic")
    assert _roles(store.saved_page(bridge.id))[9] is LineRole.DROPPED
    store.keep_line(store.saved_page(bridge.id).import_id, 9)
    assert "Photo: the bridge at dawn" in store.item(bridge.id).body
    store.conn.execute("DELETE FROM pages")
    path.write_text(PAGE + "\nA line added since.\n", encoding="utf-8")
    assert store.saved_page(bridge.id) is None
    with pytest.raises(UserError, match="was not kept"):
        store.keep_line(1, 9)


def test_a_folder_imported_ahead_keeps_every_page_and_removing_an_import_drops_its_page(store, tmp_path):
    folder = tmp_path / "herald"
    folder.mkdir()
    for n in range(3):
        day = f"1{n + 2}.03.2024"
        (folder / f"page-{n}.txt").write_text(
            PAGE.replace("12.03.2024", day).replace("two", str(n + 2)), encoding="utf-8"
        )
    results = list(store.import_paths([folder], "Herald", detail=True))
    assert [len(r.items) for r in results] == [2, 2, 2]
    assert [c.text for c in results[0].chrome][:2] == ["Riverside Herald", "EN | RU"]
    assert store.conn.execute("SELECT count(*) FROM pages").fetchone() == (3,)
    for d in store.export_items():
        assert store.saved_page(d.id) is not None
    store.remove_import(store.imports()[-1].id)
    assert store.conn.execute("SELECT count(*) FROM pages").fetchone() == (2,)
