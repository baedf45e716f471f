"""Sharing a store through a git remote: push, pull, three-way merge, version races, safe remotes.

Every scenario runs against one bare remote reached two ways: served by ``git daemon`` on
127.0.0.1 (``git://``) and as a ``file://`` URL. Each store is a bare repository with the
remote configured as ``origin``. After every library call the test checks that no git child
process is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.errors import ConflictError, DocversionError, InvalidInputError, VerificationError
from docversion.files import read_document
from docversion.model import Manual
from docversion.store import DRAFT, LATEST, Identity, Revision, Store
from docversion.store.merge import Clash
from docversion.store.remote import DISPLACED_ROOT, REMOTES_ROOT, PullReport, PushReport, pull, push

from .conftest import AUTHOR, REPO, git_children, with_objective

CODE = "900-0935"
OTHER_CODE = "310-0120"
FIRST = "jefe-area-de-servicios-en-linea"
BRANCH = f"refs/heads/manuals/{CODE}"
V5 = f"refs/tags/{CODE}/v5"
LOG = f"refs/docversion/workflow/{CODE}"  # a historical import is logged there
V6 = f"refs/tags/{CODE}/v6"
BOB = Identity("Beto Revisor", "beto@example.org")
T = TypeVar("T")


# Helpers -----------------------------------------------------------------------------------


def clean_git(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the test's own git commands: none of the caller's GIT_* settings."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**base, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}


def git(git_dir: Path, *args: str, check: bool = True) -> str:
    """Run git on ``git_dir`` and return its output without the final newline."""
    done = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, check=False,
                          env=clean_git())
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.decode()}")
    return done.stdout.decode().rstrip("\n")


def ref(git_dir: Path, name: str) -> str | None:
    """The object a ref names (not peeled), or None when there is no such ref."""
    return git(git_dir, "rev-parse", "--verify", "--quiet", name, check=False) or None


def refs_under(git_dir: Path, prefix: str) -> dict[str, str]:
    """Every ref under ``prefix`` and the object it names."""
    out = git(git_dir, "for-each-ref", "--format=%(refname) %(objectname)", prefix)
    return dict(line.split(" ", 1) for line in out.splitlines() if line)


def no_git_left() -> None:
    """No git process started by this test process is still alive."""
    assert git_children() == []


def checked(call: Callable[[], T]) -> T:
    """Run one library call, then check that it left no git process behind, whatever it raised."""
    try:
        return call()
    finally:
        no_git_left()


def do_push(store: Store, remote: str = "origin") -> PushReport:
    """push(), then the no-leftover-processes check."""
    return checked(lambda: push(store, remote))


def do_pull(store: Store, remote: str = "origin", **options: Any) -> PullReport:
    """pull() as BOB, then the no-leftover-processes check."""
    return checked(lambda: pull(store, remote, author=BOB, **options))


def run_cli(*args: str) -> tuple[int, str, str]:
    """The command line, in process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    no_git_left()
    return result.exit_code, result.stdout, result.stderr


def next_version(manual: Manual, change: str, objective: str | None = None) -> Manual:
    """``manual`` as its next version: the cover's number up by one, in force a year later, a new
    revision row; ``objective`` (when given) replaces the first position's objective."""
    data = manual.model_dump()
    version = data["cover"]["version"] + 1
    in_force = data["cover"]["in_force"] + timedelta(days=365)
    data["cover"] = {**data["cover"], "version": version, "in_force": in_force}
    last = data["revisions"][-1]
    row_day = date.fromordinal(in_force.toordinal())  # equal, but not the cover's date object
    data["revisions"] = [*data["revisions"], {**last, "version": version, "in_force": row_day,
                                              "last_modified": None, "changes": [change]}]
    result = Manual.model_validate(data)
    return with_objective(result, 0, objective) if objective is not None else result


def objective(store: Store, revision: Revision = DRAFT, index: int = 0) -> str:
    """One position's objective in the store's manual 900-0935."""
    return store.load(CODE, revision).positions[index].objective


