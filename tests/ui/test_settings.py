"""What the window remembers across a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from reader.model import Filter, Kind
from reader.ui.itemlist import Column
from reader.ui.mainwindow import MainWindow
from tests.ui.conftest import settle

pytestmark = pytest.mark.gui


def test_restart_restores_node_item_sort_columns_and_splitter(qtbot, open_window, store, settings):
    window = open_window(store)
    window.tree.select_key(Filter(Kind.DATE, None, "2023-11").key)
    settle(qtbot, window)
    window.list.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    window.list.select_row(2)
    chosen = window.list.current_id()
    window.list.horizontalHeader().resizeSection(Column.SOURCES, 171)
    dates = window.tree.tree_model().index_for_key(Filter(Kind.DATES).key)
    window.tree.collapse(dates)
    window.tree.expand(window.tree.tree_model().index_for_key(Filter(Kind.SOURCES).key))
    window.resize(760, 560)  # within the offscreen screen, which restoreGeometry keeps windows inside
    window.splitter.setSizes([200, 250, 300])
    sizes = window.splitter.sizes()
    window.close()

    again = open_window(store)
    assert again.tree.current_key == Filter(Kind.DATE, None, "2023-11").key
    assert again.list.model().rowCount() == 4
    model = again.tree.tree_model()
    assert again.tree.isExpanded(model.index_for_key(Filter(Kind.SOURCES).key))
    assert again.tree.isExpanded(model.index_for_key(Filter(Kind.DATE, None, "2023").key))  # holds the node
    assert again.list.current_id() == chosen
    assert again.list.horizontalHeader().sortIndicatorSection() == Column.TITLE
    assert again.list.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert again.list.horizontalHeader().sectionSize(Column.SOURCES) == 171
    assert again.splitter.sizes() == sizes
    assert (again.width(), again.height()) == (760, 560)


def test_settings_go_to_the_file_given(store, settings, qtbot):
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    settle(qtbot, window)
    window.save_settings()
    window.jobs.shutdown()
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value("tree/node") == "all"


def test_a_forgotten_node_falls_back_to_all_items(qtbot, open_window, store, settings):
    settings.setValue("tree/node", "tag:999")
    window = open_window(store)
    assert window.tree.current_key == "all"
    assert window.list.model().rowCount() == 8
