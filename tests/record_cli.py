"""What the record's command-line tests share: the seed's people and roles, and docversion and
git driven as a user would (in this process, through click's runner)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from docversion.cli import cli
from docversion.formats.text.reader import read_seed_text
from tests.conftest import SEED_PATH

CODE = "900-0935"
SEED = read_seed_text(SEED_PATH.read_bytes(), str(SEED_PATH)).manual
REVIEWERS = tuple(SEED.cover.reviewed_by)
AUTHORIZER = SEED.cover.authorized_by
PREPARER, LABEL = "Clara Arce", "Elaborado por"
PEOPLE = [(PREPARER, LABEL), ("Rosa Méndez", REVIEWERS[0]), ("Pablo Quintanilla", REVIEWERS[1]),
          ("Diana Portillo", REVIEWERS[2]), ("Pedro Presidente", AUTHORIZER)]


def dv(store: Path | None, *args: str) -> tuple[int, str, str]:
    """``docversion [--store STORE] ARGS``: exit code, stdout, stderr (a traceback fails the test)."""
    result = CliRunner().invoke(cli, [*(["--store", str(store)] if store else []), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def ok(store: Path | None, *args: str) -> str:
    """Runs ``dv`` and asserts it succeeded; returns stderr (the warnings)."""
    code, _, err = dv(store, *args)
    assert code == 0, (args, err)
    return err


def git(store: Path, *args: str, data: bytes | None = None) -> str:
    """``git --git-dir STORE ARGS``: its stdout, stripped; a failure fails the test."""
    done = subprocess.run(["git", "--git-dir", str(store), *args], input=data, capture_output=True, check=True)
    return done.stdout.decode().strip()


def refs(store: Path) -> list[str]:
    """Every ref of the store but the copies of a remote's refs that a pull fetches (not ours)."""
    return [line for line in git(store, "for-each-ref").splitlines() if "\trefs/docversion/remotes/" not in line]
