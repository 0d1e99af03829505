"""The main window: the tree and timeline, the search box and item list, the reading pane.

Wiring only: the panes do their own drawing, the ``Store`` answers the queries, ``render`` writes
the HTML, and long work goes to ``Jobs``. After a mutation, ``apply_changes`` reloads only the tree
counts, rows and pane that its ``Changes`` touched.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QMimeData, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.export import as_markdown
from reader.model import (
    Changes,
    Filter,
    Highlight,
    ImportRecord,
    ImportResult,
    ItemDetail,
    Kind,
    MonthCount,
    Query,
    Sort,
    SourcePlan,
    TreeNode,
)
from reader.render import MORE_URL, SHOWN_CHARS, plain_text, render_item, render_message
from reader.storage import Store
from reader.ui import exporting, shortcuts, translations
from reader.ui.ahead import Ahead
from reader.ui.annotationpanel import AnnotationPanel
from reader.ui.emptystate import EmptyState
from reader.ui.highlightdialog import HighlightEdit, ask_highlight, ask_highlight_edit
from reader.ui.importhistory import ImportHistory
from reader.ui.importing import SAMPLE_SOURCE, import_job, sample_dumps, summary
from reader.ui.importwizard import AskFiles, AskFolder, ImportWizard, ask_files, ask_folder
from reader.ui.itemlist import SORT_KEYS, Column, ItemList, ItemListModel
from reader.ui.listloader import ListLoader
from reader.ui.markcommands import (
    AddHighlight,
    EditHighlight,
    Quote,
    RemoveHighlight,
    SetBookmark,
    SetNote,
    SetTag,
    TagItems,
)
from reader.ui.notepanel import NotePanel
from reader.ui.plaintext import plain
from reader.ui.readingpane import ReadingPane, reading_stylesheet
from reader.ui.removeimport import (
    Confirm,
    ConfirmDeletion,
    DeleteSource,
    RemoveImport,
    confirm_deletion,
    confirm_removal,
)
from reader.ui.savedpage import SavedPageView
from reader.ui.searchbox import SearchBox
from reader.ui.settingvalues import integer, strings
from reader.ui.sourcemenu import SourceMenu, ask_tag, tagged_items
from reader.ui.sourcetree import SourceTree
from reader.ui.storecare import StoreCare
from reader.ui.timeline import Timeline
from reader.ui.workers import Jobs, Report, Ticket
from reader.ui.writer import BUSY_WAIT_MS, Failed, Write, Writer

# How often the window looks whether another program (``reader import``) changed the store.
POLL_MS = 1000


_PANE_WORDS = translations.PaneWords()


def is_dark(palette: QPalette) -> bool:
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class MainWindow(QMainWindow):
    # A change the window has shown; views of their own (the page as saved) follow it.
    changesApplied = Signal(object)

    def __init__(
        self,
        store: Store,
        settings: QSettings,
        *,
        ask_files: AskFiles = ask_files,
        ask_folder: AskFolder = ask_folder,
    ) -> None:
        super().__init__()
        self.store, self.settings = store, settings
        self._ask_files, self._ask_folder = ask_files, ask_folder
        self.wizard: ImportWizard | None = None
        self.writer = Writer(lambda: store.session(busy_wait_ms=BUSY_WAIT_MS), self)
        self._closing = self._stale = self._refused = False
        self.ahead = Ahead()
        self.undo_stack = QUndoStack(self)
        self.source_menu = SourceMenu(store, self.write, self.undo_stack.push, delete=self.delete_source)
        self._confirm_removal: Confirm = confirm_removal
        self._confirm_deletion: ConfirmDeletion = confirm_deletion
        self._ask_highlight: Callable[[QWidget, str], tuple[str, str] | None] = ask_highlight
        self._edit_highlight: Callable[[QWidget, Highlight], HighlightEdit | None] = ask_highlight_edit
        self._ask_tag: Callable[[QWidget, list[str]], str | None] = ask_tag
        self._ask_export_path: exporting.AskPath = exporting.ask_export_path
        self.setAcceptDrops(True)
        self.setWindowTitle(self.tr("Dump Reader"))
        self.detail: ItemDetail | None = None
        self._shown_chars = SHOWN_CHARS  # of the item's text, which may be too long to show at once
        self._timeline_ticket: Ticket | None = None
        self.jobs = Jobs(store.session, self)
        self.care = StoreCare(
            store,
            self.jobs,
            self,
            reload=self._after_restore,
            recount=lambda: self.refresh(keep=self.list.current_id()),
            say=self._say,
        )
        self._build()
        self._wire()
        self.actions_by_name = shortcuts.make_actions(self, self._handlers())
        self._menus()
        self._apply_scheme()
        self._restore()
        self._show_page()

    # Building.

    def _build(self) -> None:
        self.tree = SourceTree()
        self.timeline = Timeline()
        self.search = SearchBox()
        self.list = ItemList(ItemListModel(self.store.rows))
        self.pane = ReadingPane()
        self.note = NotePanel()
        self.loader = ListLoader(self.jobs, self.list, self)
        left = _column((self.tree, 1), (self.timeline, 0), margins=(0, 6, 0, 4))
        middle = _column((self.search, 0), (self.list, 1), margins=(0, 6, 0, 0))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("panes")
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.setObjectName("reading")
        reading.addWidget(self.pane)
        reading.addWidget(self.note)
        reading.setStretchFactor(0, 4)
        reading.setStretchFactor(1, 1)
        reading.setSizes([660, 110])
        for pane, stretch in ((left, 0), (middle, 1), (reading, 2)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([240, 600, 620])
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        self.setCentralWidget(_column((self.care.bar, 0), (self.stack, 1), margins=(0, 0, 0, 0)))
        self.annotations = AnnotationPanel(self.store, self.jobs)
        self.annotations_dock = QDockWidget(self.tr("Notes and highlights"), self)
        self.annotations_dock.setObjectName("annotationsDock")
        self.annotations_dock.setWidget(self.annotations)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.annotations_dock)
        self.annotations_dock.hide()
        self.shown_label, self.path_label = QLabel(), plain(QLabel(str(self.store.path)))
        self.path_label.setObjectName("storePath")
        self.busy = QProgressBar()
        self.busy.setMaximumSize(110, 12)
        self.busy.setTextVisible(False)
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.waiting = plain(QLabel(self.tr("Waiting for the import to finish…")))
        self.waiting.setObjectName("writeWaiting")
        self.waiting.setToolTip(
            self.tr("Another program is writing to the store; your changes are saved as soon as it ends.")
        )
        self.waiting.hide()
        self.poll = QTimer(self, interval=POLL_MS)
        self.statusBar().addWidget(self.shown_label)
        self.statusBar().addPermanentWidget(self.waiting)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.path_label)

    def _wire(self) -> None:
        self.tree.filterChosen.connect(self._on_filter)
        self.search.searchChanged.connect(self._on_search)
        self.search.invalid.connect(self._on_invalid_search)
        self.search.done.connect(lambda: self.list.setFocus())
        self.list.currentItemChanged.connect(self._show_item)
        self.list.bookmarkClicked.connect(self.toggle_bookmark)
        self.note.edited.connect(self._note_edited)
        self.pane.highlightRequested.connect(self.highlight_selection)
        self.pane.highlightClicked.connect(self.edit_highlight)
        self.pane.bookmark.clicked.connect(lambda: self.toggle_bookmark())
        self.pane.savedPageRequested.connect(self.show_saved_page)
        self.annotations.itemChosen.connect(self.go_to_item)
        self.list.customContextMenuRequested.connect(self._popup_list_menu)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._popup_tree_menu)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._say)
        self.pane.anchorClicked.connect(lambda url: self._link_clicked(url.toString()))
        self.timeline.monthClicked.connect(self._on_month)
        self.jobs.busyChanged.connect(self.busy.setVisible)
        self.jobs.busyChanged.connect(self._on_jobs_busy)
        self.writer.waitingChanged.connect(self.waiting.setVisible)
        self.writer.pendingChanged.connect(self._on_writes_pending)
        self.writer.changedElsewhere.connect(self._on_changed_elsewhere)
        self.poll.timeout.connect(self.writer.check_elsewhere)
        self.poll.start()
        self.empty.importRequested.connect(lambda: self.import_dumps())
        self.empty.samplesRequested.connect(self.import_samples)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self._apply_scheme())

    def _handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "search": self.search.focus,
            "next": lambda: self.list.move_by(1),
            "previous": lambda: self.list.move_by(-1),
            "page": self.page,
            "bookmark": lambda: self.toggle_bookmark(),
            "highlight": self.highlight_selection,
            "tag": self.add_tag,
            "focus_tree": self.tree.setFocus,
            "focus_list": self.list.setFocus,
            "focus_reading": self.pane.setFocus,
            "refresh": self.refresh,
            "undo": self.undo_stack.undo,
            "redo": self.undo_stack.redo,
            "import": lambda: self.import_dumps(),
            "help": self.show_shortcuts,
            "quit": self.close,
        }

    def _menus(self) -> None:
        a = self.actions_by_name
        a["import"].setText(self.tr("&Import dumps…"))
        a["quit"].setText(self.tr("&Quit"))
        a["refresh"].setText(self.tr("&Refresh"))
        a["help"].setText(self.tr("&Keyboard shortcuts"))
        a["bookmark"].setText(self.tr("&Bookmark"))
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([a["import"]])
        file_menu.addAction(self.tr("Open the &sample dumps"), self.import_samples)
        file_menu.addAction(self.tr("Import &history…"), self.show_imports)
        file_menu.addAction(self.tr("&Export annotations…"), self.export_annotations)
        file_menu.addAction(self.tr("Restore from &backup…"), self.care.restore_from_backup)
        file_menu.addAction(self.tr("&Check the whole store"), self.care.check_whole)
        file_menu.addSeparator()
        file_menu.addActions([a["refresh"], a["quit"]])
        edit = bar.addMenu(self.tr("&Edit"))
        a["undo"].setText(self.tr("&Undo"))
        a["redo"].setText(self.tr("&Redo"))
        edit.addActions([a["undo"], a["redo"]])
        self.undo_stack.canUndoChanged.connect(a["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(a["redo"].setEnabled)
        a["undo"].setEnabled(False)
        a["redo"].setEnabled(False)
        go = bar.addMenu(self.tr("&Go"))
        go.addActions([a[n] for n in ("search", "next", "previous", "page")])
        go.addSeparator()
        go.addActions([a[n] for n in ("focus_tree", "focus_list", "focus_reading")])
        item = bar.addMenu(self.tr("&Item"))
        item.addAction(a["bookmark"])
        a["highlight"].setText(self.tr("&Highlight selection…"))
        a["tag"].setText(self.tr("Add &tag…"))
        item.addActions([a["highlight"], a["tag"]])
        untag = item.addMenu(self.tr("&Remove tag"))
        untag.aboutToShow.connect(lambda: self._fill_untag_menu(untag))
        item.addAction(self.tr("Copy &text"), self.copy_text)
        item.addAction(self.tr("Copy as &Markdown"), self.copy_markdown)
        item.addAction(self.tr("Show in source &tree"), self.show_in_tree)
        item.addAction(self.tr("Show the page as &saved…"), self.show_saved_page)
        view = bar.addMenu(self.tr("&View"))
        panel = self.annotations_dock.toggleViewAction()
        panel.setText(self.tr("&Notes and highlights"))
        panel.setShortcut(QKeySequence("F9"))
        view.addAction(panel)
        bar.addMenu(self.tr("&Help")).addAction(a["help"])

    # Settings.

    def _restore(self) -> None:
        s = self.settings
        if geometry := s.value("window/geometry"):
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        # Splitter sizes only mean something once the window has its size: restored on first show.
        self._saved_splitter = s.value("window/splitter")
        header = self.list.horizontalHeader()
        if state := s.value("list/header"):
            # The list is read once below, with everything restored; not once per restored setting.
            blocked = self.list.item_model().blockSignals(True)
            header.restoreState(state)
            self.list.item_model().blockSignals(blocked)
        column = header.sortIndicatorSection()
        if 0 <= column < len(Column):
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            self.list.item_model().set_sort(Sort(SORT_KEYS[Column(column)], descending))
        self.loader.filter = Filter.from_key(str(s.value("tree/node", Filter().key)))
        self._saved_item = integer(s.value("list/item"))
        self._saved_expanded: list[str] | None = strings(s.value("tree/expanded", [Filter(Kind.SOURCES).key]))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._saved_splitter:
            self.splitter.restoreState(self._saved_splitter)
            self._saved_splitter = None

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("list/header", self.list.horizontalHeader().saveState())
        s.setValue("tree/node", self.tree.current_key)
        s.setValue("tree/expanded", self.tree.expanded_keys())
        current = self.list.current_id()
        if current is not None:
            s.setValue("list/item", current)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.note.flush()
        if self.writer.pending:
            # Closing now would lose the changes still waiting for a busy store: close when they land.
            event.ignore()
            self._closing = True
            self.statusBar().showMessage(
                self.tr("Saving your changes; the window closes as soon as they are stored…")
            )
            return
        self.poll.stop()
        self.save_settings()
        self.jobs.shutdown()
        self.writer.stop()
        super().closeEvent(event)

    def _on_writes_pending(self, count: int) -> None:
        if count:
            return
        shown_ahead = self.ahead.clear()
        if self._closing:
            self.close()
            return
        refused, self._refused = self._refused, False
        if refused and shown_ahead:  # what was shown ahead of a refused write is not in the store
            self.list.item_model().refresh_rows(shown_ahead)
            if self.detail is not None and self.detail.id in shown_ahead:
                self._show_item(self.detail.id)

    # Loading.

    def _show_page(self) -> None:
        empty = self.store.is_empty()
        self.stack.setCurrentWidget(self.empty if empty else self.splitter)
        if empty:
            self.pane.show_html(render_message(self.tr("Nothing to read yet")))
            self._status()
            return
        self.refresh(keep=self._saved_item)

    def refresh(self, *, keep: int | None = None) -> None:
        """Read the tree counts, the list and the timeline again."""
        self.load_tree()
        self.loader.load(keep=keep)

    def load_tree(self) -> None:
        """Counts first, then the sources' years, months and days, which take longer to count."""

        def quick(store: Store, _report: Report) -> tuple[TreeNode, ...]:
            return store.tree(periods=False)

        def full(store: Store, _report: Report) -> tuple[TreeNode, ...]:
            return store.tree()

        def then_full(nodes: tuple[TreeNode, ...]) -> None:
            self._on_tree(nodes, final=False)
            self.jobs.submit(full, self._on_tree, failed=self._say)

        self.jobs.submit(quick, then_full, failed=self._say)

    def update_tree(self, kinds: Collection[Kind], sources: Collection[int] | None = None) -> None:
        """Count again only the top-level nodes of ``kinds`` (and of Sources, only ``sources``)."""
        wanted, some = frozenset(kinds), None if sources is None else frozenset(sources)

        def job(store: Store, _report: Report) -> tuple[TreeNode, ...]:
            return store.tree(wanted, sources=some)

        def done(nodes: tuple[TreeNode, ...]) -> None:
            self.tree.update_nodes(nodes, some_sources=some is not None)
            self._on_tree_shown(final=True)

        self.jobs.submit(job, done, failed=self._say)

    def _on_tree(self, nodes: tuple[TreeNode, ...], *, final: bool = True) -> None:
        self.tree.set_nodes(nodes)
        self._on_tree_shown(final=final)

    def _on_tree_shown(self, *, final: bool) -> None:
        if self._saved_expanded is not None:
            self.tree.expand_keys(self._saved_expanded)
            self._saved_expanded = None
        if not self.tree.select_key(self.loader.filter.key, notify=False) and final:
            # The node is gone (a tag deleted, a store swapped): show everything instead.
            self.tree.select_key(Filter().key, notify=False)
            self._on_filter(Filter())
        self._status()

    def _load_timeline(self) -> None:
        flt, query = self.loader.filter, self.loader.query

        def job(store: Store, _report: Report) -> list[MonthCount]:
            return store.histogram(flt, query)

        if self._timeline_ticket is not None:
            self._timeline_ticket.cancel()  # a newer node or search: its months are no longer wanted
        self._timeline_ticket = self.jobs.submit(job, self.timeline.set_counts, failed=self._say)
        self.timeline.set_selected(flt.month_shown)

    def _on_filter(self, flt: Filter) -> None:
        self.loader.filter = flt
        self.loader.load()

    def _on_search(self, query: Query | None) -> None:
        self.loader.query = query
        self.loader.load()
        self._render()

    def _on_invalid_search(self, _why: str) -> None:
        self.loader.clear()
        self.timeline.set_counts([])
        self._status()

    def _on_month(self, year: int, month: int) -> None:
        self.tree.select_key(self.loader.filter.month(year, month).key)

    def _on_loaded(self, _count: int) -> None:
        self._status()
        # After the list, not beside it: on two cores both would read the same index at once.
        self._load_timeline()

    def _status(self) -> None:
        shown, total = self.list.model().rowCount(), self.tree.tree_model().total()
        self.shown_label.setText(status_text(shown, total, found=self.loader.query is not None))

    def _say(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # The item.

    def _show_item(self, item_id: int | None) -> None:
        if item_id is None or self.detail is None or item_id != self.detail.id:
            self._shown_chars = SHOWN_CHARS
        self.detail = self.store.item(item_id) if item_id is not None else None
        if self.detail is not None and self.writer.pending:
            self.detail = self.ahead.over(self.detail)
        self.note.show_note(self.detail.id if self.detail else None, self.detail.note if self.detail else "")
        self.annotations.show_item(self.detail.id if self.detail else None)
        self.pane.set_bookmarked(self.detail.bookmarked if self.detail else None)
        self.pane.set_highlights(self.detail.highlights if self.detail else ())
        self._render()

    def _render(self, *, keep_position: bool = False) -> None:
        if self.detail is None:
            self.pane.show_html(
                render_message(self.tr("No item selected"), self.tr("Choose an item in the list."))
            )
            return
        terms = self.loader.query.terms if self.loader.query else ()
        self.pane.show_html(
            render_item(self.detail, terms, self._shown_chars, _PANE_WORDS), keep_position=keep_position
        )

    def _link_clicked(self, link: str) -> None:
        if link == MORE_URL:
            self.show_more()

    def show_more(self) -> None:
        """Show the next part of a text too long to show at once, where the reader is."""
        self._shown_chars += SHOWN_CHARS
        self._render(keep_position=True)

    def _apply_scheme(self) -> None:
        self.pane.set_stylesheet(reading_stylesheet(is_dark(self.palette())))

    def page(self) -> None:
        if not self.pane.page_down():
            self.list.move_by(1)

    def toggle_bookmark(self, item_id: int | None = None) -> None:
        """Bookmark an item (the one shown by default), or remove its bookmark; undoable."""
        if item_id is None and self.detail is not None:
            item_id = self.detail.id
        if item_id is None:
            return
        row = self.list.item_model().row_data(self.list.item_model().row_of(item_id))
        on = not (row.bookmarked if row is not None else self.detail is not None and self.detail.bookmarked)
        self.undo_stack.push(SetBookmark(self.write, item_id, on, self._show_bookmark))

    def _show_bookmark(self, item_id: int, on: bool) -> None:
        """Show a bookmark before it lands, which is at once unless another program is writing."""
        self.ahead.bookmark(item_id, on)
        self.list.item_model().show_bookmark(item_id, on)
        if self.detail is not None and self.detail.id == item_id:
            self.detail = replace(self.detail, bookmarked=on)
            self._render()

    def write(self, mutation: Write, *, failed: Failed | None = None) -> None:
        """Hand a change to the store's writer; its ``Changes`` are shown when it lands."""
        said = failed or self._say

        def refused(message: str) -> None:
            self._refused = True
            said(message)

        self.writer.submit(mutation, self.apply_changes, failed=refused)

    def highlight_selection(self) -> None:
        """Highlight the words selected in the reading pane, with a colour and a comment asked for."""
        selected = self.pane.selected_quote()
        if self.detail is None or selected is None:
            self._say(self.tr("Select some words in the reading pane to highlight them."))
            return
        quote, prefix, suffix = selected
        asked = self._ask_highlight(self, quote)
        if asked is None:
            return
        color, note = asked
        self.undo_stack.push(
            AddHighlight(self.write, self.detail.id, Quote(quote, prefix, suffix), color, note)
        )

    def edit_highlight(self, highlight_id: int) -> None:
        """Change the colour or comment of a highlight of the item shown, or delete it; undoable."""
        if self.detail is None:
            return
        highlight = next((h for h in self.detail.highlights if h.id == highlight_id), None)
        edit = None if highlight is None else self._edit_highlight(self, highlight)
        if highlight is None or edit is None:
            return
        if edit.delete:
            self.undo_stack.push(RemoveHighlight(self.write, self.detail.id, highlight))
        elif (edit.color, edit.note) != (highlight.color, highlight.note):
            self.undo_stack.push(EditHighlight(self.write, highlight, edit.color, edit.note))

    def add_tag(self) -> None:
        """Tag the item shown, or every selected item when several are: one undo step."""
        if self.detail is None:
            return
        existing = self.store.tag_names()
        name = " ".join((self._ask_tag(self, existing) or "").split())
        if not name:
            return
        name = next((t for t in existing if t.casefold() == name.casefold()), name)  # as it is spelt
        chosen = self.list.selected_ids()
        if chosen and chosen != [self.detail.id]:
            if set(chosen) <= (tagged_items(self.store, name) or set()):
                return  # every one has it already: nothing to do, and no step to undo
            self.undo_stack.push(TagItems(self.write, chosen, name, True))
            self._say(self.tr("%Ln item(s) tagged “%1”.", "", len(chosen)).replace("%1", name))
        elif name.casefold() not in {t.casefold() for t in self.detail.tags}:
            self.undo_stack.push(SetTag(self.write, self.detail.id, name, True))

    def remove_tag(self, name: str) -> None:
        """Take a tag off the item shown, or off every selected item when several are."""
        chosen = self.list.selected_ids()
        if chosen and (self.detail is None or chosen != [self.detail.id]):
            self.undo_stack.push(TagItems(self.write, chosen, name, False))
            self._say(self.tr("Tag “%1” taken off %Ln item(s).", "", len(chosen)).replace("%1", name))
        elif self.detail is not None:
            self.undo_stack.push(SetTag(self.write, self.detail.id, name, False))

    def _fill_untag_menu(self, menu: QMenu) -> None:
        """The tags of the item shown, or every tag any selected item carries."""
        menu.clear()
        chosen = self.list.selected_ids()
        names = self.detail.tags if self.detail and chosen == [self.detail.id] else self.store.tags_of(chosen)
        for name in names:
            menu.addAction(name, partial(self.remove_tag, name))
        menu.setEnabled(not menu.isEmpty())

    def _note_edited(self, item_id: int, old: str, new: str) -> None:
        self.undo_stack.push(SetNote(self.write, item_id, old, new, self._show_note))

    def _show_note(self, item_id: int, text: str) -> None:
        self.ahead.note(item_id, text)
        if self.detail is not None and self.detail.id == item_id:
            self.detail = replace(self.detail, note=text)
            self.note.show_note(item_id, text)  # an undo's text at once; typing goes on untouched

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a mutation changed, and nothing else; then say so (``changesApplied``)."""
        if not changes.any:
            return
        self._apply_changes(changes)
        self.changesApplied.emit(changes)

    def _apply_changes(self, changes: Changes) -> None:
        if self.stack.currentWidget() is self.empty:
            self._show_page()  # the first items of a store: everything is new
            return
        imported = bool(
            changes.items_added or changes.items_merged or changes.items_changed or changes.items_removed
        )
        self._update_counts(changes, imported)
        survivors = {survivor for _, survivor in changes.items_merged}
        touched = changes.annotations | changes.items_changed | survivors
        self.list.item_model().refresh_rows(touched)
        flagged = self.loader.filter.kind in (Kind.BOOKMARKED, Kind.ANNOTATED, Kind.TAG, Kind.TAGS)
        if imported or (flagged and (changes.annotations or changes.tags)):
            self.loader.load()
        if changes.annotations or changes.tags or changes.items_merged or changes.items_removed:
            self.annotations.reload()
        if self.detail is not None and self.detail.id in changes.items_removed:
            self._show_item(None)
        elif self.detail is not None:
            gone = dict(changes.items_merged).get(self.detail.id)
            if gone is not None or self.detail.id in touched:
                self._show_item(gone if gone is not None else self.detail.id)

    def _on_changed_elsewhere(self) -> None:
        """Another program (``reader import`` in a terminal) wrote to the store: read it again."""
        if self.jobs.busy:
            self._stale = True  # once what is being read now is shown, so reads never pile up
            return
        if self.stack.currentWidget() is self.empty:
            self._show_page()
        else:
            self.refresh(keep=self.list.current_id())

    def _on_jobs_busy(self, busy: bool) -> None:
        if not busy and self._stale:
            self._stale = False
            self._on_changed_elsewhere()

    def go_to_item(self, item_id: int) -> None:
        """Show an item chosen outside the list (the annotations panel): in the list if it is
        there, else in All items."""
        if self.list.select_id(item_id):
            return
        self.search.set_text("")
        self.tree.select_key(Filter().key, notify=False)
        self.loader.filter, self.loader.query = Filter(), None
        self.loader.load(keep=item_id)

    def _update_counts(self, changes: Changes, imported: bool) -> None:
        kinds: set[Kind] = set()
        if imported:
            kinds |= {Kind.ALL, Kind.LAST_IMPORT, Kind.SOURCES, Kind.DATES, Kind.UNDATED}
        if changes.annotations or changes.items_merged:
            kinds |= {Kind.BOOKMARKED, Kind.ANNOTATED}
        if changes.tags or changes.items_merged:
            kinds.add(Kind.TAGS)
        if changes.sources:
            kinds.add(Kind.SOURCES)
        if kinds:
            sources = changes.source_ids if Kind.SOURCES in kinds and changes.source_ids else None
            self.update_tree(kinds, sources)

    def show_saved_page(self) -> SavedPageView | None:
        """The page the item shown was cut from, as it was saved, in a window of its own."""
        if self.detail is None:
            return None
        view = SavedPageView(self.store, self.detail.id, self.write, self.undo_stack.push, self)
        self.changesApplied.connect(view.follow)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.show()
        return view

    def copy_text(self) -> None:
        if self.detail is not None:
            QGuiApplication.clipboard().setText(plain_text(self.detail))

    def copy_markdown(self) -> None:
        if self.detail is not None:
            QGuiApplication.clipboard().setText(as_markdown(self.detail))

    def show_in_tree(self) -> None:
        if self.detail is None:
            return
        place = self.store.place_of(self.detail.id)
        if place is not None and not self.tree.select_key(place.key):
            self.tree.select_key(Filter(Kind.SOURCE, place.ident).key)

    def list_menu(self) -> QMenu:
        menu = QMenu(self)
        bookmarked = self.detail is not None and self.detail.bookmarked
        menu.addAction(
            self.tr("Remove bookmark") if bookmarked else self.tr("Bookmark"), lambda: self.toggle_bookmark()
        )
        menu.addSeparator()
        menu.addAction(self.tr("Copy text"), self.copy_text)
        menu.addAction(self.tr("Copy as Markdown"), self.copy_markdown)
        menu.addSeparator()
        menu.addAction(self.tr("Show in source tree"), self.show_in_tree)
        return menu

    def tree_menu(self, node: TreeNode) -> QMenu | None:
        """The context menu of a tree node, for the nodes that have one (sources and tags)."""
        if node.kind in (Kind.SOURCE, Kind.TAG) and not node.filter.period:
            return self.source_menu.menu(self, node)
        return None

    def _popup_tree_menu(self, pos: QPoint) -> None:
        node = self.tree.tree_model().node_at(self.tree.indexAt(pos))
        menu = self.tree_menu(node) if node is not None else None
        if menu is not None:
            menu.aboutToHide.connect(menu.deleteLater)
            menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _popup_list_menu(self, pos: QPoint) -> None:
        if self.list.indexAt(pos).isValid():
            menu = self.list_menu()
            menu.aboutToHide.connect(menu.deleteLater)
            menu.popup(self.list.viewport().mapToGlobal(pos))

    def show_shortcuts(self) -> shortcuts.ShortcutsDialog:
        dialog = shortcuts.ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # Importing.

    def import_dumps(self, paths: Sequence[str] = ()) -> ImportWizard:
        """Open the import wizard, with ``paths`` already added (files dropped on the window)."""
        if self.wizard is not None and self.wizard.isVisible():
            if paths:
                self.wizard.files_page.add_paths(paths)
            self.wizard.raise_()
            return self.wizard
        wizard = ImportWizard(
            self.store,
            self.jobs,
            self.settings,
            paths,
            ask_files=self._ask_files,
            ask_folder=self._ask_folder,
            parent=self,
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._wizard_imported)
        wizard.showNewItems.connect(self.show_last_import)
        wizard.destroyed.connect(lambda: setattr(self, "wizard", None))
        self.wizard = wizard
        wizard.open()
        return wizard

    def export_annotations(self) -> Path | None:
        """Every bookmarked, tagged, noted or highlighted item to a JSON, Markdown or CSV file."""
        folder = self.settings.value("export/folder", None)
        target = exporting.export_annotations(
            self, self.jobs, self._say, self._ask_export_path, str(folder) if folder else None
        )
        if target is not None:
            self.settings.setValue("export/folder", str(target.parent))
        return target

    def show_imports(self) -> ImportHistory:
        dialog = ImportHistory(self.store.imports(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.removeRequested.connect(self.remove_import)
        dialog.open()
        return dialog

    def remove_import(self, record: ImportRecord) -> None:
        """Ask, then take the import back; Undo imports the file again."""
        drop = self._confirm_removal(self, record, self.store.removal_plan(record.id))
        if drop is not None:
            self.undo_stack.push(RemoveImport(self.writer, record, drop, self.apply_changes, self._say))

    def show_last_import(self) -> None:
        """Select the tree's Last import node: the items the latest import added or merged into."""
        if self.loader.query is not None:
            self.search.set_text("")  # every new item, not those a search left
        self.tree.select_key(Filter(Kind.LAST_IMPORT).key)
        self.list.setFocus()

    def delete_source(self, name: str) -> None:
        """Count what deleting a source would take away (in the background: seconds for a source
        of half a million items), ask, then delete it with its imports; Undo imports its files
        again."""

        def job(store: Store, _report: Report) -> SourcePlan:
            return store.source_deletion_plan(name)

        def planned(plan: SourcePlan) -> None:
            self._say("")
            drop = self._confirm_deletion(self, plan)
            if drop is not None:
                self.undo_stack.push(DeleteSource(self.writer, name, drop, self.apply_changes, self._say))

        self._say(self.tr("Counting what deleting %1 would take away…").replace("%1", name))
        self.jobs.submit(job, planned, failed=self._say)

    def _wizard_imported(self, changes: Changes) -> None:
        self._say(self.tr("Import finished."))
        self.apply_changes(changes)
        self.care.check()

    def _after_restore(self) -> None:
        """Everything read again from a store a restore replaced; marks made before cannot be undone."""
        self.undo_stack.clear()
        self.detail = None
        self.annotations.reload()
        self._show_page()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_dumps(paths)

    def import_samples(self) -> None:
        self.run_import([str(p) for p in sample_dumps()], SAMPLE_SOURCE)

    def run_import(self, paths: Sequence[str], source: str | None) -> None:
        self.empty.set_busy(self.tr("Importing…"))
        self._say(self.tr("Importing…"))
        self.jobs.submit(
            import_job(paths, source), self._imported, failed=self._import_failed, progress=self._say
        )

    def _imported(self, results: list[ImportResult]) -> None:
        self.empty.set_busy("")
        self._say(summary(results))
        changes = Changes()
        for result in results:
            changes |= result.changes
        self.apply_changes(changes)
        self.care.check()

    def _import_failed(self, message: str) -> None:
        self.empty.set_busy("")
        self._say(message)


def _dropped_paths(data: QMimeData | None) -> list[str]:
    """The local files and folders of a drop; anything else (text, web links) is not taken."""
    if data is None or not data.hasUrls():
        return []
    return [url.toLocalFile() for url in data.urls() if url.isLocalFile()]


def status_text(shown: int, total: int | None, *, found: bool) -> str:
    """The status bar's count of the items in the list."""
    tr = QCoreApplication.translate
    if total is None:
        return (
            tr("MainWindow", "%Ln item(s) found", "", shown)
            if found
            else tr("MainWindow", "%Ln item(s)", "", shown)
        )
    text = (
        tr("MainWindow", "%1 of %Ln item(s) found", "", total)
        if found
        else tr("MainWindow", "%1 of %Ln item(s)", "", total)
    )
    return text.replace("%1", QLocale().toString(shown))


def _column(*widgets: tuple[QWidget, int], margins: tuple[int, int, int, int]) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(*margins)
    layout.setSpacing(4)
    for widget, stretch in widgets:
        layout.addWidget(widget, stretch)
    return box
