"""The store's parse cache: versions read back without YAML, and never at the cost of the truth.

Recording a snapshot fills the cache; reading one takes what the cache holds and reads the rest
from git (one ``cat-file --batch``), then keeps it. A damaged, unwritable or foreign cache only
means reading the YAML again; what is signed, verified or merged is read from git's objects.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from docversion.errors import CanonicalFormError
from docversion.formats.canonical import MANUAL_FILE, Head, position_file
from docversion.model import Manual
from docversion.store import DRAFT, Store, reading, snapshots
from docversion.store import parsed as parsed_module
from docversion.store.control import ChangeControl
from docversion.store.doctor import examine
from docversion.store.parsed import CACHE_FILE, FORMAT, ParsedCache, _parse
from tests.conftest import AUTHOR, with_objective
from tests.strategies import manuals


def _keys(store: Store, code: str, commit: str) -> set[tuple[str, str]]:
    return set(snapshots.list_files(store.git, commit, code).items())


def _no_blob_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the blobs each read takes from git (a round of ``cat-file``); return the counter."""
    calls: list[int] = []
    real: Any = reading._blobs

    def counting(git: object, blobs: list[str]) -> dict[str, bytes]:
        if blobs:
            calls.append(len(blobs))
        return real(git, blobs)

    monkeypatch.setattr(reading, "_blobs", counting)
    return calls


