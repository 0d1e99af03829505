"""The import wizard: files, source and options, a preview, the import itself, and a summary.

Each page is a class that knows its own fields; the wizard holds what they share (``ImportPlan``).
Previews and the import run as jobs with a store session of their own, so the window stays
responsive, and the import uses the same engine as ``reader import``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from reader.model import Changes, DateMethod, DumpFile, FilePreview, ImportResult, Outcome
from reader.storage import Store
from reader.ui.workers import Jobs, Report, Ticket

AskFiles = Callable[[QWidget, str], Sequence[str]]
AskFolder = Callable[[QWidget, str], str]
RECENT_KEY = "import/recent_folders"
RECENT_MAX = 8
# Files people save pages as; "all files" is one click away for the rest.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".log", ".htm", ".html", ""})
# Folder names that say nothing about what a dump holds: never offered as a source name.
GENERIC_FOLDERS = frozenset(
    name.casefold()
    for name in (
        "Downloads",
        "Download",
        "Desktop",
        "Documents",
        "Home",
        "tmp",
        "temp",
        "dumps",
        "Загрузки",
        "Рабочий стол",
        "Документы",
    )
)
ENCODINGS = ("utf-8", "utf-16", "cp1251", "koi8-r", "iso8859-5", "mac-cyrillic", "cp1252", "latin-1")


def ask_files(parent: QWidget, start: str) -> Sequence[str]:
    title = parent.tr("Add dump files")
    kinds = parent.tr("Text dumps (*.txt *.text *.md *.htm *.html);;All files (*)")
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start, kinds)
    return paths


def ask_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, parent.tr("Add a folder of dumps"), start)


def suggested_source(paths: Sequence[Path]) -> str:
    """The name of the files' common folder, unless it is a generic one (Downloads, Desktop…)."""
    if not paths:
        return ""
    folders = {p.parent for p in paths}
    common = Path(*_common_parts([f.parts for f in folders]))
    name = common.name
    if not name or name.casefold() in GENERIC_FOLDERS or common == Path.home():
        return ""
    return name


