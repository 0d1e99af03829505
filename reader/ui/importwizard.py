"""The import wizard: files, source and options, a preview, the import itself, and a summary.

Each page is a class that knows its own fields; the wizard holds what they share (``ImportPlan``).
Previews and the import run as jobs with a store session of their own, so the window stays
responsive, and the import uses the same engine as ``reader import``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QLocale, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from reader.model import YEARS, DumpFile
from reader.storage import Store
from reader.ui.importplan import ImportPlan
from reader.ui.importpreview import PreviewPage
from reader.ui.importrun import ImportPage, SummaryPage
from reader.ui.settingvalues import strings
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


class ImportWizard(QWizard):
    """Five pages from files to summary. ``imported`` carries the import's ``Changes``;
    ``showNewItems`` asks for the Last import node when the user closes it from the summary."""

    imported = Signal(object)
    showNewItems = Signal()

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
        self.source_page = SourcePage(store, jobs, self.plan)
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
        self.summary_page.show_button.clicked.connect(self._show_new_items)
        self.rejected.connect(self._stop)
        if paths:
            self.files_page.add_paths(paths)

    def _stop(self) -> None:
        self.source_page.stop()
        self.preview_page.stop()
        self.import_page.stop()

    def _show_new_items(self) -> None:
        self.accept()
        self.showNewItems.emit()


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
        self._found: list[DumpFile] = []
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
        # Folders are walked when they are added, not again each time the list is filtered.
        self._found = list(self._store.files(self._given))
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
        return strings(self._settings.value(RECENT_KEY, []))

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
            for f in self._found
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

    def __init__(self, store: Store, jobs: Jobs, plan: ImportPlan) -> None:
        super().__init__()
        self.setTitle(self.tr("Source and options"))
        self.setSubTitle(self.tr("Choose the source these dumps belong to: an existing one, or a new name."))
        self._store, self._jobs, self._plan = store, jobs, plan
        self._ticket: Ticket | None = None
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
        self.use_year = QCheckBox(self.tr("Give dates without a year, when the dump gives none, the &year:"))
        self.use_year.setObjectName("useYear")
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(YEARS.start, YEARS.stop - 1)
        self.year.setValue(QDate.currentDate().year())
        self.year.setEnabled(False)
        self.year.setAccessibleName(self.tr("Year for dates without one"))
        self.use_year.toggled.connect(self.year.setEnabled)
        year_note = QLabel(
            self.tr("Unticked, such dates stay undated unless other dates on the same page give their year.")
        )
        year_note.setWordWrap(True)
        self.reimport = QCheckBox(self.tr("&Re-import files imported before"))
        self.reimport.setObjectName("reimport")
        reimport_note = QLabel(
            self.tr(
                "Unticked, files already in the store are skipped. Ticked, each replaces its earlier"
                " import, so no item is stored twice; your marks stay on their items."
            )
        )
        reimport_note.setWordWrap(True)
        year_row = QHBoxLayout()
        year_row.addWidget(self.use_year)
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(self.tr("&Source:"), self.source))
        layout.addWidget(self.source)
        layout.addWidget(self.hint)
        layout.addSpacing(12)
        layout.addWidget(_label(self.tr("&Encoding:"), self.encoding))
        layout.addWidget(self.encoding)
        layout.addSpacing(12)
        layout.addLayout(year_row)
        layout.addWidget(year_note)
        layout.addSpacing(12)
        layout.addWidget(self.reimport)
        layout.addWidget(reimport_note)
        layout.addStretch(1)
        for first, second in (
            (self.source, self.encoding),
            (self.encoding, self.use_year),
            (self.use_year, self.year),
            (self.year, self.reimport),
        ):
            QWidget.setTabOrder(first, second)

    def initializePage(self) -> None:
        current = self.source.currentText()
        self.source.clear()
        self.source.addItems(self._store.sources())
        paths = [f.path for f in self._plan.files]
        suggestion = current or suggested_source(paths)
        self.source.setEditText(suggestion)
        if current:
            return
        if suggestion:
            self.hint.setText(
                self.tr("Suggested from the files' folder; change it if it is not the site's name.")
            )
            return
        self.hint.setText(self.tr("The files' folder says nothing about their site: type a name."))
        self._ask_site_name(paths)

    def _ask_site_name(self, paths: list[Path]) -> None:
        """Read the site's name from the dumps in the background; offer it unless a name was typed."""
        self.stop()

        def job(store: Store, _report: Report) -> str | None:
            return store.site_name(paths)

        self._ticket = self._jobs.submit(job, self._site_named, failed=lambda _message: None)

    def _site_named(self, name: str | None) -> None:
        self._ticket = None
        if name and not self.source.currentText().strip():
            self.source.setEditText(name)
            self.hint.setText(
                self.tr("Suggested from the site name found in the dumps; change it if it is wrong.")
            )

    def stop(self) -> None:
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None

    def cleanupPage(self) -> None:
        self.stop()

    def isComplete(self) -> bool:
        return bool(self.source.currentText().strip())

    def validatePage(self) -> bool:
        self.stop()
        self._plan.source = self.source.currentText().strip()
        self._plan.encoding = self.encoding.currentData()
        self._plan.year = self.year.value() if self.use_year.isChecked() else None
        self._plan.reimport = self.reimport.isChecked()
        return True


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