# Fixtures ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _is_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def git_daemon(base: Path, pid_file: Path) -> Iterator[int]:
    """``git daemon`` serving ``base`` on 127.0.0.1 with pushes allowed; yields its port.

    The daemon detaches, so it is no child of the test process (the leftover check stays exact);
    it is stopped by the id it wrote to ``pid_file``.
    """
    for _ in range(3):
        port = _free_port()
        done = subprocess.run(
            ["git", "daemon", "--reuseaddr", f"--base-path={base}", "--export-all", "--enable=receive-pack",
             "--listen=127.0.0.1", f"--port={port}", "--detach", f"--pid-file={pid_file}", str(base)],
            capture_output=True, env=clean_git(), timeout=30, check=False)
        if done.returncode == 0:
            break
    else:
        raise RuntimeError(f"git daemon did not start: {done.stderr.decode()}")
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text().strip():
        if time.monotonic() > deadline:
            raise RuntimeError("git daemon wrote no pid file")
        time.sleep(0.02)
    pid = int(pid_file.read_text())
    try:
        _wait_for_port(port)
        yield port
    finally:
        command = Path(f"/proc/{pid}/cmdline")
        if command.exists() and b"daemon" in command.read_bytes():
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while _is_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.02)


@dataclass(frozen=True)
class Remote:
    """The shared bare repository: how stores reach it, and where it lies."""

    transport: str
    url: str
    path: Path


@pytest.fixture(params=["git", "file"])
def remote(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Remote]:
    """A bare store to share through: served by git daemon (git://) or as a file:// URL."""
    served = tmp_path / "served"
    path = Store.init(served / "remote.git", is_bare=True).git_dir
    if request.param == "file":
        yield Remote("file", path.as_uri(), path)
        return
    with git_daemon(served, tmp_path / "daemon.pid") as port:
        yield Remote("git", f"git://127.0.0.1:{port}/remote.git", path)


def clone(tmp_path: Path, name: str, remote: Remote) -> Store:
    """A new store with ``remote`` configured as origin."""
    store = Store.init(tmp_path / f"{name}.git", is_bare=True)
    git(store.git_dir, "remote", "add", "origin", remote.url)
    return store


@pytest.fixture
def a(tmp_path: Path, remote: Remote) -> Store:
    """Store A."""
    return clone(tmp_path, "a", remote)


@pytest.fixture
def b(tmp_path: Path, remote: Remote) -> Store:
    """Store B."""
    return clone(tmp_path, "b", remote)


@pytest.fixture
def shared(a: Store, b: Store, seed_manual: Manual) -> tuple[Store, Store]:
    """A published the seed as version 5 and pushed it; B pulled it."""
    a.record(seed_manual, author=AUTHOR, is_historical=True)
    do_push(a)
    do_pull(b)
    return a, b


# Tests -------------------------------------------------------------------------------------


class TestRemoteServed:
    """The remote answers on both transports and starts empty."""

    def test_remote_is_reachable_and_empty(self, remote: Remote) -> None:
        done = subprocess.run(["git", "ls-remote", remote.url], capture_output=True, env=clean_git(),
                              check=False, timeout=30)
        assert done.returncode == 0, done.stderr.decode()
        assert done.stdout == b""

    def test_push_of_an_empty_store_sends_nothing(self, a: Store, remote: Remote) -> None:
        assert do_push(a).refs == ()
        assert refs_under(remote.path, "refs/") == {}


