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
from docversion.i18n import N_, _

_CHUNK = 1 << 20
_KINDS = ((stat.S_ISDIR, N_("is a directory, not a regular file")),
          (stat.S_ISFIFO, N_("is a named pipe (FIFO), not a regular file")),
          (stat.S_ISCHR, N_("is a character device, not a regular file")),
          (stat.S_ISBLK, N_("is a block device, not a regular file")),
          (stat.S_ISSOCK, N_("is a socket, not a regular file")),
          (stat.S_ISLNK, N_("is a symbolic link, not a regular file")))
_OTHER_KIND = N_("is not a regular file")
_LINK_HINT = N_("replace the link with a copy of the file it points to")


def read_regular_file(path: Path, limit: int, *, kind: str | None = None, hint: str | None = None,
                      is_following_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``, refused (exit 5, naming ``path``) when it is anything
    else or holds more than ``limit`` bytes; ``kind`` names such files in the message ("documents
    over 8 MiB are refused"), ``hint`` says what to do about a file too large (both already in the
    user's language; by default "documents" and a hint to check the file). With
    ``is_following_links`` false a symbolic link is refused too, however it is reached."""
    kind = kind if kind is not None else _("documents")
    hint = hint if hint is not None else _("check that this is the manual and not another file")
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
            raise UnsupportedFormatError(_("the file was replaced while it was being opened"), source=source,
                                         hint=_("run the command again"))
        data = _read_at_most(descriptor, limit + 1, source)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        figure = limits.describe_size(limit)
        # TRANSLATORS: {kind} names the files, with their article where the language needs one ("documents").
        raise UnsupportedFormatError(_("the file holds more than {size}; {kind} over {size} are refused").format(
            size=figure, kind=kind), source=source, hint=hint)
    return data


def read_key_file(path: Path) -> bytes:
    """The bytes of a key file (``--key``, ``--admin-key``, ``keys add``), at most
    :data:`~docversion.limits.MAX_KEY_BYTES`."""
    return read_regular_file(path, limits.MAX_KEY_BYTES, kind=_("key files"),
                             hint=_("give the Ed25519 key file itself (PEM or OpenSSH)"))


def _check_regular(status: os.stat_result, source: str) -> None:
    if stat.S_ISREG(status.st_mode):
        return
    message = next((name for test, name in _KINDS if test(status.st_mode)), _OTHER_KIND)
    hint = (_(_LINK_HINT) if stat.S_ISLNK(status.st_mode)
            else _("give the path of a regular file (docversion reads no devices, pipes or directories here)"))
    raise UnsupportedFormatError(_(message), source=source, hint=hint)


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
        return UnsupportedFormatError(_("no such file or directory"), source=source, hint=_("check the path"))
    if exc.errno == errno.ELOOP:
        return UnsupportedFormatError(_("is a symbolic link, not a regular file"), source=source,
                                      hint=_(_LINK_HINT))
    return UnsupportedFormatError(_("cannot read the file: {reason}").format(reason=exc.strerror), source=source,
                                  hint=_("check the path and its permissions"))
