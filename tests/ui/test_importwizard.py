"""The import wizard, walked as a user walks it: add files, name the source, look at the preview,
import, read the summary; and cancelling in the middle of an import."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard

from reader.model import Filter, Kind
from reader.store.sqlitestore import SqliteStore
from reader.ui.importing import sample_dumps
from reader.ui.importwizard import ImportWizard, suggested_source
from tests.ui.conftest import settle

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """A folder of a site's dumps: the two samples, a picture saved as .txt and an empty file."""
    folder = tmp_path / "csto.int"
    folder.mkdir()
    for sample in sample_dumps():
        shutil.copy(sample, folder / sample.name)
    (folder / "picture.txt").write_bytes(PNG)
    (folder / "zz-empty.txt").write_text("")
    (folder / "notes.odt").write_bytes(b"PK\x03\x04 not a dump")
    return folder


def next_button(wizard: ImportWizard):
    """The button that goes on: Next, or Import on the preview, after which there is no way back."""
    page = wizard.currentPage()
    if page is not None and page.isCommitPage():
        return wizard.button(QWizard.WizardButton.CommitButton)
    return wizard.button(QWizard.WizardButton.NextButton)


def click_next(qtbot, wizard: ImportWizard) -> None:
    assert next_button(wizard).isEnabled()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)


def rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def open_wizard(qtbot, open_window, store, **asks):
    window = open_window(store, **asks)
    wizard = window.import_dumps()
    qtbot.waitExposed(wizard)
    return window, wizard


def test_wizard_walks_files_source_preview_import_and_summary(qtbot, open_window, empty_store, dumps):
    window, wizard = open_wizard(qtbot, open_window, empty_store, ask_folder=lambda parent, start: str(dumps))
    assert wizard.currentPage() is wizard.files_page
    assert not next_button(wizard).isEnabled()  # nothing to import yet
    qtbot.mouseClick(wizard.files_page.add_folder_button, Qt.MouseButton.LeftButton)
    names = [r[0] for r in rows(wizard.files_page.table)]
    assert names == [p.name for p in sample_dumps()] + ["picture.txt", "zz-empty.txt"]  # .odt left out
    assert wizard.files_page.count_label.text() == "4 files to import"
    wizard.files_page.all_files.click()
    assert "notes.odt" in [r[0] for r in rows(wizard.files_page.table)]
    wizard.files_page.all_files.click()
    click_next(qtbot, wizard)

    page = wizard.source_page
    assert page.source.currentText() == "csto.int"  # the files' folder
    page.source.lineEdit().clear()
    assert not next_button(wizard).isEnabled()
    qtbot.keyClicks(page.source.lineEdit(), "CSTO")
    click_next(qtbot, wizard)

    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.running, timeout=10000)
    shown = {r[0]: r for r in rows(preview.files)}
    first, second = (p.name for p in sample_dumps())
    assert shown[first][2] == shown[first][3] != "0"  # every item of the first dump is new
    assert "PNG image" in shown["picture.txt"][5]
    assert shown["zz-empty.txt"][5] == "empty: no items"
    assert preview.files.topLevelItem(2).checkState(0) == Qt.CheckState.Unchecked  # refused: unticked
    preview.files.setCurrentItem(preview.files.topLevelItem(0))
    assert (
        "(date line)" in preview.detail.toPlainText()
        or "(a date in the text)" in preview.detail.toPlainText()
    )
    assert empty_store.is_empty()  # a preview changes nothing
    preview.files.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)  # leave the second out
    click_next(qtbot, wizard)

    summary = wizard.summary_page
    qtbot.waitUntil(lambda: wizard.currentPage() is summary, timeout=10000)
    assert summary.counts.text().startswith("1 file imported: ")
    assert summary.problems.toPlainText().splitlines() == [
        f"{second}: left out in the preview",
        "picture.txt: left out in the preview (refused picture.txt: a PNG image, not a text dump)",
        "zz-empty.txt: left out in the preview (empty: no items)",
    ]
    assert [Path(h.path).name for h in empty_store.imports()] == [first]
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.splitter
    assert window.list.model().rowCount() == len(list(empty_store.export_items())) > 0
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_wizard_reports_refused_empty_and_known_files(qtbot, open_window, store, dumps):
    _, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(dumps)])
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.running, timeout=10000)
    notes = {r[0]: r[5] for r in rows(preview.files)}
    assert all("already imported" in notes[p.name] for p in sample_dumps()), notes
    # Tick them all again: the import itself says what became of each.
    for i in range(preview.files.topLevelItemCount()):
        preview.files.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=10000)
    problems = wizard.summary_page.problems.toPlainText().splitlines()
    assert any("picture.txt" in line and "PNG" in line for line in problems)
    assert any("zz-empty.txt" in line and "no items" in line for line in problems)
    assert sum("already imported" in line for line in problems) == 2


