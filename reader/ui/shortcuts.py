"""Every keyboard shortcut of the window, in one table: the actions are made from it and the
Help > Keyboard shortcuts dialog lists it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str
    keys: tuple[str, ...]
    text: str


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("search", ("Ctrl+F", "/"), "Search titles and text in the selected node"),
    Shortcut("next", ("J",), "Next item (Down works too)"),
    Shortcut("previous", ("K",), "Previous item (Up works too)"),
    Shortcut("page", ("Space",), "Page down the reading pane, then go to the next item"),
    Shortcut("bookmark", ("Ctrl+B",), "Bookmark the item, or remove its bookmark"),
    Shortcut("highlight", ("Ctrl+H",), "Highlight the words selected in the reading pane"),
    Shortcut("tag", ("Ctrl+T",), "Add a tag to the item, or to every selected row"),
    Shortcut("focus_tree", ("Ctrl+1",), "Focus the tree"),
    Shortcut("focus_list", ("Ctrl+2",), "Focus the item list"),
    Shortcut("focus_reading", ("Ctrl+3",), "Focus the reading pane"),
    Shortcut("refresh", ("F5",), "Refresh counts and the list"),
    Shortcut("undo", ("Ctrl+Z",), "Undo"),
    Shortcut("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo"),
    Shortcut("import", ("Ctrl+I", "Ctrl+O"), "Import dumps"),
    Shortcut("help", ("F1",), "Show this list"),
    Shortcut("quit", ("Ctrl+Q",), "Quit"),
)
# Keys a view handles itself; listed in the dialog so the list is complete.
BUILT_IN: tuple[tuple[str, str], ...] = (
    ("Up / Down", "Move in the list or the tree"),
    ("Shift+Up / Shift+Down, Shift or Ctrl + click", "Select several rows in the list"),
    ("Tab, then Return", "In the reading pane: go to a highlight, then change or delete it"),
    ("Escape", "In the search box: clear it, then go back to the list"),
    ("Return", "In the search box: go to the results"),
)


def make_actions(parent: QWidget, handlers: Mapping[str, Callable[[], object]]) -> dict[str, QAction]:
    """One window-wide action per shortcut, calling ``handlers[name]``."""
    actions = {}
    for shortcut in SHORTCUTS:
        action = QAction(shortcut.text, parent)
        action.setShortcuts([QKeySequence(k) for k in shortcut.keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, h=handlers[shortcut.name]: h())
        parent.addAction(action)
        actions[shortcut.name] = action
    return actions


def rows() -> list[tuple[str, str]]:
    listed = [(" or ".join(_native(k) for k in s.keys), s.text) for s in SHORTCUTS]
    return listed + list(BUILT_IN)


def _native(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        entries = rows()
        self.table = QTableWidget(len(entries), 2, self)
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        for row, (keys, text) in enumerate(entries):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        rows_header = self.table.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        self.table.resizeColumnToContents(0)
        header.resizeSection(0, header.sectionSize(0) + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        height = rows_header.defaultSectionSize() * (len(entries) + 1) + 90
        self.resize(560, height)
