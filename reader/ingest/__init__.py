"""Turning dump files into items: decoding, normalising, segmenting, dating. Pure Python, no Qt, no database.

``parse_dump(data, name)`` is the one entry point the importer uses; ``dedup`` holds the keys and
comparisons the store uses to recognise the same item across dumps.
"""