def test_wizard_cancel_keeps_the_files_done_and_rolls_back_the_one_in_progress(
    qtbot, open_window, empty_store, tmp_path, monkeypatch
):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.txt").write_text(
            f"Meeting number {n} held\n0{n + 1}.02.2024\nDelegates met for the {n}th time.\n"
        )
    window, wizard = open_wizard(qtbot, open_window, empty_store)
    wizard.files_page.add_paths([str(folder)])
    click_next(qtbot, wizard)
    qtbot.keyClicks(wizard.source_page.source.lineEdit(), "Meetings")
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.preview_page.running, timeout=10000)
    # Hold the import inside its third file until Cancel is pressed.
    entered, release = threading.Event(), threading.Event()
    place = SqliteStore.import_paths

    def slow(self, paths, source=None, *, cancelled=None, **options):
        def stop() -> bool:
            if len(done) == 2 and not entered.is_set():
                entered.set()
                release.wait(10)
            return cancelled() if cancelled else False

        done = []
        for result in place(self, paths, source, cancelled=stop, **options):
            done.append(result)
            yield result

    monkeypatch.setattr(SqliteStore, "import_paths", slow)
    assert next_button(wizard).text() == "&Import"
    click_next(qtbot, wizard)
    page = wizard.import_page
    qtbot.waitUntil(entered.is_set, timeout=10000)
    qtbot.waitUntil(lambda: page.eta.text().endswith("left"), timeout=10000)
    assert not page.eta.text().startswith("About 0 ")  # under a second is said as such
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert not (back.isVisible() and back.isEnabled())  # an import runs on or is cancelled, never left
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(page.isComplete, timeout=10000)
    assert "Cancelled" in page.current.text()
    assert page.bar.value() == 2
    assert sorted(Path(h.path).name for h in empty_store.imports()) == ["0.txt", "1.txt"]
    assert len(list(empty_store.export_items())) == 2
    settle(qtbot, window)


def test_wizard_opens_with_files_dropped_on_the_window(qtbot, open_window, store, dumps):
    window = open_window(store)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dumps / "picture.txt"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.wizard is not None
    assert [r[0] for r in rows(window.wizard.files_page.table)] == ["picture.txt"]


def test_wizard_offers_the_last_folders_again(qtbot, open_window, store, dumps, settings):
    window, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(dumps)])
    wizard.reject()
    again = window.import_dumps()
    recent = again.files_page.recent
    assert [recent.itemText(i) for i in range(1, recent.count())] == [str(dumps)]
    recent.activated.emit(1)
    assert len(rows(again.files_page.table)) == 4


def test_ctrl_i_opens_the_wizard(qtbot, open_window, store):
    window = open_window(store)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    assert window.wizard.currentPage() is window.wizard.files_page


@pytest.mark.parametrize(
    ("folders", "expected"),
    [
        (["/home/ann/dumps/csto.int/a.txt", "/home/ann/dumps/csto.int/b.txt"], "csto.int"),
        (["/home/ann/Downloads/a.txt"], ""),
        (["/home/ann/Desktop/a.txt", "/home/ann/Desktop/b.txt"], ""),
        (["/data/tass/2024/a.txt", "/data/tass/2025/b.txt"], "tass"),
    ],
)
def test_wizard_never_suggests_a_generic_folder_as_the_source(folders, expected):
    assert suggested_source([Path(p) for p in folders]) == expected


def test_wizard_import_refreshes_the_tree_from_its_changes(qtbot, open_window, store, tmp_path):
    dump = tmp_path / "web" / "more.txt"
    dump.parent.mkdir()
    dump.write_text("New agreement signed\n01.02.2024\nThe parties signed a new agreement in Astana.\n")
    window, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(dump)])
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.preview_page.running, timeout=10000)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=10000)
    settle(qtbot, window)
    sources = window.tree.tree_model().index_for_key(Filter(Kind.SOURCES).key)
    model = window.tree.tree_model()
    names = [model.index(r, 0, sources).data() for r in range(model.rowCount(sources))]
    assert sorted(names) == ["CSTO", "Web", "web"]


