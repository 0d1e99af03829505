"""One window per store: starting the app again on the same store brings its window to the front."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtNetwork import QLocalServer

from reader.ui.onewindow import Other, WindowServer, ask_other_window, server_name


def test_a_second_start_on_the_same_store_brings_the_first_window_forward(qtbot, open_window, store):
    window = open_window(store)
    server = WindowServer(window)
    assert server.listen(store.path) == ""
    window.showMinimized()
    # The same store by another spelling of its path.
    spelled = Path(store.path.parent, ".", store.path.name)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "reader", "--db", str(spelled)]
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with qtbot.waitSignal(server.broughtForward, timeout=60000):
            pass
        out, err = second.communicate(timeout=30)
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    assert second.returncode == 0, err
    assert out.strip() == f"reader: {spelled} is open in a window already; it was brought to the front"
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    server.close()


def test_another_store_finds_no_window_of_its_own(qtbot, open_window, store, tmp_path):
    window = open_window(store)
    server = WindowServer(window)
    assert server.listen(store.path) == ""
    assert server_name(tmp_path / "other.db") != server_name(store.path)
    assert ask_other_window(tmp_path / "other.db") is Other.NONE
    server.close()


def test_a_window_that_does_not_answer_is_said(tmp_path):
    store = tmp_path / "store.db"
    silent = QLocalServer()
    assert silent.listen(server_name(store))
    try:
        assert ask_other_window(store, timeout_ms=300) is Other.SILENT
    finally:
        silent.close()


def test_the_socket_left_by_a_crashed_window_is_taken_over(qtbot, open_window, store):
    left = Path(QDir.tempPath(), server_name(store.path))
    crashed = socket.socket(socket.AF_UNIX)
    crashed.bind(str(left))
    crashed.close()  # the file stays, as after a crash, with no one listening
    try:
        assert ask_other_window(store.path) is Other.NONE
        server = WindowServer(open_window(store))
        assert server.listen(store.path) == ""
        assert ask_other_window(store.path, timeout_ms=300) is not Other.NONE  # someone listens again
        server.close()
    finally:
        left.unlink(missing_ok=True)
