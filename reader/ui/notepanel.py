"""The note under the reading pane: plain text, saved as the user types (after a pause) and when
they leave the item, so nothing typed is lost and there is nothing to save."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

SAVE_AFTER_MS = 600


class NotePanel(QWidget):
    """Says ``edited(item_id, old, new)`` for each pause in typing and on leaving the item."""

    edited = Signal(int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notePanel")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("note")
        self.editor.setPlaceholderText(self.tr("Write a note about this item…"))
        self.editor.setTabChangesFocus(True)
        self.label = QLabel(self.tr("&Note"))
        self.label.setBuddy(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        self._item: int | None = None
        self._saved = ""
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._typed)
        self.show_note(None, "")

    def show_note(self, item_id: int | None, text: str) -> None:
        """Show another item's note; what was typed for the previous one is saved first."""
        if item_id == self._item and item_id is not None:
            if self.editor.toPlainText() != self._saved or text == self._saved:
                return  # typing goes on, or our own save came back: keep the text and the cursor
            self._saved = text  # changed elsewhere (an undo): show it
            self._set_text(text)
            return
        self.flush()
        self._item, self._saved = item_id, text
        self._set_text(text)
        self.setEnabled(item_id is not None)

    def _set_text(self, text: str) -> None:
        blocked = self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(blocked)

    def flush(self) -> None:
        """Save now what was typed since the last save."""
        self._timer.stop()
        text = self.editor.toPlainText()
        if self._item is not None and text != self._saved:
            old, self._saved = self._saved, text
            self.edited.emit(self._item, old, text)

    def _typed(self) -> None:
        self._timer.start()
