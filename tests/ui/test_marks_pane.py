"""Marks in the reading pane as a user makes them: the star in its corner, a highlight's comment on
hover, and a click on a highlight to change its colour and comment or delete it; undo and redo."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolTip

from reader.ui.highlightdialog import HighlightDialog
from reader.ui.itemlist import Column
from tests.ui.conftest import settle
from tests.ui.test_marks_window import select_words, star_cell


def press_ctrl(qtbot, widget, key: Qt.Key, shift: bool = False) -> None:
    mods = Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(widget, key, mods)


def test_the_star_in_the_pane_shows_and_toggles_the_bookmark_as_ctrl_b_and_the_star_cell_do(
    qtbot, open_window, store
):
    window = open_window(store)
    star, item = window.pane.bookmark, window.detail.id
    model = window.list.item_model()
    assert star.isVisible() and not star.isChecked() and star.text() == "☆"
    assert star.toolTip().startswith("Bookmark (")
    qtbot.mouseClick(star, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert store.item(item).bookmarked
    assert star.isChecked() and star.text() == "★" and star.toolTip().startswith("Remove bookmark (")
    assert model.data(model.index(0, Column.BOOKMARK)) == "★"
    assert "★ Bookmarked" in window.pane.toPlainText()

    press_ctrl(qtbot, window.list, Qt.Key.Key_B)  # Ctrl+B takes it off: the star follows
    settle(qtbot, window)
    assert not store.item(item).bookmarked and not star.isChecked() and star.text() == "☆"
    qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=star_cell(window, 0))
    settle(qtbot, window)
    assert store.item(item).bookmarked and star.isChecked()

    # Three steps, each taken back and done again, the star and the store agreeing at each.
    for bookmarked in (False, True, False):
        window.undo_stack.undo()
        settle(qtbot, window)
        assert store.item(item).bookmarked is bookmarked is star.isChecked()
    for bookmarked in (True, False, True):
        window.undo_stack.redo()
        settle(qtbot, window)
        assert store.item(item).bookmarked is bookmarked is star.isChecked()

    window.list.move_by(1)  # another item: its own state
    assert window.detail.id != item and not star.isChecked()
    window.list.move_by(-1)
    assert star.isChecked()


def test_the_star_stays_in_the_right_margin_of_the_text(qtbot, open_window, store):
    window = open_window(store)
    pane, star = window.pane, window.pane.bookmark
    margin = pane.document().rootFrame().frameFormat().rightMargin()
    area = pane.viewport().geometry()
    assert star.geometry().left() >= area.right() - margin
    assert area.contains(star.geometry())
    window.list.forget_current()  # no item shown: no star
    assert not star.isVisible()


def highlight_point(window, quote: str) -> QPoint:
    """A point inside ``quote`` as the pane draws it, in the pane viewport's coordinates."""
    cursor = window.pane.textCursor()
    cursor.setPosition(window.pane.toPlainText().index(quote) + 2)
    return window.pane.cursorRect(cursor).center()


def highlight(qtbot, window, quote: str, color: str, comment: str) -> None:
    """Select ``quote`` in the pane, press Ctrl+H and answer the dialog."""
    window._ask_highlight = lambda parent, q: (color, comment)
    select_words(window, quote)
    window.pane.setFocus()
    press_ctrl(qtbot, window.pane, Qt.Key.Key_H)
    settle(qtbot, window)
    cursor = window.pane.textCursor()
    cursor.clearSelection()
    window.pane.setTextCursor(cursor)


def hover(qtbot, window, point: QPoint) -> None:
    """What Qt sends when the mouse rests on ``point`` of the pane."""
    viewport = window.pane.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))


def shown_tooltip() -> str:
    """The tooltip's text as a person reads it."""
    doc = QTextDocument()
    doc.setHtml(QToolTip.text())
    return doc.toPlainText()


def words(window, n: int, skip: int = 0) -> str:
    return " ".join(window.detail.body.split()[skip : skip + n])


def test_hovering_a_highlight_shows_its_comment_as_plain_text(qtbot, open_window, store):
    window = open_window(store)
    quote = words(window, 3)
    comment = '<img src="http://example.com/x.png"> <b>not bold</b> &amp; more'
    highlight(qtbot, window, quote, "yellow", comment)
    hover(qtbot, window, highlight_point(window, quote))
    assert QToolTip.isVisible()
    assert html.escape(comment) in QToolTip.text()
    assert shown_tooltip() == comment  # every character shown as typed, nothing taken as markup
    hover(qtbot, window, highlight_point(window, words(window, 2, skip=6)))  # plain words
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_a_highlight_without_a_comment_says_what_a_click_does(qtbot, open_window, store):
    window = open_window(store)
    quote = words(window, 2)
    highlight(qtbot, window, quote, "pink", "")
    hover(qtbot, window, highlight_point(window, quote))
    assert shown_tooltip() == "Click to edit or delete this highlight"


