"""Organisation-wide renames: a phrase replaced by another in several places, found once.

A department renamed everywhere is one ``term_renamed``, not twenty edits. Found from the
word-level replacements of every changed text the two versions share; a replacement seen in
two places or more, of a name (capitalised), widened to the whole phrase the places have in
common ("Comercial" in "Gerencia Comercial" becomes "Gerencia Comercial"). Titles are left out:
a position's title change is always reported as its rename. Pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from docversion.diff.match import match_items
from docversion.diff.words import tokens
from docversion.model import Manual, Position

MIN_PLACES = 2
_MAX_WIDEN = 4


_SKIPPED = frozenset({"id", "title", "marked", "direct_reports_count"})
_NOT_TEXT = {"id", "marked"}
_COVER_TEXTS = ("title", "area", "authorized_by", "process_owner")


def _collect(value: Any, path: str, out: dict[str, str]) -> None:
    """Every text inside ``value`` into ``out`` by path (``periodic_functions.monthly.3``)."""
    if isinstance(value, str):
        out[path] = value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            _collect(item, f"{path}.{index}", out)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _collect(getattr(value, name), f"{path}.{name}", out)


def position_texts(position: Position, *, has_titles: bool = False) -> dict[str, str]:
    """A position's texts by path inside it (``key_functions.0.text``), its title only if asked."""
    out: dict[str, str] = {"title": position.title} if has_titles else {}
    for name in type(position).model_fields:
        if name not in _SKIPPED:
            _collect(getattr(position, name), name, out)
    return out


def cover_texts(manual: Manual) -> dict[str, str]:
    """The cover's texts a term can live in, by path (``cover.area``)."""
    cover = manual.cover
    found = {f"cover.{name}": getattr(cover, name) for name in _COVER_TEXTS}
    found.update((f"cover.reviewed_by.{index}", role) for index, role in enumerate(cover.reviewed_by))
    return found


