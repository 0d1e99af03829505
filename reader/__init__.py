"""Dump Reader: import text dumps of news pages into a local store, read, search and annotate them."""

__version__ = "0.1.0"
