"""Importing dumps from the window: asking for files, the sample dumps, and the import job."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from reader.store import importer
from reader.store.importer import ImportResult
from reader.ui.workers import Report

AskPaths = Callable[[QWidget], Sequence[str]]
SAMPLE_SOURCE = "CSTO"


def ask_dump_files(parent: QWidget) -> Sequence[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Import dumps", "", "Text dumps (*.txt);;All files (*)")
    return paths


def sample_dumps() -> list[Path]:
    folder = resources.files("reader.resources").joinpath("samples")
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".txt"))


def import_job(paths: Sequence[str], source: str | None) -> Callable[[sqlite3.Connection, Report], object]:
    """A job for ``Jobs.submit`` that imports ``paths`` and reports each file's line as it is done."""

    def job(conn: sqlite3.Connection, report: Report) -> list[ImportResult]:
        results = []
        for result in importer.import_paths(conn, paths, source):
            results.append(result)
            report(result.message)
        return results

    return job


def summary(results: Sequence[ImportResult]) -> str:
    """One line for the status bar: how many files went in, how many items were new, what was refused."""
    new = sum(r.items_new for r in results)
    refused = [r.message for r in results if r.outcome == importer.REFUSED]
    done = len(results) - len(refused)
    line = f"Imported {done} of {len(results)} file{'s' if len(results) != 1 else ''}: {new:,} new items."
    return " ".join([line, *refused])
