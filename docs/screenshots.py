#!/usr/bin/env python3
"""Render the window offscreen with the sample dumps loaded and write the README's screenshots.

    .venv/bin/python docs/screenshots.py [output folder]      (default: docs/screenshots)

Nothing of the user's is read or written: the store and the settings live in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QLocale, QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader.model import Filter, Kind
from reader.store.sqlitestore import SqliteStore
from reader.ui import translations
from reader.ui.highlightdialog import HighlightDialog
from reader.ui.importing import SAMPLE_SOURCE, sample_dumps
from reader.ui.mainwindow import MainWindow

SIZE = (1400, 820)


def dark_palette() -> QPalette:
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#23272e",
        QPalette.ColorRole.WindowText: "#d7dce2",
        QPalette.ColorRole.Base: "#1b1f24",
        QPalette.ColorRole.AlternateBase: "#22272e",
        QPalette.ColorRole.Text: "#d7dce2",
        QPalette.ColorRole.Button: "#2d333b",
        QPalette.ColorRole.ButtonText: "#d7dce2",
        QPalette.ColorRole.Highlight: "#316dca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#8b949e",
        QPalette.ColorRole.ToolTipBase: "#2d333b",
        QPalette.ColorRole.ToolTipText: "#d7dce2",
        QPalette.ColorRole.Link: "#6cb6ff",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    return p


def wait(app: QApplication, done: Callable[[], bool], ms: int = 10000) -> None:
    timer = QElapsedTimer()
    timer.start()
    while not done() and timer.elapsed() < ms:
        app.processEvents()


def shoot(
    app: QApplication, folder: Path, work: Path, name: str, dark: bool, search: str = "", panel: bool = False
) -> Path:
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    if hasattr(app.styleHints(), "setColorScheme"):
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    settings = QSettings(str(work / f"{name}.ini"), QSettings.Format.IniFormat)
    store = SqliteStore.open(work / "store.db")
    try:
        window = MainWindow(store, settings)
        window.resize(*SIZE)
        window.show()
        wait(app, lambda: not window.jobs.busy)
        window.tree.select_key(Filter(Kind.DATE, None, "2023-11").key)
        wait(app, lambda: not window.jobs.busy)
        if search:
            window.search.set_text(search)
            wait(app, lambda: not window.jobs.busy)
        window.list.select_row(0)
        if panel:
            window.annotations_dock.show()
            window.annotations.scope.setCurrentIndex(1)  # every note and highlight
        app.processEvents()
        out = folder / f"{name}.png"
        window.grab().save(str(out))
        window.close()
        window.jobs.shutdown()
        window.deleteLater()
        app.processEvents()
        return out
    finally:
        store.close()


def shoot_highlight(app: QApplication, folder: Path, work: Path) -> list[Path]:
    """The reading pane with a highlight's comment shown on hover, and the dialog a click on it opens."""
    app.setPalette(app.style().standardPalette())
    if hasattr(app.styleHints(), "setColorScheme"):
        app.styleHints().setColorScheme(Qt.ColorScheme.Light)
    settings = QSettings(str(work / "highlight.ini"), QSettings.Format.IniFormat)
    with SqliteStore.open(work / "store.db") as store:
        window = MainWindow(store, settings)
        window.resize(*SIZE)
        window.show()
        wait(app, lambda: not window.jobs.busy)
        window.tree.select_key(Filter(Kind.DATE, None, "2023-11").key)
        wait(app, lambda: not window.jobs.busy)
        window.list.select_row(0)
        app.processEvents()
        pane = window.pane
        (highlight,) = window.detail.highlights
        cursor = pane.textCursor()
        cursor.setPosition(pane.toPlainText().index(highlight.quote) + len(highlight.quote) // 2)
        point = pane.cursorRect(cursor).center()
        viewport = pane.viewport()
        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
        app.processEvents()
        # A tooltip is a window of its own, kept inside the (small) offscreen screen: painted onto
        # the pane's picture where Qt puts it on a screen wide enough, just below the pointer.
        reading = pane.parentWidget()
        picture = reading.grab()
        tip = next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible())
        painter = QPainter(picture)
        painter.drawPixmap(viewport.mapTo(reading, point) + QPoint(2, 16), tip.grab())
        painter.end()
        shots = [folder / "highlight-comment.png", folder / "highlight-edit.png"]
        picture.copy(0, 0, reading.width(), 360).save(str(shots[0]))
        dialog = HighlightDialog(highlight.quote, window, editing=highlight)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(shots[1]))
        dialog.close()
        window.close()
        window.jobs.shutdown()
    return shots


