"""Organisation-wide renames: a phrase replaced by another in several places, found once.

A department renamed everywhere is one ``term_renamed``, not twenty edits. Found from the
word-level replacements of every changed text the two versions share; a replacement seen in
two places or more, of a name (capitalised), widened to the whole phrase the places have in
common ("Comercial" in "Gerencia Comercial" becomes "Gerencia Comercial"). Titles are left out:
a position's title change is always reported as its rename. Pure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from docversion.diff.match import match_items
from docversion.diff.words import tokens
from docversion.model import Manual, Position

MIN_PLACES = 2
_MAX_WIDEN = 4


def text_places(manual: Manual, *, has_titles: bool = False) -> Iterator[tuple[str, str]]:
    """Every text of ``manual`` a term can live in, by path (``positions.<id>.unit``)."""
    cover = manual.cover
    for name in ("title", "area", "authorized_by", "process_owner"):
        yield f"cover.{name}", getattr(cover, name)
    for index, role in enumerate(cover.reviewed_by):
        yield f"cover.reviewed_by.{index}", role
    for position in manual.positions:
        yield from _position_places(position, has_titles=has_titles)


def _position_places(position: Position, *, has_titles: bool) -> Iterator[tuple[str, str]]:
    base = f"positions.{position.id}"
    for name, value in _texts(position):
        if has_titles or name != "title":
            yield f"{base}.{name}", value


def forget_texts() -> None:
    """Empty the cache of positions' texts (it serves one diff at a time)."""
    _texts.cache_clear()


@functools.lru_cache(maxsize=16384)
def _texts(position: Position) -> tuple[tuple[str, str], ...]:
    """A position's texts by path inside it, computed once per position (positions are frozen)."""
    dumped = position.model_dump(exclude={"id", "marked", "direct_reports_count"})
    return tuple((name, value) for name, value in _flat(dumped) if isinstance(value, str))


