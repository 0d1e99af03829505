"""Two writers: the window's marks wait for another program's write instead of failing or freezing,
are never lost (not even by closing the window), and the window notices what another program
imported."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer

from reader.model import Filter, Kind, UserError
from reader.store.sqlitestore import SqliteStore
from reader.ui.importing import SAMPLE_SOURCE, sample_dumps
from reader.ui.itemlist import Column
from reader.ui.mainwindow import MainWindow

NEW_DUMP = """Talks on the new agreement
12.03.2024
Delegations met in Minsk to agree the text of a new agreement on border guards.
"""


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("writers") / "store.db"
    with SqliteStore.open(path) as store:
        assert all(r.outcome == "imported" for r in store.import_paths(sample_dumps(), SAMPLE_SOURCE))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def store(sample_file: Path, tmp_path: Path) -> Iterator[SqliteStore]:
    shutil.copy(sample_file, tmp_path / "store.db")
    with SqliteStore.open(tmp_path / "store.db") as opened:
        yield opened


@pytest.fixture
def window(qtbot, store: SqliteStore, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    opened = MainWindow(store, settings)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    opened.activateWindow()
    settle(qtbot, opened)
    return opened


def settle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.writer.pending and not window.jobs.busy, timeout=10000)


def another_program_writing(path: Path) -> sqlite3.Connection:
    """A connection of another program holding the store's write lock, as an import does mid-file."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


class Ticks:
    """Counts the turns of the window's event loop at 20 ms: it turns only while the GUI is free."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer(interval=20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def bookmarked_count(window: MainWindow) -> str:
    model = window.tree.tree_model()
    return model.index(model.index_for_key(Filter(Kind.BOOKMARKED).key).row(), 1).data()


def test_marks_made_while_another_program_writes_wait_and_land(qtbot, window: MainWindow, store: SqliteStore):
    shown = window.detail.id
    model = window.list.item_model()
    before = bookmarked_count(window)
    other = another_program_writing(store.path)
    ticks = Ticks()
    try:
        window.list.setFocus()
        qtbot.keyClick(window.list, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        # The star shows at once, though the store cannot take it yet.
        assert model.data(model.index(model.row_of(shown), Column.BOOKMARK)) == "★"
        assert window.detail.bookmarked
        qtbot.keyClicks(window.note.editor, "Ask about the date")
        window.note.flush()
        qtbot.waitUntil(window.waiting.isVisible, timeout=5000)
        assert window.waiting.text() == "Waiting for the import to finish…"
        # Well past the store's own busy timeout: the writes go on waiting and the window works.
        start = ticks.count
        qtbot.waitUntil(lambda: ticks.count - start >= 300, timeout=20000)
        assert window.waiting.isVisible() and window.writer.pending == 2
        assert not store.item(shown).bookmarked and store.item(shown).note == ""
        window.list.move_by(1)  # the window still answers the keyboard and shows items
        assert window.detail.id != shown
        window.list.move_by(-1)  # and coming back shows what was done, not yet what is stored
        assert window.detail.id == shown and window.detail.bookmarked
        assert window.note.editor.toPlainText() == "Ask about the date"
        assert "★ Bookmarked" in window.pane.toPlainText()
    finally:
        other.execute("COMMIT")
        other.close()
        ticks.timer.stop()
    settle(qtbot, window)
    assert store.item(shown).bookmarked
    assert store.item(shown).note == "Ask about the date"
    assert not window.waiting.isVisible()
    assert int(bookmarked_count(window)) == int(before or 0) + 1


def test_closing_the_window_waits_for_a_write_to_land(qtbot, window: MainWindow, store: SqliteStore):
    shown = window.detail.id
    other = another_program_writing(store.path)
    try:
        window.toggle_bookmark()
        qtbot.waitUntil(window.waiting.isVisible, timeout=5000)
        window.close()
        assert window.isVisible()  # not closed while the bookmark is still to be written
        assert "closes as soon as" in window.statusBar().currentMessage()
    finally:
        other.execute("COMMIT")
        other.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert store.item(shown).bookmarked


def test_the_window_notices_an_import_made_by_another_program(qtbot, window: MainWindow, tmp_path: Path):
    total = window.tree.tree_model().total()
    rows = window.list.model().rowCount()
    dump = tmp_path / "new.txt"
    dump.write_text(NEW_DUMP, encoding="utf-8")
    command = [sys.executable, "-m", "reader", "import", "--db", str(window.store.path), str(dump)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: window.tree.tree_model().total() == total + 1, timeout=10000)
    settle(qtbot, window)
    assert window.list.model().rowCount() == rows + 1
    assert "Talks on the new agreement" in [
        window.list.item_model().row_data(row).heading for row in range(rows + 1)
    ]


def test_the_window_s_own_writes_are_not_taken_for_another_program_s(qtbot, window: MainWindow):
    noticed = []
    window.writer.changedElsewhere.connect(lambda: noticed.append(True))
    window.toggle_bookmark()
    settle(qtbot, window)
    window.writer.check_elsewhere()
    window.writer.submit(lambda store: None)  # queued after the check: when it lands, the check ran
    settle(qtbot, window)
    assert noticed == []


def test_a_refused_change_is_said_and_the_window_shows_what_is_stored(qtbot, window: MainWindow):
    shown = window.detail.id

    def full_disk(store):
        raise UserError("the disk holding the store is full; free some space and try again")

    window._show_bookmark(shown, True)  # as a bookmark asked for shows itself
    window.write(full_disk)
    assert window.detail.bookmarked
    model = window.list.item_model()
    assert model.data(model.index(model.row_of(shown), Column.BOOKMARK)) == "★"
    settle(qtbot, window)
    assert (
        window.statusBar().currentMessage()
        == "the disk holding the store is full; free some space and try again"
    )
    assert not window.detail.bookmarked
    assert "★ Bookmarked" not in window.pane.toPlainText()
    assert model.data(model.index(model.row_of(shown), Column.BOOKMARK)) == ""
