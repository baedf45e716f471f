"""What a tool builder embedding docversion can do without the command line."""

from __future__ import annotations

import os
from datetime import date

import pytest

from docversion.errors import InvalidInputError
from docversion.store import Store
from docversion.store.refs import Revision
from tests.conftest import AUTHOR, HISTORY


@pytest.fixture(scope="module")
def history_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from docversion.formats.text.reader import read_seed_text

    store = Store.init(tmp_path_factory.mktemp("embedding") / "store.git", is_bare=True)
    for version in range(1, 6):
        path = HISTORY / f"v{version}.txt"
        store.record(read_seed_text(path.read_bytes(), str(path)).manual, author=AUTHOR, has_ids=False,
                     is_historical=True, source=str(path))
    return store


@pytest.mark.parametrize("revision", ["4", "v4", "04", 4, Revision("version", version=4)])
def test_a_revision_as_typed_or_as_a_value(history_store: Store, revision: object) -> None:
    assert history_store.load("900-0935", revision).cover.version == 4  # type: ignore[arg-type]


@pytest.mark.parametrize("day", ["2017-06-30", "30/06/2017", "30 de junio de 2017"])
def test_a_day_in_any_of_the_institutions_forms(history_store: Store, day: str) -> None:
    assert history_store.load("900-0935", day).cover.in_force == date(2016, 3, 1)


def test_the_latest_by_default(history_store: Store) -> None:
    assert history_store.load("900-0935").cover.version == 5


def test_a_revision_that_is_none_says_what_would_be(history_store: Store) -> None:
    with pytest.raises(InvalidInputError, match="not a revision") as caught:
        history_store.load("900-0935", "yesterday")
    assert "day first" in (caught.value.hint or "")


def test_each_command_is_where_the_command_line_looks_for_it() -> None:
    import importlib

    from docversion.cli.base import COMMAND_MODULES, cli

    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"docversion.cli.{module}")
    found = {name: command.callback.__module__ for name, command in cli.commands.items() if command.callback}
    assert found == {name: f"docversion.cli.{module}" for name, module in COMMAND_MODULES.items()}


def test_the_version_imports_no_command_git_or_pydantic() -> None:
    import subprocess
    import sys

    code = ("import sys; from docversion.cli import main; sys.argv = ['docversion', '--version']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('docversion.cli.store', 'git', 'pydantic', "
            "'importlib.metadata', 'rich'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]", out


def test_the_schema_of_each_commands_json_is_printed() -> None:
    import json

    from docversion.schemas import SCHEMAS
    from tests.record_cli import dv

    for subject in ("diff", "status", "log", "list", "table", "error"):
        code, out, err = dv(None, "schema", "--for", subject)
        assert code == 0, err
        assert json.loads(out)["$schema"].startswith("https://json-schema.org/")
    assert json.loads(dv(None, "schema", "--for", "diff")[1]) == SCHEMAS["diff"]
    assert "properties" in json.loads(dv(None, "schema")[1])
    code, _, err = dv(None, "schema", "--for", "nothing")
    assert code == 5 and "diff" in err


def test_the_readme_names_only_files_that_exist() -> None:
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\]\(([^)#][^)]*)\)", readme))
    named |= {path for path in re.findall(r"`((?:tests|docversion|manuals|\.ci)/[\w./-]+)`", readme)
              if "*" not in path and "<" not in path}
    missing = sorted(path for path in named if not (REPO / path.split("#")[0]).exists())
    assert not missing, missing
    assert "DESIGN.md" not in readme


def test_log_to_a_pipe_is_plain_lines_without_rich(store: Store) -> None:
    """A script reading ``log`` gets one line per fact, never wrapped, and pays for no rich."""
    import subprocess
    import sys

    from docversion.formats.text.reader import read_seed_text

    for number in (4, 5):
        text = (HISTORY / f"v{number}.txt").read_bytes()
        store.record(read_seed_text(text, f"v{number}").manual, author=AUTHOR, is_historical=True, has_ids=False)
    code = ("import sys; from docversion.cli import main\n"
            f"sys.argv = ['docversion', '--store', {str(store.git_dir)!r}, 'log', '900 0935']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('rich')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "COLUMNS": "40"})
    assert done.stderr.splitlines()[-1] == "[]", done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "History of 900-0935, newest first"
    assert [line.split(" · ")[0] for line in lines if line.startswith("── ")] == ["── v5", "── v4"]
    assert any(len(line) > 40 for line in lines), "a plain line is never wrapped to the terminal's width"
    assert "   Authorized  Presidente y Director Ejecutivo (signed on paper)" in lines
