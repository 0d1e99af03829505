"""Marking items in the window as a user does: the star cell, Ctrl+B, the note panel; undo and redo."""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import QPoint, Qt

from reader.ui.itemlist import Column
from reader.ui.notepanel import SAVE_AFTER_MS
from tests.ui.conftest import settle


def star_cell(window, row: int) -> QPoint:
    return window.list.visualRect(window.list.model().index(row, Column.BOOKMARK)).center()


def test_clicking_the_star_cell_bookmarks_that_row_and_undo_takes_it_back(qtbot, open_window, store):
    window = open_window(store)
    model = window.list.item_model()
    second = model.id_at(1)
    qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=star_cell(window, 1))
    settle(qtbot, window)
    assert store.item(second).bookmarked
    assert model.data(model.index(1, Column.BOOKMARK)) == "★"
    window.undo_stack.undo()
    settle(qtbot, window)
    assert not store.item(second).bookmarked
    assert model.data(model.index(1, Column.BOOKMARK)) == ""
    window.undo_stack.redo()
    settle(qtbot, window)
    assert store.item(second).bookmarked


def test_ctrl_b_and_ctrl_z_round_trip(qtbot, open_window, store):
    window = open_window(store)
    shown = window.detail.id
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert store.item(shown).bookmarked
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert not store.item(shown).bookmarked
    qtbot.keyClick(
        window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    settle(qtbot, window)
    assert store.item(shown).bookmarked


def test_a_note_is_saved_as_you_type_and_when_you_leave_the_item(qtbot, open_window, store):
    window = open_window(store)
    first = window.detail.id
    qtbot.keyClicks(window.note.editor, "Check the date")
    qtbot.waitUntil(lambda: store.item(first).note == "Check the date", timeout=SAVE_AFTER_MS * 5)
    settle(qtbot, window)
    qtbot.keyClicks(window.note.editor, " again")  # typed, then the user moves on at once
    window.list.move_by(1)
    settle(qtbot, window)
    assert store.item(first).note == "Check the date again"
    assert window.note.editor.toPlainText() == store.item(window.detail.id).note == ""
    window.list.move_by(-1)
    settle(qtbot, window)
    assert window.note.editor.toPlainText() == "Check the date again"
    model = window.list.item_model()
    assert model.data(model.index(0, Column.NOTES)) == "✎"


def test_undo_of_a_note_puts_back_the_text_before_that_typing(qtbot, open_window, store):
    window = open_window(store)
    first = window.detail.id
    qtbot.keyClicks(window.note.editor, "First thought")
    window.note.flush()
    settle(qtbot, window)
    window.undo_stack.undo()
    settle(qtbot, window)
    assert store.item(first).note == ""
    assert window.note.editor.toPlainText() == ""
    window.undo_stack.redo()
    settle(qtbot, window)
    assert window.note.editor.toPlainText() == store.item(first).note == "First thought"


def select_words(window, words: str) -> None:
    """Select ``words`` in the reading pane as a user drags over them."""
    text = window.pane.toPlainText()
    start = text.index(words)
    cursor = window.pane.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), cursor.MoveMode.KeepAnchor)
    window.pane.setTextCursor(cursor)