def _common_parts(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    first = parts[0]
    n = len(first)
    for other in parts[1:]:
        n = min(n, len(other))
        n = next((i for i in range(n) if first[i] != other[i]), n)
    return first[:n] or ("/",)


@dataclass
class ImportPlan:
    """What the pages decide together: the files, their source, forced encodings, what is ticked."""

    files: list[DumpFile] = field(default_factory=list)
    source: str = ""
    encoding: str | None = None  # forced for every file; None detects each file's own
    previews: dict[Path, FilePreview] = field(default_factory=dict)
    unticked: set[Path] = field(default_factory=set)
    results: list[ImportResult] = field(default_factory=list)

    def chosen(self) -> list[Path]:
        return [f.path for f in self.files if f.error is None and f.path not in self.unticked]

    def changes(self) -> Changes:
        total = Changes()
        for result in self.results:
            total |= result.changes
        return total


class ImportWizard(QWizard):
    """Five pages from files to summary. ``imported`` carries the import's ``Changes``."""

    imported = Signal(object)

    def __init__(
        self,
        store: Store,
        jobs: Jobs,
        settings: QSettings,
        paths: Sequence[str] = (),
        *,
        ask_files: AskFiles = ask_files,
        ask_folder: AskFolder = ask_folder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import dumps"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.resize(820, 560)
        self.plan = ImportPlan()
        self.files_page = FilesPage(store, settings, self.plan, ask_files, ask_folder)
        self.source_page = SourcePage(store, self.plan)
        self.preview_page = PreviewPage(store, jobs, self.plan)
        self.import_page = ImportPage(jobs, self.plan)
        self.summary_page = SummaryPage(self.plan)
        for page in (
            self.files_page,
            self.source_page,
            self.preview_page,
            self.import_page,
            self.summary_page,
        ):
            self.addPage(page)
        self.import_page.finished.connect(lambda: self.imported.emit(self.plan.changes()))
        self.rejected.connect(self._stop)
        if paths:
            self.files_page.add_paths(paths)

    def _stop(self) -> None:
        self.preview_page.stop()
        self.import_page.stop()


class FilesPage(QWizardPage):
    """Files and folders to import, with their size and date; folders are walked as the import would."""

    def __init__(
        self, store: Store, settings: QSettings, plan: ImportPlan, ask_files: AskFiles, ask_folder: AskFolder
    ) -> None:
        super().__init__()
        self.setTitle(self.tr("Files"))
        self.setSubTitle(self.tr("Add the dumps to import: files, or folders with everything in them."))
        self._store, self._settings, self._plan = store, settings, plan
        self._ask_files, self._ask_folder = ask_files, ask_folder
        self.table = QTreeWidget()
        self.table.setObjectName("files")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("File"), self.tr("Folder"), self.tr("Size"), self.tr("Modified")])
        self.table.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.table.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_files_button = QPushButton(self.tr("Add &files…"))
        self.add_folder_button = QPushButton(self.tr("Add a f&older…"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.recent = QComboBox()
        self.recent.setObjectName("recentFolders")
        self.all_files = QCheckBox(self.tr("Include &all files, not only text files"))
        self.count_label = QLabel()
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.recent.activated.connect(self._add_recent)
        self.all_files.toggled.connect(lambda _on: self._show())
        buttons = QHBoxLayout()
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(self.tr("Recent folders:")))
        buttons.addWidget(self.recent, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.all_files)
        layout.addWidget(self.count_label)
        self._given: list[Path] = []
        self._removed: set[Path] = set()
        self._fill_recent()
        self._show()

    def add_paths(self, paths: Sequence[str]) -> None:
        """Add files and folders, as the buttons and a drop onto the window do."""
        for path in map(Path, paths):
            self._removed.discard(path)
            if path not in self._given:
                self._given.append(path)
            if path.is_dir():
                self._remember(path)
        self._show()

    def remove_selected(self) -> None:
        chosen = {Path(i.data(0, Qt.ItemDataRole.UserRole)) for i in self.table.selectedItems()}
        self._given = [p for p in self._given if p not in chosen]
        self._removed |= chosen  # a file found inside a folder stays out too
        self._show()

    def isComplete(self) -> bool:
        return bool(self._plan.chosen())

    def _add_files(self) -> None:
        self.add_paths(list(self._ask_files(self, self._start_folder())))

    def _add_folder(self) -> None:
        folder = self._ask_folder(self, self._start_folder())
        if folder:
            self.add_paths([folder])

    def _add_recent(self, index: int) -> None:
        folder = self.recent.itemData(index)
        if folder:
            self.add_paths([str(folder)])

    def _start_folder(self) -> str:
        recent = self._recent_folders()
        return recent[0] if recent else str(Path.home())

    def _recent_folders(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def _remember(self, folder: Path) -> None:
        recent = [str(folder), *(f for f in self._recent_folders() if f != str(folder))]
        self._settings.setValue(RECENT_KEY, recent[:RECENT_MAX])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent.clear()
        folders = self._recent_folders()
        self.recent.addItem(self.tr("(none yet)") if not folders else self.tr("Choose a folder…"), None)
        for folder in folders:
            self.recent.addItem(folder, folder)

    def _show(self) -> None:
        every = self.all_files.isChecked()
        given = set(self._given)
        self._plan.files = [
            f
            for f in self._store.files(self._given)
            if f.path not in self._removed
            and (every or f.path in given or f.error is not None or f.path.suffix.lower() in TEXT_SUFFIXES)
        ]
        self.table.clear()
        locale = QLocale()
        for f in self._plan.files:
            modified = QDateTime.fromSecsSinceEpoch(int(f.modified)) if f.modified else None
            row = QTreeWidgetItem(
                [
                    f.path.name,
                    str(f.path.parent),
                    f.error or locale.formattedDataSize(f.size),
                    locale.toString(modified, QLocale.FormatType.ShortFormat) if modified else "",
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, str(f.path))
            row.setToolTip(0, str(f.path))
            self.table.addTopLevelItem(row)
        for column in (0, 2, 3):
            self.table.resizeColumnToContents(column)
        n = len(self._plan.chosen())
        self.count_label.setText(self.tr("%Ln file(s) to import", "", n))
        self.completeChanged.emit()


class SourcePage(QWizardPage):
    """The source the files go to, and how to read them."""

    def __init__(self, store: Store, plan: ImportPlan) -> None:
        super().__init__()
        self.setTitle(self.tr("Source and options"))
        self.setSubTitle(self.tr("Choose the source these dumps belong to: an existing one, or a new name."))
        self._store, self._plan = store, plan
        self.source = QComboBox()
        self.source.setObjectName("source")
        self.source.setEditable(True)
        self.source.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        editor = self.source.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(self.tr("A name for the source, such as the site's name"))
        self.source.editTextChanged.connect(lambda _text: self.completeChanged.emit())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.encoding = QComboBox()
        self.encoding.setObjectName("encoding")
        self.encoding.addItem(self.tr("Detect for each file"), None)
        for name in ENCODINGS:
            self.encoding.addItem(name, name)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr("&Source:"), self.source))
        layout.addWidget(self.source)
        layout.addWidget(self.hint)
        layout.addSpacing(12)
        layout.addWidget(_label(self.tr("&Encoding:"), self.encoding))
        layout.addWidget(self.encoding)
        layout.addStretch(1)

    def initializePage(self) -> None:
        current = self.source.currentText()
        self.source.clear()
        self.source.addItems(self._store.sources())
        suggestion = current or suggested_source([f.path for f in self._plan.files])
        self.source.setEditText(suggestion)
        if suggestion:
            self.hint.setText(
                self.tr("Suggested from the files' folder; change it if it is not the site's name.")
            )
        else:
            self.hint.setText(self.tr("The files' folder says nothing about their site: type a name."))

    def isComplete(self) -> bool:
        return bool(self.source.currentText().strip())

    def validatePage(self) -> bool:
        self._plan.source = self.source.currentText().strip()
        self._plan.encoding = self.encoding.currentData()
        return True


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


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
        stop = self._stop = threading.Event()

        def job(store: Store, report: Report) -> int:
            for path in paths:
                if stop.is_set():
                    break
                report(store.preview(path, source, encoding))
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
    if preview.navigation_only:
        return tr("only navigation lines: no items")
    if not preview.items:
        return tr("empty: no items")
    return ""


def _how_dated(method: DateMethod, tr: Callable[[str], str]) -> str:
    return {
        DateMethod.LINE: tr("date line"),
        DateMethod.DATELINE: tr("dateline"),
        DateMethod.TEXT: tr("a date in the text"),
        DateMethod.INFERRED: tr("year inferred"),
    }[method]


def preview_detail(preview: FilePreview, tr: Callable[[str], str]) -> str:
    """A file's items as they will be split, then the lines that will be dropped as site chrome."""
    out = []
    for item in preview.items:
        day = item.date.isoformat() if item.date else tr("no date")
        how = f" ({_how_dated(item.date_method, tr)})" if item.date_method else ""
        out.append(f"{item.first_line}–{item.last_line}  {day}{how}")
        out.append(f"    {item.title or item.lead}")
        if item.title:
            out.append(f"    {item.lead}")
    if preview.chrome:
        out += ["", tr("Dropped as site chrome:")]
        out += [f"{line.line}  {line.text}    [{line.reason}]" for line in preview.chrome]
    return "\n".join(out) if out else preview.message


class ImportPage(QWizardPage):
    """The import itself: a bar over all files, the current file, the time left, and Cancel."""

    finished = Signal()

    def __init__(self, jobs: Jobs, plan: ImportPlan) -> None:
        super().__init__()
        self.setTitle(self.tr("Importing"))
        self.setCommitPage(True)
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
        source = self._plan.source
        stop = self._stop = threading.Event()
        self._plan.results.clear()
        self._done = False
        self.bar.setRange(0, len(paths))
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%v of %m"))
        self.current.setText(paths[0].name if paths else "")
        self._started = time.monotonic()

        def job(store: Store, report: Report) -> int:
            for result in store.import_paths(paths, source, cancelled=stop.is_set, encodings=encodings):
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
        self.eta.setText(
            self.tr("About %1 s left").replace("%1", f"{left:.0f}") if done < len(self._paths) else ""
        )

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
    """What the import did, and the files it could not take, in a list to copy."""

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
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(QLabel(self.tr("Files not imported, and why:")))
        layout.addWidget(self.problems, 1)

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

    def _left_out(self, path: Path) -> str:
        preview = self._plan.previews.get(path)
        note = preview_note(preview, self.tr) if preview is not None else ""
        line = self.tr("%1: left out in the preview").replace("%1", path.name)
        return f"{line} ({note})" if note else line
