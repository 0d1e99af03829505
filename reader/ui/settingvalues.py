"""Values read back from QSettings, which gives them back in whatever type its file format keeps."""

from __future__ import annotations


def strings(value: object) -> list[str]:
    """A list saved in QSettings; INI files give back a lone string for a list of one."""
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def integer(value: object) -> int | None:
    if not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None
