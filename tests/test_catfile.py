"""One cat-file process for a read: trees listed like ``git ls-tree -r``, objects in rounds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from docversion.model import Manual
from docversion.store import Store, snapshots
from docversion.store.catfile import CatFile
from docversion.store.gitcmd import Git
from tests.conftest import AUTHOR, git_children


def _git(git_dir: Path, *args: str, data: bytes = b"") -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], input=data, capture_output=True,
                          check=True).stdout.decode().strip()


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_listings_agree_with_ls_tree(tmp_path: Path, object_format: str) -> None:
    git_dir = tmp_path / "repo.git"
    subprocess.run(["git", "init", "--bare", "-q", f"--object-format={object_format}", str(git_dir)], check=True)
    blob = _git(git_dir, "hash-object", "-w", "--stdin", data=b"uno\n")
    other = _git(git_dir, "hash-object", "-w", "--stdin", data=b"dos\n")
    inner = _git(git_dir, "mktree", data=f"100644 blob {other}\tb.yaml\n".encode())
    deeper = _git(git_dir, "mktree", data=f"040000 tree {inner}\tdeep\n100644 blob {blob}\tc.yaml\n".encode())
    folder = _git(git_dir, "mktree", data=(f"100644 blob {blob}\tmanual.yaml\n040000 tree {deeper}\tpositions\n"
                                           f"100755 blob {other}\trun.sh\n").encode())
    root = _git(git_dir, "mktree", data=f"040000 tree {folder}\t900-0935\n".encode())
    commit = _git(git_dir, "commit-tree", root, "-m", "x")
    runner = Git(git_dir)
    with CatFile(runner) as cat:
        listed = cat.listings([commit, commit], "900-0935") + cat.listings([commit], "otro")
    expected = snapshots.list_files(runner, commit, "900-0935")
    assert listed == [expected, expected, {}]
    assert expected == {"manual.yaml": blob, "positions/c.yaml": blob, "positions/deep/b.yaml": other,
                        "run.sh": other}


def test_many_objects_in_one_round_and_the_missing(store: Store, seed_manual: Manual) -> None:
    recorded = store.record(seed_manual, author=AUTHOR)
    blobs = sorted(set(snapshots.list_files(store.git, recorded.commit, recorded.code).values()))
    names = [*(blobs * 200)[:700], "0" * 40, f"{recorded.commit}:nada"]
    with CatFile(store.git) as cat:
        answers = cat.objects(names)
    assert [a[1] for a in answers[:700] if a] == ["blob"] * 700
    assert answers[700:] == [None, None]
    assert answers[0] is not None and answers[0][2] == snapshots.read_blobs(store.git, [blobs[0]])[blobs[0]]
    assert not [line for line in git_children() if "cat-file" in line]