class TestShareAVersion:
    """A publishes version 5 and pushes; B pulls it and reads the same manual."""

    def test_pull_takes_the_published_version(self, a: Store, b: Store, remote: Remote,
                                              seed_manual: Manual) -> None:
        a.record(seed_manual, author=AUTHOR, is_historical=True)
        report = do_push(a)
        assert report.refs == (BRANCH, V5, LOG)
        assert ref(remote.path, V5) == ref(a.git_dir, V5)
        assert ref(remote.path, BRANCH) == ref(a.git_dir, BRANCH)

        pulled = do_pull(b)
        assert pulled.updated == {CODE: "new"}
        assert pulled.versions == [f"{CODE}/v5"]
        assert not pulled.has_clashes
        assert b.load(CODE, LATEST) == a.load(CODE, LATEST) == seed_manual
        assert ref(b.git_dir, V5) == ref(a.git_dir, V5)
        assert ref(b.git_dir, BRANCH) == ref(a.git_dir, BRANCH)

    def test_pull_again_changes_nothing(self, shared: tuple[Store, Store]) -> None:
        _, b = shared
        before = refs_under(b.git_dir, "refs/")
        report = do_pull(b)
        assert report.updated == {} and report.versions == [] and not report.has_clashes
        assert refs_under(b.git_dir, "refs/") == before

    def test_cli_push_and_pull(self, a: Store, b: Store, remote: Remote, seed_manual: Manual) -> None:
        a.record(seed_manual, author=AUTHOR, is_historical=True)
        code, out, _ = run_cli("--store", str(a.git_dir), "push", "--json")
        assert code == 0
        assert json.loads(out)["refs"] == [BRANCH, V5, LOG]
        code, out, err = run_cli("--store", str(b.git_dir), "pull", "--json")
        assert code == 0, err
        report = json.loads(out)
        assert report["ok"] is True and report["updated"] == {CODE: "new"}
        assert report["versions"] == [f"{CODE}/v5"] and report["clashes"] == []
        assert b.load(CODE, LATEST) == seed_manual


class TestSharedDateObject:
    """A version whose cover and revision row hold one date object survives record, push and pull."""

    def test_pulled_version_loads(self, a: Store, b: Store, seed_manual: Manual) -> None:
        data = seed_manual.model_dump()
        day = date(2019, 1, 2)  # one object in two places, as a program building a version would
        data["cover"] = {**data["cover"], "version": 6, "in_force": day}
        data["revisions"] = [*data["revisions"], {**data["revisions"][-1], "version": 6, "in_force": day,
                                                  "changes": ["Nueva versión."]}]
        version6 = Manual.model_validate(data)
        a.record(seed_manual, author=AUTHOR, is_historical=True)
        a.record(version6, author=AUTHOR, is_historical=True)
        do_push(a)
        do_pull(b)
        assert b.load(CODE, LATEST) == version6


class TestMergeOfDifferentPositions:
    """Edits to different positions on two sides merge, and both reach both stores."""

    def test_push_after_the_remote_moved_is_a_conflict(self, shared: tuple[Store, Store],
                                                       seed_manual: Manual, remote: Remote) -> None:
        a, b = shared
        a.record(with_objective(seed_manual, 0, "Objetivo de A."), author=AUTHOR)
        b.record(with_objective(seed_manual, 1, "Objetivo de B."), author=BOB)
        do_push(a)
        remote_before = refs_under(remote.path, "refs/")
        with pytest.raises(ConflictError) as caught:
            do_push(b)
        assert caught.value.exit_code == 3
        assert "manuals/900-0935" in str(caught.value)
        code, _, err = run_cli("--store", str(b.git_dir), "push")
        assert code == 3
        assert "pull" in err
        assert refs_under(remote.path, "refs/") == remote_before

    def test_both_edits_reach_both_stores(self, shared: tuple[Store, Store], seed_manual: Manual,
                                          remote: Remote) -> None:
        a, b = shared
        a.record(with_objective(seed_manual, 0, "Objetivo de A."), author=AUTHOR)
        b_edit = b.record(with_objective(seed_manual, 1, "Objetivo de B."), author=BOB).commit
        do_push(a)
        with pytest.raises(ConflictError):
            do_push(b)

        report = do_pull(b)
        assert report.updated == {CODE: "merged"}
        assert not report.has_clashes
        assert objective(b, DRAFT, 0) == "Objetivo de A."
        assert objective(b, DRAFT, 1) == "Objetivo de B."
        merge = ref(b.git_dir, BRANCH)
        assert git(b.git_dir, "rev-parse", f"{merge}^1", f"{merge}^2").split() == \
            [b_edit, ref(a.git_dir, BRANCH)]
        assert b.load(CODE, LATEST) == seed_manual  # the published version is untouched

        do_push(b)
        assert ref(remote.path, BRANCH) == merge
        report = do_pull(a)
        assert report.updated == {CODE: "fast-forward"}
        assert ref(a.git_dir, BRANCH) == merge
        assert a.load(CODE, DRAFT) == b.load(CODE, DRAFT)
        assert objective(a, DRAFT, 1) == "Objetivo de B."

    def test_a_new_version_is_taken_by_fast_forward(self, shared: tuple[Store, Store],
                                                     seed_manual: Manual) -> None:
        a, b = shared
        a.record(next_version(seed_manual, "Se actualiza el objetivo.", "Objetivo seis."), author=AUTHOR,
                 is_historical=True)
        do_push(a)
        report = do_pull(b)
        assert report.updated == {CODE: "fast-forward"}
        assert report.versions == [f"{CODE}/v6"]
        assert ref(b.git_dir, V6) == ref(a.git_dir, V6)
        assert objective(b, LATEST) == "Objetivo seis."


