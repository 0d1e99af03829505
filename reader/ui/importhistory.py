"""File > Imports…: every file that went into the store, newest first, with its counts."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt
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
    def __init__(self, records: list[ImportRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
