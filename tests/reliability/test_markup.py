"""Dump text that looks like HTML is shown and exported as those characters, never as markup."""

from __future__ import annotations

import csv
import io
from array import array
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QToolTip

from reader.export import as_markdown, write_csv
from reader.model import ItemDetail, ListRow
from reader.ui.itemlist import Column, ItemList, ItemListModel
from reader.ui.plaintext import tooltip

IMG = '<img src="/x.png" width=300> Ministers meet & talk'


class Resources(QTextDocument):
    """A document that records every image or style sheet it is asked to load."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> object:
        self.asked.append(name.toString())
        return super().loadResource(kind, name)


def rendered(rich: str) -> Resources:
    document = Resources()
    document.setHtml(rich)
    document.setTextWidth(400)
    document.size()  # lay it out, which is when images are loaded
    return document


def row(title: str) -> ListRow:
    return ListRow(1, title, "", date(2024, 3, 12), False, ("Web",), 1, False, False)


@pytest.mark.gui
def test_hovering_a_title_that_looks_like_an_image_shows_the_characters(qtbot, tmp_path: Path):
    image = tmp_path / "x.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    title = IMG.replace("/x.png", str(image))
    model = ItemListModel(lambda ids: {i: row(title) for i in ids})
    model.set_ids(array("q", [1]))
    view = ItemList(model)
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    qtbot.waitExposed(view)

    cell = view.visualRect(model.index(0, Column.TITLE)).center()
    hover = QHelpEvent(QEvent.Type.ToolTip, cell, view.viewport().mapToGlobal(cell))
    view.viewportEvent(hover)
    shown = QToolTip.text()
    QToolTip.hideText()

    assert shown == model.data(model.index(0, Column.TITLE), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in shown and "&lt;img src=" in shown
    document = rendered(shown)
    assert document.toPlainText() == title
    assert document.asked == []  # the image file is never opened


@pytest.mark.gui
def test_every_tooltip_of_a_title_renders_literally():
    for title in ("<script>alert(1)</script>", "&amp; stays", "<b>bold</b>", "a\u202eb"):
        model = ItemListModel(lambda ids, title=title: {i: row(title) for i in ids})
        model.set_ids(array("q", [1]))
        tip = model.data(model.index(0, Column.TITLE), Qt.ItemDataRole.ToolTipRole)
        assert rendered(tip).toPlainText() == title


def item(title: str | None, body: str, note: str = "") -> ItemDetail:
    return ItemDetail(1, title, body, None, None, None, sources=["Web"], note=note, tags=["<b>"])


def test_markdown_escapes_markup():
    text = as_markdown(item(IMG, 'Run <script>alert("x")</script> &amp; more', note="<i>mine</i>"))
    assert "<img" not in text and "<script>" not in text and "<i>" not in text and "<b>" not in text
    assert '## &lt;img src="/x.png" width=300&gt; Ministers meet &amp; talk' in text
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp;amp; more' in text
    assert "**Note:** &lt;i&gt;mine&lt;/i&gt;" in text


def test_csv_cells_a_spreadsheet_would_run_are_text():
    formulas = ['=HYPERLINK("http://x")', "+1+2", "-3+4", "@SUM(A1)", "\tTab", "\rReturn"]
    out = io.StringIO(newline="")
    write_csv([item(f, f"{f} body") for f in formulas] + [item("Плain Кириллица", "2+2")], out)
    text = out.getvalue()
    assert text.startswith("\ufeff")  # Excel reads UTF-8, and so Cyrillic, only after a BOM
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert [r["title"] for r in rows] == [f"'{f}" for f in formulas] + ["Плain Кириллица"]
    assert all(r["text"].startswith("'") for r in rows[:-1])
    assert rows[-1]["text"] == "2+2"


def test_a_short_tooltip_stays_on_one_line_and_a_long_one_wraps():
    assert "white-space:pre" in tooltip("The council's own wording")
    assert "white-space:pre" not in tooltip("word " * 40)
    assert "white-space:pre" not in tooltip("two\nlines")
