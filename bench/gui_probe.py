"""The window's figures, measured in a real process on Qt's offscreen platform: time to the first
painted rows from process start, time until it has no background work left (the whole tree, the
list and the timeline read), time to show the first rows of a node holding half the items,
scrolling to the end of the list, and resident memory with the window open.

    QT_QPA_PLATFORM=offscreen python -m bench.gui_probe --db STORE --t0 EPOCH_SECONDS

prints one JSON object. ``--t0`` is when the parent started this process, so the cold start
includes the interpreter and the imports. When the window cannot be built, the object says why.
"""

from __future__ import annotations

import time

PROCESS_START = time.time()

import argparse  # noqa: E402  (the clock above must start before any import)
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

TIMEOUT_S = 120.0


@dataclass
class PaintWatch:
    """Notes when the item list's viewport has finished painting rows."""

    painted_at: float | None = None
    armed: bool = True
    armed_at: float = 0.0
    model_changed: bool = False
    log: list[str] = field(default_factory=list)


def _not_measured(reason: str) -> dict[str, Any]:
    return {"measured": False, "reason": reason}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--t0", type=float, default=PROCESS_START)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        result = _probe(args.db, args.t0)
    except ImportError as error:
        result = _not_measured(f"the window cannot be imported: {error}")
    print(json.dumps(result))
    return 0


def _probe(db: Path, t0: float) -> dict[str, Any]:
    import psutil
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.storage import open_store
    from reader.ui.mainwindow import MainWindow

    imported = time.time()
    app = QApplication.instance() or QApplication([])
    settings_dir = tempfile.TemporaryDirectory()
    # A settings file of its own: the developer's saved node, sort or geometry must not change the figures.
    settings = QSettings(str(Path(settings_dir.name) / "probe.ini"), QSettings.Format.IniFormat)
    store = open_store(db, create=False)
    window = MainWindow(store, settings)
    view = window.list
    model = view.item_model()
    watch = PaintWatch()
    loop = QEventLoop()

    def painted(arrived: float) -> None:
        # A paint that arrived before arming may still be pending here; it shows the old state.
        if watch.armed and arrived >= watch.armed_at and watch.model_changed and model.rowCount() > 0:
            watch.painted_at = time.perf_counter()
            watch.armed = False
            loop.quit()

    class Filter(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                # Runs once the paint event, and so the rows' data() calls, has been handled.
                arrived = time.perf_counter()
                QTimer.singleShot(0, lambda: painted(arrived))
            return False

    def changed() -> None:
        watch.model_changed = True

    paint_filter = Filter()
    view.viewport().installEventFilter(paint_filter)
    model.modelReset.connect(changed)
    model.rowsInserted.connect(changed)

    def wait(what: str) -> float:
        QTimer.singleShot(int(TIMEOUT_S * 1000), loop.quit)
        loop.exec()
        if watch.painted_at is None:
            raise TimeoutError(f"no rows painted within {TIMEOUT_S:.0f} s ({what})")
        return watch.painted_at

    def arm(*, model_change: bool) -> float:
        watch.painted_at, watch.armed, watch.model_changed = None, True, not model_change
        watch.armed_at = time.perf_counter()
        return watch.armed_at

    result: dict[str, Any] = {"measured": True, "platform": app.platformName()}
    try:
        arm(model_change=True)
        window.show()
        first = wait("cold start")
        result["cold_start_s"] = time.time() - (time.perf_counter() - first) - t0
        result["imports_s"] = imported - t0
        _wait_loaded(window, loop, QTimer)
        _wait_idle(window, loop, QTimer)
        result["settled_s"] = time.time() - t0
        total = model.rowCount()
        result["items"] = total
        result["rss_after_start_mb"] = psutil.Process().memory_info().rss / 2**20
        result.update(_select_half(window, total, arm, wait))
        _wait_loaded(window, loop, QTimer)
        result.update(_scroll_to_end(window, arm, wait))
        result["rss_window_open_mb"] = psutil.Process().memory_info().rss / 2**20
    except TimeoutError as error:
        result.update(_not_measured(str(error)))
    finally:
        window.close()
        store.close()
        settings_dir.cleanup()
    return result


def _wait_loaded(window: Any, loop: Any, timer: Any) -> None:
    """Wait until the whole id list of the current node, and the tree's counts, have been read."""
    deadline = time.perf_counter() + TIMEOUT_S

    def busy() -> bool:
        return window.loader.loading or window.tree.model().total() is None

    while busy() and time.perf_counter() < deadline:
        timer.singleShot(10, loop.quit)
        loop.exec()


def _wait_idle(window: Any, loop: Any, timer: Any) -> None:
    """Wait until the window has no background job left: the whole tree, the list and the timeline."""
    deadline = time.perf_counter() + TIMEOUT_S
    while window.jobs.busy and time.perf_counter() < deadline:
        timer.singleShot(5, loop.quit)
        loop.exec()


def _half_node(tree: Any, total: int) -> tuple[str, str, int] | None:
    """The key, label and count of the node nearest half the items, "All items" excepted."""
    model = tree.model()
    best: tuple[str, str, int] | None = None
    pending = [model.index(row, 0) for row in range(model.rowCount())]
    while pending:
        index = pending.pop()
        node = model.node_at(index)
        pending.extend(model.index(row, 0, index) for row in range(model.rowCount(index)))
        if node is None or node.count >= total:
            continue
        if best is None or abs(node.count - total / 2) < abs(best[2] - total / 2):
            best = (node.filter.key, index.data(), node.count)
    return best


def _select_half(window: Any, total: int, arm: Any, wait: Any) -> dict[str, Any]:
    found = _half_node(window.tree, total)
    if found is None:
        return {"half_node": _not_measured("no node holds part of the items")}
    key, label, count = found
    start = arm(model_change=True)
    window.tree.select_key(key)
    shown = wait("select a node")
    return {"half_node": {"label": label, "items": count, "first_rows_s": shown - start}}


def _scroll_to_end(window: Any, arm: Any, wait: Any) -> dict[str, Any]:
    view, conn = window.list, window.store.conn
    queries: list[str] = []
    conn.set_trace_callback(queries.append)
    start = arm(model_change=False)
    view.scrollToBottom()
    shown = wait("scroll to the end")
    conn.set_trace_callback(None)
    return {
        "scroll_to_end": {"s": shown - start, "row_queries": len(queries), "rows": view.model().rowCount()}
    }


if __name__ == "__main__":
    sys.exit(main())
