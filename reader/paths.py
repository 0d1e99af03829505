"""The one place that decides where the store lives.

``--db PATH`` wins over the ``READER_DB`` environment variable, which wins over the user data folder
that platformdirs gives for Dump Reader.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from reader.model import StoreError

APP_NAME = "dump-reader"
STORE_FILE = "store.db"
ENV_VAR = "READER_DB"


def default_store_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / STORE_FILE


def store_path(
    db: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None, *, create: bool = True
) -> Path:
    """The store path to use, with its parent folders created unless ``create`` is False."""
    env = os.environ if env is None else env
    if db:
        path = Path(db)
    elif env.get(ENV_VAR):
        path = Path(env[ENV_VAR])
    else:
        path = default_store_path()
    path = path.expanduser()
    if not create:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {path.parent}: {error.strerror or error}") from error
    return path
