"""Running a child process and measuring its wall time and peak resident memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        return f"exit {self.returncode}: {self.stderr.strip()[-800:]}"


def python() -> str:
    """The project's interpreter: its venv when there is one, so the child sees the installed project."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else "python3"


def run(args: list[str], *, stdout: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run ``args`` from the repository root; ``stdout`` keeps a large output in a file instead.

    Output goes to files rather than pipes so the child can be reaped with ``wait4``, whose rusage
    is this child's own peak memory (``RUSAGE_CHILDREN`` would be the maximum over all children).
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as captured:
        out = stdout.open("wb") if stdout else captured
        try:
            start = time.perf_counter()
            child = subprocess.Popen(
                args, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, **(env or {})}
            )
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout:
                out.close()
        err.seek(0)
        captured.seek(0)
        return Measured(
            seconds,
            usage.ru_maxrss / 1024,  # kilobytes on Linux
            child.returncode,
            captured.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )
