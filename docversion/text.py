"""The one rule for text in a manual: NFC, single spaces, no control characters.

Word documents arrive decomposed (NFD), with non-breaking spaces, tabs and doubled spaces;
two versions must compare equal when a person would read them as equal, so every string the
model holds passes through :func:`normalize_text` first.
"""

from __future__ import annotations

import re
import unicodedata

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


def is_plain_text(value: str) -> bool:
    """True when :func:`normalize_text` would give ``value`` back unchanged (and it is not empty)."""
    return (value != "" and _NOT_PLAIN.search(value) is None and "  " not in value and value[0] != " " != value[-1]
            and (value.isascii() or unicodedata.is_normalized("NFC", value)))


# In compact JSON (pydantic's), what a clean text never holds: an escaped control character or
# white space other than the space (an escape is a backslash after an even run of them), a raw
# forbidden character or other space, two spaces, and a string that is empty or starts or ends
# with a space. A quote inside a text is escaped, so a bare quote next to ':', ',', '[', ']' or
# '}' is the edge of a string.
_UNCLEAN_JSON = re.compile(r'(?<!\\)(?:\\\\)*\\(?:u00[01][0-9a-fA-F]|u007[fF]|[btnfr])'
                           r'|  |[:,\[]" | "[:,\]}]|[:,\[]""|' + _NOT_PLAIN.pattern)


def is_clean_json(text: str) -> bool:
    """True when every string in ``text``, JSON as pydantic writes it, passes :func:`is_plain_text`.
    Two scans in C over the whole document, for the store's parse cache."""
    return _UNCLEAN_JSON.search(text) is None and (text.isascii() or unicodedata.is_normalized("NFC", text))


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
            f"control character {name} at offset {offset}; remove it from the text"
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
