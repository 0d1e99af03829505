"""The reliability suite: dump text that looks like markup, hostile files and folders, damaged
stores, and imports killed part-way. Window tests here run on the offscreen platform."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
