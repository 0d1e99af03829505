"""The reading pane: a QTextBrowser that shows ``reader.render`` HTML and never loads anything, with
a bookmark star in its corner; a highlight shows its comment on hover and asks to be edited on a click."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeySequence,
    QResizeEvent,
    QTextDocument,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QAbstractSlider, QFrame, QTextBrowser, QToolTip, QWidget

from reader.model import Highlight
from reader.render import highlight_id
from reader.ui.bookmarkbutton import BookmarkButton
from reader.ui.plaintext import tooltip

# A comfortable measure: lines of about 75 characters, as books and good readers keep them.
_MEASURE_CHARS = 75
_MIN_SIDE = 28


def reading_stylesheet(dark: bool) -> str:
    name = "reading-dark.qss" if dark else "reading-light.qss"
    return resources.files("reader.resources").joinpath(name).read_text(encoding="utf-8")


class ReadingPane(QTextBrowser):
    highlightRequested = Signal()  # Highlight… chosen in the context menu of selected words
    highlightClicked = Signal(int)  # a highlight drawn in the pane was clicked: its id
    savedPageRequested = Signal()  # Show the page as saved… chosen in the context menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._html = ""
        self._comments: dict[int, str] = {}
        self.bookmark = BookmarkButton(self)
        self.anchorClicked.connect(self._on_link)

    def set_bookmarked(self, bookmarked: bool | None) -> None:
        """Show whether the item shown is bookmarked; None (no item) hides the star."""
        self.bookmark.show_state(bookmarked)
        self._place_bookmark()

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """The highlights of the item shown, for their comments on hover."""
        self._comments = {h.id: h.note for h in highlights}

    def _on_link(self, url: QUrl) -> None:
        found = highlight_id(url.toString())
        if found is not None:
            self.highlightClicked.emit(found)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = highlight_id(self.anchorAt(event.pos()))
            if found in self._comments:
                # Shown as plain text whatever the comment holds (see plaintext.tooltip).
                comment = self._comments[found].strip() or self.tr("Click to edit or delete this highlight")
                QToolTip.showText(event.globalPos(), tooltip(comment), self.viewport())
                return True
            QToolTip.hideText()  # off the highlight whose comment was showing
        return super().viewportEvent(event)

    def set_stylesheet(self, css: str) -> None:
        self.document().setDefaultStyleSheet(css)
        if self._html:
            self.show_html(self._html, keep_position=True)

    def show_html(self, html: str, *, keep_position: bool = False) -> None:
        position = self.verticalScrollBar().value()
        self._html = html
        self.setHtml(html)
        self._fit_measure()
        self.verticalScrollBar().setValue(position if keep_position else 0)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # Dump text is escaped before it gets here; refusing every resource is the second wall,
        # so nothing named in a page can reach the network or the disk.
        return None

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.textCursor().hasSelection():
            menu.addSeparator()
            action = menu.addAction(self.tr("&Highlight…"))
            action.setShortcut(QKeySequence("Ctrl+H"))
            action.triggered.connect(self.highlightRequested.emit)
        menu.addSeparator()
        menu.addAction(self.tr("Show the page as &saved…")).triggered.connect(self.savedPageRequested.emit)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def selected_quote(self, context: int = 32) -> tuple[str, str, str] | None:
        """The selected words with up to ``context`` characters before and after them, as the
        pane shows them (paragraph breaks as blank lines); None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        text = self.toPlainText()
        start, end = cursor.selectionStart(), cursor.selectionEnd()

        def plain(s: str) -> str:
            return s.replace("\u2029", "\n\n").replace("\u2028", "\n")

        quote = plain(cursor.selectedText()).strip()
        return (quote, text[max(0, start - context) : start], text[end : end + context]) if quote else None

    def page_down(self) -> bool:
        """Scroll one page; False when the end was already showing."""
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum():
            return False
        self.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()
        self._place_bookmark()

    def _place_bookmark(self) -> None:
        # In the right margin of the text (never narrower than _MIN_SIDE), left of any scroll bar.
        area = self.viewport().geometry()
        self.bookmark.move(area.right() - self.bookmark.width() - 2, area.top() + 6)

    def _fit_measure(self) -> None:
        """Centre a column of text no wider than the measure, whatever the pane's width."""
        doc: QTextDocument = self.document()
        measure = _MEASURE_CHARS * self.fontMetrics().averageCharWidth()
        side = max(_MIN_SIDE, (self.viewport().width() - measure) // 2)
        frame = doc.rootFrame()
        fmt: QTextFrameFormat = frame.frameFormat()
        if fmt.leftMargin() == side and fmt.rightMargin() == side:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(20)
        fmt.setBottomMargin(32)
        frame.setFrameFormat(fmt)
