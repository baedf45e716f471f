"""Word manuals built the way analysts build them: python-docx code typing a manual into Word by
hand, never docversion's own writer.

Each ``build_xxx(manual) -> bytes`` types one :class:`~docversion.model.Manual` into a .docx in
one of the layouts found in the institution's real files (see DOMAIN.md and the seed): typed
headings or headings numbered by Word, ``LABEL: value`` cells two a row or label and value cells,
typed bullets and numbers or real Word numbering (``numPr``), merged cells, blank paragraphs,
page breaks, a Word comment, text pasted from the seed's .txt. :data:`CORPUS` lists every
builder with what reading its file must give. Files carry no position ids: a reader gives each
position the slug of its title, as ``manuals/`` does. The builders share one typist,
:class:`_Typist`, whose :class:`Layout` switches are what the builders vary.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from docversion.model import Manual, Position

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED_TEXT = FIXTURES / "seed-900-0935-v05.txt"

# The words the manual prints, typed here as an analyst types them (not imported from docversion).
SECTIONS = (("I", "IDENTIFICACIÓN"), ("II", "FUNCIONES CLAVES"), ("III", "FUNCIONES PERIÓDICAS"),
            ("IV", "RELACIONES DEL PUESTO"), ("V", "RESPONSABILIDADES, INSUMOS Y RECURSOS"),
            ("VI", "PERFIL REQUERIDO"), ("VII", "HABILIDADES Y COMPETENCIAS"))
LABELS = {"title": "PUESTO FUNCIONAL", "generic_title": "PUESTO GENÉRICO", "department": "DEPENDENCIA",
          "unit": "UNIDAD/ÁREA", "reports_to": "REPORTA A", "direct_reports": "PUESTOS DIRECTAMENTE BAJO SU CARGO",
          "objective": "BREVE DESCRIPCIÓN GENERAL DEL OBJETIVO DEL PUESTO"}
NAME_FIELDS = ("title", "generic_title", "department", "unit", "reports_to")
PERIODS = (("daily", "Diaria"), ("weekly", "Semanal"), ("monthly", "Mensual"), ("quarterly", "Trimestral"),
           ("semiannual", "Semestral"), ("annual", "Anual"), ("eventual", "Eventual"))
RESPONSIBILITIES = (("values", "VALORES"), ("assets", "BIENES"), ("decision_making", "TOMA DE DECISIONES"),
                    ("key_authorizations", "AUTORIZACIONES CLAVES PARA"),
                    ("inputs_and_resources", "INSUMOS Y RECURSOS"),
                    ("security_measures", "MEDIDAS DE SEGURIDAD REQUERIDAS"))
PROFILE = (("education", "EDUCACIÓN, FORMACIÓN Y OTROS CONOCIMIENTOS"), ("experience", "EXPERIENCIA LABORAL"))
COMPETENCY_KINDS = (("technical", "Técnica"), ("methodological", "Metodológica"), ("social", "Social"),
                    ("participative", "Participativa"))
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
COMMENT_TEXT = "Confirmar con la Gerencia si esta función sigue vigente."
COMMENT_AUTHOR = "Clara Arce"


def spanish_date(value: date) -> str:
    return f"{value.day:02d} de {MONTHS[value.month - 1]} de {value.year}"


def _with_stop(text: str) -> str:
    """The seed's spelling of names: a final full stop ("Jefe de Área.")."""
    return text if text.endswith(".") else f"{text}."