class TestFilledAndUsed:
    def test_recording_fills_the_cache_and_reading_needs_no_blob(self, store: Store, seed_manual: Manual,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        keys = _keys(store, recorded.code, recorded.commit)
        assert set(store.parsed.get(keys)) == keys
        reads = _no_blob_reads(monkeypatch)
        assert store.load(recorded.code, DRAFT) == seed_manual
        assert reads == []

    def test_a_cold_read_parses_the_yaml_once_then_keeps_it(self, store: Store, seed_manual: Manual,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        (store.git_dir / CACHE_FILE).unlink()
        reads = _no_blob_reads(monkeypatch)
        assert store.load(recorded.code, DRAFT) == seed_manual
        assert reads == [1 + len(seed_manual.positions)]
        assert store.load(recorded.code, DRAFT) == seed_manual
        assert reads == [1 + len(seed_manual.positions)], "the second read still went to the YAML"

    def test_two_versions_share_what_did_not_change(self, store: Store, seed_manual: Manual,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
        first = store.record(seed_manual, author=AUTHOR)
        edited = with_objective(seed_manual, 1, "Un objetivo nuevo.")
        second = store.record(edited, author=AUTHOR)
        (store.git_dir / CACHE_FILE).unlink()
        reads = _no_blob_reads(monkeypatch)
        pair = store.load_pair(first.code, (first.commit, second.commit), ("a", "b"))
        assert pair == (seed_manual, edited)
        # manual.yaml and every position once, plus the one position file that differs
        assert reads == [1 + len(seed_manual.positions) + 1]
        assert pair[0].positions[0] is pair[1].positions[0]


class TestNeverAtTheCostOfTheTruth:
    def test_a_damaged_cache_file_is_read_around(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        (store.git_dir / CACHE_FILE).write_bytes(b"this is not a database" * 100)
        fresh = Store.open(store.git_dir)
        assert fresh.load(recorded.code, DRAFT) == seed_manual
        assert not fresh.parsed.is_working

    def test_a_cache_that_cannot_be_opened_or_written(self, store: Store, seed_manual: Manual) -> None:
        (store.git_dir / CACHE_FILE).mkdir()  # nothing can open a directory as a database
        recorded = store.record(seed_manual, author=AUTHOR)
        assert store.load(recorded.code, DRAFT) == seed_manual
        assert (store.git_dir / CACHE_FILE).is_dir()

    def test_entries_of_another_format_are_not_taken(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
            db.execute("UPDATE parsed SET format = 'docversion-manual/0'")
        db.close()
        assert store.parsed.get(_keys(store, recorded.code, recorded.commit)) == {}
        assert store.load(recorded.code, DRAFT) == seed_manual

    def test_an_entry_naming_another_position_is_not_taken(self, seed_manual: Manual) -> None:
        position = seed_manual.positions[0]
        assert _parse(position_file(position.id), position.model_dump_json()) == position
        assert _parse(position_file("otro-puesto"), position.model_dump_json()) is None
        assert _parse(position_file(position.id), '{"id": "x"}') is None

    def test_what_is_signed_is_read_from_git_not_the_cache(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        position = seed_manual.positions[0]
        blob = snapshots.list_files(store.git, recorded.commit, recorded.code)[position_file(position.id)]
        forged = position.model_copy(update={"objective": "Un objetivo que nadie aprobó."})
        with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
            db.execute("UPDATE parsed SET json = ? WHERE blob = ?", (forged.model_dump_json(), blob))
        db.close()
        # The cache is trusted like the rest of the store's directory for display ...
        assert store.load(recorded.code, DRAFT).positions[0] == forged
        # ... but content that is signed, verified or merged comes from git's objects.
        assert ChangeControl(store).draft(recorded.code).manual == seed_manual
        # A read from git's objects puts the truth back in the cache.
        assert store.load(recorded.code, DRAFT, use_cache=False) == seed_manual
        assert store.load(recorded.code, DRAFT) == seed_manual

    def test_a_read_from_git_fills_the_cache(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        (store.git_dir / CACHE_FILE).unlink()
        assert store.load(recorded.code, DRAFT, use_cache=False) == seed_manual
        keys = _keys(store, recorded.code, recorded.commit)
        assert set(store.parsed.get(keys)) == keys

    def test_a_broken_snapshot_is_reported_from_its_files(self, store: Store, seed_manual: Manual) -> None:
        """The cache knows manual.yaml, but the snapshot lacks a position file: the error still
        names manual.yaml and the line that lists the position."""
        recorded = store.record(seed_manual, author=AUTHOR)
        code, victim = recorded.code, seed_manual.positions[1].id
        tree = snapshots.write_snapshot(
            store.git, code, {name: data for name, data in _files(store, code, recorded.commit).items()
                              if name != position_file(victim)}, {})
        commit = store.git.text("commit-tree", tree, "-m", "broken", identity=AUTHOR)
        with pytest.raises(CanonicalFormError) as caught:
            store.load_commit(code, commit, "broken")
        assert caught.value.source == f"broken/{MANUAL_FILE}"
        assert caught.value.line is not None and victim in str(caught.value)


def _files(store: Store, code: str, commit: str) -> dict[str, bytes]:
    listing = snapshots.list_files(store.git, commit, code)
    blobs = snapshots.read_blobs(store.git, sorted(set(listing.values())))
    return {name: blobs[blob] for name, blob in listing.items()}


class TestConcurrentReaders:
    def test_readers_filling_the_cache_at_once(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        (store.git_dir / CACHE_FILE).unlink()
        results: list[Manual] = []
        failures: list[BaseException] = []

        def read() -> None:
            try:
                results.append(Store.open(store.git_dir).load(recorded.code, DRAFT))
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=read) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == [] and results == [seed_manual] * 6
        keys = _keys(store, recorded.code, recorded.commit)
        assert set(ParsedCache(store.git_dir).get(keys)) == keys


class TestRoundTrip:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(manuals(max_positions=3))
    def test_what_the_cache_keeps_reads_back_equal(self, manual: Manual) -> None:
        head = Head.of(manual)
        assert _parse(MANUAL_FILE, head.model_dump_json()) == head
        for position in manual.positions:
            assert _parse(position_file(position.id), position.model_dump_json()) == position

    def test_the_format_names_the_manual_format(self) -> None:
        assert FORMAT.startswith("docversion-manual/1;")


def test_the_cache_lives_in_the_store(store: Store, seed_manual: Manual, tmp_path: Path) -> None:
    before = {path for path in tmp_path.rglob("*") if not path.is_relative_to(store.git_dir)}
    store.record(seed_manual, author=AUTHOR)
    after = {path for path in tmp_path.rglob("*") if not path.is_relative_to(store.git_dir)}
    assert after == before and (store.git_dir / CACHE_FILE).is_file()


class TestDoctor:
    """doctor checks every entry against its file; --repair drops what is off."""

    def test_a_healthy_cache_is_no_finding(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR)
        assert [f for f in examine(store.git, is_repairing=False, min_age=10, now=time.time())
                if "cache" in f.kind] == []

    def test_a_forged_entry_is_damage_and_repair_drops_it(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        name = position_file(seed_manual.positions[2].id)
        blob = snapshots.list_files(store.git, recorded.commit, recorded.code)[name]
        forged = seed_manual.positions[2].model_copy(update={"unit": "Otra unidad"})
        with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
            db.execute("UPDATE parsed SET json = ? WHERE blob = ? AND name = ?", (forged.model_dump_json(), blob, name))
            db.execute("INSERT INTO parsed SELECT ?, name, format, json, added FROM parsed WHERE blob = ? AND name = ?",
                       ("0" * 40, blob, name))  # a file git does not hold (gone with gc)
            db.execute("UPDATE parsed SET format = 'docversion-manual/0' WHERE name = 'manual.yaml'")
        db.close()
        found = examine(store.git, is_repairing=False, min_age=10, now=time.time())
        [wrong] = [f for f in found if f.kind == "parse_cache"]
        assert wrong.is_damage and name in wrong.path and blob[:12] in wrong.path
        [stale] = [f for f in found if f.kind == "stale_cache"]
        assert not stale.is_damage and stale.message.startswith("2 entries")
        repaired = examine(store.git, is_repairing=True, min_age=10, now=time.time())
        assert all(f.is_repaired for f in repaired if "cache" in f.kind)
        after = examine(store.git, is_repairing=False, min_age=10, now=time.time())
        assert [f for f in after if "cache" in f.kind] == []
        assert store.load(recorded.code, DRAFT) == seed_manual

    def test_an_unreadable_cache_is_removed_by_repair(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR)
        (store.git_dir / CACHE_FILE).write_bytes(b"\0" * 4096)
        [finding] = [f for f in examine(store.git, is_repairing=True, min_age=10, now=time.time())
                     if f.kind == "parse_cache"]
        assert finding.is_repaired and not (store.git_dir / CACHE_FILE).exists()


def test_the_oldest_entries_go_past_the_limit(store: Store, seed_manual: Manual,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.record(seed_manual, author=AUTHOR)
    first_keys = _keys(store, first.code, first.commit)
    manual = seed_manual
    for number in range(3):
        manual = with_objective(manual, 0, f"Objetivo número {number}.")
        store.record(manual, author=AUTHOR)
    assert set(store.parsed.get(first_keys)) == first_keys  # under the limit: nothing dropped
    before = store.parsed.rows()
    assert before is not None
    monkeypatch.setattr(parsed_module, "MAX_BYTES", 1)  # every write is over it now
    manual = with_objective(manual, 0, "Objetivo final.")
    last = store.record(manual, author=AUTHOR)
    after = store.parsed.rows()
    assert after is not None and len(after) < len(before) + 1
    last_keys = _keys(store, last.code, last.commit)
    assert set(store.parsed.get(last_keys)) == last_keys  # what was written last is kept
    assert not set(store.parsed.get(first_keys - last_keys))  # the oldest went
    assert store.load(last.code, DRAFT) == manual


class TestRobustness:
    """Found in review: a killed writer's journal, a busy database, rows no reader should trust."""

    def test_a_writer_killed_mid_transaction_leaves_a_working_cache(self, store: Store,
                                                                     seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        script = ("import os, signal, sqlite3, sys\n"
                  "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                  "db.execute('BEGIN IMMEDIATE')\n"
                  "db.execute(\"DELETE FROM parsed\")\n"
                  "db.execute(\"INSERT INTO parsed VALUES ('x', 'y', 'z', '{}', 0)\")\n"
                  "os.kill(os.getpid(), signal.SIGKILL)\n")
        done = subprocess.run([sys.executable, "-c", script, str(store.git_dir / CACHE_FILE)], check=False)
        assert done.returncode == -signal.SIGKILL
        assert (store.git_dir / f"{CACHE_FILE}-journal").exists()  # the killed transaction's journal
        keys = _keys(store, recorded.code, recorded.commit)
        fresh = Store.open(store.git_dir)
        assert set(fresh.parsed.get(keys)) == keys and fresh.parsed.is_working  # rolled back, not lost
        rows = fresh.parsed.rows()
        assert rows is not None and all(row[0] != "x" for row in rows)

    def test_a_busy_cache_is_skipped_not_given_up(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        holder = sqlite3.connect(store.git_dir / CACHE_FILE, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            fresh = Store.open(store.git_dir)
            assert fresh.load(recorded.code, DRAFT) == seed_manual
            assert fresh.parsed.is_working
            [note] = [f for f in examine(store.git, is_repairing=True, min_age=10, now=time.time())
                      if "cache" in f.kind]
            assert note.kind == "busy_cache" and not note.is_damage and (store.git_dir / CACHE_FILE).exists()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        keys = _keys(store, recorded.code, recorded.commit)
        assert set(fresh.parsed.get(keys)) == keys

    def test_rows_naming_no_blob_are_stale_not_a_crash(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
            for blob in (recorded.commit, "HEAD:900-0935/manual.yaml", "--batch-all-objects"):
                db.execute("INSERT INTO parsed SELECT ?, name, format, json, added FROM parsed WHERE name = ? LIMIT 1",
                           (blob, MANUAL_FILE))
        db.close()
        found = examine(store.git, is_repairing=False, min_age=10, now=time.time())
        [stale] = [f for f in found if "cache" in f.kind]
        assert stale.kind == "stale_cache" and stale.message.startswith("3 entries")

    def test_a_cached_text_that_breaks_the_text_rule_is_not_taken(self, store: Store,
                                                                   seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        for bad in ("Borra \x1b[2J la pantalla", "", " al principio", "dos  espacios", "e\u0301"):
            name = position_file(seed_manual.positions[0].id)
            blob = snapshots.list_files(store.git, recorded.commit, recorded.code)[name]
            forged = seed_manual.positions[0].model_dump(mode="json")
            forged["objective"] = bad
            with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
                db.execute("UPDATE parsed SET json = ? WHERE blob = ? AND name = ?",
                           (json.dumps(forged, ensure_ascii=False, separators=(",", ":")), blob, name))
            db.close()
            assert store.parsed.get({(name, blob)}) == {}, bad
            assert store.load(recorded.code, DRAFT, use_cache=True) == seed_manual


def _other_manual(seed_manual: Manual, code: str, area: str) -> Manual:
    cover = seed_manual.cover.model_copy(update={"code": code, "area": area})
    return seed_manual.model_copy(update={"cover": cover})


def _cat_files(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the ``git cat-file --batch`` processes the reading module starts."""
    started: list[int] = []
    real: Any = reading.CatFile

    def counting(runner: object) -> object:
        started.append(1)
        return real(runner)

    monkeypatch.setattr(reading, "CatFile", counting)
    return started


class TestHeads:
    """The cache records which blob each commit's manual.yaml is, so list asks git only for refs."""

    def test_list_takes_every_cover_from_the_cache(self, store: Store, seed_manual: Manual,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
        store.record(seed_manual, author=AUTHOR)
        store.record(_other_manual(seed_manual, "900 0936", "Área de Prueba"), author=AUTHOR)
        started = _cat_files(monkeypatch)
        areas = {status.code: status.title for status in store.manuals(date(2027, 1, 1))}
        assert areas == {"900-0935": seed_manual.cover.area, "900-0936": "Área de Prueba"}
        assert started == []  # recording wrote each head's row: nothing to read from git

    def test_a_cold_cache_reads_the_heads_once_then_keeps_them(self, store: Store, seed_manual: Manual,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
        store.record(seed_manual, author=AUTHOR)
        (store.git_dir / CACHE_FILE).unlink()
        started = _cat_files(monkeypatch)
        [first] = store.manuals(date(2027, 1, 1))
        [again] = store.manuals(date(2027, 1, 1))
        assert first == again and first.title == seed_manual.cover.area and started == [1]

    def test_a_forged_head_row_is_damage_and_repair_drops_it(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR)
        store.record(_other_manual(seed_manual, "900 0936", "Área de Prueba"), author=AUTHOR)
        with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
            [(other,)] = db.execute("SELECT blob FROM heads WHERE name LIKE '%900-0936/%'").fetchall()
            db.execute("UPDATE heads SET blob = ? WHERE name LIKE '%900-0935/%'", (other,))
        db.close()
        found = examine(store.git, is_repairing=False, min_age=10, now=time.time())
        [wrong] = [f for f in found if f.kind == "parse_cache"]
        assert wrong.is_damage and "900-0935/manual.yaml" in wrong.path and other[:12] in wrong.path
        examine(store.git, is_repairing=True, min_age=10, now=time.time())
        assert [f for f in examine(store.git, is_repairing=False, min_age=10, now=time.time())
                if "cache" in f.kind] == []
        areas = {status.code: status.title for status in store.manuals(date(2027, 1, 1))}
        assert areas["900-0935"] == seed_manual.cover.area

    def test_a_head_row_of_another_format_is_stale_and_not_taken(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR)
        with sqlite3.connect(store.git_dir / CACHE_FILE) as db:
            db.execute("UPDATE heads SET format = 'docversion-manual/0'")
        db.close()
        assert store.parsed.covers([name for _, name, _ in store.parsed.head_rows() or []]) == {}
        [stale] = [f for f in examine(store.git, is_repairing=False, min_age=10, now=time.time())
                   if f.kind == "stale_cache"]
        assert stale.message.startswith("1 entries")
