"""The views and the commands over a store in Spanish: list, log, show, diff and status read in
the office's words, the change-control commands confirm and refuse in Spanish, help is
translated, the global options work after the command, and the record (the document's Spanish,
the store's commit messages, JSON values, ISO dates) is the same in both languages."""

from __future__ import annotations

import ast
import inspect
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from click.testing import CliRunner, Result

from docversion import i18n
from docversion.cli import cli
from docversion.files import read_document
from docversion.render.diff_view import _COUNTED, KIND_LABELS, counted
from docversion.store import Store
from docversion.store.control import ChangeControl
from tests.catalogue import PACKAGE
from tests.conftest import AUTHOR, HISTORY

CODE = "900-0935"
PREPARER = "Clara Arce"
REVIEWER = "Rosa Méndez"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IN_FORCE = date(2026, 4, 1)
V2, V3, V4, V5 = (HISTORY / f"v{n}.txt" for n in (2, 3, 4, 5))
# The environment that names no language, so that each test chooses its own.
NO_LANGUAGE = {"DOCVERSION_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
FILES = [*sorted(PACKAGE.joinpath("render").glob("*.py")), *(PACKAGE / name for name in (
    "cli/store.py", "cli/workflow.py", "cli/records_json.py", "cli/params.py", "cli/language.py",
    "store/store.py", "store/history.py", "store/reading.py", "store/requests.py", "store/chronicle.py",
    "workflow/state.py", "workflow/provenance.py", "records.py", "__init__.py", "i18n.py"))]


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """English again after every test (a test may choose Spanish)."""
    yield
    i18n.use("en")


def run(*args: str, lang: str | None = "es", env: dict[str, str | None] | None = None) -> Result:
    """``docversion [--lang LANG] ARGS`` in this process, in an environment naming no language
    unless ``env`` names one."""
    result = CliRunner(env={**NO_LANGUAGE, **(env or {})}).invoke(cli, [*(["--lang", lang] if lang else []), *args],
                                                               prog_name="docversion")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def at(store: Store, *args: str, lang: str | None = "es", env: dict[str, str | None] | None = None) -> Result:
    """``run`` on ``store``."""
    return run("--store", str(store.git_dir), *args, lang=lang, env=env)


def flat(text: str) -> str:
    """``text`` with its wrapped lines joined, to find a phrase wherever the view broke it."""
    return re.sub(r"\s+", " ", text)


def historical(store: Store) -> None:
    """Versions 1 to 3 of the illustrative history, signed on paper, and version 4 as a draft."""
    for path in (HISTORY / "v1.txt", V2, V3):
        store.record(read_document(path).manual, author=AUTHOR, is_historical=True, source=str(path))
    store.record(read_document(V4).manual, author=AUTHOR, source=str(V4))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store with versions 1 to 3 and an open change request for version 4, submitted and
    approved by one reviewer (read only by its tests: a refused command writes nothing)."""
    store = Store.init(tmp_path_factory.mktemp("office") / "store.git", is_bare=True)
    historical(store)
    control = ChangeControl(store)
    control.propose(CODE, preparer=PREPARER, label="Elaborado por", sentences=(), now=T0, author=AUTHOR,
                    in_force=IN_FORCE, today=T0.date())
    control.sign(CODE, name=PREPARER, role=None, meaning="prepared", decision="approved", comment="",
                 now=T0.replace(minute=1), author=AUTHOR)
    control.sign(CODE, name=REVIEWER, role="Gerente de Planificación", meaning="reviewed", decision="approved",
                 comment="", now=T0.replace(minute=2), author=AUTHOR)
    return store


@pytest.fixture
def draft_store(tmp_path: Path) -> Store:
    """Versions 1 to 3 and the draft of version 4, no request yet (the test writes)."""
    store = Store.init(tmp_path / "store.git", is_bare=True)
    historical(store)
    return store


class TestViews:
    """list, log, show, diff and status in Spanish."""

    def test_list_names_its_columns_in_spanish(self, office: Store) -> None:
        result = at(office, "list")
        assert result.exit_code == 0, result.stderr
        for words in ("Manuales", "Código", "Área", "Última", "Vigente", "Borrador", "abierto",
                      "v3 desde 2013-10-01"):
            assert words in result.stdout, words

    def test_an_empty_store_says_how_to_fill_it(self, tmp_path: Path) -> None:
        store = Store.init(tmp_path / "empty.git", is_bare=True)
        assert "El almacén aún no tiene ningún manual: 'docversion import FILE' registra uno." in flat(
            at(store, "list").stdout)

    def test_log_tells_the_history_and_the_open_request(self, office: Store) -> None:
        out = flat(at(office, "log", CODE).stdout)
        assert out.startswith("Historial de 900-0935, lo más reciente primero")
        assert "Solicitud de cambio 1 abierta · en revisión · versión 4, en vigor desde el 2026-04-01" in out
        assert "Elaborado por Clara Arce (Elaborado por)" in out
        assert "Cambios (tomados de la comparación: quien elabora no escribió frases):" in out
        assert "Control de cambios, lo más reciente primero:" in out
        assert "revisada por Rosa Méndez como Gerente de Planificación" in out
        assert "enviada a revisión por Clara Arce (Elaborado por)" in out
        assert "propuesta por Clara Arce (Elaborado por)" in out
        assert "v3 · en vigor desde el 2013-10-01 · importada · commit" in out
        assert "Revisado firmado en papel; el registro no nombra ningún revisor" in out
        assert "Autorizado Presidente y Director Ejecutivo (firmado en papel)" in out

    def test_log_keeps_the_record_as_it_was_written(self, office: Store) -> None:
        """A draft's line is its commit message, which the store holds in English."""
        out = flat(at(office, "log", CODE).stdout)
        assert "borrador · registrado el" in out and "draft recorded from v4.txt" in out
        document = json.loads(at(office, "log", CODE, "--json").stdout)
        assert [e["action"] for e in document["request"]["events"]] == ["reviewed", "submitted", "proposed"]
        assert document["request"]["state"] == "in_review"

    def test_show_keeps_the_documents_own_spanish(self, office: Store) -> None:
        result = at(office, "show", f"{CODE}@v2")
        assert result.exit_code == 0, result.stderr
        assert "MODIFICACIONES REALIZADAS" in result.stdout and "Fecha de vigencia" in result.stdout
        assert "01 de septiembre de 2011" in result.stdout

    def test_show_names_the_versions_there_are(self, office: Store) -> None:
        result = at(office, "show", f"{CODE}@v9")
        assert result.exit_code == 1
        assert "error: el manual 900-0935 no tiene la versión 9 (publicadas: v1, v2, v3)" in result.stderr

    def test_diff_counts_and_heads_in_spanish(self) -> None:
        result = run("diff", str(V2), str(V3), "--no-color")
        assert result.exit_code == 0, result.stderr
        out = flat(result.stdout)
        assert ("2 términos renombrados en todo el manual, 3 cambios en la portada y la tabla, 1 campo cambiado, "
                "1 elemento agregado, 1 puesto agregado") in out
        assert "Renombrado en todo el manual" in out and "(2 lugares)" in out
        assert "Portada y tabla de modificaciones" in out
        assert "Modificaciones realizadas: 2 -> 3 filas" in out
        assert "+ puesto creado" in out

    def test_diff_shows_the_documents_words_and_iso_dates_as_they_are(self) -> None:
        out = flat(run("diff", str(V2), str(V3), "--no-color").stdout)
        assert "Gerencia [-Comercial-] {+de Servicio al Cliente+}" in out
        assert "Fecha de vigencia: 2011-09-01 -> 2013-10-01" in out
        assert "I. Puestos bajo su cargo (número): 1 -> 2" in out
        assert "Descripción de la modificación" in out
        assert "Creación del puesto Auxiliar de Servicios en Línea." in out

    def test_diff_says_what_it_hides_and_how_to_see_it(self) -> None:
        out = flat(run("diff", str(V4), str(V5), "--no-color").stdout)
        assert "(4 cambios de forma o de marcas de revisión ocultos; --all los muestra)" in out
        assert "1 elemento movido" in out and "13 elementos editados" in out
        shown = flat(run("diff", str(V4), str(V5), "--no-color", "--all").stdout)
        assert "Renombrado: [-Auxiliar-] {+Asistente de Soporte+}" in shown
        assert "III. Trimestral -> Mensual:" in shown  # the document's labels, as they are

    def test_side_by_side_refuses_an_unknown_position_in_spanish(self, office: Store) -> None:
        result = at(office, "diff", CODE, "1", "2", "--side-by-side", "nadie")
        assert result.exit_code == 2
        assert "Uso: docversion diff" in result.stderr
        assert "no hay un puesto 'nadie' en ambas versiones" in result.stderr

    def test_status_tells_what_is_signed_and_what_is_not(self, office: Store) -> None:
        out = flat(at(office, "status").stdout)
        assert out.startswith("900-0935: solicitud de cambio 1 · en revisión · versión 4, en vigor desde el "
                              "2026-04-01")
        assert "Firmas (válida: corresponde al borrador tal como está, huella" in out
        assert "válida 2026-03-02 09:01 enviada a revisión por Clara Arce (Elaborado por)" in out
        assert "Pendientes de firma: Gerente Servicio al Cliente: revisar" in out
        assert "Presidente y Director Ejecutivo: autorizar" in out
        assert "Las identidades se registran, no se prueban: el almacén no tiene raíz de confianza." in out

    def test_status_without_requests(self, draft_store: Store) -> None:
        assert at(draft_store, "status").stdout.strip() == "No hay solicitudes de cambio abiertas."

    def test_the_locale_chooses_spanish(self, office: Store) -> None:
        """LANG=es_ES.UTF-8, no --lang: the view is in Spanish; --lang en still wins over it."""
        spoken = at(office, "status", lang=None, env={"LANG": "es_ES.UTF-8"})
        assert "solicitud de cambio 1 · en revisión" in spoken.stdout
        english = at(office, "status", lang="en", env={"LANG": "es_ES.UTF-8"})
        assert "change request 1 · in review" in english.stdout


class TestCounting:
    """The header's counts agree with their number in either language."""

    def test_one_and_several(self) -> None:
        i18n.use("es")
        assert counted(1, "item_moved") == "1 elemento movido"
        assert counted(3, "item_moved") == "3 elementos movidos"
        assert counted(2, "item_merged") == "2 fusiones"

    def test_the_english_counts_are_the_kind_labels(self) -> None:
        assert set(_COUNTED) == set(KIND_LABELS)
        for kind, (one, several) in KIND_LABELS.items():
            assert (counted(1, kind), counted(2, kind)) == (f"1 {one}", f"2 {several}")


class TestChangeControl:
    """The change-control commands confirm and refuse in Spanish."""

    def test_the_path_of_a_request(self, draft_store: Store) -> None:
        steps = [
            (("propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04"),
             "900-0935: solicitud de cambio 1 abierta: versión 4 en vigor desde el 2027-01-04"),
            (("submit", CODE, "--as", PREPARER), "900-0935: enviada a revisión por Clara Arce como Elaborado por"),
            (("review", CODE, "--role", "Gerente de Planificación", "--reject", "--comment", "Falta el objetivo.",
              "--as", REVIEWER), "900-0935: rechazada en revisión por Rosa Méndez como Gerente de Planificación"),
            (("sentences", CODE, "Actualización del objetivo."), "900-0935: 1 frase establecida"),
            (("withdraw", CODE, "--as", PREPARER, "--reason", "Se reemplaza."),
             "900-0935: solicitud de cambio retirada"),
        ]
        for args, said in steps:
            result = at(draft_store, *args)
            assert result.exit_code == 0, (args, result.stderr)
            assert said in result.stderr, (args, result.stderr)

    def test_a_rejection_is_shown_with_its_reason(self, draft_store: Store) -> None:
        at(draft_store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04", "--sentence", "Uno.")
        at(draft_store, "submit", CODE, "--as", PREPARER)
        at(draft_store, "review", CODE, "--role", "Gerente de Planificación", "--reject", "--comment", "Falta.",
           "--as", REVIEWER)
        out = flat(at(draft_store, "status").stdout)
        assert "900-0935: solicitud de cambio 1 · borrador" in out
        assert "Devuelta a borrador: Falta." in out and "Cambios: Uno." in out
        assert "anulada: un rechazo cerró su ronda" in out
        assert re.search(r"anulada \d{4}-\d\d-\d\d", out)  # the state's word, padded to the longest
        assert "rechazada por Rosa Méndez como Gerente de Planificación: Falta." in out
        assert "Elaborado por (Clara Arce): enviar el borrador a revisión" in out

    def test_import_says_what_it_recorded(self, tmp_path: Path) -> None:
        store = Store.init(tmp_path / "store.git", is_bare=True)
        first = at(store, "import", str(V2), "--historical")
        assert re.search(r"900-0935: versión 2 registrada \([0-9a-f]{12}\) desde .*v2\.txt", first.stderr)
        again = at(store, "import", str(V2), "--historical")
        assert "900-0935: versión 2 ya registrada, sin cambios" in again.stderr
        draft = at(store, "import", str(V3))
        assert "900-0935: borrador registrado" in draft.stderr

    def test_publish_refuses_a_request_in_review(self, office: Store) -> None:
        result = at(office, "publish", CODE, "--as", "Pedro Presidente")
        assert result.exit_code == 5
        assert ("la solicitud de cambio 1 está en revisión, no autorizada: solo se publica una solicitud "
                "autorizada") in result.stderr

    def test_authorize_before_every_review(self, office: Store) -> None:
        result = at(office, "authorize", CODE, "--as", "Pedro Presidente")
        assert result.exit_code == 5
        assert "todas las revisiones van antes de la autorización; falta revisar: Gerente Servicio al Cliente" in (
            result.stderr)

    def test_review_in_a_role_the_manual_has_not(self, office: Store) -> None:
        result = at(office, "review", CODE, "--role", "Gerente Financiero", "--approve", "--as", "Otra Persona")
        assert result.exit_code == 5
        assert "'Gerente Financiero' no es un cargo revisor de este manual" in result.stderr

    def test_the_preparer_may_not_review(self, office: Store) -> None:
        result = at(office, "review", CODE, "--role", "Gerente Servicio al Cliente", "--approve", "--as", PREPARER)
        assert "Clara Arce elaboró la solicitud de cambio 1 y no puede revisarla" in result.stderr

    def test_a_rejection_needs_its_reason(self, office: Store) -> None:
        """A usage error: click's own words (Uso, Ejecute) are in Spanish too."""
        result = at(office, "review", CODE, "--role", "Gerente Servicio al Cliente", "--reject", "--as", "X")
        assert result.exit_code == 2
        assert "Uso: docversion review [OPTIONS] CODE" in result.stderr
        assert "Ejecute 'docversion review --help' para ver la ayuda." in result.stderr
        assert "un rechazo necesita --comment con el motivo" in result.stderr

    def test_propose_while_a_request_is_open(self, office: Store) -> None:
        result = at(office, "propose", CODE, "--as", PREPARER)
        assert "la solicitud de cambio 1 sigue abierta: envíela a revisión, publíquela o retírela" in result.stderr

    def test_only_the_preparer_submits(self, office: Store) -> None:
        result = at(office, "submit", CODE, "--as", "Otra Persona")
        assert "solo quien elabora, Clara Arce, envía a revisión la solicitud de cambio 1" in result.stderr

    def test_a_revision_and_a_day_at_once(self, office: Store) -> None:
        result = at(office, "show", f"{CODE}@v2", "--as-of", "2012-01-01")
        assert result.exit_code == 2 and "indique CODE@REV o --as-of, no ambos" in result.stderr

    def test_the_store_stays_english(self, office: Store) -> None:
        """What the store holds was written in English and is read back so, in either language."""
        summaries = [e["summary"] for e in json.loads(at(office, "log", CODE, "--json").stdout)["entries"]]
        assert summaries == [e["summary"] for e in json.loads(at(office, "log", CODE, "--json", lang="en").stdout)[
            "entries"]]
        assert any(s.startswith("900-0935: draft") for s in summaries)


class TestGlobalOptionsAfterTheCommand:
    """--no-color, --store and --lang may follow the command."""

    def test_no_color_after_diff(self) -> None:
        result = CliRunner(env=NO_LANGUAGE).invoke(cli, ["diff", str(V2), str(V3), "--no-color", "--lang", "es"])
        assert result.exit_code == 0, result.stderr
        assert "{+de Servicio al Cliente+}" in result.stdout and "\x1b[" not in result.stdout
        assert "2 términos renombrados" in result.stdout

    def test_store_after_log(self, office: Store) -> None:
        result = CliRunner(env={**NO_LANGUAGE, "LANG": "es_ES.UTF-8"}).invoke(
            cli, ["log", CODE, "--store", str(office.git_dir)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("Historial de 900-0935, lo más reciente primero")


class TestHelp:
    """A command's help and its options' help are shown in Spanish."""

    def test_propose(self) -> None:
        out = flat(run("propose", "--help").stdout)
        assert "Abre una solicitud de cambio para el borrador de CODE" in out
        assert "Quién actúa (el nombre de la persona). Por defecto: user.name de git." in out
        assert "Cómo nombra la tabla de modificaciones a quien elabora" in out

    def test_diff_and_log(self) -> None:
        assert "Lo que cambió: ``diff CODE REV_A REV_B`` en el almacén" in flat(run("diff", "--help").stdout)
        assert "Mostrar también los cambios de forma" in flat(run("diff", "--help").stdout)
        assert "Muestra el historial del manual CODE, lo más reciente primero" in flat(run("log", "--help").stdout)

    def test_english_again_after_a_spanish_command(self) -> None:
        run("status", "--help")
        assert i18n.current() == "en"
        assert "Open change requests: state" in flat(run("status", "--help", lang="en").stdout)


def _messages() -> set[str | tuple[str, ...]]:
    """Every message these files make (``_``, ``N_``, ``ngettext``) and the help of their commands."""
    found: set[str | tuple[str, ...]] = set()
    for path in FILES:
        keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
        found.update(message for _line, message, _comments, _context in extract_from_file("python", path,
                                                                                           keywords=keywords))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ("command", "group")
                    for d in node.decorator_list):
                text = inspect.cleandoc(ast.get_docstring(node, clean=False) or "").partition("\f")[0]
                if text:
                    found.add(text)
    return found