@dataclass(frozen=True)
class Layout:
    """How the analyst typed the manual. The defaults are a plain, conventional file."""

    code_colon: bool = True  # "CÓDIGO: 900 0935"; False: "CÓDIGO 900 0935"
    seed_spelling: bool = False  # as the seed: names and dates end in ".", “quoted” conformity, "1." versions,
    #                              "- N/A." in sections V–VII, "- Técnica." with tab-indented "- item"
    headings: str = "typed"  # typed "I. X" | word (upper-roman Word numbering, text "X") | in_tables (I–III in
    #                          the first row of their tables, as the seed) | numbers_only (Word number, no
    #                          text) | absent
    identification: str = "label_value"  # label_value (label cell | value cell) | pairs ("LABEL: value" x2)
    no_reports: str = "0"  # PUESTOS DIRECTAMENTE BAJO SU CARGO when there are none: "0", or "N/A." (the seed)
    merged_cells: bool = False  # signer labels merged down, FUNCIONES CLAVES header merged across, lone
    #                             identification rows merged across
    key_rows: str = "per_function"  # per_function | one_row (a paragraph per function, as the seed) |
    #                                 two_in_one_cell (bad: two functions, one percentage)
    periodic: str = "word"  # word (numPr) | typed ("1. ") | typed_mixed ("1. ", "1) ", "1.- ")
    na_on_label_line: bool = False  # "Semanal. N/A" in one paragraph
    relations: str = "table"  # table (CON: | PARA / FRECUENCIA:) | paragraphs
    items: str = "typed"  # typed ("- ", "• ") | word (numPr)
    competencies: str = "labelled"  # labelled ("COMPETENCIAS TÉCNICA:") | by_kind ("COMPETENCIAS:", "Técnica.")
    blank_paragraphs: bool = False
    page_breaks: bool = False
    list_style: bool = True  # Word's "List Paragraph" on list items; False: every paragraph Normal
    table_grid: bool = True
    underline: bool = False  # underline the manual's marked spans, as the institution prints them
    comment: bool = False  # a Word comment on the first position's second key function


_LIST_FORMATS = {"decimal": ("decimal", "%1."), "roman": ("upperRoman", "%1."), "bullet": ("bullet", "•")}
"""Word list kinds: numFmt and lvlText of the first level."""


class _Numbering:
    """Real Word numbering: abstract definitions in numbering.xml, one w:num per list (restart at 1)."""

    def __init__(self, document: Any) -> None:
        self.root = document.part.numbering_part.element
        self.abstract: dict[str, int] = {}
        self.next_abstract = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in self.root.iterchildren(
            qn("w:abstractNum"))), default=-1)
        self.next_num = 1 + max((int(n.get(qn("w:numId"))) for n in self.root.iterchildren(qn("w:num"))),
                                default=0)

    def _abstract_id(self, kind: str) -> int:
        if kind not in self.abstract:
            number_format, text = _LIST_FORMATS[kind]
            levels = "".join(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format if level == 0 else "bullet"}"/>'
                f'<w:lvlText w:val="{text if level == 0 else "–"}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
                for level in range(2))
            element = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{self.next_abstract}">'
                                f'<w:nsid w:val="{0x5EED0000 + self.next_abstract:08X}"/>'
                                f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>')
            first_num = self.root.find(qn("w:num"))
            if first_num is None:
                self.root.append(element)
            else:
                first_num.addprevious(element)  # the schema puts every abstractNum before the nums
            self.abstract[kind] = self.next_abstract
            self.next_abstract += 1
        return self.abstract[kind]

    def new_list(self, kind: str) -> int:
        """A new list of ``kind`` that starts again at 1."""
        number = self.next_num
        self.next_num += 1
        self.root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{number}"><w:abstractNumId w:val="{self._abstract_id(kind)}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return number


