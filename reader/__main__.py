"""``python -m reader`` behaves like the ``reader`` command."""

import multiprocessing
import sys

from reader.cli import main

# In a frozen build, the worker process that parses a folder ahead of the importer starts this
# executable again; freeze_support hands that start to multiprocessing (a no-op otherwise).
multiprocessing.freeze_support()
sys.exit(main())
