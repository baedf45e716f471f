"""The store under concurrent writers, killed writers and stale locks, through real processes.

Every writer here is its own ``python -m docversion`` process (started behind a gate, so that
their writes really overlap), and killed writers die with their whole process group, git
children included, as they would under ``kill -9`` or a power cut of one session.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.files import write_manual_dir
from docversion.model import Manual
from docversion.store import Identity, Store
from docversion.store.locking import writers_lock

from .conftest import AUTHOR, GATED, with_objective

CODE = "900-0935"
BRANCH_LOCK = f"refs/heads/manuals/{CODE}.lock"
WRITERS = 12
KILLS = 16  # the random kills of concurrent writers; tests/test_crash_recovery.py kills at every step
PROCESS_TIMEOUT = 120.0


# Helpers --------------------------------------------------------------------------------------


def _left_alone(done: subprocess.CompletedProcess[str], reason: str) -> None:
    """doctor --json reported the planted branch lock once, not repaired, for ``reason``."""
    mine = [f for f in json.loads(done.stdout)["findings"] if f["path"] == BRANCH_LOCK]
    assert len(mine) == 1 and mine[0]["repaired"] is False
    assert reason in mine[0]["message"]


def _repaired(store: Store, planted: Path) -> None:
    """A doctor --repair with nothing holding the lock removes it and exits 0."""
    done = docversion(store.git_dir, "doctor", "--repair", "--min-age", "0")
    assert done.returncode == 0, done.stderr
    assert not planted.exists()


def _env() -> dict[str, str]:
    """The environment of child processes: no git or docversion settings leak in from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "DOCVERSION_"))}
    env.update(LC_ALL="C", GIT_CONFIG_NOSYSTEM="1")
    return env


