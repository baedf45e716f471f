"""One position through a manual's versions: ``docversion history`` and ``docversion blame``
(docversion/diff/links.py, docversion/diff/lineage.py, docversion/store/lineage.py, their views).

The store holds the bundled history (v1 to v5, imported as signed on paper), v6 published through
change control (one daily function of the Asistente edited), and an open draft that renames the
Promotor to "Auxiliar de Servicios en Línea", the title the Asistente had until v5. Every expected
version below is read from the texts in manuals/history-900-0935 (and their README), not from
what the code computes.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import itertools
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from rich.cells import cell_len
from rich.console import Console

from docversion.diff import diff
from docversion.diff.lineage import Step, concerning, events, origins, tracks
from docversion.diff.links import FIELDS, ITEM_FIELDS, parts, position_links
from docversion.files import write_manual_dir
from docversion.formats.text.reader import read_seed_text
from docversion.i18n import use
from docversion.model import Manual, resolve_path
from docversion.render.lineage_lines import blame_lines, history_lines
from docversion.render.lineage_views import PositionBlameView, PositionHistoryView
from docversion.store import LATEST, Store
from docversion.store.lineage import position_blame, position_history
from tests.conftest import HISTORY
from tests.json_schemas import ERROR, INVALID_INPUT_ERROR, SCHEMAS
from tests.record_cli import AUTHORIZER, CODE, PEOPLE, PREPARER, dv, ok, refs
from tests.test_diff import edited

ASISTENTE = "auxiliar-de-servicios-en-linea"
JEFE = "jefe-agencia-virtual"
PROMOTOR = "analista-de-agencia-virtual"
TITLE = "Asistente de Soporte de Servicios en Línea"
FORMER = "Auxiliar de Servicios en Línea"
PRESIDENT = PEOPLE[4][0]
V6_IN_FORCE = date(2024, 3, 4)
DAILY_2_V5 = "Dar trámite y seguimiento a las consultas de pagos y servicios en línea que la Institución ofrezca."
DAILY_2_V6 = "Dar trámite y seguimiento a las consultas de pagos, trámites y servicios en línea que la Institución ofrezca."
IN_FORCE = {1: "2011-07-29", 2: "2011-09-01", 3: "2013-10-01", 4: "2016-03-01", 5: "2018-01-02",
            6: V6_IN_FORCE.isoformat()}
SNAPSHOTS = Path(__file__).parent / "snapshots"
IS_UPDATING = os.environ.get("UPDATE_SNAPSHOTS") == "1"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _text_version(number: int) -> Manual:
    path = HISTORY / f"v{number}.txt"
    return read_seed_text(path.read_bytes(), str(path)).manual


def _with_position(manual: Manual, index: int, **update: Any) -> Manual:
    positions = list(manual.positions)
    positions[index] = positions[index].model_copy(update=update)
    return manual.model_copy(update={"positions": tuple(positions)})


def _publish(store: Path, in_force: date) -> None:
    """Propose the open draft in force from ``in_force``; every role signs; it is published."""
    ok(store, "propose", CODE, "--as", PREPARER, "--in-force", in_force.isoformat())
    ok(store, "submit", CODE, "--as", PREPARER)
    for name, role in PEOPLE[1:4]:
        ok(store, "review", CODE, "--role", role, "--approve", "--as", name)
    ok(store, "authorize", CODE, "--as", PRESIDENT)
    ok(store, "publish", CODE, "--as", PREPARER)


@pytest.fixture(scope="module")
def lineage_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lineage")
    store = root / "store.git"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))
    v5 = Store.open(store).load(CODE, "5")
    asistente = v5.positions[2]
    daily = list(asistente.periodic_functions.daily)
    assert daily[1] == DAILY_2_V5
    daily[1] = DAILY_2_V6
    periodic = asistente.periodic_functions.model_copy(update={"daily": tuple(daily)})
    write_manual_dir(_with_position(v5, 2, periodic_functions=periodic), root / "v6")
    ok(store, "import", str(root / "v6"))
    _publish(store, V6_IN_FORCE)
    v6 = Store.open(store).load(CODE, LATEST)
    write_manual_dir(_with_position(v6, 1, title=FORMER), root / "draft")
    ok(store, "import", str(root / "draft"))
    return store


def run_json(store: Path, *args: str, schema: str) -> dict[str, Any]:
    """``docversion ARGS --json``, exit 0, its document checked against the command's schema."""
    code, out, err = dv(store, *args, "--json")
    assert code == 0, err
    document = json.loads(out)
    jsonschema.validate(document, SCHEMAS[schema])
    return document  # type: ignore[no-any-return]


