"""The file-system edge for documents outside a store: read any supported document, write a
manual's canonical directory all at once or not at all.

Parsing lives in :mod:`docversion.formats` and takes bytes; this module only finds the bytes
and puts the result on disk, so that a failed parse or a full disk never leaves half a
directory behind.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from docversion import limits
from docversion.bounded import read_regular_file
from docversion.errors import DocversionError, UnsupportedFormatError
from docversion.formats.canonical import MANUAL_FILE, POSITIONS_DIR, dump_manual, load_manual
from docversion.formats.text.reader import ReadResult, read_seed_text
from docversion.i18n import N_, _
from docversion.model import Manual

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
_LINK_HINT = N_("replace the link with a copy of the file it points to: a manual's directory holds its own files")


def write_file_atomically(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` all at once or not at all (a temporary file beside it, then renamed)."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise DocversionError(_("cannot write {path}: {reason}; check the path, its permissions and free "
                                "space").format(path=target, reason=exc.strerror)) from exc


def read_document(path: Path, *, is_lenient: bool = False, is_accepting_changes: bool = False) -> ReadResult:
    """Read a manual from a canonical directory (or its manual.yaml), a Word .docx or a seed-format
    text file; ``is_accepting_changes`` accepts a .docx's tracked changes instead of refusing it."""
    if path.name == MANUAL_FILE:
        return ReadResult(read_manual_dir(path.parent), has_ids=True)
    if path.is_dir():
        return ReadResult(read_manual_dir(path), has_ids=True)
    if not path.exists():
        raise UnsupportedFormatError(_("no such file or directory"), source=str(path),
                                     hint=_("check the path"))
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from docversion.formats.docx.reader import read_docx

        data = read_regular_file(path, limits.MAX_DOCX_BYTES, kind=_("Word files"))
        return read_docx(data, str(path), is_accepting_changes=is_accepting_changes, is_lenient=is_lenient)
    if suffix in (".yaml", ".yml"):
        raise UnsupportedFormatError(
            _("a single YAML file is not a manual"), source=str(path),
            hint=_("point at the manual's directory, which holds manual.yaml and positions/"))
    if suffix not in TEXT_SUFFIXES:
        raise UnsupportedFormatError(
            _("unknown document kind {suffix!r}").format(suffix=suffix), source=str(path),
            hint=_("give a .txt export of the manual or a canonical manual directory"))
    return read_seed_text(read_regular_file(path, limits.MAX_TEXT_BYTES, kind=_("text documents")), str(path),
                          is_lenient=is_lenient)


def read_manual_dir(directory: Path) -> Manual:
    """Read a manual's canonical directory: manual.yaml and positions/*.yaml.

    Each must be a regular file within :data:`~docversion.limits.MAX_YAML_FILE_BYTES`, all of them
    within :data:`~docversion.limits.MAX_MANUAL_DIR_BYTES`; a symbolic link anywhere in the
    directory (manual.yaml, positions/ or any file beside them) is refused, not followed.
    """
    if not os.path.lexists(directory / MANUAL_FILE):
        raise UnsupportedFormatError(_("{file} is missing").format(file=MANUAL_FILE), source=str(directory),
                                     hint=_("point at a directory written by 'docversion convert'"))
    _entries(directory, _("files in the manual's directory"))
    names = [MANUAL_FILE]
    positions = directory / POSITIONS_DIR
    if positions.is_dir():
        names += [f"{POSITIONS_DIR}/{name}"
                  for name in _entries(positions, _("files under {folder}/").format(folder=POSITIONS_DIR))
                  if name.endswith(".yaml")]
    files: dict[str, bytes] = {}
    total = 0
    for name in names:
        files[name] = read_regular_file(directory / name, limits.MAX_YAML_FILE_BYTES, kind=_("canonical YAML files"),
                                        hint=_("check that this is a file written by 'docversion convert'"),
                                        is_following_links=False)
        total += len(files[name])
        if total > limits.MAX_MANUAL_DIR_BYTES:
            raise UnsupportedFormatError(
                _("the manual's files hold more than {size}").format(
                    size=limits.describe_size(limits.MAX_MANUAL_DIR_BYTES)),
                source=str(directory), hint=_("check that this is a manual's directory"))
    return load_manual(files, str(directory))


def _entries(directory: Path, what: str) -> list[str]:
    """The sorted names in ``directory``, at most MAX_POSITION_FILES of them, none a symbolic link."""
    names: list[str] = []
    try:
        with os.scandir(directory) as scan:
            for entry in scan:
                if entry.is_symlink():
                    raise UnsupportedFormatError(_("is a symbolic link, which a manual's directory may not hold"),
                                                 source=str(directory / entry.name), hint=_(_LINK_HINT))
                names.append(entry.name)
                if len(names) > limits.MAX_POSITION_FILES:
                    raise UnsupportedFormatError(
                        _("more than {limit} {what}").format(limit=limits.MAX_POSITION_FILES, what=what),
                        source=str(directory),
                        hint=_("a manual holds at most {limit} positions").format(limit=limits.MAX_POSITION_FILES))
    except OSError as exc:
        raise UnsupportedFormatError(_("cannot read the directory: {reason}").format(reason=exc.strerror),
                                     source=str(directory), hint=_("check the path and its permissions")) from exc
    return sorted(names)


def write_manual_dir(manual: Manual, target: Path) -> None:
    """Write ``manual`` to ``target`` as its canonical directory, replacing an earlier one.

    The files are written and flushed to a hidden sibling directory first, then swapped in
    by renames, so a crash or a full disk leaves either the old directory or the new one.
    A ``target`` that exists and is not a manual directory is refused.
    """
    files = dump_manual(manual)
    _check_replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.new-{secrets.token_hex(4)}"
    retired = target.parent / f".{target.name}.old-{secrets.token_hex(4)}"
    try:
        for relative, data in files.items():
            _write_synced(staging / relative, data)
        if target.exists():
            target.rename(retired)
        staging.rename(target)
        _sync_directory(target.parent)
    except OSError as exc:
        if retired.exists() and not target.exists():
            retired.rename(target)
        raise DocversionError(_("{path}: cannot write the manual: {reason}. Fix: free disk space or choose another "
                                "directory").format(path=target, reason=exc.strerror)) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir() or target.is_symlink():
        raise UnsupportedFormatError(_("exists and is not a directory"), source=str(target),
                                     hint=_("choose a new directory name"))
    names = {entry.name for entry in target.iterdir()}
    if names and MANUAL_FILE not in names:
        raise UnsupportedFormatError(
            _("exists and is not a manual directory; refusing to replace it"), source=str(target),
            hint=_("choose a new or empty directory"))
    if names - {MANUAL_FILE, POSITIONS_DIR}:
        extra = sorted(names - {MANUAL_FILE, POSITIONS_DIR})[0]
        raise UnsupportedFormatError(
            _("holds {name!r}, which is not part of a manual; refusing to replace it").format(name=extra),
            source=str(target), hint=_("move that file away or choose another directory"))


def _write_synced(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
