"""Every shortcut, pressed as a user presses it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.model import Filter, Kind
from reader.ui.shortcuts import SHORTCUTS, ShortcutsDialog
from tests.ui.conftest import settle

pytestmark = pytest.mark.gui


def row(window) -> int:
    return window.list.currentIndex().row()


def test_j_k_up_down_move_in_the_list(qtbot, open_window, store):
    window = open_window(store)
    window.list.setFocus()
    assert row(window) == 0
    qtbot.keyClick(window.list, Qt.Key.Key_J)
    assert row(window) == 1
    qtbot.keyClick(window.list, Qt.Key.Key_Down)
    assert row(window) == 2
    qtbot.keyClick(window.list, Qt.Key.Key_K)
    qtbot.keyClick(window.list, Qt.Key.Key_Up)
    assert row(window) == 0
    qtbot.keyClick(window.list, Qt.Key.Key_K)
    assert row(window) == 0


def test_j_moves_even_from_the_reading_pane_but_types_in_the_search_box(qtbot, open_window, store):
    window = open_window(store)
    window.pane.setFocus()
    qtbot.keyClick(window.pane, Qt.Key.Key_J)
    assert row(window) == 1
    window.search.edit.setFocus()
    qtbot.keyClick(window.search.edit, Qt.Key.Key_J)
    assert window.search.edit.text() == "j"
    assert row(window) == 1


def test_space_pages_the_reading_pane_then_moves_on(qtbot, open_window, store):
    window = open_window(store)
    window.resize(900, 420)
    window.search.set_text('"collective security council"')  # a long item, with versions
    settle(qtbot, window)
    window.search.set_text("")
    settle(qtbot, window)
    first = row(window)
    window.list.setFocus()
    bar = window.pane.verticalScrollBar()
    assert bar.maximum() > 0
    qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert bar.value() > 0 and row(window) == first
    for _ in range(50):
        if row(window) != first:
            break
        qtbot.keyClick(window.list, Qt.Key.Key_Space)
    assert row(window) == first + 1
    assert bar.value() == 0


def test_ctrl_b_toggles_the_bookmark(qtbot, open_window, store):
    window = open_window(store)
    window.list.setFocus()
    item = window.list.current_id()
    qtbot.keyClick(window.list, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.list.model().index(0, 0).data() == "★"
    assert window.store.item(item).bookmarked
    assert "Bookmarked" in window.pane.toPlainText()
    qtbot.keyClick(window.list, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.list.model().index(0, 0).data() == ""
    assert not window.store.item(item).bookmarked


def test_ctrl_1_2_3_focus_the_panes_and_slash_the_search(qtbot, open_window, store):
    window = open_window(store)
    for key, widget in (
        (Qt.Key.Key_1, window.tree),
        (Qt.Key.Key_2, window.list),
        (Qt.Key.Key_3, window.pane),
    ):
        qtbot.keyClick(window.list, key, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is widget
    qtbot.keyClick(window.pane, Qt.Key.Key_Slash)
    assert QApplication.focusWidget() is window.search.edit
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.list
    qtbot.keyClick(window.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search.edit


def test_f5_refreshes_counts_written_by_someone_else(qtbot, open_window, store):
    window = open_window(store)
    store.conn.execute("INSERT INTO tags (name) VALUES ('later')")
    store.conn.execute("INSERT INTO item_tags SELECT id, 1 FROM items LIMIT 2")
    qtbot.keyClick(window.list, Qt.Key.Key_F5)
    settle(qtbot, window)
    model = window.tree.tree_model()
    tags = model.index_for_key(Filter(Kind.TAGS).key)
    assert model.index(tags.row(), 1).data() == "2"


def test_help_lists_every_shortcut(qtbot, open_window, store):
    window = open_window(store)
    qtbot.keyClick(window.list, Qt.Key.Key_F1)
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    listed = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    for shortcut in SHORTCUTS:
        assert any(shortcut.keys[0] in keys for keys in listed), shortcut
    assert "Ctrl+1" in listed and "Ctrl+F or /" in listed
    dialog.close()


def test_help_menu_has_the_shortcuts_entry(open_window, store):
    window = open_window(store)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert [a.text() for a in menus["&Help"].actions()] == ["&Keyboard shortcuts"]
