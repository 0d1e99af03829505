"""Importing from the window without the wizard: the sample dumps, and the import job."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from reader.model import ImportResult, Outcome
from reader.storage import Store
from reader.ui.workers import Report

SAMPLE_SOURCE = "CSTO"


def sample_dumps() -> list[Path]:
    folder = resources.files("reader.resources").joinpath("samples")
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".txt"))


def import_job(paths: Sequence[str], source: str | None) -> Callable[[Store, Report], object]:
    """A job for ``Jobs.submit`` that imports ``paths`` and reports each file's line as it is done."""

    def job(store: Store, report: Report) -> list[ImportResult]:
        results = []
        for result in store.import_paths(paths, source):
            results.append(result)
            report(result.message)
        return results

    return job


def summary(results: Sequence[ImportResult]) -> str:
    """One line for the status bar: how many files went in, how many items were new, what was refused."""
    new = sum(r.items_new for r in results)
    refused = [r.message for r in results if r.outcome == Outcome.REFUSED]
    done = len(results) - len(refused)
    tr = QCoreApplication.translate
    line = tr("Import", "Imported %1 of %Ln file(s): %2 new items.", "", len(results))
    line = line.replace("%1", str(done)).replace("%2", f"{new:,}")
    return " ".join([line, *refused])