class TestClash:
    """One field edited two ways is reported, changes nothing, and --prefer settles it."""

    @pytest.fixture
    def clashing(self, shared: tuple[Store, Store], seed_manual: Manual) -> tuple[Store, Store]:
        a, b = shared
        a.record(with_objective(seed_manual, 0, "Texto de A."), author=AUTHOR)
        b.record(with_objective(seed_manual, 0, "Texto de B."), author=BOB)
        do_push(a)
        return a, b

    def test_library_reports_the_clash_and_keeps_both_sides(self, clashing: tuple[Store, Store]) -> None:
        a, b = clashing
        tip = ref(b.git_dir, BRANCH)
        report = do_pull(b)
        assert report.has_clashes
        assert report.clashes == {CODE: [Clash(FIRST, "objective", "Texto de B.", "Texto de A.")]}
        assert report.updated == {}
        assert ref(b.git_dir, BRANCH) == tip
        assert objective(b) == "Texto de B."
        assert ref(b.git_dir, f"{REMOTES_ROOT}origin/heads/manuals/{CODE}") == ref(a.git_dir, BRANCH)

    def test_cli_exits_3_naming_the_clash(self, clashing: tuple[Store, Store]) -> None:
        _, b = clashing
        tip = ref(b.git_dir, BRANCH)
        code, _, err = run_cli("--store", str(b.git_dir), "pull")
        assert code == 3
        assert f"clash: {CODE}: position {FIRST}: objective changed two ways" in err
        assert "refs/docversion/remotes/" in err
        code, out, err = run_cli("--store", str(b.git_dir), "pull", "--json")
        assert code == 3
        assert FIRST in err
        report = json.loads(out)
        assert report["ok"] is False
        assert report["clashes"] == [{"code": CODE, "position": FIRST, "field": "objective",
                                      "ours": "Texto de B.", "theirs": "Texto de A."}]
        assert report["updated"] == {}
        assert ref(b.git_dir, BRANCH) == tip

    def test_a_clashing_pull_reports_no_version_as_taken(self, shared: tuple[Store, Store],
                                                        seed_manual: Manual) -> None:
        a, b = shared
        a.record(next_version(seed_manual, "Nueva versión."), author=AUTHOR, is_historical=True)
        a.record(with_objective(next_version(seed_manual, "Nueva versión."), 0, "Texto de A."), author=AUTHOR)
        b.record(with_objective(seed_manual, 0, "Texto de B."), author=BOB)
        do_push(a)
        report = do_pull(b)
        assert report.has_clashes
        assert ref(b.git_dir, V6) is None  # nothing was taken for the clashing manual...
        assert report.versions == []  # ...so the report must not say v6 was taken

    def test_prefer_theirs_takes_the_remote_text(self, clashing: tuple[Store, Store], remote: Remote) -> None:
        a, b = clashing
        tip = ref(b.git_dir, BRANCH)
        code, out, err = run_cli("--store", str(b.git_dir), "pull", "--prefer", "theirs", "--json")
        assert code == 0, err
        assert json.loads(out)["updated"] == {CODE: "merged"}
        assert objective(b) == "Texto de A."
        merge = ref(b.git_dir, BRANCH)
        assert git(b.git_dir, "rev-parse", f"{merge}^1", f"{merge}^2").split() == [tip, ref(a.git_dir, BRANCH)]
        do_push(b)
        assert do_pull(a).updated == {CODE: "fast-forward"}
        assert objective(a) == "Texto de A."
        assert ref(remote.path, BRANCH) == ref(a.git_dir, BRANCH) == merge

    def test_prefer_ours_keeps_the_local_text(self, clashing: tuple[Store, Store]) -> None:
        _, b = clashing
        report = do_pull(b, prefer="ours")
        assert report.updated == {CODE: "merged"}
        assert objective(b) == "Texto de B."


