"""Reading a user's file within a limit: a regular file only, never more than the limit.

A device (``/dev/zero``), a named pipe, a socket or a directory where a file is expected is
refused before a byte is read, and opening never blocks (a pipe is opened non-blocking). The
limit is enforced while reading, one byte past it is enough to refuse, because the size a file
claims (``st_size`` is 0 for a device or a pipe) cannot be trusted. Every read of a document or
a key docversion is given goes through :func:`read_regular_file`; the figures are in
:mod:`docversion.limits`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from docversion import limits
from docversion.errors import UnsupportedFormatError

_CHUNK = 1 << 20
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISLNK, "a symbolic link"))


def read_regular_file(path: Path, limit: int, *, kind: str = "documents",
                      hint: str = "check that this is the manual and not another file",
                      is_following_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``, refused (exit 5, naming ``path``) when it is anything
    else or holds more than ``limit`` bytes; ``kind`` names such files in the message ("documents
    over 8 MiB are refused"), ``hint`` says what to do about a file too large. With
    ``is_following_links`` false a symbolic link is refused too, however it is reached."""
    source = str(path)
    try:
        status = path.stat() if is_following_links else path.lstat()
        _check_regular(status, source)
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
        descriptor = os.open(path, flags if is_following_links else flags | os.O_NOFOLLOW)
    except OSError as exc:
        raise _os_error(exc, source) from exc
    try:
        opened = os.fstat(descriptor)
        _check_regular(opened, source)
        if (opened.st_dev, opened.st_ino) != (status.st_dev, status.st_ino):
            raise UnsupportedFormatError("the file was replaced while it was being opened", source=source,
                                         hint="run the command again")
        data = _read_at_most(descriptor, limit + 1, source)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        figure = limits.describe_size(limit)
        raise UnsupportedFormatError(f"the file holds more than {figure}; {kind} over {figure} are refused",
                                     source=source, hint=hint)
    return data


def read_key_file(path: Path) -> bytes:
    """The bytes of a key file (``--key``, ``--admin-key``, ``keys add``), at most
    :data:`~docversion.limits.MAX_KEY_BYTES`."""
    return read_regular_file(path, limits.MAX_KEY_BYTES, kind="key files",
                             hint="give the Ed25519 key file itself (PEM or OpenSSH)")


def _check_regular(status: os.stat_result, source: str) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    what = next((name for test, name in _KINDS if test(status.st_mode)), "not a regular file")
    hint = ("replace the link with a copy of the file it points to" if what == "a symbolic link"
            else "give the path of a regular file (docversion reads no devices, pipes or directories here)")
    raise UnsupportedFormatError(f"is {what}, not a regular file", source=source, hint=hint)


def _read_at_most(descriptor: int, count: int, source: str) -> bytes:
    chunks: list[bytes] = []
    left = count
    try:
        while left > 0:
            chunk = os.read(descriptor, min(_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _os_error(exc, source) from exc
    return b"".join(chunks)


def _os_error(exc: OSError, source: str) -> UnsupportedFormatError:
    if exc.errno == errno.ENOENT:
        return UnsupportedFormatError("no such file or directory", source=source, hint="check the path")
    if exc.errno == errno.ELOOP:
        return UnsupportedFormatError("is a symbolic link, not a regular file", source=source,
                                      hint="replace the link with a copy of the file it points to")
    return UnsupportedFormatError(f"cannot read the file: {exc.strerror}", source=source,
                                  hint="check the path and its permissions")
