"""The annotations panel: the notes and highlights of the item shown or of the whole store,
filtered by text, tag and colour; choosing one goes to its item. Orphans (highlights whose words
are gone from the text) are listed with their quote and comment.

The marks of a scope, tag and colour are read by a background job, so a store of a hundred
thousand marks never holds the window; typing in the filter narrows the list already read,
after a short pause, without reading the store again. The list is a model, so its rows cost
nothing until they are shown.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.model import HIGHLIGHT_COLORS, Annotation, AnnotationFilter
from reader.storage import Store
from reader.ui.highlightdialog import colour_name
from reader.ui.plaintext import tooltip
from reader.ui.workers import Jobs, Report, Ticket

_ITEM, _MARK, _TEXT = range(3)
# Typing in the filter narrows the list once the keys have paused this long.
TYPING_PAUSE_MS = 150

AnyIndex = QModelIndex | QPersistentModelIndex


class AnnotationModel(QAbstractTableModel):
    """The annotations listed: the item, the mark (a note, or a highlight's colour) and its text."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__(panel)
        self._panel = panel
        self.rows: list[Annotation] = []
        self._headers = [panel.tr("Item"), panel.tr("Mark"), panel.tr("Text")]

    def show(self, rows: list[Annotation]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return a.item_id
        if role == Qt.ItemDataRole.DisplayRole:
            return (a.heading, self.mark(a), " ".join(self.text(a).split()))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == _TEXT:
            return tooltip(self.text(a))
        return None

    def mark(self, a: Annotation) -> str:
        if a.highlight is None:
            return self._panel.tr("Note")
        return colour_name(a.highlight.color, self._panel) + (
            self._panel.tr(", words gone") if a.orphan else ""
        )

    @staticmethod
    def text(a: Annotation) -> str:
        if a.highlight is None:
            return a.note or ""
        return f"“{a.highlight.quote}”" + (f" — {a.highlight.note}" if a.highlight.note else "")


class AnnotationPanel(QWidget):
    itemChosen = Signal(int)

    def __init__(self, store: Store, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self._store, self._jobs = store, jobs
        self._item: int | None = None
        # The marks of the scope, tag and colour, whatever their text, each with the text a filter
        # looks in, folded once.
        self._read: list[tuple[Annotation, str]] = []
        self._reading: Ticket | None = None
        self.scope = QComboBox()
        self.scope.addItem(self.tr("This item"), "item")
        self.scope.addItem(self.tr("All items"), "all")
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Filter notes and highlights"))
        self.text.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.color = QComboBox()
        self.color.addItem(self.tr("Any colour"), None)
        for color in HIGHLIGHT_COLORS:
            self.color.addItem(colour_name(color, self), color)
        self.model = AnnotationModel(self)
        self.list = QTreeView()
        self.list.setObjectName("annotations")
        self.list.setModel(self.model)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.header().setSectionResizeMode(_TEXT, QHeaderView.ResizeMode.Stretch)
        # As wide as the widest mark can be, measured once: measuring the rows would visit each.
        marks = [self.tr("Note"), *(colour_name(c, self) + self.tr(", words gone") for c in HIGHLIGHT_COLORS)]
        margin = 3 * self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
        self.list.setColumnWidth(_MARK, max(map(self.fontMetrics().horizontalAdvance, marks)) + margin)
        self.list.activated.connect(self._chosen)
        self.list.clicked.connect(self._chosen)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._narrow)
        top = QHBoxLayout()
        for widget in (self.scope, self.tag, self.color):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.list, 1)
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        self.tag.currentIndexChanged.connect(lambda _i: self.reload())
        self.color.currentIndexChanged.connect(lambda _i: self.reload())
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self._fill_tags()

    @property
    def reading(self) -> bool:
        """Whether the marks are being read from the store."""
        return self._reading is not None

    def show_item(self, item_id: int | None) -> None:
        self._item = item_id
        if self.scope.currentData() == "item":
            self.reload()

    def reload(self) -> None:
        """Read the marks again in the background (after a mark changed, or a filter); a read
        still running is dropped."""
        if not self.isVisible():
            return
        self._fill_tags()
        if self._reading is not None:
            self._reading.cancel()
            self._reading = None
        whole = self.scope.currentData() == "all"
        if not whole and self._item is None:
            self._shown([])
            return
        flt = AnnotationFilter(
            item_id=None if whole else self._item, tag=self.tag.currentData(), color=self.color.currentData()
        )

        def job(store: Store, _report: Report) -> list[Annotation]:
            return store.annotations(flt)

        self._reading = self._jobs.submit(job, self._shown, failed=self._failed)

    def _shown(self, annotations: list[Annotation]) -> None:
        self._reading = None
        self._read = [(a, a.searched()) for a in annotations]
        self._narrow()

    def _failed(self, _message: str) -> None:
        self._reading = None

    def _narrow(self) -> None:
        """Show the marks read that hold the filter's text."""
        self._typing.stop()
        wanted = self.text.text().strip().casefold()
        self.model.show([a for a, searched in self._read if not wanted or wanted in searched])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _fill_tags(self) -> None:
        current = self.tag.currentData()
        names = self._store.tag_names()
        blocked = self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("Any tag"), None)
        for name in names:
            self.tag.addItem(name, name)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)) if current in names else 0)
        self.tag.blockSignals(blocked)

    def _chosen(self, index: QModelIndex) -> None:
        self.itemChosen.emit(int(index.data(Qt.ItemDataRole.UserRole)))
