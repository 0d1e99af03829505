"""The reliability suite: dump text that looks like markup, hostile files and folders, damaged
stores, and imports killed part-way. Window tests here run on the offscreen platform."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Corpus:
    dumps: Path  # one folder per source
    items: int  # unique items the generator wrote: what a full import must find


@pytest.fixture(scope="session")
def make_corpus(tmp_path_factory: pytest.TempPathFactory):
    """Dumps from the benchmark's generator with ``items`` unique items, made once per size."""
    made: dict[int, Corpus] = {}

    def make(items: int) -> Corpus:
        if items not in made:
            sys.path.insert(0, str(ROOT))  # bench/ is a folder of the repository, not a package
            try:
                from bench.generate import generate
            finally:
                sys.path.remove(str(ROOT))
            out = tmp_path_factory.mktemp(f"corpus-{items}")
            summary = generate(out, items=items, seed=12, page_kb=(20, 60))
            made[items] = Corpus(out / "dumps", summary.items)
        return made[items]

    return make


class Tagged:
    """Processes started with a token in their environment, which every child inherits: so the
    ones left behind can be found however they were re-parented."""

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self.env = dict(os.environ, RELIABILITY_TOKEN=self.token)

    def reader(self, *args: str, **popen: object) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "reader", *args], env=self.env, **popen)  # type: ignore[call-overload]

    def alive(self) -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if self.token.encode() in (entry / "environ").read_bytes():
                        found.append(int(entry.name))
                except OSError:
                    continue  # gone, or not ours to read
        return found

    def wait_gone(self, seconds: float = 10) -> list[int]:
        """The tagged processes still running after up to ``seconds``."""
        end = time.monotonic() + seconds
        while (left := self.alive()) and time.monotonic() < end:
            time.sleep(0.1)
        return left


@pytest.fixture
def tagged() -> Tagged:
    if not Path("/proc/self/environ").exists():
        pytest.skip("finds processes through /proc")
    return Tagged()


def garble(path: Path, at: float = 0.5) -> None:
    """8 KB of garbage at ``at`` of the way through the file (page-aligned), as a failing disk leaves it."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(int(size * at) // 4096 * 4096)
        file.write(bytes(range(256)) * 32)
