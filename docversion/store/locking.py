"""The store's own locks: many docversion writers at once or one repair, never both; one pull.

Writers hold the writers' lock shared for the length of one write (their refs still move by
compare-and-swap inside git); ``doctor --repair`` holds it exclusively, so it never removes a lock
file that a docversion writer is about to use. The kernel drops the lock when a process dies, so a
killed writer never leaves this one behind.

A git lock file (``refs/.../x.lock``) is *stale* when no docversion writer is running (the writers'
lock can be held exclusively), no process has the file open, and it is older than a margin
(``STALE_AFTER`` for writers, ``--min-age`` for doctor) that covers a plain git process between
creating and renaming it. A writer that meets one proves it so by turning its own shared hold
exclusive without waiting, and removes it (:func:`remove_if_stale`).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docversion.errors import ConflictError, DocversionError
from docversion.i18n import _

LOCK_NAME = "docversion.writers"
PULL_LOCK_NAME = "docversion.pull"
STALE_AFTER = 10.0
"""Seconds a git lock file must stand untouched before it counts as left behind."""

# The writers' locks this thread holds, by git directory: a writer that meets a stale lock file
# turns its own hold exclusive to prove it is alone (a second descriptor would conflict with it).
_holds = threading.local()


def _held_here() -> dict[Path, list[int]]:
    """This thread's writers' locks: the descriptors by git directory."""
    found: dict[Path, list[int]] | None = getattr(_holds, "by_dir", None)
    if found is None:
        found = _holds.by_dir = {}
    return found


@contextmanager
def writers_lock(git_dir: Path, *, is_exclusive: bool = False, is_blocking: bool = True,
                 is_checking_only: bool = False) -> Iterator[bool]:
    """Hold the lock; yields False when ``is_blocking`` is off and another process holds it.

    ``is_checking_only`` opens the lock file for reading and never creates it, so that a check
    runs on a read-only store; a lock file that does not exist is held by nobody (yields True).
    """
    flags = os.O_RDONLY if is_checking_only else os.O_RDWR | os.O_CREAT
    try:
        fd = os.open(git_dir / LOCK_NAME, flags | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if not is_checking_only:
            raise DocversionError(_("cannot write to the store {store}: {reason}; check its permissions and free "
                                    "space").format(store=git_dir, reason=exc.strerror)) from exc
        # A writer creates the file before it locks it, so none holds one that does not exist; one
        # this check may not open counts as free too (a check removes nothing).
        fd = -1
    if fd < 0:
        yield True
        return
    held = _held_here()
    try:
        mode = fcntl.LOCK_EX if is_exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode if is_blocking else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        held.setdefault(git_dir, []).append(fd)
        try:
            yield True
        finally:
            held[git_dir].remove(fd)
    finally:
        os.close(fd)


@contextmanager
def pull_lock(git_dir: Path) -> Iterator[None]:
    """Hold the pull lock, or raise ConflictError at once when another pull into this store runs."""
    try:
        fd = os.open(git_dir / PULL_LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise DocversionError(_("cannot write to the store {store}: {reason}; check its permissions and free "
                                "space").format(store=git_dir, reason=exc.strerror)) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConflictError(_("another pull into this store is running; nothing was taken: run the pull again "
                                  "when it has finished")) from None
        yield
    finally:
        os.close(fd)


def holder(path: Path, *, is_alone: bool, open_files: set[Path], min_age: float, now: float) -> str | None:
    """Why the git lock file at ``path`` may still be in use, or None when it is stale."""
    age = now - path.stat().st_mtime if path.exists() else 0.0
    if not is_alone:
        return _("a docversion writer is running")
    if path.resolve() in open_files:
        return _("a process has it open")
    return _("it is {age:.0f} s old").format(age=age) if age < min_age else None


def remove_if_stale(git_dir: Path, path: Path) -> bool:
    """Remove the git lock file at ``path`` when this thread, holding the writers' lock, proves it
    stale; True when it is gone. Only ``*.lock`` files inside ``git_dir`` are ever touched."""
    fds = _held_here().get(git_dir, [])
    inside = path.resolve().is_relative_to(git_dir.resolve())
    if len(fds) != 1 or not inside or not path.name.endswith(".lock") or path.name == LOCK_NAME:
        return False
    try:
        fcntl.flock(fds[0], fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fcntl.flock(fds[0], fcntl.LOCK_SH)  # a failed change may let the shared hold go: take it back
        return False
    try:
        if holder(path, is_alone=True, open_files=open_files(), min_age=STALE_AFTER, now=time.time()):
            return False
        path.unlink(missing_ok=True)
        return True
    except OSError:
        return False
    finally:
        fcntl.flock(fds[0], fcntl.LOCK_SH)


def open_files() -> set[Path]:
    """Files any process on this machine has open (Linux /proc; empty where there is none)."""
    found: set[Path] = set()
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for fd_dir in proc.glob("[0-9]*/fd"):
        try:
            for fd in os.scandir(fd_dir):
                found.add(Path(fd.path).readlink())
        except OSError:
            continue  # a process that ended, or one we may not inspect
    return found
