"""The timeline strip: items per month as small bars over the current selection; a click on a bar
asks for that month."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.model import MonthCount

Month = tuple[int, int]
_LABEL_HEIGHT = 14
_PAD = 6
_MAX_BAR = 14.0


def month_range(counts: Sequence[MonthCount]) -> list[tuple[Month, int]]:
    """Every month from the first to the last with items, those without items at zero."""
    if not counts:
        return []
    given = {(c.year, c.month): c.items for c in counts}
    (y, m), last = min(given), max(given)
    out = []
    while (y, m) <= last:
        out.append(((y, m), given.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_tooltip(month: Month, count: int) -> str:
    """ "November 2023: 12 items", in the user's language."""
    name = QLocale().toString(QDate(month[0], month[1], 1), "MMMM yyyy")
    return QCoreApplication.translate("Timeline", "%1: %Ln item(s)", "", count).replace("%1", name)


class Timeline(QWidget):
    monthClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._months: list[tuple[Month, int]] = []
        self._selected: Month | None = None

    def set_counts(self, counts: Sequence[MonthCount]) -> None:
        self._months = month_range(counts)
        self.update()

    def set_selected(self, month: Month | None) -> None:
        self._selected = month
        self.update()

    @property
    def months(self) -> list[tuple[Month, int]]:
        return list(self._months)

    def sizeHint(self) -> QSize:
        return QSize(240, 58)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, 58)

    def bar_rect(self, i: int) -> QRectF:
        """The cell of the i-th month; a few months stay narrow bars in the middle, not slabs."""
        span = self.width() - 2 * _PAD
        width = min(_MAX_BAR, span / max(1, len(self._months)))
        left = _PAD + (span - width * len(self._months)) / 2
        top, bottom = _PAD, self.height() - _LABEL_HEIGHT
        return QRectF(left + i * width, top, width, bottom - top)

    def month_at(self, point: QPoint) -> Month | None:
        for i, (month, _) in enumerate(self._months):
            if self.bar_rect(i).contains(point.x(), min(point.y(), self.height() - _LABEL_HEIGHT - 1)):
                return month
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        if not self._months:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No dated items")
            return
        top = max(n for _, n in self._months) or 1
        bar = palette.color(QPalette.ColorRole.Highlight)
        dim = QColor(bar)
        dim.setAlphaF(0.45)
        for i, (month, n) in enumerate(self._months):
            cell = self.bar_rect(i)
            h = 0 if n == 0 else max(2.0, cell.height() * n / top)
            gap = 1.0 if cell.width() > 3 else 0.0
            rect = QRectF(cell.left() + gap / 2, cell.bottom() - h, max(1.0, cell.width() - gap), h)
            painter.fillRect(rect, bar if self._selected in (None, month) else dim)
        self._paint_years(painter)

    def _paint_years(self, painter: QPainter) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        label_width = painter.fontMetrics().horizontalAdvance("0000") + 6
        next_free = 0.0
        for i, ((year, month), _) in enumerate(self._months):
            left = self.bar_rect(i).left()
            if (month == 1 or i == 0) and left >= next_free:
                painter.drawText(
                    QRectF(left, self.height() - _LABEL_HEIGHT, label_width, _LABEL_HEIGHT),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    str(year),
                )
                next_free = left + label_width

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        month = self.month_at(event.position().toPoint())
        count = dict(self._months).get(month, 0) if month else 0
        if month is None:
            QToolTip.hideText()
            return
        text = month_tooltip(month, count)
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        month = self.month_at(event.position().toPoint())
        if month is not None:
            self.monthClicked.emit(*month)
