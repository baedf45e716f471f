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

from docversion.errors import DocversionError, UnsupportedFormatError
from docversion.formats.canonical import MANUAL_FILE, POSITIONS_DIR, dump_manual, load_manual
from docversion.formats.text.reader import ReadResult, read_seed_text
from docversion.formats.text.source import MAX_DOCUMENT_BYTES
from docversion.model import Manual

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
MAX_POSITION_FILES = 5000
MAX_DOCX_BYTES = 32 * 1_048_576  # a Word file may carry images and styles beyond its text


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
        raise DocversionError(f"cannot write {target}: {exc.strerror}; check the path, its permissions and "
                              "free space") from exc


def read_document(path: Path, *, is_lenient: bool = False, is_accepting_changes: bool = False) -> ReadResult:
    """Read a manual from a canonical directory (or its manual.yaml), a Word .docx or a seed-format
    text file; ``is_accepting_changes`` accepts a .docx's tracked changes instead of refusing it."""
    if path.is_dir():
        return ReadResult(read_manual_dir(path), has_ids=True)
    if path.name == MANUAL_FILE:
        return ReadResult(read_manual_dir(path.parent), has_ids=True)
    if not path.exists():
        raise UnsupportedFormatError("no such file or directory", source=str(path),
                                     hint="check the path")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from docversion.formats.docx.reader import read_docx

        return read_docx(_read_bytes(path, MAX_DOCX_BYTES), str(path), is_accepting_changes=is_accepting_changes,
                         is_lenient=is_lenient)
    if suffix in (".yaml", ".yml"):
        raise UnsupportedFormatError(
            "a single YAML file is not a manual", source=str(path),
            hint="point at the manual's directory, which holds manual.yaml and positions/")
    if suffix not in TEXT_SUFFIXES:
        raise UnsupportedFormatError(
            f"unknown document kind {suffix!r}", source=str(path),
            hint="give a .txt export of the manual or a canonical manual directory")
    return read_seed_text(_read_bytes(path), str(path), is_lenient=is_lenient)


def _read_bytes(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnsupportedFormatError(
                f"the file is {size / 1_048_576:.1f} MiB; documents over "
                f"{limit // 1_048_576} MiB are refused", source=str(path),
                hint="check that this is the manual and not another file")
        return path.read_bytes()
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read the file: {exc.strerror}", source=str(path),
                                     hint="check the path and its permissions") from exc


def read_manual_dir(directory: Path) -> Manual:
    """Read a manual's canonical directory: manual.yaml and positions/*.yaml."""
    files: dict[str, bytes] = {}
    if not (directory / MANUAL_FILE).is_file():
        raise UnsupportedFormatError(f"{MANUAL_FILE} is missing", source=str(directory),
                                     hint="point at a directory written by 'docversion convert'")
    files[MANUAL_FILE] = _read_bytes(directory / MANUAL_FILE)
    positions = directory / POSITIONS_DIR
    if positions.is_dir():
        entries = sorted(positions.iterdir())
        if len(entries) > MAX_POSITION_FILES:
            raise UnsupportedFormatError(f"{len(entries)} files under positions/", source=str(directory),
                                         hint=f"a manual holds at most {MAX_POSITION_FILES} positions")
        for entry in entries:
            if entry.suffix == ".yaml" and entry.is_file() and not entry.is_symlink():
                files[f"{POSITIONS_DIR}/{entry.name}"] = _read_bytes(entry)
    return load_manual(files, str(directory))


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
        raise DocversionError(f"{target}: cannot write the manual: {exc.strerror}. "
                              "Fix: free disk space or choose another directory") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir() or target.is_symlink():
        raise UnsupportedFormatError("exists and is not a directory", source=str(target),
                                     hint="choose a new directory name")
    names = {entry.name for entry in target.iterdir()}
    if names and MANUAL_FILE not in names:
        raise UnsupportedFormatError(
            "exists and is not a manual directory; refusing to replace it", source=str(target),
            hint="choose a new or empty directory")
    if names - {MANUAL_FILE, POSITIONS_DIR}:
        extra = sorted(names - {MANUAL_FILE, POSITIONS_DIR})[0]
        raise UnsupportedFormatError(
            f"holds {extra!r}, which is not part of a manual; refusing to replace it",
            source=str(target), hint="move that file away or choose another directory")


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
