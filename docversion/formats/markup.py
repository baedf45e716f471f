"""The markup a Word-to-text conversion leaves in a line, read the same from text and from Word.

Revision marks (``<u>…</u>`` and ``[…](#)``, or underlined runs in Word) become two sentinel
characters while a document is taken apart, so every split keeps them; :func:`finish` turns a
fragment into clean text and the spans that were marked. Tabs separate the cells of a table
row; block tags (``<p>``, ``<ol>``, ``<ul>``, ``<li>``, ``<br>``) separate paragraphs; inline
tags (``<strong>``, ``<span>``…) and bold ``**`` carry no meaning and go, a bold run glued to the
text before it starting a paragraph of its own (a label glued to a heading). Invisible
characters are taken out, each line that held one reported, and Word's Symbol-font bullets
become ``•``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

from docversion.formats.blocks import MARK_CLOSE, MARK_OPEN, Block, Para, Row, Where
from docversion.i18n import _, ngettext

# "[" not after a backslash, its look-behind after the "[" (at the two characters ending there): a
# pattern that starts with a literal is found by a fast scan, one that starts with a look-behind
# is tried at every offset.
_LINK = re.compile(r"\[(?<!\\\[)((?:\\.|[^\]\\\n])*)\]\(#\)")
_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_UNDERLINE_OPEN = re.compile(r"<u(?:\s[^>]*)?>", re.IGNORECASE)
_UNDERLINE_CLOSE = re.compile(r"</u\s*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:strong|b|em|i|span|font|sup|sub)(?:\s[^>]*)?/?>", re.IGNORECASE)
BLOCK_TAG = re.compile(r"(</?(?:p|ol|ul|li|div|br)(?:\s[^>]*)?/?>)", re.IGNORECASE)
_ITEM_TAG = re.compile(r"<li\b", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# Soft hyphen, zero-width space, non-joiner and joiner, word joiner, a byte-order mark inside
# the text: nothing a reader sees, so nothing the model keeps.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x1f]")
_NON_BREAKING_HYPHEN = "\x1e"  # Word's text export writes its non-breaking hyphen so
# Word's Symbol and Wingdings bullets arrive as private-use characters.
SYMBOL_BULLETS_FROM = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•"}
SYMBOL_BULLETS = str.maketrans(SYMBOL_BULLETS_FROM)
# A list marker Word's text export follows by a tab ("1.<TAB>text"): the tab is no cell boundary.
_MARKER_TAB = re.compile(r"^(\s*(?:\d{1,3}(?:\.-|\.|\))|[a-zA-Z][.)]|[ivx]{1,4}[.)]|[•●▪◦·■\-–—*o]))\t+(?=\S)")
_SENTINEL = re.compile(f"([{MARK_OPEN}{MARK_CLOSE}])")
_HAS_MARKUP = re.compile(r"[<*\[\\&\ufeff\u00ad\u200b-\u200d\u2060\x1e\x1f]")

Judge = Callable[[Where, str, str], None]
"""Records a judgement made on the reader's behalf: ``(where, kind, message)``."""


def translate_bullets(text: str) -> str:
    """``text`` with Word's Symbol-font bullets (private-use characters) as the bullets they show."""
    # One substring search per bullet: each is a fast scan, where a class of five is slow to find none.
    has_symbol = any(symbol in text for symbol in SYMBOL_BULLETS_FROM)
    return text.translate(SYMBOL_BULLETS) if has_symbol else text


def offset_with_marks(text: str, plain_length: int) -> int:
    """The offset in ``text`` (with mark sentinels) after ``plain_length`` characters of real text."""
    seen = 0
    for index, char in enumerate(text):
        if seen >= plain_length:
            return index
        if char not in (MARK_OPEN, MARK_CLOSE):
            seen += 1
    return len(text)


def strip_marks(text: str) -> str:
    """The text without mark sentinels (for matching labels and numbers)."""
    if MARK_OPEN not in text and MARK_CLOSE not in text:
        return text
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def has_words(text: str) -> bool:
    """True when ``text`` holds more than white space and mark sentinels."""
    text = strip_marks(text)
    return bool(text) and not text.isspace()


def _bold(match: re.Match[str]) -> str:
    start = match.start()
    glued = start > 0 and not match.string[start - 1].isspace()
    return ("\n" if glued else "") + match.group(1)


def clean_invisible(text: str, where: Where, judge: Judge) -> str:
    """Take out invisible characters, reporting the line that held them."""
    text = text.replace(_NON_BREAKING_HYPHEN, "-")
    found = INVISIBLE.findall(text)
    if not found:
        return text
    names = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
    judge(where, "invisible_character", ngettext("removed {count} invisible character(s) ({names})",
                                                 "removed {count} invisible character(s) ({names})",
                                                 len(found)).format(count=len(found), names=names))
    return INVISIBLE.sub("", text)


