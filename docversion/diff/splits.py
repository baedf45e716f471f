"""Items split in two (or more) and items merged into one, found after the items are paired.

One function of the old version that became two neighbouring functions of the new one is an
``item_split``, not an edit and an addition: the pieces, read in order, hold the old text's
words (a few joining words aside), each piece is made of them, and together they hold clearly
more of it than the piece it was paired with alone. A merge is the same seen from the new
side. Only neighbours of one list are considered, and only items the pairing left alone or
the one it paired. Pure: takes texts and pairs, returns the splits and merges.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from docversion.diff.words import plain

Slot = tuple[str, int]

WHOLE = 0.85  # share of the one text's words the pieces hold, and of the pieces' words it holds
PIECE = 0.7  # share of each piece's words taken from the one text
GAIN = 0.1  # share of the one text the other pieces add to the paired piece
_JOINING = frozenset({"y", "e", "o", "u"})  # what joins pieces into one text, and is left out
MOST_PIECES = 4


@dataclass(frozen=True)
class Regrouping:
    """One item (``one``) of a list and its neighbours on the other side (``pieces``)."""

    group: str
    one: int
    pieces: tuple[int, ...]


def find_splits(old: Mapping[str, Sequence[str]], new: Mapping[str, Sequence[str]],
                pairs: Sequence[tuple[Slot, Slot]]) -> tuple[list[Regrouping], list[Regrouping]]:
    """The splits (one old item, several new) and merges (several old, one new) among ``pairs``."""
    splits = _regroupings(old, new, pairs)
    used_old = {(s.group, s.one) for s in splits}
    used_new = {(s.group, j) for s in splits for j in s.pieces}
    rest = [(a, b) for a, b in pairs if a not in used_old and b not in used_new]
    flipped = [(b, a) for a, b in rest]
    merges = _regroupings(new, old, flipped, taken=used_old, skipped=used_new)
    return splits, merges


def _regroupings(one_side: Mapping[str, Sequence[str]], other_side: Mapping[str, Sequence[str]],
                 pairs: Sequence[tuple[Slot, Slot]], taken: frozenset[Slot] | set[Slot] = frozenset(),
                 skipped: frozenset[Slot] | set[Slot] = frozenset()) -> list[Regrouping]:
    """Items of ``one_side`` that became runs of neighbours on the other; ``taken`` items of the
    other side and ``skipped`` ones of this side are already accounted for."""
    partner = dict(pairs)
    paired_other = {b for _, b in pairs} | set(taken)
    found: list[Regrouping] = []
    claimed: set[Slot] = set()
    for group, items in one_side.items():
        others = other_side.get(group, ())
        words = {j: _words(text) for j, text in enumerate(others)}
        for i, text in enumerate(items):
            paired = partner.get((group, i))
            if (group, i) in skipped:
                continue
            if paired is not None and (paired[0] != group or others[paired[1]] == text):
                continue
            free = {j for j in range(len(others)) if (group, j) not in paired_other and (group, j) not in claimed}
            best = _best_window(_words(text), words, free, paired[1] if paired else None)
            if best is not None:
                found.append(Regrouping(group, i, best))
                claimed.update((group, j) for j in best)
    return found


def _words(text: str) -> list[str]:
    return [word for word in plain(text).split() if word not in _JOINING]


def _best_window(whole: list[str], words: Mapping[int, list[str]], free: set[int],
                 anchor: int | None) -> tuple[int, ...] | None:
    """The run of neighbours (holding ``anchor`` when there is one) that reads as ``whole`` cut up."""
    if not whole:
        return None
    starts = [anchor] if anchor is not None else sorted(free)
    best: tuple[float, tuple[int, ...]] | None = None
    alone = LCSseq.similarity(whole, words[anchor]) / len(whole) if anchor is not None else 0.0
    for start in starts:
        for window in _windows(start, free, anchor):
            joined = [word for j in window for word in words[j]]
            common = LCSseq.similarity(whole, joined)
            if not joined or common / len(whole) < WHOLE or common / len(joined) < WHOLE:
                continue
            if common / len(whole) - alone < GAIN:
                continue
            if any(not words[j] or LCSseq.similarity(whole, words[j]) / len(words[j]) < PIECE for j in window):
                continue
            score = common / len(whole) + common / len(joined)
            if best is None or score > best[0]:
                best = (score, window)
    return best[1] if best is not None else None


def _windows(start: int, free: set[int], anchor: int | None) -> list[tuple[int, ...]]:
    """Runs of 2 to :data:`MOST_PIECES` consecutive indexes, each free or the anchor, around ``start``."""
    def usable(j: int) -> bool:
        return j == anchor or j in free

    if not usable(start):
        return []
    runs = []
    for first in range(start - MOST_PIECES + 1, start + 1):
        for last in range(start, first + MOST_PIECES):
            window = tuple(range(first, last + 1))
            if len(window) >= 2 and first >= 0 and all(usable(j) for j in window):
                runs.append(window)
    return runs
