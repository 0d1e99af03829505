#!/usr/bin/env python3
"""Create the project's environment on first use, then launch Dump Reader or run its tests.

    python3 packaging/dev.py app [reader arguments...]   launch the window (or any `reader` command)
    python3 packaging/dev.py test [pytest arguments...]  lint, check the import contracts and the types, run every test

The environment lives in `.venv/` beside `pyproject.toml`; it is rebuilt when `pyproject.toml` changes.
Only the standard library is used here, so this runs on a machine with nothing but Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".dump-reader-stamp"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_env() -> Path:
    """Build or refresh `.venv` so that it matches `pyproject.toml`."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before the project's Python is known
        sys.exit(f"dev.py: Dump Reader needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = _python()
    stamp = _wanted_stamp()
    if python.exists() and STAMP.exists() and STAMP.read_text() == stamp:
        return python
    if not python.exists():
        print("Creating the environment in .venv (first use only)...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Dump Reader and its test tools into .venv...", file=sys.stderr)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-qq"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(stamp)
    return python


def run_app(python: Path, args: list[str]) -> int:
    return subprocess.call([str(python), "-m", "reader", *args])


def run_tests(python: Path, args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    bindir = python.parent
    steps = [
        [str(bindir / "ruff"), "check", "."],
        [str(bindir / "ruff"), "format", "--check", "."],
        [str(bindir / "lint-imports")],
        [str(bindir / "mypy")],
        [str(python), "-m", "pytest", *args],
    ]
    for step in steps:
        print("$", " ".join(Path(step[0]).name if i == 0 else a for i, a in enumerate(step)), flush=True)
        code = subprocess.call(step, cwd=ROOT, env=env)
        if code != 0:
            return code
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    python = ensure_env()
    command, rest = argv[0], argv[1:]
    return run_app(python, rest) if command == "app" else run_tests(python, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
