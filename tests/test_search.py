"""``docversion search`` and the search index (docversion/store/searching.py, search_index.py,
search_reading.py, docversion/cli/search.py, docversion/render/search_view.py).

The store holds the bundled history of 900 0935 (v1 to v5, imported as signed on paper), 420 0210
(v4, from the corpus) with a v5 recorded from an edited canonical directory (in force from 04 de
marzo de 2024: a weekly function reworded, a daily one inserted first), and 510 0305 (v3). What
the history says, and these tests expect: "SharePoint" first appears in v5 of 900 0935; v4
reworded the Jefe's daily 7 from "Monitorear el servicio…" to "Monitorear y evaluar el servicio…".
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from docversion.files import read_document, write_manual_dir
from docversion.i18n import use
from docversion.model import Manual, RevisionRow
from docversion.render.search_view import SearchView
from docversion.search.phrase import word_spans, words
from docversion.store import Store
from docversion.store import search_index as index_module
from docversion.store.search_index import INDEX_FILE, IndexUnavailable, SearchIndex
from docversion.store.searching import search
from tests.conftest import HISTORY
from tests.json_schemas import SCHEMAS
from tests.record_cli import dv, git, ok

CORPUS = Path(__file__).parent / "corpus" / "text"
TODAY = date.today()
V5_IN_FORCE = date(2024, 3, 4)
REWORDED = "Actualizar en el sistema SAP el registro de cheques emitidos, entregados y pendientes de cobro."
INSERTED = "Conciliar diariamente los pagos transferidos con el estado de cuenta bancario."


def treasury_v5(v4: Manual) -> Manual:
    """420 0210's version 5: the Técnico de Pagos' weekly function reworded and a daily one put first."""
    positions = []
    for position in v4.positions:
        periodic = position.periodic_functions
        if position.id == "tecnico-de-pagos":
            periodic = periodic.model_copy(update={"weekly": (REWORDED,), "daily": (INSERTED, *periodic.daily)})
        positions.append(position.model_copy(update={"periodic_functions": periodic, "marked": ()}))
    row = RevisionRow(version=5, authorized_by=v4.cover.authorized_by, in_force=V5_IN_FORCE,
                      changes=("Actualización de las funciones de los puestos de trabajo.",),
                      prepared_by_label="Elaborado por", prepared_by="Ana Analista")
    cover = v4.cover.model_copy(update={"version": 5, "in_force": V5_IN_FORCE})
    return Manual(cover=cover, positions=tuple(positions), revisions=(*v4.revisions, row))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    store = root / "store.git"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))
    ok(store, "import", "--historical", str(CORPUS / "420-0210.txt"), str(CORPUS / "510-0305.txt"))
    write_manual_dir(treasury_v5(read_document(CORPUS / "420-0210.txt").manual), root / "420-0210-v5")
    ok(store, "import", "--historical", str(root / "420-0210-v5"))
    return store


@pytest.fixture
def copy(office: Path, tmp_path: Path) -> Path:
    """A copy of the module's store (its index too), for a test that writes."""
    target = tmp_path / "copy.git"
    shutil.copytree(office, target)
    return target


def run(store: Path, *args: str) -> dict[str, Any]:
    """``docversion search ARGS --json``: its document, checked against the schema."""
    code, out, err = dv(store, "search", *args, "--json")
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    jsonschema.validate(document, SCHEMAS["search"])
    return document


def places(document: dict[str, Any]) -> list[tuple[str, str | None, str, str]]:
    """Each hit as (code, position id, field path, "vA–vB")."""
    return [(hit["code"], hit["position_id"], hit["field"], f"v{hit['versions']['from']}–v{hit['versions']['to']}")
            for hit in document["hits"]]


ASSISTANT, CHIEF = "auxiliar-de-servicios-en-linea", "jefe-agencia-virtual"


