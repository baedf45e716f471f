"""What a pull refuses before anything local moves (issue 14, item 4): a remote branch with a file
no manual has, a file over the import limit, a snapshot that does not read, a workflow ref with no
log. Each is exit 5 naming the ref and the file; every local ref stays as it was."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.store import Store
from docversion.store.incoming import MAX_FILE_BYTES
from tests.conftest import AUTHOR, SEED_PATH

CODE = "900-0935"
BRANCH = f"refs/heads/manuals/{CODE}"


def dv(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--store", str(store), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def local_refs(store: Path) -> list[str]:
    out = subprocess.run(["git", "--git-dir", str(store), "for-each-ref"], capture_output=True, text=True,
                         check=True).stdout
    return [line for line in out.splitlines() if "\trefs/docversion/remotes/" not in line]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Our store with the seed as v5, and a copy of it (the remote) to be spoiled by plain git."""
    ours = tmp_path / "ours.git"
    assert CliRunner().invoke(cli, ["init", "--bare", str(ours)]).exit_code == 0
    assert dv(ours, "import", "--historical", str(SEED_PATH))[0] == 0
    theirs = tmp_path / "theirs.git"
    shutil.copytree(ours, theirs)
    return ours, theirs


def with_file(git_dir: Path, path: str, data: bytes) -> None:
    """A new commit on the remote's branch adding (or replacing) ``path`` with ``data``."""
    git = Store.open(git_dir).git
    tip = git.text("rev-parse", BRANCH)
    index = git_dir / "spoil.index"
    env = {"GIT_INDEX_FILE": str(index)}
    git.run("read-tree", tip, env=env)
    blob = git.text("hash-object", "-w", "--stdin", data=data)
    git.run("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
    tree = git.run("write-tree", env=env).stdout.decode().strip()
    commit = git.text("commit-tree", tree, "-p", tip, "-m", "spoiled", identity=AUTHOR)
    git.run("update-ref", BRANCH, commit)


def refused(ours: Path, theirs: Path, *fragments: str) -> None:
    before = local_refs(ours)
    code, err = dv(ours, "pull", str(theirs))
    assert code == 5, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    assert local_refs(ours) == before


SPOILERS: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "a binary beside the manual": (lambda g: with_file(g, f"{CODE}/logo.bin", b"\0\1\2" * 100),
                                   (f"{CODE}/logo.bin", "no file of manual")),
    "a file outside the manual": (lambda g: with_file(g, "README.md", b"hola\n"), ("'README.md'",)),
    "a position over the limit": (lambda g: with_file(g, f"{CODE}/positions/jefe.yaml",
                                                      b"#" * (MAX_FILE_BYTES + 1)),
                                  (f"{CODE}/positions/jefe.yaml", "more than")),
    "a manual.yaml that does not read": (lambda g: with_file(g, f"{CODE}/manual.yaml", b"cover: [\n"),
                                         ("does not read",)),
}


@pytest.mark.parametrize("case", SPOILERS)
def test_a_spoiled_branch_is_refused(pair: tuple[Path, Path], case: str) -> None:
    ours, theirs = pair
    spoil, fragments = SPOILERS[case]
    spoil(theirs)
    refused(ours, theirs, "manuals/900-0935", *fragments)


def test_a_workflow_ref_with_no_log_is_refused(pair: tuple[Path, Path]) -> None:
    ours, theirs = pair
    git = Store.open(theirs).git
    tree = git.text("mktree", data=b"")
    commit = git.text("commit-tree", tree, "-m", "no log", identity=AUTHOR)
    git.run("update-ref", f"refs/docversion/workflow/{CODE}", commit)
    refused(ours, theirs, "holds no log")


def test_a_clean_remote_is_taken(pair: tuple[Path, Path], tmp_path: Path) -> None:
    ours, theirs = pair
    draft = tmp_path / "draft.txt"
    draft.write_text(SEED_PATH.read_text(encoding="utf-8").replace(
        "Mantener los materiales y recursos necesarios", "Mantener actualizados los materiales y recursos necesarios",
        1), encoding="utf-8")
    assert dv(theirs, "import", str(draft))[0] == 0
    code, err = dv(ours, "pull", str(theirs))
    assert code == 0, err
    assert local_refs(ours) == local_refs(theirs)
