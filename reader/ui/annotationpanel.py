"""The annotations panel: the notes and highlights of the item shown or of the whole store,
filtered by text, tag and colour; choosing one goes to its item. Orphans (highlights whose words
are gone from the text) are listed with their quote and comment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.model import HIGHLIGHT_COLORS, Annotation, AnnotationFilter
from reader.storage import Store
from reader.ui.highlightdialog import colour_name
from reader.ui.plaintext import tooltip


class AnnotationPanel(QWidget):
    itemChosen = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self._store = store
        self._item: int | None = None
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
        self.list = QTreeWidget()
        self.list.setObjectName("annotations")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Item"), self.tr("Mark"), self.tr("Text")])
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
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
        self.text.textChanged.connect(lambda _t: self.reload())
        self._fill_tags()

    def show_item(self, item_id: int | None) -> None:
        self._item = item_id
        if self.scope.currentData() == "item":
            self.reload()

    def reload(self) -> None:
        """Read the list again (after a mark changed, or a filter)."""
        if not self.isVisible():
            return
        self._fill_tags()
        whole = self.scope.currentData() == "all"
        self.list.clear()
        if not whole and self._item is None:
            return
        flt = AnnotationFilter(
            item_id=None if whole else self._item,
            text=self.text.text().strip(),
            tag=self.tag.currentData(),
            color=self.color.currentData(),
        )
        for annotation in self._store.annotations(flt):
            self.list.addTopLevelItem(self._row(annotation))
        self.list.resizeColumnToContents(1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _row(self, a: Annotation) -> QTreeWidgetItem:
        if a.highlight is not None:
            h = a.highlight
            mark = colour_name(h.color, self) + (self.tr(", words gone") if a.orphan else "")
            text = f"“{h.quote}”" + (f" — {h.note}" if h.note else "")
        else:
            mark, text = self.tr("Note"), a.note or ""
        row = QTreeWidgetItem([a.heading, mark, " ".join(text.split())])
        row.setData(0, Qt.ItemDataRole.UserRole, a.item_id)
        row.setToolTip(2, tooltip(text))
        return row

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

    def _chosen(self, row: QTreeWidgetItem) -> None:
        self.itemChosen.emit(int(row.data(0, Qt.ItemDataRole.UserRole)))
