"""The wizard's preview page: each file as an import would take it, worked out in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from reader.importdetail import detail_lines
from reader.model import FilePreview, Outcome
from reader.storage import Store
from reader.ui.importplan import ImportPlan
from reader.ui.workers import Jobs, Report, Ticket


def _rows(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    return [row for i in range(tree.topLevelItemCount()) if (row := tree.topLevelItem(i)) is not None]


class PreviewPage(QWizardPage):
    """Each file as an import would take it, worked out in the background; files can be unticked."""

    def __init__(self, store: Store, jobs: Jobs, plan: ImportPlan) -> None:
        super().__init__()
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(
            self.tr("What each file holds and what importing it would do. Untick files to leave them out.")
        )
        # Going on from here imports: the import cannot be gone back from, only cancelled.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self._jobs, self._plan = jobs, plan
        self._ticket: Ticket | None = None
        self._stop = threading.Event()
        self.files = QTreeWidget()
        self.files.setObjectName("previewFiles")
        self.files.setRootIsDecorated(False)
        self.files.setHeaderLabels(
            [
                self.tr("File"),
                self.tr("Encoding"),
                self.tr("Items"),
                self.tr("New"),
                self.tr("Merge"),
                self.tr("Notes"),
            ]
        )
        self.files.header().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.files.itemChanged.connect(self._on_ticked)
        self.files.currentItemChanged.connect(lambda current, _old: self._show_detail(current))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("previewDetail")
        self.detail.setReadOnly(True)
        self.progress = QLabel()
        self.cancel_button = QPushButton(self.tr("S&top the preview"))
        self.cancel_button.clicked.connect(self.stop)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.files)
        split.addWidget(self.detail)
        split.setSizes([220, 200])
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def initializePage(self) -> None:
        self.stop()
        self._plan.previews.clear()
        self.files.blockSignals(True)
        self.files.clear()
        for path in self._plan.chosen():
            row = QTreeWidgetItem([path.name, "", "", "", "", self.tr("waiting…")])
            row.setToolTip(0, str(path))
            row.setData(0, Qt.ItemDataRole.UserRole, str(path))
            row.setCheckState(0, Qt.CheckState.Checked)
            self.files.addTopLevelItem(row)
        self.files.blockSignals(False)
        self.files.resizeColumnToContents(0)
        self._start()

    def cleanupPage(self) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    @property
    def running(self) -> bool:
        return self._ticket is not None

    def isComplete(self) -> bool:
        return not self.running and bool(self._ticked())

    def validatePage(self) -> bool:
        ticked = set(self._ticked())
        self._plan.unticked |= {p for p in self._plan.chosen() if p not in ticked}
        return True

    def _ticked(self) -> list[Path]:
        checked = Qt.CheckState.Checked
        return [
            Path(r.data(0, Qt.ItemDataRole.UserRole)) for r in _rows(self.files) if r.checkState(0) == checked
        ]

    def _start(self) -> None:
        paths, source, encoding = self._plan.chosen(), self._plan.source, self._plan.encoding
        year, reimport = self._plan.year, self._plan.reimport
        stop = self._stop = threading.Event()

        def job(store: Store, report: Report) -> int:
            for path in paths:
                if stop.is_set():
                    break
                report(store.preview(path, source, encoding, year=year, reimport=reimport))
            return len(paths)

        self.cancel_button.setEnabled(True)
        self.progress.setText(self.tr("Reading the files…"))
        self._ticket = self._jobs.submit(job, self._done, failed=self._failed, progress=self._one)
        self.completeChanged.emit()

    def _one(self, preview: FilePreview) -> None:
        self._plan.previews[preview.path] = preview
        row = self._row(preview.path)
        if row is None:
            return
        self.files.blockSignals(True)
        row.setText(1, preview.encoding or "")
        row.setText(2, str(len(preview.items)))
        row.setText(3, str(preview.items_new))
        row.setText(4, str(preview.items_merged))
        row.setText(5, preview_note(preview, self.tr))
        if preview.outcome in (Outcome.REFUSED, Outcome.ALREADY) or not preview.items:
            row.setCheckState(0, Qt.CheckState.Unchecked)
        self.files.blockSignals(False)
        for column in range(1, 5):
            self.files.resizeColumnToContents(column)
        done = len(self._plan.previews)
        total = self.files.topLevelItemCount()
        self.progress.setText(self.tr("%1 of %Ln file(s) read", "", total).replace("%1", str(done)))
        if self.files.currentItem() is row:
            self._show_detail(row)
        self.completeChanged.emit()

    def _done(self, _count: object) -> None:
        self._ticket = None
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self._ticket = None
        self.progress.setText(message)
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def _on_ticked(self, _row: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self.completeChanged.emit()

    def _row(self, path: Path) -> QTreeWidgetItem | None:
        return next((r for r in _rows(self.files) if Path(r.data(0, Qt.ItemDataRole.UserRole)) == path), None)

    def _show_detail(self, row: QTreeWidgetItem | None) -> None:
        preview = self._plan.previews.get(Path(row.data(0, Qt.ItemDataRole.UserRole))) if row else None
        self.detail.setPlainText(preview_detail(preview, self.tr) if preview else "")


def preview_note(preview: FilePreview, tr: Callable[[str], str]) -> str:
    """The warning a file's row shows, if any."""
    if preview.outcome in (Outcome.REFUSED, Outcome.ALREADY):
        return preview.message
    if preview.replaces is not None:
        return tr("imported before: replaces import %1").replace("%1", str(preview.replaces))
    if preview.navigation_only:
        return tr("only navigation lines: no items")
    if not preview.items:
        return tr("empty: no items")
    return ""


def preview_detail(preview: FilePreview, tr: Callable[[str], str]) -> str:
    """A file's items as they will be split, then the lines that will be dropped as site chrome."""
    return "\n".join(detail_lines(preview.items, preview.chrome, tr)) or preview.message
