"""Splitting a fragment of the seed's text into list items, and matching its labels.

A list in the seed arrives in one of four shapes: numbered inline (``1. … 2. …``, numbers in
sequence, possibly continued on later lines), bulleted (``•`` or ``- ``), one item per block,
or plain sentences in one cell (the count then comes from elsewhere, such as percentages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from docversion.formats.markup import MARK_CLOSE, MARK_OPEN, Block, finish, strip_marks

_NOT_APPLICABLE = frozenset({"n/a", "na", "n.a", "no aplica", "ninguno", "ninguna"})
# Room for the longest word above wrapped in Markdown marks and full stops: "[No aplica.](#)".
_NOT_APPLICABLE_MAX = 40
_BULLET = re.compile(r"(?:^|\s)[•●▪◦·]\s*(?=\S)")
_DASH_ITEM = re.compile(r"^\s*(?:[-–*]\s+|[•●▪◦·]\s*)")
_SENTENCE_END = re.compile(
    rf"([.;]{MARK_CLOSE}?)\s+(?={MARK_OPEN}?[A-ZÁÉÍÓÚÑÜ¿¡\"“«(])"
)


def fold(text: str) -> str:
    """Compare form of a label: no marks, no accents, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFKD", strip_marks(text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def label_key(text: str) -> str:
    """A label's key: folded, without spaces or the trailing colon or full stop."""
    return fold(text).replace(" ", "").rstrip(":.")


def is_not_applicable(raw: str) -> bool:
    """True for "N/A", "N/A.", "[N/A.](#)", "No aplica" and the like: an empty list."""
    if len(raw) > _NOT_APPLICABLE_MAX:  # a real list: skip folding a long block
        return False
    cleaned, _ = finish(raw)
    return fold(cleaned).strip(" .-") in _NOT_APPLICABLE


Span = tuple[int, int]


def numbered_spans(text: str) -> list[Span] | None:
    """Split ``1. a 2. b 3. c`` on numbers in sequence; None unless it starts with ``1.``.

    Only the next number in sequence splits, so "3er año" or "artículo 5" inside an item
    stays whole. A Markdown escape (``1\\.``) counts as a number too.
    """
    first = re.match(rf"[\s{MARK_OPEN}{MARK_CLOSE}]*1\\?\.\s+", text)
    if first is None:
        return None
    spans: list[Span] = []
    start = first.end()
    number = 2
    while True:
        following = re.compile(rf"(?<!\S){number}\\?\.\s+").search(text, start)
        if following is None:
            spans.append((start, len(text)))
            return spans
        spans.append((start, following.start()))
        start = following.end()
        number += 1


def bullet_spans(text: str) -> list[Span] | None:
    """Split on bullet characters (``•``); None unless the text starts with one."""
    matches = list(_BULLET.finditer(text))
    if not matches or strip_marks(text[: matches[0].start()]).strip():
        return None
    ends = [m.start() for m in matches[1:]] + [len(text)]
    return [(m.end(), end) for m, end in zip(matches, ends, strict=True)]


def sentence_spans(text: str) -> list[Span]:
    """Split at a full stop (or semicolon) followed by a capital letter."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end(1)))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def strip_dash(text: str) -> tuple[str, bool]:
    """Remove a leading ``- `` or bullet list marker; report whether there was one."""
    match = _DASH_ITEM.match(text)
    return (text[match.end() :], True) if match else (text, False)


def join_blocks(blocks: list[Block]) -> tuple[str, list[tuple[int, int]]]:
    """Join blocks with spaces; return the text and where each block starts (offset, line)."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    for block in blocks:
        starts.append((offset, block.line))
        parts.append(block.text)
        offset += len(block.text) + 1
    return " ".join(parts), starts


def cut(blocks: list[Block], splitter: Callable[[str], list[Span] | None]) -> list[Block] | None:
    """Split the joined blocks with ``splitter``; each piece keeps the line it starts on."""
    if not blocks:
        return []
    text, starts = join_blocks(blocks)
    spans = splitter(text)
    if spans is None:
        return None
    pieces = []
    for start, end in spans:
        line = next(line for offset, line in reversed(starts) if offset <= start)
        if strip_marks(text[start:end]).strip():
            pieces.append(Block(line, text[start:end]))
    return pieces


def item_blocks(blocks: list[Block]) -> list[Block]:
    """The items of a list given as blocks: numbered, bulleted, dashed, or one per block.

    In a dashed list, a block with no dash continues the item before it (a wrapped line).
    """
    for splitter in (numbered_spans, bullet_spans):
        found = cut(blocks, splitter)
        if found is not None:
            return found
    stripped = [(block, *strip_dash(block.text)) for block in blocks]
    if not any(has_dash for _, _, has_dash in stripped):
        return list(blocks)
    items: list[Block] = []
    for block, text, has_dash in stripped:
        if has_dash or not items:
            items.append(Block(block.line, text))
        else:
            items[-1] = Block(items[-1].line, f"{items[-1].text} {text}")
    return items
