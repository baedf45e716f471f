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
import os
import re
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
from docversion.model import CLEAN_TEXT, Cover, Position
from docversion.store import snapshots
from docversion.store.gitcmd import Git
from docversion.text import is_clean_json

CACHE_FILE = "docversion-parsed.sqlite"
FORMAT = f"{MANUAL_FORMAT};docversion {__version__};cache 1"
MAX_BYTES = 100 * 2**20
"""Past this much data the oldest tenth of the entries is dropped: the cache keeps what was
written or read last, and a file dropped is parsed again if asked for. The size is SQLite's
count of pages in use, read from the file's header: no scan of the entries."""
_SCHEMA = """CREATE TABLE IF NOT EXISTS parsed (
    blob TEXT NOT NULL, name TEXT NOT NULL, format TEXT NOT NULL, json TEXT NOT NULL, added REAL NOT NULL,
    PRIMARY KEY (blob, name, format)) WITHOUT ROWID"""
# Which blob a commit's ``manual.yaml`` is, by the name ``git cat-file`` takes ("<commit>:<code>/manual.yaml"):
# a commit never changes, so neither does this, and ``list`` finds each head's cover without asking git.
_HEADS_SCHEMA = """CREATE TABLE IF NOT EXISTS heads (
    name TEXT NOT NULL, format TEXT NOT NULL, blob TEXT NOT NULL, PRIMARY KEY (name, format)) WITHOUT ROWID"""
_HEADS_UPSERT = "INSERT INTO heads VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET blob = excluded.blob"
_COVERS_SELECT = """SELECT heads.name, json_extract(parsed.json, '$.cover') FROM heads
    JOIN parsed ON parsed.blob = heads.blob AND parsed.name = 'manual.yaml' AND parsed.format = heads.format
    WHERE heads.format = ? AND heads.name IN (SELECT value FROM json_each(?))"""
_HEADS_ORPHANS = """DELETE FROM heads WHERE NOT EXISTS (SELECT 1 FROM parsed WHERE parsed.blob = heads.blob
    AND parsed.name = 'manual.yaml' AND parsed.format = heads.format)"""
# A file written or parsed again counts as new (the entries kept are those used last), and its
# reading replaces the one kept: it comes from the file itself.
_UPSERT = """INSERT INTO parsed VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET json = excluded.json, added = excluded.added"""
_EVICT = """DELETE FROM parsed WHERE (blob, name, format) IN
    (SELECT blob, name, format FROM parsed ORDER BY added LIMIT (SELECT count(*) / 10 + 1 FROM parsed))"""
# The blob ids go in as one JSON array: one query, whatever their number, and no SQL is built.
_SELECT = "SELECT name, blob, json FROM parsed WHERE format = ? AND blob IN (SELECT value FROM json_each(?))"

_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # only an object id ever reaches git
T = TypeVar("T")
Key = tuple[str, str]
"""A file as the cache knows it: (name inside the manual, blob id)."""


