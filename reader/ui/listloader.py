"""Loads what the item list shows (a node, a search, a sort) off the GUI thread, shows the first rows
as soon as they are read, and keeps the selected item selected across reloads."""

from __future__ import annotations

from array import array

from PySide6.QtCore import QObject, Signal

from reader.model import Filter, Query, Sort
from reader.storage import Store
from reader.ui.itemlist import ItemList
from reader.ui.workers import Jobs, Report, Ticket


class ListLoader(QObject):
    loaded = Signal(int)  # rows now shown
    failed = Signal(str)

    def __init__(self, jobs: Jobs, view: ItemList, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._view = view
        self._model = view.item_model()
        self.filter = Filter()
        self._query: Query | None = None
        # Set by ``clear``: the search box holds a query that cannot be run, so no node shows rows
        # until a new search is set.
        self._cleared = False
        self._ticket: Ticket | None = None
        self._keep: int | None = None
        self._model.sortRequested.connect(lambda _sort: self.load())

    @property
    def sort(self) -> Sort:
        return self._model.current_sort

    @property
    def query(self) -> Query | None:
        return self._query

    @query.setter
    def query(self, query: Query | None) -> None:
        self._query = query
        self._cleared = False

    @property
    def loading(self) -> bool:
        return self._ticket is not None

    def load(self, *, keep: int | None = None) -> None:
        """Read the ids again; the item ``keep`` (or the one selected now) stays selected if shown."""
        if self._cleared:
            self.clear()
            return
        if self._ticket is not None:
            self._ticket.cancel()
        self._keep = keep if keep is not None else self._view.current_id()
        flt, sort, query = self.filter, self.sort, self.query

        def job(store: Store, report: Report) -> array[int]:
            return store.item_ids(flt, sort, query, first=report)

        self._ticket = self._jobs.submit(job, self._done, failed=self._failed, progress=self._first)

    def clear(self) -> None:
        """Show no rows, for a search that cannot be run, until a new search is set."""
        self._cleared = True
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None
        self._keep = None
        self._model.set_ids(array("q"))
        self._view.forget_current()

    def _first(self, ids: array[int]) -> None:
        self._model.set_ids(ids)
        if self._keep is not None and self._view.select_id(self._keep):
            self._keep = None

    def _done(self, ids: array[int]) -> None:
        self._ticket = None
        self._model.extend_ids(ids)
        keep, self._keep = self._keep, None
        if not self._view.select_id(keep) and self._view.current_id() is None and len(ids):
            self._view.select_row(0)
        if not len(ids):
            self._view.forget_current()
        self.loaded.emit(len(ids))

    def _failed(self, message: str) -> None:
        self._ticket = None
        self.failed.emit(message)
