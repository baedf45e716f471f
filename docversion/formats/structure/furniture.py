"""Page furniture: what Word repeats on every page and a conversion leaves among the text.

The page header (``900 0935 MANUAL DE DESCRIPCIÓN DE PUESTOS``, with or without ``CÓDIGO``, on
one line or as a row of cells), page footers (``Página 4 de 15``, ``Pág. 3``, ``- 3 -``), page
numbers alone on a line, and table rules (``--\\t-----``) are layout. Alone in a paragraph they
are furniture; found inside a line of text they are cut from it, and the cut is reported. The
header of another manual (another code) is cut too, with a warning that names it.
"""

from __future__ import annotations

import re

from docversion.formats.blocks import Block, Para, Row
from docversion.formats.markup import has_words, strip_marks
from docversion.formats.report import Report
from docversion.i18n import _

_FOOTER = r"(?:p[aá]gina|p[aá]g\.?)\s*(?:no\.?\s*)?\d{1,4}(?:\s*(?:de|/)\s*\d{1,4})?"
_FOOTER_ALONE = re.compile(rf"^\s*(?:{_FOOTER}|-\s*\d{{1,4}}\s*-)\s*$", re.IGNORECASE)
# A footer glued to the start or end of a line, or standing between a sentence and the next
# number of a list: "… en ejecución. Página 4 de 15 4. Coordinar …".
_FOOTER_GLUED = re.compile(
    rf"(?:^\s*{_FOOTER}\s+(?=\S)|(?:(?<=[.;:])|\s+){_FOOTER}\s*$|(?<=[.;:])\s*{_FOOTER}(?=\s+\d{{1,3}}[.)]\s))",
    re.IGNORECASE)
# What every footer starts with, up to its number: a line where this is nowhere ("pagos",
# "página web") holds no footer, and the cheap search spares the costly one.
_FOOTER_START = re.compile(r"p[aá]g(?:ina|\.?)\s*(?:no\.?\s*)?\d", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_RULE = re.compile(r"^[\s\-=_|+]*$")
_ACCENTS = {"a": "[aá]", "e": "[eé]", "i": "[ií]", "o": "[oó]", "u": "[uúü]", "n": "[nñ]"}


def is_rule(text: str) -> bool:
    """A table rule such as ``--\\t--\\t-----`` left by the conversion: layout, no words."""
    return _RULE.match(text) is not None


def _loose(words: str) -> str:
    """A pattern for ``words`` in any case, with or without accents, any white space between."""
    plain = words.casefold()
    for accented, bare in (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ü", "u"), ("ñ", "n")):
        plain = plain.replace(accented, bare)
    parts = []
    for word in plain.split():
        parts.append("".join(_ACCENTS.get(c, re.escape(c)) for c in word))
    return r"\s+".join(parts)


class Furniture:
    """Recognises the page header of one manual (its code and title) and page footers."""

    def __init__(self, code: str, title: str, report: Report) -> None:
        self.report = report
        title_pattern = _loose(title)
        self.header = re.compile(
            rf"(?:c[oó]digo\s*:?\s*)?(?P<code>[0-9A-Z]{{1,6}}(?:[\s-]*[0-9A-Z]{{1,6}})?)\s+{title_pattern}"
            rf"(?:\s+{_FOOTER})?", re.IGNORECASE)
        self.own_code = _code_key(code)
        self.first_word = title.split()[0].casefold() if title.split() else ""

    def strip(self, blocks: list[Block]) -> list[Block]:
        """``blocks`` without page furniture, reported as such."""
        kept: list[Block] = []
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, Row):
                joined = " ".join(strip_marks(p.text) for p in block.paras())
                if self._whole_header(joined) is not None or _FOOTER_ALONE.match(joined):
                    self._furnish(block.paras(), joined)
                    continue
                cells = tuple(tuple(p for p in (self._para(q, None) for q in cell) if p is not None)
                              for cell in block.cells)
                if any(cells):
                    kept.append(Row(cells, block.where))
                previous = block
                continue
            para = self._para(block, previous)
            if para is not None:
                kept.append(para)
                previous = para
        return kept

    def _furnish(self, paras: list[Para], text: str) -> None:
        self.report.furnish(*paras)
        found = self._whole_header(text)
        if found is not None and found != self.own_code:
            self.report.judge(paras[0].where, "page_furniture",
                              _("took the page header of another manual ({text!r}) for layout").format(
                                  text=text.strip()))

    def _whole_header(self, text: str) -> str | None:
        """The code of the page header ``text`` is, whole, if it is one."""
        if self.first_word not in text.casefold():
            return None
        match = self.header.fullmatch(text.strip(" .\t"))
        return _code_key(match.group("code")) if match else None

    def _para(self, para: Para, previous: Block | None) -> Para | None:
        text = para.text
        lower = text.lower()
        if self.first_word not in lower and "pag" not in lower and "pág" not in lower and len(text) > 6 \
                and text.strip(" -=_|+\t") != "":
            return para  # the common case: no header, footer, page number or rule can be in it
        if is_rule(text):
            self.report.furnish(para)
            return None
        plain = strip_marks(text)
        if _FOOTER_ALONE.match(plain) or self._whole_header(plain) is not None:
            self._furnish([para], plain)
            return None
        if previous is not None and _PAGE_NUMBER.match(plain) and not _awaits_value(previous):
            self.report.furnish(para)
            self.report.judge(para.where, "page_furniture", _("took the number {number} alone on its line for a "
                                                              "page number").format(number=plain.strip()))
            return None
        cut = self._cut(text)
        if cut == text:
            return para
        if not has_words(cut):
            self.report.furnish(para)
            return None
        self.report.judge(para.where, "page_furniture", _("cut a page header or footer from the line"))
        return para.with_text(cut)

    def _cut(self, text: str) -> str:
        """``text`` without the headers and footers inside it."""
        if self.first_word in text.casefold():
            for match in reversed(list(self.header.finditer(text))):
                code = _code_key(match.group("code"))
                if code != self.own_code and not code[:1].isdigit():
                    continue  # words before the title that are no code: not a header
                text = (text[: match.start()].rstrip() + " " + text[match.end():].lstrip()).strip()
        lower = text.lower()
        if ("pag" in lower or "pág" in lower) and _FOOTER_START.search(text) is not None:
            cut, count = _FOOTER_GLUED.subn(" ", text)
            if count:
                text = cut.strip()
        return text


def _code_key(code: str) -> str:
    """A manual's code as compared: no spaces or hyphens, any case (``900 0935`` is ``900-0935``)."""
    return re.sub(r"[\s-]", "", code).casefold()


def _awaits_value(block: Block) -> bool:
    """A label whose value comes on the next line (``PUESTOS DIRECTAMENTE BAJO SU CARGO:``)."""
    return isinstance(block, Para) and strip_marks(block.text).rstrip().endswith(":")
