"""Starts the window: checks that Qt can reach the display, builds the application, opens the store
and shows the main window."""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.storage import Store

# Debian/Ubuntu package -> the library name ctypes looks for. Qt's xcb platform plugin needs all of
# them; without one it aborts with "Could not load the Qt platform plugin", which names none.
XCB_PACKAGES: dict[str, str] = {
    "libxcb-cursor0": "xcb-cursor",
    "libxcb-icccm4": "xcb-icccm",
    "libxcb-keysyms1": "xcb-keysyms",
    "libxcb-image0": "xcb-image",
    "libxcb-render-util0": "xcb-render-util",
    "libxcb-xkb1": "xcb-xkb",
    "libxkbcommon-x11-0": "xkbcommon-x11",
    "libxcb-shape0": "xcb-shape",
    "libxcb-randr0": "xcb-randr",
}


def platform_is_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will use its X11 (xcb) plugin, as Qt decides it on Linux."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if chosen:
        return chosen == "xcb"
    if not platform.startswith("linux"):
        return False
    wayland = env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def missing_xcb_packages(find: Callable[[str], str | None] = ctypes.util.find_library) -> list[str]:
    return [package for package, library in XCB_PACKAGES.items() if find(library) is None]


def xcb_problem(env: Mapping[str, str], find: Callable[[str], str | None] = ctypes.util.find_library) -> str:
    """A message naming the missing system packages, or "" when the window can start."""
    if not platform_is_xcb(env):
        return ""
    missing = missing_xcb_packages(find)
    if not missing:
        return ""
    return (
        "reader: the window needs system libraries that are not installed: "
        + ", ".join(missing)
        + ".\nInstall them with:\n    sudo apt-get install "
        + " ".join(missing)
    )


def run(db_path: Path, argv: list[str]) -> int:
    """Show the window on the store at ``db_path`` until it is closed; return the exit status."""
    problem = xcb_problem(os.environ)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # Qt is imported only now, so the check above runs before anything can abort.
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reader.ui import translations
    from reader.ui.mainwindow import MainWindow
    from reader.ui.onewindow import Other, WindowServer, ask_other_window

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Dump Reader")
    app.setOrganizationName("dump-reader")
    app.setDesktopFileName("dump-reader")
    app.setWindowIcon(QIcon(str(files("reader.resources").joinpath("icons", "dump-reader.svg"))))
    translations.install(app)
    other = ask_other_window(db_path)
    if other is Other.RAISED:
        print(f"reader: {db_path} is open in a window already; it was brought to the front")
        return 0
    if other is Other.SILENT:
        print(f"reader: {db_path} is open in a window that does not answer; opening another", file=sys.stderr)
    opened = _open(db_path)
    if isinstance(opened, str):
        QMessageBox.critical(None, "Dump Reader", opened)
        return 1
    store = opened
    try:
        window = MainWindow(store, QSettings())
        if problem := WindowServer(window).listen(db_path):
            print(
                f"reader: a second start on {db_path} will open a second window ({problem})", file=sys.stderr
            )
        window.show()
        return app.exec()
    finally:
        store.close()


def _open(db_path: Path) -> Store | str:
    """The store, or why it cannot be opened; a store that cannot is offered its backups first."""
    from reader.model import UserError
    from reader.storage import open_store
    from reader.ui.storecare import restore_at_start

    try:
        return open_store(db_path)
    except UserError as error:
        problem = str(error)
    try:
        if restore_at_start(db_path, problem) is None:
            return problem
        return open_store(db_path)
    except UserError as error:
        return str(error)