class _Typist:
    """Types one manual into a new Word document following a :class:`Layout`."""

    def __init__(self, manual: Manual, layout: Layout) -> None:
        self.manual = manual
        self.layout = layout
        self.doc = Document()
        self.numbering = _Numbering(self.doc)
        self.scope = ""  # the id of the position being typed; "" for the cover and the revisions
        self.bullet_turn = 0
        self.marks: dict[tuple[str, str], list[tuple[int | None, str]]] = {}
        for mark in manual.marked:
            self.marks.setdefault(("", mark.path), []).append((mark.start, mark.text))
        for position in manual.positions:
            for mark in position.marked:
                self.marks.setdefault((position.id, mark.path), []).append((mark.start, mark.text))

    # -- primitives -------------------------------------------------------------------------

    def pieces(self, text: str, path: str | None) -> list[tuple[str, bool]]:
        """``text`` cut into (piece, underlined) by the marks at ``path`` (when underlining)."""
        if not self.layout.underline or path is None:
            return [(text, False)]
        spans = sorted(self.marks.get((self.scope, path), []), key=lambda s: -1 if s[0] is None else s[0])
        whole = next((marked for start, marked in spans if start is None), None)
        if whole is not None:
            return [(whole, True)]  # a whole value marked: the source's own spelling ("N/A.", "… 2018.")
        out: list[tuple[str, bool]] = []
        at = 0
        for start, marked in spans:
            assert start is not None and text[start:start + len(marked)] == marked, (path, marked)
            if start > at:
                out.append((text[at:start], False))
            out.append((marked, True))
            at = start + len(marked)
        if at < len(text):
            out.append((text[at:], False))
        return out

    def put(self, paragraph: Any, text: str, path: str | None = None, *, bold: bool = False) -> list[Any]:
        runs = []
        for piece, underlined in self.pieces(text, path):
            run = paragraph.add_run(piece)
            if bold:
                run.bold = True
            if underlined:
                run.underline = True
            runs.append(run)
        return runs

    def para(self, text: str = "", path: str | None = None, *, bold: bool = False, container: Any = None) -> Any:
        paragraph = (container or self.doc).add_paragraph()
        if text:
            self.put(paragraph, text, path, bold=bold)
        return paragraph

    def blank(self) -> None:
        if self.layout.blank_paragraphs:
            self.doc.add_paragraph()

    def page_break(self) -> None:
        if self.layout.page_breaks:
            self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def numbered(self, paragraph: Any, number: int, level: int = 0) -> None:
        if self.layout.list_style:
            paragraph.style = self.doc.styles["List Paragraph"]
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = number

    def table(self, rows: int, cols: int) -> Any:
        table = self.doc.add_table(rows=rows, cols=cols)
        if self.layout.table_grid:
            table.style = self.doc.styles["Table Grid"]
        return table

    def cell_para(self, cell: Any, first: list[bool]) -> Any:
        """The cell's own first paragraph the first time, a new one after."""
        if first[0]:
            first[0] = False
            return cell.paragraphs[0]
        return cell.add_paragraph()

    def none_text(self, *, in_section_v_to_vii: bool = False) -> str:
        return "- N/A." if self.layout.seed_spelling and in_section_v_to_vii else "N/A."

    def no_reports(self) -> str:
        return "N/A." if self.layout.seed_spelling else self.layout.no_reports

    def name(self, text: str) -> str:
        return _with_stop(text) if self.layout.seed_spelling else text

    def items(self, values: Sequence[str], path: str, *, cell: Any = None, first: list[bool] | None = None,
              kind: str | None = None, indent: str = "", in_section_v_to_vii: bool = False) -> list[Any]:
        """A list of items (typed bullets or Word numbering, as the layout says), or N/A."""
        first = first if first is not None else [cell is not None]

        def new_paragraph() -> Any:
            return self.cell_para(cell, first) if cell is not None else self.doc.add_paragraph()

        if not values:
            paragraph = new_paragraph()
            self.put(paragraph, self.none_text(in_section_v_to_vii=in_section_v_to_vii), path)
            return [paragraph]
        paragraphs = []
        kind = kind or ("decimal" if self.layout.items == "word" else "typed")
        number = self.numbering.new_list(kind) if kind != "typed" else 0
        bullet = ("- ", "• ")[self.bullet_turn % 2]
        self.bullet_turn += 1
        for index, value in enumerate(values):
            paragraph = new_paragraph()
            if kind == "typed":
                paragraph.add_run(f"{indent}{bullet}")
            else:
                self.numbered(paragraph, number)
            self.put(paragraph, value, f"{path}.{index}")
            paragraphs.append(paragraph)
        return paragraphs

    # -- the document -----------------------------------------------------------------------

    def document(self) -> bytes:
        self.cover()
        self.index()
        for number, position in enumerate(self.manual.positions):
            self.scope = position.id
            self.page_break()
            self.blank()
            self.position(position, number)
            self.blank()
        self.scope = ""
        self.page_break()
        self.revisions()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def cover(self) -> None:
        cover = self.manual.cover
        code = self.para(f"CÓDIGO{':' if self.layout.code_colon else ''} ", bold=True)
        self.put(code, cover.code, "cover.code", bold=True)
        self.blank()
        self.para(cover.title, "cover.title", bold=True)
        self.blank()
        self.para(cover.area, "cover.area", bold=True)
        self.blank()
        rows = [("Autorizado:", cover.authorized_by, "cover.authorized_by")]
        rows += [("Revisado:" if n == 0 else "", role, f"cover.reviewed_by.{n}") for n, role in
                 enumerate(cover.reviewed_by)]
        rows.append(("Responsable de Proceso:", cover.process_owner, "cover.process_owner"))
        signers = self.table(len(rows), 2)
        for row, (label, value, path) in zip(signers.rows, rows, strict=True):
            if label:
                self.put(row.cells[0].paragraphs[0], label, bold=True)
            self.put(row.cells[1].paragraphs[0], value, path)
        if self.layout.merged_cells and len(cover.reviewed_by) > 1:
            signers.cell(1, 0).merge(signers.cell(len(cover.reviewed_by), 0))  # "Revisado:" merged down
        self.blank()
        if cover.conformity_statement is not None:
            statement = cover.conformity_statement
            self.para(f"“{statement}”" if self.layout.seed_spelling else statement, "cover.conformity_statement")
        self.blank()
        dates = self.table(1, 3).rows[0].cells
        for cell, (label, value, path) in zip(dates, (
                ("Fecha de creación: ", spanish_date(cover.created), "cover.created"),
                ("Fecha de vigencia: ", spanish_date(cover.in_force), "cover.in_force"),
                ("Versión: ", f"{cover.version:02d}", "cover.version")), strict=True):
            self.put(cell.paragraphs[0], label, bold=True)
            self.put(cell.paragraphs[0], value, path)
        self.page_break()

    def index(self) -> None:
        self.para("ÍNDICE", bold=True)
        self.blank()
        self.para("Página No.")
        self.para(self.manual.positions[0].unit if self.manual.positions else self.manual.cover.area)
        leader = "....." if self.layout.seed_spelling else "\t"
        for number, position in enumerate(self.manual.positions):
            self.para(f"{position.title}{leader}{3 + 3 * number}")
        self.para(f"MODIFICACIONES REALIZADAS{leader}{3 + 3 * len(self.manual.positions)}")

    # -- one position -----------------------------------------------------------------------

    def heading(self, numeral: str, title: str, heading_list: int) -> None:
        mode = self.layout.headings
        if mode == "absent":
            return
        if mode == "typed" or (mode == "in_tables" and numeral not in ("I", "II", "III")):
            self.para(f"{numeral}. {title}", bold=True)
        else:  # numbered by Word: the "I." is not in the text
            paragraph = self.doc.add_paragraph()
            self.numbered(paragraph, heading_list)
            if mode == "word":
                self.put(paragraph, title, bold=True)
        self.blank()

    def position(self, position: Position, number: int) -> None:
        heading_list = self.numbering.new_list("roman") if self.layout.headings in ("word", "numbers_only") else 0
        titles = dict(SECTIONS)
        self.heading("I", titles["I"], heading_list)
        self.identification(position)
        self.blank()
        self.heading("II", titles["II"], heading_list)
        self.key_functions(position, number)
        self.blank()
        self.heading("III", titles["III"], heading_list)
        self.periodic(position)
        self.blank()
        self.heading("IV", titles["IV"], heading_list)
        self.relations(position)
        self.blank()
        for numeral, fields in (("V", RESPONSIBILITIES), ("VI", PROFILE)):
            self.heading(numeral, titles[numeral], heading_list)
            for field, label in fields:
                self.labelled_list(label, getattr(position, field), field)
            self.blank()
        self.heading("VII", titles["VII"], heading_list)
        self.labelled_list("HABILIDADES", position.skills, "skills")
        self.competencies(position)

    def labelled_list(self, label: str, values: Sequence[str], path: str) -> None:
        self.para(f"{label}:", bold=True)
        self.blank()
        self.items(values, path, in_section_v_to_vii=True)
        self.blank()

    def identification(self, position: Position) -> None:
        in_table = self.layout.headings == "in_tables"
        if self.layout.identification == "label_value":
            table = self.table(len(LABELS) + in_table, 2)
            rows = list(table.rows)
            if in_table:
                self.put(rows.pop(0).cells[0].paragraphs[0], "I. IDENTIFICACIÓN", bold=True)
            for row, (field, label) in zip(rows, LABELS.items(), strict=True):
                self.put(row.cells[0].paragraphs[0], f"{label}:", bold=True)
                value = row.cells[1]
                if field == "direct_reports":
                    self.direct_reports_cell(position, value)
                else:
                    text = getattr(position, field)
                    self.put(value.paragraphs[0], self.name(text) if field in NAME_FIELDS else text, field)
            return
        # pairs: "LABEL: value" cells two a row, as the seed's own table (a third, empty column when the
        # heading sits in the table's first row, as in the seed)
        columns = 3 if in_table else 2
        table = self.table(5 + in_table, columns)
        rows = list(table.rows)
        if in_table:
            self.put(rows.pop(0).cells[0].paragraphs[0], "I. IDENTIFICACIÓN", bold=True)
        layout = (("title", "generic_title"), ("department", "unit"), ("reports_to",), ("direct_reports",),
                  ("objective",))
        for row, fields in zip(rows, layout, strict=True):
            cells = row.cells
            if len(fields) == 1 and field_is_lone(fields[0]) and self.layout.merged_cells:
                cells = [cells[0].merge(cells[1])]
            for cell, field in zip(cells, fields, strict=False):
                paragraph = cell.paragraphs[0]
                self.put(paragraph, f"{LABELS[field]}: ", bold=True)
                if field == "direct_reports":
                    if position.direct_reports:
                        self.put(paragraph, str(position.direct_reports_count), "direct_reports_count")
                        first = [True]
                        for index, name in enumerate(position.direct_reports):  # a paragraph each, no bullets
                            self.put(self.cell_para(cells[1], first), self.name(name), f"direct_reports.{index}")
                    else:
                        self.put(paragraph, self.no_reports(), "direct_reports")
                else:
                    text = getattr(position, field)
                    self.put(paragraph, self.name(text) if field in NAME_FIELDS else text, field)

    def direct_reports_cell(self, position: Position, cell: Any) -> None:
        if not position.direct_reports:
            self.put(cell.paragraphs[0], self.no_reports(), "direct_reports")
            return
        self.put(cell.paragraphs[0], str(position.direct_reports_count), "direct_reports_count")
        self.items([self.name(n) for n in position.direct_reports], "direct_reports", cell=cell, first=[False])

    def key_functions(self, position: Position, number: int) -> None:
        functions = position.key_functions
        headers = ["FUNCIONES CLAVES", "% TIEMPO ASIGNADO", "RESULTADOS ESPERADOS"]
        header_rows = [headers]
        if self.layout.headings == "in_tables":
            header_rows = [["II. FUNCIONES CLAVES", *headers[1:]]]
        elif self.layout.merged_cells:
            header_rows = [["FUNCIONES CLAVES", "", ""], ["FUNCIÓN", *headers[1:]]]
        if self.layout.key_rows == "one_row":
            groups = [list(range(len(functions)))]
        elif self.layout.key_rows == "two_in_one_cell":
            groups = [[0, 1], *([n] for n in range(2, len(functions)))]
        else:
            groups = [[n] for n in range(len(functions))]
        table = self.table(len(header_rows) + len(groups), 3)
        for row, header in zip(table.rows, header_rows, strict=False):
            cells = row.cells
            if header[1:] == ["", ""]:
                cells = [cells[0].merge(cells[2])]  # one header cell across the three columns
            for cell, text in zip(cells, header, strict=False):
                self.put(cell.paragraphs[0], text, bold=True)
        for row, group in zip(table.rows[len(header_rows):], groups, strict=True):
            text_cell, share_cell, result_cell = row.cells
            text_first, share_first, result_first = [True], [True], [True]
            for index in group:
                function = functions[index]
                path = f"key_functions.{index}"
                runs = self.put(self.cell_para(text_cell, text_first), function.text, f"{path}.text")
                if self.layout.comment and number == 0 and index == 1:
                    self.doc.add_comment(runs, text=COMMENT_TEXT, author=COMMENT_AUTHOR, initials="CA")
                if self.layout.key_rows != "two_in_one_cell" or index != 1:  # bad: one percentage for two
                    self.put(self.cell_para(share_cell, share_first), f"{function.percent}%", f"{path}.percent")
                self.put(self.cell_para(result_cell, result_first), function.expected_result,
                         f"{path}.expected_result")

    def periodic(self, position: Position) -> None:
        table = None
        if self.layout.headings == "in_tables":  # as the seed: a table, heading, labels and lists in rows
            table = self.doc.add_table(rows=1, cols=3)
            self.put(table.rows[0].cells[0].paragraphs[0], "III. FUNCIONES PERIÓDICAS", bold=True)
        typed_formats = ("{n}. ", "{n}) ", "{n}.- ") if self.layout.periodic == "typed_mixed" else ("{n}. ",)
        for turn, (field, word) in enumerate(PERIODS):
            values = getattr(position.periodic_functions, field)
            path = f"periodic_functions.{field}"
            container = table.add_row().cells[0] if table is not None else None
            label = container.paragraphs[0] if container is not None else self.doc.add_paragraph()
            self.put(label, f"{word}.", bold=True)
            if not values and self.layout.na_on_label_line:
                self.put(label, " ")
                self.put(label, "N/A", path)
                continue
            if table is None:
                self.blank()
            cell = table.add_row().cells[0] if table is not None else None
            first = [True]
            if not values:
                self.put(self.cell_para(cell, first) if cell is not None else self.doc.add_paragraph(),
                         "N/A" if self.layout.seed_spelling and field == "weekly" else "N/A.", path)
                continue
            if self.layout.periodic == "word":
                self.items(values, path, cell=cell, first=first, kind="decimal")
                continue
            form = typed_formats[turn % len(typed_formats)]
            for index, value in enumerate(values):
                paragraph = self.cell_para(cell, first) if cell is not None else self.doc.add_paragraph()
                paragraph.add_run(form.format(n=index + 1))
                self.put(paragraph, value, f"{path}.{index}")

    def relations(self, position: Position) -> None:
        relations = position.relations
        if self.layout.relations == "paragraphs":
            for label, values, field in (("CON", relations.with_whom, "with_whom"),
                                         ("PARA / FRECUENCIA", relations.purposes, "purposes")):
                self.para(f"{label}:", bold=True)
                self.blank()
                self.items(values, f"relations.{field}")
                self.blank()
            return
        table = self.table(2, 2)
        for cell, label in zip(table.rows[0].cells, ("CON:", "PARA / FRECUENCIA:"), strict=True):
            self.put(cell.paragraphs[0], label, bold=True)
        for cell, values, field in zip(table.rows[1].cells, (relations.with_whom, relations.purposes),
                                       ("with_whom", "purposes"), strict=True):
            self.items(values, f"relations.{field}", cell=cell)

    def competencies(self, position: Position) -> None:
        competencies = position.competencies
        if self.layout.competencies == "labelled":
            for field, word in COMPETENCY_KINDS:
                self.labelled_list(f"COMPETENCIAS {word.upper()}", getattr(competencies, field),
                                   f"competencies.{field}")
            return
        self.para("COMPETENCIAS:", bold=True)
        self.blank()
        for field, word in COMPETENCY_KINDS:
            values = getattr(competencies, field)
            path = f"competencies.{field}"
            if self.layout.seed_spelling:  # "- Técnica." then "\t- item", as typed in the seed
                self.para(f"- {word}.")
                for index, value in enumerate(values):
                    paragraph = self.doc.add_paragraph()
                    paragraph.add_run("\t- ")
                    self.put(paragraph, value, f"{path}.{index}")
                if not values:
                    self.para("\t- N/A.", path)
                continue
            self.para(f"{word}.", bold=True)
            self.items(values, path, kind="bullet" if self.layout.items == "typed" else "decimal")

    # -- MODIFICACIONES REALIZADAS -------------------------------------------------------------

    def revisions(self) -> None:
        self.para("MODIFICACIONES REALIZADAS", bold=True)
        self.blank()
        revisions = self.manual.revisions
        table = self.table(1 + len(revisions), 3)
        for cell, header in zip(table.rows[0].cells, ("Referencia de autorización", "Versión",
                                                      "Descripción de la modificación"), strict=True):
            self.put(cell.paragraphs[0], header, bold=True)
        stop = "." if self.layout.seed_spelling else ""
        for index, (row, revision) in enumerate(zip(table.rows[1:], revisions, strict=True)):
            path = f"revisions.{index}"
            reference, version, description = row.cells
            self.put(reference.paragraphs[0], revision.authorized_by, f"{path}.authorized_by")
            if revision.last_modified is not None:
                paragraph = reference.add_paragraph("Fecha de última modificación: ")
                self.put(paragraph, spanish_date(revision.last_modified) + stop, f"{path}.last_modified")
            paragraph = reference.add_paragraph("Fecha de vigencia: ")
            self.put(paragraph, spanish_date(revision.in_force) + stop, f"{path}.in_force")
            self.put(version.paragraphs[0], f"{revision.version}." if self.layout.seed_spelling
                     else f"{revision.version:02d}", f"{path}.version")
            first = [True]
            for number, change in enumerate(revision.changes):
                self.put(self.cell_para(description, first), change, f"{path}.changes.{number}")
            preparer = self.cell_para(description, first)
            self.put(preparer, f"{revision.prepared_by_label}: ")
            self.put(preparer, revision.prepared_by + stop, f"{path}.prepared_by")


