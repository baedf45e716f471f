"""What a failed git process says happened: the one place that reads git's stderr, exit status
and signal and names the cause and its fix.

Only a compare-and-swap that lost is a race with another writer (``race``): a ref's old value no
longer matches, the ref already exists or is gone, or its lock file was created a moment ago by a
writer at work. Callers turn a race into ConflictError (exit 3). Everything else is an error of
its own (exit 1): a lock file left behind (``stale_lock``), a full disk (``disk_full``), the
file-size limit (``file_size``), git killed by a signal (``signal``), or git's own words
(``failed``).
"""

from __future__ import annotations

import os
import re
import resource
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docversion.i18n import _
from docversion.store.locking import STALE_AFTER

Kind = Literal["race", "stale_lock", "disk_full", "file_size", "signal", "failed"]

_RACE_SIGNS = ("but expected", "reference already exists", "unable to resolve reference", "reference is missing")
_LOCK_EXISTS = re.compile(r"Unable to create '([^']+\.lock)': File exists")
_DISK_FULL_SIGNS = ("No space left on device", "Disk quota exceeded")
_WRITE_FAILED = re.compile(r"(couldn't|could not|unable to|failed to) write", re.IGNORECASE)
_FEW_BYTES_LEFT = 1 << 20  # a write that failed with less than this free is taken for a full disk


@dataclass(frozen=True)
class Diagnosis:
    """A failed git process in the user's terms: its kind, the message, the lock file it names."""

    kind: Kind
    message: str
    lock: Path | None = None


def diagnose(command: str, returncode: int, stderr: str, git_dir: Path) -> Diagnosis:
    """What happened to ``git COMMAND`` that ended with ``returncode`` (negative: killed by that
    signal) saying ``stderr``, in the store at ``git_dir``."""
    said = _first_line(stderr)
    if returncode == -signal.SIGXFSZ or "File too large" in stderr:
        soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        text = (_("git {command} was stopped by the file-size limit (SIGXFSZ): a file of the store would grow "
                  "past it; nothing was recorded: raise or lift the limit ('ulimit -f') and run the command again")
                if soft == resource.RLIM_INFINITY else
                _("git {command} was stopped by the file-size limit (SIGXFSZ) of {limit} bytes: a file of the "
                  "store would grow past it; nothing was recorded: raise or lift the limit ('ulimit -f') and run "
                  "the command again"))
        return Diagnosis("file_size", text.format(command=command, limit=soft))
    if returncode < 0:
        return Diagnosis("signal", _("git {command} was killed by {signal} before it finished; run the command "
                                     "again ('docversion doctor' checks what it left)").format(
                                         command=command, signal=_signal_name(-returncode)))
    if any(sign in stderr for sign in _DISK_FULL_SIGNS) or (_WRITE_FAILED.search(stderr) and _is_full(git_dir)):
        return Diagnosis("disk_full", _("the disk is full: free space and run the command again (the store "
                                        "{store} has {free} left; git {command}: {said})").format(
                                            store=git_dir, free=_free(git_dir), command=command, said=said))
    found = _LOCK_EXISTS.search(stderr)
    if found:
        return _locked(command, Path(found[1]), git_dir, stderr)
    if any(sign in stderr for sign in _RACE_SIGNS):
        return Diagnosis("race", _("git {command} failed: {said}").format(command=command, said=said))
    return Diagnosis("failed", _("git {command} failed: {said}").format(command=command,
                                                                        said=stderr.strip() or _("no message")))


def _locked(command: str, lock: Path, git_dir: Path, stderr: str) -> Diagnosis:
    """A lock file in the way: a writer at work when it is fresh, else one left behind."""
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        age = 0.0  # gone already: its writer finished
    if age < STALE_AFTER:
        return Diagnosis("race", _("git {command} failed: {said}").format(command=command,
                                                                          said=_first_line(stderr)), lock)
    shown = lock.relative_to(git_dir) if lock.is_relative_to(git_dir) else lock
    return Diagnosis("stale_lock", _("the lock file {lock} in the store {store} is {age:.0f} s old: a git process "
                                     "that was killed or did not finish left it, and nothing was written; run "
                                     "'docversion doctor --repair' (it removes the lock once no process holds "
                                     "it), then the command again").format(lock=shown, store=git_dir, age=age),
                     lock)


def _first_line(stderr: str) -> str:
    return next((line.strip() for line in stderr.splitlines() if line.strip()), _("no message"))


def _signal_name(number: int) -> str:
    try:
        return _("{name} (signal {number})").format(name=signal.Signals(number).name, number=number)
    except ValueError:
        return _("signal {number}").format(number=number)


def _is_full(git_dir: Path) -> bool:
    try:
        found = os.statvfs(git_dir)
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < _FEW_BYTES_LEFT or (found.f_files > 0 and found.f_favail == 0)


def _free(git_dir: Path) -> str:
    try:
        found = os.statvfs(git_dir)
    except OSError:
        return _("no space")
    left = found.f_bavail * found.f_frsize
    return f"{left // 1024} KiB" if left < 10 << 20 else f"{left // (1 << 20)} MiB"
