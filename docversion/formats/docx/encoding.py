"""The text of a Word package's XML part, in whichever Unicode encoding it is written.

XML says how to tell a part's encoding from its first bytes (a byte-order mark, or ``<`` as it
is written in UTF-8, UTF-16 or UTF-32, little- or big-endian) and its declaration; the XML parser
under python-docx reads all of these, so the container's checks must read the part as it will.
A part that begins as no XML does (an image, a font) is not text and :func:`sniff_codec` says so;
a part in an encoding docversion does not read (EBCDIC, Latin-1, a declaration that contradicts
the bytes, bytes that are not valid in their encoding) is refused, never skipped.
"""

from __future__ import annotations

import codecs
import re

from docversion.errors import EncodingError, UnsupportedFormatError
from docversion.i18n import N_, _

SNIFF_BYTES = 64
"""How many of a part's first bytes :func:`sniff_codec` needs."""

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE = ("utf-32-be", "utf-32-le", "utf-16-be", "utf-16-le")
_EBCDIC = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC
_WHITESPACE = " \t\r\n"
_DECLARATION = re.compile(r"<\?xml[ \t\r\n][^>]*?\bencoding[ \t\r\n]*=[ \t\r\n]*([\"'])([A-Za-z][A-Za-z0-9._-]*)\1")
_HINT = N_("save the document again from Word (it writes its parts in UTF-8)")


def sniff_codec(head: bytes, part: str, source: str) -> str | None:
    """The Python codec an XML part starting with ``head`` is written in, or None when the part is
    not XML text at all; raises for XML in an encoding docversion does not read."""
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return codec
    for codec in _WIDE:
        unit = 4 if "32" in codec else 2
        prefix = head[: len(head) - len(head) % unit].decode(codec, errors="replace")
        if prefix.lstrip(_WHITESPACE).startswith("<"):
            return codec
    if head.lstrip(_WHITESPACE.encode()).startswith(b"<"):
        return "utf-8"
    if head.startswith(_EBCDIC):
        raise UnsupportedFormatError(_("{part} is XML in EBCDIC, which docversion does not read").format(part=part),
                                     source=source, hint=_(_HINT))
    return None


def part_text(data: bytes, codec: str, part: str, source: str) -> str:
    """The whole of an XML part as text, decoded with ``codec`` (from :func:`sniff_codec`); refuse
    bytes invalid in it and a declared encoding other than the one the bytes are written in."""
    family = _family(codec)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(_("{part} is not valid {encoding} text (byte {offset})").format(
            part=part, encoding=family, offset=exc.start), source=source, hint=_(_HINT)) from exc
    declared = _DECLARATION.match(text)
    if declared is not None:
        name = declared.group(2)
        try:
            declared_family = _family(codecs.lookup(name).name)
        except LookupError:
            declared_family = None
        if declared_family is None:
            raise UnsupportedFormatError(_("{part} declares the encoding {name!r}, which docversion does not "
                                           "read").format(part=part, name=name), source=source, hint=_(_HINT))
        if declared_family != family:
            raise UnsupportedFormatError(_("{part} declares the encoding {name!r} but is written in {encoding}").format(
                part=part, name=name, encoding=family), source=source, hint=_(_HINT))
    return text


def _family(codec: str) -> str | None:
    """UTF-8, UTF-16 or UTF-32 for a Python codec name of that family (ASCII is UTF-8's), else None."""
    if codec in ("utf-8", "utf-8-sig", "ascii"):
        return "UTF-8"
    for family in ("utf-16", "utf-32"):
        if codec.startswith(family):
            return family.upper()
    return None
