"""The search index: an SQLite FTS5 table of every published version's texts, derived from the store.

It lives in the store's git directory (``docversion-search.sqlite``), beside the parse cache and
under the same rules: derived data, never pushed or pulled (it is no ref), safe to delete. What it
holds, and why it answers fast:

- ``versions``: each published version it reflects (code, number, commit, area). A search reads
  the store's refs (one ``git for-each-ref``) and compares: the versions that are new are indexed,
  those gone (or whose tag names another commit) dropped, in one transaction; nothing else is read.
- ``files``: each version's files in document order (manual.yaml, then each position by id) by
  blob id. A position unchanged from v2 to v5 is one blob in four versions, so its texts are
  stored once, whatever the number of versions.
- ``units``: each blob's texts by path and field (``periodic_functions.weekly.3``), in order;
  ``texts`` each distinct text once; ``words``, the FTS5 table (contentless, ``ascii`` tokenizer),
  each text's folded words (:mod:`docversion.search.phrase`): the tokenizer splits on the spaces
  that join them and nowhere else, so FTS5's tokens are exactly the search's words and its phrase
  query finds exactly the texts whose words hold the phrase's.

The version ranges of a hit are worked out at query time from the versions each text's blobs
stand in (:mod:`docversion.search.hits`).

A missing index, or one of another :data:`FORMAT`, is built anew in a temporary file that then
replaces it, so no reader sees half an index. Every SQLite failure is :class:`IndexUnavailable`:
``is_damaged`` (the file is not a database, a table is missing, a page is malformed) means the
caller may discard it and build it again; otherwise (busy in another process, a read-only store, a
full disk) the caller answers from git this once. No failure makes a wrong answer: the caller
reads git instead, and checks every text the index gives against the phrase.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docversion import __version__
from docversion.formats.canonical import FORMAT as MANUAL_FORMAT
from docversion.search.phrase import Phrase, words
from docversion.search.records import IndexState, Occurrence
from docversion.store.search_reading import Units, VersionFiles, Wanted

INDEX_FILE = "docversion-search.sqlite"
FORMAT = f"{MANUAL_FORMAT};docversion {__version__};search 1"
_LEFTOVER_AGE = 600.0  # a temporary build older than this was left by a killed process
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE versions (code TEXT NOT NULL, version INTEGER NOT NULL, commit_id TEXT NOT NULL, area TEXT NOT NULL,
    PRIMARY KEY (code, version)) WITHOUT ROWID;
CREATE TABLE files (code TEXT NOT NULL, version INTEGER NOT NULL, place INTEGER NOT NULL, position_id TEXT,
    blob INTEGER NOT NULL, PRIMARY KEY (code, version, place)) WITHOUT ROWID;
CREATE INDEX files_by_blob ON files (blob);
CREATE TABLE blobs (id INTEGER PRIMARY KEY, oid TEXT NOT NULL UNIQUE);
CREATE TABLE units (blob INTEGER NOT NULL, ordinal INTEGER NOT NULL, path TEXT NOT NULL, field TEXT NOT NULL,
    text_id INTEGER NOT NULL, PRIMARY KEY (blob, ordinal)) WITHOUT ROWID;
CREATE INDEX units_by_text ON units (text_id);
CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE words USING fts5 (folded, content = '', tokenize = 'ascii');
"""
# Every place the phrase stands: the FTS5 match gives the texts, their units the blobs, and the files
# the versions those stand in. The texts themselves, the positions' titles (a position's first unit) and
# the versions' facts are read once each, apart: a text found in a thousand places is sent once.
_PLACES = """
SELECT f.code, f.version, f.position_id, f.place, f.blob, u.path, u.field, u.ordinal, u.text_id
FROM words JOIN units AS u ON u.text_id = words.rowid
JOIN files AS f ON f.blob = u.blob
WHERE words MATCH :query AND (:code IS NULL OR f.code = :code)
  AND (:fields IS NULL OR u.field IN (SELECT value FROM json_each(:fields)))
"""
_TEXTS = "SELECT id, text FROM texts WHERE id IN (SELECT value FROM json_each(?))"
_TITLES = """SELECT u.blob, t.text FROM units AS u JOIN texts AS t ON t.id = u.text_id
    WHERE u.ordinal = 0 AND u.blob IN (SELECT value FROM json_each(?))"""