class TestVersionRanges:
    """A text is one hit over the consecutive versions it stands in; the default is the version in force."""

    def test_a_phrase_new_in_v5_stands_in_v5_only(self, office: Path) -> None:
        expected = [("900-0935", ASSISTANT, "periodic_functions.quarterly.0", "v5–v5"),
                    ("900-0935", ASSISTANT, "education.2", "v5–v5")]
        assert places(run(office, "SharePoint", "--all-versions")) == expected
        assert places(run(office, "SharePoint")) == expected

    def test_a_reworded_function_is_two_ranges(self, office: Path) -> None:
        assert places(run(office, "monitorear el servicio", "--all-versions")) == [
            ("900-0935", CHIEF, "periodic_functions.daily.6", "v1–v3")]
        assert places(run(office, "monitorear y evaluar el servicio", "--all-versions")) == [
            ("900-0935", CHIEF, "periodic_functions.daily.6", "v4–v5")]

    def test_the_default_is_the_version_in_force_today(self, office: Path) -> None:
        document = run(office, "monitorear el servicio")
        assert document["hits"] == [] and document["scope"] == {
            "versions": "in_force", "day": TODAY.isoformat(), "code": None, "fields": None}
        assert [(m["code"], m["versions"]) for m in document["manuals"]] == [
            ("420-0210", [5]), ("510-0305", [3]), ("900-0935", [5])]
        [hit] = run(office, "monitorear y evaluar")["hits"]
        assert (hit["version"], hit["versions"], hit["position_title"]) == (
            5, {"from": 4, "to": 5}, "Jefe Área de Servicios en Línea")

    def test_as_of_searches_the_version_in_force_that_day(self, office: Path) -> None:
        document = run(office, "monitorear el servicio", "--as-of", "01/01/2014")
        assert [(m["code"], m["versions"]) for m in document["manuals"]] == [("900-0935", [3])]  # the others: none then
        [hit] = document["hits"]
        assert (hit["version"], hit["versions"], hit["position_title"]) == (
            3, {"from": 1, "to": 3}, "Jefe Área de Servicios en Línea")
        assert run(office, "SharePoint", "--as-of", "1 de enero de 2017")["hits"] == []
        assert run(office, "sistema SAP", "--as-of", "2020-01-01")["hits"] == []
        assert places(run(office, "sistema SAP")) == [("420-0210", "tecnico-de-pagos", "periodic_functions.weekly.0",
                                                       "v5–v5")]

    def test_a_position_renamed_is_followed_by_its_id(self, office: Path) -> None:
        """The Jefe was "Jefe Agencia Virtual" in v1; his CRM function stands from v1 to v5."""
        hits = run(office, "proyectos de modernización relacionados", "--all-versions")["hits"]
        assert [(h["position_id"], h["versions"], h["position_title"]) for h in hits] == [
            (CHIEF, {"from": 1, "to": 5}, "Jefe Área de Servicios en Línea")]

    def test_an_item_that_moved_down_the_list_is_still_one_range(self, office: Path) -> None:
        """v5 of 420 0210 put a daily function first: the next one is daily 2 in v4 and daily 3 in v5."""
        [hit] = run(office, "documentos de respaldo cumplan", "--all-versions")["hits"]
        assert (hit["field"], hit["versions"]) == ("periodic_functions.daily.2", {"from": 4, "to": 5})
        [older] = run(office, "documentos de respaldo cumplan", "--as-of", "2020-01-01")["hits"]
        assert (older["field"], older["version"]) == ("periodic_functions.daily.1", 4)

    def test_the_cover_and_the_revision_table_are_searched(self, office: Path) -> None:
        hits = run(office, "Renombramiento del puesto Auxiliar", "--all-versions", "--code", "900-0935")["hits"]
        assert [(h["position_id"], h["field"], h["versions"]) for h in hits] == [
            (None, "revisions.4.changes.0", {"from": 5, "to": 5})]
        [area] = run(office, "unidad de tesoreria", "--field", "Área")["hits"]
        assert (area["field"], area["text"]) == ("cover.area", "UNIDAD DE TESORERÍA")