def test_ctrl_h_highlights_the_selected_words_in_their_colour_with_a_comment(qtbot, open_window, store):
    window = open_window(store)
    item = window.detail.id
    words = window.detail.body.split(".")[0].split()[-3:]
    quote = " ".join(words)
    asked = []
    window._ask_highlight = lambda parent, q: asked.append(q) or ("green", "worth quoting")
    select_words(window, quote)
    window.pane.setFocus()
    qtbot.keyClick(window.pane, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert asked == [quote]
    settle(qtbot, window)
    (highlight,) = store.item(item).highlights
    assert (highlight.quote, highlight.color, highlight.note) == (quote, "green", "worth quoting")
    assert window.detail.body[highlight.start : highlight.end] == quote
    assert (
        f"class='highlight-green' href='highlight:{highlight.id}'>{html.escape(quote)}</a>"
        in window.pane._html
    )
    assert "worth quoting" in window.pane.toPlainText()
    window.undo_stack.undo()
    settle(qtbot, window)
    assert store.item(item).highlights == []
    assert "highlight-green" not in window.pane._html
    window.undo_stack.redo()
    settle(qtbot, window)
    assert [h.quote for h in store.item(item).highlights] == [quote]


def test_highlight_without_a_selection_says_how(qtbot, open_window, store):
    window = open_window(store)
    window._ask_highlight = lambda parent, q: pytest.fail("nothing was selected")
    window.highlight_selection()
    assert "Select some words" in window.statusBar().currentMessage()


def test_tags_added_removed_and_renamed_from_the_window(qtbot, open_window, store):
    window = open_window(store)
    item = window.detail.id
    window._ask_tag = lambda parent, existing: "security"
    qtbot.keyClick(window.list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert store.item(item).tags == ["security"]
    assert "#security" in window.pane.toPlainText()
    tags = window.tree.tree_model().index_for_key("tags")
    assert window.tree.tree_model().rowCount(tags) == 1
    node = window.tree.tree_model().node_at(window.tree.tree_model().index(0, 0, tags))
    window.source_menu._ask_tag_name = lambda parent, name: "defence"
    menu = window.tree_menu(node)
    assert [a.text() for a in menu.actions()] == ["&Rename tag…", "&Delete tag"]
    menu.actions()[0].trigger()
    settle(qtbot, window)
    assert store.item(item).tags == ["defence"]
    window.remove_tag("defence")
    settle(qtbot, window)
    assert store.item(item).tags == []
    window.undo_stack.undo()
    settle(qtbot, window)
    assert store.item(item).tags == ["defence"]


def test_the_annotations_panel_lists_filters_and_goes_to_an_item(qtbot, open_window, store):
    window = open_window(store)
    model = window.list.item_model()
    first, last = model.id_at(0), model.id_at(model.rowCount() - 1)
    store.set_note(last, "Ask the press office")
    body = store.item(first).body
    quote = " ".join(body.split()[:3])
    store.add_highlight(first, quote, color="blue", note="key phrase")
    window.annotations_dock.toggleViewAction().trigger()
    qtbot.waitExposed(window.annotations)
    panel = window.annotations

    def column(n: int) -> list[str]:
        qtbot.waitUntil(lambda: not panel.reading and not panel._typing.isActive())
        model = panel.list.model()
        return [model.index(row, n).data() for row in range(model.rowCount())]

    assert column(2) == [f"“{quote}” — key phrase"]  # this item's marks only
    panel.scope.setCurrentIndex(1)
    assert len(column(2)) == 2
    qtbot.keyClicks(panel.text, "press")
    assert column(1) == ["Note"]
    panel.text.clear()
    panel.color.setCurrentIndex(panel.color.findData("blue"))
    assert column(1) == ["Blue"]
    panel.color.setCurrentIndex(0)
    note_row = column(1).index("Note")
    rect = panel.list.visualRect(panel.list.model().index(note_row, 0))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot, window)
    assert window.detail.id == last


def test_the_annotations_model_is_a_sound_qt_model_and_typing_reads_nothing_again(
    qtbot, qtmodeltester, open_window, store
):
    window = open_window(store)
    model = window.list.item_model()
    ids = [model.id_at(row) for row in range(model.rowCount())]
    for n, item in enumerate(ids):
        store.set_note(item, f"note {n} for the press office" if n % 2 else f"note {n}")
        store.add_highlight(item, " ".join(store.item(item).body.split()[:2]), color="green")
    window.annotations_dock.toggleViewAction().trigger()
    qtbot.waitExposed(window.annotations)
    panel = window.annotations
    panel.scope.setCurrentIndex(1)
    assert panel.reading  # read in the background
    qtbot.waitUntil(lambda: not panel.reading)
    assert panel.model.rowCount() == 2 * len(ids)
    qtmodeltester.check(panel.model)
    qtbot.keyClicks(panel.text, "press")
    assert not panel.reading  # narrowed from what was read
    qtbot.waitUntil(lambda: not panel._typing.isActive())
    assert panel.model.rowCount() == len(ids) // 2
    assert {panel.model.index(r, 1).data() for r in range(panel.model.rowCount())} == {"Note"}
