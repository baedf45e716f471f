"""The Word source: a document's body to the stream of blocks.

Paragraphs become :class:`Para` blocks (underlined runs held as mark sentinels, Word's own list
items flagged, a bold label at the start measured; see :mod:`docversion.formats.docx.runs`),
tables become :class:`Row` blocks (a cell merged down from above is empty; a cell merged across
is one cell; cells a row skips are empty), and each paragraph's text is decoded as a line of the
text conversion would be, so a manual pasted into Word as text reads as that text. Content
controls and custom XML are looked into, never passed over; comments and notes are reported; a
table inside a table cell is refused. Knows Word's XML, nothing about manuals.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docversion.errors import DocumentStructureError
from docversion.formats.blocks import Block, Para, Row, Where
from docversion.formats.docx.context import NS, Context
from docversion.formats.docx.runs import paragraph_text
from docversion.formats.markup import decode_line
from docversion.i18n import _

_WRAPPERS = (f"{NS}sdt", f"{NS}customXml")
_LIST_STYLES = ("ListNumber", "ListBullet", "Listaconnmeros", "Listaconvietas")


def body_blocks(body: Any, context: Context, source: str) -> list[Block]:
    """The blocks of a document body, in order; empty paragraphs hold none."""
    blocks: list[Block] = []
    paragraphs = tables = 0
    for element in _flow(body, (f"{NS}p", f"{NS}tbl")):
        if element.tag == f"{NS}p":
            paragraphs += 1
            where = Where(paragraph=paragraphs)
            _note_comments(element, where, context)
            blocks.extend(_para_blocks(element, where, context))
        else:
            tables += 1
            blocks.extend(_table(element, tables, context, source))
    return blocks


def _flow(container: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """The children of ``container`` with one of ``tags``, in order, looking inside the elements
    that wrap them (content controls, custom XML): nothing is passed over."""
    for element in container.iterchildren():
        if element.tag in tags:
            yield element
        elif element.tag in _WRAPPERS:
            content = element.find(f"{NS}sdtContent") if element.tag == f"{NS}sdt" else element
            if content is not None:
                yield from _flow(content, tags)
        elif element.tag not in (f"{NS}sdtPr", f"{NS}sdtEndPr", f"{NS}tblPr", f"{NS}tblGrid", f"{NS}trPr",
                                 f"{NS}tcPr") and element.find(f".//{NS}t") is not None:
            yield from _flow(element, tags)


def _note_comments(element: Any, where: Where, context: Context) -> None:
    for reference in element.iter(f"{NS}commentReference"):
        text = context.comments.get(str(reference.get(f"{NS}id")), "")
        context.judge(where, "comment", _("a Word comment is not part of the manual and was not read: {text!r}").format(
            text=text))


def _para_blocks(element: Any, where: Where, context: Context) -> list[Block]:
    text, label = paragraph_text(element, where, context)
    if not text.strip():
        return []
    properties = element.find(f"{NS}pPr")
    is_item, level = _list_item(properties, where, context)
    blocks = decode_line(text, where, context.judge, is_item=is_item, label=label)
    is_heading = _is_heading(properties, context)
    for block in blocks:
        if isinstance(block, Para):
            block.level = max(block.level, level)
            block.is_heading = is_heading
    return blocks


def _list_item(properties: Any, where: Where, context: Context) -> tuple[bool, int]:
    """Whether Word numbers or bullets this paragraph (numbering that is not switched off, ``numId``
    0, directly or through a numbered list style; a plain "List Paragraph" is only indented), and
    its level: 0 at the margin, 1 for an item under an item (COMPETENCIAS: "Técnica." and its
    items). A deeper level is read as level 1, and said."""
    if properties is None:
        return False, 0
    style = properties.find(f"{NS}pStyle")
    style_name = str(style.get(f"{NS}val", "")) if style is not None else ""
    numbering = properties.find(f"{NS}numPr")
    if numbering is not None:
        number = numbering.find(f"{NS}numId")
        if number is not None and number.get(f"{NS}val") == "0":
            return False, 0
        found = numbering.find(f"{NS}ilvl")
        level = int(found.get(f"{NS}val")) if found is not None and str(found.get(f"{NS}val")).isdigit() else 0
        if level > 1:
            context.judge(where, "list_level", _("a list item of level {level} was read as an item under the item "
                                                 "above it").format(level=level + 1))
        return True, min(level, 1) or _style_level(style_name)
    if style_name.startswith(_LIST_STYLES):
        return True, _style_level(style_name)
    return False, 0


def _style_level(style_name: str) -> int:
    """The level a list style names: "List Bullet 2" (ListBullet2) is an item under an item."""
    return 1 if style_name.startswith(_LIST_STYLES) and style_name[-1:].isdigit() and style_name[-1] != "1" else 0


def _is_heading(properties: Any, context: Context) -> bool:
    """Whether the paragraph is a heading: a heading style (Word's, in English or Spanish, or any
    style with an outline level) or an outline level of its own."""
    if properties is None:
        return False
    outline = properties.find(f"{NS}outlineLvl")
    if outline is not None:
        return str(outline.get(f"{NS}val")) != "9"  # 9 is body text
    style = properties.find(f"{NS}pStyle")
    return style is not None and str(style.get(f"{NS}val", "")) in context.heading_styles


def _table(element: Any, number: int, context: Context, source: str) -> list[Block]:
    rows: list[Block] = []
    for row_number, row in enumerate(_flow(element, (f"{NS}tr",)), start=1):
        cells: list[tuple[Para, ...]] = []
        skipped = row.find(f"{NS}trPr/{NS}gridBefore")
        if skipped is not None and str(skipped.get(f"{NS}val", "0")).isdigit():
            cells += [()] * int(str(skipped.get(f"{NS}val")))
        for cell in _flow(row, (f"{NS}tc",)):
            cell_number = len(cells) + 1
            where = Where(table=number, row=row_number, cell=cell_number)
            if cell.find(f".//{NS}tbl") is not None:
                raise DocumentStructureError(
                    _("{where}: the cell holds a table of its own").format(where=where), source=source,
                    hint=_("docversion reads one level of tables: write the inner table's contents in the cell "
                           "as paragraphs or list items"))
            paras = _cell_paras(cell, where, context)
            merge = cell.find(f"{NS}tcPr/{NS}vMerge")
            if merge is not None and merge.get(f"{NS}val") in (None, "continue"):
                if paras:
                    context.judge(where, "merged_cell", _("text in a cell merged into the one above was read "
                                                          "in its own place"))
                else:
                    cells.append(())  # the continuation of a cell merged down: its text is above
                    continue
            cells.append(tuple(paras))
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(Row(tuple(cells), Where(table=number, row=row_number)))
    return rows


def _cell_paras(cell: Any, where: Where, context: Context) -> list[Para]:
    paras: list[Para] = []
    for paragraph in _flow(cell, (f"{NS}p",)):
        _note_comments(paragraph, where, context)
        for block in _para_blocks(paragraph, where, context):
            paras.extend(block.paras())
    return paras