class TestMatching:
    """Words in order, without regard to case and accents; the hit marks the original text."""

    def test_accents_and_case_do_not_count(self, office: Path) -> None:
        for typed in ("gestion de tramites", "GESTIÓN DE TRÁMITES", "Gestión  de\ttrámites"):
            [hit] = run(office, typed)["hits"]
            [match] = hit["matches"]
            assert hit["text"][match["start"]:match["end"]] == "gestión de trámites"
            assert hit["field"] == "periodic_functions.monthly.3"

    def test_a_phrase_is_whole_words_in_order(self, office: Path) -> None:
        assert run(office, "tramites de gestion")["hits"] == []
        assert run(office, "gestión de trámi")["hits"] == []  # no prefix matching
        assert len(run(office, "gestiones de trámites", "--all-versions")["hits"]) == 2  # monthly 7 and eventual 2

    def test_every_match_in_a_text_is_marked(self, office: Path) -> None:
        """Row 5 renames Auxiliar de Servicios en Línea to Asistente de Soporte de Servicios en Línea."""
        hits = run(office, "servicios en linea", "--field", "revisions.changes", "--code", "900 0935")["hits"]
        [hit] = [h for h in hits if h["field"] == "revisions.4.changes.0"]
        assert [hit["text"][m["start"]:m["end"]] for m in hit["matches"]] == ["Servicios en Línea"] * 2
        assert hit["matches"][0]["end"] < hit["matches"][1]["start"]

    @pytest.mark.parametrize("typed", ['"CRM"', "CRM*", "crm:", "(CRM)", "^CRM", "CRM -", "{CRM}", "'CRM'"])
    def test_query_syntax_is_literal(self, office: Path, typed: str) -> None:
        """Quotes, stars, colons and brackets are no FTS syntax: they are not words, so CRM is searched."""
        assert len(run(office, typed)["hits"]) == 7

    @pytest.mark.parametrize("typed", ["CRM AND SharePoint", "CRM OR SharePoint", "NEAR(CRM SharePoint)", "NOT",
                                       'gestión" OR "CRM', "AND", "cover : CRM"])
    def test_operators_are_words(self, office: Path, typed: str) -> None:
        assert run(office, typed)["hits"] == []

    @pytest.mark.parametrize("typed", ["", "   ", '"', "*", "¿? !", "…"])
    def test_a_text_with_no_word_is_a_usage_error(self, office: Path, typed: str) -> None:
        code, out, err = dv(office, "search", typed)
        assert code == 2 and out == "" and "search for" in err


