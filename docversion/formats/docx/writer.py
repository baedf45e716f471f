"""A version as a Word document in the institution's layout (python-docx).

A4 by default (Letter on request). The cover on its own page (code, title, area, the signer
table, the conformity line, the dates row); the index with each position's page (PAGEREF fields
to bookmarks, filled in when Word or LibreOffice updates the fields); each position on a new
page under a Heading 1 of its title, its seven sections in Heading 2 (so Word's navigation pane
lists them); periodic functions numbered, every other list bulleted, COMPETENCIAS as the seed
has it ("Técnica." and its items beneath); MODIFICACIONES REALIZADAS sized to its content; and,
for a copy of a version in the store, the sign-off page (:mod:`.signoff_page`). Every page has
a header with the code, the title and the version, the copy's stamp when it has one ("VERSIÓN
NO VIGENTE: …"), and a footer "Página X de Y".

Text a version marks as changed is underlined, as the institution marks it; ``underline``
replaces the manual's own marks (a redline computed from a real diff). Position ids, and a
conformity statement the copy may not print, travel in document variables, so a document
exported and edited reads back with them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from docversion.formats.docx import pieces
from docversion.formats.docx.pieces import document_variable, set_document_variable
from docversion.formats.docx.runs import OWN_BOOKMARK_PREFIX
from docversion.formats.layout import (
    IDENTIFICATION,
    KEY_FUNCTION_HEADERS,
    LABELLED_LISTS,
    NOT_APPLICABLE,
    PERIODS,
    RELATION_HEADERS,
    REVISION_HEADERS,
    Marks,
    marked_pieces,
)
from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import SECTIONS, Manual, Position, resolve_path
from docversion.records import Printing

__all__ = ["CONFORMITY_VARIABLE", "IDS_VARIABLE", "document_variable", "marks_of", "set_document_variable",
           "write_docx"]

IDS_VARIABLE = "docversion-position-ids"
CONFORMITY_VARIABLE = "docversion-conformity-statement"
_COMPETENCY_WORDS = {"competencies.technical": "Técnica.", "competencies.methodological": "Metodológica.",
                     "competencies.social": "Social.", "competencies.participative": "Participativa."}


def marks_of(manual: Manual) -> dict[str, list[tuple[int | None, str]]]:
    """The manual's own marks by absolute path (``positions.<id>.title``, ``cover.area``)."""
    found: dict[str, list[tuple[int | None, str]]] = {}
    for mark in manual.marked:
        found.setdefault(mark.path, []).append((mark.start, mark.text))
    for position in manual.positions:
        for mark in position.marked:
            found.setdefault(f"positions.{position.id}.{mark.path}", []).append((mark.start, mark.text))
    return found


