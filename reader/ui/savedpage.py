"""The page as saved: an item's dump page line by line, the lines dropped as site chrome greyed
out and the item's own lines marked, so that a user can check that nothing of value was lost.

Right-clicking a line keeps a dropped line as content, or drops a kept line as boilerplate of the
page's source: an undoable command that the window's writer runs off the GUI thread (the store
parses the page again); the window refreshes from its ``Changes`` and the view reads the page anew.
Every line is shown as text, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reader.importdetail import why_dropped
from reader.model import Changes, LineRole, PageLine, SavedPage, UserError
from reader.storage import Store
from reader.ui.plaintext import plain, tooltip
from reader.ui.writer import Failed, Submit

_LINE, _TEXT, _WHY = range(3)
# The item's lines are tinted with the palette's highlight at this opacity, and get a bar.
_TINT_ALPHA = 56
_BAR = "▌"


def _tr(text: str) -> str:
    return QCoreApplication.translate("SavedPage", text)


class _Status:
    """The status a line had for its source before a decision, filled in by the writer."""

    value: str | None = None


class DecideLine(QUndoCommand):
    """A line of a saved page kept as content (``keep``) or dropped as boilerplate of its source;
    undo gives the line back the status it had for the source and parses the page again. A
    decision the store refuses is said through ``failed`` and leaves nothing to undo."""

    def __init__(
        self, write: Submit, import_id: int, number: int, *, keep: bool, source: str, failed: Failed
    ) -> None:
        template = _tr("Keep line %1 as content") if keep else _tr("Drop line %1 as boilerplate of %2")
        super().__init__(_filled(template, number, source))
        self._write, self._import, self._number, self._keep = write, import_id, number, keep
        self._failed = failed
        self._before = _Status()

    def redo(self) -> None:
        import_id, number, keep, before = self._import, self._number, self._keep, self._before

        def decide(store: Store) -> Changes:
            before.value = store.line_status(import_id, number)
            return store.keep_line(import_id, number) if keep else store.drop_line(import_id, number)

        self._write(decide, failed=self._refused)

    def undo(self) -> None:
        if self.isObsolete():
            return
        import_id, number, before = self._import, self._number, self._before
        self._write(lambda store: store.restore_line(import_id, number, before.value), failed=self._failed)

    def _refused(self, message: str) -> None:
        self.setObsolete(True)
        self._failed(message)


def _filled(template: str, *parts: object) -> str:
    """``template`` with ``%1``, ``%2``… replaced in one pass, so a part holding ``%2`` stays as it is."""
    return re.sub(r"%(\d)", lambda m: str(parts[int(m.group(1)) - 1]), template)


class SavedPageView(QDialog):
    """One item's page as it was saved, for each place the item was seen."""

    def __init__(
        self,
        store: Store,
        item_id: int,
        write: Submit,
        push: Callable[[QUndoCommand], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("savedPage")
        self.setWindowTitle(self.tr("The page as saved"))
        self.store, self.item_id, self._write, self._push = store, item_id, write, push
        self.page: SavedPage | None = None
        # The line decided on while its write has not landed, and whether it is to be kept.
        self.pending: tuple[int, bool] | None = None
        self.places = QComboBox()
        self.places.setObjectName("savedPagePlaces")
        self.places.currentIndexChanged.connect(lambda _i: self._load())
        self.legend = plain(QLabel())
        self.legend.setWordWrap(True)
        self.lines = QTableWidget(0, 3)
        self.lines.setObjectName("savedPageLines")
        self.lines.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Text"), self.tr("Dropped as")])
        self.lines.verticalHeader().setVisible(False)
        self.lines.setShowGrid(False)
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        # A saved line may be a whole paragraph: it wraps, so that every word of it can be read.
        self.lines.setWordWrap(True)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(_TEXT, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._fit_rows)
        self.lines.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.lines.customContextMenuRequested.connect(self._popup)
        self.message = plain(QLabel())
        self.message.setObjectName("savedPageMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.places)
        layout.addWidget(self.legend)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(900, 640)
        self._fill_places()

    def _fill_places(self, import_id: int | None = None) -> None:
        detail = self.store.item(self.item_id)
        self.places.blockSignals(True)
        self.places.clear()
        seen = set()
        for occ in detail.occurrences if detail else []:
            if occ.import_id in seen:
                continue
            seen.add(occ.import_id)
            label = _filled(
                self.tr("%1 · %2 · lines %3–%4 · imported %5"),
                occ.source,
                occ.file,
                occ.line,
                occ.last_line,
                occ.imported_at[:10],
            )
            self.places.addItem(label, occ.import_id)
        index = max(0, self.places.findData(import_id)) if import_id is not None else 0
        self.places.setCurrentIndex(index)
        self.places.setVisible(self.places.count() > 1)
        self.places.blockSignals(False)
        self._load()

    def _load(self) -> None:
        import_id = self.places.currentData()
        self.lines.setRowCount(0)
        self.page = None
        if import_id is None:
            self.legend.setText(self.tr("This item is no longer in the store."))
            return
        try:
            self.page = self.store.saved_page(self.item_id, import_id)
        except UserError as error:
            self.legend.setText(str(error))
            return
        if self.page is None:
            self.legend.setText(
                self.tr(
                    "This page was imported before Dump Reader kept whole pages, and its file is no"
                    " longer where it was, unchanged."
                )
            )
            return
        explained = self.tr(
            "%1, imported %2. Greyed lines were dropped as site chrome; marked lines are this"
            " item's. Right-click a line to keep it as content or drop it as boilerplate."
        )
        self.legend.setText(_filled(explained, self.page.file, self.page.imported_at[:10]))
        self.lines.setRowCount(len(self.page.lines))
        for i, line in enumerate(self.page.lines):
            for column, cell in enumerate(self._cells(line)):
                self.lines.setItem(i, column, cell)
        self.lines.resizeColumnToContents(_LINE)
        self.lines.resizeColumnToContents(_WHY)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped text at the width the text column has now."""
        self.lines.resizeRowsToContents()

    def _cells(self, line: PageLine) -> list[QTableWidgetItem]:
        bar = _BAR if line.role is LineRole.ITEM else " "
        why = why_dropped(line.reason, self.tr) if line.reason else ""
        cells = [QTableWidgetItem(text) for text in (f"{bar} {line.number}", line.text, why)]
        cells[_LINE].setData(Qt.ItemDataRole.UserRole, line.number)
        cells[_LINE].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        palette = self.palette()
        if line.role is LineRole.DROPPED:
            grey = QBrush(palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            italic = QFont(self.font())
            italic.setItalic(True)
            for cell in cells:
                cell.setForeground(grey)
                cell.setFont(italic)
            cells[_WHY].setToolTip(tooltip(_filled(self.tr("Dropped as %1"), why)))
        elif line.role is LineRole.ITEM:
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(_TINT_ALPHA)
            for cell in cells:
                cell.setBackground(QBrush(tint))
            cells[_LINE].setForeground(QBrush(palette.color(QPalette.ColorRole.Highlight)))
        return cells

    def line_at(self, number: int) -> PageLine | None:
        """The page's line ``number``, as shown."""
        if self.page is None or not 1 <= number <= len(self.page.lines):
            return None
        return self.page.lines[number - 1]

    def menu_for(self, number: int) -> QMenu | None:
        """The context menu of a line: keep it when it was dropped, drop it when it was kept."""
        line = self.line_at(number)
        if self.page is None or line is None or line.role is LineRole.BLANK:
            return None
        menu = QMenu(self)
        if line.role is LineRole.DROPPED:
            action = menu.addAction(self.tr("&Keep this line as content"))
            action.triggered.connect(lambda: self.keep(number))
        else:
            text = _filled(
                self.tr("&Drop this line as boilerplate of %1"), self.page.source.replace("&", "&&")
            )
            action = menu.addAction(text)
            action.triggered.connect(lambda: self.drop(number))
        return menu

    def _popup(self, pos: QPoint) -> None:
        row = self.lines.rowAt(pos.y())
        cell = self.lines.item(row, _LINE) if row >= 0 else None
        menu = self.menu_for(int(cell.data(Qt.ItemDataRole.UserRole))) if cell is not None else None
        if menu is not None:
            menu.aboutToHide.connect(menu.deleteLater)
            menu.popup(self.lines.viewport().mapToGlobal(pos))

    def keep(self, number: int) -> None:
        """Keep a dropped line as content of the page's items and its source."""
        self._decide(number, keep=True)

    def drop(self, number: int) -> None:
        """Drop a kept line as boilerplate of the page's source."""
        self._decide(number, keep=False)

    def _decide(self, number: int, *, keep: bool) -> None:
        """Hand the decision to the window's writer as an undoable command; until it lands the
        lines wait and say so (``follow`` and ``_refused`` end the wait)."""
        if self.page is None or self.pending is not None:
            return
        self.pending = (number, keep)
        self.lines.setEnabled(False)
        self.message.setText(self.tr("Parsing the page again…"))
        command = DecideLine(
            self._write, self.page.import_id, number, keep=keep, source=self.page.source, failed=self._refused
        )
        self._push(command)

    def _refused(self, message: str) -> None:
        if not isValid(self):
            return  # closed before the write was refused; the window's status bar says nothing
        self.pending = None
        self.lines.setEnabled(True)
        self.message.setText(message)

    def follow(self, changes: Changes) -> None:
        """Read the page again after a change the window applied: a decision of this view, its undo,
        or anything else that touched the item or its source."""
        if not isValid(self):
            return
        moved = dict(changes.items_merged).get(self.item_id)
        if moved is not None:
            self.item_id = moved
        touched = changes.items_changed | changes.items_removed
        if self.pending is None and moved is None and not changes.source_ids and self.item_id not in touched:
            return
        pending, self.pending = self.pending, None
        self.lines.setEnabled(True)
        self.message.clear()
        import_id = self.page.import_id if self.page is not None else None
        if self.store.resolve(self.item_id) is None:
            self.places.clear()
            self._load()
            return
        self._fill_places(import_id)
        if pending is None:
            return
        number, keep = pending
        line = self.line_at(number)
        if keep and line is not None and line.role is LineRole.DROPPED:
            # A date line over nothing, say: no item takes the line even when no rule drops it.
            self.message.setText(
                _filled(
                    self.tr("Line %1 is kept from now on, but no item of this page takes it (%2)."),
                    number,
                    why_dropped(line.reason, self.tr) if line.reason else "",
                )
            )
