"""The command line reads what people type the way they mean it (issue 16's "Why", each case
through the command line): codes as printed, global options after the command, dates as the
institution writes them, roles and names without regard to case, accents or a "de"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docversion.files import write_manual_dir
from tests.conftest import SEED_PATH, with_objective
from tests.record_cli import CODE, PEOPLE, PREPARER, SEED, dv, ok


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The seed as version 5 and a draft proposed for change control."""
    path = tmp_path / "store.git"
    ok(None, "init", "--bare", str(path))
    ok(path, "import", "--historical", str(SEED_PATH))
    write_manual_dir(with_objective(SEED, 0, "Objetivo revisado del puesto."), tmp_path / "draft")
    ok(path, "import", str(tmp_path / "draft"))
    return path


@pytest.mark.parametrize("typed", ["900 0935", "9000935", "900-0935"])
def test_a_code_as_printed_on_the_document(store: Path, typed: str) -> None:
    code, out, err = dv(store, "log", typed, "--json")
    assert code == 0, err
    assert json.loads(out)["code"] == CODE


def test_a_near_miss_says_what_was_meant(store: Path) -> None:
    code, _, err = dv(store, "log", "900-0953")
    assert code == 1 and "did you mean 900-0935?" in err


def test_the_global_options_after_the_command(store: Path) -> None:
    code, out, err = dv(None, "log", CODE, "--store", str(store), "--no-color")
    assert code == 0, err
    assert "History of 900-0935" in out and "\x1b[" not in out
    code, out, _ = dv(None, "diff", CODE, "4", "5", f"--store={store}", "--no-color")
    assert code == 1  # version 4 is not in this store: the store was found and asked
    assert dv(None, "show", CODE, "--store", str(store), "--lang", "es")[0] == 0


@pytest.mark.parametrize("day", ["2027-01-02", "02/01/2027", "02 de enero de 2027"])
def test_every_date_option_takes_the_institutions_forms(store: Path, day: str) -> None:
    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", day)
    _, out, _ = dv(store, "status", CODE, "--json")
    assert json.loads(out)["requests"][0]["in_force"] == "2027-01-02"


def test_a_day_that_is_none_is_refused_naming_the_forms(store: Path) -> None:
    code, _, err = dv(store, "propose", CODE, "--as", PREPARER, "--in-force", "31/02/2027")
    assert code == 2 and "not a real date" in err and "02/01/2027" in err


def test_roles_and_names_as_people_type_them_are_recorded_as_the_cover_spells_them(store: Path) -> None:
    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-02")
    ok(store, "submit", CODE, "--as", "clara arce")
    ok(store, "review", CODE, "--role", "Gerente de Servicio al Cliente", "--approve", "--as", PEOPLE[1][0])
    ok(store, "review", CODE, "--role", "gerente de planificacion", "--approve", "--as", PEOPLE[2][0])
    _, out, _ = dv(store, "status", CODE, "--json")
    signed = {(s["name"], s["role"]) for s in json.loads(out)["requests"][0]["signoffs"]}
    assert signed == {(PREPARER, "Elaborado por"), (PEOPLE[1][0], "Gerente Servicio al Cliente"),
                      (PEOPLE[2][0], "Gerente de Planificación")}


def test_a_role_of_no_one_is_still_refused(store: Path) -> None:
    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-02")
    ok(store, "submit", CODE, "--as", PREPARER)
    code, _, err = dv(store, "review", CODE, "--role", "Gerente General", "--approve", "--as", "Ana")
    assert code == 5, err


@pytest.mark.parametrize(("env", "args"), [({"LANG": "es_SV.UTF-8"}, ["--help"]), ({}, ["--help", "--lang", "es"]),
                                           ({"DOCVERSION_LANG": "es"}, ["log", "--help"])])
def test_help_in_spanish_however_the_language_is_chosen(env: dict[str, str], args: list[str]) -> None:
    from click.testing import CliRunner

    from docversion.cli import cli

    result = CliRunner().invoke(cli, args, env={"LC_ALL": "", "LC_MESSAGES": "", **env}, prog_name="docversion")
    assert result.exit_code == 0
    assert result.stdout.startswith("Uso: docversion") and "Opciones:" in result.stdout
    assert "Muestra este mensaje y termina." in result.stdout
    english = CliRunner().invoke(cli, ["--help"], env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"},
                                 prog_name="docversion")
    assert english.stdout.startswith("Usage: docversion")
