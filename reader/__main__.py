"""``python -m reader`` behaves like the ``reader`` command."""

import sys

from reader.cli import main

sys.exit(main())