def field_is_lone(field: str) -> bool:
    """The identification rows with one "LABEL: value" (the seed leaves the next cell empty)."""
    return field in ("reports_to", "objective")


def _typed(layout: Layout) -> Callable[[Manual], bytes]:
    def build(manual: Manual) -> bytes:
        return _Typist(manual, layout).document()

    return build


# ----------------------------------------------------------------------------------------------
# The builders.


def build_baseline(manual: Manual) -> bytes:
    """A control: a plain, conventional hand-typed file (typed headings, label | value cells, one row per
    key function, Word-numbered periodic functions, typed bullets elsewhere, "COMPETENCIAS TÉCNICA:")."""
    return _typed(Layout())(manual)


def build_analyst_typed_seed(manual: Manual) -> bytes:
    """The seed as an analyst types it: cover paragraphs, 2-column signer table, conformity line in
    quotes, 3-cell dates row, bold "I. IDENTIFICACIÓN" paragraphs, "LABEL: value" cells two a row with
    the seed's final full stops, a 3-column key-function table, Word-numbered periodic lists under bold
    "Diaria.", typed "- "/"• " bullets in IV–VII ("- N/A." for none), "COMPETENCIAS:" / "- Técnica." /
    "\\t- item", the revision table with "1." and dated "….", and the version's marks underlined."""
    return _typed(Layout(seed_spelling=True, identification="pairs", competencies="by_kind",
                         underline=True))(manual)


