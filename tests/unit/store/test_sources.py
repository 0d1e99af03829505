"""Renaming sources and merging one into another."""

from __future__ import annotations

import pytest

from reader.model import Kind, UserError
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."


def _sources(store) -> dict[str, int]:
    (node,) = store.tree({Kind.SOURCES})
    return {child.name: child.count for child in node.children}


def test_a_renamed_source_keeps_its_items_and_imports(store, write_dump):
    import_one(store, write_dump("a.txt", A, B), "Downloads")
    changes = store.rename_source("Downloads", "csto.int")
    assert changes.sources
    assert _sources(store) == {"csto.int": 2}
    assert [h.source for h in store.imports()] == ["csto.int"]
    assert all(item.sources == ["csto.int"] for item in store.export_items())


def test_renaming_refuses_a_taken_name_and_an_unknown_source(store, write_dump):
    import_one(store, write_dump("a.txt", A), "One")
    import_one(store, write_dump("b.txt", B), "Two")
    with pytest.raises(UserError, match="there is a source named 'Two' already"):
        store.rename_source("One", "Two")
    with pytest.raises(UserError, match="no source named 'Three'"):
        store.rename_source("Three", "Four")
    with pytest.raises(UserError, match="needs a name"):
        store.rename_source("One", "  ")
    assert _sources(store) == {"One": 1, "Two": 1}


def test_merging_moves_imports_items_and_boilerplate(store, write_dump):
    import_one(store, write_dump("a.txt", A, B), "Old")
    import_one(store, write_dump("b.txt", B), "New")
    store.set_boilerplate("Old", "Subscribe to our channel", "confirmed")
    store.merge_sources("Old", "New")
    assert _sources(store) == {"New": 2}
    assert sorted(h.source for h in store.imports()) == ["New", "New"]
    assert [(b.source, b.text, b.status) for b in store.boilerplate("New", None)] == [
        ("New", "subscribe to our channel", "confirmed")
    ]
    with pytest.raises(UserError, match="into itself"):
        store.merge_sources("New", "New")
