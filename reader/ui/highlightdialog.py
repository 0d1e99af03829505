"""Asking for a highlight's colour and comment, and, for one already made, whether to delete it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from reader.model import HIGHLIGHT_COLORS, Highlight


def colour_name(color: str, parent: QWidget) -> str:
    return {
        "yellow": parent.tr("Yellow"),
        "green": parent.tr("Green"),
        "blue": parent.tr("Blue"),
        "pink": parent.tr("Pink"),
    }.get(color, color)


@dataclass(frozen=True, slots=True)
class HighlightEdit:
    """What the user chose for a highlight: its colour and comment, or to delete it."""

    color: str
    note: str
    delete: bool = False


class HighlightDialog(QDialog):
    """A new highlight of ``quote``, or with ``editing`` that highlight's colour and comment to change
    and a Delete button."""

    def __init__(self, quote: str, parent: QWidget | None = None, editing: Highlight | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit highlight") if editing else self.tr("Highlight"))
        shown = quote if len(quote) <= 120 else quote[:117] + "…"
        self.quote = QLabel(f"“{shown}”")
        self.quote.setTextFormat(self.quote.textFormat().PlainText)
        self.quote.setWordWrap(True)
        self.color = QComboBox()
        for color in HIGHLIGHT_COLORS:
            self.color.addItem(colour_name(color, self), color)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Optional"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.delete: QPushButton | None = None
        self._deleting = False
        if editing is not None:
            self.color.setCurrentIndex(max(0, self.color.findData(editing.color)))
            self.comment.setText(editing.note)
            self.delete = self.buttons.addButton(
                self.tr("&Delete highlight"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.delete.clicked.connect(self._delete)
        form = QFormLayout(self)
        form.addRow(self.quote)
        form.addRow(self.tr("&Colour:"), self.color)
        form.addRow(self.tr("C&omment:"), self.comment)
        form.addRow(self.buttons)

    def _delete(self) -> None:
        self._deleting = True
        self.accept()

    def chosen(self) -> HighlightEdit:
        """What the user chose, once the dialog was accepted."""
        return HighlightEdit(str(self.color.currentData()), self.comment.text().strip(), self._deleting)


def ask_highlight(parent: QWidget, quote: str) -> tuple[str, str] | None:
    """The colour and comment for a new highlight of ``quote``; None when the user cancels."""
    dialog = HighlightDialog(quote, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return str(dialog.color.currentData()), dialog.comment.text().strip()


def ask_highlight_edit(parent: QWidget, highlight: Highlight) -> HighlightEdit | None:
    """A new colour and comment for ``highlight``, or to delete it; None when the user cancels."""
    dialog = HighlightDialog(highlight.quote, parent, editing=highlight)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