def _check_marks(line: str, where: Where, judge: Judge) -> None:
    """A mark opened and never closed on its line, or closed and never opened, is read to the end
    (or from the start) of the line: a judgement about what changed, so it is reported."""
    first_open, first_close = line.find(MARK_OPEN), line.find(MARK_CLOSE)
    if line.count(MARK_OPEN) == line.count(MARK_CLOSE) and (first_close < 0 or first_open < first_close) \
            and line.count(MARK_OPEN) <= 1:
        return  # one mark, opened then closed: the common case
    depth = 0
    for char in _SENTINEL.findall(line):  # the sentinels alone: a line holds few, and many letters
        if char == MARK_OPEN:
            depth += 1
        elif char == MARK_CLOSE:
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        message = _("the line closes a revision mark it never opened: read as marked from its start") \
            if depth < 0 else _("the line opens a revision mark it never closes: read as marked to its end")
        judge(where, "unclosed_mark", message)


def decode_line(raw: str, where: Where, judge: Judge, *, is_item: bool = False, label: int = 0) -> list[Block]:
    """The blocks of one line of converted text (or one Word paragraph): a :class:`Row` when it
    holds tabs, else one :class:`Para` per piece between block tags."""
    line = raw
    blocks: list[Block] = []
    has_markup = _HAS_MARKUP.search(line) is not None
    if not has_markup and "\t" not in line and "\n" not in line:
        blocks.extend(_paras(line, where, is_item, label))  # the common line: plain text, one paragraph
        return blocks
    if has_markup:
        line = clean_invisible(line, where, judge)
        if "](#)" in line:  # the end every link needs
            line = _LINK.sub(lambda m: f"{MARK_OPEN}{m.group(1)}{MARK_CLOSE}", line)
        if "<" in line:
            line = _UNDERLINE_OPEN.sub(MARK_OPEN, line)
            line = _UNDERLINE_CLOSE.sub(MARK_CLOSE, line)
            line = _INLINE_TAG.sub("", line)
        if "**" in line:
            line = _BOLD.sub(_bold, line)
        if MARK_OPEN in line or MARK_CLOSE in line:
            _check_marks(line, where, judge)
    for part in line.split("\n"):
        marker_tab = _MARKER_TAB.match(part) if "\t" in part else None
        if marker_tab is not None:  # match and join, not sub: sub with a template costs several times more
            part = marker_tab.group(1) + " " + part[marker_tab.end():]
        if "\t" in part:
            cells = tuple(tuple(_paras(cell, where, False, 0)) for cell in part.split("\t"))
            while cells and not cells[-1]:
                cells = cells[:-1]
            if len(cells) > 1:
                blocks.append(Row(cells, where))
            elif cells:
                blocks.extend(cells[0])
        else:
            blocks.extend(_paras(part, where, is_item, label))
    return blocks


def _paras(text: str, where: Where, is_item: bool, label: int) -> list[Para]:
    level = 1 if text[:1] in (" ", "\u00a0") and text.lstrip()[:1] in ("-", "•", "–", "*", "o", "▪") else 0
    if "<" not in text or BLOCK_TAG.search(text) is None:
        return [Para(text, where, is_item, level, label)] if has_words(text) else []
    found: list[Para] = []
    in_item = False
    for piece in BLOCK_TAG.split(text):
        if BLOCK_TAG.fullmatch(piece):
            in_item = bool(_ITEM_TAG.match(piece))
            continue
        if has_words(piece):
            found.append(Para(piece, where, is_item or in_item, level))
    return found


def finish(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """Clean text and its marked spans ``(start, end)`` from a fragment holding sentinels.

    Resolves Markdown escapes (``\\(``) and HTML entities, turns leftover block tags into
    spaces, collapses white space, and keeps the spans aligned with the cleaned text.
    """
    value = raw
    if "<" in value:
        value = BLOCK_TAG.sub(" ", value)
    if "\\" in value:
        value = _ESCAPE.sub(r"\1", value)
    if "&" in value:
        value = html.unescape(value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    if MARK_OPEN not in value and MARK_CLOSE not in value:
        return " ".join(value.split()), []
    out = ""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for part in _SENTINEL.split(value):
        if part == MARK_OPEN:
            opened = len(out) if opened is None else opened
        elif part == MARK_CLOSE:
            spans.append((0 if opened is None else opened, len(out)))
            opened = None
        elif part:
            words = " ".join(part.split())
            if part[0].isspace() and out and out[-1] != " ":
                out += " "
            out += words
            if words and part[-1].isspace():
                out += " "
    if opened is not None:
        spans.append((opened, len(out)))
    text = out.rstrip(" ")
    return text, trim_spans(text, spans)


def trim_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clamp spans to ``text``, trim spaces at their ends and drop the empty ones."""
    trimmed: list[tuple[int, int]] = []
    for start, end in spans:
        end = min(end, len(text))
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            trimmed.append((start, end))
    return trimmed


def piece(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with the mark open at ``start`` (if one is) opened again."""
    last_open = text.rfind(MARK_OPEN, 0, start)
    inside = last_open > text.rfind(MARK_CLOSE, 0, start)
    return (MARK_OPEN if inside else "") + text[start:end]