def by_version(document: dict[str, Any]) -> dict[int | None, dict[str, Any]]:
    return {entry["version"]: entry for entry in document["entries"]}


def parts_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {part["path"]: part for part in document["parts"]}


def origin(part: dict[str, Any]) -> tuple[int | None, int | None, str]:
    return part["introduced"]["version"], part["changed"]["version"], part["how"]


class TestHistory:
    """``docversion history``: each version that changed the position, newest first, with its kinds,
    its sentences and who authorized it."""

    @pytest.mark.parametrize("asked", [TITLE, FORMER, "auxiliar de servicios en linea", "ASISTENTE DE SOPORTE DE "
                                       "SERVICIOS EN LINEA", "asistente-de-soporte-de-servicios-en-linea", ASISTENTE])
    def test_the_asistente_by_any_of_its_names(self, lineage_store: Path, asked: str) -> None:
        document = run_json(lineage_store, "history", CODE, asked, schema="history")
        assert document["position"] == {"id": ASISTENTE, "title": TITLE, "titles": [FORMER, TITLE]}
        assert [e["version"] for e in document["entries"]] == [6, 5, 4, 3]
        entries = by_version(document)
        assert [entries[v]["event"] for v in (6, 5, 4, 3)] == ["changed", "changed", "changed", "created"]
        # v4: "Registrar en la mesa…" became "Administrar la mesa…"; v6: the daily function the fixture edits.
        assert entries[6]["kinds"] == {"item_edited": 1} and entries[4]["kinds"] == {"item_edited": 1}
        assert entries[3]["kinds"] == {"position_added": 1}
        # v5 (the seed's marks): the rename, the generic title, 10 items reworded and 13 new ones.
        assert entries[5]["kinds"] == {"position_renamed": 1, "field_changed": 1, "item_edited": 10,
                                       "item_added": 13}
        assert (entries[5]["title"], entries[5]["former_title"]) == (TITLE, FORMER)
        assert [(entries[v]["title"], entries[v]["former_title"]) for v in (6, 4, 3)] == [
            (TITLE, None), (FORMER, None), (FORMER, None)]
        assert {v: entries[v]["in_force"] for v in entries} == {v: IN_FORCE[v] for v in (3, 4, 5, 6)}

    def test_who_authorized_each_version(self, lineage_store: Path) -> None:
        entries = by_version(run_json(lineage_store, "history", CODE, TITLE, schema="history"))
        for number in (3, 4, 5):
            record = entries[number]["record"]
            assert record["imported"] and record["authorized"]["role"] == "Presidente y Director Ejecutivo"
            assert record["authorized"]["name"] is None
        published = entries[6]["record"]
        assert not published["imported"] and published["request"] == 1
        assert (published["authorized"]["name"], published["authorized"]["role"]) == (PRESIDENT, AUTHORIZER)

    def test_the_sentences_that_concern_it(self, lineage_store: Path) -> None:
        entries = by_version(run_json(lineage_store, "history", CODE, ASISTENTE, schema="history"))
        assert entries[5]["sentences"] == [
            "Renombramiento del puesto Auxiliar de Servicios en Línea por Asistente de Soporte de Servicios en Línea.",
            "Actualización de las funciones de los puestos de trabajo."]
        assert entries[4]["sentences"] == [
            "Revisión y actualización anual de estándares y/o mejoras al instrumento normativo."]
        assert not any(entry["sentences_of_version"] for entry in entries.values())

    def test_a_sentence_naming_only_another_position_is_left_out(self, lineage_store: Path) -> None:
        """v2 renamed the area (which names no position: it concerns them all) and the Analista; the
        Jefe's direct report was the Analista, so both concern the Jefe; v5's rename of the
        Auxiliar does not concern the Promotor."""
        jefe = by_version(run_json(lineage_store, "history", CODE, JEFE, schema="history"))
        assert jefe[2]["sentences"] == ["Se renombró Agencia Virtual por Área de Servicios en Línea.",
                                        "Se renombró Analista de Agencia Virtual por Promotor de Servicios en Línea."]
        promotor = by_version(run_json(lineage_store, "history", CODE, PROMOTOR, schema="history"))
        assert promotor[5]["sentences"] == ["Actualización de las funciones de los puestos de trabajo."]

    def test_revision_marks_alone_change_nothing(self, lineage_store: Path) -> None:
        """v6 changed only the Asistente; its marks replaced v5's in every position, which is no change
        of the Jefe or the Promotor. The Jefe: created in v1, renamed in v2 (and the area renamed in
        it), the management renamed and a direct report added in v3, a daily function reworded in
        v4, a function moved from Trimestral to Mensual and two reworded in v5."""
        jefe = run_json(lineage_store, "history", CODE, "Jefe Agencia Virtual", schema="history")
        assert [e["version"] for e in jefe["entries"]] == [5, 4, 3, 2, 1]
        entries = by_version(jefe)
        assert entries[5]["kinds"] == {"item_edited": 2, "item_moved": 1}
        assert entries[4]["kinds"] == {"item_edited": 1}
        assert entries[3]["kinds"] == {"term_renamed": 2, "field_changed": 1, "item_added": 1}
        assert entries[2]["kinds"] == {"position_renamed": 1, "term_renamed": 2}
        assert (entries[1]["event"], entries[1]["kinds"], entries[1]["title"]) == ("created", {}, "Jefe Agencia Virtual")

    def test_up_to_a_revision_and_with_the_draft(self, lineage_store: Path) -> None:
        """Up to v4 the Asistente was the Auxiliar; it is found by the title it has later too."""
        up_to_4 = run_json(lineage_store, "history", f"{CODE}@4", TITLE, schema="history")
        assert [e["version"] for e in up_to_4["entries"]] == [4, 3]
        assert up_to_4["position"]["title"] == FORMER
        promotor = run_json(lineage_store, "history", f"{CODE}@draft", PROMOTOR, schema="history")
        assert [e["version"] for e in promotor["entries"]] == [None, 5, 4, 3, 2, 1]
        draft = promotor["entries"][0]
        assert (draft["title"], draft["former_title"], draft["record"]) == (FORMER, "Promotor de Servicios en Línea",
                                                                            None)
        assert draft["kinds"] == {"position_renamed": 1}

    def test_plain_lines_to_a_pipe(self, lineage_store: Path) -> None:
        record = by_version(run_json(lineage_store, "history", CODE, FORMER, schema="history"))[6]["record"]
        published, authorized = record["published"]["time"][:10], record["authorized"]["time"][:10]
        code, out, _ = dv(lineage_store, "history", CODE, FORMER)
        assert code == 0
        lines = out.splitlines()
        assert lines[0] == f"History of {TITLE} [{ASISTENTE}] in {CODE}, newest first"
        assert [line.split(" · commit")[0] for line in lines if line.startswith("── ")] == [
            f"── v6 · in force from {IN_FORCE[6]} · published {published} by {PREPARER}, "
            "change request 1", "── v5 · in force from 2018-01-02 · imported",
            "── v4 · in force from 2016-03-01 · imported", "── v3 · in force from 2013-10-01 · imported"]
        assert f"   Title       {TITLE} (was {FORMER})" in lines
        assert "   Diff        renamed, 1 field changed, 10 items edited, 13 items added" in lines
        assert f"   Authorized  {PRESIDENT} ({AUTHORIZER}), {authorized}" in lines
        assert "   Authorized  Presidente y Director Ejecutivo (signed on paper)" in lines

    def test_in_spanish(self, lineage_store: Path) -> None:
        code, out, _ = dv(lineage_store, "--lang", "es", "history", CODE, FORMER)
        assert code == 0
        assert "   Comparación  renombrado, 1 campo cambiado, 10 elementos editados, 13 elementos agregados" in out
        assert f"   Título       {TITLE} (antes {FORMER})" in out


