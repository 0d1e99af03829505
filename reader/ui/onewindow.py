"""One window per store: starting the app again on a store that a window already shows brings that
window to the front instead of opening a second one beside it.

The window listens on a local socket named after the store's resolved path; a later start connects
to it, asks it to come forward and waits for its answer. A start on another store finds no one
listening there and opens its own window.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

_COME_FORWARD = b"come forward\n"
_CAME = b"came\n"
ANSWER_MS = 3000


class Other(Enum):
    """What a start found of another window on its store."""

    NONE = "none"  # no window shows this store
    RAISED = "raised"  # one does, and it came to the front
    SILENT = "silent"  # one listens but did not answer in time (busy or hung)


def server_name(store: Path) -> str:
    """The socket name of the window of ``store``: the same for every spelling of its path, and
    apart for each user (the home folder is part of it)."""
    key = f"{Path.home()}\0{store.resolve()}".encode("utf-8", "surrogateescape")
    return "dump-reader-" + hashlib.sha256(key).hexdigest()[:24]


def ask_other_window(store: Path, timeout_ms: int = ANSWER_MS) -> Other:
    """Ask the window already showing ``store``, if any, to come to the front."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(store))
    if not socket.waitForConnected(timeout_ms):
        return Other.NONE  # nobody listens, or only the socket file of a window that crashed
    socket.write(_COME_FORWARD)
    socket.waitForBytesWritten(timeout_ms)
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readLine().data()) == _CAME
    socket.disconnectFromServer()
    return Other.RAISED if answered else Other.SILENT


class WindowServer(QObject):
    """Listens for later starts on the same store and brings ``window`` to the front for them."""

    broughtForward = Signal()

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self._window = window
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)

    def listen(self, store: Path) -> str:
        """Start listening for ``store``: "" when it does, else why not (one line)."""
        name = server_name(store)
        if self._server.listen(name):
            return ""
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # No window answered at start, so the socket file is one a crashed window left.
            QLocalServer.removeServer(name)
            if self._server.listen(name):
                return ""
        return self._server.errorString()

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(partial(self._on_request, socket))
            socket.disconnected.connect(socket.deleteLater)

    def _on_request(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == _COME_FORWARD:
            bring_to_front(self._window)
            socket.write(_CAME)
            socket.flush()
            self.broughtForward.emit()


def bring_to_front(window: QWidget) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
