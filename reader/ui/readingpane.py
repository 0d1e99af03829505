"""The reading pane: a QTextBrowser that shows ``reader.render`` HTML and never loads anything."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QKeySequence, QResizeEvent, QTextDocument, QTextFrameFormat
from PySide6.QtWidgets import QAbstractSlider, QFrame, QTextBrowser, QWidget

# A comfortable measure: lines of about 75 characters, as books and good readers keep them.
_MEASURE_CHARS = 75
_MIN_SIDE = 28


def reading_stylesheet(dark: bool) -> str:
    name = "reading-dark.qss" if dark else "reading-light.qss"
    return resources.files("reader.resources").joinpath(name).read_text(encoding="utf-8")


class ReadingPane(QTextBrowser):
    highlightRequested = Signal()  # Highlight… chosen in the context menu of selected words

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingPane")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._html = ""

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
