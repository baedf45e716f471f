"""The text source: bytes of a Word-to-text conversion to the stream of blocks.

Checks the bytes are UTF-8 text (not UTF-16, not binary, no control characters), turns line
ends into LF, and decodes each line's markup (:func:`docversion.formats.markup.decode_line`).
Knows the conversion's format, nothing about manuals.
"""

from __future__ import annotations

import re
import unicodedata

from docversion.errors import DocumentStructureError, EncodingError
from docversion.formats.blocks import MARK_CLOSE, MARK_OPEN, Block, Where
from docversion.formats.markup import Judge, decode_line, translate_bullets
from docversion.i18n import _
from docversion.limits import MAX_TEXT_BYTES
from docversion.text import find_forbidden_character


def decode_document(data: bytes, source: str) -> str:
    """Bytes to NFC text with LF line ends; refuse what is not UTF-8 text, naming the line."""
    if len(data) > MAX_TEXT_BYTES:
        raise EncodingError(
            _("the file is {size:.1f} MiB; documents over {limit} MiB are refused").format(
                size=len(data) / 1_048_576, limit=MAX_TEXT_BYTES // 1_048_576),
            source=source, hint=_("check that this is the manual and not another file"),
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError(_("the file is UTF-16 text"), source=source, line=1,
                            hint=_("save it as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8)"))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EncodingError(_("the file holds a NUL byte: it is binary, not a text document"),
                            source=source, line=line, hint=_("export the manual as UTF-8 text"))
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(
            _("byte 0x{byte:02x} is not UTF-8 (the file looks like Latin-1 or Windows-1252)").format(
                byte=data[exc.start]),
            source=source, line=line, hint=_("save the file as UTF-8"),
        ) from exc
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = translate_bullets(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A form feed is Word's page break; a vertical tab its line break inside a paragraph or cell.
    text = text.replace("\f", "\n").replace("\v", " ")
    if find_forbidden_character(text) is not None:
        for number, line_text in enumerate(text.split("\n"), start=1):
            found = find_forbidden_character(line_text)
            if found is not None:
                raise EncodingError(_("control character {name} at column {column}").format(
                    name=found[1], column=found[0] + 1), source=source, line=number, hint=_("delete the character"))
    if not text.strip():
        raise DocumentStructureError(_("the document is empty"), source=source, line=1,
                                     hint=_("point at the manual's text export"))
    return text


# "[" not after a backslash, written as "[" then a look back at the two characters ending there
# (the same test as a look-behind before it): a pattern that starts with its "[" is found by a
# fast scan of the text, where one that starts with a look-behind is tried at every offset.
_LINK_ACROSS = re.compile(r"\[(?<!\\\[)([^\[\]\n]{0,2000}\n[^\[\]]{0,2000}?)\]\(#\)")
_UNDERLINE_ACROSS = re.compile(r"<u(?:\s[^>\n]*)?>((?:(?!</?u\b)[^\n]){0,2000}\n(?:(?!</?u\b).){0,2000}?)</u\s*>",
                               re.IGNORECASE | re.DOTALL)


def _marks_across_lines(text: str) -> str:
    """A revision mark that spans lines (``[… \n …](#)``, ``<u>… \n …</u>``) as marks on each line."""
    def per_line(match: re.Match[str]) -> str:
        return MARK_OPEN + match.group(1).replace("\n", MARK_CLOSE + "\n" + MARK_OPEN) + MARK_CLOSE

    if "](#)" in text:
        text = _LINK_ACROSS.sub(per_line, text)
    if "</u" in text or "</U" in text:
        text = _UNDERLINE_ACROSS.sub(per_line, text)
    return text


def text_blocks(text: str, judge: Judge) -> list[Block]:
    """The blocks of decoded text, line by line; blank lines hold none."""
    text = _marks_across_lines(text)
    blocks: list[Block] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line and not line.isspace():
            blocks.extend(decode_line(line, Where(line=number), judge))
    return blocks