GATE = """#!/bin/sh
cat >/dev/null
touch '{gate}/arrived.'$$
i=0
while [ "$(ls '{gate}' | grep -c '^arrived')" -lt 2 ] && [ $i -lt 200 ]; do
    sleep 0.05
    i=$((i+1))
done
exit 0
"""


def gate_pushes(remote: Remote, gate: Path) -> None:
    """Make the remote hold each push before it moves refs until two have arrived: both pushes
    pass git's client-side checks against the same refs, and race in the remote's ref update."""
    gate.mkdir()
    hook = remote.path / "hooks" / "pre-receive"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(GATE.format(gate=gate))
    hook.chmod(0o755)


class TestVersionRace:
    """Two stores publish different version 6s at once: one push wins, the other is a conflict."""

    @pytest.fixture
    def racing(self, shared: tuple[Store, Store], seed_manual: Manual) -> tuple[Store, Store]:
        a, b = shared
        a.record(next_version(seed_manual, "Versión de A.", "Objetivo seis de A."), author=AUTHOR,
                 is_historical=True)
        b.record(next_version(seed_manual, "Versión de B.", "Objetivo seis de B."), author=BOB,
                 is_historical=True)
        assert ref(a.git_dir, V6) != ref(b.git_dir, V6)
        return a, b

    def test_one_push_wins_and_the_loser_keeps_its_version_aside(
            self, racing: tuple[Store, Store], remote: Remote, tmp_path: Path) -> None:
        a, b = racing
        own = {"a": ref(a.git_dir, V6), "b": ref(b.git_dir, V6)}
        own_commit = {"a": ref(a.git_dir, f"{V6}^{{commit}}"), "b": ref(b.git_dir, f"{V6}^{{commit}}")}
        gate_pushes(remote, tmp_path / "gate")
        start = threading.Barrier(2)
        outcome: dict[str, object] = {}

        def send(name: str, store: Store) -> None:
            start.wait()
            try:
                outcome[name] = push(store, "origin")
            except DocversionError as exc:
                outcome[name] = exc

        threads = [threading.Thread(target=send, args=(n, s)) for n, s in (("a", a), ("b", b))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        no_git_left()
        (remote.path / "hooks" / "pre-receive").unlink()

        won = [n for n, result in outcome.items() if isinstance(result, PushReport)]
        lost = [n for n, result in outcome.items() if isinstance(result, ConflictError)]
        assert len(won) == 1 and len(lost) == 1, outcome
        winner, loser = (a, b) if won == ["a"] else (b, a)
        assert ref(remote.path, V6) == own[won[0]]
        assert ref(remote.path, BRANCH) == own_commit[won[0]]

        plain = do_pull(loser)
        assert plain.has_clashes and plain.version_clashes
        assert ref(loser.git_dir, V6) == own[lost[0]]  # nothing changed without --prefer

        report = do_pull(loser, prefer="theirs")
        assert report.updated == {CODE: "merged"}
        tags = {name: ref(store, V6) for name, store in
                (("winner", winner.git_dir), ("loser", loser.git_dir), ("remote", remote.path))}
        assert set(tags.values()) == {own[won[0]]}, tags
        for git_dir in (winner.git_dir, loser.git_dir, remote.path):
            assert sorted(refs_under(git_dir, "refs/tags/")) == [V5, V6]
            assert git(git_dir, "cat-file", "-t", V6) == "tag"
        displaced = refs_under(loser.git_dir, DISPLACED_ROOT)
        # The loser's v6 and its log (which recorded that v6) are kept aside; the remote's stand.
        assert displaced.pop(f"{DISPLACED_ROOT}{CODE}/v6-{own[lost[0]][:12]}") == own[lost[0]]
        assert [name.removeprefix(DISPLACED_ROOT).rpartition("-")[0] for name in displaced] == [f"workflow/{CODE}"]
        tip = ref(loser.git_dir, BRANCH)
        assert git(loser.git_dir, "merge-base", "--is-ancestor", own_commit[lost[0]], str(tip),
                   check=False) == ""
        assert objective(loser, Revision("version", 6)) == f"Objetivo seis de {won[0].upper()}."
        assert loser.load_commit(CODE, own_commit[lost[0]], "lost").positions[0].objective == \
            f"Objetivo seis de {lost[0].upper()}."

        do_push(loser)
        assert do_pull(winner).updated == {CODE: "fast-forward"}
        assert ref(winner.git_dir, BRANCH) == ref(remote.path, BRANCH) == tip
        assert ref(remote.path, V6) == own[won[0]]

    def test_two_cli_pushes_started_together(self, racing: tuple[Store, Store], remote: Remote,
                                             tmp_path: Path) -> None:
        a, b = racing
        gate_pushes(remote, tmp_path / "gate")
        env = {k: v for k, v in os.environ.items() if k != "DOCVERSION_STORE"}
        runs = [subprocess.Popen([sys.executable, "-m", "docversion", "--store", str(s.git_dir), "push"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
                for s in (a, b)]
        errors = [p.communicate(timeout=60)[1].decode() for p in runs]
        codes = [p.returncode for p in runs]
        no_git_left()
        assert sorted(codes) == [0, 3], errors
        assert "the remote has moved" in errors[codes.index(3)]
        winner = (a, b)[codes.index(0)]
        assert ref(remote.path, V6) == ref(winner.git_dir, V6)


class TestDeclinedPush:
    """A push the remote refuses for a reason other than moved refs is an error, not a conflict."""

    def test_declining_hook_is_not_reported_as_a_moved_remote(self, a: Store, remote: Remote,
                                                              seed_manual: Manual) -> None:
        hook = remote.path / "hooks" / "pre-receive"
        hook.parent.mkdir(exist_ok=True)
        hook.write_text("#!/bin/sh\ncat >/dev/null\necho 'pushes are closed today' >&2\nexit 1\n")
        hook.chmod(0o755)
        a.record(seed_manual, author=AUTHOR, is_historical=True)
        with pytest.raises(DocversionError) as caught:
            do_push(a)
        assert refs_under(remote.path, "refs/") == {}
        # Nothing moved on the remote: "pull, then push again" cannot help here.
        assert not isinstance(caught.value, ConflictError), str(caught.value)


class TestDifferentManuals:
    """Stores that record different manuals both end with both."""

    def test_both_stores_get_both_manuals(self, a: Store, b: Store, remote: Remote,
                                          seed_manual: Manual) -> None:
        other = read_document(REPO / "manuals" / OTHER_CODE).manual
        a.record(seed_manual, author=AUTHOR, is_historical=True)
        b.record(other, author=BOB, is_historical=True)
        do_push(a)
        do_push(b)  # other refs than A's: nothing on the remote moved under it
        assert do_pull(a).updated == {OTHER_CODE: "new"}
        assert do_pull(b).updated == {CODE: "new"}
        for store in (a, b):
            assert [m.code for m in store.manuals(seed_manual.cover.in_force)] == [OTHER_CODE, CODE]
            assert store.load(CODE, LATEST) == seed_manual
            assert store.load(OTHER_CODE, LATEST) == other
        assert refs_under(a.git_dir, "refs/tags/") == refs_under(b.git_dir, "refs/tags/") == \
            refs_under(remote.path, "refs/tags/")

    def test_a_clash_in_one_manual_leaves_the_other_to_move(self, shared: tuple[Store, Store],
                                                            seed_manual: Manual) -> None:
        a, b = shared
        other = read_document(REPO / "manuals" / OTHER_CODE).manual
        a.record(with_objective(seed_manual, 0, "Texto de A."), author=AUTHOR)
        a.record(other, author=AUTHOR, is_historical=True)
        b.record(with_objective(seed_manual, 0, "Texto de B."), author=BOB)
        tip = ref(b.git_dir, BRANCH)
        do_push(a)
        report = do_pull(b)
        assert report.has_clashes and list(report.clashes) == [CODE]
        assert report.updated == {OTHER_CODE: "new"}
        assert ref(b.git_dir, BRANCH) == tip
        assert b.load(OTHER_CODE, LATEST) == other


class TestUnsafeRemotes:
    """Transport helpers and option-like remotes are refused before git runs; nothing is created."""

    UNSAFE = ("ext::sh -c touch% {pwned}", "fd::0", "fd::3,4", "-oProxyCommand=touch {pwned}",
              "--upload-pack=touch {pwned}", "--receive-pack=touch {pwned}", "-", "EXT::sh -c touch% {pwned}")

    @pytest.fixture
    def recorded(self, store: Store, seed_manual: Manual) -> Store:
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        return store

    @pytest.mark.parametrize("action", ["push", "pull"])
    @pytest.mark.parametrize("unsafe", UNSAFE)
    def test_library_refuses(self, recorded: Store, tmp_path: Path, action: str, unsafe: str) -> None:
        pwned = tmp_path / "pwned"
        before = refs_under(recorded.git_dir, "refs/")
        call = (lambda: push(recorded, unsafe.format(pwned=pwned))) if action == "push" else \
            (lambda: pull(recorded, unsafe.format(pwned=pwned), author=AUTHOR))
        with pytest.raises(InvalidInputError) as caught:
            checked(call)
        assert caught.value.exit_code == 5
        assert not pwned.exists()
        assert refs_under(recorded.git_dir, "refs/") == before

    def test_ext_touch_and_fd_0(self, recorded: Store) -> None:
        pwned = Path(tempfile.gettempdir()) / "pwned"
        state = pwned.stat().st_mtime_ns if pwned.exists() else None
        with pytest.raises(InvalidInputError) as pushed:
            checked(lambda: push(recorded, f"ext::sh -c touch% {pwned}"))
        with pytest.raises(InvalidInputError) as pulled:
            checked(lambda: pull(recorded, "fd::0", author=AUTHOR))
        assert pushed.value.exit_code == pulled.value.exit_code == 5
        assert (pwned.stat().st_mtime_ns if pwned.exists() else None) == state
        assert set(refs_under(recorded.git_dir, "refs/docversion/")) <= {LOG}

    def test_a_configured_remote_with_a_helper_url_is_refused(self, recorded: Store, tmp_path: Path) -> None:
        pwned = tmp_path / "pwned"
        git(recorded.git_dir, "remote", "add", "evil", f"ext::sh -c touch% {pwned}")
        for call in (lambda: push(recorded, "evil"), lambda: pull(recorded, "evil", author=AUTHOR)):
            with pytest.raises(InvalidInputError):
                checked(call)
        assert not pwned.exists()
        assert set(refs_under(recorded.git_dir, "refs/docversion/")) <= {LOG}

    def test_a_helper_push_url_never_runs(self, recorded: Store, tmp_path: Path) -> None:
        pwned = tmp_path / "pwned"
        target = Store.init(tmp_path / "target.git", is_bare=True)
        git(recorded.git_dir, "remote", "add", "origin", target.git_dir.as_uri())
        git(recorded.git_dir, "config", "remote.origin.pushurl", f"ext::sh -c touch% {pwned}")
        with pytest.raises(DocversionError):
            checked(lambda: push(recorded, "origin"))
        assert not pwned.exists()
        assert refs_under(target.git_dir, "refs/") == {}

    @pytest.mark.parametrize("args", [("push", "--", "--upload-pack=touch {pwned}"),
                                      ("push", "ext::sh -c touch% {pwned}"),
                                      ("pull", "fd::0"),
                                      ("pull", "--json", "--", "-oProxyCommand=touch {pwned}")])
    def test_cli_exits_5(self, recorded: Store, tmp_path: Path, args: tuple[str, ...]) -> None:
        pwned = tmp_path / "pwned"
        code, out, err = run_cli("--store", str(recorded.git_dir), *(a.format(pwned=pwned) for a in args))
        assert code == 5, err
        assert "is not a remote docversion will use" in err
        if "--json" in args:
            assert json.loads(out)["error"]["exit_code"] == 5
        assert not pwned.exists()
        assert set(refs_under(recorded.git_dir, "refs/docversion/")) <= {LOG}


class TestUnreachableRemote:
    """A remote that does not answer is an error, not a conflict, and leaves no process behind."""

    def test_push_and_pull_to_a_closed_port(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        url = f"git://127.0.0.1:{_free_port()}/remote.git"
        with pytest.raises(DocversionError) as pushed:
            do_push(store, url)
        assert not isinstance(pushed.value, ConflictError | InvalidInputError)
        with pytest.raises(DocversionError) as pulled:
            do_pull(store, url)
        assert "cannot fetch" in str(pulled.value)


class TestWorkflowTravels:
    """A version published through the workflow reaches the other office with its log and keys, and verifies."""

    def test_published_version_verifies_after_pull(self, shared: tuple[Store, Store], seed_manual: Manual) -> None:
        from datetime import UTC, date, datetime

        from docversion.store.control import ChangeControl
        from docversion.store.logs import TRUST_REF, workflow_ref
        from docversion.store.trust_admin import TrustAdmin
        from docversion.store.verification import verify
        from docversion.workflow.signing import load_private_key, make_key, new_private_key

        a, b = shared
        control = ChangeControl(a)
        now = datetime(2026, 11, 1, tzinfo=UTC)
        admin = load_private_key(new_private_key(), "admin")
        TrustAdmin(a).start(admin, "Ana Administradora", now, AUTHOR)
        people = [("Clara", "Elaborado por"), *((f"Revisor {n}", r) for n, r in enumerate(seed_manual.cover.reviewed_by)),
                  ("Pedro", seed_manual.cover.authorized_by)]
        keys = {}
        for name, role in people:
            pem = new_private_key()
            keys[name] = load_private_key(pem, name)
            TrustAdmin(a).register(make_key(pem, name, (role,), name), admin, now, AUTHOR)
        a.record(with_objective(seed_manual, 0, "Objetivo nuevo."), author=AUTHOR)
        control.propose("900-0935", preparer="Clara", label="Elaborado por", sentences=(), now=now, author=AUTHOR,
                        in_force=date(2026, 12, 1), today=now.date())
        control.sign("900-0935", name="Clara", role=None, meaning="prepared", decision="approved", comment="",
                     now=now, author=AUTHOR, key=keys["Clara"])
        for number, role in enumerate(seed_manual.cover.reviewed_by):
            control.sign("900-0935", name=f"Revisor {number}", role=role, meaning="reviewed", decision="approved",
                         comment="", now=now, author=AUTHOR, key=keys[f"Revisor {number}"])
        control.sign("900-0935", name="Pedro", role=None, meaning="authorized", decision="approved", comment="",
                     now=now, author=AUTHOR, key=keys["Pedro"])
        control.publish("900-0935", name="Pedro", now=now, author=AUTHOR, today=now.date())
        checked(lambda: do_push(a))
        with pytest.raises(VerificationError, match="--adopt-trust"):
            do_pull(b)  # b has no trust root: it takes a's only when told to
        report = do_pull(b, is_adopting_trust=True)
        assert "900-0935/v6" in report.versions
        assert ref(b.git_dir, workflow_ref("900-0935")) == ref(a.git_dir, workflow_ref("900-0935"))
        assert ref(b.git_dir, TRUST_REF) == ref(a.git_dir, TRUST_REF)
        assert verify(b) == []
        assert b.load("900-0935", LATEST).cover.version == 6
