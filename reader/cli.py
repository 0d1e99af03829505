"""Command line: the window, ``import`` and ``export``."""

import sys


def main(argv: list[str] | None = None) -> int:
    print("reader: not built yet", file=sys.stderr)
    return 2