class TestBlame:
    """``docversion blame``: every field and item beside the version that introduced it and the one
    that last changed it."""

    def test_the_asistente_at_v5(self, lineage_store: Path) -> None:
        document = run_json(lineage_store, "blame", f"{CODE}@5", "Auxiliar de Servicios en Línea", schema="blame")
        assert document["position"] == {"id": ASISTENTE, "title": TITLE}
        assert document["version"]["version"] == 5
        found = parts_of(document)
        assert origin(found["title"]) == (3, 5, "renamed")  # created in v3 as the Auxiliar, renamed in v5
        assert found["title"]["value"] == TITLE and found["title"]["label"] == "Puesto funcional"
        assert origin(found["generic_title"]) == (3, 5, "changed")  # Auxiliar -> Asistente de Oficina
        assert origin(found["reports_to"]) == (3, 3, "created")
        daily = {i: found[f"periodic_functions.daily.{i}"] for i in range(7)}
        assert daily[1]["value"] == DAILY_2_V5 and origin(daily[1]) == (3, 3, "created")  # as v3 wrote it
        assert origin(daily[2]) == (5, 5, "added")  # "Apoyar en la afiliación…", new in v5
        assert daily[2]["label"] == "Diaria 3" and daily[2]["introduced"]["in_force"] == "2018-01-02"
        assert daily[3]["value"].startswith("Administrar la mesa")  # daily 3 of v4, after the new one
        assert origin(daily[3]) == (3, 4, "edited")  # "Registrar en la mesa…" reworded in v4
        assert origin(daily[0]) == (3, 5, "edited")  # "Apoyar en la divulgación…" extended in v5
        assert origin(daily[6]) == (3, 3, "created")  # "Desarrollar todas las funciones…"
        monthly_8 = found["periodic_functions.monthly.7"]  # monthly 4 of v3, after four new ones in v5
        assert monthly_8["value"].startswith("Atender actividades") and origin(monthly_8) == (3, 3, "created")
        assert origin(found["periodic_functions.weekly.0"]) == (5, 5, "added")
        assert origin(found["key_functions.0"]) == (3, 5, "edited")
        assert found["key_functions.0"]["value"]["percent"] == 50
        assert origin(found["education.5"]) == (3, 5, "edited")  # "…tendencias tecnológicas…"
        assert [record["version"] for record in document["versions"]] == [3, 4, 5]

    def test_the_asistente_at_v6_and_latest(self, lineage_store: Path) -> None:
        latest = run_json(lineage_store, "blame", CODE, ASISTENTE, schema="blame")
        assert run_json(lineage_store, "blame", f"{CODE}@6", TITLE, schema="blame")["parts"] == latest["parts"]
        found = parts_of(latest)
        daily_2 = found["periodic_functions.daily.1"]
        assert daily_2["value"] == DAILY_2_V6 and origin(daily_2) == (3, 6, "edited")
        assert daily_2["changed"]["in_force"] == IN_FORCE[6]
        assert origin(found["title"]) == (3, 5, "renamed")
        assert origin(found["periodic_functions.daily.2"]) == (5, 5, "added")
        versions = {record["version"]: record for record in latest["versions"]}
        assert sorted(versions) == [3, 4, 5, 6]
        assert versions[6]["authorized"]["name"] == PRESIDENT

    def test_the_jefe_since_v1_moved_and_renamed(self, lineage_store: Path) -> None:
        found = parts_of(run_json(lineage_store, "blame", f"{CODE}@5", "Jefe Área de Servicios en Línea",
                                  schema="blame"))
        assert found["periodic_functions.daily.0"]["value"].startswith("Impulsar la divulgación")
        assert origin(found["periodic_functions.daily.0"]) == (1, 1, "created")  # present since v1
        assert found["periodic_functions.daily.0"]["introduced"]["in_force"] == IN_FORCE[1]
        moved = found["periodic_functions.monthly.5"]  # Trimestral 1 until v4, Mensual 6 from v5
        assert moved["value"] == "Elaborar propuestas de temas diversos de otras unidades organizativas de la Gerencia."
        assert origin(moved) == (1, 5, "moved") and moved["moved_from"] == "periodic_functions.quarterly"
        assert not any(path.startswith("periodic_functions.quarterly") for path in found)  # N/A since v5
        assert origin(found["title"]) == (1, 2, "renamed")
        assert origin(found["unit"]) == (1, 2, "term")  # Agencia Virtual renamed everywhere in v2
        assert found["unit"]["term"] == {"old": "Agencia Virtual", "new": "Área de Servicios en Línea"}
        assert origin(found["reports_to"]) == (1, 3, "term")  # Gerente Comercial, in v3
        assert origin(found["direct_reports.1"]) == (3, 5, "edited")  # the Auxiliar, added in v3, renamed in v5
        assert origin(found["periodic_functions.daily.6"]) == (1, 4, "edited")  # "Monitorear y evaluar…"
        assert origin(found["periodic_functions.annual.0"]) == (1, 5, "edited")  # "…y el presupuesto…"

    def test_the_draft(self, lineage_store: Path) -> None:
        document = run_json(lineage_store, "blame", f"{CODE}@draft", PROMOTOR, schema="blame")
        found = parts_of(document)
        assert document["version"] is None and found["title"]["value"] == FORMER
        assert origin(found["title"]) == (1, None, "renamed")
        assert found["title"]["changed"] == {"version": None, "in_force": None}

    def test_plain_lines_to_a_pipe(self, lineage_store: Path) -> None:
        code, out, err = dv(lineage_store, "blame", f"{CODE}@v5", JEFE)
        assert code == 0 and err.startswith(f"{CODE}@v5: commit ")
        lines = out.splitlines()
        assert lines[0] == f"Where each part of Jefe Área de Servicios en Línea [{JEFE}] comes from, {CODE} v5"
        at = lines.index("  Mensual 6 · v1 (2011-07-29) · last v5 (2018-01-02), moved from Trimestral")
        assert lines[at + 1] == "      Elaborar propuestas de temas diversos de otras unidades organizativas de la Gerencia."
        assert "  Diaria 1 · v1 (2011-07-29)" in lines
        assert lines[lines.index("Versions:") + 1:] == [
            f"  v{n} · in force from {IN_FORCE[n]} · authorized by Presidente y Director Ejecutivo (signed on paper)"
            for n in range(1, 6)]

    def test_in_spanish(self, lineage_store: Path) -> None:
        code, out, _ = dv(lineage_store, "--lang", "es", "blame", f"{CODE}@5", JEFE)
        assert code == 0
        assert "  Mensual 6 · v1 (2011-07-29) · último cambio: v5 (2018-01-02), trasladado desde Trimestral" in out


