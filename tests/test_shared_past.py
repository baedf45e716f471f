"""Two offices that imported one paper past share it: the same documents make the same commits,
tags and log in every store, whoever imports them and whenever (issue 14, item 5)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from docversion.cli import cli
from tests.conftest import HISTORY

PAST = [str(HISTORY / f"v{n}.txt") for n in range(1, 6)]


def dv(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def refs(store: Path) -> dict[str, str]:
    out = subprocess.run(["git", "--git-dir", str(store), "for-each-ref", "--format=%(refname) %(objectname)",
                          "refs/heads/", "refs/tags/", "refs/docversion/workflow/"],
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split(" ", 1) for line in out.splitlines())


def test_the_same_past_imported_twice_is_one_past(tmp_path: Path) -> None:
    stores = {name: tmp_path / f"{name}.git" for name in ("a", "b", "remote")}
    for path in stores.values():
        assert dv("init", "--bare", str(path))[0] == 0
    # Two people, at two moments, with two git identities.
    for name, who in (("a", "Ana Analista <ana@example.org>"), ("b", "Beto Analista <beto@example.org>")):
        code, _, err = dv("--store", str(stores[name]), "import", "--historical", "--author", who, *PAST)
        assert code == 0, err
    assert refs(stores["a"]) == refs(stores["b"])
    assert dv("--store", str(stores["a"]), "push", str(stores["remote"]))[0] == 0
    code, _, err = dv("--store", str(stores["b"]), "pull", str(stores["remote"]))
    assert code == 0, err
    assert "clash" not in err
    assert refs(stores["b"]) == refs(stores["a"]) == refs(stores["remote"])
    for name in ("a", "b"):
        assert dv("--store", str(stores[name]), "verify")[0] == 0


def test_a_different_past_still_clashes(tmp_path: Path) -> None:
    """Determinism is no blanket: a v5 with other content is another version, and pull says so."""
    a, b, remote = (tmp_path / f"{name}.git" for name in ("a", "b", "remote"))
    for path in (a, b, remote):
        dv("init", "--bare", str(path))
    dv("--store", str(a), "import", "--historical", *PAST)
    other = tmp_path / "v5.txt"
    other.write_text(Path(PAST[-1]).read_text(encoding="utf-8").replace(
        "Actualización de las funciones de los puestos de trabajo.",
        "Actualización de las funciones de los puestos.", 1), encoding="utf-8")
    dv("--store", str(b), "import", "--historical", *PAST[:-1], str(other))
    dv("--store", str(a), "push", str(remote))
    code, _, err = dv("--store", str(b), "pull", str(remote))
    assert code in (3, 4), err
    assert refs(b)["refs/tags/900-0935/v4"] == refs(a)["refs/tags/900-0935/v4"]
