"""List items, by rule: markers, numbering, bullets, sentences.

A list arrives as paragraphs (one item each, or Word's own list items), as items typed with
markers (``1.`` ``1)`` ``1.-`` ``a.`` ``a)`` ``i.`` ``•`` ``-`` ``*`` ``–`` ``o``), or numbered inline
in one paragraph (``1. … 2. …``). Each marker starts an item. Numbering that skips, repeats or
restarts still splits, and the split is reported; a number inside a sentence that does not
continue the list (``Firma Clase 5. Nivel``) is text. A paragraph with no marker after marked
items continues the item before it (a wrapped line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from docversion.formats.blocks import MARK_CLOSE, MARK_OPEN, Para
from docversion.formats.markup import Judge, has_words, piece, strip_marks
from docversion.i18n import _

_S = f"[\\s{MARK_OPEN}{MARK_CLOSE}]*"
_START = re.compile(
    rf"^{_S}(?:(?P<num>\d{{1,3}})\\?(?:\.-|\.|\)|-)(?=\s)"
    r"|(?P<letter>[a-zA-Z])[.)](?=\s)"
    r"|(?P<roman>(?:i{1,3}|iv|vi{0,3}|ix|x{1,2}))[.)](?=\s)"
    r"|(?P<bullet>[•●▪◦·■□➢►✓❖])"
    r"|(?P<dash>\\?[-–—*])(?=\s)"
    rf"|(?P<o>o)(?=\t|\s+{MARK_OPEN}?[A-ZÁÉÍÓÚÑ]))\s*"
)
_INLINE_NUMBER = re.compile(
    rf"(?<=\s)(\d{{1,3}})\\?(?:\.-|\.|\))\s+(?={MARK_OPEN}?[A-ZÁÉÍÓÚÑ¿¡\"“«(\[{MARK_OPEN}])"
)
_INLINE_LETTER = re.compile(
    rf"(?<=\s)([a-z])[.)]\s+(?={MARK_OPEN}?[A-ZÁÉÍÓÚÑ¿¡\"“«(\[{MARK_OPEN}])"
)
_INLINE_DASH = re.compile(rf"(?<=[.;:{MARK_CLOSE}])\s+[-–]\s+(?={MARK_OPEN}?[A-ZÁÉÍÓÚÑ¿¡\"“«(\[])")
_INLINE_O = re.compile(rf"(?<=[.;{MARK_CLOSE}])\s+o\s+(?={MARK_OPEN}?[A-ZÁÉÍÓÚÑ¿¡\"“«(\[])")
_DIGIT = re.compile(r"\d")
_SENTENCE_ENDS = frozenset(f".;:!?)]\"”»{MARK_CLOSE}")
_INLINE_BULLET = re.compile(r"(?:^|\s)[•●▪◦·■➢►✓❖]\s*(?=\S)")


Refuse = Callable[[Para, str], None]


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends (white space aside) with a full stop, colon, closing bracket or the like.

    Looks at its last character only: a pattern anchored at the end would be tried at every
    offset of the text, and the text before an inline number grows with the item."""
    text = text.rstrip()
    return bool(text) and text[-1] in _SENTENCE_ENDS


def _is_capitals_line(text: str) -> bool:
    plain = strip_marks(text).strip()
    return (len(plain.split()) >= 2 and sum(c.isalpha() for c in plain) >= 8 and plain.upper() == plain
            and not plain.endswith((".", ";", ",", ":", ")")))


class Marker(NamedTuple):
    """A list marker at the start of a paragraph: its kind, its number, where the text starts.

    A named tuple, not a frozen dataclass: one is made for nearly every paragraph of a list,
    and a frozen dataclass is several times slower to make."""

    kind: str
    number: int | None
    end: int


def start_marker(text: str) -> Marker | None:
    """The list marker ``text`` starts with, if any."""
    match = _START.match(text)
    if match is None:
        return None
    number = match.group("num")
    return Marker(match.lastgroup or "dash", int(number) if number else None, match.end())


def _typed_marker(para: Para) -> Marker | None:
    """The marker typed at the start of ``para``. In a list item of Word's or of ``<li>``, the list
    gives the marker: only a typed number or letter that repeats it is taken off (a bullet or a
    dash typed there is text)."""
    marker = start_marker(para.text)
    if marker is None or not para.is_item:
        return marker
    return marker if marker.kind in ("num", "letter", "roman") else None


