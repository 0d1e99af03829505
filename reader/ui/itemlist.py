"""The item list: a table model that holds only item ids and fetches display rows in batches for
the rows the view asks about, and the table view that shows it.

With a million items the model holds an ``array('q')`` of ids (8 MB) and a few thousand cached rows;
``data()`` never runs one query per cell.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from reader.model import ListRow, Sort, SortKey
from reader.ui.plaintext import tooltip

RowFetcher = Callable[[Sequence[int]], dict[int, ListRow]]
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """Columns of the item list, in display order."""

    BOOKMARK = 0
    DATE = 1
    TITLE = 2
    SOURCES = 3
    SEEN = 4
    NOTES = 5


SORT_KEYS = {
    Column.BOOKMARK: SortKey.BOOKMARKED,
    Column.DATE: SortKey.DATE,
    Column.TITLE: SortKey.TITLE,
    Column.SOURCES: SortKey.SOURCES,
    Column.SEEN: SortKey.SEEN,
    Column.NOTES: SortKey.ANNOTATED,
}
COLUMNS = {key: column for column, key in SORT_KEYS.items()}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemList", text)


def header_text(column: Column) -> str:
    return {
        Column.BOOKMARK: "★",
        Column.DATE: _tr("Date"),
        Column.TITLE: _tr("Title"),
        Column.SOURCES: _tr("Sources"),
        Column.SEEN: _tr("Seen"),
        Column.NOTES: "✎",
    }[column]


def header_tooltip(column: Column) -> str | None:
    return {
        Column.BOOKMARK: _tr("Bookmarked"),
        Column.DATE: _tr("Date (≈ when the year was inferred)"),
        Column.SEEN: _tr("How many times the item was seen"),
        Column.NOTES: _tr("Has a note or highlights"),
    }.get(column)


_STAR = QColor("#e0a100")
# Rows fetched around a missing one: most of a screen below it and a little above, in one query.
_BEFORE, _AFTER = 30, 120
_CACHE_ROWS = 4000


class ItemListModel(QAbstractTableModel):
    """Rows of items by id; display rows come from ``fetch_rows`` a batch at a time."""

    sortRequested = Signal(object)  # a browse.Sort

    def __init__(self, fetch_rows: RowFetcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._ids = array("q")
        self._cache: OrderedDict[int, ListRow | None] = OrderedDict()
        self._sort = Sort()

    # Contents.

    @property
    def ids(self) -> array[int]:
        return self._ids

    @property
    def current_sort(self) -> Sort:
        return self._sort

    def set_sort(self, sort: Sort) -> None:
        """Take ``sort`` as the order the ids are in, without asking for them again."""
        self._sort = sort

    def set_ids(self, ids: array[int]) -> None:
        self.beginResetModel()
        self._ids = array("q", ids)
        self._cache.clear()
        self.endResetModel()

    def extend_ids(self, ids: array[int]) -> None:
        """Show ``ids``, which usually start with the ids shown now: then only the rest is added."""
        n = len(self._ids)
        if len(ids) < n or ids[:n] != self._ids:
            self.set_ids(ids)
            return
        if len(ids) > n:
            self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
            self._ids.extend(ids[n:])
            self.endInsertRows()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: int) -> int:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    def refresh_rows(self, item_ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or those of ``item_ids``) so they are read again when shown."""
        if item_ids is None:
            self._cache.clear()
        else:
            for item_id in item_ids:
                self._cache.pop(item_id, None)
        if self._ids:
            last = self.index(len(self._ids) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def show_bookmark(self, item_id: int, on: bool) -> None:
        """Show a row's star as ``on`` before the store has it; the row's next read replaces it."""
        row = self._cache.get(item_id)
        if row is None:
            return  # not shown: its first read comes after the write, or shows it soon after
        self._cache[item_id] = replace(row, bookmarked=on)
        cell = self.index(self.row_of(item_id), Column.BOOKMARK)
        self.dataChanged.emit(cell, cell)

    def row_data(self, row: int) -> ListRow | None:
        item_id = self.id_at(row)
        if item_id is None:
            return None
        if item_id not in self._cache:
            self._fill_around(row)
        self._cache.move_to_end(item_id)
        return self._cache[item_id]

    def _fill_around(self, row: int) -> None:
        window = self._ids[max(0, row - _BEFORE) : row + _AFTER]
        wanted = [i for i in window if i not in self._cache]
        found = self._fetch_rows(wanted)
        for item_id in wanted:
            self._cache[item_id] = found.get(item_id)
        while len(self._cache) > _CACHE_ROWS:
            self._cache.popitem(last=False)

    # QAbstractItemModel.

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in _ROLES:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        row = self.row_data(index.row())
        if row is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole and column is Column.TITLE else None
        return _ROLES[role](row, column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header_text(Column(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tooltip(Column(section))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        wanted = Sort(SORT_KEYS[Column(column)], order == Qt.SortOrder.DescendingOrder)
        if wanted != self._sort:
            self._sort = wanted
            self.sortRequested.emit(wanted)


def _display(row: ListRow, column: Column) -> str | None:
    if column is Column.BOOKMARK:
        return "★" if row.bookmarked else ""
    if column is Column.DATE:
        if row.date is None:
            return ""
        return ("≈ " if row.inferred else "") + row.date.isoformat()
    if column is Column.TITLE:
        return row.heading
    if column is Column.SOURCES:
        return ", ".join(row.sources)
    if column is Column.SEEN:
        return QLocale().toString(row.seen)
    return "✎" if row.annotated else ""


def _tooltip(row: ListRow, column: Column) -> str | None:
    if column is Column.DATE and row.inferred:
        return _tr("The year of this date was inferred from a nearby item")
    if column is Column.TITLE:
        return tooltip(row.heading)
    if column is Column.SEEN:
        return QCoreApplication.translate("ItemList", "Seen %Ln time(s)", "", row.seen)
    if column is Column.NOTES and row.annotated:
        return _tr("Has a note or highlights")
    return None


def _foreground(row: ListRow, column: Column) -> QColor | None:
    return _STAR if column is Column.BOOKMARK and row.bookmarked else None


def _font(row: ListRow, column: Column) -> QFont | None:
    if column is Column.DATE and row.inferred:
        font = QFont()
        font.setItalic(True)
        return font
    return None


def _alignment(column: Column) -> int:
    if column in (Column.BOOKMARK, Column.NOTES):
        return int(Qt.AlignmentFlag.AlignCenter)
    if column is Column.SEEN:
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


_ROLES: dict[int, Callable[[ListRow, Column], object]] = {
    Qt.ItemDataRole.DisplayRole: _display,
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.ForegroundRole: _foreground,
    Qt.ItemDataRole.FontRole: _font,
    Qt.ItemDataRole.TextAlignmentRole: lambda row, column: _alignment(column),
}


class ItemList(QTableView):
    """The table of items: one row per item, fixed row heights. The current row is the item shown;
    more rows can be selected (Shift, Ctrl) to mark them at once."""

    currentItemChanged = Signal(object)  # int | None
    bookmarkClicked = Signal(int)  # the star cell of this item's row was clicked

    def __init__(self, model: ItemListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName("itemList")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._setup_headers()
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self.clicked.connect(self._on_clicked)
        self._last_id: int | None = None

    def _setup_headers(self) -> None:
        rows = self.verticalHeader()
        rows.setVisible(False)
        # Fixed heights let the view place a million rows without measuring any of them.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        width = self.fontMetrics().horizontalAdvance
        header.setMinimumSectionSize(width("★") + 14)
        for column, text in (
            (Column.BOOKMARK, "★"),
            (Column.DATE, "≈ 0000-00-00"),
            (Column.SOURCES, "Sources…"),
            (Column.SEEN, "Seen"),
            (Column.NOTES, "✎"),
        ):
            header.resizeSection(column, width(text) + 22)
        self.setSortingEnabled(True)
        header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)

    def item_model(self) -> ItemListModel:
        return self.model()  # type: ignore[return-value]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.item_model().id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """The items of the selected rows in list order, read from the selection's ranges (a
        million selected rows are a few ranges); the current item alone when none is selected."""
        ids = self.item_model().ids
        ranges = sorted((r.top(), r.bottom()) for r in self.selectionModel().selection().toList())
        chosen = dict.fromkeys(i for top, bottom in ranges for i in ids[top : bottom + 1])
        current = self.current_id()
        return list(chosen) if chosen else [current] if current is not None else []

    def select_id(self, item_id: int | None) -> bool:
        row = -1 if item_id is None else self.item_model().row_of(item_id)
        if row < 0:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        index = self.model().index(row, Column.TITLE)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def move_by(self, delta: int) -> bool:
        """Select the row ``delta`` rows away; False at either end."""
        count = self.model().rowCount()
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        row = 0 if current < 0 and delta > 0 else current + delta
        if not 0 <= row < count:
            return False
        self.select_row(row)
        return True

    def forget_current(self) -> None:
        """Say that no item is selected (after the list emptied under the selection)."""
        if self._last_id is not None:
            self._last_id = None
            self.currentItemChanged.emit(None)

    def _on_clicked(self, index: QModelIndex) -> None:
        item_id = self.item_model().id_at(index.row())
        if index.column() == Column.BOOKMARK and item_id is not None:
            self.bookmarkClicked.emit(item_id)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = self.item_model().id_at(current.row()) if current.isValid() else None
        if item_id != self._last_id:
            self._last_id = item_id
            self.currentItemChanged.emit(item_id)
