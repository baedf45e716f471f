"""The pieces of Word's XML the writer needs and python-docx does not offer: fields (page
numbers, page references), bookmarks, document variables, a right tab with a dotted leader,
the page size and the header and footer of every page. Knows Word, nothing about manuals.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from docversion.formats.layout import PAPERS

MARGIN_MM = 25
# Elements that come after w:docVars in a settings part (the schema fixes the order).
_AFTER_DOC_VARS = ("rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                   "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                   "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                   "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
STAMP_COLOUR = RGBColor(0xB0, 0x00, 0x00)


def add_field(paragraph: Any, code: str, shown: str = "") -> None:
    """A field (``PAGE``, ``NUMPAGES``, ``PAGEREF name \\h``) whose result, until Word or LibreOffice
    updates it, is ``shown``."""
    def char(kind: str) -> Any:
        run = paragraph.add_run()
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run._r.append(mark)
        return run

    char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    paragraph.add_run()._r.append(instruction)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def add_bookmark(paragraph: Any, name: str, number: int) -> None:
    """A bookmark ``name`` around the paragraph's text, for a PAGEREF to find its page."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def dotted_tab(paragraph: Any, position_mm: float) -> None:
    """A right-aligned tab stop at ``position_mm`` led by dots, as an index line's page number."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(position_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def set_fonts(doc: Any) -> None:
    """Arial (Liberation Sans where LibreOffice prints) at 10.5 points for the text, as offices use."""
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Arial")
    for name in ("Heading 1", "Heading 2", "Title"):
        doc.styles[name].font.name = "Arial"


def set_page(section: Any, paper: str) -> float:
    """Give ``section`` the paper's size, portrait, with even margins; the text's width in mm."""
    width, height = PAPERS[paper]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = section.footer_distance = Mm(12)
    return width - 2 * MARGIN_MM


def header_and_footer(section: Any, left: str, right: str, stamp: str | None) -> None:
    """Every page's header (``left`` and ``right`` on one line, then the stamp in bold red) and its
    footer ("Página X de Y", fields the reader takes for layout)."""
    header = section.header.paragraphs[0]
    header.text = ""
    header.add_run(left)
    header.add_run("\t")
    header.add_run(right)
    stops = header.paragraph_format.tab_stops
    for inherited in (Twips(4680), Twips(9360)):  # the Header style's centre and right stops, set for Letter
        stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(section.page_width - section.left_margin - section.right_margin, WD_TAB_ALIGNMENT.RIGHT)
    for run in header.runs:
        run.font.size = Pt(8)
    if stamp:
        line = section.header.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = line.add_run(stamp)
        run.bold = True
        run.font.size = Pt(11)
        run.font.color.rgb = STAMP_COLOUR
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Página ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" de ")
    add_field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)


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


def update_fields_on_open(doc: Any) -> None:
    """Ask Word to update the document's fields when it opens it (the index's page numbers);
    LibreOffice updates them on loading anyway."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later_tags = {qn(f"w:{t}") for t in ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                                         *_AFTER_DOC_VARS)}
    later = next((child for child in settings if child.tag in later_tags), None)
    if later is None:
        settings.append(update)
    else:
        later.addprevious(update)


def repeat_header_row(row: Any) -> None:
    """Repeat ``row`` at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def document_variable(doc: Any, name: str) -> str | None:
    """The value of a Word document variable, if the document has it."""
    for variable in doc.settings.element.iter(qn("w:docVar")):
        if variable.get(qn("w:name")) == name:
            return str(variable.get(qn("w:val")))
    return None


def column_widths(table: Any, widths_mm: tuple[float, ...]) -> None:
    """Fix a table's columns to ``widths_mm`` (every cell: Word and LibreOffice read the cells')."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.iterchildren(qn("w:gridCol")), widths_mm, strict=False):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def keep_with_next(paragraph: Any) -> None:
    """Keep ``paragraph`` on the page of the one after it (a label and its list, a heading)."""
    paragraph.paragraph_format.keep_with_next = True
