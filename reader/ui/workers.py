"""Background jobs: a function runs on a pool thread with a store session of its own, and its
result, progress or failure comes back to the GUI thread as a call of the callbacks given.

Jobs never touch widgets. A job can be cancelled: its session is interrupted and whatever it still
delivers is dropped, which is how a search typed over an earlier one supersedes it.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from reader.model import Interrupted, UserError
from reader.storage import Store

log = logging.getLogger(__name__)

Report = Callable[[Any], None]
JobFn = Callable[[Store, Report], Any]


@dataclass(eq=False)
class Ticket:
    """A submitted job; ``cancel()`` interrupts its reads and drops what it would deliver."""

    ident: int
    done: Callable[[Any], None]
    failed: Callable[[str], None] | None = None
    progress: Callable[[Any], None] | None = None
    cancelled: bool = False
    session: Store | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            if self.session is not None:
                self.session.interrupt()


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from pool threads reach it queued."""

    done = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, object)


class Jobs(QObject):
    """Runs functions off the GUI thread, each with a new session from ``open_session``."""

    busyChanged = Signal(bool)

    def __init__(self, open_session: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_session = open_session
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(3)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.progress.connect(self._on_progress)
        self._tickets: dict[int, Ticket] = {}
        self._ids = itertools.count(1)

    @property
    def busy(self) -> bool:
        return bool(self._tickets)

    def submit(
        self,
        fn: JobFn,
        done: Callable[[Any], None],
        *,
        failed: Callable[[str], None] | None = None,
        progress: Callable[[Any], None] | None = None,
    ) -> Ticket:
        ticket = Ticket(next(self._ids), done, failed, progress)
        was_busy = self.busy
        self._tickets[ticket.ident] = ticket
        self._pool.start(_Runner(self._open_session, fn, ticket, self._relay))
        if not was_busy:
            self.busyChanged.emit(True)
        return ticket

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every job to end (for shutdown and tests); True when none is left running."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        for ticket in list(self._tickets.values()):
            ticket.cancel()
        self._pool.waitForDone()

    def _finish(self, ident: int) -> Ticket | None:
        ticket = self._tickets.pop(ident, None)
        if ticket is not None and not self._tickets:
            self.busyChanged.emit(False)
        return None if ticket is None or ticket.cancelled else ticket

    @Slot(int, object)
    def _on_done(self, ident: int, result: object) -> None:
        if (ticket := self._finish(ident)) is not None:
            ticket.done(result)

    @Slot(int, str)
    def _on_failed(self, ident: int, message: str) -> None:
        if (ticket := self._finish(ident)) is not None and ticket.failed is not None:
            ticket.failed(message)

    @Slot(int, object)
    def _on_progress(self, ident: int, value: object) -> None:
        ticket = self._tickets.get(ident)
        if ticket is not None and not ticket.cancelled and ticket.progress is not None:
            ticket.progress(value)


class _Runner(QRunnable):
    def __init__(self, open_session: Callable[[], Store], fn: JobFn, ticket: Ticket, relay: _Relay) -> None:
        super().__init__()
        self._open_session, self._fn, self._ticket, self._relay = open_session, fn, ticket, relay

    def run(self) -> None:
        ident = self._ticket.ident
        session = None
        try:
            session = self._open()
            result = self._fn(session, lambda value: self._relay.progress.emit(ident, value))
        except UserError as error:
            self._relay.failed.emit(ident, str(error))
        except Interrupted:
            # Only a cancelled ticket interrupts; what it would deliver is dropped on arrival.
            self._relay.done.emit(ident, None)
        except Exception as error:
            log.exception("a background job failed")
            self._relay.failed.emit(ident, f"Something went wrong: {error}")
        else:
            self._relay.done.emit(ident, result)
        finally:
            self._close(session)

    def _open(self) -> Store:
        session = self._open_session()
        with self._ticket.lock:
            self._ticket.session = session
            if self._ticket.cancelled:
                session.interrupt()
        return session

    def _close(self, session: Store | None) -> None:
        if session is None:
            return
        with self._ticket.lock:
            self._ticket.session = None
        session.close()
