"""The site name a set of dump files carries, for a source name to suggest (``ingest.sitename``).

Only a few files are read, and only their first part, where sites put their name: the answer must
come in a moment however many files a user adds.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from reader.ingest.decode import decode
from reader.ingest.sitename import site_name
from reader.model import RefusedFile

# Files read, spread over those given, and the bytes read of each.
SAMPLE_FILES = 12
HEAD_BYTES = 256 * 1024


def suggested_name(paths: Sequence[str | os.PathLike[str]]) -> str | None:
    """The site most of the files name, or None when they do not tell or do not agree."""
    texts = [text for path in _spread(paths) if (text := _head(Path(path))) is not None]
    return site_name(texts)


def _spread(paths: Sequence[str | os.PathLike[str]]) -> list[str | os.PathLike[str]]:
    if len(paths) <= SAMPLE_FILES:
        return list(paths)
    step = len(paths) / SAMPLE_FILES
    return [paths[int(i * step)] for i in range(SAMPLE_FILES)]


def _head(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            data = file.read(HEAD_BYTES + 1)
    except OSError:
        return None  # the import itself says why it cannot read the file
    if len(data) > HEAD_BYTES:
        # Cut after the last line break, so no character is cut in two (its UTF-16LE zero byte kept).
        end = data.rfind(b"\n", 0, HEAD_BYTES) + 1
        data = data[: end + 1] if data[end : end + 1] == b"\x00" else data[:end]
    try:
        return decode(data).text
    except RefusedFile:
        return None