class TestErrors:
    """An unknown or ambiguous position, an unknown code, a bad revision: the exit code, a message
    that names the choices, nothing written."""

    def test_an_unknown_position_names_the_positions(self, lineage_store: Path) -> None:
        before = refs(lineage_store)
        code, out, err = dv(lineage_store, "history", CODE, "Gerente General")
        assert (code, out) == (1, "")
        assert "manual 900-0935 has no position 'Gerente General' in any version; its positions at v6: " in err
        assert all(name in err for name in (JEFE, PROMOTOR, ASISTENTE, TITLE, "Auxiliar de Servicios en Línea (v3–v4)"))
        code, out, err = dv(lineage_store, "blame", CODE, "Gerente General", "--json")
        assert code == 1
        jsonschema.validate(json.loads(out), ERROR)
        assert refs(lineage_store) == before

    def test_a_title_two_positions_have_had_is_ambiguous(self, lineage_store: Path) -> None:
        """The draft gives the Promotor the Asistente's former title: up to the draft, that title names
        both (up to v6, only the Asistente)."""
        before = refs(lineage_store)
        for command in ("history", "blame"):
            code, out, err = dv(lineage_store, command, f"{CODE}@draft", "auxiliar de servicios en línea")
            assert (code, out) == (5, "")
            assert "'auxiliar de servicios en línea' names more than one position of manual 900-0935" in err
            assert f"{ASISTENTE}: Auxiliar de Servicios en Línea (v3–v4), {TITLE} (v5–draft)" in err
            assert f"{PROMOTOR}: Analista de Agencia Virtual (v1), Promotor de Servicios en Línea (v2–v6), " \
                   "Auxiliar de Servicios en Línea (draft)" in err
            assert "give the position's id" in err
        code, out, _ = dv(lineage_store, "history", f"{CODE}@draft", FORMER, "--json")
        assert code == 5
        jsonschema.validate(json.loads(out), INVALID_INPUT_ERROR)
        assert by_version(run_json(lineage_store, "history", f"{CODE}@draft", PROMOTOR, schema="history"))
        assert refs(lineage_store) == before

    @pytest.mark.parametrize(("target", "exit_code", "message"), [
        ("900-9999", 1, "the store has no manual 900-9999"),
        (f"{CODE}@v9", 1, "manual 900-0935 has no version 9 (published: v1, v2, v3, v4, v5, v6)"),
        (f"{CODE}@mañana", 5, "'mañana' is not a revision"),
        (f"{CODE}@1999-01-01", 1, "no version of manual 900-0935 was in force on 1999-01-01"),
        ("../x", 5, "is not a valid manual code"),
    ])
    @pytest.mark.parametrize("command", ["history", "blame"])
    def test_bad_code_or_revision(self, lineage_store: Path, command: str, target: str, exit_code: int,
                                  message: str) -> None:
        before = refs(lineage_store)
        code, out, err = dv(lineage_store, command, target, ASISTENTE)
        assert (code, out) == (exit_code, "") and message in err
        code, out, _ = dv(lineage_store, command, target, ASISTENTE, "--json")
        assert code == exit_code
        jsonschema.validate(json.loads(out), INVALID_INPUT_ERROR if exit_code == 5 else ERROR)
        assert refs(lineage_store) == before

    @pytest.mark.parametrize("command", ["history", "blame"])
    def test_a_position_not_there_yet_at_the_revision(self, lineage_store: Path, command: str) -> None:
        """The Asistente came in v3 (as the Auxiliar): at v2 there is nothing to tell of it."""
        code, out, err = dv(lineage_store, command, f"{CODE}@2", TITLE)
        assert (code, out) == (1, "")
        assert f"position {ASISTENTE} of manual 900-0935 came in v3, after v2: ask at 900-0935@v3 or later" in err


