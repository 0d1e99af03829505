"""Writing an export file whole or not at all, for the command line and the window alike."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reader.model import UserError


def write_whole(target: Path, write: Callable[[TextIO], object]) -> None:
    """Write to a temporary file beside ``target`` and rename it, so a failed export leaves no half
    file and an earlier file of that name stays as it was."""
    folder = target.absolute().parent
    if not folder.is_dir():
        raise UserError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from error
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temp, target)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"cannot write {target}: {error.strerror or error}") from error
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