class TestRestrictions:
    """--field by label or name, --code in the forms codes are typed."""

    @pytest.mark.parametrize("field", ["Semanal", "SEMANAL:", "periodic_functions.weekly", "periodic functions.weekly"])
    def test_one_field(self, office: Path, field: str) -> None:
        document = run(office, "CRM", "--field", field)
        assert places(document) == [("900-0935", ASSISTANT, "periodic_functions.weekly.1", "v5–v5")]
        assert document["scope"]["fields"] == ["periodic_functions.weekly"]

    def test_a_section_or_group(self, office: Path) -> None:
        assert len(run(office, "CRM", "--field", "FUNCIONES PERIÓDICAS")["hits"]) == 6
        assert [h["field"] for h in run(office, "CRM", "--field", "EDUCACIÓN, FORMACIÓN Y OTROS CONOCIMIENTOS")[
            "hits"]] == ["education.3"]

    def test_reports_to_by_name_and_label(self, office: Path) -> None:
        by_name = run(office, "jefe", "--field", "reports_to", "--code", "420-0210")
        assert by_name["hits"] and {h["field"] for h in by_name["hits"]} == {"reports_to"}
        assert run(office, "jefe", "--field", "REPORTA A", "--code", "420-0210")["hits"] == by_name["hits"]

    def test_an_unknown_field_is_a_usage_error_naming_the_choices(self, office: Path) -> None:
        code, _, err = dv(office, "search", "CRM", "--field", "Quincenal")
        assert code == 2 and "'Quincenal'" in err and "periodic_functions.weekly (Semanal)" in err

    def test_code_in_the_forms_codes_are_typed(self, office: Path) -> None:
        for typed in ("420-0210", "420 0210", "4200210"):
            document = run(office, "cheques", "--code", typed)
            assert {h["code"] for h in document["hits"]} == {"420-0210"} and document["scope"]["code"] == "420-0210"
        assert {h["code"] for h in run(office, "Gerente de Planificación")["hits"]} == {"420-0210", "510-0305",
                                                                                       "900-0935"}
        code, _, err = dv(office, "search", "CRM", "--code", "999-9999")
        assert code == 1 and "999-9999" in err

    def test_as_of_and_all_versions_do_not_go_together(self, office: Path) -> None:
        code, _, err = dv(office, "search", "CRM", "--as-of", "2014-01-01", "--all-versions")
        assert code == 2 and "--all-versions" in err


