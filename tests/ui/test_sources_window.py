"""Deleting a source from the tree: asked as removing an import is, and undone with Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reader.model import Filter, Kind
from reader.store.sqlitestore import SqliteStore
from reader.ui.importing import SAMPLE_SOURCE, sample_dumps
from reader.ui.removeimport import confirm_deletion
from tests.ui.conftest import settle


def _sources(window) -> list[str]:
    model = window.tree.tree_model()
    sources = model.index_for_key(Filter(Kind.SOURCES).key)
    return [model.index(row, 0, sources).data() for row in range(model.rowCount(sources))]


def _node(window, name):
    model = window.tree.tree_model()
    sources = model.index_for_key(Filter(Kind.SOURCES).key)
    for row in range(model.rowCount(sources)):
        if model.index(row, 0, sources).data() == name:
            return model.node_at(model.index(row, 0, sources))
    raise AssertionError(name)


def _snapshot(store) -> list[tuple]:
    items = []
    for item in store.export_items():
        seen = sorted((o.source, Path(o.file).name, o.line) for o in item.occurrences)
        items.append((item.title, item.body, item.date, tuple(item.sources), tuple(seen)))
    return sorted(items, key=repr)


def test_a_source_deleted_from_the_tree_asks_about_marks_and_comes_back_with_undo(
    qtbot, open_window, store, tmp_path
):
    (odd,) = [i for i in store.export_items() if i.sources == ["Web"]]
    store.set_note(odd.id, "where is this from?")
    with_web = _snapshot(store)
    window = open_window(store)
    asked = []
    window._confirm_deletion = lambda parent, plan: asked.append(plan)  # the user cancels
    menu = window.tree_menu(_node(window, "Web"))
    {a.text(): a for a in menu.actions()}["&Delete source…"].trigger()
    settle(qtbot, window)
    ((plan),) = asked
    assert (plan.source, plan.imports, plan.items_lost) == ("Web", 1, 1)
    assert plan.marked_lost == ((odd.id, "Scripts in dumps stay text"),)
    assert _snapshot(store) == with_web and store.item(odd.id).note == "where is this from?"

    window._confirm_deletion = lambda parent, plan: True  # "Remove them with their marks"
    window.delete_source("Web")
    settle(qtbot, window)
    assert _sources(window) == [SAMPLE_SOURCE]
    assert store.sources() == [SAMPLE_SOURCE]
    with SqliteStore.open(tmp_path / "samples.db") as expected:
        list(expected.import_paths(sample_dumps(), SAMPLE_SOURCE))
        assert _snapshot(store) == _snapshot(expected)
    assert window.list.model().rowCount() == len(with_web) - 1

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert _snapshot(store) == with_web  # the file imported again
    qtbot.waitUntil(lambda: _sources(window) == [SAMPLE_SOURCE, "Web"])
    (back,) = [i for i in store.export_items() if i.sources == ["Web"]]
    assert back.note == ""  # a mark removed with its item does not come back, as the dialog said
    window.undo_stack.redo()
    settle(qtbot, window)
    assert store.sources() == [SAMPLE_SOURCE]


def test_the_deletion_is_confirmed_as_a_removal_is_and_says_what_undo_cannot_do(
    qtbot, open_window, store, monkeypatch
):
    (odd,) = [i for i in store.export_items() if i.sources == ["Web"]]
    store.set_bookmark(odd.id)
    window = open_window(store)
    shown = []

    def answer(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        (remove,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole]
        remove.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert confirm_deletion(window, store.source_deletion_plan("Web")) is True
    ((title, text, detail),) = shown
    assert (title, text) == ("Delete source", "Delete the source “Web” and its 1 import?")
    assert detail.startswith("Items only it brought go away (1); the items it also held (0) get back")
    assert "Edit › Undo imports its files again while they are where they were." in detail
    assert "• Scripts in dumps stay text" in detail
    assert detail.endswith("Undo cannot bring back the marks of items removed with them.")
