"""Crashes at every writing step of record, historical import, propose, submit, publish and pull, and the
store after each: the next command (or ``doctor --repair``) leaves a store that ``verify``
accepts, and the operation finishes or can be run again (issue 14, item 1).

``tests/faults/git``, first on PATH, kills the docversion process at its Nth writing git call:
before the call, after it, or (for a ``git update-ref --stdin`` transaction) between two of its
ref renames, leaving the other refs' lock files holding their new ids as git does.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.store import Store, history
from docversion.store.control import ChangeControl
from docversion.store.history import ManualRefs
from docversion.store.refs import DRAFT
from docversion.store.verification import verify
from tests.conftest import SEED_PATH

pytestmark = pytest.mark.slow

FAULTS = Path(__file__).parent / "faults"
CODE = "900-0935"
REVIEWERS = [("Rosa Méndez", "Gerente Servicio al Cliente"), ("Pablo Quintanilla", "Gerente de Planificación"),
             ("Diana Portillo", "Jefe Área de Desarrollo Organizacional")]


def dv(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def ok(store: Path, *args: str) -> None:
    code, err = dv(store, *args)
    assert code == 0, (args, err)


def draft_text(tmp: Path) -> Path:
    path = tmp / "draft.txt"
    path.write_text(SEED_PATH.read_text(encoding="utf-8").replace(
        "Mantener los materiales y recursos necesarios", "Mantener actualizados los materiales y recursos necesarios",
        1), encoding="utf-8")
    return path


def stage(root: Path, name: str) -> Path:
    """A store brought to the stage before operation ``name``."""
    store = root / name / "store.git"
    assert CliRunner().invoke(cli, ["init", "--bare", str(store)]).exit_code == 0
    if name == "historical":
        return store
    ok(store, "import", "--historical", str(SEED_PATH))
    if name == "import":
        return store
    ok(store, "import", str(draft_text(root / name)))
    if name == "propose":
        return store
    ok(store, "propose", CODE, "--as", "Clara Arce", "--in-force", "2027-03-15")
    if name == "submit":
        return store
    ok(store, "submit", CODE, "--as", "Clara Arce")
    for person, role in REVIEWERS:
        ok(store, "review", CODE, "--role", role, "--approve", "--as", person)
    ok(store, "authorize", CODE, "--as", "Pedro Presidente")
    if name == "publish":
        return store
    ok(store, "publish", CODE, "--as", "Pedro Presidente")  # "pull": the remote holds v6, we pull it
    return store


@dataclass(frozen=True)
class Operation:
    name: str
    args: Callable[[Path], list[str]]
    is_done: Callable[[Store], bool]


def _refs(store: Store) -> ManualRefs:
    return history.scan(store.git, CODE).get(CODE) or ManualRefs(CODE)


def _has(version: int) -> Callable[[Store], bool]:
    return lambda store: _refs(store).version(version) is not None


def _is_proposed(store: Store) -> bool:
    return ChangeControl(store).log(CODE).workflow.open is not None and store.load(CODE, DRAFT).cover.version == 6


def _is_submitted(store: Store) -> bool:
    request = ChangeControl(store).log(CODE).workflow.open
    return request is not None and request.state == "in_review"


OPERATIONS = [
    Operation("historical", lambda root: ["import", "--historical", str(SEED_PATH)], _has(5)),
    Operation("import", lambda root: ["import", str(draft_text(root))], lambda s: _refs(s).has_open_draft),
    Operation("propose", lambda root: ["propose", CODE, "--as", "Clara Arce", "--in-force", "2027-03-15"],
              _is_proposed),
    Operation("submit", lambda root: ["submit", CODE, "--as", "Clara Arce"], _is_submitted),
    Operation("publish", lambda root: ["publish", CODE, "--as", "Pedro Presidente"], _has(6)),
    Operation("pull", lambda root: ["pull", str(root / "remote.git")], _has(6)),
]


@dataclass
class Templates:
    root: Path

    def store(self, operation: str, into: Path) -> Path:
        """A fresh copy of the stage before ``operation`` (for pull: our v5 store and its remote)."""
        source = self.root / ("import" if operation == "pull" else operation) / "store.git"
        if not source.exists():
            stage(self.root, "import" if operation == "pull" else operation)
        if operation == "pull" and not (self.root / "pull").exists():
            stage(self.root, "pull")
        if operation == "pull":
            shutil.copytree(self.root / "pull" / "store.git", into / "remote.git")
        shutil.copytree(source, into / "store.git")
        return into / "store.git"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("stages"))


def run_with_faults(store: Path, args: list[str], counter: Path, kill_at: int, when: str, keep: int = 1) -> int:
    """``docversion ARGS`` on ``store`` in a forked child (no interpreter to start: the imports are
    the test's), killed at its writing git call ``kill_at`` (0: never); its exit status, or minus
    the signal that ended it."""
    pid = start_with_faults(store, args, counter, kill_at, when, keep)
    return _status(os.waitpid(pid, 0)[1])


def start_with_faults(store: Path, args: list[str], counter: Path, kill_at: int, when: str, keep: int) -> int:
    """Fork the child of :func:`run_with_faults`; its pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        os.environ.update({"PATH": f"{FAULTS}{os.pathsep}{os.environ['PATH']}", "DV_COUNT": str(counter),
                           "DV_KILL_AT": str(kill_at), "DV_KILL_WHEN": when, "DV_KILL_KEEP": str(keep),
                           "DV_REAL_GIT": shutil.which("git") or "/usr/bin/git"})
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        cli.main(["--store", str(store), *args], prog_name="docversion")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os._exit(code)


def _status(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def writing_calls(templates: Templates, operation: Operation, tmp: Path) -> list[tuple[int, bool]]:
    """Each writing git call of a clean run: its number and whether it is a ref transaction."""
    store = templates.store(operation.name, tmp / "clean")
    counter = tmp / "clean.count"
    assert run_with_faults(store, operation.args(tmp / "clean"), counter, 0, "before") == 0
    calls = Path(f"{counter}.calls").read_text().splitlines()
    return [(int(line.split()[0]), line.endswith("stdin")) for line in calls]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.name)
def test_a_crash_at_every_writing_step_is_settled(templates: Templates, operation: Operation,
                                                  tmp_path: Path) -> None:
    faults = []
    for number, is_transaction in writing_calls(templates, operation, tmp_path):
        faults.append((number, "before", 0))  # a crash before each writing step
        if is_transaction:  # and inside and after each ref transaction, where refs move
            faults += [(number, "between", 1), (number, "between", 2), (number, "after", 0)]
    cases = [tmp_path / f"case{index}" for index in range(len(faults))]
    stores = [templates.store(operation.name, case) for case in cases]
    # The killed runs are separate processes on separate copies: two at a time (the machine's
    # cores), then each store is looked at in turn.
    outcomes: list[int] = []
    for first in range(0, len(faults), 2):  # two children at a time, one per core
        pids = [start_with_faults(stores[i], operation.args(cases[i]), cases[i] / "count", *faults[i])
                for i in range(first, min(first + 2, len(faults)))]
        outcomes += [_status(os.waitpid(pid, 0)[1]) for pid in pids]
    kills = 0
    for index, ((number, when, keep), store, case, done) in enumerate(zip(faults, stores, cases, outcomes,
                                                                          strict=True)):
        if done != -9:
            continue  # the step was not reached this time (a transaction of one ref has no "between")
        kills += 1
        where = f"{operation.name}: killed {when} writing call {number} (keep {keep})"
        if index % 4 == 0:
            code, err = dv(store, "doctor", "--repair")
            assert code in (0, 1), (where, err)
        opened = Store.open(store)  # any command settles what the crash left
        problems = verify(opened)
        assert problems == [], (where, [str(p) for p in problems])
        if not operation.is_done(opened):
            code, err = dv(store, *operation.args(case))
            assert code == 0, (where, "retry", err)
            assert operation.is_done(Store.open(store)) and verify(Store.open(store)) == [], where
        if index % 4 == 0:
            code, err = dv(store, "doctor")
            assert code == 0, (where, err)
    assert kills >= len(faults) * 3 // 4, (kills, len(faults))
    print(f"{operation.name}: {kills} kills")