def strip_marker(text: str) -> tuple[str, bool]:
    """``text`` without a list marker at its start; whether it had one."""
    marker = start_marker(text)
    if marker is None:
        return text, False
    return piece(text, marker.end, len(text)), True


@dataclass
class _Numbering:
    """The number the list expects next, and the judgements made about it."""

    judge: Judge
    expected: int | None = None

    def take(self, number: int, para: Para, is_first: bool) -> None:
        if is_first and number > 1:
            self.judge(para.where, "list_numbering", _("the numbering starts at {number}: are items 1 to "
                                                       "{last} missing?").format(number=number, last=number - 1))
        if not is_first and self.expected is not None and number != self.expected:
            facts = {"number": number, "previous": self.expected - 1}
            if number == 1:
                message = _("the numbering restarts at 1 after {previous}: read as separate items")
            elif number < self.expected:
                message = _("the numbering repeats {number}: read as separate items")
            else:
                message = _("the numbering skips from {previous} to {number}: read as separate items")
            self.judge(para.where, "list_numbering", message.format(**facts))
        self.expected = number + 1

    def splits_at(self, number: int, before: str) -> bool:
        """Whether a number met inside an item starts the next one."""
        if self.expected is None:
            return False
        ends_sentence = _ends_sentence(before)
        if number == self.expected:
            return ends_sentence or before.endswith(" ")
        plausible = number == 1 or number == self.expected - 1 or self.expected < number <= self.expected + 2
        return ends_sentence and plausible


def list_items(paras: list[Para], judge: Judge, refuse: Refuse | None = None) -> list[Para]:
    """The items of one list, each a paragraph holding its text (marker taken off).

    ``refuse`` is told of a paragraph that cannot belong to the list (a line in capitals where
    a wrapped line of an item would be: a heading or label the reader does not know)."""
    markers = [_typed_marker(p) for p in paras]
    is_marked = any(p.is_item or m is not None for p, m in zip(paras, markers, strict=True))
    numbering = _Numbering(judge)
    items: list[Para] = []
    for para, marker in zip(paras, markers, strict=True):
        if marker is None and not para.is_item:
            if items and is_marked and refuse is not None and _is_capitals_line(para.text):
                refuse(para, _("in a list: a line in capitals is not the rest of the item before it"))
                continue
            if items and is_marked:
                joined = items[-1].with_text(f"{items[-1].text} {para.text}")
                items[-1:] = _split_inline(joined, numbering, judge, len(items[-1].text) + 1)
            else:
                items.extend(_split_bullets(para))
            continue
        rest = para.text if marker is None else piece(para.text, marker.end, len(para.text))
        if para.is_item and marker is not None:
            items.append(para.with_text(rest))
            continue
        if marker is not None and marker.number is not None:
            numbering.take(marker.number, para, is_first=not items)
        elif marker is not None and marker.kind != "o":
            numbering.expected = None  # a bullet or a letter: numbers met inside it are text
        item = para.with_text(rest)
        if para.is_item:
            items.append(item)
        elif marker is not None and marker.kind == "letter":
            items.extend(_split_letters(item, para.text[:marker.end].strip()[:1]))
        elif marker is not None and marker.kind in ("dash", "o"):
            items.extend(_split_dashes(item, _INLINE_O if marker.kind == "o" else _INLINE_DASH))
        else:
            items.extend(_split_inline(item, numbering, judge, 0) if numbering.expected else _split_bullets(item))
    return [item for item in items if has_words(item.text)]


def _cut_at(item: Para, cuts: Iterable[tuple[int, int]]) -> list[Para]:
    """``item`` cut into pieces at each ``(start, end)`` of its text (the marker between goes)."""
    text = item.text
    pieces: list[Para] = []
    begin = 0
    for start, end in cuts:
        pieces.append(item.with_text(piece(text, begin, start)))
        begin = end
    pieces.append(item.with_text(piece(text, begin, len(text))))
    return pieces


