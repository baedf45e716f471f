"""The organisation across manuals (docversion.organisation), its charts (DOT, Mermaid, HTML, the
terminal's view), ``docversion org`` and ``docversion lint --all``.

The store holds what an office would: the bundled history of 900 0935 (versions 1 to 5) and three
manuals of other units (420 0210 and 510 0305 from tests/corpus/text, 310 0120 from its canonical
directory), each imported with --historical. The edges the chart must hold were read off the
texts by hand (their REPORTA A lines) and are written out below.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.console import Console

from docversion.errors import ExternalToolError
from docversion.files import read_manual_dir, write_manual_dir
from docversion.formats import graphviz
from docversion.formats.text.reader import read_seed_text
from docversion.i18n import use
from docversion.lint import Finding, lint
from docversion.model import Manual, plain_data
from docversion.organisation import ManualInForce, Organisation, Skipped, lint_all, organise
from docversion.render.org_chart import dot_source, dot_string, html_page, mermaid_source, mermaid_string
from docversion.render.org_view import OrganisationView
from docversion.store import Store
from tests.conftest import HISTORY, REPO
from tests.json_schemas import ERROR, SCHEMAS
from tests.record_cli import dv, ok

CORPUS = Path(__file__).parent / "corpus" / "text"
HAS_DOT = shutil.which("dot") is not None
TODAY_ALL = "2030-01-01"  # a day every version below is in force on, whatever today is


def read(path: Path) -> Manual:
    return read_seed_text(path.read_bytes(), str(path)).manual


ONLINE = read(HISTORY / "v5.txt")
TREASURY = read(CORPUS / "420-0210.txt")
PEOPLE = read(CORPUS / "510-0305.txt")
PROCUREMENT = read_manual_dir(REPO / "manuals" / "310-0120")

PROCUREMENT_HEAD = "310-0120/jefe-de-la-unidad-de-adquisiciones-y-contrataciones"
TREASURY_HEAD = "420-0210/jefe-de-la-unidad-de-tesoreria"
PEOPLE_HEAD = "510-0305/jefe-area-de-gestion-del-talento-humano"
ONLINE_HEAD = "900-0935/jefe-agencia-virtual"  # the store keeps version 1's ids: the Jefe was "Jefe Agencia Virtual"

EDGES = [
    (PROCUREMENT_HEAD, "role:presidente-y-director-ejecutivo", "role"),
    ("310-0120/analista-de-compras", PROCUREMENT_HEAD, "position"),
    ("310-0120/tecnico-de-contratos", PROCUREMENT_HEAD, "position"),
    ("310-0120/auxiliar-administrativo", PROCUREMENT_HEAD, "position"),
    (TREASURY_HEAD, "role:gerente-financiero", "role"),
    ("420-0210/analista-de-tesoreria", TREASURY_HEAD, "position"),
    ("420-0210/tecnico-de-pagos", TREASURY_HEAD, "position"),
    ("420-0210/cajero-general", TREASURY_HEAD, "position"),
    (PEOPLE_HEAD, "role:gerente-administrativo", "role"),
    ("510-0305/analista-de-seleccion-y-desarrollo", PEOPLE_HEAD, "position"),
    ("510-0305/analista-de-remuneraciones", PEOPLE_HEAD, "position"),
    ("510-0305/tecnico-de-bienestar-laboral", PEOPLE_HEAD, "position"),
    ("510-0305/auxiliar-de-planillas", "510-0305/analista-de-remuneraciones", "position"),
    (ONLINE_HEAD, "role:gerente-servicio-al-cliente", "role"),
    ("900-0935/analista-de-agencia-virtual", ONLINE_HEAD, "position"),
    ("900-0935/auxiliar-de-servicios-en-linea", ONLINE_HEAD, "position"),
]
"""Every REPORTA A of the versions in force, as the texts say it: "Gerente Servicio al Cliente",
"Gerente Financiero", "Gerente Administrativo" and "Presidente y Director Ejecutivo" are roles of
the covers (Revisado, Autorizado) that no manual describes as a position; every other one names
a position of its own manual."""

HOSTILE = 'Jefe "Uno" \\N \\ <script>alert(1)</script> #quot; & `end` %% end'
"""A title no chart language may misread: quotes, backslashes (Graphviz's \\N is the node's name),
markup, Mermaid's entity syntax and keywords."""


# Building manuals and stores ----------------------------------------------------------------

def edit(manual: Manual, position_id: str, **fields: Any) -> Manual:
    """``manual`` with fields of one position replaced (their marks dropped), validated again."""
    data = plain_data(manual.model_dump())
    [position] = [p for p in data["positions"] if p["id"] == position_id]
    position.update(fields)
    position["marked"] = [m for m in position["marked"] if m["path"].split(".")[0] not in fields]
    data["marked"] = []
    return Manual.model_validate(data)


def next_version(manual: Manual, day: date, sentence: str) -> Manual:
    """``manual`` as its next version, in force on ``day``, with its row of MODIFICACIONES REALIZADAS."""
    data = plain_data(manual.model_dump())
    version = manual.cover.version + 1
    data["cover"].update(version=version, in_force=day)
    data["revisions"].append({"version": version, "authorized_by": manual.cover.authorized_by, "last_modified": None,
                              "in_force": day, "changes": [sentence], "prepared_by_label": "Elaborado por",
                              "prepared_by": "Clara Arce"})
    return Manual.model_validate(data)


def record_version(store: Path, manual: Manual, folder: Path) -> None:
    """Import ``manual`` as a version signed on paper, from its canonical directory."""
    write_manual_dir(manual, folder)
    ok(store, "import", "--historical", str(folder))


def in_store(store: Path, code: str) -> Manual:
    return Store.open(store).load(code)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office's store: 900 0935 v1 to v5, 420 0210 v4, 510 0305 v3, 310 0120 v3."""
    store = tmp_path_factory.mktemp("organisation") / "store.git"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)),
       str(CORPUS / "420-0210.txt"), str(CORPUS / "510-0305.txt"), str(REPO / "manuals" / "310-0120"))
    return store


