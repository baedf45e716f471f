"""A version as a Word document in the institution's layout (python-docx).

The cover with its sign-off block, the index, each position's seven sections (key functions as
a three-column table, periodic functions by periodicity), and MODIFICACIONES REALIZADAS. Text a
version marks as changed is underlined, as the institution marks it; ``underline`` replaces the
manual's own marks (a redline computed from a real diff). Lists are real Word numbered lists,
each restarting at 1. Position ids travel in the document's properties, so a document exported
and edited comes back with its ids.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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

IDS_VARIABLE = "docversion-position-ids"
# Elements that come after w:docVars in a settings part (the schema fixes the order).
_AFTER_DOC_VARS = ("rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                   "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                   "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                   "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


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
    def __init__(self, marks: Marks) -> None:
        self.doc = Document()
        self.marks = marks
        self._list_style = self.doc.styles["List Number"]

    def runs(self, paragraph: Any, text: str, path: str | None, *, bold: bool = False) -> None:
        """Write ``text`` into ``paragraph``, underlining the spans marked at ``path``."""
        for piece, is_marked in marked_pieces(text, self.marks.get(path, ()) if path else ()):
            run = paragraph.add_run(piece)
            run.bold = bold or None
            if is_marked:
                run.underline = True

    def paragraph(self, text: str = "", path: str | None = None, *, bold: bool = False,
                  style: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        self.runs(paragraph, text, path, bold=bold)
        return paragraph

    def items(self, container: Any, values: Sequence[str], path: str, *, first: Any = None) -> None:
        """A numbered list restarting at 1, or N/A (underlined when the empty list is marked)."""
        if not values:
            paragraph = first if first is not None else container.add_paragraph()
            self.runs(paragraph, NOT_APPLICABLE, path)
            return
        number = self._new_numbering()
        for index, value in enumerate(values):
            paragraph = first if first is not None and index == 0 else container.add_paragraph()
            paragraph.style = self._list_style
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = number
            self.runs(paragraph, value, f"{path}.{index}")

    def _new_numbering(self) -> int:
        numbering = self.doc.part.numbering_part.element
        style_num = self._list_style.element.pPr.numPr.numId.val
        abstract = next(n for n in numbering.num_lst if n.numId == style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return int(num.numId)

    def cell(self, cell: Any, text: str, path: str | None, *, bold: bool = False) -> None:
        self.runs(cell.paragraphs[0], text, path, bold=bold)

    def table(self, columns: int) -> Any:
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        return table


def set_document_variable(doc: Any, name: str, value: str) -> None:
    """Store ``value`` as a Word document variable (w:docVar): kept by Word, never shown."""
    settings = doc.settings.element
    variables = settings.find(qn("w:docVars"))
    if variables is None:
        variables = OxmlElement("w:docVars")
        later = next((child for child in settings if child.tag in {qn(f"w:{t}") for t in _AFTER_DOC_VARS}), None)
        if later is None:
            settings.append(variables)
        else:
            later.addprevious(variables)
    variable = OxmlElement("w:docVar")
    variable.set(qn("w:name"), name)
    variable.set(qn("w:val"), value)
    variables.append(variable)


def document_variable(doc: Any, name: str) -> str | None:
    """The value of a Word document variable, if the document has it."""
    for variable in doc.settings.element.iter(qn("w:docVar")):
        if variable.get(qn("w:name")) == name:
            return str(variable.get(qn("w:val")))
    return None


def write_docx(manual: Manual, underline: Marks | None = None) -> bytes:
    """The manual as .docx bytes."""
    writer = _Writer(marks_of(manual) if underline is None else underline)
    _cover(writer, manual)
    writer.paragraph("ÍNDICE", bold=True)
    for position in manual.positions:
        writer.paragraph(position.title)
    writer.paragraph("MODIFICACIONES REALIZADAS")
    for position in manual.positions:
        writer.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _position(writer, position)
    writer.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _revisions(writer, manual)
    properties = writer.doc.core_properties
    properties.title = f"{manual.cover.title} {manual.cover.code}"[:255]
    properties.subject = manual.cover.area[:255]
    set_document_variable(writer.doc, IDS_VARIABLE, " ".join(p.id for p in manual.positions))
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()


def _cover(writer: _Writer, manual: Manual) -> None:
    cover = manual.cover
    code = writer.paragraph("CÓDIGO: ", bold=True)
    writer.runs(code, cover.code, "cover.code", bold=True)
    writer.paragraph(cover.title, "cover.title", bold=True)
    writer.paragraph(cover.area, "cover.area", bold=True)
    signers = writer.table(2)
    rows = [("Autorizado:", cover.authorized_by, "cover.authorized_by")]
    rows += [("Revisado:" if n == 0 else "", role, f"cover.reviewed_by.{n}")
             for n, role in enumerate(cover.reviewed_by)]
    rows.append(("Responsable de Proceso:", cover.process_owner, "cover.process_owner"))
    for label, value, path in rows:
        cells = signers.add_row().cells
        writer.cell(cells[0], label, None, bold=True)
        writer.cell(cells[1], value, path)
    if cover.conformity_statement is not None:
        writer.paragraph(cover.conformity_statement, "cover.conformity_statement")
    dates = writer.table(3).add_row().cells
    for cell, (label, value, path) in zip(dates, (
            ("Fecha de creación: ", format_spanish_date(cover.created), "cover.created"),
            ("Fecha de vigencia: ", format_spanish_date(cover.in_force), "cover.in_force"),
            ("Versión: ", f"{cover.version:02d}", "cover.version")), strict=True):
        writer.cell(cell, label, None, bold=True)
        writer.runs(cell.paragraphs[0], value, path)


def _heading(writer: _Writer, numeral: str) -> None:
    title = next(title for n, title, _ in SECTIONS if n == numeral)
    writer.paragraph(f"{numeral}. {title}", bold=True)


def _position(writer: _Writer, position: Position) -> None:
    base = f"positions.{position.id}"
    _heading(writer, "I")
    table = writer.table(2)
    for field, label in IDENTIFICATION:
        cells = table.add_row().cells
        writer.cell(cells[0], f"{label}:", None, bold=True)
        if field == "direct_reports":
            writer.cell(cells[1], str(position.direct_reports_count), f"{base}.direct_reports_count")
            writer.items(cells[1], position.direct_reports, f"{base}.direct_reports") if position.direct_reports \
                else None
        else:
            writer.cell(cells[1], getattr(position, field), f"{base}.{field}")
    _heading(writer, "II")
    table = writer.table(3)
    for cell, header in zip(table.add_row().cells, KEY_FUNCTION_HEADERS, strict=True):
        writer.cell(cell, header, None, bold=True)
    for index, function in enumerate(position.key_functions):
        cells = table.add_row().cells
        writer.cell(cells[0], function.text, f"{base}.key_functions.{index}.text")
        writer.cell(cells[1], f"{function.percent}%", f"{base}.key_functions.{index}.percent")
        writer.cell(cells[2], function.expected_result, f"{base}.key_functions.{index}.expected_result")
    _heading(writer, "III")
    for field, word in PERIODS:
        writer.paragraph(f"{word}.", bold=True)
        writer.items(writer.doc, getattr(position.periodic_functions, field), f"{base}.periodic_functions.{field}")
    _heading(writer, "IV")
    table = writer.table(2)
    for cell, (_, header) in zip(table.add_row().cells, RELATION_HEADERS, strict=True):
        writer.cell(cell, f"{header}:", None, bold=True)
    cells = table.add_row().cells
    for cell, (field, _) in zip(cells, RELATION_HEADERS, strict=True):
        writer.items(cell, getattr(position.relations, field), f"{base}.relations.{field}", first=cell.paragraphs[0])
    for numeral, fields in LABELLED_LISTS.items():
        _heading(writer, numeral)
        for field, label in fields:
            writer.paragraph(f"{label}:", bold=True)
            writer.items(writer.doc, resolve_path(position, field), f"{base}.{field}")


def _revisions(writer: _Writer, manual: Manual) -> None:
    writer.paragraph("MODIFICACIONES REALIZADAS", bold=True)
    table = writer.table(3)
    for cell, header in zip(table.add_row().cells, REVISION_HEADERS, strict=True):
        writer.cell(cell, header, None, bold=True)
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
        for number, sentence in enumerate(row.changes):
            paragraph = cells[2].paragraphs[0] if number == 0 else cells[2].add_paragraph()
            writer.runs(paragraph, sentence, f"{path}.changes.{number}")
        label = cells[2].add_paragraph()
        label.add_run(f"{row.prepared_by_label}: ").bold = True
        writer.runs(label, row.prepared_by, f"{path}.prepared_by")
