"""Fixtures for the window's tests: an offscreen Qt, settings kept out of the developer's own, and
stores built from the sample dumps."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from reader.store.sqlitestore import SqliteStore
from reader.ui import translations
from reader.ui.importing import SAMPLE_SOURCE, sample_dumps
from reader.ui.mainwindow import MainWindow

ODD_DUMP = """Scripts in dumps stay text
12.03.2024
A page had <script>alert("x")</script> and <img src="http://example.com/a.png"> in it &amp; more.
The second paragraph mentions Minsk again, and Tashkent.
"""


@pytest.fixture(scope="session", autouse=True)
def _english(qapp):
    """The window in English whatever this machine's locale, with its plural forms."""
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    translator = translations.install(qapp, QLocale(QLocale.Language.English))
    assert translator is not None
    yield
    qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def _own_settings(tmp_path: Path) -> None:
    """Whatever asks for the default QSettings gets a file under tmp_path, never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="session")
def sample_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    odd = folder / "odd.txt"
    odd.write_text(ODD_DUMP, encoding="utf-8")
    path = folder / "store.db"
    with SqliteStore.open(path) as store:
        results = list(store.import_paths(sample_dumps(), SAMPLE_SOURCE))
        results += list(store.import_paths([odd], "Web"))
        assert all(r.outcome == "imported" for r in results), [r.message for r in results]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def store(sample_store_file: Path, tmp_path: Path):
    path = tmp_path / "store.db"
    shutil.copy(sample_store_file, path)
    with SqliteStore.open(path) as opened:
        yield opened


@pytest.fixture
def empty_store(tmp_path: Path):
    with SqliteStore.open(tmp_path / "empty.db") as opened:
        yield opened


@pytest.fixture
def open_window(qtbot, settings):
    """Opens a window on a store and waits until everything it shows has been read."""
    windows = []

    def make(store: SqliteStore, **kwargs) -> MainWindow:
        window = MainWindow(store, settings, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        settle(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.jobs.shutdown()


def settle(qtbot, window: MainWindow) -> None:
    """Wait until the window's writes have landed and what they changed has been read again."""
    qtbot.waitUntil(lambda: not window.writer.pending and not window.jobs.busy, timeout=10000)
