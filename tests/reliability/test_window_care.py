"""The window checks the store in the background after an import (and stops the check when it
closes), says so in a bar when it finds damage, writes nothing to a damaged store, and restores a
backup from File › Restore from backup…, opening the restored store and reading it anew."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from reader.model import Filter, Kind, StoreError
from reader.storage import backup_store, list_backups
from reader.store import backup
from reader.store.sqlitestore import SqliteStore
from reader.ui.mainwindow import MainWindow
from reader.ui.storecare import RestoreDialog, restore_at_start
from tests.reliability.conftest import garble

pytestmark = pytest.mark.gui

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."

Window = Callable[[SqliteStore], MainWindow]


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[Window]:
    opened: list[MainWindow] = []

    def make(store: SqliteStore) -> MainWindow:
        made = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(made)
        made.show()
        qtbot.waitUntil(lambda: not made.jobs.busy, timeout=10000)
        opened.append(made)
        return made

    yield make
    for made in opened:
        made.jobs.shutdown()


@pytest.fixture
def store(tmp_path: Path, write_dump) -> Iterator[SqliteStore]:
    (tmp_path / "data").mkdir()
    with SqliteStore.open(tmp_path / "data" / "store.db") as opened:
        list(opened.import_paths([write_dump("one.txt", A, B)], "News"))
        yield opened


def bookmarks(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        found: int = conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0]
    return found


def add_spare_pages(path: Path) -> None:
    """Pages no import touches, at the end of the file, for ``garble`` to damage."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE spare (text TEXT)")
        conn.executemany("INSERT INTO spare VALUES (?)", [(A * 40,)] * 200)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def import_in_window(qtbot, window: MainWindow, path: Path) -> None:
    window.run_import([str(path)], "News")
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)


def test_damage_found_after_an_import_shows_a_bar_and_nothing_is_written(
    qtbot, window: Window, store: SqliteStore, write_dump
):
    saved = backup_store(store.path)
    add_spare_pages(store.path)
    shown = window(store)
    assert shown.care.bar.isHidden()
    check = shown.care.check

    def disk_fails_then_check() -> None:
        garble(store.path, at=0.8)  # the disk fails while the import ends
        check()

    shown.care.check = disk_fails_then_check  # type: ignore[method-assign]
    import_in_window(qtbot, shown, write_dump("two.txt", C))
    qtbot.waitUntil(shown.care.bar.isVisible)
    assert "damaged" in shown.care.bar.label.text()

    with pytest.raises(StoreError, match="damaged"):
        store.set_bookmark(1)
    with store.session() as worker, pytest.raises(StoreError, match="damaged"):
        worker.set_bookmark(1)
    assert bookmarks(store.path) == 0

    qtbot.mouseClick(shown.care.bar.button, Qt.MouseButton.LeftButton)
    dialog = shown.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    assert saved in [b.path for b in dialog.backups]


def test_closing_the_window_stops_the_check_after_an_import_instead_of_waiting_for_it(
    qtbot, window: Window, store: SqliteStore, write_dump, monkeypatch: pytest.MonkeyPatch
):
    started = threading.Event()

    def endless(conn: sqlite3.Connection) -> None:
        # As a check of a store far larger than this one: it ends only when interrupted.
        started.set()
        conn.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n")
        raise AssertionError("the check was not interrupted")

    monkeypatch.setattr(backup, "verify", endless)
    shown = window(store)
    shown.run_import([str(write_dump("two.txt", C))], "News")
    qtbot.waitUntil(started.is_set, timeout=20000)
    assert shown.jobs.busy
    shown.close()  # returns once every job has ended
    assert shown.jobs.wait(0)  # no job still running
    assert shown.care.bar.isHidden()
    assert sorted(i.body for i in store.export_items()) == sorted([A, B, C])


def check_whole_store(qtbot, shown: MainWindow) -> str:
    """File › Check the whole store, as a user picks it; what the status bar then says."""
    file_menu = shown.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if a.text() == "&Check the whole store"]
    action.trigger()
    assert "Checking the whole store" in shown.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not shown.jobs.busy, timeout=20000)
    return shown.statusBar().currentMessage()


def test_the_whole_check_from_the_menu_says_a_sound_store_is_sound(qtbot, window: Window, store: SqliteStore):
    shown = window(store)
    assert check_whole_store(qtbot, shown).startswith("The store is sound: every page")
    assert shown.care.bar.isHidden()


def test_the_whole_check_from_the_menu_rebuilds_a_full_text_index_that_no_longer_matches(
    qtbot, window: Window, store: SqliteStore
):
    with closing(sqlite3.connect(store.path)) as conn:
        # Words indexed for an item that does not exist: the index and the items disagree.
        conn.execute(
            "INSERT INTO items_fts(rowid, title, body, stems) VALUES (99, 'ghost', 'ghost words', 'ghost word')"
        )
        conn.commit()
    shown = window(store)
    said = check_whole_store(qtbot, shown)
    assert said == "The store is sound; its full-text index did not match the items and was rebuilt"
    assert shown.care.bar.isHidden()
    search = "SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
    assert store.conn.execute(search, ("ghost",)).fetchall() == []
    assert store.conn.execute(search, ("Astana",)).fetchall() == [(1,)]
    store.set_bookmark(1)  # the store still takes writes
    assert bookmarks(store.path) == 1