def docversion(store_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m docversion --store STORE ARGS`` to the end."""
    return subprocess.run([sys.executable, "-m", "docversion", "--store", str(store_dir), *args],
                          capture_output=True, text=True, env=_env(), cwd=store_dir.parent,
                          timeout=PROCESS_TIMEOUT, check=False)


def command(store_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``docversion --store STORE ARGS`` in this process: for checks made one after another."""
    result = CliRunner().invoke(cli, ["--store", str(store_dir), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def spawn(store_dir: Path, *args: str, ready: Path | None = None, gate: Path | None = None) -> subprocess.Popen[str]:
    """Start a docversion process in its own session (so its whole group can be killed)."""
    if gate is None:
        argv = [sys.executable, "-m", "docversion", "--store", str(store_dir), *args]
    else:
        argv = [sys.executable, "-c", GATED, str(ready), str(gate), "--store", str(store_dir), *args]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
                            cwd=store_dir.parent, start_new_session=True)


def wait_for_files(paths: list[Path], processes: list[subprocess.Popen[str]]) -> None:
    """Wait until every path exists; fail (with the stderr of a dead process) if one never will."""
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while not all(path.exists() for path in paths):
        for process in processes:
            if process.poll() is not None and process.returncode != 0:
                _, err = process.communicate()
                pytest.fail(f"a writer died before its gate opened ({process.returncode}): {err}")
        assert time.monotonic() < deadline, "writers did not start in time"
        time.sleep(0.005)


def group_is_running(group: int) -> bool:
    """True while a process of the process group is alive (a zombie is not: it holds no files)."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


def kill_group(process: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGKILL the process and every process of its group (its git children), and wait until all are gone."""
    with contextlib.suppress(ProcessLookupError):  # the group had already gone
        os.killpg(process.pid, signal.SIGKILL)
    out = process.communicate(timeout=PROCESS_TIMEOUT)
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while group_is_running(process.pid):  # git children die on their own schedule
        assert time.monotonic() < deadline, "a killed writer's git process outlived it"
        time.sleep(0.005)
    return out


def fsck(git_dir: Path) -> subprocess.CompletedProcess[str]:
    """``git fsck --no-dangling`` on the store."""
    return subprocess.run(["git", "--git-dir", str(git_dir), "fsck", "--no-dangling", "--no-progress"],
                          capture_output=True, text=True, env=_env(), timeout=PROCESS_TIMEOUT, check=False)


def assert_fsck_clean(git_dir: Path) -> None:
    done = fsck(git_dir)
    assert done.returncode == 0, f"git fsck failed:\n{done.stdout}{done.stderr}"


def assert_readable(git_dir: Path) -> dict[str, str]:
    """Open the store afresh, list it, and load every manual's head; returns head by code."""
    store = Store.open(git_dir)
    heads = {}
    for status in store.manuals(date.today()):
        entries = store.log(status.code)
        assert entries and entries[0].commit == status.head
        loaded = store.load_commit(status.code, entries[0].commit, f"{status.code}@head")
        assert loaded.positions
        heads[status.code] = status.head
    return heads


def assert_linear(entries: list) -> None:
    """Every snapshot has exactly one parent, except the first one recorded."""
    assert entries, "no history"
    assert entries[-1].parents == ()
    for entry in entries[:-1]:
        assert len(entry.parents) == 1, f"{entry.commit} has parents {entry.parents}"
    for newer, older in itertools.pairwise(entries):
        assert newer.parents == (older.commit,)


def objectives_in_log(store: Store, code: str) -> Counter[str]:
    """How many snapshots on the manual's line hold each objective of its first position."""
    return Counter(store.load_commit(code, entry.commit, "x").positions[0].objective
                   for entry in store.log(code))


def leftover_locks(git_dir: Path) -> list[Path]:
    """Lock files in the store other than the writers' lock (which is never a leftover)."""
    return sorted(p for p in git_dir.rglob("*.lock") if p.is_file())


def as_version(manual: Manual, version: int) -> Manual:
    """``manual`` as published version ``version``: cover version and a revision row for it."""
    def in_force() -> date:  # a new object for each field (see TestSnapshotsLoadBack)
        return date(2018, 1, 2) + timedelta(days=30 * (version - manual.cover.version))

    row = manual.revisions[-1].model_copy(update={
        "version": version, "in_force": in_force(), "changes": (f"Versión {version} firmada en papel.",)})
    data = manual.model_dump()
    data["cover"] = {**data["cover"], "version": version, "in_force": in_force()}
    data["revisions"] = [*data["revisions"], row.model_dump()]
    return Manual.model_validate(data)


def objective(label: str) -> str:
    return f"Objetivo escrito por el proceso {label}, distinto de todos los demás."


def seeded_store(store: Store, seed_manual: Manual) -> Store:
    """The store with the seed recorded as its published version 5, the base of every race."""
    done = store.record(seed_manual, author=AUTHOR, has_ids=False, is_historical=True, source="seed")
    assert done.version == 5 and not done.is_unchanged
    return store


def race(store_dir: Path, workdir: Path, jobs: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start one gated writer per job, wait until all are ready, open the gate together, collect them."""
    gate = workdir / "gate"
    readies = [workdir / f"ready-{n}" for n in range(len(jobs))]
    processes = [spawn(store_dir, *job, ready=ready, gate=gate) for job, ready in zip(jobs, readies, strict=True)]
    try:
        wait_for_files(readies, processes)
        gate.touch()
        results = []
        for job, process in zip(jobs, processes, strict=True):
            out, err = process.communicate(timeout=PROCESS_TIMEOUT)
            results.append(subprocess.CompletedProcess(job, process.returncode, out, err))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                kill_group(process)


def assert_exits_and_messages(results: list[subprocess.CompletedProcess[str]]) -> None:
    for result in results:
        assert result.returncode in (0, 3), f"{result.args}: exit {result.returncode}: {result.stderr}"
        if result.returncode == 3:
            assert "nothing was written" in result.stderr, result.stderr
            assert "run the command again" in result.stderr, result.stderr
        else:
            assert "draft recorded" in result.stderr, result.stderr
    assert any(result.returncode == 0 for result in results), "no writer at all landed"


@dataclass(frozen=True)
class KillStep:
    """One writer of the killing test: what it imports, and whether it waits at a gate first."""

    n: int
    target: Path
    text: str
    code: str
    is_historical: bool
    is_gated: bool
    ready: Path
    gate: Path

    @classmethod
    def plan(cls, n: int, workdir: Path) -> KillStep:
        """Every 7th a published version, every 9th a new manual, two in three behind a gate."""
        return cls(n, workdir / f"write-{n:02d}", objective(f"{n} que puede morir"),
                   f"k{n}" if n % 9 == 5 else CODE, n % 7 == 3, n % 3 != 0,
                   workdir / f"ready-{n}", workdir / f"gate-{n}")

    def spawn(self, store_dir: Path) -> subprocess.Popen[str]:
        args = ["import", str(self.target), *(["--historical"] if self.is_historical else []),
                *(["--code", self.code] if self.code != CODE else [])]
        if self.is_gated:
            return spawn(store_dir, *args, ready=self.ready, gate=self.gate)
        return spawn(store_dir, *args)


# Tests ----------------------------------------------------------------------------------------


@pytest.mark.slow
class TestManyWritersOneManual:
    """Twenty writers of one manual at once: each lands once or exits 3 with nothing written."""

    def test_many_processes_record_one_manual(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        seeded_store(store, seed_manual)
        dirs = []
        for n in range(WRITERS):
            target = tmp_path / f"edit-{n:02d}"
            write_manual_dir(with_objective(seed_manual, 0, objective(f"único {n}")), target)
            dirs.append(target)

        results = race(store.git_dir, tmp_path, [["import", str(d)] for d in dirs])

        assert_exits_and_messages(results)
        landed = [d for d, r in zip(dirs, results, strict=True) if r.returncode == 0]
        lost = [d for d, r in zip(dirs, results, strict=True) if r.returncode == 3]
        entries = store.log(CODE)
        assert_linear(entries)
        assert [e.kind for e in entries].count("draft") == len(landed)
        assert entries[-1].version is not None and entries[-1].version.version == 5
        assert len(entries) == len(landed) + 1
        counts = objectives_in_log(store, CODE)
        for n, d in enumerate(dirs):
            expected = 1 if d in landed else 0
            assert counts[objective(f"único {n}")] == expected, d
        assert_fsck_clean(store.git_dir)
        assert_readable(store.git_dir)

        for d in lost:  # one after another, each the same command again
            again = command(store.git_dir, "import", str(d))
            assert again.returncode == 0, again.stderr
        entries = store.log(CODE)
        assert_linear(entries)
        assert [e.kind for e in entries].count("draft") == WRITERS
        counts = objectives_in_log(store, CODE)
        assert all(counts[objective(f"único {n}")] == 1 for n in range(WRITERS))
        assert_fsck_clean(store.git_dir)


@pytest.mark.slow
class TestManyWritersSeveralManuals:
    """Twenty writers over four new manuals at once: each manual's line is linear and holds its landed writes."""

    def test_many_processes_over_four_codes(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        codes = [f"m{k}" for k in range(1, 5)]
        jobs, owners, labels = [], [], []
        for n in range(WRITERS):
            code = codes[n % len(codes)]
            target = tmp_path / f"edit-{n:02d}"
            write_manual_dir(with_objective(seed_manual, 0, objective(f"{code} {n}")), target)
            jobs.append(["import", str(target), "--code", code])
            owners.append(code)
            labels.append(f"{code} {n}")

        results = race(store.git_dir, tmp_path, jobs)

        assert_exits_and_messages(results)
        written = sorted({owner for owner, r in zip(owners, results, strict=True) if r.returncode == 0})
        assert [s.code for s in store.manuals(date.today())] == written
        for code in written:
            entries = store.log(code)
            assert_linear(entries)
            mine = [(label, r) for label, o, r in zip(labels, owners, results, strict=True) if o == code]
            assert len(entries) == sum(1 for _, r in mine if r.returncode == 0)
            assert all(e.kind == "draft" for e in entries)
            counts = objectives_in_log(store, code)
            for label, result in mine:
                assert counts[objective(label)] == (1 if result.returncode == 0 else 0), label
        assert_fsck_clean(store.git_dir)
        assert_readable(store.git_dir)

        for job, result in zip(jobs, results, strict=True):
            if result.returncode == 3:  # one after another, each the same command again
                again = command(store.git_dir, *job)
                assert again.returncode == 0, again.stderr
        assert [s.code for s in store.manuals(date.today())] == codes
        for code in codes:
            entries = store.log(code)
            assert_linear(entries)
            assert len(entries) == WRITERS // len(codes)
            counts = objectives_in_log(store, code)
            assert all(counts[objective(label)] == 1 for label, owner in zip(labels, owners, strict=True)
                       if owner == code)
        assert_fsck_clean(store.git_dir)


@pytest.mark.slow
class TestKilledWriters:
    """A writer killed at any moment leaves a readable, fsck-clean store; doctor clears what it leaves."""

    def test_random_kills_then_doctor(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        rng = random.Random(20240611)  # noqa: S311 (repeatable timings, not secrets)
        seeded_store(store, seed_manual)
        git_dir = store.git_dir
        steps = [KillStep.plan(n, tmp_path) for n in range(KILLS)]
        next_version = 6
        finished: list[tuple[str, str]] = []  # (code, objective) of writers that exited 0
        natural_locks: list[str] = []
        outcomes: Counter[int] = Counter()
        waiting: subprocess.Popen[str] | None = None  # the next gated writer, started during checks
        try:
            for n, step in enumerate(steps):
                manual = with_objective(seed_manual, 0, step.text)
                if step.is_historical:
                    manual = as_version(manual, next_version)
                write_manual_dir(manual, step.target)  # before the writer reads it: at its gate

                if step.is_gated:  # killed during the write itself: inside record and git
                    process, waiting = waiting or step.spawn(git_dir), None
                    wait_for_files([step.ready], [process])
                    step.gate.touch()
                    time.sleep(rng.uniform(0.0, 0.15))
                else:  # killed anywhere from start-up on
                    process = step.spawn(git_dir)
                    time.sleep(rng.uniform(0.0, 0.45))
                _, err = kill_group(process)
                if n + 1 < KILLS and steps[n + 1].is_gated:
                    waiting = steps[n + 1].spawn(git_dir)  # its start-up overlaps the checks below

                outcomes[process.returncode] += 1
                assert process.returncode in (0, -signal.SIGKILL), f"kill {n}: exit {process.returncode}: {err}"
                if process.returncode == 0:
                    finished.append((step.code, step.text))
                assert_readable(git_dir)
                assert_fsck_clean(git_dir)

                locks = leftover_locks(git_dir)
                if locks:  # a kill landed inside git's ref update: doctor must see it and clear it
                    natural_locks += [str(p.relative_to(git_dir)) for p in locks]
                    found = command(git_dir, "doctor", "--min-age", "0")
                    assert found.returncode == 1, found.stderr
                    assert all(str(p.relative_to(git_dir)) in found.stderr for p in locks), found.stderr
                    repaired = command(git_dir, "doctor", "--repair", "--min-age", "0")
                    assert repaired.returncode == 0, repaired.stderr
                    assert leftover_locks(git_dir) == []

                latest = Store.open(git_dir).refs(CODE).latest
                assert latest is not None
                if latest.version == next_version:
                    next_version += 1
                else:
                    assert latest.version == next_version - 1

                if n in (13, 41):  # a lock as a killed git leaves it: fresh once, old once
                    text = self._stale_branch_lock(git_dir, seed_manual, tmp_path, n, is_old=n == 41)
                    finished.append((CODE, text))
        finally:
            if waiting is not None:
                kill_group(waiting)

        repaired = command(git_dir, "doctor", "--repair", "--min-age", "0")
        assert repaired.returncode == 0, repaired.stderr
        healthy = command(git_dir, "doctor")
        assert healthy.returncode == 0, healthy.stderr
        assert "the store is healthy" in healthy.stderr
        assert_fsck_clean(git_dir)

        # Nothing a killed writer did is half there: every snapshot is one whole write, at most once.
        store = Store.open(git_dir)
        seed_objective = seed_manual.positions[0].objective
        attempted = {step.text for step in steps} | {text for _, text in finished}
        for code in assert_readable(git_dir):
            entries = store.log(code)
            assert_linear(entries)
            counts = objectives_in_log(store, code)
            assert all(count == 1 for text, count in counts.items() if text != seed_objective), counts
            assert set(counts) - {seed_objective} <= attempted
        for code, text in finished:
            assert objectives_in_log(store, code)[text] == 1, (code, text)
        published = [e for e in store.log(CODE) if e.kind == "version"]
        assert [e.version.version for e in reversed(published) if e.version] == list(range(5, next_version))
        sys.stderr.write(f"\nkills: exits {dict(outcomes)}, versions up to {next_version - 1}, "
                         f"locks left by kills: {natural_locks}\n")

    @staticmethod
    def _stale_branch_lock(git_dir: Path, seed_manual: Manual, tmp_path: Path, n: int, *, is_old: bool) -> str:
        """Plant the branch's lock file. An old one is provably stale: the next import removes it and
        lands. A fresh one may be a live git's: the import is refused (exit 3); doctor reports it,
        repairs it; imports land."""
        tip = Store.open(git_dir).refs(CODE).tip
        assert tip is not None
        lock = git_dir / BRANCH_LOCK
        lock.write_text(f"{tip}\n")
        target = tmp_path / f"after-lock-{n:02d}"
        write_manual_dir(with_objective(seed_manual, 0, objective(f"{n} tras el cerrojo")), target)
        if is_old:  # older than STALE_AFTER, no process holding it, no other writer: cleared
            then = time.time() - 600
            os.utime(lock, (then, then))
            landed = command(git_dir, "import", str(target))
            assert landed.returncode == 0, landed.stderr
            assert not lock.exists()
            assert Store.open(git_dir).refs(CODE).tip != tip
            return objective(f"{n} tras el cerrojo")

        refused = command(git_dir, "import", str(target))
        assert refused.returncode == 3, refused.stderr
        assert "nothing was written" in refused.stderr and "doctor" in refused.stderr, refused.stderr
        assert Store.open(git_dir).refs(CODE).tip == tip
        assert_readable(git_dir)

        # A fresh lock may belong to a live git: the default margin leaves it alone.
        kept = command(git_dir, "doctor", "--repair", "--json")
        report = json.loads(kept.stdout)
        assert lock.exists()
        found = command(git_dir, "doctor", "--min-age", "0")
        assert found.returncode == 1, found.stderr
        assert BRANCH_LOCK in found.stderr and "stale lock" in found.stderr, found.stderr
        assert "doctor --repair" in found.stderr, found.stderr
        mine = [f for f in report["findings"] if f["path"] == BRANCH_LOCK]
        assert len(mine) == 1 and mine[0]["repaired"] is False, report
        assert lock.exists()

        repaired = command(git_dir, "doctor", "--repair", "--min-age", "0")
        assert repaired.returncode == 0, repaired.stderr
        assert f"repaired: stale_lock: {BRANCH_LOCK}" in repaired.stderr, repaired.stderr
        assert not lock.exists()

        landed = command(git_dir, "import", str(target))
        assert landed.returncode == 0, landed.stderr
        assert Store.open(git_dir).refs(CODE).tip != tip
        return objective(f"{n} tras el cerrojo")


class TestDoctorLeavesHeldLocks:
    """doctor --repair leaves a lock file alone while a process holds the writers' lock or the file."""

    @pytest.fixture
    def planted(self, store: Store, seed_manual: Manual) -> Path:
        """The seeded store with an old lock file on the manual's branch."""
        seeded_store(store, seed_manual)
        lock = store.git_dir / BRANCH_LOCK
        lock.write_text("0" * 40 + "\n")
        then = time.time() - 600
        os.utime(lock, (then, then))
        return lock

    def test_writer_holding_the_writers_lock(self, store: Store, planted: Path) -> None:
        with writers_lock(store.git_dir) as held:
            assert held
            done = docversion(store.git_dir, "doctor", "--repair", "--min-age", "0", "--json")
            assert planted.exists(), done.stderr
        _left_alone(done, "writer is running")
        _repaired(store, planted)

    def test_process_with_the_lock_file_open(self, store: Store, planted: Path, seed_manual: Manual) -> None:
        with planted.open("rb"):
            done = docversion(store.git_dir, "doctor", "--repair", "--min-age", "0", "--json")
            assert planted.exists(), done.stderr
        _left_alone(done, "has it open")
        _repaired(store, planted)
        done = store.record(with_objective(seed_manual, 0, objective("tras la reparación")),
                            author=Identity("Beto Bodega", "beto@example.org"))
        assert not done.is_unchanged and store.refs(CODE).tip == done.commit


class TestSnapshotsLoadBack:
    """A snapshot that record() accepted loads back, whatever objects the manual's fields share."""

    def test_cover_and_revision_row_sharing_one_date(self, store: Store, seed_manual: Manual) -> None:
        day = date(2018, 1, 2)  # the cover's in-force date and its revision row's, as one object
        data = seed_manual.model_dump()
        data["cover"]["in_force"] = day
        data["revisions"][-1]["in_force"] = day
        manual = Manual.model_validate(data)

        done = store.record(manual, author=AUTHOR, has_ids=False, is_historical=True, source="seed")

        assert store.load_commit(CODE, done.commit, "x") == manual
        assert [s.code for s in store.manuals(date.today())] == [CODE]