class _Writer:
    def __init__(self, marks: Marks, printing: Printing) -> None:
        self.doc = Document()
        self.marks = marks
        self.printing = printing
        self.width = pieces.set_page(self.doc.sections[0], printing.paper)
        pieces.set_fonts(self.doc)
        self._numbered = self.doc.styles["List Number"]
        self.bookmarks: list[str] = []
        self.tables: list[tuple[Any, tuple[float, ...]]] = []
        self.sized: list[tuple[Any, float]] = []

    def runs(self, paragraph: Any, text: str, path: str | None, *, bold: bool = False) -> None:
        """Write ``text`` into ``paragraph``, underlining the spans marked at ``path``."""
        for piece, is_marked in marked_pieces(text, self.marks.get(path, ()) if path else ()):
            run = paragraph.add_run(piece)
            run.bold = bold or None
            if is_marked:
                run.underline = True

    def paragraph(self, text: str = "", path: str | None = None, *, bold: bool = False,
                  style: str | None = None, container: Any = None) -> Any:
        paragraph = (container or self.doc).add_paragraph(style=style)
        self.runs(paragraph, text, path, bold=bold)
        return paragraph

    def label(self, text: str) -> None:
        """A bold label ("BIENES:") kept on the page of the list it heads."""
        pieces.keep_with_next(self.paragraph(text, bold=True))

    def heading(self, text: str, level: int, path: str | None = None, bookmark: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        self.runs(paragraph, text, path)
        if bookmark is not None:
            pieces.add_bookmark(paragraph, bookmark, len(self.bookmarks))
            self.bookmarks.append(bookmark)
        return paragraph

    def items(self, container: Any, values: Sequence[str], path: str, *, is_numbered: bool = False,
              level: int = 0, first: Any = None) -> None:
        """A list, numbered from 1 or bulleted, or N/A (underlined when the empty list is marked)."""
        if not values:
            paragraph = first if first is not None else container.add_paragraph()
            if level:  # under its item, as the items would be, but no item itself: "N/A" is no value
                paragraph.paragraph_format.left_indent = Mm(12.7)
            self.runs(paragraph, NOT_APPLICABLE, path)
            return
        number = self._new_numbering() if is_numbered else None
        style = self._numbered if is_numbered else self.doc.styles["List Bullet 2" if level else "List Bullet"]
        for index, value in enumerate(values):
            paragraph = first if first is not None and index == 0 else container.add_paragraph()
            paragraph.style = style
            if number is not None:
                numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                numbering.get_or_add_ilvl().val = 0
                numbering.get_or_add_numId().val = number
            self.runs(paragraph, value, f"{path}.{index}")

    def _new_numbering(self) -> int:
        """A numbering that restarts at 1, for one list."""
        numbering = self.doc.part.numbering_part.element
        style_num = self._numbered.element.pPr.numPr.numId.val
        abstract = next(n for n in numbering.num_lst if n.numId == style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def cell(self, cell: Any, text: str, path: str | None, *, bold: bool = False) -> None:
        self.runs(cell.paragraphs[0], text, path, bold=bold)

    def table(self, widths_mm: tuple[float, ...], *, header: Sequence[str] = (), size: float | None = None) -> Any:
        """A grid table of columns fixed to ``widths_mm`` (the last takes what is left), with a bold
        header row repeated on every page when ``header`` is given; its text in ``size`` points."""
        table = self.doc.add_table(rows=0, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        if size is not None:
            self.sized.append((table, size))
        if header:
            row = table.add_row()
            pieces.repeat_header_row(row)
            for cell, text in zip(row.cells, header, strict=True):
                self.cell(cell, text, None, bold=True)
        self.tables.append((table, (*widths_mm[:-1], self.width - sum(widths_mm[:-1]))))
        return table

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def write_docx(manual: Manual, underline: Marks | None = None, printing: Printing | None = None) -> bytes:
    """The manual as .docx bytes; ``printing`` says the paper, the stamp and the sign-offs."""
    is_copy = printing is not None  # a copy of a version in the store: its sign-off page follows the table
    printing = printing or Printing()
    writer = _Writer(marks_of(manual) if underline is None else underline, printing)
    cover = manual.cover
    pieces.header_and_footer(writer.doc.sections[0], f"{cover.code} · {cover.title}", f"Versión {cover.version:02d}",
                             printing.stamp.text if printing.stamp else None)
    _cover(writer, manual)
    writer.page_break()
    _index(writer, manual)
    for number, position in enumerate(manual.positions):
        writer.page_break()
        _position(writer, position, number)
    writer.page_break()
    _revisions(writer, manual)
    if is_copy:
        from docversion.formats.docx.signoff_page import signoff_page

        writer.page_break()
        signoff_page(writer, printing.signatures)
    for table, widths in writer.tables:
        pieces.column_widths(table, widths)
    for table, size in writer.sized:
        for run in (run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs):
            run.font.size = Pt(size)
    properties = writer.doc.core_properties
    properties.title = f"{cover.title} {cover.code}"[:255]
    properties.subject = cover.area[:255]
    set_document_variable(writer.doc, IDS_VARIABLE, " ".join(p.id for p in manual.positions))
    if cover.conformity_statement is not None and not printing.states_conformity:
        set_document_variable(writer.doc, CONFORMITY_VARIABLE, cover.conformity_statement)
    pieces.update_fields_on_open(writer.doc)
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()


def _centred(writer: _Writer, text: str, path: str | None, size: int) -> None:
    paragraph = writer.paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    writer.runs(paragraph, text, path, bold=True)
    for run in paragraph.runs:
        run.font.size = Pt(size)


def _cover(writer: _Writer, manual: Manual) -> None:
    cover = manual.cover
    code = writer.paragraph("CÓDIGO: ", bold=True)
    code.alignment = WD_ALIGN_PARAGRAPH.CENTER
    code.paragraph_format.space_before = Pt(96)  # the cover's block a third of the way down the page
    code.paragraph_format.space_after = Pt(12)
    writer.runs(code, cover.code, "cover.code", bold=True)
    _centred(writer, cover.title, "cover.title", 16)
    _centred(writer, cover.area, "cover.area", 13)
    signers = writer.table((55, 0))
    rows = [("Autorizado:", cover.authorized_by, "cover.authorized_by")]
    rows += [("Revisado:" if n == 0 else "", role, f"cover.reviewed_by.{n}")
             for n, role in enumerate(cover.reviewed_by)]
    rows.append(("Responsable de Proceso:", cover.process_owner, "cover.process_owner"))
    for label, value, path in rows:
        cells = signers.add_row().cells
        writer.cell(cells[0], label, None, bold=True)
        writer.cell(cells[1], value, path)
    if cover.conformity_statement is not None and writer.printing.states_conformity:
        statement = writer.paragraph(cover.conformity_statement, "cover.conformity_statement")
        statement.alignment = WD_ALIGN_PARAGRAPH.CENTER
        statement.paragraph_format.space_before = statement.paragraph_format.space_after = Pt(18)
    else:
        writer.paragraph().paragraph_format.space_after = Pt(18)
    dates = writer.table((64, 64, 0)).add_row().cells
    for cell, (label, value, path) in zip(dates, (
            ("Fecha de creación: ", format_spanish_date(cover.created), "cover.created"),
            ("Fecha de vigencia: ", format_spanish_date(cover.in_force), "cover.in_force"),
            ("Versión: ", f"{cover.version:02d}", "cover.version")), strict=True):
        writer.cell(cell, label, None, bold=True)
        writer.runs(cell.paragraphs[0], value, path)
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(9.5)


def _index(writer: _Writer, manual: Manual) -> None:
    writer.heading("ÍNDICE", 1)
    page = writer.paragraph("Página No.", bold=True)
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    entries = [(position.title, f"{OWN_BOOKMARK_PREFIX}position_{number}")
               for number, position in enumerate(manual.positions)]
    for title, bookmark in [*entries, ("MODIFICACIONES REALIZADAS", f"{OWN_BOOKMARK_PREFIX}revisions")]:
        line = writer.paragraph(title)
        pieces.dotted_tab(line, writer.width)
        line.add_run("\t")
        pieces.add_field(line, f"PAGEREF {bookmark} \\h")


def _section(writer: _Writer, numeral: str) -> None:
    title = next(title for n, title, _ in SECTIONS if n == numeral)
    writer.heading(f"{numeral}. {title}", 2)


def _position(writer: _Writer, position: Position, number: int) -> None:
    base = f"positions.{position.id}"
    writer.heading(position.title, 1, bookmark=f"{OWN_BOOKMARK_PREFIX}position_{number}")
    _section(writer, "I")
    table = writer.table((62, 0))
    for field, label in IDENTIFICATION:
        cells = table.add_row().cells
        writer.cell(cells[0], f"{label}:", None, bold=True)
        if field == "direct_reports":
            writer.cell(cells[1], str(position.direct_reports_count), f"{base}.direct_reports_count")
            if position.direct_reports:
                writer.items(cells[1], position.direct_reports, f"{base}.direct_reports")
        else:
            writer.cell(cells[1], getattr(position, field), f"{base}.{field}")
    _section(writer, "II")
    table = writer.table((74, 30, 0), header=KEY_FUNCTION_HEADERS)
    for index, function in enumerate(position.key_functions):
        cells = table.add_row().cells
        writer.cell(cells[0], function.text, f"{base}.key_functions.{index}.text")
        writer.cell(cells[1], f"{function.percent}%", f"{base}.key_functions.{index}.percent")
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        writer.cell(cells[2], function.expected_result, f"{base}.key_functions.{index}.expected_result")
    _section(writer, "III")
    for field, word in PERIODS:
        writer.label(f"{word}.")
        writer.items(writer.doc, getattr(position.periodic_functions, field), f"{base}.periodic_functions.{field}",
                     is_numbered=True)
    _section(writer, "IV")
    table = writer.table((70, 0), header=[f"{header}:" for _, header in RELATION_HEADERS])
    cells = table.add_row().cells
    for cell, (field, _) in zip(cells, RELATION_HEADERS, strict=True):
        writer.items(cell, getattr(position.relations, field), f"{base}.relations.{field}", first=cell.paragraphs[0])
    for numeral, fields in LABELLED_LISTS.items():
        _section(writer, numeral)
        for field, label in fields:
            if field in _COMPETENCY_WORDS:
                continue
            writer.label(f"{label}:")
            writer.items(writer.doc, resolve_path(position, field), f"{base}.{field}")
        if numeral == "VII":
            _competencies(writer, position, base)


def _competencies(writer: _Writer, position: Position, base: str) -> None:
    """COMPETENCIAS as the seed has it: each kind a bullet ("Técnica."), its items beneath it."""
    writer.label("COMPETENCIAS:")
    for field, word in _COMPETENCY_WORDS.items():
        kind = writer.paragraph(word, style="List Bullet")
        pieces.keep_with_next(kind)
        writer.items(writer.doc, resolve_path(position, field), f"{base}.{field}", level=1)


def _revisions(writer: _Writer, manual: Manual) -> None:
    writer.heading("MODIFICACIONES REALIZADAS", 1, bookmark=f"{OWN_BOOKMARK_PREFIX}revisions")
    table = writer.table((52, 18, 0), header=REVISION_HEADERS)
    for index, row in enumerate(manual.revisions):
        path = f"revisions.{index}"
        cells = table.add_row().cells
        writer.cell(cells[0], row.authorized_by, f"{path}.authorized_by")
        if row.last_modified is not None:
            paragraph = cells[0].add_paragraph("Fecha de última modificación: ")
            writer.runs(paragraph, format_spanish_date(row.last_modified), f"{path}.last_modified")
        paragraph = cells[0].add_paragraph("Fecha de vigencia: ")
        writer.runs(paragraph, format_spanish_date(row.in_force), f"{path}.in_force")
        writer.cell(cells[1], f"{row.version:02d}", f"{path}.version")
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for number, sentence in enumerate(row.changes):
            paragraph = cells[2].paragraphs[0] if number == 0 else cells[2].add_paragraph()
            writer.runs(paragraph, sentence, f"{path}.changes.{number}")
        label = cells[2].add_paragraph()
        label.add_run(f"{row.prepared_by_label}: ").bold = True
        writer.runs(label, row.prepared_by, f"{path}.prepared_by")
