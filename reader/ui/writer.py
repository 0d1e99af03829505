"""The window's one writer: every change the window makes to the store runs here, one after another
in the order asked, on a thread with a store session of its own, so the window never waits for it.

A write that finds the store busy (another program's import holds its write lock) waits and tries
again until it lands: it is never dropped and never reported as failed. ``waitingChanged`` says when
such waiting starts and ends, so the window can show it. Between writes the writer also looks for
commits made by other programs (``check_elsewhere``); its own writes never count as those, since
they go through its own connection.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from reader.model import Changes, StoreBusy, UserError
from reader.storage import Store

log = logging.getLogger(__name__)

# A write blocked by another program waits this long inside SQLite before the writer says it is
# waiting; then it goes on trying, each try waiting as long again.
BUSY_WAIT_MS = 250
# A pause between tries, in case SQLite answers busy without waiting (it can, for a stale snapshot).
_RETRY_PAUSE_S = 0.05

Write = Callable[[Store], Changes]
Failed = Callable[[str], None]


class Submit(Protocol):
    """How a command hands its change to the writer: ``write`` runs on the writer's session, and
    what it returns is applied to the window when it lands; a refusal goes to ``failed``."""

    def __call__(self, write: Write, /, *, failed: Failed | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class _Task:
    ident: int
    run: Callable[[Store], Any]


_CHECK = object()  # the queued look for commits made elsewhere
_STOP = object()


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from the writer thread reach it queued."""

    done = Signal(int, object)
    failed = Signal(int, str)
    waiting = Signal(bool)
    elsewhere = Signal()


class Writer(QObject):
    """Runs writes in order on one thread with a session from ``open_session``."""

    waitingChanged = Signal(bool)  # a write is waiting for another program's write to end
    pendingChanged = Signal(int)  # writes asked for that have not landed yet
    changedElsewhere = Signal()  # another program committed to the store

    def __init__(self, open_session: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_session = open_session
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Failed | None]] = {}
        self._next = 1
        self._check_queued = threading.Event()
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.waiting.connect(self._on_waiting)
        self._relay.elsewhere.connect(self.changedElsewhere)
        self.waiting = False
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(
        self,
        run: Callable[[Store], Any],
        done: Callable[[Any], None] | None = None,
        *,
        failed: Failed | None = None,
    ) -> None:
        """Queue ``run`` after the writes already queued; ``done`` gets its result in the GUI
        thread when it has landed, ``failed`` the sentence of a ``UserError`` it raised."""
        ident, self._next = self._next, self._next + 1
        self._callbacks[ident] = (done, failed)
        self._queue.put(_Task(ident, run))
        self.pendingChanged.emit(self.pending)

    def check_elsewhere(self) -> None:
        """Look, after the writes queued now, whether another program committed to the store."""
        if not self._check_queued.is_set():
            self._check_queued.set()
            self._queue.put(_CHECK)

    def stop(self, msecs: int = 5000) -> bool:
        """End the thread after the writes queued; True when it ended within ``msecs``."""
        self._queue.put(_STOP)
        self._thread.join(msecs / 1000)
        return not self._thread.is_alive()

    # The writer thread.

    def _run(self) -> None:
        try:
            session = self._open()
        except UserError as error:
            self._refuse_all(str(error))
            return
        try:
            session.changed_elsewhere()  # the commits before the window opened are already shown
            while (entry := self._queue.get()) is not _STOP:
                if entry is _CHECK:
                    self._check_queued.clear()
                    if session.changed_elsewhere():
                        self._relay.elsewhere.emit()
                elif isinstance(entry, _Task):
                    self._write(session, entry)
        except Exception:
            log.exception("the store writer stopped")
        finally:
            session.close()

    def _open(self) -> Store:
        while True:
            try:
                return self._open_session()
            except StoreBusy:
                time.sleep(_RETRY_PAUSE_S)

    def _refuse_all(self, message: str) -> None:
        """No session (a damaged or unreadable store): every write is refused with the reason."""
        while (entry := self._queue.get()) is not _STOP:
            if isinstance(entry, _Task):
                self._relay.failed.emit(entry.ident, message)

    def _write(self, session: Store, task: _Task) -> None:
        waiting = False
        try:
            while True:
                try:
                    result = task.run(session)
                except StoreBusy:
                    if not waiting:
                        waiting = True
                        self._relay.waiting.emit(True)
                    time.sleep(_RETRY_PAUSE_S)
                    continue
                except UserError as error:
                    self._relay.failed.emit(task.ident, str(error))
                except Exception as error:
                    log.exception("a write to the store failed")
                    self._relay.failed.emit(task.ident, f"Something went wrong: {error}")
                else:
                    self._relay.done.emit(task.ident, result)
                return
        finally:
            if waiting:
                self._relay.waiting.emit(False)

    # Back in the GUI thread.

    @Slot(int, object)
    def _on_done(self, ident: int, result: object) -> None:
        done, _failed = self._callbacks.pop(ident, (None, None))
        if done is not None:
            done(result)
        self.pendingChanged.emit(self.pending)

    @Slot(int, str)
    def _on_failed(self, ident: int, message: str) -> None:
        _done, failed = self._callbacks.pop(ident, (None, None))
        if failed is not None:
            failed(message)
        self.pendingChanged.emit(self.pending)

    @Slot(bool)
    def _on_waiting(self, waiting: bool) -> None:
        self.waiting = waiting
        self.waitingChanged.emit(waiting)
