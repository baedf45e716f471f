"""Word-level comparison of two strings: the operations a redline shows, and cosmetic edits.

Text is compared as NFC words and punctuation marks, so "Comercial" becoming "de Servicio al
Cliente" is one replacement rather than a soup of characters. The operations carry slices of
the original strings, so they read exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from docversion.diff.changes import WordOp

_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCTUATION = re.compile(r"[^\w\s]")


def tokens(text: str) -> list[re.Match[str]]:
    """The words and punctuation marks of ``text`` (NFC), with their offsets."""
    return list(_TOKEN.finditer(unicodedata.normalize("NFC", text)))


def word_ops(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-level operations that turn ``old`` into ``new``."""
    old, new = unicodedata.normalize("NFC", old), unicodedata.normalize("NFC", new)
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, [t.group() for t in a], [t.group() for t in b], autojunk=False)
    ops = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(WordOp(op=tag, old=_slice(old, a, i1, i2), new=_slice(new, b, j1, j2)))
    return tuple(ops)


def _slice(text: str, found: list[re.Match[str]], start: int, end: int) -> str:
    if start >= end:
        return ""
    return text[found[start].start():found[end - 1].end()]


def plain(text: str) -> str:
    """The compare form behind "cosmetic": no case, no punctuation, single spaces."""
    return " ".join(_PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text).casefold()).split())


def is_cosmetic(old: str, new: str) -> bool:
    """True when two different strings differ only in punctuation, white space or case."""
    return old != new and plain(old) == plain(new)


def similarity(old: str, new: str) -> float:
    """How alike two texts read, 0 to 100, case and punctuation aside."""
    return fuzz.ratio(plain(old), plain(new))