class TestLine:
    """The pure part: positions followed through removals and new ids, sentences chosen."""

    def test_a_removed_position_ends_with_its_removal(self) -> None:
        v5 = _text_version(5)
        fewer = v5.model_copy(update={"positions": v5.positions[:2]})
        steps = [Step(_text_version(4)), Step(v5, diff(_text_version(4), v5)), Step(fewer, diff(v5, fewer))]
        [track] = [t for t in tracks(steps) if t.ids[0] == "asistente-de-soporte-de-servicios-en-linea"
                   or t.ids[0].startswith("auxiliar")]
        assert [(e.step, e.kind) for e in events(steps, track)] == [(0, "created"), (1, "changed"), (2, "removed")]
        assert [c.kind for c in events(steps, track)[2].changes] == ["position_removed"]

    def test_a_position_matched_under_a_new_id_is_followed(self) -> None:
        """A document whose Asistente was given another id is the same position: the diff matches it
        by content, and the line follows it."""
        v4, v5 = _text_version(4), _text_version(5)
        renamed = _with_position(v5, 2, id="asistente-nuevo")
        changeset = diff(v4, renamed)
        old_id = v4.positions[2].id
        assert [(m.old_id, m.new_id) for m in changeset.matches] == [(old_id, "asistente-nuevo")]
        steps = [Step(v4), Step(renamed, changeset)]
        [track] = [t for t in tracks(steps) if t.ids[-1] == "asistente-nuevo"]
        assert track.ids == (old_id, "asistente-nuevo")
        found = origins(steps, track)
        assert (found["periodic_functions.daily.1"].introduced, found["periodic_functions.daily.2"].introduced) == (
            0, 1)

    def test_sentences_naming_no_position_concern_every_position(self) -> None:
        sentences = ("Creación del puesto Auxiliar.", "Actualización de las funciones de los puestos de trabajo.",
                     "Se renombró el Jefe Auxiliar por Jefe.")
        assert concerning(sentences, ["Jefe Auxiliar"], ["Auxiliar"]) == sentences[1:]
        assert concerning(sentences, ["Auxiliar"], ["Jefe Auxiliar", "Jefe"]) == sentences[:2]


