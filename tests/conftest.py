"""Shared fixtures: the seed manual (version 05 of 900 0935) as bytes and as a model."""

from __future__ import annotations

from pathlib import Path

import pytest

from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.store import Identity, Store

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = FIXTURES / "seed-900-0935-v05.txt"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    """The seed document exactly as delivered."""
    return SEED_PATH.read_bytes()


@pytest.fixture(scope="session")
def seed_manual(seed_bytes: bytes) -> Manual:
    """The seed read into the model."""
    return read_seed_text(seed_bytes, str(SEED_PATH)).manual


HISTORY = REPO / "manuals" / "history-900-0935"
AUTHOR = Identity("Ana Analista", "ana@example.org")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A new, empty store (a bare repository) in the test's directory."""
    return Store.init(tmp_path / "store.git", is_bare=True)


def with_objective(manual: Manual, position_index: int, objective: str) -> Manual:
    """``manual`` with one position's objective replaced: the smallest real edit."""
    positions = list(manual.positions)
    old = positions[position_index]
    marks = tuple(mark for mark in old.marked if not mark.path.startswith("objective"))
    positions[position_index] = old.model_copy(update={"objective": objective, "marked": marks})
    return Manual.model_validate({**manual.model_dump(), "positions": [p.model_dump() for p in positions]})


def git_children() -> list[str]:
    """Command lines of this process's live child processes that run git (Linux /proc)."""
    import os

    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and "git" in cmdline and fields[0] != "Z":
            found.append(cmdline)
    return found


# ``python -c GATED READY GATE ARGS``: ``python -m docversion ARGS`` behind a gate. It pays its
# start-up (imports) first, says so by creating READY, waits for GATE to exist, then runs the
# command line exactly as ``-m`` does, so racing commands start their real work together.
GATED = """
import os, runpy, sys, time
ready, gate = sys.argv[1], sys.argv[2]
del sys.argv[1:3]
import docversion.cli, docversion.files, docversion.store, docversion.store.control
open(ready, "w").close()
while not os.path.exists(gate):
    time.sleep(0.001)
sys.argv[0] = "docversion"
runpy.run_module("docversion", run_name="__main__", alter_sys=True)
"""
