"""The Word export in the institution's layout: its paper, its pages, its headings, its lists and
its tables, its header and footer, the stamp of a copy and the sign-off page; and that every such
document still reads back as the very manual it was written from."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docversion.formats.docx.pieces import document_variable
from docversion.formats.docx.reader import read_docx
from docversion.formats.docx.writer import CONFORMITY_VARIABLE, write_docx
from docversion.model import Manual
from docversion.records import PrintedSignature, Printing, SignatureRecord, Stamp
from tests.strategies import realistic_manuals

SUPERSEDED = Stamp("superseded", "VERSIÓN NO VIGENTE: sustituida por la versión 6 el 04 de enero de 2027")
SIGNED = SignatureRecord(
    signatures=(PrintedSignature("Clara Arce", "Elaborado por", "Elaborado",
                                 datetime(2024, 3, 4, 8, 1, tzinfo=timezone(timedelta(hours=-6)))),
                PrintedSignature("Pablo Presidente", "Presidente y Director Ejecutivo", "Autorizado",
                                 datetime(2024, 3, 4, 8, 6, tzinfo=UTC), "0f3a9c2e7b1d4a5f8e6c"),),
    digest="ab" * 32, request=1, is_verified=True)


def document(manual: Manual, printing: Printing | None = None) -> Any:
    return Document(io.BytesIO(write_docx(manual, None, printing)))


def every_paragraph(doc: Any) -> list[Any]:
    """Every paragraph of the body, those in table cells too, in order."""
    return [Paragraph(p, doc.part) for p in doc.element.body.iter(qn("w:p"))]


def styled(doc: Any, style: str) -> list[str]:
    return [p.text for p in every_paragraph(doc) if p.style.name == style]


def body_text(doc: Any) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def field_codes(element: Any) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(qn("w:instrText"))]


class TestPages:
    def test_a4_by_default_letter_on_request(self, seed_manual: Manual) -> None:
        a4 = document(seed_manual).sections[0]
        assert (round(a4.page_width.mm), round(a4.page_height.mm)) == (210, 297)
        letter = document(seed_manual, Printing(paper="letter")).sections[0]
        assert (round(letter.page_width.mm, 1), round(letter.page_height.mm, 1)) == (215.9, 279.4)

    def test_the_cover_the_index_and_each_position_begin_a_page(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        body = doc.element.body
        breaks = [p for p in body.iter(qn("w:p")) if p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None]
        # after the cover, after the index, before each of the three positions' ends, before the table
        assert len(breaks) == 2 + len(seed_manual.positions)
        texts = [p.text for p in doc.paragraphs]
        assert texts.index("ÍNDICE") < texts.index(seed_manual.positions[0].title)

    def test_every_page_has_the_code_title_and_version_above_and_its_number_below(self,
                                                                                  seed_manual: Manual) -> None:
        section = document(seed_manual).sections[0]
        assert section.header.paragraphs[0].text == "900 0935 · MANUAL DE DESCRIPCIÓN DE PUESTOS\tVersión 05"
        footer = section.footer.paragraphs[0]
        assert footer.text.startswith("Página ") and " de " in footer.text
        assert field_codes(footer._p) == ["PAGE", "NUMPAGES"]


class TestHeadings:
    def test_positions_and_sections_are_real_headings(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        assert styled(doc, "Heading 1") == ["ÍNDICE", *(p.title for p in seed_manual.positions),
                                            "MODIFICACIONES REALIZADAS"]
        sections = styled(doc, "Heading 2")
        assert sections[:7] == ["I. IDENTIFICACIÓN", "II. FUNCIONES CLAVES", "III. FUNCIONES PERIÓDICAS",
                                "IV. RELACIONES DEL PUESTO", "V. RESPONSABILIDADES, INSUMOS Y RECURSOS",
                                "VI. PERFIL REQUERIDO", "VII. HABILIDADES Y COMPETENCIAS"]
        assert len(sections) == 7 * len(seed_manual.positions)

    def test_each_index_line_refers_to_its_positions_bookmark(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        marks = {m.get(qn("w:name")): m.getparent() for m in doc.element.body.iter(qn("w:bookmarkStart"))}
        lines = [p for p in doc.paragraphs if field_codes(p._p)]
        assert [p.text.split("\t")[0] for p in lines] == [*(p.title for p in seed_manual.positions),
                                                           "MODIFICACIONES REALIZADAS"]
        for line in lines:
            [code] = field_codes(line._p)
            name = code.split()[1]
            assert code == f"PAGEREF {name} \\h"
            heading = marks[name]
            assert heading.xpath("string(.)") == line.text.split("\t")[0]
        assert lines[0].paragraph_format.tab_stops[0].leader is not None  # dots up to the number
        assert doc.settings.element.find(qn("w:updateFields")) is not None


class TestLists:
    def test_periodic_functions_are_numbered_and_everything_else_bulleted(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        first = seed_manual.positions[0]
        numbered = styled(doc, "List Number")
        bulleted = styled(doc, "List Bullet")
        assert numbered[: len(first.periodic_functions.daily)] == list(first.periodic_functions.daily)
        for value in (*first.relations.with_whom, *first.skills, *first.education, *first.assets):
            assert value in bulleted and value not in numbered

    def test_each_periodic_list_restarts_at_one(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        numbering_ids = [p._p.pPr.numPr.numId.val for p in doc.paragraphs if p.style.name == "List Number"]
        lists = sum(1 for position in seed_manual.positions for field in type(position.periodic_functions).model_fields
                    if getattr(position.periodic_functions, field))
        assert len(set(numbering_ids)) == lists

    def test_competencias_as_the_seed_has_it(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        texts = [(p.style.name, p.text) for p in doc.paragraphs]
        start = texts.index(("Normal", "COMPETENCIAS:"))
        first = seed_manual.positions[0].competencies
        expected = [("List Bullet", "Técnica."), *(("List Bullet 2", t) for t in first.technical),
                    ("List Bullet", "Metodológica."), *(("List Bullet 2", t) for t in first.methodological)]
        assert texts[start + 1:start + 1 + len(expected)] == expected
        assert "COMPETENCIAS TÉCNICA:" not in body_text(doc)


class TestTables:
    def test_the_revision_table_is_sized_to_its_content(self, seed_manual: Manual) -> None:
        doc = document(seed_manual)
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Referencia de autorización")
        widths = [cell.width for cell in table.rows[0].cells]
        assert widths[1] < Mm(20) < widths[0] < widths[2]
        assert sum(widths) == pytest.approx(Mm(160), abs=Mm(1))
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page


class TestPrinting:
    def test_a_stamp_heads_every_page(self, seed_manual: Manual) -> None:
        header = document(seed_manual, Printing(stamp=SUPERSEDED)).sections[0].header
        assert [p.text for p in header.paragraphs][1] == SUPERSEDED.text
        assert header.paragraphs[1].runs[0].bold

    def test_the_conformity_statement_only_where_the_record_allows_it(self, seed_manual: Manual) -> None:
        statement = seed_manual.cover.conformity_statement
        assert statement is not None
        for printing, is_printed in ((None, True), (Printing(signatures=SIGNED), True),
                                     (Printing(signatures=SignatureRecord(is_imported=True)), True),
                                     (Printing(stamp=Stamp("draft", "BORRADOR: no vigente")), False),
                                     (Printing(signatures=SignatureRecord(SIGNED.signatures, SIGNED.digest)), False)):
            doc = document(seed_manual, printing)
            assert (statement in body_text(doc)) is is_printed, printing
            assert (document_variable(doc, CONFORMITY_VARIABLE) == statement) is not is_printed

    def test_the_sign_off_page(self, seed_manual: Manual) -> None:
        doc = document(seed_manual, Printing(signatures=SIGNED))
        assert styled(doc, "Heading 1")[-1] == "REGISTRO DE FIRMAS"
        table = doc.tables[-1]
        assert [c.text for c in table.rows[0].cells] == ["Nombre", "Puesto", "Significado", "Fecha y hora", "Llave"]
        assert [c.text for c in table.rows[1].cells] == [
            "Clara Arce", "Elaborado por", "Elaborado", "04 de marzo de 2024, 08:01 (UTC-06:00)", "sin llave"]
        assert table.rows[2].cells[4].text == "0f3a 9c2e 7b1d 4a5f"
        assert [p.text for p in doc.paragraphs[-3:]] == [
            f"Huella del contenido firmado (SHA-256): {'ab' * 32}",
            "Las firmas sin llave registran la identidad que declaró quien firmó; no la prueban.",
            "Este documento es conforme al original firmado electrónicamente"]

    @pytest.mark.parametrize(("printing", "line"), [
        (Printing(signatures=SignatureRecord(is_imported=True)),
         "Versión firmada en papel: el registro no guarda sus firmas."),
        (Printing(stamp=Stamp("draft", "BORRADOR: no vigente")), "Borrador: sin firmas de publicación.")])
    def test_a_version_without_electronic_sign_offs_says_why(self, seed_manual: Manual, printing: Printing,
                                                             line: str) -> None:
        doc = document(seed_manual, printing)
        assert styled(doc, "Heading 1")[-1] == "REGISTRO DE FIRMAS"
        assert doc.paragraphs[-1].text == line

    def test_a_document_with_no_record_behind_it_has_no_sign_off_page(self, seed_manual: Manual) -> None:
        assert "REGISTRO DE FIRMAS" not in body_text(document(seed_manual))

    def test_a_stamped_signed_copy_reads_back_as_the_manual(self, seed_manual: Manual) -> None:
        data = write_docx(seed_manual, None, Printing(stamp=SUPERSEDED, signatures=SIGNED))
        result = read_docx(data, "copia.docx")
        assert result.manual == seed_manual
        assert [w.kind for w in result.warnings] == ["signoff_page"]


printings = st.builds(
    Printing, paper=st.sampled_from(["a4", "letter"]),
    stamp=st.none() | st.sampled_from([SUPERSEDED, Stamp("draft", "BORRADOR: no vigente"),
                                       Stamp("uncontrolled", "COPIA NO CONTROLADA")]),
    signatures=st.none() | st.sampled_from([SIGNED, SignatureRecord(is_imported=True), SignatureRecord()]))
# None: a document with no record behind it (convert); a Printing: a copy of a version in the store.
copies = st.none() | printings


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(realistic_manuals(), copies)
def test_every_printed_copy_reads_back_as_its_manual(manual: Manual, printing: Printing | None) -> None:
    """Whatever the paper, the stamp and the sign-off page, the copy reads back as the manual: ids,
    marks and a conformity statement the copy withheld included."""
    result = read_docx(write_docx(manual, None, printing), "copia.docx")
    assert result.manual == manual
    assert {w.kind for w in result.warnings} <= {"signoff_page"}