_VERSIONS = "SELECT code, version, commit_id, area FROM versions"
Reader = Callable[[Sequence[Wanted], Callable[[Collection[str]], Collection[str]]], tuple[list[VersionFiles], Units]]
"""How the index reads versions from git: :func:`docversion.store.search_reading.read_versions` with
the store bound; it is given the blobs whose units the index already holds, to skip them."""
Current = Mapping[tuple[str, int], str]
"""The published versions the store holds now: (code, version) -> commit."""


class IndexUnavailable(Exception):  # a state, not a fault: the search reads git instead
    """The index cannot answer now; ``is_damaged`` when building it again may help."""

    def __init__(self, reason: str, *, is_damaged: bool) -> None:
        super().__init__(reason)
        self.is_damaged = is_damaged


@dataclass(frozen=True)
class Refresh:
    """What bringing the index up to date did: ``fresh`` (nothing), ``updated`` or ``built``, and
    how many versions it added and dropped."""

    state: IndexState
    added: int = 0
    dropped: int = 0


class SearchIndex:
    """The search index of one store; each call opens the database, works and closes it."""

    def __init__(self, git_dir: Path) -> None:
        self.path = git_dir / INDEX_FILE

    def refresh(self, current: Current, read: Reader) -> Refresh:
        """Bring the index up to the store's published versions ``current``: build it when it is
        missing or of another format, else index what is new and drop what is gone."""
        if not self.path.exists():
            return self._build(current, read)
        for _attempt in range(3):  # another process may update it meanwhile: then look again
            with self._connection(writes=False) as db:
                is_foreign = _format(db) != FORMAT
                indexed = {} if is_foreign else _indexed(db)
            if is_foreign:
                return self._build(current, read)
            if indexed == dict(current):
                return Refresh("fresh")
            gone = sorted(key for key, commit in indexed.items() if current.get(key) != commit)
            new = sorted((code, version, commit) for (code, version), commit in current.items()
                         if indexed.get((code, version)) != commit)
            with self._connection(writes=True) as db:
                versions, units = read(new, functools.partial(_known, db, gone=gone))
                db.execute("BEGIN IMMEDIATE")
                if _indexed(db) != indexed:
                    db.execute("ROLLBACK")
                    continue
                _drop(db, gone)
                _add(db, versions, units)
                db.execute("COMMIT")
            return Refresh("updated", len(new), len(gone))
        raise IndexUnavailable("the index kept changing under this search", is_damaged=False)

    def occurrences(self, phrase: Phrase, code: str | None, fields: Collection[str]) -> list[Occurrence]:
        """Every unit of every indexed version whose text holds ``phrase``, of manual ``code`` (None:
        every manual), in ``fields`` (empty: every field)."""
        parameters = {"query": phrase.fts_query(), "code": code,
                      "fields": json.dumps(sorted(fields)) if fields else None}
        with self._connection(writes=False) as db:
            if _format(db) != FORMAT:
                raise IndexUnavailable("the index was replaced by another format", is_damaged=True)
            rows = db.execute(_PLACES, parameters).fetchall()
            texts = dict(db.execute(_TEXTS, (json.dumps(sorted({row[8] for row in rows})),)).fetchall())
            titles = dict(db.execute(_TITLES, (json.dumps(sorted({row[4] for row in rows if row[2]})),)).fetchall())
            facts = {(code, version): (commit, area) for code, version, commit, area in db.execute(_VERSIONS)}
        try:
            return [Occurrence(code, version, *facts[(code, version)], position_id,
                               _text(titles[blob]) if position_id is not None else None, place, _text(path),
                               _text(field), ordinal, _text(texts[text_id]))
                    for code, version, position_id, place, blob, path, field, ordinal, text_id in rows]
        except (KeyError, TypeError) as exc:  # a row pointing at nothing, or a value of another type
            raise IndexUnavailable(f"the index does not hold together: {exc!r}", is_damaged=True) from exc

    def counts(self) -> dict[str, int]:
        """The rows of each table: what the index holds (for ``doctor`` and the tests)."""
        with self._connection(writes=False) as db:
            return {name: int(db.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # noqa: S608 (fixed names)
                    for name in ("versions", "files", "blobs", "units", "texts")}

    def discard(self) -> bool:
        """Remove the index (and a journal a killed writer left); False when that cannot be done."""
        try:
            for path in (self.path, _journal(self.path)):
                path.unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def _build(self, current: Current, read: Reader) -> Refresh:
        """Index every version in a new file, then put it in place of the old one at once."""
        if not os.access(self.path.parent, os.W_OK):  # known before reading every version from git
            raise IndexUnavailable("the index cannot be written: the store is read-only", is_damaged=False)
        _remove_leftovers(self.path)
        temporary = self.path.with_name(f"{INDEX_FILE}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            versions, units = read(sorted((code, version, commit) for (code, version), commit in current.items()),
                                   lambda blobs: ())
            db = sqlite3.connect(temporary, isolation_level=None)
            try:
                db.executescript(_SCHEMA)
                db.execute("BEGIN")
                db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
                _add(db, versions, units)
                db.execute("COMMIT")
            finally:
                db.close()
            _journal(self.path).unlink(missing_ok=True)  # a journal of the file replaced is not this file's
            temporary.replace(self.path)
        except (sqlite3.Error, OSError) as exc:
            raise IndexUnavailable(f"the index cannot be written: {exc}", is_damaged=False) from exc
        finally:
            temporary.unlink(missing_ok=True)
        return Refresh("built", len(current))

    @contextlib.contextmanager
    def _connection(self, *, writes: bool) -> Iterator[sqlite3.Connection]:
        """An open connection; any SQLite failure becomes :class:`IndexUnavailable`."""
        may_write = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        if writes and not may_write:
            raise IndexUnavailable("the index is read-only", is_damaged=False)
        mode = "rw" if may_write else "ro"  # a reader that may write rolls back what a killed writer left
        db = None
        try:
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={mode}", uri=True, timeout=5.0,
                                 isolation_level=None)
            yield db
        except sqlite3.Error as exc:
            raise IndexUnavailable(str(exc), is_damaged=_primary(exc) not in _NOT_DAMAGE) from exc
        finally:
            if db is not None:
                db.close()  # an open transaction is rolled back