def _split_inline(item: Para, numbering: _Numbering, judge: Judge, start: int) -> list[Para]:
    """Cut ``1. a 2. b`` at the numbers that continue the list (searching from ``start``)."""
    text = item.text
    if numbering.expected is None or _DIGIT.search(text, start) is None:
        return [item]

    def cuts() -> Iterator[tuple[int, int]]:
        begin = 0
        for match in _INLINE_NUMBER.finditer(text, start):
            number = int(match.group(1))
            if numbering.splits_at(number, text[begin:match.start()]):
                numbering.take(number, item, is_first=False)
                yield match.start(), match.end()
                begin = match.end()

    return _cut_at(item, cuts())


def _split_letters(item: Para, first: str) -> list[Para]:
    """Cut ``a) x b) y`` at the letters that continue the list."""
    text = item.text

    def cuts() -> Iterator[tuple[int, int]]:
        expected, begin = chr(ord(first.lower()) + 1), 0
        for match in _INLINE_LETTER.finditer(text):
            if match.group(1) == expected and _ends_sentence(text[begin:match.start()]):
                yield match.start(), match.end()
                begin, expected = match.end(), chr(ord(expected) + 1)

    return _cut_at(item, cuts())


def _split_dashes(item: Para, pattern: re.Pattern[str]) -> list[Para]:
    """Cut ``- x. - y.`` (or ``o x. o y.``) at markers that follow the end of a sentence."""
    if " -" not in item.text and " –" not in item.text and " o " not in item.text:
        return [item]
    return _cut_at(item, (m.span() for m in pattern.finditer(item.text)))


def _split_bullets(para: Para) -> list[Para]:
    """Cut ``• a • b`` at its bullets (a list typed in one paragraph)."""
    text = para.text
    if "•" not in text and "●" not in text and "▪" not in text and "·" not in text:
        return [para]
    matches = list(_INLINE_BULLET.finditer(text))
    if not matches:
        return [para]
    pieces: list[Para] = []
    if has_words(text[: matches[0].start()]):
        pieces.append(para.with_text(text[: matches[0].start()]))
    ends = [m.start() for m in matches[1:]] + [len(text)]
    pieces += [para.with_text(piece(text, m.end(), end)) for m, end in zip(matches, ends, strict=True)]
    return pieces


ABBREVIATIONS = frozenset((
    "Ref", "Art", "Arts", "No", "Nº", "Núm", "Lic", "Licda", "Licdo", "Lcda", "Lcdo", "Ing", "Inga", "Sr", "Sra",
    "Srta", "Dr", "Dra", "Arq", "Prof", "Profa", "Mtro", "Mtra", "Cía", "Ud", "Uds", "Depto", "Dpto", "Av", "Pág",
    "Tel", "Exp", "Inc", "Cap", "Lit", "Gte", "Gtes", "Gral", "Adm", "Admón", "Gcia", "Of", "Ofic", "Inst", "Dir",
    "Pres", "Sto", "Sta", "Ej", "Aprox", "Vol", "Num", "Sec", "Secc", "Dpt", "Coord", "Jef", "Tec", "Téc", "Asist",
    "Aux", "Resp", "Admin", "Cons", "Doc", "Fig", "Ptos", "Pto", "Etc", "etc", "ej", "pág", "núm", "art"))
_SENTENCE_END = re.compile(
    rf"([.]{MARK_CLOSE}?)\s+(?={MARK_OPEN}?[A-ZÁÉÍÓÚÑÜ¿¡\"“«(])"
)
_WORD_BEFORE = re.compile(r"(?:^|[\s(])([^\s(]*)$")


def sentences(para: Para) -> list[Para]:
    """Cut a paragraph at each full stop followed by a capital letter; an abbreviation (``Ref.``,
    ``Art.``, ``Lic.``, ``Gte.``…) or an initial does not end a sentence, nor does a semicolon."""
    text = para.text
    if para.is_item:
        return [para]  # a list item of its own is one sentence, whatever it holds
    found: list[Para] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        word = _WORD_BEFORE.search(text, begin, match.start())
        before = word.group(1).strip(f"{MARK_OPEN}{MARK_CLOSE}") if word else ""
        if before in ABBREVIATIONS or (len(before) == 1 and before.isupper()):
            continue
        found.append(para.with_text(piece(text, begin, match.end(1))))
        begin = match.end()
    found.append(para.with_text(piece(text, begin, len(text))))
    return [p for p in found if has_words(p.text)]
