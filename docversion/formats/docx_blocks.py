"""A Word document's body as plain blocks: paragraphs (text runs with their underlines, and
whether Word made them list items) and tables (rows of cells of paragraphs), merged cells
counted once. Knows XML, not the manual."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TYPED_ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.)-]|[-–•●▪◦·*])\s+")


@dataclass
class Para:
    """One paragraph: its characters, which of them are underlined, and whether it is a list item."""

    chars: str
    flags: list[bool]
    is_item: bool
    where: str
    bold: int = 0  # how many characters at the start are bold (a label, when the writer made one)

    @property
    def text(self) -> str:
        """The text, white space collapsed."""
        return self.clean()[0]

    def clean(self, skip: int = 0, *, is_typed_item: bool = False) -> tuple[str, list[bool]]:
        """The text from character ``skip`` on, NFC, single spaces, ends stripped, with its flags;
        ``is_typed_item`` also drops a number or bullet typed at its start ("1. ", "- ")."""
        chars, flags = self.chars[skip:], self.flags[skip:]
        if is_typed_item and not self.is_item:
            found = _TYPED_ITEM.match(chars)
            if found:
                chars, flags = chars[found.end():], flags[found.end():]
        out: list[str] = []
        out_flags: list[bool] = []
        for char, flag in zip(chars, flags, strict=True):
            if char.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                    out_flags.append(flag)
                continue
            out.append(char)
            out_flags.append(flag)
        while out and out[-1] == " ":
            out.pop()
            out_flags.pop()
        return "".join(out), out_flags

    def marks(self, skip: int = 0, *, is_typed_item: bool = False) -> tuple[str, list[tuple[int, str]], bool]:
        """The clean text, its underlined spans (start, text), and whether all of it is underlined."""
        text, flags = self.clean(skip, is_typed_item=is_typed_item)
        spans: list[tuple[int, str]] = []
        at = 0
        while at < len(text):
            if not flags[at] or text[at] == " ":
                at += 1
                continue
            end = at
            while end < len(text) and flags[end]:
                end += 1
            piece = text[at:end].rstrip()
            spans.append((at, piece))
            at = end
        whole = bool(text) and all(flag or char == " " for char, flag in zip(text, flags, strict=True))
        return text, spans, whole


@dataclass
class Tbl:
    """A table: rows of cells, each cell a list of its non-empty paragraphs."""

    rows: list[list[list[Para]]]
    where: str


def blocks(body: Any) -> Iterator[Para | Tbl]:
    """The body's paragraphs and tables in order, empty paragraphs left out."""
    paragraphs = tables = 0
    for element in body.iterchildren():
        if element.tag == f"{_NS}p":
            paragraphs += 1
            para = _para(element, f"paragraph {paragraphs}")
            if para.text:
                yield para
        elif element.tag == f"{_NS}tbl":
            tables += 1
            yield _table(element, f"table {tables}")


def _para(element: Any, where: str) -> Para:
    chars: list[str] = []
    flags: list[bool] = []
    bold, is_leading = 0, True
    for run in element.iter(f"{_NS}r"):
        underline = run.find(f"{_NS}rPr/{_NS}u")
        flag = underline is not None and underline.get(f"{_NS}val") not in ("none", "0", "false")
        weight = run.find(f"{_NS}rPr/{_NS}b")
        is_bold = weight is not None and weight.get(f"{_NS}val") not in ("0", "false")
        length = sum(len(t.text or "") for t in run.iter(f"{_NS}t"))
        if is_leading and is_bold:
            bold += length
        elif length:
            is_leading = False
        for part in run:
            if part.tag == f"{_NS}t" and part.text:
                text = unicodedata.normalize("NFC", part.text)
            elif part.tag in (f"{_NS}tab", f"{_NS}br", f"{_NS}cr"):
                text = " "
            else:
                continue
            chars.append(text)
            flags.extend([flag] * len(text))
    properties = element.find(f"{_NS}pPr")
    style = properties.find(f"{_NS}pStyle") if properties is not None else None
    is_item = properties is not None and (properties.find(f"{_NS}numPr") is not None or (
        style is not None and str(style.get(f"{_NS}val", "")).startswith("List")))
    return Para("".join(chars), flags, is_item, where, bold)


def _table(element: Any, where: str) -> Tbl:
    rows = []
    for number, row in enumerate(element.iter(f"{_NS}tr"), start=1):
        cells: list[list[Para]] = []
        for cell in row.iterchildren(f"{_NS}tc"):
            merge = cell.find(f"{_NS}tcPr/{_NS}vMerge")
            if merge is not None and merge.get(f"{_NS}val") in (None, "continue"):
                cells.append([])  # the continuation of a cell merged down: its text is above
                continue
            paragraphs = [_para(p, f"{where}, row {number}") for p in cell.iter(f"{_NS}p")]
            cells.append([p for p in paragraphs if p.text])
        rows.append(cells)
    return Tbl(rows, where)