class ParsedCache:
    """The parse cache of one store; each call opens the database, works and closes it."""

    def __init__(self, git_dir: Path) -> None:
        self.path = git_dir / CACHE_FILE
        self.is_working = True  # False after a failure other than a busy database: no more tries

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
        for name, blob, text in self._run(select, writes=False) or []:
            value = _parse(name, text) if (name, blob) in wanted else None
            if value is not None:
                found[(name, blob)] = value
        return found

    def covers(self, names: Collection[str]) -> dict[str, Cover]:
        """The cover of each commit's ``manual.yaml`` named as ``git cat-file`` takes it, for those the
        cache knows; the others are left out."""
        if not names or not self.is_working or not self.path.is_file():
            return {}

        def select(db: sqlite3.Connection) -> list[tuple[str, str]]:
            rows: list[tuple[str, str]] = db.execute(_COVERS_SELECT, (FORMAT, json.dumps(sorted(names)))).fetchall()
            return rows

        found: dict[str, Cover] = {}
        for name, text in self._run(select, writes=False) or []:
            if isinstance(text, str) and is_clean_json(text):
                try:
                    found[name] = Cover.model_validate_json(text, context=CLEAN_TEXT)
                except ValidationError:
                    continue  # read from git instead
        return found

    def put(self, entries: Mapping[Key, Head | Position], heads: Mapping[str, str] | None = None) -> None:
        """Keep ``entries``, and ``heads`` (a commit's ``manual.yaml`` as ``git cat-file`` names it ->
        its blob id), all or none; quietly nothing when the cache cannot be written."""
        if not entries or not self.is_working:
            return
        now = time.time()
        rows = [(blob, name, FORMAT, value.model_dump_json(), now) for (name, blob), value in entries.items()]
        head_rows = [(name, FORMAT, blob) for name, blob in (heads or {}).items()]

        def insert(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")  # one transaction, the count and the eviction in it
            db.execute(_SCHEMA)
            db.execute(_HEADS_SCHEMA)
            db.executemany(_UPSERT, rows)
            db.executemany(_HEADS_UPSERT, head_rows)
            if _bytes_in_use(db) > MAX_BYTES:
                db.execute(_EVICT)
                db.execute(_HEADS_ORPHANS)
            db.execute("COMMIT")

        self._run(insert, writes=True)

    def rows(self) -> list[tuple[str, str, str, str]] | None:
        """Every entry as (blob, name, format, JSON); None when the cache cannot be read."""
        if not self.path.exists():
            return []

        def select(db: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
            found: list[tuple[str, str, str, str]] = db.execute(
                "SELECT blob, name, format, json FROM parsed ORDER BY name, blob, format").fetchall()
            return found

        return self._run(select, writes=False)

    def head_rows(self) -> list[Entry] | None:
        """Every commit's ``manual.yaml`` entry as (blob id, name, format); None when the cache
        cannot be read."""
        if not self.path.exists():
            return []

        def select(db: sqlite3.Connection) -> list[Entry]:
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'heads'").fetchone() is None:
                return []
            found: list[Entry] = db.execute("SELECT blob, name, format FROM heads ORDER BY name, format").fetchall()
            return found

        return self._run(select, writes=False)

    def discard(self, entries: Collection[tuple[str, str, str]]) -> bool:
        """Drop the (blob, name, format) entries, all or none; False when that cannot be done."""

        def delete(db: sqlite3.Connection) -> bool:
            db.execute("BEGIN IMMEDIATE")
            db.execute(_HEADS_SCHEMA)
            db.executemany("DELETE FROM parsed WHERE blob = ? AND name = ? AND format = ?", list(entries))
            db.executemany("DELETE FROM heads WHERE blob = ? AND name = ? AND format = ?", list(entries))
            db.execute("COMMIT")
            return True

        return bool(entries) and self._run(delete, writes=True) is True

    def state(self) -> str:
        """``absent``, ``ok``, ``busy`` (another process holds it) or ``damaged`` (SQLite's own
        check fails, or the file is not a database)."""
        if not self.path.exists():
            return "absent"
        try:
            db = sqlite3.connect(self._uri(writes=False), uri=True, timeout=2.0, isolation_level=None)
        except sqlite3.Error:
            return "damaged"
        try:
            [(verdict,)] = db.execute("PRAGMA quick_check(1)").fetchall()
            db.execute("SELECT count(*) FROM parsed").fetchone()
            return "ok" if verdict == "ok" else "damaged"
        except sqlite3.Error as exc:
            return "busy" if _is_busy(exc) else "damaged"
        finally:
            db.close()

    def _uri(self, *, writes: bool) -> str:
        # A reader opens read-write where it may, so that a transaction a killed process left
        # half done (its journal) is rolled back rather than making the file unreadable.
        may_write = writes or (os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK))
        return f"{self.path.resolve().as_uri()}?mode={('rwc' if writes else 'rw') if may_write else 'ro'}"

    def _run(self, work: Callable[[sqlite3.Connection], T], *, writes: bool) -> T | None:
        """``work`` on an open connection, or None when SQLite or the disk fails: a database
        busy in another process is skipped this once; any other failure ends the tries."""
        db = None
        try:
            db = sqlite3.connect(self._uri(writes=writes), uri=True, timeout=0.5, isolation_level=None)
            return work(db)
        except (sqlite3.Error, OSError) as exc:
            if not _is_busy(exc):
                self.is_working = False
            return None
        finally:
            if db is not None:
                db.close()  # an open transaction is rolled back


def _bytes_in_use(db: sqlite3.Connection) -> int:
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    (free,) = db.execute("PRAGMA freelist_count").fetchone()
    (size,) = db.execute("PRAGMA page_size").fetchone()
    return int((pages - free) * size)


def _is_busy(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _parse(name: str, text: str) -> Head | Position | None:
    """The cached value, or None when it is not what that file holds (a build whose rules
    differ wrote it, or it names another position)."""
    if not is_clean_json(text):  # every text rule at once; the models then skip the per-string check
        return None
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
    current = [row for row in rows if row[2] == FORMAT and _OBJECT_ID.fullmatch(row[0])]
    stale = [(blob, name, form) for blob, name, form, _ in rows
             if form != FORMAT or not _OBJECT_ID.fullmatch(blob)]
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
    heads = cache.head_rows() or []
    current_heads = [row for row in heads if row[2] == FORMAT]
    stale += [row for row in heads if row[2] != FORMAT]
    ids = snapshots.object_ids(runner, [name for _, name, _ in current_heads])
    for blob, name, form in current_heads:
        if name not in ids:
            stale.append((blob, name, form))
        elif ids[name] != blob:
            wrong.append((blob, name, form))
    return Audit(tuple(wrong), tuple(stale))