def build_identification_label_value(manual: Manual) -> bytes:
    """Section I as label cell | value cell; "PUESTOS DIRECTAMENTE BAJO SU CARGO:" | "N/A." for none, the
    count then the reports' typed bullets otherwise."""
    return _typed(Layout(identification="label_value", no_reports="N/A."))(manual)


def build_code_without_colon(manual: Manual) -> bytes:
    """"CÓDIGO 900 0935", as the seed's cover prints it."""
    return _typed(Layout(code_colon=False))(manual)


def build_word_numbered_headings(manual: Manual) -> bytes:
    """Section headings numbered by Word: the paragraph reads "IDENTIFICACIÓN", upper-roman numbering."""
    return _typed(Layout(headings="word"))(manual)


def build_relations_as_paragraphs(manual: Manual) -> bytes:
    """Section IV as paragraphs: "CON:" then bullets, "PARA / FRECUENCIA:" then bullets."""
    return _typed(Layout(relations="paragraphs"))(manual)


def build_competencies_by_kind(manual: Manual) -> bytes:
    """COMPETENCIAS as the seed has it: "COMPETENCIAS:", then "Técnica." and its bulleted items (Word
    bullets), "Metodológica." …"""
    return _typed(Layout(competencies="by_kind"))(manual)


def build_competencies_labelled(manual: Manual) -> bytes:
    """COMPETENCIAS as docversion's own writer lays it out: "COMPETENCIAS TÉCNICA:" and the like."""
    return _typed(Layout(competencies="labelled"))(manual)


