"""Page furniture: what Word repeats on every page and a conversion leaves among the text.

The page header (``900 0935 MANUAL DE DESCRIPCIÓN DE PUESTOS``, with or without ``CÓDIGO``),
page footers (``Página 4 de 15``, ``Pág. 3``, ``- 3 -``) and table rules (``--\\t-----``) are
layout. Alone in a paragraph they are furniture; glued to the end or start of a line of
text they are cut from it, and the cut is reported.
"""

from __future__ import annotations

import re

from docversion.formats.blocks import Block, Para, Row
from docversion.formats.markup import has_words, strip_marks
from docversion.formats.report import Report
from docversion.formats.structure.labels import fold

_FOOTER = r"(?:p[aá]gina|p[aá]g\.?)\s*(?:no\.?\s*)?\d{1,4}(?:\s*(?:de|/)\s*\d{1,4})?"
_FOOTER_ALONE = re.compile(rf"^\s*(?:{_FOOTER}|-\s*\d{{1,4}}\s*-)\s*$", re.IGNORECASE)
_FOOTER_GLUED = re.compile(rf"(?:^\s*{_FOOTER}\s+|\s+{_FOOTER}\s*$)", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-=_|+]*$")


def is_rule(text: str) -> bool:
    """A table rule such as ``--\\t--\\t-----`` left by the conversion: layout, no words."""
    return _RULE.match(text) is not None


class Furniture:
    """Recognises the page header of one manual (its code and title) and page footers."""

    def __init__(self, code: str, title: str, report: Report) -> None:
        self.header = fold(f"{code} {title}")
        self.headers = {self.header, fold(f"código {code} {title}"), fold(f"código: {code} {title}")}
        self.report = report
        self.code = code

    def is_alone(self, text: str) -> bool:
        """True when ``text`` is nothing but a page header or footer."""
        if len(text) > len(self.header) + 40:
            return False
        plain = strip_marks(text)
        if _FOOTER_ALONE.match(plain):
            return True
        folded = fold(plain).strip(" .")
        if folded in self.headers:
            return True
        return any(folded.startswith(h) and _FOOTER_ALONE.match(folded[len(h):]) for h in self.headers)

    def strip(self, blocks: list[Block]) -> list[Block]:
        """``blocks`` without page furniture, reported as such."""
        kept: list[Block] = []
        for block in blocks:
            if isinstance(block, Row):
                cells = tuple(tuple(p for p in (self._para(q) for q in cell) if p is not None) for cell in block.cells)
                if any(cells):
                    kept.append(Row(cells, block.where))
                continue
            para = self._para(block)
            if para is not None:
                kept.append(para)
        return kept

    def _para(self, para: Para) -> Para | None:
        text = para.text
        if is_rule(text):
            self.report.furnish(para)
            return None
        lower = text.lower()
        if self.code not in text and "pag" not in lower and "pág" not in lower and "-" not in text:
            return para
        if self.is_alone(text):
            self.report.furnish(para)
            return None
        cut = self._cut(text)
        if cut == text:
            return para
        if not has_words(cut):
            self.report.furnish(para)
            return None
        self.report.judge(para.where, "page_furniture", "cut a page header or footer from the end of the line")
        return para.with_text(cut)

    def _cut(self, text: str) -> str:
        plain_fold = fold(text)
        for header in self.headers:
            at = plain_fold.rfind(header)
            if (at > 0 and plain_fold[at:].strip(" .") == header) or (
                    at > 0 and _FOOTER_ALONE.match(plain_fold[at + len(header):] or "x")):
                return _cut_folded(text, plain_fold[:at])
        glued = _FOOTER_GLUED.search(strip_marks(text))
        if glued is not None and "\ufdd0" not in text and "\ufdd1" not in text:
            return text[: glued.start()] + text[glued.end():]
        return text


def _cut_folded(text: str, kept_folded: str) -> str:
    """The prefix of ``text`` whose folded form is ``kept_folded`` (words counted, not letters)."""
    words = len(kept_folded.split())
    parts = text.split()
    return " ".join(parts[:words])
