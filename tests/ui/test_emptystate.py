"""A first start on an empty store."""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle

pytestmark = pytest.mark.gui


def test_empty_store_shows_a_welcome_with_two_ways_in(open_window, empty_store):
    window = open_window(empty_store)
    assert window.stack.currentWidget() is window.empty
    assert window.empty.import_button.text() == "Import dumps…"
    assert window.empty.samples_button.text() == "Open the sample dumps"
    assert window.shown_label.text() == "0 items"


def test_open_the_sample_dumps(qtbot, open_window, empty_store):
    window = open_window(empty_store)
    window.empty.samples_button.click()
    settle(qtbot, window)
    assert window.stack.currentWidget() is window.splitter, window.statusBar().currentMessage()
    settle(qtbot, window)
    assert window.list.model().rowCount() == 7
    assert window.shown_label.text() == "7 of 7 items"
    assert "CSTO" in window.pane.toPlainText()


def test_import_button_opens_the_wizard_whose_file_dialog_adds_files(
    qtbot, open_window, empty_store, tmp_path
):
    dump = tmp_path / "one.txt"
    dump.write_text("A title\n01.02.2024\nSome text about a meeting in Astana.\n")
    asked = []

    def ask(parent, start):
        asked.append(parent)
        return [str(dump)]

    window = open_window(empty_store, ask_files=ask)
    window.empty.import_button.click()
    wizard = window.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.files_page.add_files_button.click()
    assert asked == [wizard.files_page]
    assert wizard.files_page.table.topLevelItemCount() == 1


def test_cancelled_file_dialog_adds_nothing(qtbot, open_window, empty_store):
    window = open_window(empty_store, ask_files=lambda parent, start: [])
    window.empty.import_button.click()
    window.wizard.files_page.add_files_button.click()
    assert window.wizard.files_page.table.topLevelItemCount() == 0
    assert not window.wizard.files_page.isComplete()
    window.wizard.reject()
    assert not window.jobs.busy
    assert window.stack.currentWidget() is window.empty
