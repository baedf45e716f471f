"""The one rule for text in a manual: NFC, single spaces, no control characters.

Word documents arrive decomposed (NFD), with non-breaking spaces, tabs and doubled spaces;
two versions must compare equal when a person would read them as equal, so every string the
model holds passes through :func:`normalize_text` first.
"""

from __future__ import annotations

import re
import unicodedata

from docversion.i18n import _

_WHITESPACE = re.compile(r"\s+")
# Refused: control characters (Cc) other than white space, surrogates (Cs), private use (Co),
# and the noncharacters U+FDD0..U+FDEF (the seed reader uses two of them internally as
# revision-mark sentinels). One precompiled class: this check runs on every string the
# model validates, so it must not loop in Python. tests/test_text_and_dates.py proves it
# equal, code point by code point, to the rule stated with unicodedata.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


def find_forbidden_character(value: str) -> tuple[int, str] | None:
    """Return the offset and name of the first control or noncharacter in ``value``, if any.

    White space (tab, line feed, carriage return and the Unicode spaces) is allowed: it is
    collapsed, not refused.
    """
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    return found.start(), f"U+{ord(found.group()):04X}"


# White space other than the plain space (every character str.isspace() accepts but " ");
# tests/test_text_and_dates.py proves the list complete.
_OTHER_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Anything normalize_text might change or refuse, but doubled and outer spaces (tested apart):
# one character class, so one scan in C. A string with none of it, already NFC, comes back as
# it is: the common case, every string of a stored manual.
_NOT_PLAIN = re.compile(_FORBIDDEN.pattern[:-1] + _OTHER_SPACE + "]")


def _has_only_allowed_characters(value: str) -> bool:
    """No forbidden character and no white space but the space. ``str.isprintable`` refuses a
    superset of those (format characters and unassigned code points too) and is the fastest
    scan there is; the class decides only for the rare text it refuses."""
    return value.isprintable() or _NOT_PLAIN.search(value) is None


def is_plain_text(value: str) -> bool:
    """True when :func:`normalize_text` would give ``value`` back unchanged (and it is not empty)."""
    return (value != "" and _has_only_allowed_characters(value) and "  " not in value
            and value[0] != " " != value[-1] and (value.isascii() or unicodedata.is_normalized("NFC", value)))


# In compact JSON (pydantic's) a text's quotes and backslashes are escaped (\" and \\) and so
# are control characters (\n, \u001b): with the first two taken out, a backslash left is an
# escaped control character or white space. A quote next to ':', ',', '[', ']' or '}' is the
# edge of a string, so these mark a text that starts or ends with a space, or is empty.
_JSON_EDGES = {'" ': (':" ', '," ', '[" '), ' "': (' ":', ' ",', ' "]', ' "}'), '""': (':""', ',""', '[""')}


def is_clean_json(text: str) -> bool:
    """True when every string in ``text``, JSON as pydantic writes it, passes :func:`is_plain_text`.

    Scans in C over the whole document, for the store's parse cache.
    """
    if not _has_only_allowed_characters(text) or "  " in text:
        return False
    if any(pair in text and any(edge in text for edge in edges) for pair, edges in _JSON_EDGES.items()):
        return False
    if "\\" in text and "\\" in text.replace("\\\\", "").replace('\\"', ""):
        return False
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def normalize_text(value: str) -> str:
    """NFC-normalise ``value``, collapse runs of white space to one space and strip the ends.

    Raises ``ValueError`` (pydantic turns it into a field error) for control characters.
    """
    if is_plain_text(value):
        return value
    found = find_forbidden_character(value)
    if found is not None:
        offset, name = found
        raise ValueError(
            _("control character {name} at offset {offset}; remove it from the text").format(
                name=name, offset=offset)
        )
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def slugify(value: str, max_length: int = 60) -> str:
    """Make an ASCII id from a title: lower case, accents dropped, words joined by hyphens.

    >>> slugify("Jefe Área de Servicios en Línea")
    'jefe-area-de-servicios-en-linea'
    """
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:max_length]
    return slug or "position"
