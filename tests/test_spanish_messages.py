"""The store's, the workflow's and the sharing commands' messages read in Spanish: errors, their
hints, doctor's findings and the commands' help, with fields named by the manual's own labels."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docversion import i18n
from docversion.cli import cli
from docversion.errors import InvalidInputError
from docversion.store import Store
from docversion.store.merge import Clash
from docversion.store.refs import parse_target, validate_code
from docversion.workflow.door import checked
from docversion.workflow.settle import in_force_problem
from tests.conftest import SEED_PATH


@pytest.fixture
def spanish() -> Iterator[None]:
    """Messages in Spanish for the test (and for ``--lang es``), English again after it."""
    i18n.use("es")
    yield
    i18n.use("en")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--lang", "es", *args])


class TestLibraryMessages:
    """Errors and warnings the store and the workflow make, in Spanish."""

    def test_a_bad_manual_code_is_refused_in_spanish(self, spanish: None) -> None:
        with pytest.raises(InvalidInputError) as caught:
            validate_code("../x")
        assert caught.value.message == "'../x' no es un código de manual válido"
        assert caught.value.hint == "use letras y dígitos en grupos unidos por '-', '.' o '_', como 900-0935"
        assert caught.value.field == "code"  # scripts read the field: it stays as it is

    def test_a_target_ending_with_at_is_refused_in_spanish(self, spanish: None) -> None:
        with pytest.raises(InvalidInputError, match="termina en '@'") as caught:
            parse_target("900-0935@")
        assert caught.value.hint == "escriba CODE@REV, como 900-0935@v5"

    def test_a_control_character_names_the_option_in_spanish(self, spanish: None) -> None:
        with pytest.raises(InvalidInputError) as caught:
            checked("Ana\u202eLópez", "name", "--as")
        assert caught.value.message.startswith("--as contiene el carácter U+202E en la posición 3")
        assert caught.value.hint == "escriba el texto en una sola línea, sin caracteres de control"

    def test_a_name_too_long_gets_a_whole_spanish_hint(self, spanish: None) -> None:
        with pytest.raises(InvalidInputError) as caught:
            checked("x" * 200, "label", "--label")
        assert caught.value.message == "--label tiene 200 caracteres; el registro guarda como máximo 60"
        assert caught.value.hint == "acorte la etiqueta"

    def test_in_force_dates_are_judged_in_spanish(self, spanish: None) -> None:
        error, _warning = in_force_problem(date(2020, 1, 1), date(2021, 1, 1), date(2024, 1, 1))
        assert error == ("la fecha de vigencia 2020-01-01 no es posterior a la de la versión vigente anterior "
                         "(2021-01-01)")
        _error, warning = in_force_problem(date(2023, 1, 1), None, date(2024, 1, 1))
        assert warning == "la fecha de vigencia 2023-01-01 es anterior a hoy: la versión se aplica con efecto retroactivo"

    def test_a_clash_names_the_field_by_its_label(self, spanish: None) -> None:
        clash = Clash("gerente-general", "periodic_functions.weekly", ["a"], ["b"])
        assert clash.describe("900-0935") == "900-0935: puesto gerente-general: Semanal cambió de dos maneras distintas"
        cover = Clash(None, "cover.in_force", "2020-01-01", "2021-01-01")
        assert cover.describe("900-0935") == ("900-0935: portada y tabla de modificaciones: Fecha de vigencia cambió "
                                              "de dos maneras distintas")

    def test_english_stays_the_default(self) -> None:
        clash = Clash(None, "cover.in_force", "2020-01-01", "2021-01-01")
        assert clash.describe("900-0935") == "900-0935: cover and revision table: cover.in_force changed two ways"


class TestCommandHelp:
    """The commands' help (their docstrings), their options' help and the epilog, in Spanish."""

    def test_trust_help(self, spanish: None) -> None:
        result = run("trust", "--help")
        assert result.exit_code == 0, result.output
        assert "La raíz de confianza: administradores cuyas firmas" in result.output
        assert "Códigos de salida: 0 correcto, 1 error, 2 uso incorrecto," in result.output
        assert "Inicia la bitácora de confianza con su primer administrador" in result.output  # a short help

    def test_keys_add_options(self, spanish: None) -> None:
        result = run("keys", "add", "--help")
        assert result.exit_code == 0, result.output
        assert "Acepta KEY_FILE (una clave pública o privada, PEM u OpenSSH)" in result.output
        assert "De quién es la clave (el nombre con el que firma)." in result.output
        assert "Firmar como administrador con esta clave privada Ed25519" in result.output

    def test_doctor_help_keeps_its_paragraphs(self, spanish: None) -> None:
        result = run("doctor", "--help")
        assert "Revisa el almacén: bloqueos abandonados" in result.output
        assert "Termina con el código 1 si queda algún daño." in result.output

    def test_help_is_english_without_lang(self) -> None:
        result = CliRunner().invoke(cli, ["trust", "--help"], env={"DOCVERSION_LANG": "", "LC_ALL": "",
                                                                   "LC_MESSAGES": "", "LANG": ""})
        assert "The trust root: administrators whose signatures" in result.output
        assert "Exit codes: 0 ok" in result.output


class TestCommandErrors:
    """What pull, push, doctor, keys and validate say, in Spanish; the ``error:`` prefix as it is."""

    def test_pull_refuses_a_transport_helper(self, spanish: None, store: Store) -> None:
        result = run("--store", str(store.git_dir), "pull", "ext::sh -c touch% /tmp/x")
        assert result.exit_code == 5
        assert result.stderr.startswith("error: 'ext::sh -c touch% /tmp/x' no es un remoto que docversion vaya a "
                                        "usar")
        assert "los auxiliares de transporte como ext:: se rechazan" in result.stderr

    def test_push_to_a_remote_that_is_not_there(self, spanish: None, store: Store, tmp_path: Path,
                                                seed_manual: object) -> None:
        from tests.conftest import AUTHOR

        store.record(seed_manual, author=AUTHOR, is_historical=True)  # type: ignore[arg-type]
        missing = tmp_path / "nowhere.git"
        result = run("--store", str(store.git_dir), "push", str(missing))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: falló el envío (push) a {missing}, no se envió nada: ")

    def test_doctor_on_a_healthy_store(self, spanish: None, store: Store) -> None:
        result = run("--store", str(store.git_dir), "doctor")
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("tamaño: ")
        assert "objetos sueltos: 0" in result.stderr
        assert result.stderr.rstrip().endswith("el almacén está en buen estado")

    def test_doctor_finds_a_stale_lock(self, spanish: None, store: Store) -> None:
        lock = store.git_dir / "refs" / "heads" / "x.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        lock.write_text("0" * 40)
        old = time.time() - 600
        os.utime(lock, (old, old))
        result = run("--store", str(store.git_dir), "doctor")
        assert result.exit_code == 1
        assert "daño: stale_lock: refs/heads/x.lock: bloqueo abandonado, de hace 600 s" in result.stderr
        assert "ejecute 'docversion doctor --repair' para eliminar los bloqueos abandonados" in result.stderr

    def test_keys_generate_will_not_overwrite(self, spanish: None, tmp_path: Path) -> None:
        key = tmp_path / "key.pem"
        key.write_text("")
        result = run("keys", "generate", "-o", str(key))
        assert result.exit_code == 2
        assert f"{key} ya existe; no se sobrescribe una clave" in result.stderr

    def test_keys_list_without_a_trust_root(self, spanish: None, store: Store) -> None:
        result = run("--store", str(store.git_dir), "keys", "list")
        assert result.exit_code == 0, result.output
        assert "las identidades se registran, no se prueban: el almacén no tiene raíz de confianza" in result.stderr

    def test_keys_add_needs_an_administrator(self, spanish: None, store: Store, tmp_path: Path) -> None:
        key = tmp_path / "ana.pem"
        assert run("keys", "generate", "-o", str(key)).exit_code == 0
        result = run("--store", str(store.git_dir), "keys", "add", str(key), "--person", "Ana", "--role", "Analista")
        assert result.exit_code == 2
        assert "este es un evento de un administrador: fírmelo con --admin-key" in result.stderr

    def test_validate_counts_in_spanish(self, spanish: None) -> None:
        result = run("validate", str(SEED_PATH))
        assert result.exit_code == 0, result.output
        assert f"ok: {SEED_PATH}: manual 900 0935 versión 05, puestos: " in result.stdout
        assert "lectura: párrafos ubicados: " in result.stdout


def test_the_catalogue_extracts_every_command_help() -> None:
    """Each command's and group's help, as SpokenCommand looks it up, is a message of the catalogue."""
    import click

    from docversion.cli.language import _help_of
    from tests.catalogue import extracted

    def helps(command: click.Command) -> set[str]:
        found = {_help_of(command)} - {""}
        for sub in getattr(command, "commands", {}).values():
            found |= helps(sub)
        return found

    known = {message.id for message in extracted()}
    assert helps(cli) - known == set()
    assert "Keep job-description manuals under formal change control." in known
