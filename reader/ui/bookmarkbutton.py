"""The star in the corner of the reading pane: shows whether the item is bookmarked and, clicked, asks
for the bookmark to be set or taken off (the window does it, undoably, as for Ctrl+B)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget

# Grey that reads on light and dark panes alike; a bookmark is the gold of the item list's star.
_STYLE = """
QToolButton#bookmarkButton { border: none; background: transparent; font-size: 15pt; color: #8c959f; }
QToolButton#bookmarkButton:checked, QToolButton#bookmarkButton:hover { color: #e0a100; }
"""


class BookmarkButton(QToolButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarkButton")
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setStyleSheet(_STYLE)
        self.show_state(None)

    def show_state(self, bookmarked: bool | None) -> None:
        """Show the bookmark of the item in the pane; None hides the star (no item shown)."""
        self.setVisible(bookmarked is not None)
        on = bool(bookmarked)
        self.setChecked(on)
        self.setText("★" if on else "☆")
        keys = QKeySequence("Ctrl+B").toString(QKeySequence.SequenceFormat.NativeText)
        self.setToolTip(
            (self.tr("Remove bookmark (%1)") if on else self.tr("Bookmark (%1)")).replace("%1", keys)
        )
        self.setAccessibleName(self.tr("Bookmarked") if on else self.tr("Bookmark"))
        self.adjustSize()