def test_import_history_lists_each_file_with_its_counts(qtbot, open_window, store):
    window = open_window(store)
    dialog = window.show_imports()
    qtbot.waitExposed(dialog)
    shown = rows(dialog.table)
    assert [Path(r[1]).name for r in shown] == ["odd.txt", *reversed([p.name for p in sample_dumps()])]
    assert shown[0][2:5] == ["Web", "1", "1"]
    dialog.close()


def _bodies(store) -> list[str]:
    return sorted(item.body for item in store.export_items())


def test_an_import_removed_from_the_history_and_undone(qtbot, open_window, store, tmp_path):
    dump = tmp_path / "more.txt"
    dump.write_text("New agreement signed\n01.02.2024\nThe parties signed a new agreement in Astana.\n")
    before = _bodies(store)
    window = open_window(store)
    window.run_import([str(dump)], "Web")
    settle(qtbot, window)
    with_it = _bodies(store)
    asked = []
    window._confirm_removal = lambda parent, record, plan: asked.append((record, plan)) or False
    dialog = window.show_imports()
    assert not dialog.remove_button.isEnabled()
    dialog.select(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    ((record, plan),) = asked
    assert (Path(record.path).name, plan.items_lost) == ("more.txt", 1)
    assert _bodies(store) == before
    qtbot.waitUntil(lambda: window.list.model().rowCount() == len(before))
    assert window.actions_by_name["undo"].isEnabled()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.index() == 0
    settle(qtbot, window)
    assert _bodies(store) == with_it, window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.list.model().rowCount() == len(with_it))
    window.undo_stack.redo()
    settle(qtbot, window)
    assert _bodies(store) == before


def test_removing_an_import_that_would_take_a_marked_item_asks_first(qtbot, open_window, store, tmp_path):
    dump = tmp_path / "more.txt"
    dump.write_text("New agreement signed\n01.02.2024\nThe parties signed a new agreement in Astana.\n")
    window = open_window(store)
    window.run_import([str(dump)], "Web")
    settle(qtbot, window)
    (new,) = [i for i in store.export_items() if i.title == "New agreement signed"]
    store.set_note(new.id, "check the date")
    record = store.imports()[0]
    window._confirm_removal = lambda parent, record, plan: None  # the user keeps the item: cancel
    window.remove_import(record)
    settle(qtbot, window)
    assert store.item(new.id).note == "check the date"
    shown = []
    window._confirm_removal = lambda parent, record, plan: shown.append(plan.marked_lost) or True
    window.remove_import(record)
    settle(qtbot, window)
    assert shown == [((new.id, "New agreement signed"),)]
    assert store.resolve(new.id) is None


def walk_to_preview(qtbot, wizard: ImportWizard) -> None:
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.preview_page.running, timeout=10000)


def finish_import(qtbot, wizard: ImportWizard) -> None:
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=10000)


