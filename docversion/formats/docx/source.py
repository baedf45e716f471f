"""The Word source: a document's body to the stream of blocks.

Paragraphs become :class:`Para` blocks (underlined runs held as mark sentinels, Word's own
list items flagged, a bold label at the start measured), tables become :class:`Row` blocks
(a cell merged down from above is empty; a cell merged across is one cell), and each
paragraph's text is decoded as a line of the text conversion would be, so a manual pasted
into Word as text reads as that text. Comments are reported, never dropped in silence.
Knows Word's XML, nothing about manuals.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from docversion.formats.blocks import MARK_CLOSE, MARK_OPEN, Block, Para, Row, Where
from docversion.formats.markup import SYMBOL, SYMBOL_BULLETS, Judge, decode_line, strip_marks

_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = ("0", "false", "none", "off")


def body_blocks(body: Any, judge: Judge, comments: dict[str, str]) -> list[Block]:
    """The blocks of a document body, in order; empty paragraphs hold none."""
    blocks: list[Block] = []
    paragraphs = tables = 0
    for element in body.iterchildren():
        if element.tag == f"{_NS}p":
            paragraphs += 1
            where = Where(paragraph=paragraphs)
            _note_comments(element, where, judge, comments)
            blocks.extend(_para_blocks(element, where, judge))
        elif element.tag == f"{_NS}tbl":
            tables += 1
            blocks.extend(_table(element, tables, judge, comments))
    return blocks


def _note_comments(element: Any, where: Where, judge: Judge, comments: dict[str, str]) -> None:
    for reference in element.iter(f"{_NS}commentReference"):
        number = str(reference.get(f"{_NS}id"))
        text = comments.get(number, "")
        judge(where, "comment", f"a Word comment is not part of the manual and was not read: {text!r}")


def comment_texts(part_xml: Any) -> dict[str, str]:
    """Each comment's text by id, from the comments part's XML element."""
    found: dict[str, str] = {}
    for comment in part_xml.iter(f"{_NS}comment"):
        author = comment.get(f"{_NS}author") or ""
        words = " ".join("".join(t.text or "" for t in p.iter(f"{_NS}t")) for p in comment.iter(f"{_NS}p"))
        found[str(comment.get(f"{_NS}id"))] = f"{author}: {' '.join(words.split())}" if author else words
    return found


def _para_blocks(element: Any, where: Where, judge: Judge) -> list[Block]:
    text, label = _runs(element, where, judge)
    if not text.strip():
        return []
    properties = element.find(f"{_NS}pPr")
    is_item = False
    if properties is not None:
        style = properties.find(f"{_NS}pStyle")
        is_item = properties.find(f"{_NS}numPr") is not None or (
            style is not None and str(style.get(f"{_NS}val", "")).startswith("List"))
    return decode_line(text, where, judge, is_item=is_item, label=label)


def _runs(element: Any, where: Where, judge: Judge) -> tuple[str, int]:
    """The paragraph's text with underlined runs between mark sentinels, and the length of a bold
    label (ending in a colon) at its start. Page-number fields are layout; hidden text is not read
    (and reported)."""
    parts: list[str] = []
    is_open = False
    bold_text: list[str] = []
    is_leading = True
    for run in _visible_runs(element, where, judge):
        underline = run.find(f"{_NS}rPr/{_NS}u")
        flag = underline is not None and underline.get(f"{_NS}val") not in _OFF
        weight = run.find(f"{_NS}rPr/{_NS}b")
        is_bold = weight is not None and weight.get(f"{_NS}val") not in _OFF
        piece = "".join(_run_text(run, where, judge))
        if not piece:
            continue
        if flag != is_open:
            parts.append(MARK_OPEN if flag else MARK_CLOSE)
            is_open = flag
        parts.append(piece)
        if is_leading and is_bold:
            bold_text.append(piece)
        elif piece.strip():
            is_leading = False
    if is_open:
        parts.append(MARK_CLOSE)
    text = unicodedata.normalize("NFC", "".join(parts))
    if SYMBOL.search(text):
        text = text.translate(SYMBOL_BULLETS)
    bold = "".join(bold_text).rstrip()
    label = 0
    if bold.endswith(":"):
        label = _offset_with_marks(text, len(bold))
    return text, label


_PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")


def _visible_runs(element: Any, where: Where, judge: Judge) -> Iterator[Any]:
    """The paragraph's runs that print as its text: not a page-number field's result, not hidden."""
    in_field = in_result = is_page = False
    instruction = ""
    for run in element.iter(f"{_NS}r"):
        simple = run.getparent()
        if simple is not None and simple.tag == f"{_NS}fldSimple" and \
                str(simple.get(f"{_NS}instr", "")).split()[:1] in ([f] for f in _PAGE_FIELDS):
            judge(where, "page_furniture", "took a page-number field for layout")
            continue
        mark = run.find(f"{_NS}fldChar")
        if mark is not None:
            kind = mark.get(f"{_NS}fldCharType")
            if kind == "begin":
                in_field, in_result, instruction = True, False, ""
            elif kind == "separate":
                in_result = True
                is_page = instruction.split()[:1] in ([f] for f in _PAGE_FIELDS)
                if is_page:
                    judge(where, "page_furniture", "took a page-number field for layout")
            elif kind == "end":
                in_field = in_result = is_page = False
            continue
        if in_field and not in_result:
            instruction += "".join(t.text or "" for t in run.iter(f"{_NS}instrText"))
            continue
        if in_result and is_page:
            continue
        hidden = run.find(f"{_NS}rPr/{_NS}vanish")
        if hidden is not None and hidden.get(f"{_NS}val") not in _OFF:
            words = "".join(t.text or "" for t in run.iter(f"{_NS}t")).strip()
            if words:
                judge(where, "hidden_text", f"hidden text {words!r} is not printed, so it was not read")
            continue
        yield run


def _run_text(run: Any, where: Where, judge: Judge) -> Iterator[str]:
    for part in run:
        if part.tag == f"{_NS}t" and part.text:
            yield part.text
        elif part.tag == f"{_NS}tab":
            yield "\t"
        elif part.tag in (f"{_NS}br", f"{_NS}cr"):
            yield " "
        elif part.tag == f"{_NS}noBreakHyphen":
            yield "-"
        elif part.tag == f"{_NS}sym":
            yield _symbol(part, where, judge)


def _symbol(part: Any, where: Where, judge: Judge) -> str:
    """A ``w:sym`` character: a bullet when it is one of Word's, else reported and not read."""
    code = str(part.get(f"{_NS}char", ""))
    try:
        char = chr(int(code, 16))
    except ValueError:
        char = ""
    bullet = char.translate(SYMBOL_BULLETS)
    if bullet and bullet != char:
        return bullet
    judge(where, "symbol", f"a symbol ({part.get(f'{_NS}font')} {code}) has no letter and was not read")
    return ""


