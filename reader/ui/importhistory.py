"""File > Imports…: every file that went into the store, newest first, with its counts."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.model import ImportRecord


class ImportHistory(QDialog):
    removeRequested = Signal(object)  # the ImportRecord to take back

    def __init__(self, records: list[ImportRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records = records
        self.setObjectName("importHistory")
        self.setWindowTitle(self.tr("Imports"))
        self.resize(900, 420)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(
            [
                self.tr("When"),
                self.tr("File"),
                self.tr("Source"),
                self.tr("Items"),
                self.tr("New"),
                self.tr("Merged"),
                self.tr("Known"),
                self.tr("Encoding"),
            ]
        )
        self.table.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        locale = QLocale()
        for record in records:
            when = QDateTime.fromString(record.imported_at, Qt.DateFormat.ISODate).toLocalTime()
            counts = (record.items_total, record.items_new, record.items_merged, record.items_known)
            row = QTreeWidgetItem(
                [
                    locale.toString(when, QLocale.FormatType.ShortFormat),
                    record.path,
                    record.source,
                    *(locale.toString(n) for n in counts),
                    record.encoding,
                ]
            )
            for column in range(3, 7):
                row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(row)
        for column in (0, 2, 3, 4, 5, 6, 7):
            self.table.resizeColumnToContents(column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.remove_button = buttons.addButton(
            self.tr("&Remove import…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self._remove)
        self.table.currentItemChanged.connect(
            lambda current, _old: self.remove_button.setEnabled(current is not None)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def select(self, row: int) -> None:
        item = self.table.topLevelItem(row)
        if item is not None:
            self.table.setCurrentItem(item)

    def _remove(self) -> None:
        current = self.table.currentItem()
        row = self.table.indexOfTopLevelItem(current) if current is not None else -1
        if 0 <= row < len(self._records):
            self.removeRequested.emit(self._records[row])
            self.accept()
