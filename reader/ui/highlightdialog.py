"""Asking for a highlight's colour and comment."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from reader.model import HIGHLIGHT_COLORS


def colour_name(color: str, parent: QWidget) -> str:
    return {
        "yellow": parent.tr("Yellow"),
        "green": parent.tr("Green"),
        "blue": parent.tr("Blue"),
        "pink": parent.tr("Pink"),
    }.get(color, color)


class HighlightDialog(QDialog):
    def __init__(self, quote: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Highlight"))
        shown = quote if len(quote) <= 120 else quote[:117] + "…"
        self.quote = QLabel(f"“{shown}”")
        self.quote.setTextFormat(self.quote.textFormat().PlainText)
        self.quote.setWordWrap(True)
        self.color = QComboBox()
        for color in HIGHLIGHT_COLORS:
            self.color.addItem(colour_name(color, self), color)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Optional"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.quote)
        form.addRow(self.tr("&Colour:"), self.color)
        form.addRow(self.tr("C&omment:"), self.comment)
        form.addRow(buttons)


def ask_highlight(parent: QWidget, quote: str) -> tuple[str, str] | None:
    """The colour and comment for a new highlight of ``quote``; None when the user cancels."""
    dialog = HighlightDialog(quote, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return str(dialog.color.currentData()), dialog.comment.text().strip()
