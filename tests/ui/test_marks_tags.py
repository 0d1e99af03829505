"""Tags as a user gives them: on several selected rows at once (Ctrl+T, Item › Remove tag), and
renamed or deleted everywhere from the tree; each one undo step that undo and redo round-trip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from reader.ui.itemlist import Column
from tests.ui.conftest import settle


def click_row(qtbot, window, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = window.list.visualRect(window.list.model().index(row, Column.TITLE))
    qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def select_rows(qtbot, window, first: int, last: int) -> list[int]:
    """Click ``first``, Shift+click ``last``: the ids of the rows between."""
    click_row(qtbot, window, first)
    click_row(qtbot, window, last, Qt.KeyboardModifier.ShiftModifier)
    model = window.list.item_model()
    return [model.id_at(row) for row in range(first, last + 1)]


def tags(store, ids) -> list[list[str]]:
    return [store.item(i).tags for i in ids]


def tag_counts(window) -> dict[str, str]:
    model = window.tree.tree_model()
    parent = model.index_for_key("tags")
    return {
        model.index(r, 0, parent).data(): model.index(r, 1, parent).data()
        for r in range(model.rowCount(parent))
    }


def item_menu(window, text: str) -> QMenu:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Item"]
    (sub,) = [a.menu() for a in menu.actions() if a.text() == text]
    return sub


def test_ctrl_t_tags_every_selected_row_in_one_step_and_undo_leaves_the_others_as_they_were(
    qtbot, open_window, store
):
    window = open_window(store)
    model = window.list.item_model()
    asked: list[list[str]] = []
    window._ask_tag = lambda parent, existing: asked.append(existing) or "security"
    click_row(qtbot, window, 1)  # one item tagged first, alone
    qtbot.keyClick(window.list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    had = model.id_at(1)
    assert store.item(had).tags == ["security"]

    ids = select_rows(qtbot, window, 0, 2)
    assert window.list.selected_ids() == ids
    steps = window.undo_stack.count()
    window._ask_tag = lambda parent, existing: asked.append(existing) or "  Security "
    qtbot.keyClick(window.list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert asked[-1] == ["security"]  # existing tags are offered for completion
    assert tags(store, ids) == [["security"]] * 3
    assert window.undo_stack.count() == steps + 1
    assert window.statusBar().currentMessage() == "3 items tagged “security”."
    assert tag_counts(window) == {"security": "3"}
    assert "#security" in window.pane.toPlainText()

    window.undo_stack.undo()
    settle(qtbot, window)
    assert tags(store, ids) == [[], ["security"], []]  # the row tagged before keeps its tag
    assert tag_counts(window) == {"security": "1"}
    window.undo_stack.redo()
    settle(qtbot, window)
    assert tags(store, ids) == [["security"]] * 3
    assert window.list.selected_ids() == ids  # the selection stays for the next mark


def test_tagging_rows_that_all_have_the_tag_leaves_no_step(qtbot, open_window, store):
    window = open_window(store)
    ids = select_rows(qtbot, window, 0, 1)
    window.apply_changes(store.tag_items(ids, add=["security"]))
    steps = window.undo_stack.count()
    window._ask_tag = lambda parent, existing: "security"
    window.actions_by_name["tag"].trigger()
    settle(qtbot, window)
    assert window.undo_stack.count() == steps


def test_remove_tag_offers_what_any_selected_row_carries_and_takes_it_off_all(qtbot, open_window, store):
    window = open_window(store)
    ids = select_rows(qtbot, window, 0, 2)
    window.apply_changes(
        store.tag_items(ids[:2], add=["security"]) | store.tag_items(ids[1:2], add=["Astana"])
    )
    settle(qtbot, window)
    untag = item_menu(window, "&Remove tag")
    untag.aboutToShow.emit()
    assert [a.text() for a in untag.actions()] == ["Astana", "security"]
    (security,) = [a for a in untag.actions() if a.text() == "security"]
    security.trigger()
    settle(qtbot, window)
    assert tags(store, ids) == [[], ["Astana"], []]
    assert window.statusBar().currentMessage() == "Tag “security” taken off 3 items."
    window.undo_stack.undo()
    settle(qtbot, window)
    assert tags(store, ids) == [["security"], ["Astana", "security"], []]
    window.undo_stack.redo()
    settle(qtbot, window)
    assert tags(store, ids) == [[], ["Astana"], []]

    click_row(qtbot, window, 2)  # one row again: only its own tags, none here
    untag.aboutToShow.emit()
    assert untag.actions() == [] and not untag.isEnabled()


def tag_menu(window, name: str) -> QMenu:
    model = window.tree.tree_model()
    parent = model.index_for_key("tags")
    (node,) = [
        model.node_at(model.index(r, 0, parent))
        for r in range(model.rowCount(parent))
        if model.index(r, 0, parent).data() == name
    ]
    return window.tree_menu(node)


def tagged(qtbot, open_window, store):
    window = open_window(store)
    model = window.list.item_model()
    ids = [model.id_at(row) for row in range(3)]
    window.apply_changes(
        store.tag_items(ids[:2], add=["security"]) | store.tag_items(ids[1:], add=["defence"])
    )
    settle(qtbot, window)
    return window, ids


def test_deleting_a_tag_from_the_tree_is_undone_onto_exactly_the_items_that_had_it(qtbot, open_window, store):
    window, ids = tagged(qtbot, open_window, store)
    tag_menu(window, "security").actions()[1].trigger()  # Delete tag
    settle(qtbot, window)
    assert "security" not in store.tag_names()
    assert tags(store, ids) == [[], ["defence"], ["defence"]]
    assert tag_counts(window) == {"defence": "2"}
    window.undo_stack.undo()
    settle(qtbot, window)
    assert tags(store, ids) == [["security"], ["defence", "security"], ["defence"]]
    assert tag_counts(window) == {"defence": "2", "security": "2"}
    window.undo_stack.redo()
    settle(qtbot, window)
    assert store.tag_names() == ["defence"]


def test_renaming_a_tag_from_the_tree_is_undone_and_redone(qtbot, open_window, store):
    window, ids = tagged(qtbot, open_window, store)
    window.source_menu._ask_tag_name = lambda parent, name: " border  talks "
    tag_menu(window, "security").actions()[0].trigger()  # Rename tag…
    settle(qtbot, window)
    assert tags(store, ids) == [["border talks"], ["border talks", "defence"], ["defence"]]
    assert tag_counts(window) == {"border talks": "2", "defence": "2"}
    window.undo_stack.undo()
    settle(qtbot, window)
    assert tags(store, ids) == [["security"], ["defence", "security"], ["defence"]]
    assert store.tag_names() == ["defence", "security"]
    window.undo_stack.redo()
    settle(qtbot, window)
    assert store.tag_names() == ["border talks", "defence"]


def test_a_tag_renamed_onto_another_is_parted_again_by_undo(qtbot, open_window, store):
    window, ids = tagged(qtbot, open_window, store)
    window.source_menu._ask_tag_name = lambda parent, name: "Defence"
    tag_menu(window, "security").actions()[0].trigger()
    settle(qtbot, window)
    assert store.tag_names() == ["defence"]
    assert tags(store, ids) == [["defence"]] * 3
    assert tag_counts(window) == {"defence": "3"}
    window.undo_stack.undo()
    settle(qtbot, window)
    # Each item has again what it had: one only security, one both, one only defence.
    assert tags(store, ids) == [["security"], ["defence", "security"], ["defence"]]
    assert tag_counts(window) == {"defence": "2", "security": "2"}
    window.undo_stack.redo()
    settle(qtbot, window)
    assert tags(store, ids) == [["defence"]] * 3


def test_rows_selected_with_shift_and_the_arrow_keys_are_tagged_together(qtbot, open_window, store):
    window = open_window(store)
    model = window.list.item_model()
    click_row(qtbot, window, 0)
    for _ in range(2):
        qtbot.keyClick(window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ids = [model.id_at(row) for row in range(3)]
    assert window.list.selected_ids() == ids
    assert window.detail.id == ids[2]  # the pane shows the row the selection moved to
    window._ask_tag = lambda parent, existing: "security"
    qtbot.keyClick(window.list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert tags(store, ids) == [["security"]] * 3
    window.undo_stack.undo()
    settle(qtbot, window)
    assert tags(store, ids) == [[]] * 3