@pytest.fixture
def own_store(office: Path, tmp_path: Path) -> Path:
    """A copy of the office's store that a test may record new versions in."""
    return Path(shutil.copytree(office, tmp_path / "store.git"))


def json_of(store: Path, *args: str) -> Any:
    code, out, err = dv(store, *args, "--json")
    assert code in (0, 5), err
    return json.loads(out)


def the_edges(document: Any) -> list[tuple[str, str | None, str]]:
    return [(edge["from"], edge["to"], edge["kind"]) for edge in document["edges"]]


def chart(*manuals: tuple[str, Manual], **options: Any) -> Organisation:
    return organise([ManualInForce(code, manual) for code, manual in manuals], **options)


def brief(findings: list[Finding] | tuple[Finding, ...]) -> list[tuple[str, str, str | None]]:
    return [(f.code, f.path, f.kind) for f in findings]


# The chart holds every REPORTA A ----------------------------------------------------------------

class TestEveryEdge:
    """The chart of the manuals in force holds every REPORTA A edge, to positions of any manual and to roles."""

    def test_the_json_holds_every_edge(self, office: Path) -> None:
        document = json_of(office, "org", "--as-of", TODAY_ALL)
        jsonschema.validate(document, SCHEMAS["org"])
        assert the_edges(document) == EDGES
        assert document["findings"] == [] and document["skipped"] == []
        assert [(m["code"], m["version"]) for m in document["manuals"]] == [
            ("310-0120", 3), ("420-0210", 4), ("510-0305", 3), ("900-0935", 5)]

    def test_each_edge_is_a_reports_to_line_of_the_texts(self, office: Path) -> None:
        """Read without docversion's reader: the REPORTA A lines of the texts, and the 310 0120 YAML files."""
        written = []
        for path in (HISTORY / "v5.txt", CORPUS / "420-0210.txt", CORPUS / "510-0305.txt"):
            written += re.findall(r"^REPORTA A: (.+?)\.?\t", path.read_text(encoding="utf-8"), re.MULTILINE)
        for path in (REPO / "manuals" / "310-0120" / "positions").glob("*.yaml"):
            written += re.findall(r"^reports_to: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        document = json_of(office, "org", "--as-of", TODAY_ALL)
        assert sorted(edge["reports_to"] for edge in document["edges"]) == sorted(written)
        assert len(written) == len(EDGES) == 16

    def test_roles_are_the_covers_that_no_position_holds(self, office: Path) -> None:
        document = json_of(office, "org", "--as-of", TODAY_ALL)
        roles = [(n["id"], n["title"]) for n in document["nodes"] if n["kind"] == "role"]
        assert roles == [("role:presidente-y-director-ejecutivo", "Presidente y Director Ejecutivo"),
                         ("role:gerente-financiero", "Gerente Financiero"),
                         ("role:gerente-administrativo", "Gerente Administrativo"),
                         ("role:gerente-servicio-al-cliente", "Gerente Servicio al Cliente")]
        jefe = next(n for n in document["nodes"] if n["id"] == ONLINE_HEAD)
        assert jefe == {"id": ONLINE_HEAD, "kind": "position", "title": "Jefe Área de Servicios en Línea",
                        "code": "900-0935", "position_id": "jefe-agencia-virtual", "unit": "Área de Servicios en Línea",
                        "department": "Gerencia de Servicio al Cliente"}

    def test_dot_holds_every_edge(self, office: Path) -> None:
        code, out, _ = dv(office, "org", "--as-of", TODAY_ALL, "--format", "dot")
        assert code == 0
        assert sorted(dot_edges(out)) == sorted((source, target) for source, target, _kind in EDGES)

    def test_mermaid_holds_every_edge(self, office: Path) -> None:
        code, out, _ = dv(office, "org", "--as-of", TODAY_ALL, "--format", "mermaid")
        assert code == 0
        check_mermaid(out)
        titles = dict(re.findall(r'^\s+([nr]\d+)\(?\["(.*)"\]\)?$', out, re.M))
        lines = re.findall(r"^  ([nr]\d+) (?:---|-\.-) (n\d+)$", out, re.M)
        nodes = json_of(office, "org", "--as-of", TODAY_ALL)["nodes"]
        by_title = {node["title"]: node["id"] for node in nodes}
        assert sorted((by_title[titles[sub]], by_title[titles[sup]]) for sup, sub in lines) == sorted(
            (source, target) for source, target, _kind in EDGES)

    def test_units_group_the_positions_of_each_manual(self, office: Path) -> None:
        [manual] = [m for m in json_of(office, "org", "--as-of", TODAY_ALL)["manuals"] if m["code"] == "510-0305"]
        assert manual["units"] == [{"name": "Área de Gestión del Talento Humano", "department": "Gerencia Administrativa",
                                    "nodes": [PEOPLE_HEAD, "510-0305/analista-de-seleccion-y-desarrollo",
                                              "510-0305/analista-de-remuneraciones",
                                              "510-0305/tecnico-de-bienestar-laboral", "510-0305/auxiliar-de-planillas"]}]


def dot_edges(text: str) -> list[tuple[str, str]]:
    """(reporting position, superior) of each line of a DOT chart between nodes of the organisation (its
    red notes carry no id), by the ids its nodes carry."""
    check_dot(text)
    ids = dict(re.findall(r'^\s+(\w+) \[label="(?:[^"\\]|\\.)*", id="([^"]*)"', text, re.M))
    return [(ids[sub], ids[sup]) for sup, sub in re.findall(r"^  (\w+) -> (\w+)", text, re.M) if sup in ids]


def check_dot(text: str) -> None:
    """The DOT reads: every quoted string closed, what is left only DOT's own tokens, braces balanced."""
    bare = re.sub(r'"(?:[^"\\\n]|\\.)*"', "S", text)
    assert '"' not in bare
    assert re.fullmatch(r"(?:\s|[\w#]+|->|[\[\]{}=,;])*", bare), bare
    assert bare.count("{") == bare.count("}")
    if HAS_DOT:
        done = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.lstrip().startswith(b"<?xml")


_LABEL = r'"[^"\n]*"'
_MERMAID_LINES = [r"---", rf"title: {_LABEL}", r"flowchart TB", rf"  (?:  )?subgraph m\d+(?:u\d+)?\[{_LABEL}\]",
                  r"  (?:  )?end", rf"      n\d+\[{_LABEL}\]", rf"  r\d+\(\[{_LABEL}\]\)", rf"  x\d+>{_LABEL}\]",
                  r"  [nrx]\d+ (?:---|-\.-) n\d+", r"  classDef (?:role|missing) [-\w:#, ]+",
                  r"  class [nrx]\d+(?:,[nrx]\d+)* (?:role|missing)"]


def check_mermaid(text: str) -> None:
    """The Mermaid reads as the flowchart grammar docversion writes: each line one known statement,
    every label quoted with no quote inside, every subgraph ended."""
    lines = text.splitlines()
    assert lines[:4] == ["---", lines[1], "---", "flowchart TB"]
    wrong = [line for line in lines if not any(re.fullmatch(pattern, line) for pattern in _MERMAID_LINES)]
    assert wrong == []
    assert sum("subgraph" in line for line in lines) == sum(line.strip() == "end" for line in lines)


# Formats, files and the day ---------------------------------------------------------------------

@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Graphviz not installed, as docversion sees it."""
    monkeypatch.setattr(graphviz, "PROGRAM", "dot-is-not-installed-here")


def fake_dot(folder: Path, body: str) -> Path:
    script = folder / "fake-dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


class TestFormats:
    """svg by Graphviz when it is installed, else Mermaid (said on stderr); -o writes the file whole."""

    def test_without_graphviz_the_default_is_mermaid_and_says_so(self, office: Path, no_dot: None) -> None:
        code, out, err = dv(office, "org", "--as-of", TODAY_ALL)
        assert code == 0
        check_mermaid(out)
        assert err.startswith("Graphviz is not installed (no 'dot' program on PATH): writing the chart as Mermaid "
                              "text; install the graphviz package for SVG")
        assert err.splitlines()[-1] == ("Organisation in force on 2030-01-01 (4 manuals; 16 positions): 16 REPORTA A "
                                        "edges, 0 findings ('docversion lint --all' explains them)")

    def test_svg_without_graphviz_is_an_error_naming_the_package(self, office: Path, no_dot: None) -> None:
        code, out, err = dv(office, "org", "--format", "svg")
        assert (code, out) == (1, "")
        assert err == ("error: Graphviz is not installed (no 'dot' program on PATH), so the chart cannot be drawn as "
                       "SVG: install the graphviz package (Debian/Ubuntu: apt install graphviz), or choose --format "
                       "mermaid, dot, html or text\n")
        code, out, _ = dv(office, "org", "--format", "svg", "-o", "never.svg", "--json")
        assert code == 1
        jsonschema.validate(json.loads(out), ERROR)
        assert json.loads(out)["error"]["type"] == "ToolNotInstalledError"

    @pytest.mark.skipif(not HAS_DOT, reason="Graphviz (dot) is not installed")
    def test_with_graphviz_the_default_is_svg(self, office: Path) -> None:
        code, out, err = dv(office, "org", "--as-of", TODAY_ALL)
        assert code == 0 and "Graphviz is not installed" not in err
        assert out.startswith("<?xml") and "</svg>" in out
        drawn = html.unescape(out)  # Graphviz writes "-" as "&#45;"
        for source, target, _kind in EDGES:
            assert f'id="{source}"' in drawn and f'id="{target}"' in drawn

    def test_the_program_is_run_as_an_argument_list(self, office: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
        """dot gets -Tsvg and the DOT on stdin, nothing through a shell."""
        seen = tmp_path / "argv"
        monkeypatch.setattr(graphviz, "PROGRAM", str(fake_dot(tmp_path, f'echo "$@" > {seen}; cat > {seen}.in; '
                                                                 "echo '<svg>drawn</svg>'")))
        code, out, _ = dv(office, "org", "--as-of", TODAY_ALL, "--format", "svg")
        assert (code, out) == (0, "<svg>drawn</svg>\n")
        assert seen.read_text() == "-Tsvg\n"
        assert Path(f"{seen}.in").read_text(encoding="utf-8") == dv(office, "org", "--as-of", TODAY_ALL, "--format",
                                                                    "dot")[1]

    def test_a_failing_graphviz_is_an_error_with_its_words(self, office: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(graphviz, "PROGRAM", str(fake_dot(tmp_path, "echo 'syntax error in line 3' >&2; exit 1")))
        code, _, err = dv(office, "org", "--format", "svg")
        assert code == 1
        assert "Graphviz could not draw the chart" in err and "exited 1): syntax error in line 3" in err

    def test_a_graphviz_that_does_not_finish_is_stopped(self, tmp_path: Path) -> None:
        slow = fake_dot(tmp_path, "exec sleep 30")
        with pytest.raises(ExternalToolError, match=r"did not draw the chart within 0.5 s"):
            graphviz.dot_to_svg("digraph {}", dot=str(slow), timeout=0.5)

    def test_output_file_is_written_whole(self, office: Path, tmp_path: Path) -> None:
        target = tmp_path / "chart" / "org.dot"
        target.parent.mkdir()
        code, out, err = dv(office, "org", "--as-of", TODAY_ALL, "--format", "dot", "-o", str(target))
        assert (code, out) == (0, "")
        assert f"wrote {target}" in err
        assert target.read_text(encoding="utf-8") == dv(office, "org", "--as-of", TODAY_ALL, "--format", "dot")[1]
        assert [p.name for p in target.parent.iterdir()] == ["org.dot"], "no temporary file is left"

    def test_json_with_an_output_file(self, office: Path, tmp_path: Path) -> None:
        target = tmp_path / "org.mmd"
        document = json_of(office, "org", "--as-of", TODAY_ALL, "--format", "mermaid", "-o", str(target))
        jsonschema.validate(document, SCHEMAS["org"])
        assert (document["format"], document["output"]) == ("mermaid", str(target))
        check_mermaid(target.read_text(encoding="utf-8"))

    def test_json_alone_writes_no_chart(self, office: Path) -> None:
        code, out, _ = dv(office, "org", "--as-of", TODAY_ALL, "--json")
        document = json.loads(out)
        assert code == 0 and (document["format"], document["output"]) == (None, None)

    def test_html_without_graphviz_holds_the_mermaid_text_and_loads_nothing(self, office: Path, tmp_path: Path,
                                                                            no_dot: None) -> None:
        target = tmp_path / "org.html"
        code, _, err = dv(office, "org", "--as-of", TODAY_ALL, "--format", "html", "-o", str(target))
        page = target.read_text(encoding="utf-8")
        assert code == 0 and "the page holds the chart as Mermaid text" in err
        assert '<pre class="mermaid-source">---\ntitle: &quot;Organisation in force on 2030-01-01' in page
        assert "paste it into a Mermaid editor" in page
        assert "http" not in page.replace("http-equiv", "") and "<script" not in page

    @pytest.mark.skipif(not HAS_DOT, reason="Graphviz (dot) is not installed")
    def test_html_with_graphviz_embeds_the_svg(self, office: Path) -> None:
        code, out, _ = dv(office, "org", "--as-of", TODAY_ALL, "--format", "html")
        assert code == 0
        assert '<div class="chart"><svg ' in out and "<?xml" not in out and "<!DOCTYPE svg" not in out
        assert "<script" not in out and " src=" not in out and "<link" not in out

    def test_text_is_the_terminals_view(self, office: Path) -> None:
        code, out, _ = dv(office, "org", "--as-of", TODAY_ALL, "--format", "text")
        assert code == 0
        assert out.splitlines()[:6] == [
            "Organisation in force on 2030-01-01 (4 manuals; 16 positions)",
            "── 310-0120 v03: UNIDAD DE ADQUISICIONES Y CONTRATACIONES INSTITUCIONAL",
            "   Unidad de Adquisiciones y Contrataciones Institucional (Presidencia)",
            "     Jefe de la Unidad de Adquisiciones y Contrataciones",
            "     [jefe-de-la-unidad-de-adquisiciones-y-contrataciones]",
            "       reports to Presidente y Director Ejecutivo (cover role)"]


class TestAsOf:
    """--as-of reads each manual's version in force that day; a manual with none that day is skipped, and named."""

    def test_before_a_manuals_first_version_it_is_skipped(self, office: Path) -> None:
        code, out, err = dv(office, "org", "--as-of", "01/01/2012", "--json")
        assert code == 0
        document = json.loads(out)
        jsonschema.validate(document, SCHEMAS["org"])
        assert [(m["code"], m["version"]) for m in document["manuals"]] == [("900-0935", 2)]
        assert document["skipped"] == [{"code": "310-0120", "first_in_force": "2019-08-01"},
                                       {"code": "420-0210", "first_in_force": "2019-09-03"},
                                       {"code": "510-0305", "first_in_force": "2020-03-02"}]
        assert err.splitlines() == ["skipped 310-0120: its first version came into force on 2019-08-01",
                                    "skipped 420-0210: its first version came into force on 2019-09-03",
                                    "skipped 510-0305: its first version came into force on 2020-03-02"]
        assert the_edges(document) == [(ONLINE_HEAD, "role:gerente-comercial", "role"),
                                       ("900-0935/analista-de-agencia-virtual", ONLINE_HEAD, "position")]

    def test_each_manual_at_its_own_version(self, office: Path) -> None:
        document = json_of(office, "org", "--as-of", "02 de enero de 2017")
        assert [(m["code"], m["version"]) for m in document["manuals"]] == [("900-0935", 4)]

    def test_a_manual_with_only_a_draft_is_skipped(self, own_store: Path, tmp_path: Path) -> None:
        write_manual_dir(TREASURY.model_copy(update={"cover": TREASURY.cover.model_copy(update={"code": "420 0299"})}),
                         tmp_path / "draft")
        ok(own_store, "import", str(tmp_path / "draft"))
        document = json_of(own_store, "lint", "--all", "--as-of", TODAY_ALL)
        assert document["skipped"] == [{"code": "420-0299", "first_in_force": None}]

    def test_a_day_before_every_manual_is_an_error(self, office: Path) -> None:
        code, _, err = dv(office, "org", "--as-of", "2000-01-01")
        assert code == 1
        assert err.splitlines()[-1] == ("error: no manual of the store was in force on 2000-01-01: 'docversion list' "
                                        "shows when each came into force")


# Findings across manuals ------------------------------------------------------------------------

PLANTED = "Traslado del puesto Auxiliar de Planillas a la Unidad de Tesorería."


@pytest.fixture
def planted(own_store: Path, tmp_path: Path) -> Path:
    """510 0305 v4 (in force 2021-01-04): its Auxiliar de Planillas reports to 420 0210's Jefe de la Unidad
    de Tesorería, whose list of direct reports (and the Analista de Remuneraciones' list) still say otherwise."""
    moved = edit(in_store(own_store, "510-0305"), "auxiliar-de-planillas", reports_to="Jefe de la Unidad de Tesorería")
    record_version(own_store, next_version(moved, date(2021, 1, 4), PLANTED), tmp_path / "510-v4")
    return own_store


DISAGREEMENT = [
    'warning: 420-0210: positions.jefe-de-la-unidad-de-tesoreria.direct_reports: its direct reports disagree with '
    'the positions whose REPORTA A names it (3 listed; 4 report to it): reporting to it but not listed: "Auxiliar de '
    'Planillas" (510-0305)',
    'warning: 510-0305: positions.analista-de-remuneraciones.direct_reports: its direct reports disagree with the '
    'positions whose REPORTA A names it (1 listed; 0 report to it): listed but not reporting to it: "Auxiliar de '
    'Planillas" (reports to "Jefe de la Unidad de Tesorería")']


class TestPlantedDisagreement:
    """A new version of one manual that the other manual does not agree with is found by lint --all."""

    def test_lint_all_finds_it_on_both_sides(self, planted: Path) -> None:
        code, out, err = dv(planted, "lint", "--all", "--as-of", "2021-02-01")
        assert (code, out) == (0, ""), "warnings alone exit 0, as lint does"
        assert err.splitlines() == [*DISAGREEMENT, "310-0120@v3: 0 errors, 0 warnings",
                                    "420-0210@v4: 0 errors, 1 warning", "510-0305@v4: 0 errors, 1 warning",
                                    "900-0935@v5: 0 errors, 0 warnings",
                                    "4 manuals in force on 2021-02-01: 0 errors, 2 warnings"]

    def test_the_one_manual_warnings_are_not_repeated(self, planted: Path) -> None:
        """lint 510-0305 alone warns twice (a superior of no manual it knows, a report that does not report
        back); --all answers both across manuals, so neither is printed again."""
        code, _, err = dv(planted, "lint", "510-0305")
        assert code == 0 and err.count("warning:") == 2
        assert "which is no position of this manual" in err
        assert "which is no position of this manual" not in dv(planted, "lint", "--all")[2]

    def test_json(self, planted: Path) -> None:
        document = json_of(planted, "lint", "--all", "--as-of", "2021-02-01")
        jsonschema.validate(document, SCHEMAS["lint"])
        assert document["manuals"] == [
            {"code": "310-0120", "version": 3, "base": None, "errors": 0, "warnings": 0},
            {"code": "420-0210", "version": 4, "base": None, "errors": 0, "warnings": 1},
            {"code": "510-0305", "version": 4, "base": "v3", "errors": 0, "warnings": 1},
            {"code": "900-0935", "version": 5, "base": "v4", "errors": 0, "warnings": 0}]
        assert document["findings"][0] == {
            "severity": "warning", "kind": "direct_reports_disagree", "code": "420-0210",
            "path": "positions.jefe-de-la-unidad-de-tesoreria.direct_reports",
            "position_id": "jefe-de-la-unidad-de-tesoreria", "field": "direct_reports",
            "label": "Puestos directamente bajo su cargo", "message": DISAGREEMENT[0].split(".direct_reports: ")[1]}
        assert (document["as_of"], document["ok"], document["skipped"]) == ("2021-02-01", True, [])

    def test_the_chart_draws_the_edge_across_manuals(self, planted: Path) -> None:
        document = json_of(planted, "org", "--as-of", "2021-02-01")
        assert ("510-0305/auxiliar-de-planillas", TREASURY_HEAD, "position") in the_edges(document)
        assert [f["kind"] for f in document["findings"]] == ["direct_reports_disagree", "direct_reports_disagree"]

    def test_before_the_new_version_there_is_no_disagreement(self, planted: Path) -> None:
        document = json_of(planted, "lint", "--all", "--as-of", "2020-12-31")
        assert document["findings"] == []

    def test_a_reports_to_naming_a_title_the_other_manual_no_longer_has(self, planted: Path, tmp_path: Path) -> None:
        """420 0210 lists the Auxiliar (v5, agreeing), then renames its Jefe (v6): 510 0305's Auxiliar de
        Planillas still reports to the old title, which no manual in force holds any more."""
        treasury = in_store(planted, "420-0210")
        jefe = treasury.position("jefe-de-la-unidad-de-tesoreria")
        listing = edit(treasury, jefe.id, direct_reports=(*jefe.direct_reports, "Auxiliar de Planillas"),
                       direct_reports_count=4)
        record_version(planted, next_version(listing, date(2021, 3, 1), PLANTED), tmp_path / "420-v5")
        new_title = "Jefe de la Unidad de Tesorería Institucional"
        renamed = edit(in_store(planted, "420-0210"), jefe.id, title=new_title)
        for report in ("analista-de-tesoreria", "tecnico-de-pagos", "cajero-general"):
            renamed = edit(renamed, report, reports_to=new_title)
        renamed = renamed.model_copy(update={"cover": renamed.cover.model_copy(update={"process_owner": new_title})})
        record_version(planted, next_version(renamed, date(2022, 1, 3), "Renombramiento del puesto Jefe de la Unidad "
                                             "de Tesorería por Jefe de la Unidad de Tesorería Institucional."),
                       tmp_path / "420-v6")
        agreeing = json_of(planted, "lint", "--all", "--as-of", "2021-06-01")["findings"]
        assert [f["path"] for f in agreeing] == ["positions.analista-de-remuneraciones.direct_reports"], \
            "420 0210 v5 agrees with the move; 510 0305's Analista still lists the Auxiliar"
        code, _, err = dv(planted, "lint", "--all", "--as-of", "2022-02-01")
        assert code == 0
        assert err.splitlines()[:3] == [
            'warning: 420-0210: positions.jefe-de-la-unidad-de-tesoreria.direct_reports: its direct reports disagree '
            'with the positions whose REPORTA A names it (4 listed; 3 report to it): listed but not reporting to it: '
            '"Auxiliar de Planillas" (reports to "Jefe de la Unidad de Tesorería")',
            DISAGREEMENT[1],
            'warning: 510-0305: positions.auxiliar-de-planillas.reports_to: reports to "Jefe de la Unidad de '
            'Tesorería", which is no position of any manual in force and no role of their covers: check the title']
        edges = the_edges(json_of(planted, "org", "--as-of", "2022-02-01"))
        assert ("510-0305/auxiliar-de-planillas", None, "dangling") in edges

    def test_spanish(self, planted: Path) -> None:
        code, _, err = dv(planted, "--lang", "es", "lint", "--all", "--as-of", "2021-02-01")
        assert code == 0
        assert err.splitlines()[0] == (
            'advertencia: 420-0210: jefe-de-la-unidad-de-tesoreria, Puestos directamente bajo su cargo: sus puestos '
            'bajo su cargo no coinciden con los puestos cuyo REPORTA A lo nombra (3 enumerados; 4 le reportan): le '
            'reportan sin estar enumerados: "Auxiliar de Planillas" (510-0305)')
        assert err.splitlines()[-1] == "4 manuales vigentes el 2021-02-01: 0 errores, 2 advertencias"
        code, out, err = dv(planted, "org", "--lang", "es", "--as-of", "2021-02-01", "--format", "text")
        assert code == 0
        assert out.splitlines()[0] == "Organización vigente el 2021-02-01 (4 manuales; 16 puestos)"
        assert "       reporta a Jefe de la Unidad de Tesorería (420-0210)" in out.splitlines()
        assert "Hallazgos:" in out.splitlines()
        assert err.splitlines()[-1] == ("Organización vigente el 2021-02-01 (4 manuales; 16 puestos): 16 relaciones "
                                        "REPORTA A, 2 hallazgos ('docversion lint --all' los explica)")


class TestTitleUsedTwice:
    """One title held by two positions, in two manuals or in one, is found; a REPORTA A naming it goes nowhere."""

    def test_across_manuals_in_the_store(self, own_store: Path, tmp_path: Path) -> None:
        """420 0210 v5 renames its Cajero General to Auxiliar Administrativo, a title 310 0120 has."""
        treasury = edit(in_store(own_store, "420-0210"), "cajero-general", title="Auxiliar Administrativo")
        treasury = edit(treasury, "jefe-de-la-unidad-de-tesoreria",
                        direct_reports=("Analista de Tesorería", "Técnico de Pagos", "Auxiliar Administrativo"))
        record_version(own_store, next_version(treasury, date(2021, 5, 3), "Renombramiento del puesto Cajero General "
                                               "por Auxiliar Administrativo."), tmp_path / "420-v5")
        code, _, err = dv(own_store, "lint", "--all", "--as-of", TODAY_ALL)
        assert code == 0
        assert err.splitlines()[:2] == [
            'warning: 310-0120: positions.auxiliar-administrativo.title: the title "Auxiliar Administrativo" is also '
            "the title of cajero-general (420-0210): a REPORTA A or PUESTOS DIRECTAMENTE BAJO SU CARGO that names it "
            "cannot tell them apart; give each position its own title",
            'warning: 420-0210: positions.cajero-general.title: the title "Auxiliar Administrativo" is also the title '
            "of auxiliar-administrativo (310-0120): a REPORTA A or PUESTOS DIRECTAMENTE BAJO SU CARGO that names it "
            "cannot tell them apart; give each position its own title"]
        document = json_of(own_store, "lint", "--all", "--as-of", TODAY_ALL)
        jsonschema.validate(document, SCHEMAS["lint"])
        assert [(f["kind"], f["label"]) for f in document["findings"]] == [("title_used_twice", "Puesto funcional")] * 2

    def test_a_reports_to_naming_it_is_ambiguous(self) -> None:
        treasury = edit(TREASURY, "cajero-general", title="Auxiliar Administrativo")
        treasury = edit(treasury, "jefe-de-la-unidad-de-tesoreria",
                        direct_reports=("Analista de Tesorería", "Técnico de Pagos", "Auxiliar Administrativo"))
        people = edit(PEOPLE, "auxiliar-de-planillas", reports_to="auxiliar administrativo.")
        organisation = chart(("310-0120", PROCUREMENT), ("420-0210", treasury), ("510-0305", people))
        [edge] = [e for e in organisation.edges if e.source == "510-0305/auxiliar-de-planillas"]
        assert (edge.target, edge.kind, edge.candidates) == (
            None, "ambiguous", ("310-0120/auxiliar-administrativo", "420-0210/cajero-general"))
        assert brief(organisation.findings) == [
            ("310-0120", "positions.auxiliar-administrativo.title", "title_used_twice"),
            ("420-0210", "positions.cajero-general.title", "title_used_twice"),
            ("510-0305", "positions.analista-de-remuneraciones.direct_reports", "direct_reports_disagree"),
            ("510-0305", "positions.auxiliar-de-planillas.reports_to", "ambiguous_superior")]
        assert organisation.findings[3].message == (
            'reports to "auxiliar administrativo.", the title of 2 positions (auxiliar-administrativo (310-0120), '
            "cajero-general (420-0210)): the chart cannot tell which")

    def test_within_one_manual(self) -> None:
        twice = edit(PEOPLE, "analista-de-seleccion-y-desarrollo", title="Analista de Remuneraciones")
        findings = chart(("510-0305", twice)).findings
        assert brief(findings) == [
            ("510-0305", "positions.jefe-area-de-gestion-del-talento-humano.direct_reports", "direct_reports_disagree"),
            ("510-0305", "positions.analista-de-seleccion-y-desarrollo.title", "title_used_twice"),
            ("510-0305", "positions.analista-de-remuneraciones.title", "title_used_twice"),
            ("510-0305", "positions.auxiliar-de-planillas.reports_to", "ambiguous_superior")]
        assert "also the title of analista-de-remuneraciones (510-0305)" in findings[1].message
        assert findings[0].message.endswith('listed but not reporting to it: "Analista de Selección y Desarrollo" '
                                            "(no position of any manual in force)")


class TestRules:
    """How REPORTA A is matched and which findings lint --all keeps."""

    def test_titles_match_as_one_manuals_lint_matches_them(self) -> None:
        people = edit(PEOPLE, "auxiliar-de-planillas", reports_to="JEFE DE LA UNIDAD DE TESORERIA.")
        edges = chart(("420-0210", TREASURY), ("510-0305", people)).edges
        assert ("510-0305/auxiliar-de-planillas", TREASURY_HEAD, "position") in [
            (e.source, e.target, e.kind) for e in edges]

    def test_a_position_wins_over_a_cover_role_of_the_same_words(self) -> None:
        """Jefe Área de Servicios en Línea is the cover's Responsable de Proceso and a position: the position."""
        edges = chart(("900-0935", ONLINE)).edges
        assert [(e.source, e.target, e.kind) for e in edges][1] == (
            "900-0935/promotor-de-servicios-en-linea", "900-0935/jefe-area-de-servicios-en-linea", "position")

    def test_a_cover_role_of_another_manual_is_a_role(self) -> None:
        """420 0210's Revisado names Gerente Financiero: a REPORTA A of 510 0305 may name it too."""
        people = edit(PEOPLE, "jefe-area-de-gestion-del-talento-humano", reports_to="Gerente Financiero")
        organisation = chart(("420-0210", TREASURY), ("510-0305", people))
        assert [e.target for e in organisation.edges if e.kind == "role"] == ["role:gerente-financiero"] * 2
        assert organisation.findings == ()

    def test_na_is_the_top_of_the_chart(self) -> None:
        organisation = chart(("420-0210", edit(TREASURY, "jefe-de-la-unidad-de-tesoreria", reports_to="N/A")))
        assert [e.source for e in organisation.edges] == [
            "420-0210/analista-de-tesoreria", "420-0210/tecnico-de-pagos", "420-0210/cajero-general"]
        assert organisation.findings == () and organisation.roles == ()

    def test_a_listed_title_no_manual_describes(self) -> None:
        jefe = edit(TREASURY, "jefe-de-la-unidad-de-tesoreria",
                    direct_reports=("Analista de Tesorería", "Técnico de Pagos", "Cajero General", "Auxiliar de Caja"),
                    direct_reports_count=4)
        [finding] = chart(("420-0210", jefe)).findings
        assert finding.message.endswith('(4 listed; 3 report to it): listed but not reporting to it: "Auxiliar de '
                                        'Caja" (no position of any manual in force)')

    def test_a_report_that_is_not_listed(self) -> None:
        jefe = edit(TREASURY, "jefe-de-la-unidad-de-tesoreria", direct_reports=("Analista de Tesorería",),
                    direct_reports_count=1)
        [finding] = chart(("420-0210", jefe)).findings
        assert finding.message.endswith('(1 listed; 3 report to it): reporting to it but not listed: "Técnico de '
                                        'Pagos", "Cajero General"')

    def test_lint_all_leaves_out_the_warnings_it_answers(self) -> None:
        people = edit(PEOPLE, "auxiliar-de-planillas", reports_to="Jefe de la Unidad de Tesorería")
        assert [f.kind for f in lint(people)] == ["not_reporting_back", "unknown_superior"]
        manuals = [ManualInForce("420-0210", TREASURY), ManualInForce("510-0305", people)]
        assert [f.kind for f in lint_all(manuals)] == ["direct_reports_disagree", "direct_reports_disagree"]

    def test_an_error_of_one_manual_is_not_said_again_across_manuals(self) -> None:
        """The Promotor renamed, the Jefe's list left stale: one error, not also a disagreement there."""
        stale = edit(ONLINE, "promotor-de-servicios-en-linea", title="Promotor de Canales en Línea")
        [finding] = lint_all([ManualInForce("900-0935", stale, ONLINE)])
        assert (finding.severity, finding.path, finding.kind, finding.code) == (
            "error", "positions.jefe-area-de-servicios-en-linea.direct_reports.0", "stale_title", "900-0935")
        assert [f.kind for f in organise([ManualInForce("900-0935", stale)]).findings] == ["direct_reports_disagree"]

    def test_an_error_exits_5(self, own_store: Path, tmp_path: Path) -> None:
        online = in_store(own_store, "900-0935")
        stale = edit(online, "analista-de-agencia-virtual", title="Promotor de Canales en Línea")
        record_version(own_store, next_version(stale, date(2024, 1, 2), "Renombramiento del puesto Promotor de "
                                               "Servicios en Línea por Promotor de Canales en Línea."),
                       tmp_path / "900-v6")
        code, out, err = dv(own_store, "lint", "--all", "--as-of", TODAY_ALL)
        assert (code, out) == (5, "")
        assert err.splitlines()[0] == (
            'error: 900-0935: positions.jefe-agencia-virtual.direct_reports.0: lists "Promotor de Servicios en Línea", '
            'the old title of "Promotor de Canales en Línea" (renamed in this version): write the new title')
        assert err.splitlines()[-1] == "4 manuals in force on 2030-01-01: 1 error, 0 warnings"
        document = json_of(own_store, "lint", "--all", "--as-of", TODAY_ALL)
        jsonschema.validate(document, SCHEMAS["lint"])
        assert document["ok"] is False and len(document["findings"]) == 1


class TestLintCommand:
    """lint takes TARGET or --all; --as-of goes with --all; one manual's lint keeps its document and adds kinds."""

    @pytest.mark.parametrize("args", [("lint",), ("lint", "--all", "900-0935"), ("lint", "--as-of", "2020-01-01"),
                                      ("lint", "900-0935", "--as-of", "2020-01-01")])
    def test_usage(self, office: Path, args: tuple[str, ...]) -> None:
        assert dv(office, *args)[0] == 2

    def test_one_manual_json_validates(self, office: Path) -> None:
        document = json_of(office, "lint", "900-0935")
        jsonschema.validate(document, SCHEMAS["lint"])
        assert document == {"schema_version": 1, "target": "900-0935", "base": "v4", "ok": True, "findings": []}

    def test_schemas_are_printed(self) -> None:
        for name in ("org", "lint"):
            code, out, _ = dv(None, "schema", "--for", name)
            assert code == 0 and json.loads(out) == SCHEMAS[name]


# Escaping -------------------------------------------------------------------------------------

def hostile() -> Organisation:
    """The seed with its Jefe titled HOSTILE (the others reporting to it) and reporting to a hostile unknown."""
    manual = edit(ONLINE, "jefe-area-de-servicios-en-linea", title=HOSTILE, reports_to='Gerente "X" \\ <b>')
    for position in ("promotor-de-servicios-en-linea", "asistente-de-soporte-de-servicios-en-linea"):
        manual = edit(manual, position, reports_to=HOSTILE)
    data = plain_data(manual.model_dump())
    data["positions"][0]["direct_reports"] = [p["title"] for p in data["positions"][1:]]
    return chart(("900-0935", Manual.model_validate(data)), as_of=date(2024, 1, 1))


class TestEscaping:
    """A manual's words reach every chart language as written, never as that language's syntax."""

    def test_dot_strings(self) -> None:
        assert dot_string('a "b" \\N c\nd') == '"a \\"b\\" \\\\N c\\nd"'

    def test_dot(self) -> None:
        text = dot_source(hostile())
        assert ('      n0 [label="Jefe \\"Uno\\" \\\\N \\\\ <script>alert(1)</script> #quot; & `end` %% end", '
                'id="900-0935/jefe-area-de-servicios-en-linea"];') in text.splitlines()
        assert '  x0 [label="Gerente \\"X\\" \\\\ <b>\\n(no position or role of that title)"' in text
        check_dot(text)
        assert sorted(dot_edges(text)) == [
            ("900-0935/asistente-de-soporte-de-servicios-en-linea", "900-0935/jefe-area-de-servicios-en-linea"),
            ("900-0935/promotor-de-servicios-en-linea", "900-0935/jefe-area-de-servicios-en-linea")]

    @pytest.mark.skipif(not HAS_DOT, reason="Graphviz (dot) is not installed")
    def test_dot_draws_the_title_as_written(self) -> None:
        svg = graphviz.dot_to_svg(dot_source(hostile()))
        assert ("Jefe &quot;Uno&quot; \\N \\ &lt;script&gt;alert(1)&lt;/script&gt; #quot; &amp; `end` %% end"
                in svg)
        assert "<script" not in svg

    def test_mermaid_strings(self) -> None:
        assert mermaid_string('a "b" #c <d> & `e`\nf') == '"a #quot;b#quot; #35;c #lt;d#gt; #amp; #96;e#96; f"'

    def test_mermaid(self) -> None:
        text = mermaid_source(hostile())
        check_mermaid(text)
        assert ('      n0["Jefe #quot;Uno#quot; \\N \\ #lt;script#gt;alert(1)#lt;/script#gt; #35;quot; #amp; '
                '#96;end#96; %% end"]') in text.splitlines()
        assert '  x0>"Gerente #quot;X#quot; \\ #lt;b#gt; (no position or role of that title)"]' in text.splitlines()

    def test_html(self) -> None:
        organisation = hostile()
        page = html_page(organisation, None, mermaid_source(organisation))
        assert "<script" not in page and "<b>" not in page
        assert "#lt;script#gt;" in page and "Gerente &quot;X&quot; \\ &lt;b&gt;" in page
        if HAS_DOT:
            drawn = html_page(organisation, graphviz.dot_to_svg(dot_source(organisation)), "")
            assert "<script" not in drawn and "&lt;script&gt;" in drawn

    def test_ids_no_title_can_break(self) -> None:
        """Mermaid's ids are docversion's own: no title ("end", quotes) ever becomes one."""
        ids = re.findall(r"^\s+(\w+)[\[(>]", mermaid_source(hostile()), re.M)
        assert all(re.fullmatch(r"[nrx]\d+|m\d+(?:u\d+)?", i) for i in ids)


# The terminal's view --------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(view: Any, width: int, mode: str = "plain") -> str:
    console = (Console(file=io.StringIO(), width=width, color_system=None) if mode == "plain" else
               Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True))
    console.print(view)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def words(output: str) -> set[str]:
    return set(ANSI.sub("", output).split())