def build_period_and_na_on_one_line(manual: Manual) -> bytes:
    """"Semanal. N/A" typed in one paragraph for every empty periodicity."""
    return _typed(Layout(na_on_label_line=True))(manual)


def build_pasted_seed_text(manual: Manual) -> bytes:
    """The seed's text file pasted into Word: one paragraph per line, tabs kept as tab characters. The
    manual is not used: the file is the fixture's text, so reading it must give the fixture's reading."""
    del manual
    document = Document()
    for line in SEED_TEXT.read_text(encoding="utf-8").split("\n"):
        paragraph = document.add_paragraph()
        for number, part in enumerate(line.split("\t")):
            run = paragraph.add_run(part)
            if number < len(line.split("\t")) - 1:
                run.add_tab()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_merged_cells(manual: Manual) -> bytes:
    """Merged cells: "Revisado:" merged down its reviewer rows, FUNCIONES CLAVES a header row merged
    across the three columns (then "FUNCIÓN | % TIEMPO ASIGNADO | RESULTADOS ESPERADOS"), REPORTA A and
    the objective rows merged across the two "LABEL: value" columns."""
    return _typed(Layout(merged_cells=True, identification="pairs"))(manual)


def build_numbered_everywhere_no_styles(manual: Manual) -> bytes:
    """Word-numbered lists everywhere (each restarting at 1), extra blank paragraphs, a page break
    between positions, no styles at all: every paragraph Normal, tables unstyled, bold by run."""
    return _typed(Layout(items="word", periodic="word", blank_paragraphs=True, page_breaks=True,
                         list_style=False, table_grid=False))(manual)


