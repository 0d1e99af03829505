"""What the pages of the import wizard decide together."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.model import Changes, DumpFile, FilePreview, ImportResult


@dataclass
class ImportPlan:
    """What the pages decide together: the files, their source, how to read them, what is ticked."""

    files: list[DumpFile] = field(default_factory=list)
    source: str = ""
    encoding: str | None = None  # forced for every file; None detects each file's own
    year: int | None = None  # for dates without a year on pages that give none; None leaves them undated
    reimport: bool = False  # files imported before are imported again, in place of their earlier import
    previews: dict[Path, FilePreview] = field(default_factory=dict)
    unticked: set[Path] = field(default_factory=set)
    results: list[ImportResult] = field(default_factory=list)

    def chosen(self) -> list[Path]:
        return [f.path for f in self.files if f.error is None and f.path not in self.unticked]

    def changes(self) -> Changes:
        total = Changes()
        for result in self.results:
            total |= result.changes
        return total
