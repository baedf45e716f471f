"""What a failed write says, and that the next command works once the cause is gone.

Only a real race with another writer exits 3. A lock file a killed git left is removed by the
next writer that proves it stale (no other docversion writer, no process holding it, older than
``STALE_AFTER``) and the write goes on; one it cannot prove stale is named, with ``doctor
--repair``, exit 1. A full disk (a real small tmpfs where the machine lets us mount one, and a
git that says so), the file-size limit (``ulimit -f``) and a git killed by a signal each exit 1
with their own message. Concurrent pulls into one store: one fetches, the others exit 3.
``doctor`` without ``--repair`` runs on a read-only store. The store keeps itself packed.
Every command here runs as its own ``python -m docversion`` process unless it says otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.files import write_manual_dir
from docversion.model import Manual
from docversion.store import Store, packing
from docversion.store.locking import LOCK_NAME, STALE_AFTER, writers_lock

from .conftest import AUTHOR, GATED, with_objective

CODE = "900-0935"
BRANCH_LOCK = f"refs/heads/manuals/{CODE}.lock"
TIMEOUT = 120.0
REAL_GIT = shutil.which("git") or "/usr/bin/git"


# Helpers --------------------------------------------------------------------------------------


def _env(path_first: Path | None = None) -> dict[str, str]:
    """Child processes' environment: nothing of git's or docversion's from outside; a PATH with
    ``path_first`` (a fake git) before the rest."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "DOCVERSION_"))}
    env.update(LC_ALL="C", GIT_CONFIG_NOSYSTEM="1")
    if path_first is not None:
        env["PATH"] = f"{path_first}{os.pathsep}{env.get('PATH', '')}"
    return env