def view_organisation() -> Organisation:
    """Four manuals, a superior in another manual, a finding and a manual skipped."""
    people = edit(PEOPLE, "auxiliar-de-planillas", reports_to="Jefe de la Unidad de Tesorería")
    return chart(("310-0120", PROCUREMENT), ("420-0210", TREASURY), ("510-0305", people), ("900-0935", ONLINE),
                 as_of=date(2024, 1, 1), skipped=(Skipped("630-0415", date(2025, 1, 2)), Skipped("700-0001", None)))


class TestView:
    """The terminal's view at 80 and 120 columns: nothing wider, no word or id cut in two."""

    @pytest.mark.parametrize("language", ["en", "es"])
    @pytest.mark.parametrize("mode", ["plain", "color"])
    @pytest.mark.parametrize("width", [80, 120])
    def test_fits_and_breaks_no_word(self, width: int, mode: str, language: str) -> None:
        use(language)
        try:
            view = OrganisationView(view_organisation())
            output = render(view, width, mode)
            assert [line for line in ANSI.sub("", output).splitlines() if len(line) > width] == []
            assert words(render(view, 400, mode)) - words(output) == set()
            if mode == "plain":
                assert "\x1b[" not in output
        finally:
            use("en")

    def test_reads(self) -> None:
        lines = render(OrganisationView(view_organisation()), 120).splitlines()
        assert lines[0] == "Organisation in force on 2024-01-01 (4 manuals; 16 positions)"
        assert "     Auxiliar de Planillas [auxiliar-de-planillas]" in lines
        assert "       reports to Jefe de la Unidad de Tesorería (420-0210)" in lines
        assert "       reports to Gerente Financiero (cover role)" in lines
        assert lines[-3:] == ["Not in force on that day:",
                              "   - 630-0415: its first version came into force on 2025-01-02",
                              "   - 700-0001: no published version"]
        assert "Findings:" in lines

    def test_ids_keep_their_line_at_80_columns(self) -> None:
        lines = render(OrganisationView(view_organisation()), 80).splitlines()
        ids = [node.position_id for node in view_organisation().nodes if node.position_id]
        assert [i for i in ids if not any(f"[{i}]" in line for line in lines)] == []

    def test_brackets_in_a_title_show_as_written(self) -> None:
        organisation = chart(("420-0210", edit(TREASURY, "cajero-general", title="Cajero [sic] [bold]General")))
        assert "Cajero [sic] [bold]General [cajero-general]" in render(OrganisationView(organisation), 120)

    def test_dangling_and_ambiguous_say_so(self) -> None:
        organisation = chart(("420-0210", edit(TREASURY, "cajero-general", reports_to="Gerente de Cajas")))
        assert "       reports to \"Gerente de Cajas\": no position or role of that title" in render(
            OrganisationView(organisation), 120).splitlines()


class TestPurity:
    """The organisation takes manuals and returns records: it imports no store, no terminal, no command line."""

    def test_imports(self) -> None:
        from tests.test_layers import imported_modules

        for name in ("organisation.py", "render/org_chart.py", "render/org_view.py"):
            source = (REPO / "docversion" / name).read_text(encoding="utf-8")
            found = imported_modules(source, "docversion")
            assert not [m for m in found if m.startswith(("docversion.store", "docversion.cli", "click"))], name
            if name == "organisation.py":
                assert not [m for m in found if m.startswith("rich")]
