"""The tree on the left: All items, Last import, Bookmarked, Annotated, Tags, Sources (year > month >
day), Dates and Undated, each with its item count. A thin model over ``model.TreeNode`` values, which carry
kinds, periods and names; the labels are made here, in the user's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from reader.model import Filter, Kind, TreeNode
from reader.ui.plaintext import tooltip

AnyIndex = QModelIndex | QPersistentModelIndex
LABEL, COUNT = 0, 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("SourceTree", text)


def node_label(node: TreeNode) -> str:
    """What the tree shows for ``node``: a name, a period, or the word for its kind."""
    period = node.filter.period
    if period:
        return period_label(period)
    if node.name is not None:
        return node.name
    return {
        Kind.ALL: _tr("All items"),
        Kind.LAST_IMPORT: _tr("Last import"),
        Kind.BOOKMARKED: _tr("Bookmarked"),
        Kind.ANNOTATED: _tr("Annotated"),
        Kind.TAGS: _tr("Tags"),
        Kind.SOURCES: _tr("Sources"),
        Kind.DATES: _tr("Dates"),
        Kind.UNDATED: _tr("Undated"),
    }.get(node.kind, node.kind.value)


def period_label(period: str) -> str:
    """A year as it is, a month by its name, a day as "23 Nov, Thu" in the user's locale."""
    locale = QLocale()
    try:
        if len(period) == 4:
            return period
        if len(period) == 7:
            return locale.standaloneMonthName(int(period[5:7]))
        day = date.fromisoformat(period)
    except ValueError:
        return period
    return locale.toString(QDate(day.year, day.month, day.day), "d MMM, ddd")


def merged_nodes(old: Sequence[TreeNode], new: Sequence[TreeNode], *, some_sources: bool) -> list[TreeNode]:
    """The top-level nodes ``old`` with those of ``new`` in their place. With ``some_sources``, the
    Sources node of ``new`` holds only some sources: they replace their namesakes (or join, in name
    order) and the other sources keep the counts they had."""
    fresh = {node.kind: node for node in new}
    out = []
    for node in old:
        update = fresh.pop(node.kind, None)
        if update is None:
            out.append(node)
        elif update.kind is Kind.SOURCES and some_sources:
            out.append(_merged_sources(node, update))
        else:
            out.append(update)
    return out + list(fresh.values())


def _merged_sources(old: TreeNode, new: TreeNode) -> TreeNode:
    by_key = {child.filter.key: child for child in old.children}
    by_key.update({child.filter.key: child for child in new.children})
    children = sorted(by_key.values(), key=lambda n: ((n.name or "").casefold(), n.filter.key))
    return replace(new, children=tuple(children))


@dataclass(eq=False)
class _Entry:
    """A node where the view can point at it. The entries of a node's children are made when the
    view first asks for them: a store of many years has tens of thousands of day nodes, and wrapping
    them all on the GUI thread took a fifth of a second at every count refresh."""

    node: TreeNode
    parent: _Entry | None
    row: int
    _children: list[_Entry] | None = None

    @property
    def children(self) -> list[_Entry]:
        if self._children is None:
            self._children = [_Entry(child, self, n) for n, child in enumerate(self.node.children)]
        return self._children


class SourceTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots: list[_Entry] = []
        self._found: dict[str, _Entry | None] = {}

    def nodes(self) -> list[TreeNode]:
        return [entry.node for entry in self._roots]

    def set_nodes(self, nodes: Sequence[TreeNode]) -> None:
        self.beginResetModel()
        self._found = {}
        self._roots = [_Entry(node, None, row) for row, node in enumerate(nodes)]
        self.endResetModel()

    def _find(self, key: str) -> _Entry | None:
        """The first node of ``key`` in display order, opening only the periods that can hold it."""
        if key in self._found:
            return self._found[key]
        target = Filter.from_key(key)
        stack = list(reversed(self._roots))
        found = None
        while stack:
            entry = stack.pop()
            flt = entry.node.filter
            if flt.key == key:
                found = entry
                break
            if flt.period and not (
                target.period
                and target.period.startswith(flt.period)
                and (flt.kind, flt.ident) == (target.kind, target.ident)
            ):
                continue  # a year or month that cannot hold the period looked for
            stack.extend(reversed(entry.children))
        self._found[key] = found
        return found

    def index_for_key(self, key: str) -> QModelIndex:
        entry = self._find(key)
        return self.createIndex(entry.row, 0, entry) if entry is not None else QModelIndex()

    def node_at(self, index: AnyIndex) -> TreeNode | None:
        entry = self._entry(index)
        return entry.node if entry is not None else None

    def total(self) -> int | None:
        """The count of "All items", once the tree has been loaded."""
        return self._roots[0].node.count if self._roots else None

    def _entry(self, index: AnyIndex) -> _Entry | None:
        entry: _Entry | None = index.internalPointer() if index.isValid() else None
        return entry

    def _children(self, parent: AnyIndex) -> list[_Entry]:
        entry = self._entry(parent)
        return self._roots if entry is None else entry.children

    # QAbstractItemModel.

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < 2):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        entry = self._entry(index)
        if entry is None or entry.parent is None:
            return QModelIndex()
        return self.createIndex(entry.parent.row, 0, entry.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self._entry(index)
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return node_label(entry.node) if index.column() == LABEL else QLocale().toString(entry.node.count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = QCoreApplication.translate("SourceTree", "%1: %Ln item(s)", "", entry.node.count)
            return tooltip(text.replace("%1", node_label(entry.node)))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_tr("Library"), _tr("Items"))[section] if 0 <= section < 2 else None
        return None


class SourceTree(QTreeView):
    """The tree view; ``filterChosen`` says which items the selected node stands for."""

    filterChosen = Signal(object)  # a model.Filter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceTree")
        self._model = SourceTreeModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setStyleSheet("QTreeView::item { padding: 3px 0px; }")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self._key = Filter().key
        self._pending_expand: set[str] = set()

    def tree_model(self) -> SourceTreeModel:
        return self._model

    @property
    def current_key(self) -> str:
        return self._key

    def update_nodes(self, nodes: Sequence[TreeNode], *, some_sources: bool = False) -> None:
        """Show fresh counts for the top-level nodes in ``nodes``, keeping the others as they are."""
        self.set_nodes(merged_nodes(self._model.nodes(), nodes, some_sources=some_sources))

    def set_nodes(self, nodes: Sequence[TreeNode]) -> None:
        """Show fresh counts, keeping which nodes are open and which one is selected."""
        expanded = self.expanded_keys() + sorted(self._pending_expand)
        key = self._key
        blocked = self.selectionModel().blockSignals(True)
        self._model.set_nodes(nodes)
        self.expand_keys(expanded)
        self.selectionModel().blockSignals(blocked)
        self.select_key(key, notify=False)

    def select_key(self, key: str, *, notify: bool = True) -> bool:
        """Select the node of ``key``; when the tree has no such node, select nothing and say so."""
        index = self._model.index_for_key(key)
        if not index.isValid():
            if not notify:
                self._key = key
                self.selectionModel().clearCurrentIndex()
            return False
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        blocked = self.selectionModel().blockSignals(not notify)
        self.setCurrentIndex(index)
        self.selectionModel().blockSignals(blocked)
        self._key = key
        self.scrollTo(index)
        return True

    def expand_keys(self, keys: Sequence[str]) -> None:
        """Open these nodes; those not in the tree yet open when a tree that has them arrives."""
        self._pending_expand = set()
        for key in keys:
            index = self._model.index_for_key(key)
            if index.isValid():
                self.expand(index)
            else:
                self._pending_expand.add(key)

    def expanded_keys(self) -> list[str]:
        keys = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self._model.rowCount(parent)):
                index = self._model.index(row, 0, parent)
                if self.isExpanded(index):
                    keys.append(self._model.node_at(index).filter.key)  # type: ignore[union-attr]
                    pending.append(index)
        return keys

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self._model.node_at(current)
        if node is not None and node.filter.key != self._key:
            self._key = node.filter.key
            self.filterChosen.emit(node.filter)
