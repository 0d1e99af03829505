"""File › Export annotations…: every marked item written, in the format the user picks, by a
background job, to a file that is there whole or not at all (``reader.outfile``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.annotations import WRITERS
from reader.outfile import write_whole
from reader.storage import Store
from reader.ui.workers import Jobs, Report

# (parent, suggested path, filters) -> (chosen path or "", chosen filter)
AskPath = Callable[[QWidget, str, str], tuple[str, str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Exporting", text)


def _filters() -> dict[str, str]:
    """Each format with the file-dialog filter that offers it, the default first."""
    return {
        "json": _tr("Web Annotation JSON (*.json)"),
        "md": _tr("Markdown for reports (*.md)"),
        "csv": _tr("CSV for spreadsheets (*.csv)"),
    }


def ask_export_path(parent: QWidget, suggested: str, filters: str) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, _tr("Export annotations"), suggested, filters)


def format_of(path: str, chosen_filter: str) -> tuple[Path, str]:
    """The file to write and its format: by the name's extension when it names one, else by the
    filter chosen in the dialog, whose extension the name then gets."""
    target = Path(path)
    by_extension = target.suffix.lower().lstrip(".")
    if by_extension in WRITERS:
        return target, by_extension
    chosen = next((fmt for fmt, text in _filters().items() if text == chosen_filter), "json")
    return target.with_name(f"{target.name}.{chosen}"), chosen


def suggested_path(folder: str | None = None) -> str:
    """A name in the user's documents folder (or ``folder``), dated today."""
    where = folder or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(where or Path.home()) / f"dump-reader-annotations-{date.today().isoformat()}.json")


def export_annotations(
    parent: QWidget,
    jobs: Jobs,
    said: Callable[[str], None],
    ask: AskPath = ask_export_path,
    folder: str | None = None,
) -> Path | None:
    """Ask where to, then write the export in the background; ``said`` hears how it went. Returns
    the file being written, or None when the user cancelled."""
    path, chosen = ask(parent, suggested_path(folder), ";;".join(_filters().values()))
    if not path:
        return None
    target, fmt = format_of(path, chosen)
    write = WRITERS[fmt]

    def job(store: Store, _report: Report) -> int:
        written: list[int] = []
        write_whole(target, lambda out: written.append(write(store.marked_items(), out)))
        return written[0]

    def done(count: int) -> None:
        said(
            QCoreApplication.translate("Exporting", "%Ln marked item(s) exported to %1", "", count).replace(
                "%1", str(target)
            )
        )

    jobs.submit(job, done, failed=said)
    return target
