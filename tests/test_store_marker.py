"""Only a repository that ``init`` made a store is opened as one: a user who forgets --store
inside some other repository gets told, and nothing is written into it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import SEED_PATH
from tests.record_cli import dv, ok


def test_a_plain_repository_is_not_a_store(tmp_path: Path) -> None:
    project = tmp_path / "project"
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    for args in (("list",), ("import", str(SEED_PATH)), ("log", "900-0935")):
        code, _, err = dv(project, *args)
        assert code == 1, (args, err)
        assert "is a git repository but not a docversion store" in err
        assert "docversion init" in err
    refs = subprocess.run(["git", "-C", str(project), "for-each-ref"], capture_output=True, text=True, check=True)
    assert refs.stdout == ""


def test_init_makes_an_existing_repository_a_store(tmp_path: Path) -> None:
    project = tmp_path / "copy.git"
    subprocess.run(["git", "init", "-q", "--bare", str(project)], check=True)
    ok(None, "init", "--bare", str(project))
    ok(project, "import", str(SEED_PATH))
    assert "900-0935" in dv(project, "list")[1]


def test_a_store_of_a_later_format_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store.git"
    ok(None, "init", "--bare", str(store))
    subprocess.run(["git", "--git-dir", str(store), "config", "docversion.format", "2"], check=True)
    code, _, err = dv(store, "list")
    assert code == 1 and "format 2" in err and "upgrade docversion" in err
