"""The readings the reader's issue found silently wrong, end to end: a v6 whose list skips a number,
a page footer alone on a line, and Word files with no recognisable position."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docversion.cli import cli
from docversion.diff import diff
from docversion.errors import DocumentStructureError
from docversion.formats.docx.reader import read_docx
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

from .conftest import SEED_PATH

SKIPPING = ("7. Atender actividades relacionadas con el Sistema de Gestión de la Calidad",
            "8. Atender actividades relacionadas con el Sistema de Gestión de la Calidad")


def _line_of(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


class TestListThatSkipsANumber:
    """A v6 of 900 0935 whose monthly list runs 6, 8 reads every function, and says where it split."""

    def test_the_reading_is_the_seed_with_one_warning(self, seed_manual: Manual) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(*SKIPPING, 1)
        result = read_seed_text(text.encode("utf-8"), "v6.txt")
        assert result.manual == seed_manual
        assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, SKIPPING[1]), "list_numbering")]
        assert "skips from 6 to 8" in result.warnings[0].message

    def test_the_diff_reports_no_removal(self, seed_manual: Manual, tmp_path: Path) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(*SKIPPING, 1)
        assert diff(seed_manual, read_seed_text(text.encode("utf-8"), "v6.txt").manual).is_empty
        v6 = tmp_path / "v6.txt"
        v6.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["diff", str(SEED_PATH), str(v6), "--json"])
        assert result.exit_code == 0, result.output
        assert '"changes": []' in result.stdout
        assert f"v6.txt:{_line_of(text, SKIPPING[1])}: the numbering skips from 6 to 8" in result.stderr


class TestPageFurniture:
    """A footer alone on its line is layout; glued to an item it is cut, with a warning."""

    def test_a_footer_alone_is_layout(self, seed_manual: Manual) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace("Trimestral.\n", "Página 4 de 15\n\nTrimestral.\n", 1)
        result = read_seed_text(text.encode("utf-8"), "x.txt")
        assert result.manual == seed_manual and result.warnings == ()
        assert result.counts is not None and result.counts.unplaced == 0

    def test_a_footer_glued_to_an_item_is_cut_and_reported(self, seed_manual: Manual) -> None:
        line = "2. Proponer e implementar estrategias de atención para que el cliente no tenga la necesidad " \
               "de desplazarse físicamente a la Institución."
        text = SEED_PATH.read_text(encoding="utf-8").replace(line, line + " Página 4 de 15", 1)
        result = read_seed_text(text.encode("utf-8"), "x.txt")
        assert result.manual == seed_manual
        assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, line), "page_furniture")]


def _docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class TestNoPositionIsAnError:
    """A document with no recognisable position is refused, never read as a manual of no positions."""

    def test_word_with_unrecognisable_headings(self) -> None:
        data = _docx("CÓDIGO: 900 0935", "MANUAL DE DESCRIPCIÓN DE PUESTOS", "ÁREA DE SERVICIOS EN LÍNEA",
                     "ÍNDICE", "PUESTO FUNCIONAL: Jefe.", "MODIFICACIONES REALIZADAS")
        with pytest.raises(DocumentStructureError, match="no position found") as caught:
            read_docx(data, "m.docx")
        assert "paragraph 6" in str(caught.value)  # where the positions should have been

    def test_validate_exits_5_and_import_records_nothing(self, tmp_path: Path) -> None:
        document = tmp_path / "m.docx"
        document.write_bytes(_docx("CÓDIGO: 900 0935", "MANUAL", "ÁREA", "ÍNDICE", "MODIFICACIONES REALIZADAS"))
        runner = CliRunner()
        assert runner.invoke(cli, ["validate", str(document)]).exit_code == 5
        store = tmp_path / "s.git"
        assert runner.invoke(cli, ["init", "--bare", str(store)]).exit_code == 0
        result = runner.invoke(cli, ["--store", str(store), "import", str(document)])
        assert result.exit_code == 5
        assert runner.invoke(cli, ["--store", str(store), "list", "--json"]).stdout.count('"code"') == 0