def _offset_with_marks(text: str, plain_length: int) -> int:
    """The offset in ``text`` (with sentinels) after ``plain_length`` characters of real text."""
    seen = 0
    for index, char in enumerate(text):
        if seen >= plain_length:
            return index
        if char not in (MARK_OPEN, MARK_CLOSE):
            seen += 1
    return len(text)


def _table(element: Any, number: int, judge: Judge, comments: dict[str, str]) -> list[Block]:
    rows: list[Block] = []
    for row_number, row in enumerate(element.iterchildren(f"{_NS}tr"), start=1):
        cells: list[tuple[Para, ...]] = []
        for cell_number, cell in enumerate(row.iterchildren(f"{_NS}tc"), start=1):
            merge = cell.find(f"{_NS}tcPr/{_NS}vMerge")
            if merge is not None and merge.get(f"{_NS}val") in (None, "continue"):
                cells.append(())  # the continuation of a cell merged down: its text is above
                continue
            where = Where(table=number, row=row_number, cell=cell_number)
            paras: list[Para] = []
            for paragraph in cell.iter(f"{_NS}p"):
                _note_comments(paragraph, where, judge, comments)
                for block in _para_blocks(paragraph, where, judge):
                    paras.extend(block.paras() if isinstance(block, Row) else [block])
            cells.append(tuple(paras))
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(Row(tuple(cells), Where(table=number, row=row_number)))
    return rows


def plain(para: Para) -> str:
    """The paragraph's text without marks (for messages)."""
    return strip_marks(para.text)