def answer_dialog(qtbot, asked: list, *, color: str | None = None, comment: str | None = None, delete=False):
    """An asker that opens the real dialog, does what a user does in it and presses a button."""

    def ask(parent, highlight):
        asked.append(highlight)
        dialog = HighlightDialog(highlight.quote, parent, editing=highlight)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.windowTitle() == "Edit highlight"
        assert (dialog.color.currentData(), dialog.comment.text()) == (highlight.color, highlight.note)
        if color is not None:
            dialog.color.setFocus()
            while dialog.color.currentData() != color:
                qtbot.keyClick(dialog.color, Qt.Key.Key_Down)
        if comment is not None:
            dialog.comment.setFocus()
            dialog.comment.selectAll()
            qtbot.keyClicks(dialog.comment, comment)
        button = dialog.delete if delete else dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        return dialog.chosen()

    return ask


def click(qtbot, window, point: QPoint) -> None:
    qtbot.mouseClick(window.pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, window)


def test_clicking_a_highlight_changes_its_colour_and_comment_undoably(qtbot, open_window, store):
    window = open_window(store)
    item, quote = window.detail.id, words(window, 3)
    highlight(qtbot, window, quote, "yellow", "first thought")
    (before,) = store.item(item).highlights
    asked: list = []
    window._edit_highlight = answer_dialog(qtbot, asked, color="blue", comment="the council's words")
    click(qtbot, window, highlight_point(window, quote))
    assert asked == [before]
    (after,) = store.item(item).highlights
    assert (after.id, after.start, after.end) == (before.id, before.start, before.end)
    assert (after.color, after.note) == ("blue", "the council's words")
    assert f"<a class='highlight-blue' href='highlight:{before.id}'>" in window.pane._html
    assert "the council's words" in window.pane.toPlainText()
    hover(qtbot, window, highlight_point(window, quote))
    assert shown_tooltip() == "the council's words"

    window.undo_stack.undo()
    settle(qtbot, window)
    assert store.item(item).highlights == [before]
    assert f"<a class='highlight' href='highlight:{before.id}'>" in window.pane._html
    hover(qtbot, window, highlight_point(window, quote))
    assert shown_tooltip() == "first thought"
    window.undo_stack.redo()
    settle(qtbot, window)
    assert store.item(item).highlights == [after]


def test_cancelling_or_changing_nothing_leaves_no_step_to_undo(qtbot, open_window, store):
    window = open_window(store)
    quote = words(window, 2)
    highlight(qtbot, window, quote, "green", "kept")
    steps = window.undo_stack.count()
    window._edit_highlight = lambda parent, h: None  # Cancel
    click(qtbot, window, highlight_point(window, quote))
    window._edit_highlight = answer_dialog(qtbot, [])  # OK with nothing changed
    click(qtbot, window, highlight_point(window, quote))
    assert window.undo_stack.count() == steps


def test_a_highlight_deleted_from_its_dialog_comes_back_as_it_was_with_undo(qtbot, open_window, store):
    window = open_window(store)
    item = window.detail.id
    first, second = words(window, 2), words(window, 2, skip=4)
    highlight(qtbot, window, first, "green", "one")
    highlight(qtbot, window, second, "pink", "two")
    kept = store.item(item).highlights
    gone = next(h for h in kept if h.quote == first)
    # Edit it, then delete it: undoing both and redoing both finds the same highlight each time.
    window._edit_highlight = answer_dialog(qtbot, [], comment="one, edited")
    click(qtbot, window, highlight_point(window, first))
    window._edit_highlight = answer_dialog(qtbot, [], delete=True)
    click(qtbot, window, highlight_point(window, first))
    assert [h.quote for h in store.item(item).highlights] == [second]
    assert f"href='highlight:{gone.id}'" not in window.pane._html
    assert "one, edited" not in window.pane.toPlainText()

    window.undo_stack.undo()
    settle(qtbot, window)
    edited = next(h for h in store.item(item).highlights if h.quote == first)
    assert (edited.id, edited.start, edited.end, edited.color, edited.note) == (
        gone.id,
        gone.start,
        gone.end,
        "green",
        "one, edited",
    )
    assert f"<a class='highlight-green' href='highlight:{gone.id}'>" in window.pane._html
    window.undo_stack.undo()
    settle(qtbot, window)
    assert store.item(item).highlights == kept
    window.undo_stack.redo()
    window.undo_stack.redo()
    settle(qtbot, window)
    assert [h.quote for h in store.item(item).highlights] == [second]
    window.undo_stack.undo()
    settle(qtbot, window)
    # Back, and clickable again as the same highlight.
    asked: list = []
    window._edit_highlight = answer_dialog(qtbot, asked)
    click(qtbot, window, highlight_point(window, first))
    assert [h.id for h in asked] == [gone.id]


def test_a_highlight_is_reached_with_tab_and_opened_with_return(qtbot, open_window, store):
    window = open_window(store)
    quote = words(window, 2)
    highlight(qtbot, window, quote, "blue", "")
    asked: list = []
    window._edit_highlight = answer_dialog(qtbot, asked, comment="by keyboard")
    window.pane.setFocus()
    qtbot.keyClick(window.pane, Qt.Key.Key_Tab)
    assert window.pane.textCursor().selectedText() == quote
    qtbot.keyClick(window.pane, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert [h.quote for h in asked] == [quote]
    assert [h.note for h in store.item(window.detail.id).highlights] == ["by keyboard"]