def build_typed_numbers(manual: Manual) -> bytes:
    """Periodic functions numbered as typed text: "1. …", "1) … 2) …", "1.- …"."""
    return _typed(Layout(periodic="typed_mixed"))(manual)


def build_with_comment(manual: Manual) -> bytes:
    """A Word comment (the comments part) on the first position's second key function."""
    return _typed(Layout(comment=True))(manual)


def build_seed_tables(manual: Manual) -> bytes:
    """The seed's own tables, as its text shows them: "I. IDENTIFICACIÓN" in the first row of a 3-column
    identification table, "II. FUNCIONES CLAVES | % TIEMPO ASIGNADO | RESULTADOS ESPERADOS" as the
    key-function table's header with every function in one row (a paragraph each), "III. FUNCIONES
    PERIÓDICAS" heading a table whose rows hold the labels and their Word-numbered lists; IV–VII as
    paragraphs."""
    return _typed(Layout(headings="in_tables", identification="pairs", key_rows="one_row",
                         relations="paragraphs", competencies="by_kind"))(manual)


def build_bad_heading_numbers_without_text(manual: Manual) -> bytes:
    """BAD: the section headings are Word-numbered paragraphs whose text is gone (Word shows "I.",
    "II." … alone): no section can be recognised, so no position."""
    return _typed(Layout(headings="numbers_only"))(manual)


