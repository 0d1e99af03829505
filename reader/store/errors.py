"""Errors at the store boundary: ones a user can act on, and everything else (bugs)."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: a missing file, a locked or damaged store, a full disk.

    ``str(error)`` is one sentence fit to show as it is.
    """


class StoreError(UserError):
    """The store cannot be opened or written (locked, damaged, read-only, disk full, too new)."""


class RefusedFile(UserError):
    """A file that is not a text dump (an image, an archive, binary data). Nothing of it is stored."""


class UnknownItem(UserError):
    """An item id that is neither an item nor an alias of one (it never existed)."""
