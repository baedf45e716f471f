"""Keeping the store packed, and measuring what it takes on disk.

Every snapshot writes about five loose objects (one file each, a disk block or more apiece); left
alone, a thousand versions hold twenty megabytes of them (450 KiB once packed). After a write the
loose objects are estimated from 16 of git's 256 object directories (a fraction of a millisecond,
no process started), and once there are more than ``LOOSE_LIMIT``, or more than ``PACK_LIMIT``
packs, ``git gc`` packs them, and the refs, into one pack. (``git gc --auto`` guesses from one
directory, too coarse for a limit this low, and starting it costs a few milliseconds a write.)
It runs after the writers' lock is let go, in the foreground so that no process outlives the
command, and never blocks a reader; it is housekeeping, so its failure is ignored and the next
write tries again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docversion.errors import DocversionError
from docversion.store.gitcmd import Git
from docversion.store.parsed import CACHE_FILE

LOOSE_LIMIT = 1000
"""Loose objects a store may gather before they are packed (about 200 snapshots, 4 MiB of disk)."""
PACK_LIMIT = 20
"""Packs (each gc makes one; a pull may bring more) a store may gather before they are made one."""
_SAMPLED = 16  # object directories counted of git's 256


@dataclass(frozen=True)
class Storage:
    """What the store takes on disk, in bytes: all of it, its loose objects, its packs, the parse cache."""

    store_bytes: int
    loose_objects: int
    loose_bytes: int
    packs: int
    pack_bytes: int
    parse_cache_bytes: int


def keep_packed(git: Git) -> None:
    """Pack the store's objects when they are many loose or many packs (``git gc``), quietly;
    failures are ignored."""
    objects = git.git_dir / "objects"
    if estimate_loose(objects) <= LOOSE_LIMIT and _count_packs(objects) <= PACK_LIMIT:
        return
    try:
        git.run("gc", "--quiet", check=False)
    except DocversionError:
        return  # git could not be started: the write itself has already succeeded


def estimate_loose(objects: Path) -> int:
    """About how many loose objects the object directory ``objects`` holds: sixteen times those
    in ``00`` to ``0f`` (object ids are uniform), within about 15 % at ``LOOSE_LIMIT``."""
    total = 0
    for prefix in range(_SAMPLED):
        try:
            with os.scandir(objects / f"{prefix:02x}") as entries:
                total += sum(1 for entry in entries if not entry.name.startswith("tmp_"))
        except OSError:
            continue  # not made yet, or removed by a gc meanwhile
    return total * (256 // _SAMPLED)


def _count_packs(objects: Path) -> int:
    try:
        with os.scandir(objects / "pack") as entries:
            return sum(1 for entry in entries if entry.name.endswith(".pack"))
    except OSError:
        return 0


@contextmanager
def packed_after(git: Git) -> Iterator[None]:
    """Run the body (a write); when it succeeds, :func:`keep_packed`. Put it outside the writers'
    lock, so that packing starts once the lock is let go."""
    yield
    keep_packed(git)


def measure(git: Git) -> Storage:
    """The store's size on disk (as ``du`` counts it), from ``git count-objects -v`` and the files."""
    done = git.run("count-objects", "-v", check=False)
    counts = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if value.strip().isdigit():
            counts[name.strip()] = int(value)
    cache = git.git_dir / CACHE_FILE
    cache_files = [cache, *(cache.with_name(f"{CACHE_FILE}-{end}") for end in ("journal", "wal", "shm"))]
    return Storage(store_bytes=_disk_usage(git.git_dir), loose_objects=counts.get("count", 0),
                   loose_bytes=counts.get("size", 0) * 1024, packs=counts.get("packs", 0),
                   pack_bytes=counts.get("size-pack", 0) * 1024,
                   parse_cache_bytes=sum(_disk_usage(path) for path in cache_files))


def _disk_usage(path: Path) -> int:
    """Bytes of disk ``path`` and everything under it take (blocks, as ``du`` counts)."""
    try:
        if not path.is_dir():
            return path.lstat().st_blocks * 512 if path.exists() else 0
    except OSError:
        return 0
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_blocks * 512
            except OSError:
                continue  # removed meanwhile
    return total
