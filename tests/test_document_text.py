"""A version as Markdown and as one self-contained HTML page.

Both follow the printed layout (cover, index, the seven sections of each position, the key
functions table, the revision table), underline marked spans with ``<u>``, and escape every text
they print: a value never becomes markup, a pipe never splits a Markdown table cell.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.diff.redline import redline
from docversion.formats.document_text import to_html, to_markdown
from docversion.formats.layout import KEY_FUNCTION_HEADERS, REVISION_HEADERS
from docversion.formats.spanish_dates import format_spanish_date
from docversion.formats.text.reader import read_seed_text
from docversion.model import SECTIONS, Manual
from docversion.records import Printing, SignatureRecord

from .conftest import HISTORY, SEED_PATH

AUTHOR = "Ana Analista <ana@example.org>"
HOSTILE_TITLE = "Jefe <script>alert('x')</script> & Cía | Área"
PIPE_FUNCTION = "Conciliar ingresos | egresos del área."
AMPERSAND_ITEM = "Atención al cliente & proveedores <b>externos</b>."


@pytest.fixture(scope="module")
def markdown(seed_manual: Manual) -> str:
    return to_markdown(seed_manual)


@pytest.fixture(scope="module")
def page(seed_manual: Manual) -> str:
    return to_html(seed_manual)


def hostile(seed: Manual) -> Manual:
    """The seed with markup, ampersands and pipes in its values."""
    data = seed.model_dump()
    jefe = data["positions"][0]
    jefe["title"] = HOSTILE_TITLE
    jefe["key_functions"][0]["text"] = PIPE_FUNCTION
    daily = jefe["periodic_functions"]["daily"]
    jefe["periodic_functions"]["daily"] = (AMPERSAND_ITEM, *daily[1:])
    data["cover"]["area"] = "SERVICIOS & <i>CANALES</i>"
    data["revisions"][0]["changes"] = ["Creación | primera versión & <b>única</b>."]
    return Manual.model_validate(data)


def cover_texts(manual: Manual) -> list[str]:
    cover = manual.cover
    assert cover.conformity_statement is not None
    return [cover.code, cover.title, cover.area, cover.authorized_by, *cover.reviewed_by, cover.process_owner,
            cover.conformity_statement, format_spanish_date(cover.created), format_spanish_date(cover.in_force),
            f"Versión: {cover.version:02d}"]


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


class TestMarkdown:
    def test_cover(self, markdown: str, seed_manual: Manual) -> None:
        head = markdown[:markdown.index("## ÍNDICE")]
        for text in cover_texts(seed_manual):
            assert text in head, text
        assert markdown.startswith("# MANUAL DE DESCRIPCIÓN DE PUESTOS · 900 0935\n")

    def test_index_and_positions(self, markdown: str, seed_manual: Manual) -> None:
        index = markdown[markdown.index("## ÍNDICE"):markdown.index("\n## Jefe")]
        for number, position in enumerate(seed_manual.positions, start=1):
            assert f"{number}. {position.title}" in index
        headings = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
        assert headings == ["ÍNDICE", "Jefe Área de Servicios en Línea", "Promotor de Servicios en Línea",
                            "<u>Asistente de Soporte</u> de Servicios en Línea", "MODIFICACIONES REALIZADAS"]

    def test_sections_of_every_position(self, markdown: str, seed_manual: Manual) -> None:
        sections = re.findall(r"^### (.+)$", markdown, flags=re.MULTILINE)
        expected = [f"{numeral}. {title}" for numeral, title, _ in SECTIONS]
        assert sections == expected * len(seed_manual.positions)
        assert [numeral for numeral, _, _ in SECTIONS] == ["I", "II", "III", "IV", "V", "VI", "VII"]

    def test_key_functions_table(self, markdown: str, seed_manual: Manual) -> None:
        assert markdown.count("| " + " | ".join(KEY_FUNCTION_HEADERS) + " |\n|---|---|---|") == 3
        assert ("| Ejecutar la modernización y mejora continua de los canales de servicios en línea. | 30% | "
                "Atención oportuna y eficiente. |") in markdown
        for position in seed_manual.positions:
            for function in position.key_functions:
                assert f"| {function.percent}% |" in markdown

    def test_periodic_functions_numbered(self, markdown: str) -> None:
        jefe = markdown[markdown.index("\n## Jefe"):markdown.index("\n## Promotor")]
        assert "**Diaria.**\n\n1. Impulsar la divulgación de los canales de servicios en línea.\n" in jefe
        assert "**Semanal.**\n\nN/A\n" in jefe
        assert "**Trimestral.**\n\n<u>N/A.</u>\n" in jefe  # an empty list the seed marks as changed

    def test_revision_table(self, markdown: str, seed_manual: Manual) -> None:
        table = markdown[markdown.index("## MODIFICACIONES REALIZADAS"):]
        assert "| " + " | ".join(REVISION_HEADERS) + " |" in table
        rows = [line for line in table.splitlines() if re.match(r"^\| .* \| \d\d \| .* \|$", line)]
        assert len(rows) == len(seed_manual.revisions) == 5
        for line, row in zip(rows, seed_manual.revisions, strict=True):
            assert unescaped_pipes(line) == 4
            assert f"| {row.version:02d} |" in line
            assert f"{row.prepared_by_label}: " in line and row.prepared_by in line
            assert format_spanish_date(row.in_force) in line
        assert "Creación.<br>Analista: Esmeralda Najarro de Artiga" in rows[0]

    def test_marks_underlined(self, markdown: str) -> None:
        assert "<u>Asistente de Soporte</u> de Servicios en Línea" in markdown
        assert "1. Elaborar el plan de trabajo y <u>el presupuesto del área.</u>" in markdown
        assert "<u>otras</u>" in markdown

    def test_escapes_pipes_and_markup(self, seed_manual: Manual) -> None:
        text = to_markdown(hostile(seed_manual))
        assert "<script>" not in text and "<b>externos" not in text and "<i>CANALES" not in text
        assert r"\<script\>" in text
        row = next(line for line in text.splitlines() if line.startswith("| Conciliar"))
        assert row.startswith(r"| Conciliar ingresos \| egresos del área. | 30% |")
        assert unescaped_pipes(row) == 4
        assert "## Jefe \\<script\\>alert('x')\\</script\\> & Cía \\| Área" in text
        revision = next(line for line in text.splitlines() if "Creación" in line)
        assert unescaped_pipes(revision) == 4


class _Structure(HTMLParser):
    """Tags opened and closed in order, and every attribute met."""

    VOID = frozenset({"br", "meta", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.tags: list[str] = []
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def structure(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


class TestHtml:
    def test_one_self_contained_document(self, page: str) -> None:
        assert page.startswith("<!DOCTYPE html>\n")
        assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
        assert "<style>" in page and "@page" in page
        assert '<meta charset="utf-8">' in page
        assert "http" not in page
        assert not re.search(r"\b(src|href)\s*=", page)
        assert "<script" not in page and "<link" not in page and "@import" not in page and "url(" not in page
        parsed = structure(page)
        assert parsed.problems == [] and parsed.stack == []
        assert parsed.doctype == "DOCTYPE html"
        assert {name for name, _ in parsed.attributes} <= {"lang", "charset", "class"}

    def test_cover(self, page: str, seed_manual: Manual) -> None:
        head = page[:page.index("<h2>ÍNDICE</h2>")]
        for text in cover_texts(seed_manual):
            assert text in head, text
        assert "<title>MANUAL DE DESCRIPCIÓN DE PUESTOS 900 0935 v05</title>" in page

    def test_positions_and_sections(self, page: str, seed_manual: Manual) -> None:
        assert page.count('<section class="position">') == 3
        for position in seed_manual.positions:
            assert f"<li>{position.title}</li>" in page  # the index
        titles = re.findall(r'<section class="position"><h2>(.*?)</h2>', page)
        assert titles == ["Jefe Área de Servicios en Línea", "Promotor de Servicios en Línea",
                          "<u>Asistente de Soporte</u> de Servicios en Línea"]
        for numeral, title, _ in SECTIONS:
            assert page.count(f"<h3>{numeral}. {title}</h3>") == 3

    def test_key_functions_table(self, page: str) -> None:
        assert page.count("".join(f"<th>{h}</th>" for h in KEY_FUNCTION_HEADERS)) == 3
        assert ("<tr><td>Ejecutar la modernización y mejora continua de los canales de servicios en línea.</td>"
                "<td>30%</td><td>Atención oportuna y eficiente.</td></tr>") in page

    def test_revision_table(self, page: str, seed_manual: Manual) -> None:
        table = page[page.index('<h2 class="position">MODIFICACIONES REALIZADAS</h2>'):]
        assert "".join(f"<th>{h}</th>" for h in REVISION_HEADERS) in table
        rows = re.findall(r"<tr><td>.*?</td></tr>", table)
        assert len(rows) == len(seed_manual.revisions)
        for html_row, row in zip(rows, seed_manual.revisions, strict=True):
            assert f"<td>{row.version:02d}</td>" in html_row
            assert f"{row.prepared_by_label}: " in html_row and row.prepared_by in html_row
        assert "<u>Presidente y Director Ejecutivo</u>" in rows[4]

    def test_marks_underlined(self, page: str) -> None:
        assert "<li>Elaborar el plan de trabajo y <u>el presupuesto del área.</u></li>" in page
        assert "<p><u>N/A.</u></p>" in page

    def test_escapes_every_value(self, seed_manual: Manual) -> None:
        page = to_html(hostile(seed_manual))
        assert "<script" not in page and "<b>externos" not in page and "<i>CANALES" not in page
        assert "<b>única" not in page
        assert "Jefe &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Cía | Área" in page
        assert "Atención al cliente &amp; proveedores &lt;b&gt;externos&lt;/b&gt;." in page
        assert "SERVICIOS &amp; &lt;i&gt;CANALES&lt;/i&gt;" in page
        assert "<title>MANUAL DE DESCRIPCIÓN DE PUESTOS 900 0935 v05</title>" in page
        assert re.search(r"&(?!(amp|lt|gt|quot|#x27);)", page) is None  # every & starts an entity
        parsed = structure(page)
        assert parsed.problems == [] and parsed.stack == []
        assert "script" not in parsed.tags


@pytest.fixture(scope="module")
def versions() -> tuple[Manual, Manual]:
    v4, v5 = (read_seed_text((HISTORY / f"v{n}.txt").read_bytes(), f"v{n}").manual for n in (4, 5))
    return v4, v5


class TestRedlineUnderlines:
    """An underline map replaces the manual's own marks in both formats."""

    @pytest.mark.parametrize("render", [to_markdown, to_html])
    def test_redline(self, versions: tuple[Manual, Manual], render: Any) -> None:
        text = render(versions[1], redline(*versions))
        assert "Elaborar el plan de trabajo <u>y el presupuesto</u> del área." in text
        assert "<u>el presupuesto del área.</u>" not in text  # the seed's own mark is replaced
        assert "<u>Asistente de Soporte</u> de Servicios en Línea" in text
        assert "<u>Realizar visitas de supervisión al Centro de Contactos Telefónicos.</u>" in text


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("text") / "store.git"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--bare", str(store)]).exit_code == 0
    done = runner.invoke(cli, ["--store", str(store), "import", "--historical", "--author", AUTHOR, str(SEED_PATH)])
    assert done.exit_code == 0, done.stderr
    return store


@pytest.mark.parametrize(("output_format", "render"), [("md", to_markdown), ("html", to_html)])
def test_cli_export(seed_store: Path, tmp_path: Path, seed_manual: Manual, output_format: str, render: Any) -> None:
    target = tmp_path / f"manual.{output_format}"
    before = subprocess.run(["git", "--git-dir", str(seed_store), "for-each-ref"], capture_output=True, text=True,
                            check=True).stdout
    done = CliRunner().invoke(cli, ["--store", str(seed_store), "export", "900-0935", "--format", output_format,
                                    "-o", str(target)])
    assert done.exit_code == 0, done.stderr
    assert str(target) in done.stderr
    # the version in force, signed on paper: no stamp, and a sign-off page that says so
    assert target.read_text(encoding="utf-8") == render(seed_manual, None,
                                                         Printing(signatures=SignatureRecord(is_imported=True)))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left beside it
    after = subprocess.run(["git", "--git-dir", str(seed_store), "for-each-ref"], capture_output=True, text=True,
                           check=True).stdout
    assert after == before
