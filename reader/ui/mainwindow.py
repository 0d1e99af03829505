"""The main window: the tree and timeline, the search box and item list, the reading pane.

Wiring only: the panes do their own drawing, ``browse`` answers the queries, ``render`` writes the
HTML, and long work goes to ``Jobs``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPalette, QShowEvent
from PySide6.QtWidgets import (
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
from reader.model import Changes, ItemDetail
from reader.render import plain_text, render_item, render_message
from reader.store import browse, items
from reader.store.browse import Column, Filter, Kind, Sort
from reader.store.importer import ImportResult
from reader.store.searchsyntax import Query
from reader.store.store import Store
from reader.ui import shortcuts
from reader.ui.emptystate import EmptyState
from reader.ui.importing import SAMPLE_SOURCE, AskPaths, ask_dump_files, import_job, sample_dumps, summary
from reader.ui.itemlist import ItemList, ItemListModel
from reader.ui.listloader import ListLoader
from reader.ui.plaintext import plain
from reader.ui.readingpane import ReadingPane, reading_stylesheet
from reader.ui.searchbox import SearchBox
from reader.ui.sourcetree import SourceTree
from reader.ui.timeline import Timeline
from reader.ui.workers import Jobs, Report, Ticket


def is_dark(palette: QPalette) -> bool:
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: QSettings, *, ask_paths: AskPaths = ask_dump_files) -> None:
        super().__init__()
        self.store, self.settings, self._ask_paths = store, settings, ask_paths
        self.setWindowTitle("Dump Reader")
        self.detail: ItemDetail | None = None
        self._timeline_ticket: Ticket | None = None
        self.jobs = Jobs(store.connect, self)
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
        self.list = ItemList(ItemListModel(lambda ids: browse.list_rows(self.store.conn, ids)))
        self.pane = ReadingPane()
        self.loader = ListLoader(self.jobs, self.list, self)
        left = _column((self.tree, 1), (self.timeline, 0), margins=(0, 6, 0, 4))
        middle = _column((self.search, 0), (self.list, 1), margins=(0, 6, 0, 0))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("panes")
        for pane, stretch in ((left, 0), (middle, 1), (self.pane, 2)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([240, 600, 620])
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        self.setCentralWidget(self.stack)
        self.shown_label, self.path_label = QLabel(), plain(QLabel(str(self.store.path)))
        self.path_label.setObjectName("storePath")
        self.busy = QProgressBar(maximumWidth=110, maximumHeight=12, textVisible=False)
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.statusBar().addWidget(self.shown_label)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.path_label)

    def _wire(self) -> None:
        self.tree.filterChosen.connect(self._on_filter)
        self.search.searchChanged.connect(self._on_search)
        self.search.done.connect(lambda: self.list.setFocus())
        self.list.currentItemChanged.connect(self._show_item)
        self.list.customContextMenuRequested.connect(self._popup_list_menu)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._say)
        self.timeline.monthClicked.connect(self._on_month)
        self.jobs.busyChanged.connect(self.busy.setVisible)
        self.empty.importRequested.connect(self.import_dumps)
        self.empty.samplesRequested.connect(self.import_samples)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self._apply_scheme())

    def _handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "search": self.search.focus,
            "next": lambda: self.list.move(1),
            "previous": lambda: self.list.move(-1),
            "page": self.page,
            "bookmark": self.toggle_bookmark,
            "focus_tree": self.tree.setFocus,
            "focus_list": self.list.setFocus,
            "focus_reading": self.pane.setFocus,
            "refresh": self.refresh,
            "import": self.import_dumps,
            "help": self.show_shortcuts,
            "quit": self.close,
        }

    def _menus(self) -> None:
        a = self.actions_by_name
        a["import"].setText("&Import dumps…")
        a["quit"].setText("&Quit")
        a["refresh"].setText("&Refresh")
        a["help"].setText("&Keyboard shortcuts")
        a["bookmark"].setText("&Bookmark")
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([a["import"]])
        file_menu.addAction("Open the &sample dumps", self.import_samples)
        file_menu.addSeparator()
        file_menu.addActions([a["refresh"], a["quit"]])
        go = bar.addMenu("&Go")
        go.addActions([a[n] for n in ("search", "next", "previous", "page")])
        go.addSeparator()
        go.addActions([a[n] for n in ("focus_tree", "focus_list", "focus_reading")])
        item = bar.addMenu("&Item")
        item.addAction(a["bookmark"])
        item.addAction("Copy &text", self.copy_text)
        item.addAction("Copy as &Markdown", self.copy_markdown)
        item.addAction("Show in source &tree", self.show_in_tree)
        bar.addMenu("&Help").addAction(a["help"])

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
        self.list.item_model().set_sort(
            Sort(
                Column(header.sortIndicatorSection()),
                header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
            )
        )
        self.loader.filter = Filter.from_key(str(s.value("tree/node", Filter().key)))
        self._saved_item = _int(s.value("list/item"))
        self._saved_expanded: list[str] | None = _strings(
            s.value("tree/expanded", [Filter(Kind.SOURCES).key])
        )

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
        self.save_settings()
        self.jobs.shutdown()
        super().closeEvent(event)

    # Loading.

    def _show_page(self) -> None:
        empty = browse.is_empty(self.store.conn)
        self.stack.setCurrentWidget(self.empty if empty else self.splitter)
        if empty:
            self.pane.show_html(render_message("Nothing to read yet"))
            self._status()
            return
        self.refresh(keep=self._saved_item)

    def refresh(self, *, keep: int | None = None) -> None:
        """Read the tree counts, the list and the timeline again."""
        self.load_tree()
        self.loader.load(keep=keep)

    def load_tree(self) -> None:
        """Counts first, then the sources' years, months and days, which take longer to count."""

        def quick(conn: sqlite3.Connection, _report: Report) -> tuple[browse.TreeNode, ...]:
            return browse.load_tree(conn, source_periods=False)

        def full(conn: sqlite3.Connection, _report: Report) -> tuple[browse.TreeNode, ...]:
            return browse.load_tree(conn)

        def then_full(nodes: tuple[browse.TreeNode, ...]) -> None:
            self._on_tree(nodes, final=False)
            self.jobs.submit(full, self._on_tree, failed=self._say)

        self.jobs.submit(quick, then_full, failed=self._say)

    def _on_tree(self, nodes: tuple[browse.TreeNode, ...], *, final: bool = True) -> None:
        self.tree.set_nodes(nodes)
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

        def job(conn: sqlite3.Connection, _report: Report) -> list[tuple[int, int, int]]:
            return browse.month_histogram(conn, flt, query)

        if self._timeline_ticket is not None:
            self._timeline_ticket.cancel()  # a newer node or search: its months are no longer wanted
        self._timeline_ticket = self.jobs.submit(job, self.timeline.set_counts, failed=self._say)
        month = (int(flt.period[:4]), int(flt.period[5:7])) if flt.period and len(flt.period) >= 7 else None
        self.timeline.set_selected(month)

    def _on_filter(self, flt: Filter) -> None:
        self.loader.filter = flt
        self.loader.load()

    def _on_search(self, query: Query | None) -> None:
        self.loader.query = query
        self.loader.load()
        self._render()

    def _on_month(self, year: int, month: int) -> None:
        self.tree.select_key(self.loader.filter.month(year, month).key)

    def _on_loaded(self, _count: int) -> None:
        self._status()
        # After the list, not beside it: on two cores both would read the same index at once.
        self._load_timeline()

    def _status(self) -> None:
        shown, total = self.list.model().rowCount(), self.tree.tree_model().total()
        what = "item" if shown == 1 else "items"
        text = f"{shown:,} of {total:,} items" if total is not None else f"{shown:,} {what}"
        self.shown_label.setText(text + (" found" if self.loader.query else ""))

    def _say(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # The item.

    def _show_item(self, item_id: int | None) -> None:
        self.detail = items.load_item(self.store.conn, item_id) if item_id is not None else None
        self._render()

    def _render(self) -> None:
        if self.detail is None:
            self.pane.show_html(render_message("No item selected", "Choose an item in the list."))
            return
        terms = self.loader.query.terms if self.loader.query else ()
        self.pane.show_html(render_item(self.detail, terms))

    def _apply_scheme(self) -> None:
        self.pane.set_stylesheet(reading_stylesheet(is_dark(self.palette())))

    def page(self) -> None:
        if not self.pane.page_down():
            self.list.move(1)

    def toggle_bookmark(self) -> None:
        if self.detail is not None:
            self.apply_changes(self.store.set_bookmark(self.detail.id, not self.detail.bookmarked))

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what a mutation changed, and nothing else."""
        if not changes.any:
            return
        if changes.items_added or changes.items_merged or changes.sources:
            self._show_page()
            return
        touched = changes.annotations | changes.items_changed
        self.list.item_model().refresh_rows(touched)
        self.load_tree()
        if self.loader.filter.kind in (Kind.BOOKMARKED, Kind.ANNOTATED, Kind.TAG, Kind.TAGS):
            self.loader.load()
        if self.detail is not None and self.detail.id in touched:
            self._show_item(self.detail.id)

    def copy_text(self) -> None:
        if self.detail is not None:
            QGuiApplication.clipboard().setText(plain_text(self.detail))

    def copy_markdown(self) -> None:
        if self.detail is not None:
            QGuiApplication.clipboard().setText(as_markdown(self.detail))

    def show_in_tree(self) -> None:
        if self.detail is None:
            return
        source, day = browse.item_period(self.store.conn, self.detail.id)
        if source is not None and not self.tree.select_key(Filter(Kind.SOURCE, source, day).key):
            self.tree.select_key(Filter(Kind.SOURCE, source).key)

    def list_menu(self) -> QMenu:
        menu = QMenu(self)
        bookmarked = self.detail is not None and self.detail.bookmarked
        menu.addAction("Remove bookmark" if bookmarked else "Bookmark", self.toggle_bookmark)
        menu.addSeparator()
        menu.addAction("Copy text", self.copy_text)
        menu.addAction("Copy as Markdown", self.copy_markdown)
        menu.addSeparator()
        menu.addAction("Show in source tree", self.show_in_tree)
        return menu

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

    def import_dumps(self) -> None:
        paths = list(self._ask_paths(self))
        if paths:
            self.run_import(paths, None)

    def import_samples(self) -> None:
        self.run_import([str(p) for p in sample_dumps()], SAMPLE_SOURCE)

    def run_import(self, paths: Sequence[str], source: str | None) -> None:
        self.empty.set_busy("Importing…")
        self._say("Importing…")
        self.jobs.submit(
            import_job(paths, source), self._imported, failed=self._import_failed, progress=self._say
        )

    def _imported(self, results: list[ImportResult]) -> None:
        self.empty.set_busy("")
        self._say(summary(results))
        self._show_page()

    def _import_failed(self, message: str) -> None:
        self.empty.set_busy("")
        self._say(message)


def _column(*widgets: tuple[QWidget, int], margins: tuple[int, int, int, int]) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(*margins)
    layout.setSpacing(4)
    for widget, stretch in widgets:
        layout.addWidget(widget, stretch)
    return box


def _strings(value: object) -> list[str]:
    """A list saved in QSettings; INI files give back a lone string for a list of one."""
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
