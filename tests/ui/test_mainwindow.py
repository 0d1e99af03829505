"""The window as a user drives it: nodes, searches, sorting, menus, imports, what the panes show."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument

from reader.model import TOP_KINDS, Filter, Kind
from reader.store.sqlitestore import SqliteStore
from reader.ui.importing import SAMPLE_SOURCE
from reader.ui.itemlist import Column
from tests.ui.conftest import settle

pytestmark = pytest.mark.gui


def titles(window) -> list[str]:
    model = window.list.model()
    return [model.data(model.index(row, Column.TITLE)) for row in range(model.rowCount())]


def tree_rows(window, parent=None) -> dict[str, str]:
    model = window.tree.tree_model()
    parent = parent or model.index(-1, -1)
    return {
        model.index(r, 0, parent).data(): model.index(r, 1, parent).data()
        for r in range(model.rowCount(parent))
    }


def choose(qtbot, window, flt: Filter) -> None:
    assert window.tree.select_key(flt.key)
    settle(qtbot, window)


def test_first_view_shows_the_tree_list_pane_and_status(open_window, store):
    window = open_window(store)
    assert tree_rows(window) == {
        "All items": "8",
        "Last import": "1",  # odd.txt, imported after the samples
        "Bookmarked": "0",
        "Annotated": "0",
        "Tags": "0",
        "Sources": "8",
        "Dates": "7",
        "Undated": "1",
    }
    assert window.list.model().rowCount() == 8
    assert titles(window)[0] == "Scripts in dumps stay text"  # newest first
    assert window.list.current_id() is not None
    assert "Scripts in dumps stay text" in window.pane.toPlainText()
    assert window.shown_label.text() == "8 of 8 items"
    assert window.path_label.text() == str(store.path)
    assert window.stack.currentWidget() is window.splitter


def test_sources_have_year_month_day_children(open_window, store):
    window = open_window(store)
    model = window.tree.tree_model()
    sources = model.index_for_key(Filter(Kind.SOURCES).key)
    assert tree_rows(window, sources) == {"CSTO": "7", "Web": "1"}
    csto = model.index(0, 0, sources)
    year = model.index(0, 0, csto)
    month = model.index(0, 0, year)
    assert (year.data(), month.data(), model.index(0, 1, year).data()) == ("2023", "November", "4")
    assert model.index(0, 0, month).data() == "23 Nov, Thu"


def test_selecting_nodes_filters_the_list(qtbot, open_window, store):
    window = open_window(store)
    choose(qtbot, window, Filter(Kind.UNDATED))
    (only,) = titles(window)
    assert only.startswith("A meeting of the heads of the Collective Security Treaty Organization")
    assert window.shown_label.text() == "1 of 8 items"
    choose(qtbot, window, Filter(Kind.BOOKMARKED))
    assert titles(window) == []
    assert "No item selected" in window.pane.toPlainText()
    choose(qtbot, window, Filter(Kind.DATE, None, "2023-11"))
    assert window.list.model().rowCount() == 4
    web = window.store.conn.execute("SELECT id FROM sources WHERE name = 'Web'").fetchone()[0]
    choose(qtbot, window, Filter(Kind.SOURCE, web))
    assert titles(window) == ["Scripts in dumps stay text"]


def test_clicking_a_node_with_the_mouse(qtbot, open_window, store):
    window = open_window(store)
    index = window.tree.tree_model().index_for_key(Filter(Kind.UNDATED).key)
    rect = window.tree.visualRect(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot, window)
    assert window.list.model().rowCount() == 1


def test_search_as_you_type_within_the_node(qtbot, open_window, store):
    window = open_window(store)
    qtbot.keyClicks(window.search.edit, "minsk")
    qtbot.waitUntil(lambda: window.loader.query is not None)
    settle(qtbot, window)
    assert window.list.model().rowCount() == 4
    assert window.shown_label.text() == "4 of 8 items found"
    html = window.pane.toHtml()
    assert "Minsk" in window.pane.toPlainText() and "background-color" in html
    choose(qtbot, window, Filter(Kind.DATE, None, "2023-11-22"))
    assert window.list.model().rowCount() == 1


@pytest.mark.parametrize(
    ("text", "rows"),
    [("mins*", 4), ('"joint meeting"', 1), ("minsk -belarus", 3), ("tashkent OR kyrgyzstan", 2)],
)
def test_search_syntax(qtbot, open_window, store, text, rows):
    window = open_window(store)
    window.search.set_text(text)
    settle(qtbot, window)
    assert window.list.model().rowCount() == rows


def test_a_malformed_search_shows_a_message_not_an_exception(qtbot, open_window, store):
    window = open_window(store)
    qtbot.keyClicks(window.search.edit, '"minsk')
    qtbot.waitUntil(window.search.message.isVisible)
    assert "quotation mark" in window.search.message.text()
    assert window.list.model().rowCount() == 0
    qtbot.keyClick(window.search.edit, '"')
    qtbot.waitUntil(lambda: not window.search.message.isVisible())
    settle(qtbot, window)
    assert window.list.model().rowCount() == 4


def test_an_invalid_search_clears_the_results_of_the_one_before(qtbot, open_window, store):
    window = open_window(store)
    qtbot.keyClicks(window.search.edit, "minsk")
    qtbot.waitUntil(lambda: window.loader.query is not None)
    settle(qtbot, window)
    assert window.list.model().rowCount() == 4
    qtbot.keyClicks(window.search.edit, " OR")
    qtbot.waitUntil(window.search.message.isVisible)
    settle(qtbot, window)
    assert window.search.message.text() == "OR needs a word on each side"
    assert window.list.model().rowCount() == 0
    assert window.list.current_id() is None
    assert "No item selected" in window.pane.toPlainText()
    assert window.shown_label.text() == "0 of 8 items found"
    choose(qtbot, window, Filter(Kind.UNDATED))
    assert window.list.model().rowCount() == 0  # still no results under the message
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not window.search.message.isVisible())
    settle(qtbot, window)
    assert window.list.model().rowCount() == 1  # the same search as before, in the node now chosen


def test_escape_clears_the_search(qtbot, open_window, store):
    window = open_window(store)
    window.search.set_text("minsk")
    settle(qtbot, window)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert window.list.model().rowCount() == 8


def test_sorting_by_a_column_keeps_the_selection(qtbot, open_window, store):
    window = open_window(store)
    window.list.select_row(3)
    chosen = window.list.current_id()
    header = window.list.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(Column.TITLE) + 20, 5),
    )
    settle(qtbot, window)
    shown = titles(window)
    assert shown == sorted(shown, key=str.casefold)
    assert window.list.current_id() == chosen
    window.list.sortByColumn(Column.SEEN, Qt.SortOrder.DescendingOrder)
    settle(qtbot, window)
    seen = [window.list.model().index(r, Column.SEEN).data() for r in range(8)]
    assert seen[0] == "3" and seen[-1] == "1"
    assert window.list.current_id() == chosen


def test_dump_text_is_shown_as_text(qtbot, open_window, store):
    window = open_window(store)
    window.list.select_row(0)
    text = window.pane.toPlainText()
    assert '<script>alert("x")</script>' in text
    assert '<img src="http://example.com/a.png">' in text
    assert "&amp; more" in text
    assert (
        window.pane.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("http://example.com/a.png"))
        is None
    )
    assert not window.pane.openLinks()


def test_reading_pane_shows_where_the_item_was_seen_and_versions(qtbot, open_window, store):
    window = open_window(store)
    window.search.set_text('"collective security council"')
    settle(qtbot, window)
    text = window.pane.toPlainText()
    assert "Seen in" in text and "csto-2023-11-a.txt" in text and "csto-2023-11-b.txt" in text
    assert "Versions" in text and "words added" in text
    assert "date inferred" in text


def test_context_menu_actions(qtbot, open_window, store):
    window = open_window(store)
    window.list.select_row(0)
    menu = window.list_menu()
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["Bookmark", "Copy text", "Copy as Markdown", "Show in source tree"]
    menu.actions()[labels.index("Copy text") + 1].trigger()  # + 1: the separator before it
    assert QGuiApplication.clipboard().text().startswith("Scripts in dumps stay text\n\n")
    next(a for a in menu.actions() if a.text() == "Copy as Markdown").trigger()
    assert QGuiApplication.clipboard().text().startswith("## Scripts in dumps stay text")
    next(a for a in menu.actions() if a.text() == "Show in source tree").trigger()
    settle(qtbot, window)
    web = window.store.conn.execute("SELECT id FROM sources WHERE name = 'Web'").fetchone()[0]
    assert window.tree.current_key == Filter(Kind.SOURCE, web, "2024-03-12").key
    assert titles(window) == ["Scripts in dumps stay text"]
    next(a for a in menu.actions() if a.text() == "Bookmark").trigger()
    settle(qtbot, window)
    assert tree_rows(window)["Bookmarked"] == "1"
    menu.deleteLater()


def test_right_click_opens_the_row_menu(qtbot, open_window, store, monkeypatch):
    window = open_window(store)
    shown = []
    monkeypatch.setattr("reader.ui.mainwindow.QMenu.popup", lambda menu, pos: shown.append(menu))
    rect = window.list.visualRect(window.list.model().index(1, Column.TITLE))
    window.list.customContextMenuRequested.emit(rect.center())
    assert len(shown) == 1


def test_timeline_shows_months_and_a_click_selects_one(qtbot, open_window, store):
    window = open_window(store)
    months = dict(window.timeline.months)
    assert months[(2023, 11)] == 4 and months[(2021, 5)] == 1 and months[(2022, 1)] == 0
    index = [m for m, _ in window.timeline.months].index((2023, 11))
    point = window.timeline.bar_rect(index).center().toPoint()
    qtbot.mouseClick(window.timeline, Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, window)
    assert window.tree.current_key == Filter(Kind.DATE, None, "2023-11").key
    assert window.list.model().rowCount() == 4


def test_counts_update_after_an_import(qtbot, open_window, store, tmp_path):
    window = open_window(store)
    dump = tmp_path / "more.txt"
    dump.write_text("New agreement signed\n01.02.2024\nThe parties signed a new agreement in Astana.\n")
    window.run_import([str(dump)], None)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: tree_rows(window)["All items"] == "9")
    assert window.list.model().rowCount() == 9
    assert "1 new item" in window.statusBar().currentMessage()


def test_an_import_recounts_only_the_sources_it_touched(qtbot, open_window, store, tmp_path, monkeypatch):
    window = open_window(store)
    web = window.tree.tree_model().index_for_key(Filter(Kind.SOURCE, 2).key)
    assert web.data() == "Web"
    counted: list[tuple[frozenset, frozenset | None]] = []
    tree = SqliteStore.tree

    def spy(self, kinds=TOP_KINDS, *, sources=None, periods=True):
        nodes = tree(self, kinds, sources=sources, periods=periods)
        counted.append((frozenset(n.kind for n in nodes), sources, nodes))
        return nodes

    monkeypatch.setattr(SqliteStore, "tree", spy)
    dump = tmp_path / "more.txt"
    dump.write_text("New agreement signed\n01.02.2024\nThe parties signed a new agreement in Astana.\n")
    window.run_import([str(dump)], SAMPLE_SOURCE)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: tree_rows(window)["All items"] == "9")
    kinds, _, nodes = counted[-1]
    assert Kind.TAGS not in kinds and Kind.BOOKMARKED not in kinds  # no mark changed
    (sources_node,) = [n for n in nodes if n.kind is Kind.SOURCES]
    assert [child.name for child in sources_node.children] == [SAMPLE_SOURCE]  # Web was not counted again
    assert window.tree.tree_model().index_for_key(Filter(Kind.SOURCE, 2).key).data() == "Web"
    sources = window.tree.tree_model().index_for_key(Filter(Kind.SOURCES).key)
    assert tree_rows(window, sources) == {SAMPLE_SOURCE: "8", "Web": "1"}
    assert window.list.model().rowCount() == 9


def test_a_bookmark_recounts_the_marks_only(qtbot, open_window, store, monkeypatch):
    window = open_window(store)
    counted = []
    tree = SqliteStore.tree

    def spy(self, kinds=TOP_KINDS, *, sources=None, periods=True):
        counted.append(frozenset(kinds))
        return tree(self, kinds, sources=sources, periods=periods)

    monkeypatch.setattr(SqliteStore, "tree", spy)
    window.toggle_bookmark()
    settle(qtbot, window)
    assert counted == [frozenset({Kind.BOOKMARKED, Kind.ANNOTATED})]
    qtbot.waitUntil(lambda: tree_rows(window)["Bookmarked"] == "1")


def test_reading_pane_follows_the_colour_scheme(open_window, store, monkeypatch):
    window = open_window(store)
    light = window.pane.document().defaultStyleSheet()
    monkeypatch.setattr("reader.ui.mainwindow.is_dark", lambda palette: True)
    window._apply_scheme()
    dark = window.pane.document().defaultStyleSheet()
    assert dark != light and "#d7dce2" in dark
    assert "Scripts in dumps stay text" in window.pane.toPlainText()


def test_busy_indicator_shows_while_a_job_runs(qtbot, open_window, store):
    window = open_window(store)
    assert window.busy.isHidden()
    window.refresh()
    assert window.busy.isVisible()
    settle(qtbot, window)
    assert window.busy.isHidden()


def _source_node(window, name):
    model = window.tree.tree_model()
    sources = model.index_for_key(Filter(Kind.SOURCES).key)
    for row in range(model.rowCount(sources)):
        index = model.index(row, 0, sources)
        if index.data() == name:
            return model.node_at(index)
    return None


def test_a_source_renamed_from_the_tree_menu(qtbot, open_window, store):
    window = open_window(store)
    window.source_menu._ask_name = lambda parent, name: "csto.int"
    menu = window.tree_menu(_source_node(window, "Web"))
    actions = {a.text(): a for a in menu.actions()}
    assert set(actions) == {"&Rename source…", "&Merge into another source…", "", "&Delete source…"}
    actions["&Rename source…"].trigger()
    settle(qtbot, window)
    assert _source_node(window, "csto.int") is not None and _source_node(window, "Web") is None
    assert store.sources() == [SAMPLE_SOURCE, "csto.int"]


def test_a_source_merged_from_the_tree_menu_and_a_refusal_said(qtbot, open_window, store):
    window = open_window(store)
    said = []
    window.source_menu._refused = lambda parent, message: said.append(message)
    window.source_menu._ask_name = lambda parent, name: SAMPLE_SOURCE
    window.source_menu.rename(window, "Web")
    settle(qtbot, window)  # the refusal comes back from the writer
    assert said == [f"there is a source named {SAMPLE_SOURCE!r} already; merge 'Web' into it instead"]
    window.source_menu._ask_into = lambda parent, name, others: others[0]
    window.tree_menu(_source_node(window, "Web")).actions()[1].trigger()
    settle(qtbot, window)
    sources = window.tree.tree_model().index_for_key(Filter(Kind.SOURCES).key)
    assert tree_rows(window, sources) == {SAMPLE_SOURCE: "8"}


def test_the_reading_pane_says_its_own_words_through_the_translations(qtbot, open_window, store):
    window = open_window(store)
    window.list.select_row(0)
    settle(qtbot, window)
    text = window.pane.toPlainText()
    seen = len(window.detail.occurrences)
    assert ("Seen once." if seen == 1 else f"Seen {seen} times.") in text  # the plural forms of the .ts
    day = window.detail.date
    assert QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy") in text
