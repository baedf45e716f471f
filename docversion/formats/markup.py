"""Decoding a text document and reading the markup a Word-to-text conversion leaves behind.

Revision marks (``<u>…</u>`` and ``[…](#)``) become two sentinel characters while a document
is taken apart, so every split keeps them; :func:`finish` turns a fragment into clean text and
the spans that were marked. Block tags (``<p>``, ``<ol>``, ``<ul>``, ``<li>``, ``<br>``) separate
blocks; inline tags (``<strong>``, ``<span>``…) and bold ``**`` carry no meaning and go.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from docversion.errors import DocumentStructureError, EncodingError
from docversion.text import find_forbidden_character

MARK_OPEN = "\ufdd0"
MARK_CLOSE = "\ufdd1"
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
"""Text documents larger than this are refused: a 200-position manual is under 2 MB."""

_LINK = re.compile(r"(?<!\\)\[((?:\\.|[^\]\\\n])*)\]\(#\)")
_BOLD = re.compile(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*")
_UNDERLINE_OPEN = re.compile(r"<u(?:\s[^>]*)?>", re.IGNORECASE)
_UNDERLINE_CLOSE = re.compile(r"</u\s*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?(?:strong|b|em|i|span|font|sup|sub)(?:\s[^>]*)?/?>", re.IGNORECASE)
BLOCK_TAG = re.compile(r"</?(?:p|ol|ul|li|div|br)(?:\s[^>]*)?/?>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Block:
    """A piece of a document's text with the 1-based line it came from."""

    line: int
    text: str


def decode_document(data: bytes, source: str) -> str:
    """Bytes to NFC text with LF line ends; refuse what is not UTF-8 text, naming the line."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise EncodingError(
            f"the file is {len(data) / 1_048_576:.1f} MiB; documents over "
            f"{MAX_DOCUMENT_BYTES // 1_048_576} MiB are refused",
            source=source, hint="check that this is the manual and not another file",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError("the file is UTF-16 text", source=source, line=1,
                            hint="save it as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8)")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EncodingError("the file holds a NUL byte: it is binary, not a text document",
                            source=source, line=line, hint="export the manual as UTF-8 text")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8 (the file looks like Latin-1 or Windows-1252)",
            source=source, line=line, hint="save the file as UTF-8",
        ) from exc
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    for number, line_text in enumerate(text.split("\n"), start=1):
        found = find_forbidden_character(line_text)
        if found is not None:
            raise EncodingError(f"control character {found[1]} at column {found[0] + 1}",
                                source=source, line=number, hint="delete the character")
    if not text.strip():
        raise DocumentStructureError("the document is empty", source=source, line=1,
                                     hint="point at the manual's text export")
    return text


def _bold(match: re.Match[str]) -> str:
    """Drop ``**``; a bold run glued to the text before it starts a new line (a glued label)."""
    start = match.start()
    glued = start > 0 and not match.string[start - 1].isspace()
    return ("\n" if glued else "") + match.group(1)


def logical_lines(text: str) -> list[Block]:
    """Split decoded text into lines, with marks as sentinels and bold and inline tags gone."""
    blocks: list[Block] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _LINK.sub(lambda m: f"{MARK_OPEN}{m.group(1)}{MARK_CLOSE}", raw)
        line = _UNDERLINE_OPEN.sub(MARK_OPEN, line)
        line = _UNDERLINE_CLOSE.sub(MARK_CLOSE, line)
        line = _INLINE_TAG.sub("", line)
        line = _BOLD.sub(_bold, line)
        blocks.extend(Block(number, part) for part in line.split("\n"))
    return blocks


def strip_marks(text: str) -> str:
    """The text without mark sentinels (for matching labels and numbers)."""
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def split_blocks(block: Block) -> list[Block]:
    """Split on block tags; drop pieces that hold only white space or sentinels."""
    parts = BLOCK_TAG.split(block.text)
    return [Block(block.line, part) for part in parts if strip_marks(part).strip()]


def finish(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """Clean text and its marked spans ``(start, end)`` from a fragment holding sentinels.

    Resolves Markdown escapes (``\\(``) and HTML entities, turns leftover block tags into
    spaces, collapses white space, and keeps the spans aligned with the cleaned text.
    """
    value = BLOCK_TAG.sub(" ", raw)
    value = html.unescape(_ESCAPE.sub(r"\1", value))
    value = unicodedata.normalize("NFC", value)
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for char in value:
        if char == MARK_OPEN:
            opened = len(out) if opened is None else opened
        elif char == MARK_CLOSE:
            spans.append((0 if opened is None else opened, len(out)))
            opened = None
        elif char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(char)
    if opened is not None:
        spans.append((opened, len(out)))
    text = "".join(out).rstrip(" ")
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
