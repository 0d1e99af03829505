"""An item too long to show at once (one paragraph of megabytes) is shown in part, with a link
that shows the next part, so the reading pane's document stays small and the window responsive."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor

from reader.model import ItemDetail
from reader.render import MORE_URL, SHOWN_CHARS, render_item
from reader.store.sqlitestore import SqliteStore
from reader.ui.mainwindow import MainWindow
from reader.ui.readingpane import ReadingPane

# No sentence ends: the importer's sentence keys of one paragraph of thousands of sentences take
# minutes to compute, which is not what this test is about.
WORDS = "the delegation discussed water energy and transport with the ministry of the province"


def long_dump(path: Path, chars: int) -> Path:
    """A dated dump of one paragraph of about ``chars`` characters, hard-wrapped as dumps are (a
    line of megabytes is refused), which the importer joins again."""
    lines = "\n".join([WORDS] * (chars // (len(WORDS) + 1) + 1))
    path.write_text(f"12 March 2024\nA very long report\n{lines}\n", encoding="utf-8")
    return path


def more_link(pane: ReadingPane) -> QTextCursor | None:
    """A cursor inside the "show more" link of the pane, or None when it has none."""
    block = pane.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == MORE_URL:
                cursor = QTextCursor(pane.document())
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                return cursor
            it += 1
        block = block.next()
    return None


def click(qtbot, pane: ReadingPane, cursor: QTextCursor) -> None:
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
    rect = pane.cursorRect(cursor)
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_long_text_renders_its_first_part_and_a_link():
    body = "x" * (SHOWN_CHARS * 3)
    item = ItemDetail(1, None, body, None, None, None)
    html = render_item(item)
    assert len(html) < SHOWN_CHARS + 2000
    assert f"href='{MORE_URL}'" in html and "100,000 of 300,000 characters shown" in html
    assert MORE_URL not in render_item(item, shown=len(body))


@pytest.mark.gui
def test_a_paragraph_of_megabytes_is_shown_in_parts(qtbot, tmp_path: Path):
    size = 2 * 2**20
    with SqliteStore.open(tmp_path / "store.db") as store:
        (result,) = store.import_paths([long_dump(tmp_path / "long.txt", size)], "News")
        assert result.items_new == 1
        window = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: not window.jobs.busy and window.list.model().rowCount() == 1, timeout=20000)
        window.list.move_by(1)
        qtbot.waitUntil(lambda: window.detail is not None)
        assert window.detail is not None
        assert max(len(p) for p in window.detail.body.split("\n\n")) > size  # one paragraph
        pane = window.pane
        shown = pane.document().characterCount()
        assert SHOWN_CHARS < shown < SHOWN_CHARS + 3000  # the first part, the heading and "Seen in"

        link = more_link(pane)
        assert link is not None
        click(qtbot, pane, link)
        qtbot.waitUntil(lambda: pane.document().characterCount() > shown + SHOWN_CHARS // 2)
        assert pane.document().characterCount() < 2 * SHOWN_CHARS + 3000
        assert pane.verticalScrollBar().value() > 0  # the reader stays where the text went on

        window.jobs.shutdown()
