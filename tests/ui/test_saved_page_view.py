"""The page as saved: which lines are greyed and which marked, and keeping or dropping a line
from its context menu, as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMenu

from reader.store.sqlitestore import SqliteStore
from reader.ui.plaintext import tooltip
from reader.ui.savedpage import SavedPageView
from tests.conftest import import_one
from tests.ui.conftest import settle

PAGE = """Lakeside Courier
EN | RU

Ferry <b>service</b> returns for the summer
02.05.2025

The ferry across the lake runs again from Saturday, four times a day, the harbour office said. \
Timetables hang at both piers and on the notice board of the harbour office, and tickets are sold \
on board by the crew, by card or in cash, as they were last summer.

Photo: the ferry at the pier

Tickets cost the same as last year, and children under seven travel free of charge.

Road works on the shore road
03.05.2025

Road works close the shore road for two weeks from Monday, and buses take the hill road instead.
"""
TITLE = "Ferry <b>service</b> returns for the summer"


def _window(open_window, tmp_path, qtbot):
    path = tmp_path / "courier.txt"
    path.write_text(PAGE, encoding="utf-8")
    store = SqliteStore.open(tmp_path / "courier.db")
    import_one(store, path, "Courier")
    window = open_window(store)
    ferry = next(d.id for d in store.export_items() if d.title == TITLE)
    window.list.select_id(ferry)
    settle(qtbot, window)
    return window, store, ferry


def _view(window, qtbot) -> SavedPageView:
    view = window.show_saved_page()
    assert view is not None
    qtbot.addWidget(view)
    qtbot.waitExposed(view)
    return view


def _rows(view: SavedPageView) -> dict[int, tuple[str, bool, bool]]:
    """Line number -> (text, greyed, marked), as the view draws them."""
    grey = view.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    out = {}
    for i in range(view.lines.rowCount()):
        number, text = view.lines.item(i, 0), view.lines.item(i, 1)
        greyed = text.foreground().color() == grey and text.font().italic()
        marked = text.background().style() != Qt.BrushStyle.NoBrush and number.text().startswith("▌")
        out[int(number.data(Qt.ItemDataRole.UserRole))] = (text.text(), greyed, marked)
    return out


def _choose(menu: QMenu, words: str) -> None:
    (action,) = [a for a in menu.actions() if words in a.text().replace("&", "")]
    action.trigger()


def test_the_saved_page_greys_dropped_lines_and_marks_the_items_own(open_window, tmp_path, qtbot):
    window, store, _ = _window(open_window, tmp_path, qtbot)
    view = _view(window, qtbot)
    rows = _rows(view)
    assert [n for n, (_, greyed, _) in rows.items() if greyed] == [1, 2, 9]
    assert [n for n, (_, _, marked) in rows.items() if marked] == [4, 5, 7, 11]
    assert rows[4][0] == TITLE  # shown as the characters it has, not as bold text
    assert view.lines.rowHeight(6) > view.lines.rowHeight(0)  # a long line wraps
    assert not rows[14][1] and not rows[14][2]  # another item's line: neither greyed nor marked
    assert view.lines.item(0, 2).text() == "header zone"
    assert view.lines.item(0, 2).toolTip() == tooltip("Dropped as header zone")
    assert view.menu_for(3) is None  # a blank line has nothing to decide
    store.close()


def test_keeping_a_dropped_line_shows_it_in_the_item_and_remembers_it(open_window, tmp_path, qtbot):
    window, store, ferry = _window(open_window, tmp_path, qtbot)
    view = _view(window, qtbot)
    _choose(view.menu_for(9), "Keep this line as content")
    settle(qtbot, window)
    assert "Photo: the ferry at the pier" in store.item(ferry).body
    assert "Photo: the ferry at the pier" in window.pane.toPlainText()
    rows = _rows(view)
    assert not rows[9][1] and rows[9][2]
    assert [(b.text, b.status) for b in store.boilerplate("Courier", None)] == [
        ("photo: the ferry at the pier", "rejected")
    ]
    store.close()


def test_dropping_a_kept_line_takes_it_out_of_the_item_for_the_source(open_window, tmp_path, qtbot):
    window, store, ferry = _window(open_window, tmp_path, qtbot)
    view = _view(window, qtbot)
    menu = view.menu_for(11)
    _choose(menu, "Drop this line as boilerplate of Courier")
    settle(qtbot, window)
    assert "children under seven" not in store.item(ferry).body
    assert "children under seven" not in window.pane.toPlainText()
    rows = _rows(view)
    assert rows[11][1] and not rows[11][2]
    assert view.lines.item(10, 2).text() == "boilerplate of this source"
    assert [b.status for b in store.boilerplate("Courier", "confirmed")] == ["confirmed"]
    store.close()


def test_the_item_menu_and_the_panes_menu_open_the_saved_page(open_window, tmp_path, qtbot):
    window, store, _ = _window(open_window, tmp_path, qtbot)
    item_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Item")
    assert "Show the page as saved…" in [a.text().replace("&", "") for a in item_menu.actions()]
    with qtbot.waitSignal(window.pane.savedPageRequested):
        window.pane.savedPageRequested.emit()
    views = window.findChildren(SavedPageView)
    assert views and views[-1].page is not None and views[-1].page.source == "Courier"
    store.close()


def test_a_decision_the_store_refuses_is_said_in_the_view_and_changes_nothing(open_window, tmp_path, qtbot):
    path = tmp_path / "teaser.txt"
    path.write_text(
        "Lakeside Courier\nEN | RU\n\nThe ferry stops running for the winter on Friday, the harbour office said.\n",
        encoding="utf-8",
    )
    store = SqliteStore.open(tmp_path / "teaser.db")
    import_one(store, path, "Courier")
    (item,) = store.export_items()
    store.set_note(item.id, "check the timetable")
    window = open_window(store)
    window.list.select_id(item.id)
    settle(qtbot, window)
    view = _view(window, qtbot)
    _choose(view.menu_for(4), "Drop this line as boilerplate")
    settle(qtbot, window)
    assert view.message.text().startswith("this would take away 1 item(s) of the page that carry")
    assert view.lines.isEnabled() and view.pending is None
    assert store.item(item.id).body == item.body
    assert _rows(view)[4][2]  # still the item's line
    window.undo_stack.undo()  # a refused decision leaves nothing to undo
    settle(qtbot, window)
    assert window.undo_stack.count() == 0
    assert store.item(item.id).body == item.body
    store.close()


def test_a_decision_runs_off_the_window_and_edit_undo_takes_it_back(open_window, tmp_path, qtbot):
    window, store, ferry = _window(open_window, tmp_path, qtbot)
    before = store.item(ferry).body
    view = _view(window, qtbot)
    _choose(view.menu_for(9), "Keep this line as content")
    # Until the writer has parsed the page again the lines wait, and say why.
    assert not view.lines.isEnabled() and view.message.text() == "Parsing the page again…"
    settle(qtbot, window)
    assert view.lines.isEnabled() and view.message.text() == ""
    assert "Photo: the ferry at the pier" in store.item(ferry).body
    assert window.undo_stack.undoText() == "Keep line 9 as content"

    edit = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit")
    (undo,) = [a for a in edit.actions() if a.text().replace("&", "").startswith("Undo")]
    undo.trigger()
    settle(qtbot, window)
    assert store.item(ferry).body == before
    assert "Photo: the ferry at the pier" not in window.pane.toPlainText()
    assert _rows(view)[9][1]  # greyed again, in the view still open
    assert store.boilerplate("Courier", None) == []
    window.undo_stack.redo()
    settle(qtbot, window)
    assert "Photo: the ferry at the pier" in store.item(ferry).body
    assert not _rows(view)[9][1]
    store.close()