def _changed_fields(old: Position, new: Position, prefix: str) -> tuple[dict[str, str], dict[str, str]]:
    """The texts of the fields (title aside) that differ between two matched positions, both
    sides keyed by the old position's paths. A field that is equal holds no rename."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for name in type(old).model_fields:
        if name not in _SKIPPED and (was := getattr(old, name)) != (now := getattr(new, name)):
            _collect(was, f"{prefix}.{name}", before)
            _collect(now, f"{prefix}.{name}", after)
    return before, after


class Comparison:
    """Two versions' texts that differ, place by place, worked out once for one pair of manuals.

    Only the cover and the fields that differ between matched positions can hold a rename: an
    equal field holds the old text where it was. ``places`` are those texts of the old version,
    ``changed_texts`` pairs them with their new values, ``counterpart`` gives the new value (or
    the whole new list) of one place.
    """

    def __init__(self, old: Manual, new: Manual, pairs: list[tuple[int, int]],
                 earlier: Comparison | None = None) -> None:
        """``earlier``, a comparison of an older state of ``old`` with the same ``new``, lends
        what it found for every position that is still the very same object."""
        self.sides: dict[str, tuple[dict[str, str], dict[str, str]]] = {"": (cover_texts(old), cover_texts(new))}
        self.compared: dict[str, Position] = {}
        for i, j in pairs:
            before, after = old.positions[i], new.positions[j]
            self.compared[before.id] = before
            if earlier is not None and earlier.compared.get(before.id) is before:
                if before.id in earlier.sides:
                    self.sides[before.id] = earlier.sides[before.id]
            elif before is not after:
                changed = _changed_fields(before, after, f"positions.{before.id}")
                if changed[0] or changed[1]:
                    self.sides[before.id] = changed
        self._known: dict[str, dict[str, str | list[str]]] = {}

    def places(self) -> list[tuple[str, str]]:
        """(path, text) of every text of the old version that can hold a rename."""
        return [item for before, _ in self.sides.values() for item in before.items()]

    def changed_texts(self) -> Iterator[tuple[str, str, str]]:
        """(path in old, old text, new text) for every text that changed between matched places."""
        for before, after in self.sides.values():
            yield from _changed_lists(before, after)

    def counterpart(self, path: str) -> str | list[str] | None:
        """The new value at the place ``path`` of the old version, or None when it has none."""
        head, _, rest = path.partition(".")
        key = rest.partition(".")[0] if head == "positions" else ""
        if key not in self._known:
            before, after = self.sides.get(key, ({}, {}))
            self._known[key] = _pair_places(before, after)
        return self._known[key].get(path)


class Holders:
    """Where a version holds a phrase, titles included.

    Each position's JSON (pydantic writes it in Rust) is case-folded once, and all of them
    joined: a phrase the version holds nowhere costs one search, and the paths of a position's
    texts are worked out only where the phrase is found. JSON writes a text as it is but for
    ``"`` and ``\\`` (a manual's texts hold no control characters), so the phrase is searched
    for written the same way; a hit in a key or across texts is only a place to look closer.
    """

    def __init__(self, manual: Manual) -> None:
        self.manual = manual
        self._folded: list[tuple[Position | None, str]] = []
        self._whole = ""

    def find(self, needle: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
        """The paths of the texts that hold the phrase (``needle`` is it case-folded)."""
        if not self._folded:
            cover = json.dumps(list(cover_texts(self.manual).values()), ensure_ascii=False)
            self._folded = [(None, cover.casefold())]
            self._folded += [(p, p.model_dump_json(exclude=_NOT_TEXT).casefold()) for p in self.manual.positions]
            self._whole = "\n".join(folded for _, folded in self._folded)
        written = json.dumps(needle, ensure_ascii=False)[1:-1]
        if written not in self._whole:
            return ()
        found = []
        for owner, folded in self._folded:
            if written in folded:
                texts = cover_texts(self.manual) if owner is None else {
                    f"positions.{owner.id}.{path}": text
                    for path, text in position_texts(owner, has_titles=True).items()}
                found += [path for path, text in texts.items() if needle in text.casefold() and pattern.search(text)]
        return tuple(found)


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


def find_terms(comparison: Comparison) -> list[tuple[str, str]]:
    """The (old phrase, new phrase) renames seen in two places or more, widened to whole phrases."""
    groups: dict[tuple[str, str], _Group] = {}
    seen: dict[tuple[str, str], tuple[list[str], list[str], list[tuple[int, int, int, int]]]] = {}
    for path, before, after in comparison.changed_texts():
        if (before, after) not in seen:  # a department renamed everywhere is one text pair, many places
            seen[(before, after)] = _replacements(before, after)
        a, b, replaced = seen[(before, after)]
        for i1, i2, j1, j2 in replaced:
            key = (" ".join(a[i1:i2]).casefold(), " ".join(b[j1:j2]).casefold())
            groups.setdefault(key, _Group()).sightings.append(_Sighting(a, b, i1, i2, j1, j2, path))
    terms = []
    for group in groups.values():
        if len({s.path for s in group.sightings}) < MIN_PLACES or _is_rewritten_apart(group.sightings):
            continue
        sightings = _widen(group.sightings)
        best = next((s for s in sightings if not " ".join(s.old[s.i1:s.i2]).isupper()), sightings[0])
        old_phrase, new_phrase = " ".join(best.old[best.i1:best.i2]), " ".join(best.new[best.j1:best.j2])
        if any(w[:1].isupper() for w in (*best.old[best.i1:best.i2], *best.new[best.j1:best.j2])):
            terms.append((_join(old_phrase), _join(new_phrase)))
    return sorted(set(terms), key=lambda t: (-len(t[0]), t))


def _is_rewritten_apart(sightings: list[_Sighting]) -> bool:
    """True when one old text became different new texts in different places: "Jefe Área de
    Compras" that one position now reports as "Gerente Financiero" and another as "Gerente de
    Planificación" was rewritten twice, not renamed "Jefe Área" -> "Gerente" everywhere."""
    afters: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for sighting in sightings:
        afters.setdefault(tuple(sighting.old), set()).add(tuple(sighting.new))
    return any(len(found) > 1 for found in afters.values())


def _replacements(before: str, after: str) -> tuple[list[str], list[str], list[tuple[int, int, int, int]]]:
    """The words of two texts and the (i1, i2, j1, j2) spans where words were replaced, case aside."""
    a, b = [t.group() for t in tokens(before)], [t.group() for t in tokens(after)]
    matcher = SequenceMatcher(None, [w.casefold() for w in a], [w.casefold() for w in b], autojunk=False)
    return a, b, [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag == "replace"]


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


def _pair_places(before: dict[str, str], after: dict[str, str]) -> dict[str, str | list[str]]:
    """For each old place: the new text at that path, or the whole new list it belongs to."""
    found: dict[str, str | list[str]] = {}
    lists = {name: [v for _, v in items] for name, items in _lists(after).items()}
    for path in before:
        name = _list_path(path)
        if name is None:
            if path in after:
                found[path] = after[path]
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

