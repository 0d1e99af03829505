"""Dump text in places where Qt would guess at markup: tooltips and labels.

Qt shows a tooltip, or a label left at ``Qt.AutoText``, as rich text when it merely looks like HTML
(``Qt::mightBeRichText``), so an item starting ``<img src="/x.png">`` would load that image on hover.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

_ONE_LINE = 80  # characters a tooltip keeps on one line


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: rich text by declaration, with everything escaped.

    Escaping alone would not do: text without tags is shown as plain text, entities and all. Qt
    word-wraps rich tooltips at a width of its own choosing, which breaks even a few words in two,
    so a short one-line text is kept on one line and only longer ones wrap.
    """
    if len(text) <= _ONE_LINE and "\n" not in text:
        return f"<p style='white-space:pre'>{html.escape(text)}</p>"
    return f"<qt>{html.escape(text)}</qt>"


def plain(label: QLabel) -> QLabel:
    """``label`` set to show its text as plain text whatever it holds."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
