"""The parse cache: every snapshot file the store has read, kept as validated JSON by blob id.

A stored file never changes (its blob id is the hash of its bytes), so neither does what it
parses to. Reading a version the cache knows skips YAML altogether: the store lists the
snapshot's blobs, takes their JSON from here and validates it (pydantic, in Rust), several
times faster than parsing the YAML again. Writing a snapshot fills the cache with the files it
wrote; reading one fills it with the files it had to parse.

The cache is SQLite in the store's git directory, ``docversion-parsed.sqlite``. It is derived
data: deleting it is always safe, and it is never pushed or pulled. Any failure to read or
write it (a read-only store, a full disk, a damaged file, another process holding it) means
only that the YAML is read again; no command fails because of it. Entries are keyed by blob
id, file name (a position's id is its file's name) and :data:`FORMAT`, so a docversion that
reads files differently never takes another's entries. What signs and verifies never uses
it: sign-offs, ``verify``, merges and writes read git's objects themselves.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from docversion import __version__
from docversion.errors import InvalidInputError
from docversion.formats.canonical import FORMAT as MANUAL_FORMAT
from docversion.formats.canonical import MANUAL_FILE, Head, position_file, read_file
from docversion.model import CLEAN_TEXT, Position
from docversion.store import snapshots
from docversion.store.gitcmd import Git

CACHE_FILE = "docversion-parsed.sqlite"
FORMAT = f"{MANUAL_FORMAT};docversion {__version__};cache 1"
MAX_ENTRIES = 20_000
"""Past this many entries (some 80 MB of JSON at 4 KB a position) the oldest tenth is dropped:
the cache keeps what was written or read last, and a file dropped is parsed again if asked for."""
_SCHEMA = """CREATE TABLE IF NOT EXISTS parsed (
    blob TEXT NOT NULL, name TEXT NOT NULL, format TEXT NOT NULL, json TEXT NOT NULL, added REAL NOT NULL,
    PRIMARY KEY (blob, name, format)) WITHOUT ROWID"""
# A file written or parsed again counts as new (the entries kept are those used last), and its
# reading replaces the one kept: it comes from the file itself.
_UPSERT = """INSERT INTO parsed VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET json = excluded.json, added = excluded.added"""
_EVICT = """DELETE FROM parsed WHERE (blob, name, format) IN
    (SELECT blob, name, format FROM parsed ORDER BY added LIMIT ?)"""
# The blob ids go in as one JSON array: one query, whatever their number, and no SQL is built.
_SELECT = "SELECT name, blob, json FROM parsed WHERE format = ? AND blob IN (SELECT value FROM json_each(?))"

T = TypeVar("T")
Key = tuple[str, str]
"""A file as the cache knows it: (name inside the manual, blob id)."""


class ParsedCache:
    """The parse cache of one store; each call opens the database, works and closes it."""

    def __init__(self, git_dir: Path) -> None:
        self.path = git_dir / CACHE_FILE
        self.is_working = True  # False after a failure: this process stops trying

    def get(self, keys: Collection[Key]) -> dict[Key, Head | Position]:
        """The files of ``keys`` the cache holds, parsed; those it does not are left out."""
        if not keys or not self.is_working or not self.path.is_file():
            return {}
        wanted = set(keys)
        blobs = sorted({blob for _, blob in wanted})

        def select(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
            rows: list[tuple[str, str, str]] = db.execute(_SELECT, (FORMAT, json.dumps(blobs))).fetchall()
            return rows

        found: dict[Key, Head | Position] = {}
        for name, blob, text in self._run(select, read_only=True) or []:
            value = _parse(name, text) if (name, blob) in wanted else None
            if value is not None:
                found[(name, blob)] = value
        return found

    def put(self, entries: Mapping[Key, Head | Position]) -> None:
        """Keep ``entries``; quietly nothing when the cache cannot be written."""
        if not entries or not self.is_working:
            return
        now = time.time()
        rows = [(blob, name, FORMAT, value.model_dump_json(), now) for (name, blob), value in entries.items()]

        def insert(db: sqlite3.Connection) -> None:
            db.execute(_SCHEMA)
            with db:  # one transaction: all the rows or none
                db.executemany(_UPSERT, rows)
                (count,) = db.execute("SELECT count(*) FROM parsed").fetchone()
                if count > MAX_ENTRIES:
                    db.execute(_EVICT, (count - MAX_ENTRIES + MAX_ENTRIES // 10,))

        self._run(insert, read_only=False)

    def rows(self) -> list[tuple[str, str, str, str]] | None:
        """Every entry as (blob, name, format, JSON); None when the cache cannot be read."""
        if not self.path.exists():
            return []

        def select(db: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
            found: list[tuple[str, str, str, str]] = db.execute(
                "SELECT blob, name, format, json FROM parsed ORDER BY name, blob, format").fetchall()
            return found

        return self._run(select, read_only=True)

    def discard(self, entries: Collection[tuple[str, str, str]]) -> bool:
        """Drop the (blob, name, format) entries; False when the cache cannot be written."""

        def delete(db: sqlite3.Connection) -> bool:
            with db:
                db.executemany("DELETE FROM parsed WHERE blob = ? AND name = ? AND format = ?", list(entries))
            return True

        return bool(entries) and self._run(delete, read_only=False) is True

    def _run(self, work: Callable[[sqlite3.Connection], T], *, read_only: bool) -> T | None:
        """``work`` on an open connection; None (and no more tries) when SQLite or the disk fails."""
        db = None
        try:
            uri = f"{self.path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
            db = sqlite3.connect(uri, uri=True, timeout=0.5, isolation_level=None)
            return work(db)
        except (sqlite3.Error, OSError):
            self.is_working = False
            return None
        finally:
            if db is not None:
                db.close()


def _parse(name: str, text: str) -> Head | Position | None:
    """The cached value, or None when it is not what that file holds (a build whose rules
    differ wrote it, or it names another position)."""
    try:
        if name == MANUAL_FILE:
            return Head.model_validate_json(text, context=CLEAN_TEXT)
        position = Position.model_validate_json(text, context=CLEAN_TEXT)
    except ValidationError:
        return None
    return position if position_file(position.id) == name else None


Entry = tuple[str, str, str]
"""An entry as stored: (blob id, file name, format)."""


@dataclass(frozen=True)
class Audit:
    """What ``doctor`` finds in the cache: entries that are not what their file reads as, and
    entries no reader will take (another build's format, or a blob git no longer has)."""

    wrong: tuple[Entry, ...]
    stale: tuple[Entry, ...]


def audit(runner: Git, cache: ParsedCache) -> Audit | None:
    """Each entry of the current format checked against its blob, read again from git's objects;
    None when the cache cannot be read at all."""
    rows = cache.rows()
    if rows is None:
        return None
    current = [row for row in rows if row[2] == FORMAT]
    stale = [(blob, name, form) for blob, name, form, _ in rows if form != FORMAT]
    contents = snapshots.read_blobs(runner, sorted({row[0] for row in current}), allow_missing=True)
    wrong = []
    for blob, name, form, text in current:
        if blob not in contents:
            stale.append((blob, name, form))
            continue
        try:
            truth: Head | Position | None = read_file(name, contents[blob], f"{name} ({blob[:12]})")
        except InvalidInputError:
            truth = None
        if truth is None or _parse(name, text) != truth:
            wrong.append((blob, name, form))
    return Audit(tuple(wrong), tuple(stale))
