"""A phrase as people search for it: its words in order, without regard to case or accents.

Text is *folded* (lower case by Unicode case folding, compatibility forms decomposed, accents and
other combining marks dropped), then cut into *words*: runs of letters and digits. "Gestión de
Trámites" and "gestion de tramites" are the same three words; punctuation and spacing between
words do not count. A phrase matches a text when its words stand in the text's words one after
the other. What the user typed is never read as query syntax: quotes, ``AND``, ``NEAR`` or ``*``
are words or nothing, and the FTS5 query made from a phrase (:meth:`Phrase.fts_query`) is one
quoted string of those words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from docversion.errors import InvalidInputError
from docversion.i18n import _

_WORD = re.compile(r"[^\W_]+")  # str.isalnum(), character by character: what sre calls a word, less "_"
# The combining accents of Latin text, all of combining class above 0 (tests/test_search_phrase.py
# checks every one): removed at C speed, so only text with other marks pays the per-character test.
# U+034F (the grapheme joiner) has class 0 and is kept, as unicodedata.combining keeps it.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """``text`` as it is compared: case folded, decomposed (NFKD), without combining marks.

    Folding works character by character (no rule looks at a neighbour), so the folding of a
    text is the folding of its characters put together: offsets in the original can be found
    again (:func:`word_spans`).
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    if folded.isascii():
        return folded
    folded = _LATIN_MARKS.sub("", folded)
    if folded.isascii():
        return folded
    return "".join(char for char in folded if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return _WORD.findall(fold(text))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """Each folded word of ``text`` with the offsets (start, end) of the original characters it
    comes from: the same words as :func:`words`, placed in ``text``."""
    folds = {char: _fold_char(char) for char in set(text)}
    if all(len(folded) == 1 for folded in folds.values()):  # the common case: offsets are the same
        same = text.translate({ord(char): folded for char, folded in folds.items()})
        return [(found.group(), found.start(), found.end()) for found in _WORD.finditer(same)]
    spans: list[tuple[str, int, int]] = []
    current: list[str] = []
    start = end = 0
    for index, char in enumerate(text):
        for piece in folds[char]:
            if piece.isalnum():
                if not current:
                    start = index
                current.append(piece)
                end = index + 1
            elif current:
                spans.append(("".join(current), start, end))
                current = []
    if current:
        spans.append(("".join(current), start, end))
    return spans


_fold_char = lru_cache(maxsize=8192)(fold)  # characters repeat: each is folded once


@dataclass(frozen=True)
class Phrase:
    """What to search for: the text as typed and its folded words (at least one)."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Phrase:
        """The phrase ``text`` asks for; InvalidInputError when it is empty or holds no word."""
        if not text.strip():
            raise InvalidInputError(_("the text to search for is empty"), field="TEXT",
                                    hint=_("give a word or a phrase, such as 'gestión de trámites'"))
        found = tuple(words(text))
        if not found:
            raise InvalidInputError(_("{text!r} holds no word to search for: a search matches letters and digits, "
                                      "not punctuation").format(text=text), field="TEXT",
                                    hint=_("give a word or a phrase, such as 'gestión de trámites'"))
        return cls(" ".join(text.split()), found)

    def fts_query(self) -> str:
        """The FTS5 query for this phrase: one quoted string of its words. A word holds letters and
        digits only, never a quote, so nothing the user typed is read as an operator."""
        return '"' + " ".join(self.words) + '"'

    def is_in(self, text: str) -> bool:
        """True when the phrase's words stand one after the other among the words of ``text``."""
        return f" {' '.join(self.words)} " in f" {' '.join(words(text))} "

    def spans(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the phrase stands in ``text``: (start, end) offsets of the original characters,
        left to right, never overlapping."""
        placed = word_spans(text)
        size = len(self.words)
        found: list[tuple[int, int]] = []
        at = 0
        while at + size <= len(placed):
            if tuple(word for word, _start, _end in placed[at:at + size]) == self.words:
                found.append((placed[at][1], placed[at + size - 1][2]))
                at += size
            else:
                at += 1
        return tuple(found)
