"""File › Export annotations…: what the user marked in the window, written where they say, in the
format they pick, and a file name that cannot be written said in the status bar."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.ui.conftest import settle


def file_action(window, text: str):
    (menu,) = [m for m in window.menuBar().actions() if m.text() == "&File"]
    return next(a for a in menu.menu().actions() if a.text().replace("&", "") == text)


def mark_first_item(qtbot, window, store) -> str:
    """Bookmark the item shown by its star, the way a user does, and give it a note."""
    qtbot.mouseClick(window.pane.bookmark, Qt.MouseButton.LeftButton)
    window.note.editor.setFocus()
    qtbot.keyClicks(window.note.editor, "Check the figures")
    shown = window.detail.id
    qtbot.waitUntil(lambda: store.item(shown).note == "Check the figures", timeout=10000)
    settle(qtbot, window)
    return window.detail.body


def test_export_annotations_writes_each_format_the_dialog_offers(qtbot, open_window, store, tmp_path):
    window = open_window(store)
    window.list.select_row(0)
    body = mark_first_item(qtbot, window, store)
    asked = []

    def ask(parent, suggested, filters):
        asked.append((suggested, filters))
        return str(tmp_path / "marks"), filters.split(";;")[1]  # no extension: Markdown chosen

    window._ask_export_path = ask
    file_action(window, "Export annotations…").trigger()
    settle(qtbot, window)
    suggested, filters = asked[0]
    assert suggested.endswith(".json") and "dump-reader-annotations-" in suggested
    assert filters.split(";;")[0].startswith("Web Annotation JSON")
    markdown = (tmp_path / "marks.md").read_text(encoding="utf-8")
    assert "Check the figures" in markdown
    assert window.statusBar().currentMessage() == f"1 marked item exported to {tmp_path / 'marks.md'}"

    window._ask_export_path = lambda parent, suggested, filters: (str(tmp_path / "marks.json"), "")
    file_action(window, "Export annotations…").trigger()
    settle(qtbot, window)
    (record,) = json.loads((tmp_path / "marks.json").read_text(encoding="utf-8"))["items"]
    assert record["bookmarked"] is True and record["note"] == "Check the figures"
    assert body.startswith(record["excerpt"].rstrip("…")[:40])

    window._ask_export_path = lambda parent, suggested, filters: (str(tmp_path / "marks.csv"), "")
    file_action(window, "Export annotations…").trigger()
    settle(qtbot, window)
    assert (tmp_path / "marks.csv").read_bytes().startswith("\ufeff".encode())  # Excel reads it as UTF-8
    # The folder is offered again next time.
    window._ask_export_path = ask
    file_action(window, "Export annotations…").trigger()
    settle(qtbot, window)
    assert asked[-1][0].startswith(str(tmp_path))


def test_export_annotations_to_a_missing_folder_says_so_and_writes_nothing(
    qtbot, open_window, store, tmp_path
):
    window = open_window(store)
    target = tmp_path / "gone" / "marks.json"
    window._ask_export_path = lambda parent, suggested, filters: (str(target), "")
    file_action(window, "Export annotations…").trigger()
    settle(qtbot, window)
    assert window.statusBar().currentMessage().startswith(f"cannot write {target}: the folder")
    assert not target.parent.exists()


def test_cancelling_the_export_dialog_writes_nothing(qtbot, open_window, store, tmp_path):
    window = open_window(store)
    window._ask_export_path = lambda parent, suggested, filters: ("", "")
    assert window.export_annotations() is None
    assert list(tmp_path.glob("*.json")) == []