def _matched(old: Manual, new: Manual) -> list[tuple[Any, Any, Any]]:
    """Each position of ``new`` the diff continues from ``old``, with the change set."""
    changeset = diff(old, new)
    back = {m.new_id: m.old_id for m in changeset.matches}
    added = {c.position_id for c in changeset.changes if c.kind == "position_added"}
    return [(changeset, old.position(back.get(p.id, p.id)), p) for p in new.positions if p.id not in added]


def assert_links_hold(old: Manual, new: Manual) -> None:
    """Every part of the new position has a link; a part linked as kept is the old part as it was,
    one linked as edited, rewritten by a term or changed differs from it; no old part is continued
    twice but by the pieces of a split."""
    for changeset, before, after in _matched(old, new):
        links = position_links(changeset, before, after)
        assert set(links) == {path for path, _ in parts(after)}
        continued: list[str] = []
        for path, link in links.items():
            now = resolve_path(after, path)
            if link.is_kept:
                assert resolve_path(before, link.sources[0]) == now, (path, link)
            elif link.how in ("edited", "term", "changed", "renamed", "share"):
                assert resolve_path(before, link.sources[0]) != now, (path, link)
            if link.how != "split":
                continued += link.sources
        assert len(continued) == len(set(continued))


class TestLinks:
    """The change set read backwards maps each item of version N to its item in version N-1."""

    def test_every_list_and_field_is_covered(self) -> None:
        from docversion.diff.engine import LIST_FIELDS, PERIODS

        lists = {*LIST_FIELDS, "key_functions", *(f"periodic_functions.{p}" for p in PERIODS)}
        assert set(ITEM_FIELDS) == lists and set(FIELDS) - set(ITEM_FIELDS) == {
            "title", "generic_title", "department", "unit", "reports_to", "direct_reports_count", "objective"}

    def test_the_bundled_history(self) -> None:
        from docversion.diff.ids import carry_ids

        line = [_text_version(1)]
        for number in range(2, 6):  # ids carried from version to version, as the store gives them
            line.append(carry_ids(_text_version(number), line[-1]))
        for old, new in itertools.pairwise(line):
            assert_links_hold(old, new)

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(edited())
    def test_generated_edits(self, pair: tuple[Manual, Manual]) -> None:
        assert_links_hold(*pair)