def test_the_whole_check_from_the_menu_shows_damage_in_the_bar(qtbot, window: Window, store: SqliteStore):
    add_spare_pages(store.path)
    shown = window(store)
    garble(store.path, at=0.8)
    assert check_whole_store(qtbot, shown).startswith("The check found damage: ")
    assert shown.care.bar.isVisible()
    with pytest.raises(StoreError, match="damaged"):
        store.set_bookmark(1)


def test_counts_found_wrong_after_an_import_are_counted_again_and_shown(
    qtbot, window: Window, store: SqliteStore, write_dump
):
    with closing(sqlite3.connect(store.path)) as conn:
        # Another program's write without the store's triggers: every day of the source overcounted.
        conn.execute("UPDATE day_counts SET n = n + 40 WHERE source_id > 0")
        conn.commit()
    shown = window(store)
    import_in_window(qtbot, shown, write_dump("two.txt", C))
    qtbot.waitUntil(lambda: "counted again" in shown.statusBar().currentMessage(), timeout=20000)
    qtbot.waitUntil(lambda: not shown.jobs.busy, timeout=10000)
    assert shown.care.bar.isHidden()
    model = shown.tree.tree_model()
    node = model.node_at(model.index_for_key(Filter(Kind.SOURCE, 1).key))
    assert node is not None and node.count == 3
    store.set_bookmark(1)  # the store still takes writes
    assert bookmarks(store.path) == 1


def test_a_backup_restored_from_the_window_is_what_the_window_then_shows(
    qtbot, window: Window, store: SqliteStore, write_dump
):
    saved = backup_store(store.path)
    list(store.import_paths([write_dump("two.txt", C)], "News"))
    store.set_bookmark(3)
    shown = window(store)
    assert shown.list.model().rowCount() == 3

    dialog = shown.care.restore_from_backup()
    assert [b.path for b in dialog.backups] == [saved]
    qtbot.waitUntil(lambda: dialog.table.item(0, 2).text() == "2")  # its items, counted in the background
    asked = []
    shown.care.confirm = lambda _parent, info: asked.append(info.path) or True
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert asked == [saved]

    qtbot.waitUntil(lambda: not shown.jobs.busy and shown.list.model().rowCount() == 2, timeout=10000)
    assert sorted(i.body for i in store.export_items()) == sorted([A, B])
    assert bookmarks(store.path) == 0
    before, kept = list_backups(store.path)  # the store it replaced, backed up first
    assert kept.path == saved
    with SqliteStore.open(before.path) as replaced:
        assert len(list(replaced.export_items())) == 3
    assert str(before.path) in shown.statusBar().currentMessage()
    store.set_bookmark(1)  # the restored store is open and takes marks
    assert bookmarks(store.path) == 1


def test_a_declined_restore_changes_nothing(qtbot, window: Window, store: SqliteStore):
    backup_store(store.path)
    store.set_bookmark(1)
    shown = window(store)
    dialog = shown.care.restore_from_backup()
    shown.care.confirm = lambda _parent, _info: False
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert bookmarks(store.path) == 1
    assert len(list_backups(store.path)) == 1


def test_a_damaged_backup_is_listed_as_damaged_and_cannot_be_chosen(
    qtbot, window: Window, store: SqliteStore
):
    good = backup_store(store.path)
    bad = good.with_name(good.name.replace(good.name[6:14], "20200101"))
    bad.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    shown = window(store)
    dialog = shown.care.restore_from_backup()
    assert [b.path for b in dialog.backups] == [good, bad]
    qtbot.waitUntil(lambda: dialog.table.item(1, 2).text() == "damaged")
    assert dialog.table.item(0, 2).text() == "2"
    dialog.table.selectRow(1)
    assert not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    dialog.reject()


def test_a_store_that_cannot_be_opened_is_offered_its_sound_backups_at_start(tmp_path: Path, store):
    path = store.path
    store.set_bookmark(next(iter(store.export_items())).id)
    backup_store(path)
    store.close()
    # The store's file is overwritten in its middle, as a failing disk leaves it.
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(0)
        file.write(b"not a database any more" * 400)
    with pytest.raises(StoreError) as refused:
        SqliteStore.open(path)
    offered: list[tuple[str, list]] = []

    def decline(problem, backups):
        offered.append((problem, backups))
        return None

    assert restore_at_start(path, str(refused.value), decline) is None
    ((problem, backups),) = offered
    assert problem == str(refused.value) and len(backups) == 1 and backups[0].sound
    assert path.stat().st_size == size  # declined: the file is as it was
    assert restore_at_start(path, problem, lambda problem, backups: backups[0]) == backups[0].path
    with SqliteStore.open(path) as again:
        assert len(list(again.export_items())) == 2
    assert bookmarks(path) == 1
    assert any("damaged" in p.name for p in path.parent.rglob("*.db"))  # the broken store kept aside


def test_without_backups_a_store_that_cannot_be_opened_is_not_offered_any(tmp_path: Path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"garbage" * 1000)
    asked = []
    assert restore_at_start(path, "damaged", lambda problem, backups: asked.append(1)) is None
    assert asked == []