class TestTheIndex:
    """Derived data in the git directory: built when missing, damaged or foreign, brought up to date
    by each search, never the cause of a wrong answer."""

    def test_it_lives_in_the_git_directory_and_is_no_ref(self, office: Path) -> None:
        run(office, "CRM")
        assert (office / INDEX_FILE).is_file()
        assert INDEX_FILE not in git(office, "for-each-ref")

    def test_a_second_search_finds_it_fresh(self, copy: Path) -> None:
        (copy / INDEX_FILE).unlink()
        assert run(copy, "CRM")["index"] == "built"
        assert run(copy, "CRM")["index"] == "fresh"

    @pytest.mark.parametrize("damage", ["deleted", "garbage", "truncated", "other format", "a table dropped",
                                        "a text changed"])
    def test_a_damaged_index_is_built_again(self, copy: Path, damage: str) -> None:
        before = run(copy, "CRM", "--all-versions")
        path = copy / INDEX_FILE
        if damage == "deleted":
            path.unlink()
        elif damage == "garbage":
            path.write_bytes(b"not a database, only garbage " * 500)
        elif damage == "truncated":
            path.write_bytes(path.read_bytes()[:3000])
        else:
            with sqlite3.connect(path) as db:
                statement = {"other format": "UPDATE meta SET value = 'docversion-manual/0'",
                             "a table dropped": "DROP TABLE units",
                             "a text changed": "UPDATE texts SET text = 'nada ' || id WHERE text LIKE '%CRM%'"}[damage]
                db.execute(statement)
        after = run(copy, "CRM", "--all-versions")
        assert after["index"] == "built" and after["hits"] == before["hits"]
        assert run(copy, "CRM", "--all-versions")["index"] == "fresh"

    def test_a_new_version_is_indexed_without_a_rebuild(self, copy: Path, tmp_path: Path) -> None:
        run(copy, "planillas")
        index = SearchIndex(copy)
        before, stamp = index.counts(), (copy / INDEX_FILE).stat().st_mtime_ns
        v3 = read_document(CORPUS / "510-0305.txt").manual
        write_manual_dir(_next_version(v3, "Conciliar las planillas en el sistema Oracle."), tmp_path / "v4")
        ok(copy, "import", "--historical", str(tmp_path / "v4"))
        assert (copy / INDEX_FILE).stat().st_mtime_ns == stamp  # a writer never touches the index
        document = run(copy, "sistema Oracle", "--all-versions")
        assert document["index"] == "updated"
        assert places(document) == [("510-0305", v3.positions[0].id, "periodic_functions.eventual.0", "v4–v4")]
        after = index.counts()
        assert after["versions"] == before["versions"] + 1
        # Only the two new files' texts were stored: the unchanged positions are the blobs already held.
        assert after["blobs"] == before["blobs"] + 2 and after["units"] < before["units"] + 200

    def test_a_version_gone_is_dropped(self, copy: Path) -> None:
        assert places(run(copy, "sistema SAP", "--all-versions"))
        refs_before = run(copy, "cheques", "--all-versions")["index"]
        git(copy, "update-ref", "-d", "refs/tags/420-0210/v5")
        document = run(copy, "sistema SAP", "--all-versions")
        assert refs_before in ("fresh", "updated") and document["index"] == "updated" and document["hits"] == []
        assert SearchIndex(copy).counts()["versions"] == 7

    def test_the_answer_from_git_is_the_same(self, office: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        expected = {args: run(office, *args) for args in (("CRM", "--all-versions"), ("gestion de tramites",),
                                                          ("los", "--field", "Diaria", "--as-of", "2012-01-01"))}

        def unavailable(self: SearchIndex, *args: object) -> object:
            raise IndexUnavailable("busy", is_damaged=False)

        monkeypatch.setattr(SearchIndex, "refresh", unavailable)
        for args, document in expected.items():
            from_git = run(office, *args)
            assert from_git["index"] == "unavailable" and from_git["hits"] == document["hits"]

    def test_an_index_that_cannot_be_written_means_reading_git(self, copy: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
        (copy / INDEX_FILE).unlink()
        monkeypatch.setattr(index_module, "_SCHEMA", "CREATE TABLE broken (")  # every build fails
        document = run(copy, "SharePoint")
        assert document["index"] == "unavailable" and len(document["hits"]) == 2

    def test_it_is_never_pushed(self, copy: Path, tmp_path: Path) -> None:
        remote = tmp_path / "remote.git"
        ok(None, "init", "--bare", str(remote))
        git(copy, "remote", "add", "origin", str(remote))
        run(copy, "CRM")
        ok(copy, "push")
        assert not (remote / INDEX_FILE).exists()
        assert run(remote, "CRM")["index"] == "built"  # the remote's own, when it is searched


def _next_version(manual: Manual, eventual: str) -> Manual:
    """``manual``'s next version, signed on paper: its first position gains an eventual function (and loses
    its marks, which name the items by number); the others are as they were, the same files."""
    first = manual.positions[0]
    periodic = first.periodic_functions.model_copy(update={"eventual": (eventual, *first.periodic_functions.eventual)})
    positions = (first.model_copy(update={"periodic_functions": periodic, "marked": ()}), *manual.positions[1:])
    day = date(2024, 6, 3)
    row = RevisionRow(version=manual.cover.version + 1, authorized_by=manual.cover.authorized_by, in_force=day,
                      changes=("Actualización de las funciones de los puestos de trabajo.",),
                      prepared_by_label="Elaborado por", prepared_by="Ana Analista")
    cover = manual.cover.model_copy(update={"version": manual.cover.version + 1, "in_force": day})
    return Manual(cover=cover, positions=positions, revisions=(*manual.revisions, row))


class TestTheView:
    """Grouped by manual, then position; the field by its label in Spanish; the phrase marked."""

    def test_terminal_view(self, office: Path) -> None:
        code, out, _ = dv(office, "--no-color", "search", "SharePoint")
        assert code == 0
        lines = out.splitlines()
        assert lines[0].startswith("“SharePoint” in the versions in force today")
        assert "2 hits in 1 manual (3 manuals searched)" in " ".join(out.split())
        assert "900-0935 · ÁREA DE SERVICIOS EN LÍNEA" in lines
        assert "  Asistente de Soporte de Servicios en Línea [auxiliar-de-servicios-en-linea]" in lines
        assert "    Educación, formación y otros conocimientos 3 · v5" in lines and "      Manejo de Microsoft [[SharePoint]] Designer." in lines

    def test_in_spanish_fields_are_the_documents_labels(self, office: Path) -> None:
        code, out, _ = dv(office, "--no-color", "--lang", "es", "search", "CRM", "--all-versions")
        assert code == 0
        assert "    Semanal 2 · v5" in out and "    Diaria 5 · v1–v5" in out and "    Educación, formación y otros " \
            "conocimientos 4 · v5" in out
        assert "todas las versiones publicadas" in out.splitlines()[0]
        code, out, _ = dv(office, "--lang", "es", "search", "pagos", "--json", "--field", "RESULTADOS ESPERADOS")
        labels = {hit["label"] for hit in json.loads(out)["hits"]}
        assert labels and all(label.startswith("Resultados esperados ") for label in labels)
        code, out, _ = dv(office, "--lang", "es", "search", "nada parecido")
        assert code == 0 and " ".join(out.split()) == (
            f"Nada coincide con «nada parecido» en las versiones vigentes hoy ({TODAY.isoformat()}); 3 manuales "
            "consultados.")

    def test_no_hit_is_a_sentence_and_exit_zero(self, office: Path) -> None:
        code, out, _ = dv(office, "--no-color", "search", "teletransportación", "--as-of", "2014-01-01")
        assert code == 0
        assert " ".join(out.split()) == ("Nothing matches “teletransportación” in the versions in force on 2014-01-01; "
                                         "1 manual searched.")

    def test_the_phrase_is_marked_bold_and_reversed(self, office: Path) -> None:
        result = search(Store.open(office), "sharepoint designer", today=TODAY)
        out = io.StringIO()
        Console(file=out, width=100, force_terminal=True, color_system="standard").print(SearchView(result))
        assert "\x1b[1;7mSharePoint Designer\x1b[0m" in out.getvalue()

    def test_the_schema_is_printed(self) -> None:
        code, out, _ = dv(None, "schema", "--for", "search")
        assert code == 0 and json.loads(out) == SCHEMAS["search"]


def _texts(manual: Manual) -> list[tuple[str | None, str, str]]:
    """Every text of ``manual`` as (position id, path, text), walking its data as it is (independent of
    docversion.search.units): every string but the code, the ids, the marks and the preparer's label."""
    found: list[tuple[str | None, str, str]] = []

    def walk(owner: str | None, path: str, value: object) -> None:
        if isinstance(value, str):
            found.append((owner, path, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("id", "marked", "code", "prepared_by_label"):
                    walk(owner, f"{path}.{key}" if path else key, item)
        elif isinstance(value, list | tuple):
            for number, item in enumerate(value):
                walk(owner, f"{path}.{number}", item)

    walk(None, "cover", manual.cover.model_dump())
    walk(None, "revisions", [row.model_dump() for row in manual.revisions])
    for position in manual.positions:
        walk(position.id, "", position.model_dump())
    return found


def _holds(text: str, phrase: list[str]) -> bool:
    found = words(text)
    return any(found[at:at + len(phrase)] == phrase for at in range(len(found) - len(phrase) + 1))


@pytest.fixture(scope="module")
def corpus(office: Path) -> dict[tuple[str, int], Manual]:
    """Every published version of the module's store, loaded."""
    store = Store.open(office)
    return {(code, v.version): store.load(code, str(v.version)) for code in store.codes()
            for v in store.refs(code).versions}


@st.composite
def phrases(draw: st.DrawFn, corpus: dict[tuple[str, int], Manual]) -> str:
    """A run of one to four words of a text of the store, cut from the original (its accents and
    punctuation), its case changed; now and then a run of two texts' words that may stand nowhere."""
    texts = sorted({text for manual in corpus.values() for _, _, text in _texts(manual) if words(text)})
    text = draw(st.sampled_from(texts))
    spans = word_spans(text)
    start = draw(st.integers(0, len(spans) - 1))
    end = draw(st.integers(start, min(len(spans), start + 4) - 1))
    cut = text[spans[start][1]:spans[end][2]]
    if draw(st.integers(0, 4)) == 0:
        cut = f"{cut} {words(draw(st.sampled_from(texts)))[0]}"
    return draw(st.sampled_from([cut, cut.upper(), cut.lower(), cut.title()]))


class TestAgainstBruteForce:
    """Whatever the phrase, search finds exactly the texts a scan of the loaded manuals finds."""

    @pytest.mark.slow
    @settings(max_examples=60, deadline=None)
    @given(data=st.data())
    def test_every_version(self, office: Path, corpus: dict[tuple[str, int], Manual], data: st.DataObject) -> None:
        typed = data.draw(phrases(corpus))
        phrase = words(typed)
        expected = {(code, version, owner, _field(path), text) for (code, version), manual in corpus.items()
                    for owner, path, text in _texts(manual) if _holds(text, phrase)}
        store = Store.open(office)
        result = search(store, typed, today=TODAY, is_all_versions=True)
        numbers = {code: [v.version for v in store.refs(code).versions] for code in store.codes()}
        found = {(hit.code, version, hit.position_id, _field(hit.path), hit.text) for hit in result.hits
                 for version in numbers[hit.code][numbers[hit.code].index(hit.first):
                                                  numbers[hit.code].index(hit.last) + 1]}
        assert found == expected
        assert all(_holds(hit.text[start:end], phrase) for hit in result.hits for start, end in hit.matches)

    @settings(max_examples=30, deadline=None)
    @given(data=st.data())
    def test_the_versions_in_force(self, office: Path, corpus: dict[tuple[str, int], Manual],
                                   data: st.DataObject) -> None:
        typed = data.draw(phrases(corpus))
        store = Store.open(office)
        in_force = {code: store.refs(code).in_force(TODAY) for code in store.codes()}
        expected = {(code, owner, path) for (code, version), manual in corpus.items()
                    if (found := in_force[code]) is not None and found.version == version
                    for owner, path, text in _texts(manual) if _holds(text, words(typed))}
        result = search(store, typed, today=TODAY)
        assert {(hit.code, hit.position_id, hit.path) for hit in result.hits} == expected


def _field(path: str) -> str:
    return ".".join(part for part in path.split(".") if not part.isdigit())


@pytest.fixture(autouse=True)
def _english() -> Any:
    yield
    use("en")  # a --lang es run leaves its language behind in this process


def test_the_index_files_are_not_taken_for_a_stale_build(copy: Path) -> None:
    """A build left by a killed process is removed by the next build, once it is old."""
    leftover = copy / f"{INDEX_FILE}.123-abcd.tmp"
    leftover.write_bytes(b"half an index")
    old = 1_000_000_000
    os.utime(leftover, (old, old))
    (copy / INDEX_FILE).unlink()
    run(copy, "CRM")
    assert not leftover.exists()


def test_doctor_and_verify_pay_no_attention_to_the_index(copy: Path) -> None:
    run(copy, "CRM")
    assert subprocess.run(["git", "--git-dir", str(copy), "fsck", "--no-progress"], capture_output=True).returncode == 0
    code, out, _ = dv(copy, "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_a_read_only_store_is_answered_from_git_or_from_the_index_it_has(copy: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing can be written (root may write anywhere, so what the system says of it is patched)."""
    expected = run(copy, "SharePoint")["hits"]
    monkeypatch.setattr(index_module.os, "access", lambda path, mode: mode != index_module.os.W_OK)
    fresh = run(copy, "SharePoint")
    assert fresh["index"] == "fresh" and fresh["hits"] == expected  # the index there is read as it is
    (copy / INDEX_FILE).unlink()
    from_git = run(copy, "SharePoint")
    assert from_git["index"] == "unavailable" and from_git["hits"] == expected
    assert not (copy / INDEX_FILE).exists()