def test_wizard_summary_shows_the_new_items_in_the_last_import_node(
    qtbot, open_window, store, tmp_path, settings
):
    dump = tmp_path / "web" / "more.txt"
    dump.parent.mkdir()
    dump.write_text(
        "New agreement signed\n01.02.2024\nThe parties signed a new agreement in Astana.\n\n\n"
        + (sample_dumps()[0].read_text(encoding="utf-8").split("\n\n\n")[0])
    )
    window, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(dump)])
    click_next(qtbot, wizard)
    walk_to_preview(qtbot, wizard)
    finish_import(qtbot, wizard)
    summary = wizard.summary_page
    assert summary.show_button.isEnabled()
    assert summary.show_button.text() == "&Show new items"
    qtbot.mouseClick(summary.show_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.wizard is None or not window.wizard.isVisible()
    assert window.tree.current_key == Filter(Kind.LAST_IMPORT).key
    assert window.tree.currentIndex().data() == "Last import"
    assert [
        window.list.model().data(window.list.model().index(r, 2))
        for r in range(window.list.model().rowCount())
    ] == ["New agreement signed"]
    model = window.tree.tree_model()
    last = model.index_for_key(Filter(Kind.LAST_IMPORT).key)
    assert model.index(last.row(), 1).data() == "1"
    # The node is kept in the store: a window opened again shows the same items there.
    window.close()
    again = open_window(store)
    again.tree.select_key(Filter(Kind.LAST_IMPORT).key)
    settle(qtbot, again)
    assert again.list.model().rowCount() == 1
    assert [store.item(i).title for i in store.item_ids(Filter(Kind.LAST_IMPORT))] == ["New agreement signed"]


YEARLESS = """Ministers met in Astana
23 November
The council of ministers met in Astana to discuss regional security matters.
"""


def test_wizard_year_for_dates_without_one_reaches_the_preview_and_the_store(
    qtbot, open_window, empty_store, tmp_path
):
    dump = tmp_path / "herald" / "yearless.txt"
    dump.parent.mkdir()
    dump.write_text(YEARLESS)
    window, wizard = open_wizard(qtbot, open_window, empty_store)
    wizard.files_page.add_paths([str(dump)])
    click_next(qtbot, wizard)
    page = wizard.source_page
    assert not page.use_year.isChecked() and not page.year.isEnabled()  # the default: left undated
    assert not page.reimport.isChecked()
    walk_to_preview(qtbot, wizard)
    preview = wizard.preview_page
    preview.files.setCurrentItem(preview.files.topLevelItem(0))
    assert "no date" in preview.detail.toPlainText()
    wizard.back()
    page.use_year.setFocus()
    qtbot.keyClick(page.use_year, Qt.Key.Key_Space)
    assert page.year.isEnabled()
    qtbot.keyClick(page.year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.year, "2023")
    assert page.year.value() == 2023
    walk_to_preview(qtbot, wizard)
    preview.files.setCurrentItem(preview.files.topLevelItem(0))
    assert "2023-11-23 (year inferred)" in preview.detail.toPlainText()
    finish_import(qtbot, wizard)
    ((day, method),) = [(i.date, i.date_method) for i in empty_store.export_items()]
    assert (day.isoformat(), method.value) == ("2023-11-23", "inferred")
    settle(qtbot, window)


def test_wizard_reimports_files_imported_before_only_when_asked_and_never_twice(qtbot, open_window, store):
    before = sorted((i.body, len(i.occurrences)) for i in store.export_items())
    imports = len(store.imports())
    window, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(p) for p in sample_dumps()])
    click_next(qtbot, wizard)
    page = wizard.source_page
    page.source.setEditText("CSTO")
    walk_to_preview(qtbot, wizard)
    preview = wizard.preview_page
    notes = [r[5] for r in rows(preview.files)]
    assert all("already imported" in note for note in notes), notes
    assert not next_button(wizard).isEnabled()  # nothing ticked: nothing to import
    wizard.back()
    page.reimport.setFocus()
    qtbot.keyClick(page.reimport, Qt.Key.Key_Space)
    assert page.reimport.isChecked()
    walk_to_preview(qtbot, wizard)
    shown = rows(preview.files)
    assert all(r[5].startswith("imported before: replaces import ") for r in shown), shown
    assert all(r[3] == "0" for r in shown)  # nothing new
    assert all(preview.files.topLevelItem(i).checkState(0) == Qt.CheckState.Checked for i in range(2))
    finish_import(qtbot, wizard)
    assert wizard.summary_page.counts.text().startswith("2 files imported: 0 new items")
    assert sorted((i.body, len(i.occurrences)) for i in store.export_items()) == before
    assert len(store.imports()) == imports
    settle(qtbot, window)


def _site_dump(folder: Path, n: int) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"page-{n}.txt").write_text(
        f"Home\nNorthern Herald\nNews\n\nMeeting number {n} held\n0{n + 1}.02.2024\n"
        f"Delegates met for the {n}th time in the capital.\n\n© 2024 www.herald.kz\n"
    )


def test_wizard_suggests_the_site_name_of_dumps_saved_in_a_generic_folder(
    qtbot, open_window, store, tmp_path
):
    folder = tmp_path / "Downloads"
    for n in range(3):
        _site_dump(folder, n)
    _, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(folder)])
    click_next(qtbot, wizard)
    page = wizard.source_page
    qtbot.waitUntil(lambda: page.source.currentText() == "herald.kz", timeout=10000)
    assert page.hint.text() == "Suggested from the site name found in the dumps; change it if it is wrong."
    assert next_button(wizard).isEnabled()


def test_wizard_source_options_are_reached_with_tab_and_enter_goes_on(qtbot, open_window, store, dumps):
    _, wizard = open_wizard(qtbot, open_window, store)
    wizard.files_page.add_paths([str(dumps)])
    click_next(qtbot, wizard)
    page = wizard.source_page
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    page.source.setFocus()

    def tab() -> object:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        return QApplication.focusWidget()

    assert tab() is page.encoding
    assert tab() is page.use_year
    qtbot.keyClick(page.use_year, Qt.Key.Key_Space)  # ticked, the year is the next stop
    assert tab() in (page.year, page.year.findChild(QLineEdit))
    assert tab() is page.reimport
    qtbot.keyClick(page.reimport, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview_page)
    qtbot.waitUntil(lambda: not wizard.preview_page.running, timeout=10000)
    assert wizard.plan.year == page.year.value()