# What SQLite says when the file may be sound but cannot be used now (busy, read-only, the disk full):
# building it again would not help;
# anything else (not a database, malformed, a table missing) is damage.
_NOT_DAMAGE = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL,
                         sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOMEM,
                         sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_PROTOCOL})


def _primary(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``exc`` (its extended code's low byte)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _journal(path: Path) -> Path:
    return path.with_name(f"{path.name}-journal")


def _remove_leftovers(path: Path) -> None:
    """Delete temporary builds that killed processes left (older than ten minutes)."""
    now = time.time()
    for leftover in path.parent.glob(f"{INDEX_FILE}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _LEFTOVER_AGE:
                leftover.unlink()


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _format(db: sqlite3.Connection) -> str | None:
    found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    return str(found[0]) if found else None


def _indexed(db: sqlite3.Connection) -> dict[tuple[str, int], str]:
    return {(code, version): commit for code, version, commit in db.execute(
        "SELECT code, version, commit_id FROM versions")}


def _known(db: sqlite3.Connection, blobs: Collection[str], *, gone: Sequence[tuple[str, int]]) -> set[str]:
    """The blobs of ``blobs`` whose units the index holds and keeps once ``gone`` is dropped."""
    held = {oid for (oid,) in db.execute("SELECT oid FROM blobs WHERE oid IN (SELECT value FROM json_each(?))",
                                         (json.dumps(sorted(blobs)),))}
    if not gone:
        return held
    dropped = json.dumps([[code, version] for code, version in gone])
    kept = {oid for (oid,) in db.execute(
        """SELECT DISTINCT b.oid FROM files AS f JOIN blobs AS b ON b.id = f.blob WHERE (f.code, f.version) NOT IN
           (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))""", (dropped,))}
    return held & kept


def _drop(db: sqlite3.Connection, gone: Sequence[tuple[str, int]]) -> None:
    """Forget the versions ``gone``, and the blobs and texts no version holds any more."""
    if not gone:
        return
    db.executemany("DELETE FROM files WHERE code = ? AND version = ?", gone)
    db.executemany("DELETE FROM versions WHERE code = ? AND version = ?", gone)
    db.execute("DELETE FROM blobs WHERE id NOT IN (SELECT blob FROM files)")
    db.execute("DELETE FROM units WHERE blob NOT IN (SELECT id FROM blobs)")
    orphans = db.execute("SELECT id, text FROM texts WHERE id NOT IN (SELECT text_id FROM units)").fetchall()
    # A contentless FTS5 table forgets a row when given the values it indexed: the same folding.
    db.executemany("INSERT INTO words (words, rowid, folded) VALUES ('delete', ?, ?)",
                   [(text_id, " ".join(words(text))) for text_id, text in orphans])
    db.executemany("DELETE FROM texts WHERE id = ?", [(text_id,) for text_id, _ in orphans])


def _add(db: sqlite3.Connection, versions: Sequence[VersionFiles], units: Units) -> None:
    """Index ``versions``, storing the units of the blobs in ``units`` (the others are held already)."""
    distinct = sorted({unit.text for blob_units in units.values() for unit in blob_units})
    held = dict(db.execute("SELECT text, id FROM texts WHERE text IN (SELECT value FROM json_each(?))",
                           (json.dumps(distinct),)).fetchall())
    new = [text for text in distinct if text not in held]
    next_id = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM texts").fetchone()[0])
    ids = {**held, **{text: next_id + number for number, text in enumerate(new)}}
    db.executemany("INSERT INTO texts (id, text) VALUES (?, ?)", [(ids[text], text) for text in new])
    db.executemany("INSERT INTO words (rowid, folded) VALUES (?, ?)",
                   [(ids[text], " ".join(words(text))) for text in new])
    oids = sorted({placed.blob for v in versions for placed in v.files} | set(units))
    blob_ids = dict(db.execute("SELECT oid, id FROM blobs WHERE oid IN (SELECT value FROM json_each(?))",
                               (json.dumps(oids),)).fetchall())
    fresh = [oid for oid in sorted(units) if oid not in blob_ids]
    next_blob = int(db.execute("SELECT coalesce(max(id), 0) + 1 FROM blobs").fetchone()[0])
    blob_ids.update((oid, next_blob + number) for number, oid in enumerate(fresh))
    if len(blob_ids) != len(oids):  # a file whose texts are neither held nor given: the index lost them
        raise IndexUnavailable("the index lost the texts of a file it names", is_damaged=True)
    db.executemany("INSERT INTO blobs (id, oid) VALUES (?, ?)", [(blob_ids[oid], oid) for oid in fresh])
    db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?)",
                   [(blob_ids[oid], ordinal, unit.path, unit.field, ids[unit.text])
                    for oid in fresh for ordinal, unit in enumerate(units[oid])])
    db.executemany("INSERT OR REPLACE INTO versions VALUES (?, ?, ?, ?)",
                   [(v.code, v.version, v.commit, v.area) for v in versions])
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                   [(v.code, v.version, placed.index, placed.position_id, blob_ids[placed.blob])
                    for v in versions for placed in v.files])
