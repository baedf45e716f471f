"""The writers' lock: many docversion writers at once, or one repair, never both.

Writers hold it shared for the length of one write (their refs still move by compare-and-swap
inside git); ``doctor --repair`` holds it exclusively, so it never removes a lock file that a
docversion writer is about to use. The kernel drops the lock when a process dies, so a killed
writer never leaves this one behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docversion.errors import DocversionError

LOCK_NAME = "docversion.writers"


@contextmanager
def writers_lock(git_dir: Path, *, is_exclusive: bool = False, is_blocking: bool = True) -> Iterator[bool]:
    """Hold the lock; yields False when ``is_blocking`` is off and another process holds it."""
    try:
        fd = os.open(git_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise DocversionError(f"cannot write to the store {git_dir}: {exc.strerror}; check its "
                              "permissions and free space") from exc
    try:
        mode = fcntl.LOCK_EX if is_exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode if is_blocking else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