def build_bad_headings_missing(manual: Manual) -> bytes:
    """BAD: every section heading deleted: the positions' content without any heading."""
    return _typed(Layout(headings="absent"))(manual)


def build_bad_two_functions_one_percentage(manual: Manual) -> bytes:
    """BAD: a FUNCIONES CLAVES row with two functions (and two results) in one cell and one percentage."""
    return _typed(Layout(key_rows="two_in_one_cell"))(manual)


@dataclass(frozen=True)
class Entry:
    """One file of the corpus and what reading it must give.

    ``manual`` names the directory under ``manuals/`` it is typed from. The file reads back as that
    manual, marks left out unless ``underlines``; ``expect`` "seed-text" means the reading of the
    seed's .txt (marks included) instead; ``error`` lists words the refusal must name (an
    ``InvalidInputError``, never a manual); ``warning`` lists texts one of which a warning must name.
    """

    name: str
    build: Callable[[Manual], bytes]
    manual: str
    underlines: bool = False
    expect: str = "manual"
    error: tuple[str, ...] = ()
    warning: tuple[str, ...] = ()


SEED, SECOND = "900-0935", "310-0120"
CORPUS: tuple[Entry, ...] = (
    Entry("baseline", build_baseline, SEED),
    Entry("analyst_typed_seed", build_analyst_typed_seed, SEED, underlines=True),
    Entry("identification_label_value", build_identification_label_value, SECOND),
    Entry("code_without_colon", build_code_without_colon, SEED),
    Entry("word_numbered_headings", build_word_numbered_headings, SECOND),
    Entry("relations_as_paragraphs", build_relations_as_paragraphs, SECOND),
    Entry("competencies_by_kind", build_competencies_by_kind, SEED),
    Entry("competencies_labelled", build_competencies_labelled, SECOND),
    Entry("period_and_na_on_one_line", build_period_and_na_on_one_line, SEED),
    Entry("pasted_seed_text", build_pasted_seed_text, SEED, expect="seed-text"),
    Entry("merged_cells", build_merged_cells, SECOND),
    Entry("numbered_everywhere_no_styles", build_numbered_everywhere_no_styles, SEED),
    Entry("typed_numbers", build_typed_numbers, SECOND),
    Entry("with_comment", build_with_comment, SEED, warning=(COMMENT_TEXT, COMMENT_AUTHOR)),
    Entry("seed_tables", build_seed_tables, SEED),
    Entry("bad_heading_numbers_without_text", build_bad_heading_numbers_without_text, SEED, expect="error"),
    Entry("bad_headings_missing", build_bad_headings_missing, SECOND, expect="error"),
    Entry("bad_two_functions_one_percentage", build_bad_two_functions_one_percentage, SECOND, expect="error",
          error=("table", "row")),
)
