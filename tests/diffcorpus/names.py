"""Organisational names in a manual's texts, the terms an organisation-wide rename targets.

A name is a run of capitalised words joined by particles ("Gerencia de Servicio al Cliente").
A rename is labelled only for a name that is whole wherever it occurs (no capitalised word runs
on from it, through particles or not), so the phrase the rename replaces is the one a reader
would name, and for which every occurrence is written the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOKEN = re.compile(r"\w+|[^\w\s]")
PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "al", "y", "e", "en"})


def _is_name_word(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


@lru_cache(maxsize=8192)
def names_in(text: str) -> tuple[str, ...]:
    """The maximal names of ``text``, two words or more, as written."""
    tokens = _TOKEN.findall(text)
    found, at = [], 0
    while at < len(tokens):
        if not _is_name_word(tokens[at]):
            at += 1
            continue
        end = scan = at + 1
        while scan < len(tokens) and (_is_name_word(tokens[scan]) or tokens[scan].casefold() in PARTICLES):
            scan += 1
            if _is_name_word(tokens[scan - 1]):
                end = scan
        if end - at >= 2:
            found.append(" ".join(tokens[at:end]))
        at = end
    return tuple(found)


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern[str]:
    """``name`` as whole words, exactly as written."""
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split(" ")) + r"(?!\w)")


@lru_cache(maxsize=4096)
def _loose_pattern(name: str) -> re.Pattern[str]:
    return re.compile(name_pattern(name).pattern, re.IGNORECASE)


def is_whole_in(name: str, text: str) -> bool:
    """True when every occurrence of ``name`` in ``text`` (any case) is written as ``name`` and no
    capitalised word runs on from it on either side."""
    if len(_loose_pattern(name).findall(text)) != len(name_pattern(name).findall(text)):
        return False
    size = len(_TOKEN.findall(name))
    tokens = _TOKEN.findall(text)
    words = _TOKEN.findall(name)
    for at in range(len(tokens) - size + 1):
        if tokens[at:at + size] != words:
            continue
        left, right = at - 1, at + size
        while left >= 0 and tokens[left].casefold() in PARTICLES:
            left -= 1
        while right < len(tokens) and tokens[right].casefold() in PARTICLES:
            right += 1
        if (left >= 0 and _is_name_word(tokens[left])) or (right < len(tokens) and _is_name_word(tokens[right])):
            return False
    return True


def holds(name: str, texts: Iterable[str]) -> bool:
    """True when any of ``texts`` holds ``name`` (any case) as whole words."""
    folded = name.casefold()
    return any(folded in text.casefold() and _loose_pattern(name).search(text) for text in texts)


def renamed(text: str, old: str, new: str) -> str:
    """``text`` with every ``old`` replaced by ``new``."""
    return name_pattern(old).sub(new, text)