@contextmanager
def import_held_in_second_file() -> Iterator[tuple[threading.Event, threading.Event]]:
    """Hold every import inside its second file until released, so the Import page is pictured
    mid-run, one file done, the same way every time. Yields (entered, release)."""
    entered, release = threading.Event(), threading.Event()
    original = SqliteStore.import_paths

    def held(self, paths, source=None, *, cancelled=None, **options):
        done = 0

        def hold() -> bool:
            if done == 1 and not entered.is_set():
                entered.set()
                release.wait(30)
            return cancelled() if cancelled else False

        for result in original(self, paths, source, cancelled=hold, **options):
            done += 1
            yield result

    SqliteStore.import_paths = held
    try:
        yield entered, release
    finally:
        release.set()
        SqliteStore.import_paths = original


def shoot_wizard(app: QApplication, folder: Path, work: Path) -> list[Path]:
    """Every page of the import wizard on the sample dumps and a refused file, then the history."""
    app.setPalette(app.style().standardPalette())
    dumps = work / "dumps" / "csto.int"
    dumps.mkdir(parents=True)
    for sample in sample_dumps():
        shutil.copy(sample, dumps / sample.name)
    (dumps / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    settings = QSettings(str(work / "wizard.ini"), QSettings.Format.IniFormat)
    shots = []
    with SqliteStore.open(work / "wizard.db") as store:
        window = MainWindow(store, settings)
        window.resize(*SIZE)
        window.show()
        wait(app, lambda: not window.jobs.busy)
        wizard = window.import_dumps([str(dumps)])
        wizard.resize(900, 600)
        app.processEvents()

        def grab(name: str) -> None:
            app.processEvents()
            out = folder / f"{name}.png"
            wizard.grab().save(str(out))
            shots.append(out)

        grab("wizard-files")
        wizard.next()
        grab("wizard-source")
        wizard.next()
        wait(app, lambda: not wizard.preview_page.running)
        wizard.preview_page.files.setCurrentItem(wizard.preview_page.files.topLevelItem(0))
        grab("wizard-preview")
        with import_held_in_second_file() as (entered, release):
            wizard.next()
            wait(app, lambda: entered.is_set() and wizard.import_page.bar.value() == 1)
            grab("wizard-import")
            release.set()
            wait(app, lambda: wizard.currentPage() is wizard.summary_page)
        grab("wizard-summary")
        wizard.accept()
        wait(app, lambda: not window.jobs.busy)
        history = window.show_imports()
        app.processEvents()
        out = folder / "import-history.png"
        history.grab().save(str(out))
        shots.append(out)
        history.close()
        window.close()
        window.jobs.shutdown()
    return shots


def shoot_saved_page(app: QApplication, folder: Path, work: Path) -> Path:
    """The page as saved of an item from the sample dump with the most lines dropped as chrome."""
    app.setPalette(app.style().standardPalette())
    settings = QSettings(str(work / "saved-page.ini"), QSettings.Format.IniFormat)
    with SqliteStore.open(work / "store.db") as store:
        (item_id,) = store.conn.execute(
            "SELECT o.item_id FROM occurrences o WHERE EXISTS (SELECT 1 FROM chrome_lines c"
            " WHERE c.import_id = o.import_id AND c.line > o.last_line) ORDER BY o.last_line DESC LIMIT 1"
        ).fetchone()
        window = MainWindow(store, settings)
        window.resize(*SIZE)
        window.show()
        wait(app, lambda: not window.jobs.busy)
        window.go_to_item(item_id)
        wait(app, lambda: not window.jobs.busy)
        view = window.show_saved_page()
        assert view is not None
        view.resize(980, 620)
        mine = next(
            i for i, line in enumerate(view.page.lines if view.page else ()) if line.item_id == item_id
        )
        view.lines.scrollTo(
            view.lines.model().index(max(0, mine - 6), 0), view.lines.ScrollHint.PositionAtTop
        )
        app.processEvents()
        out = folder / "saved-page.png"
        view.grab().save(str(out))
        view.close()
        window.close()
        window.jobs.shutdown()
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    QCoreApplication.setOrganizationName("dump-reader-screenshots")
    app = QApplication.instance() or QApplication(["reader"])
    app.setStyle(QStyleFactory.create("Fusion"))
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    translations.install(app, QLocale(QLocale.Language.English))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with SqliteStore.open(work / "store.db") as store:
            list(store.import_paths(sample_dumps(), SAMPLE_SOURCE))
            first = store.conn.execute("SELECT id FROM items ORDER BY date DESC LIMIT 1").fetchone()[0]
            store.set_bookmark(first)
            body = store.item(first).body
            store.add_highlight(first, " ".join(body.split()[4:9]), note="The council's own wording")
            store.set_note(first, "Compare with the Astana communiqué.")
        for name, dark, search in (
            ("window-light", False, ""),
            ("window-dark", True, ""),
            ("search-light", False, "minsk"),
        ):
            print(shoot(app, folder, work, name, dark, search))
        print(shoot(app, folder, work, "annotations-light", False, panel=True))
        for shot in shoot_highlight(app, folder, work):
            print(shot)
        print(shoot_saved_page(app, folder, work))
        for shot in shoot_wizard(app, folder, work):
            print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
