"""The wizard's last pages: the import itself, with progress and Cancel, and its summary."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from reader.model import ImportResult, Outcome
from reader.storage import Store
from reader.ui.importplan import ImportPlan
from reader.ui.importpreview import preview_note
from reader.ui.workers import Jobs, Report, Ticket


class ImportPage(QWizardPage):
    """The import itself: a bar over all files, the current file, the time left, and Cancel."""

    finished = Signal()

    def __init__(self, jobs: Jobs, plan: ImportPlan) -> None:
        super().__init__()
        self.setTitle(self.tr("Importing"))
        self._jobs, self._plan = jobs, plan
        self._ticket: Ticket | None = None
        self._stop = threading.Event()
        self._done = False
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgress")
        self.current = QLabel()
        self.current.setObjectName("currentFile")
        self.eta = QLabel()
        self.cancel_button = QPushButton(self.tr("&Cancel the import"))
        self.cancel_button.clicked.connect(self.stop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.eta)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        paths = self._plan.chosen()
        encodings = {p: self._plan.encoding for p in paths} if self._plan.encoding else None
        source, year, reimport = self._plan.source, self._plan.year, self._plan.reimport
        stop = self._stop = threading.Event()
        self._plan.results.clear()
        self._done = False
        self.bar.setRange(0, len(paths))
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%v of %m"))
        self.current.setText(paths[0].name if paths else "")
        self._started = time.monotonic()

        def job(store: Store, report: Report) -> int:
            results = store.import_paths(
                paths, source, cancelled=stop.is_set, encodings=encodings, year=year, reimport=reimport
            )
            for result in results:
                report(result)
            return len(paths)

        self._paths = paths
        self.cancel_button.setEnabled(True)
        self._ticket = self._jobs.submit(job, self._finish, failed=self._failed, progress=self._one)

    def stop(self) -> None:
        """Stop after rolling back the file in progress; the files done stay imported."""
        self._stop.set()
        self.cancel_button.setEnabled(False)
        if self._ticket is not None:
            self.current.setText(self.tr("Cancelling…"))

    def isComplete(self) -> bool:
        return self._done

    def _one(self, result: ImportResult) -> None:
        self._plan.results.append(result)
        done = len(self._plan.results)
        self.bar.setValue(done)
        following = self._paths[done].name if done < len(self._paths) else ""
        if not self._stop.is_set():
            self.current.setText(following)
        elapsed = time.monotonic() - self._started
        left = elapsed / done * (len(self._paths) - done)
        self.eta.setText(self._time_left(left) if done < len(self._paths) else "")

    def _time_left(self, seconds: float) -> str:
        if seconds < 1:
            return self.tr("Less than a second left")
        if seconds < 90:
            return self.tr("About %1 s left").replace("%1", f"{seconds:.0f}")
        return self.tr("About %1 min left").replace("%1", f"{seconds / 60:.0f}")

    def _finish(self, _count: object) -> None:
        self._ticket = None
        self._done = True
        self.cancel_button.setEnabled(False)
        stopped = self._stop.is_set() and len(self._plan.results) < len(self._paths)
        self.current.setText(
            self.tr("Cancelled: the file in progress left no trace.") if stopped else self.tr("Done.")
        )
        self.eta.setText("")
        self.completeChanged.emit()
        self.finished.emit()
        if self.wizard() is not None and not stopped:
            self.wizard().next()

    def _failed(self, message: str) -> None:
        self._ticket = None
        self._done = True
        self.current.setText(message)
        self.completeChanged.emit()
        self.finished.emit()


class SummaryPage(QWizardPage):
    """What the import did, the files it could not take in a list to copy, and a way to the items
    it brought (the tree's Last import)."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        self.setTitle(self.tr("Summary"))
        self._plan = plan
        self.counts = QLabel()
        self.counts.setObjectName("summaryCounts")
        self.counts.setWordWrap(True)
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("summaryProblems")
        self.problems.setReadOnly(True)
        self.show_button = QPushButton(self.tr("&Show new items"))
        self.show_button.setObjectName("showNewItems")
        self.show_button.setToolTip(self.tr("Close the wizard and show what this import added (Last import)"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(QLabel(self.tr("Files not imported, and why:")))
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:
        results = self._plan.results
        done = [r for r in results if r.outcome is Outcome.IMPORTED]
        text = self.tr(
            "%Ln file(s) imported: %1 new items, %2 merged into stored ones, %3 already known.", "", len(done)
        )
        text = text.replace("%1", str(sum(r.items_new for r in results)))
        text = text.replace("%2", str(sum(r.items_merged for r in results)))
        self.counts.setText(text.replace("%3", str(sum(r.items_known for r in results))))
        others = [r.message for r in results if r.outcome is not Outcome.IMPORTED]
        left_out = [
            self._left_out(p)
            for p in sorted(self._plan.unticked)
            if any(f.path == p for f in self._plan.files)
        ]
        self.problems.setPlainText("\n".join(others + left_out) or self.tr("None."))
        self.show_button.setEnabled(bool(done))

    def _left_out(self, path: Path) -> str:
        preview = self._plan.previews.get(path)
        note = preview_note(preview, self.tr) if preview is not None else ""
        line = self.tr("%1: left out in the preview").replace("%1", path.name)
        return f"{line} ({note})" if note else line