def docversion(git_dir: Path, *args: str, path_first: Path | None = None,
               preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m docversion --store GIT_DIR ARGS`` to the end."""
    return subprocess.run([sys.executable, "-m", "docversion", "--store", str(git_dir), *args],
                          capture_output=True, text=True, env=_env(path_first), cwd=git_dir.parent,
                          timeout=TIMEOUT, check=False, preexec_fn=preexec)


def seeded(store: Store, seed_manual: Manual) -> Store:
    """The store with the seed as its published version 5."""
    store.record(seed_manual, author=AUTHOR, has_ids=False, is_historical=True, source="seed")
    return store


def draft_dir(tmp_path: Path, seed_manual: Manual, text: str, name: str = "draft") -> Path:
    """A canonical directory of the seed with the first position's objective set to ``text``."""
    target = tmp_path / name
    write_manual_dir(with_objective(seed_manual, 0, text), target)
    return target


def tip(git_dir: Path) -> str | None:
    return Store.open(git_dir).refs(CODE).tip


def plant_lock(git_dir: Path, relative: str, *, age: float) -> Path:
    """A lock file as a killed git leaves it, ``age`` seconds old."""
    lock = git_dir / relative
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("0" * 40 + "\n")
    then = time.time() - age
    os.utime(lock, (then, then))
    return lock


def fake_git(directory: Path, body: str) -> Path:
    """A ``git`` first on PATH: runs ``body`` (sh) for each call, then the real git."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "git"
    script.write_text(f"#!/bin/sh\n{body}\nexec {REAL_GIT} \"$@\"\n")
    script.chmod(0o755)
    return directory


def when_command(command: str, action: str) -> str:
    """sh: do ``action`` when ``command`` is among the arguments (after git's ``-c`` options)."""
    return f'for arg in "$@"; do [ "$arg" = "{command}" ] && {{ {action}; }}; done'


def assert_fails_with(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 1 (never 3: no other writer was involved), and each needle in the message."""
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr}"
    for needle in needles:
        assert needle in done.stderr, done.stderr
    assert "another writer" not in done.stderr, done.stderr


def words(count: int, seed: int) -> str:
    """Text that compresses badly: random letters in words, ending in a full stop."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(count)) + "."


@contextlib.contextmanager
def mounted(target: Path, *options: str) -> Iterator[bool]:
    """``mount OPTIONS TARGET`` for the block, unmounted after; yields False where the machine refuses."""
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield False
        return
    done = subprocess.run(["mount", *options, str(target)], capture_output=True, check=False)
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


# Stale locks ----------------------------------------------------------------------------------


class TestStaleLocks:
    """A lock file left in the store: cleared when provably stale, named when not, never exit 3."""

    def test_import_clears_a_provably_stale_branch_lock(self, store: Store, seed_manual: Manual,
                                                         tmp_path: Path) -> None:
        seeded(store, seed_manual)
        before = tip(store.git_dir)
        lock = plant_lock(store.git_dir, BRANCH_LOCK, age=600)
        done = docversion(store.git_dir, "import", str(draft_dir(tmp_path, seed_manual, "Objetivo tras el cerrojo.")))
        assert done.returncode == 0, done.stderr
        assert not lock.exists()
        assert tip(store.git_dir) != before

    def test_publish_clears_a_stale_tag_lock(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        seeded(store, seed_manual)
        assert docversion(store.git_dir, "import", str(draft_dir(tmp_path, seed_manual, "Objetivo nuevo."))
                          ).returncode == 0
        in_force = (date.today() + timedelta(days=30)).isoformat()
        cover = seed_manual.cover
        steps = [("propose", CODE, "--as", "Clara Arce", "--label", "Elaborado por", "--sentence",
                  "Actualización del objetivo.", "--in-force", in_force),
                 ("submit", CODE, "--as", "Clara Arce"),
                 *(("review", CODE, "--role", role, "--approve", "--as", f"Revisor {n}")
                   for n, role in enumerate(cover.reviewed_by)),
                 ("authorize", CODE, "--as", "Pedro Presidente")]
        for args in steps:
            result = CliRunner().invoke(cli, ["--store", str(store.git_dir), *args])
            assert result.exit_code == 0, (args, result.stderr)
        lock = plant_lock(store.git_dir, f"refs/tags/{CODE}/v6.lock", age=600)
        done = docversion(store.git_dir, "publish", CODE, "--as", "Pedro Presidente")
        assert done.returncode == 0, done.stderr
        assert not lock.exists()
        assert Store.open(store.git_dir).refs(CODE).latest.version == 6  # type: ignore[union-attr]
        assert docversion(store.git_dir, "verify").returncode == 0

    def test_a_lock_with_a_writer_running_is_named(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        """Another docversion writer holds the writers' lock: staleness is not proven; exit 1, then it heals."""
        seeded(store, seed_manual)
        lock = plant_lock(store.git_dir, BRANCH_LOCK, age=600)
        target = draft_dir(tmp_path, seed_manual, "Objetivo con otro escritor.")
        with writers_lock(store.git_dir) as held:
            assert held
            done = docversion(store.git_dir, "import", str(target))
        assert_fails_with(done, BRANCH_LOCK, "doctor --repair", "nothing was written")
        assert lock.exists()
        again = docversion(store.git_dir, "import", str(target))
        assert again.returncode == 0, again.stderr
        assert not lock.exists()

    def test_a_lock_a_process_holds_open_is_named(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        seeded(store, seed_manual)
        lock = plant_lock(store.git_dir, BRANCH_LOCK, age=600)
        target = draft_dir(tmp_path, seed_manual, "Objetivo con el cerrojo abierto.")
        with lock.open("rb"):
            done = docversion(store.git_dir, "import", str(target))
        assert_fails_with(done, BRANCH_LOCK, "doctor --repair")
        assert docversion(store.git_dir, "import", str(target)).returncode == 0

    def test_a_fresh_lock_is_a_writer_at_work(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        """A lock younger than STALE_AFTER may be a live git's: a conflict (exit 3); once older, it is cleared."""
        seeded(store, seed_manual)
        lock = plant_lock(store.git_dir, BRANCH_LOCK, age=0)
        target = draft_dir(tmp_path, seed_manual, "Objetivo tras un cerrojo reciente.")
        done = docversion(store.git_dir, "import", str(target))
        assert done.returncode == 3, done.stderr
        assert "nothing was written" in done.stderr and "run the command again" in done.stderr
        then = time.time() - STALE_AFTER - 1
        os.utime(lock, (then, then))
        again = docversion(store.git_dir, "import", str(target))
        assert again.returncode == 0, again.stderr
        assert not lock.exists()


# Full disk, file-size limit, killed git -------------------------------------------------------


class TestFullDisk:
    """A full disk exits 1 saying so; once space is freed the same command works."""

    @pytest.mark.parametrize("left", [0, 32 * 1024], ids=["nothing-left", "room-for-objects-not-the-ref"])
    def test_on_a_small_tmpfs(self, tmp_path: Path, seed_manual: Manual, left: int) -> None:
        """A large draft on a full disk fails writing objects; a small one with 32 KiB left writes its
        objects and then cannot write the ref's lock file (what git reports without naming ENOSPC)."""
        disk = tmp_path / "disk"
        with mounted(disk, "-t", "tmpfs", "-o", "size=4m", "tmpfs") as is_mounted:
            if not is_mounted:
                pytest.skip("this machine does not let the tests mount a tmpfs (the fake git below covers it)")
            store = seeded(Store.init(disk / "store.git", is_bare=True), seed_manual)
            target = draft_dir(tmp_path, seed_manual, words(5 if left else 3000, seed=left))
            filler = disk / "filler"
            with contextlib.suppress(OSError), filler.open("wb", buffering=0) as out:
                while True:
                    out.write(b"\0" * 4096)
            stat = os.statvfs(disk)
            assert stat.f_bavail * stat.f_frsize < 8192
            os.truncate(filler, max(0, filler.stat().st_size - left))
            before = tip(store.git_dir)
            done = docversion(store.git_dir, "import", str(target))
            assert_fails_with(done, "the disk is full: free space and run the command again")
            assert tip(store.git_dir) == before
            filler.unlink()
            again = docversion(store.git_dir, "import", str(target))
            assert again.returncode == 0, again.stderr
            assert docversion(store.git_dir, "verify").returncode == 0

    def test_git_saying_no_space(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        seeded(store, seed_manual)
        target = draft_dir(tmp_path, seed_manual, "Objetivo sin espacio.")
        full = fake_git(tmp_path / "bin", when_command(
            "hash-object", "echo 'fatal: unable to write loose object file: No space left on device' >&2; exit 128"))
        done = docversion(store.git_dir, "import", str(target), path_first=full)
        assert_fails_with(done, "the disk is full: free space and run the command again")
        assert docversion(store.git_dir, "import", str(target)).returncode == 0


class TestFileSizeLimit:
    """git killed by SIGXFSZ under ``ulimit -f`` exits 1 naming the limit; without it the import works."""

    def test_import_of_a_large_draft(self, store: Store, seed_manual: Manual, tmp_path: Path) -> None:
        seeded(store, seed_manual)
        target = draft_dir(tmp_path, seed_manual, words(40_000, seed=1))
        limit = 64 * 1024
        assert (target / "positions").is_dir()

        def limited() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        before = tip(store.git_dir)
        done = docversion(store.git_dir, "import", str(target), preexec=limited)
        assert_fails_with(done, "file-size limit (SIGXFSZ)", f"{limit} bytes", "ulimit -f")
        assert tip(store.git_dir) == before
        again = docversion(store.git_dir, "import", str(target))
        assert again.returncode == 0, again.stderr
        assert tip(store.git_dir) != before


class TestKilledGit:
    """A git killed by a signal exits 1 naming the signal; the next command works."""

    @pytest.mark.parametrize("command", ["hash-object", "update-ref"])
    def test_killed_git(self, store: Store, seed_manual: Manual, tmp_path: Path, command: str) -> None:
        seeded(store, seed_manual)
        target = draft_dir(tmp_path, seed_manual, f"Objetivo tras matar {command}.")
        killer = fake_git(tmp_path / "bin", when_command(command, "kill -KILL $$"))
        before = tip(store.git_dir)
        done = docversion(store.git_dir, "import", str(target), path_first=killer)
        assert_fails_with(done, f"git {command} was killed by SIGKILL")
        assert tip(store.git_dir) == before
        again = docversion(store.git_dir, "import", str(target))
        assert again.returncode == 0, again.stderr


# Concurrent pulls -----------------------------------------------------------------------------


class TestConcurrentPulls:
    """Pulls into one store at once: one fetches, the others exit 3 or succeed after it; never exit 1."""

    def test_four_pulls_at_once(self, tmp_path: Path, seed_manual: Manual) -> None:
        remote = Store.init(tmp_path / "remote.git", is_bare=True)
        office = seeded(Store.init(tmp_path / "a.git", is_bare=True), seed_manual)
        office.record(with_objective(seed_manual, 0, "Objetivo de la oficina A."), author=AUTHOR)
        assert docversion(office.git_dir, "push", str(remote.git_dir)).returncode == 0
        into = Store.init(tmp_path / "b.git", is_bare=True)
        gate = tmp_path / "gate"
        readies = [tmp_path / f"ready-{n}" for n in range(4)]
        processes = [subprocess.Popen([sys.executable, "-c", GATED, str(ready), str(gate), "--store",
                                       str(into.git_dir), "pull", str(remote.git_dir)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
                                      cwd=tmp_path) for ready in readies]
        try:
            deadline = time.monotonic() + TIMEOUT
            while not all(ready.exists() for ready in readies):
                assert time.monotonic() < deadline, "pulls did not start"
                time.sleep(0.005)
            gate.touch()
            results = [(process.wait(TIMEOUT), process.communicate()[1]) for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
        for code, err in results:
            assert code in (0, 3), f"exit {code}: {err}"
            if code == 3:
                assert "another pull into this store is running" in err, err
        assert any(code == 0 for code, _ in results)
        assert Store.open(into.git_dir).refs(CODE).tip == office.refs(CODE).tip
        assert docversion(into.git_dir, "pull", str(remote.git_dir)).returncode == 0


# doctor on a read-only store ------------------------------------------------------------------


@pytest.fixture
def checked_store(store: Store, seed_manual: Manual) -> Store:
    """A seeded store with a parse cache, a fresh lock file (a note, not damage) and no writers' lock file."""
    seeded(store, seed_manual)
    assert CliRunner().invoke(cli, ["--store", str(store.git_dir), "show", CODE]).exit_code == 0
    (store.git_dir / LOCK_NAME).unlink()
    plant_lock(store.git_dir, BRANCH_LOCK, age=0)
    return store


def _assert_checked(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert [(f["kind"], f["path"]) for f in report["findings"]] == [("held_lock", BRANCH_LOCK)]
    assert report["storage"]["parse_cache_bytes"] > 0


class TestDoctorOnAReadOnlyStore:
    """doctor without --repair writes nothing, so it checks a store it may not write."""

    def test_read_only_for_real(self, checked_store: Store, tmp_path: Path) -> None:
        """A read-only bind mount (root), or a store without write permissions (anyone else)."""
        view = tmp_path / "read-only"
        git_dir = checked_store.git_dir
        if os.geteuid() != 0:
            subprocess.run(["chmod", "-R", "a-w", str(git_dir)], check=True)
            try:
                assert not os.access(git_dir, os.W_OK)
                _assert_checked(docversion(git_dir, "doctor", "--json"))
            finally:
                subprocess.run(["chmod", "-R", "u+w", str(git_dir)], check=True)
            return
        with mounted(view, "--bind", str(git_dir)) as is_mounted:
            if not is_mounted:
                pytest.skip("root, and no bind mount allowed: the in-process test covers it")
            remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)],
                                     capture_output=True, check=False)
            if remount.returncode != 0:
                pytest.skip("no read-only remount allowed: the in-process test covers it")
            with pytest.raises(OSError, match="Read-only"):
                (view / "probe").write_text("")
            _assert_checked(docversion(view, "doctor", "--json"))
            assert docversion(view, "doctor", "--repair").returncode == 1  # repair does need to write

    def test_no_file_opened_for_writing(self, checked_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        """In this process: every os.open for writing fails, as on a read-only store, whoever runs it."""
        real_open = os.open
        writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

        def guarded(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
            if flags & writing:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded)
        result = CliRunner().invoke(cli, ["--store", str(checked_store.git_dir), "doctor", "--json"])
        _assert_checked(subprocess.CompletedProcess([], result.exit_code, result.stdout, result.stderr))
        assert not (checked_store.git_dir / LOCK_NAME).exists()


# Packing --------------------------------------------------------------------------------------


def git_counts(git_dir: Path) -> dict[str, int]:
    out = subprocess.run(["git", "--git-dir", str(git_dir), "count-objects", "-v"], capture_output=True,
                         text=True, check=True, env=_env()).stdout
    return {name: int(value) for name, value in (line.split(": ") for line in out.splitlines())}


class TestPacking:
    """Writes keep loose objects bounded; doctor reports the store's sizes; packing never fails a write."""

    def test_many_drafts_stay_packed(self, store: Store, seed_manual: Manual, monkeypatch: pytest.MonkeyPatch) -> None:
        """With a limit of 100 loose objects, 120 drafts (about 600 objects) never leave more than three
        times that (the count is an estimate from a sixteenth of the objects, so it runs late by
        chance), and one pack holds the rest."""
        monkeypatch.setattr(packing, "LOOSE_LIMIT", 100)
        seeded(store, seed_manual)
        highest = 0
        for n in range(120):
            store.record(with_objective(seed_manual, 0, f"Objetivo número {n} del puesto."), author=AUTHOR)
            highest = max(highest, git_counts(store.git_dir)["count"])
        counts = git_counts(store.git_dir)
        assert highest <= 300, highest
        assert counts["packs"] == 1 and counts["in-pack"] >= 600 - highest, counts
        assert len(store.log(CODE)) == 121

    def test_the_default_limit_leaves_small_stores_alone(self, store: Store, seed_manual: Manual) -> None:
        seeded(store, seed_manual)
        for n in range(5):
            store.record(with_objective(seed_manual, 0, f"Objetivo {n}."), author=AUTHOR)
        counts = git_counts(store.git_dir)
        assert counts["packs"] == 0 and counts["count"] > 25, counts

    def test_doctor_reports_sizes(self, store: Store, seed_manual: Manual) -> None:
        seeded(store, seed_manual)
        store.git.run("gc", "--quiet")  # one pack, then loose objects after it
        for n in range(6):
            store.record(with_objective(seed_manual, 0, f"Objetivo {n}."), author=AUTHOR)
        result = CliRunner().invoke(cli, ["--store", str(store.git_dir), "doctor", "--json"])
        assert result.exit_code == 0, result.stderr
        storage = json.loads(result.stdout)["storage"]
        counts = git_counts(store.git_dir)
        assert storage["loose_objects"] == counts["count"] > 0
        assert storage["packs"] == counts["packs"] >= 1
        assert storage["pack_bytes"] == counts["size-pack"] * 1024 > 0
        assert storage["parse_cache_bytes"] > 0
        assert storage["store_bytes"] >= storage["loose_bytes"] + storage["pack_bytes"] + storage["parse_cache_bytes"]
        text = CliRunner().invoke(cli, ["--store", str(store.git_dir), "doctor"])
        assert "loose objects" in text.stderr and "parse cache" in text.stderr and "packs" in text.stderr

    def test_a_failing_gc_does_not_fail_the_write(self, store: Store, seed_manual: Manual, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
        seeded(store, seed_manual)
        monkeypatch.setattr(packing, "LOOSE_LIMIT", -1)  # pack after every write
        marker = tmp_path / "gc-ran"
        broken = fake_git(tmp_path / "bin", when_command("gc", f"touch {marker}; echo 'fatal: gc broke' >&2; exit 128"))
        monkeypatch.setenv("PATH", f"{broken}{os.pathsep}{os.environ['PATH']}")
        target = draft_dir(tmp_path, seed_manual, "Objetivo con gc roto.")
        result = CliRunner().invoke(cli, ["--store", str(store.git_dir), "import", str(target)])
        assert result.exit_code == 0, result.stderr
        assert marker.exists() and "gc broke" not in result.stderr
        assert git_counts(store.git_dir)["count"] > 0  # the draft's objects, left loose this time
