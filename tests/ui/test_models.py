"""Both models pass Qt's model tester empty, filled and while changing; the list stays lazy."""

from __future__ import annotations

from array import array
from datetime import date

import pytest
from PySide6.QtCore import Qt

from reader.model import Filter, Kind, ListRow, Sort, SortKey
from reader.ui.itemlist import Column, ItemList, ItemListModel
from reader.ui.sourcetree import SourceTree, SourceTreeModel

pytestmark = pytest.mark.gui


class CountingRows:
    """Fake display rows, counting how many were asked for."""

    def __init__(self) -> None:
        self.fetched = 0
        self.calls = 0

    def __call__(self, ids):
        self.calls += 1
        self.fetched += len(ids)
        return {
            i: ListRow(i, f"Item {i}", "", date(2023, 1, 1), i % 2 == 0, ("A",), 1, i % 3 == 0, False)
            for i in ids
        }


def test_item_list_model_passes_the_model_tester(qtmodeltester):
    model = ItemListModel(CountingRows())
    qtmodeltester.check(model)
    model.set_ids(array("q", range(1, 50)))
    qtmodeltester.check(model)
    model.extend_ids(array("q", range(1, 120)))
    model.refresh_rows([3, 4])
    model.extend_ids(array("q", [5, 4, 3]))
    model.set_ids(array("q"))
    qtmodeltester.check(model)


def test_item_list_model_on_a_real_store(qtmodeltester, store):
    model = ItemListModel(store.rows)
    model.set_ids(store.item_ids(Filter()))
    qtmodeltester.check(model)
    assert model.data(model.index(0, Column.TITLE)) == "Scripts in dumps stay text"


def test_source_tree_model_passes_the_model_tester(qtmodeltester, store):
    model = SourceTreeModel()
    qtmodeltester.check(model)
    model.set_nodes(store.tree())
    qtmodeltester.check(model)
    model.set_nodes(store.tree()[:2])
    qtmodeltester.check(model)


def test_a_million_rows_fetch_only_what_is_shown(qtbot):
    rows = CountingRows()
    model = ItemListModel(rows)
    view = ItemList(model)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    model.set_ids(array("q", range(1, 1_000_001)))
    view.scrollToBottom()
    view.viewport().repaint()
    view.scrollToTop()
    view.viewport().repaint()
    assert model.rowCount() == 1_000_000
    assert rows.fetched < 2000
    assert model.data(model.index(999_999, Column.TITLE)) == "Item 1000000"


def test_cells_of_one_screen_take_one_query():
    rows = CountingRows()
    model = ItemListModel(rows)
    model.set_ids(array("q", range(1, 1000)))
    for row in range(40):
        for column in Column:
            model.data(model.index(row, column))
            model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
    assert rows.calls == 1


def test_sort_asks_for_ids_in_the_new_order(qtbot):
    model = ItemListModel(CountingRows())
    with qtbot.waitSignal(model.sortRequested) as blocker:
        model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert blocker.args == [Sort(SortKey.TITLE, False)]


def test_tree_keeps_selection_and_open_nodes_across_new_counts(qtbot, store):
    tree = SourceTree()
    qtbot.addWidget(tree)
    tree.set_nodes(store.tree())
    key = Filter(Kind.DATE, None, "2023-11").key
    with qtbot.waitSignal(tree.filterChosen):
        assert tree.select_key(key)
    with qtbot.assertNotEmitted(tree.filterChosen):
        tree.set_nodes(store.tree())
    assert tree.current_key == key
    assert tree.isExpanded(tree.tree_model().index_for_key(Filter(Kind.DATE, None, "2023").key))


def test_every_node_of_the_tree_is_found_by_its_key(store):
    model = SourceTreeModel()
    model.set_nodes(store.tree())
    assert all(entry._children is None for entry in model._roots)  # nothing below the top is wrapped yet
    first: dict[str, object] = {}

    def walk(nodes):
        for node in nodes:
            first.setdefault(node.filter.key, node)
            walk(node.children)

    walk(store.tree())
    assert any(Filter.from_key(key).period and len(Filter.from_key(key).period) == 10 for key in first)
    for key, node in first.items():
        index = model.index_for_key(key)
        assert index.isValid() and model.node_at(index) == node, key
    assert not model.index_for_key(Filter(Kind.SOURCE, 1, "1999-01-01").key).isValid()