# The views --------------------------------------------------------------------------------------------


def render(view: Any, width: int, mode: str = "plain") -> str:
    """``view`` as a console of ``width`` columns prints it: plain, or in colour as on a terminal."""
    if mode == "plain":
        console = Console(file=io.StringIO(), width=width, color_system=None)
    else:
        console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    console.print(view)
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


@pytest.fixture(scope="module")
def views(lineage_store: Path) -> dict[str, Any]:
    """The history of the Asistente and the blame of the Jefe up to v5 (imported, so their content
    never varies), their commits made fixed."""
    store = Store.open(lineage_store)
    history = position_history(store, CODE, "5", ASISTENTE)
    history = dataclasses.replace(history, changes=tuple(dataclasses.replace(c, commit="ab" * 20)
                                                         for c in history.changes))
    blame = dataclasses.replace(position_blame(store, CODE, "5", JEFE), commit="ab" * 20)
    return {"lineage-history-asistente": PositionHistoryView(history), "lineage-blame-jefe": PositionBlameView(blame)}


NAMES = ["lineage-history-asistente", "lineage-blame-jefe"]


class TestViews:
    """Rendered at 80 and 120 columns, plain and in colour: as their golden files, no line wider than
    the console, no word cut in two."""

    @pytest.mark.parametrize("mode", ["plain", "color"])
    @pytest.mark.parametrize("width", [80, 120])
    @pytest.mark.parametrize("name", NAMES)
    def test_snapshot(self, views: dict[str, Any], name: str, width: int, mode: str) -> None:
        output = render(views[name], width, mode)
        golden = SNAPSHOTS / f"{name}-{width}-{mode}.txt"
        if IS_UPDATING:
            golden.write_bytes(output.encode("utf-8"))
            return
        assert golden.exists(), f"no golden file {golden.name}: run with UPDATE_SNAPSHOTS=1 and read it"
        expected = golden.read_bytes().decode("utf-8")
        if output != expected:
            lines = difflib.unified_diff(expected.splitlines(), output.splitlines(), golden.name, "rendered",
                                         lineterm="")
            pytest.fail("\n".join(lines))

    @pytest.mark.parametrize("mode", ["plain", "color"])
    @pytest.mark.parametrize("width", [80, 120])
    @pytest.mark.parametrize("name", NAMES)
    def test_nothing_wider_and_no_word_cut(self, views: dict[str, Any], name: str, width: int, mode: str) -> None:
        output = ANSI.sub("", render(views[name], width, mode))
        assert [line for line in output.splitlines() if cell_len(line) > width] == []
        wide = set(ANSI.sub("", render(views[name], 400, mode)).split())
        assert wide - set(output.split()) == set()

    def test_the_plain_lines_say_what_the_view_says(self, views: dict[str, Any]) -> None:
        """To a pipe, the same words as on a terminal, never wrapped."""
        for view, lines in ((views["lineage-history-asistente"], history_lines(views["lineage-history-asistente"]
                                                                                 .history)),
                            (views["lineage-blame-jefe"], blame_lines(views["lineage-blame-jefe"].blame))):
            assert " ".join(render(view, 400).split()) == " ".join(" ".join(lines).split())

    def test_spanish_views_keep_every_word_whole_at_80(self, views: dict[str, Any]) -> None:
        use("es")
        try:
            for name in NAMES:
                output = render(views[name], 80)
                assert set(render(views[name], 400).split()) - set(output.split()) == set()
                assert "Comparación" in output or "último cambio" in output
        finally:
            use("en")