def _flat(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flat(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _flat(item, f"{prefix}.{index}")
    else:
        yield prefix, value


@dataclass
class _Sighting:
    old: list[str]
    new: list[str]
    i1: int
    i2: int
    j1: int
    j2: int
    path: str


@dataclass
class _Group:
    sightings: list[_Sighting] = field(default_factory=list)


def find_terms(old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """The (old phrase, new phrase) renames seen in two places or more, widened to whole phrases."""
    groups: dict[tuple[str, str], _Group] = {}
    for path, before, after in changed_texts(old, new, pairs):
        a, b = [t.group() for t in tokens(before)], [t.group() for t in tokens(after)]
        matcher = SequenceMatcher(None, [w.casefold() for w in a], [w.casefold() for w in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace":
                key = (" ".join(a[i1:i2]).casefold(), " ".join(b[j1:j2]).casefold())
                groups.setdefault(key, _Group()).sightings.append(_Sighting(a, b, i1, i2, j1, j2, path))
    terms = []
    for group in groups.values():
        if len({s.path for s in group.sightings}) < MIN_PLACES:
            continue
        sightings = _widen(group.sightings)
        best = next((s for s in sightings if not " ".join(s.old[s.i1:s.i2]).isupper()), sightings[0])
        old_phrase, new_phrase = " ".join(best.old[best.i1:best.i2]), " ".join(best.new[best.j1:best.j2])
        if any(w[:1].isupper() for w in (*best.old[best.i1:best.i2], *best.new[best.j1:best.j2])):
            terms.append((_join(old_phrase), _join(new_phrase)))
    return sorted(set(terms), key=lambda t: (-len(t[0]), t))


def _join(phrase: str) -> str:
    return re.sub(r"\s+([,.;:)])", r"\1", phrase)


_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "al", "y", "e", "en"})


def _chunk(words: list[str], start: int, step: int) -> int:
    """How many words from ``start`` (going by ``step``) form the next piece of a name:
    particles ("de", "la") up to a capitalised word, or 0 when there is none."""
    count, at = 0, start
    while 0 <= at < len(words) and words[at].casefold() in _PARTICLES:
        count, at = count + 1, at + step
    if 0 <= at < len(words) and words[at][:1].isupper():
        return count + 1
    return 0


def _widen(sightings: list[_Sighting]) -> list[_Sighting]:
    """Grow every sighting by the pieces of a name that all of them share on the left and right."""
    for _ in range(_MAX_WIDEN):
        sizes = {_chunk(s.old, s.i1 - 1, -1) for s in sightings}
        size = sizes.pop() if len(sizes) == 1 else 0
        shared = {tuple(w.casefold() for w in s.old[s.i1 - size:s.i1]) for s in sightings}
        if not size or len(shared) != 1 or any(s.old[s.i1 - size:s.i1] != s.new[s.j1 - size:s.j1]
                                               for s in sightings):
            break
        for s in sightings:
            s.i1, s.j1 = s.i1 - size, s.j1 - size
    for _ in range(_MAX_WIDEN):
        sizes = {_chunk(s.old, s.i2, 1) for s in sightings}
        size = sizes.pop() if len(sizes) == 1 else 0
        shared = {tuple(w.casefold() for w in s.old[s.i2:s.i2 + size]) for s in sightings}
        if not size or len(shared) != 1 or any(s.old[s.i2:s.i2 + size] != s.new[s.j2:s.j2 + size]
                                               for s in sightings):
            break
        for s in sightings:
            s.i2, s.j2 = s.i2 + size, s.j2 + size
    return sightings


def changed_pairs(old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The matched pairs whose positions differ: only there can a text have been renamed."""
    return [(i, j) for i, j in pairs if old.positions[i] is not new.positions[j]
            and old.positions[i] != new.positions[j]]


def changed_places(old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """The text places of ``old`` that can hold a rename: the cover's and those of changed positions."""
    found = list(text_places(old.model_copy(update={"positions": ()})))
    for i, _ in changed_pairs(old, new, pairs):
        found += _position_places(old.positions[i], has_titles=False)
    return found


def changed_texts(old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> Iterator[tuple[str, str, str]]:
    """(path in old, old text, new text) for every text that changed between matched places."""
    old_cover = dict(text_places(old.model_copy(update={"positions": ()})))
    new_cover = dict(text_places(new.model_copy(update={"positions": ()})))
    yield from _changed_lists(old_cover, new_cover)
    for i, j in changed_pairs(old, new, pairs):
        before = dict(_position_places(old.positions[i], has_titles=False))
        after = dict(_position_places(new.positions[j], has_titles=False))
        new_prefix, old_prefix = f"positions.{new.positions[j].id}", f"positions.{old.positions[i].id}"
        after = {old_prefix + k.removeprefix(new_prefix): v for k, v in after.items()}
        yield from _changed_lists(before, after)


def _changed_lists(before: Mapping[str, str], after: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """Pair scalar texts by path and list items by matching, yielding those that differ."""
    scalars_old = {p: v for p, v in before.items() if not _list_path(p)}
    for path, value in scalars_old.items():
        if path in after and after[path] != value:
            yield path, value, after[path]
    lists_old = _lists(before)
    lists_new = _lists(after)
    for name, items in lists_old.items():
        others = lists_new.get(name, [])
        found = match_items({name: [v for _, v in items]}, {name: [v for _, v in others]}, is_crossing=False)
        for (_, i), (_, j) in found:
            if items[i][1] != others[j][1]:
                yield items[i][0], items[i][1], others[j][1]


def _list_path(path: str) -> str | None:
    head, _, tail = path.rpartition(".")
    if tail.isdigit():
        return head
    head2, _, tail2 = head.rpartition(".")
    return head2 + "." + tail if tail2.isdigit() else None


def _lists(places: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for path, value in places.items():
        name = _list_path(path)
        if name is not None:
            grouped.setdefault(name, []).append((path, value))
    return grouped


class Counterparts:
    """For a text place of the old version: the new version's value of that field, or its whole
    list. Worked out one position at a time, only for the positions asked about."""

    def __init__(self, old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> None:
        self.old, self.new = old, new
        self.partner = {old.positions[i].id: j for i, j in changed_pairs(old, new, pairs)}
        self.known: dict[str, dict[str, str | list[str]]] = {}

    def get(self, path: str) -> str | list[str] | None:
        """The new value at the place ``path`` of the old version, or None when it has none."""
        head, _, rest = path.partition(".")
        key = rest.partition(".")[0] if head == "positions" else ""
        if key not in self.known:
            self.known[key] = self._work_out(key)
        return self.known[key].get(path)

    def _work_out(self, position_id: str) -> dict[str, str | list[str]]:
        if not position_id:
            blank = {"positions": ()}
            before = dict(text_places(self.old.model_copy(update=blank)))
            return _pair_places(before, dict(text_places(self.new.model_copy(update=blank))), "", "")
        j = self.partner.get(position_id)
        if j is None:
            return {}
        old_position = next(p for p in self.old.positions if p.id == position_id)
        new_position = self.new.positions[j]
        return _pair_places(dict(_position_places(old_position, has_titles=False)),
                            dict(_position_places(new_position, has_titles=False)),
                            f"positions.{position_id}", f"positions.{new_position.id}")


def _pair_places(before: dict[str, str], after: dict[str, str], old_prefix: str,
                 new_prefix: str) -> dict[str, str | list[str]]:
    found: dict[str, str | list[str]] = {}
    renamed = {old_prefix + k.removeprefix(new_prefix): v for k, v in after.items()}
    lists = {name: [v for _, v in items] for name, items in _lists(renamed).items()}
    for path in before:
        name = _list_path(path)
        if name is None:
            if path in renamed:
                found[path] = renamed[path]
        elif name in lists:
            found[path] = lists[name]
    return found


def is_renamed_at(counterpart: str | list[str] | None, text: str, pattern: re.Pattern[str]) -> bool:
    """True when the new version no longer holds ``text`` there and does not hold the old phrase."""
    if counterpart is None:
        return False
    if isinstance(counterpart, str):
        return counterpart != text and not pattern.search(counterpart)
    return text not in counterpart and not any(pattern.search(item) for item in counterpart)


def term_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as whole words, any case, any run of spaces."""
    words = [re.escape(word) for word in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def replace_term(text: str, old: str, new: str) -> str:
    """``text`` with each ``old`` phrase replaced by ``new``, in capitals where it was in capitals."""
    def swap(found: re.Match[str]) -> str:
        return new.upper() if found.group().isupper() and not new.isupper() else new
    return term_pattern(old).sub(swap, text)

