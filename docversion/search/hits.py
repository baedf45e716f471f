"""From occurrences to hits: each text followed through a manual's versions, as version ranges.

An occurrence is a text unit holding the phrase in one version. The same text in the same field
of the same position (followed by its id, so a renamed position is the same position) in
consecutive published versions is one hit "from v2 to v5"; its number in the list may change
between versions (an item inserted above it), the hit shows the number of the version shown.
Two equal texts in one field of one version are told apart by their order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from docversion.search.phrase import Phrase
from docversion.search.records import Occurrence, SearchHit

Key = tuple[str, str | None, str, str, int]
"""What stands unchanged: (code, position id, field, text, which of equal texts in that field)."""
_TABLE = 1 << 30  # the revision table comes after every position


def _keyed(occurrences: Iterable[Occurrence]) -> dict[Key, dict[int, Occurrence]]:
    same: dict[tuple[str, int, str | None, str, str], list[Occurrence]] = defaultdict(list)
    for found in occurrences:
        same[(found.code, found.version, found.position_id, found.field, found.text)].append(found)
    keyed: dict[Key, dict[int, Occurrence]] = defaultdict(dict)
    for (code, version, position_id, field, text), group in same.items():
        for number, found in enumerate(sorted(group, key=lambda o: o.order)):
            keyed[(code, position_id, field, text, number)][version] = found
    return keyed


def _runs(present: Iterable[int], versions: Sequence[int]) -> list[list[int]]:
    """``present`` cut into runs of versions that follow each other in ``versions``."""
    place = {version: index for index, version in enumerate(versions)}
    runs: list[list[int]] = []
    for version in sorted(present, key=lambda v: place.get(v, -1)):
        if version not in place:
            continue
        if runs and place[runs[-1][-1]] == place[version] - 1:
            runs[-1].append(version)
        else:
            runs.append([version])
    return runs


def part_of(hit: SearchHit) -> str:
    """The part of the manual a hit is in: its position's id, ``cover`` or ``revisions``."""
    return hit.position_id or hit.path.split(".", 1)[0]


def hits_of(occurrences: Iterable[Occurrence], phrase: Phrase, versions: Mapping[str, Sequence[int]],
            shown: Mapping[str, int] | None = None) -> list[SearchHit]:
    """The hits of ``occurrences``: every range of versions (``versions``: each manual's published
    versions in order) when ``shown`` is None, else the range holding each manual's version in
    ``shown``, shown in that version. Ordered by manual, then as the document reads: the cover,
    each position (where the newest version shown places it), the revision table."""
    placed: list[tuple[str, int, int, SearchHit]] = []  # (part, place of its position, order, hit)
    spans: dict[str, tuple[tuple[int, int], ...]] = {}  # a text found in many places is matched once
    for key, by_version in _keyed(occurrences).items():
        code = key[0]
        for run in _runs(by_version, versions.get(code, ())):
            if shown is None:
                at = run[-1]
            elif shown.get(code) in run:
                at = shown[code]
            else:
                continue
            found = by_version[at]
            if found.text not in spans:
                spans[found.text] = phrase.spans(found.text)
            hit = SearchHit(code, found.area, found.position_id, found.position_title, found.path, at, found.commit,
                            run[0], run[-1], found.text, spans[found.text])
            placed.append((part_of(hit), found.position_index, found.order, hit))
    rank: dict[tuple[str, str], tuple[int, int]] = {}  # each part's place, in the newest version shown
    for part, index, _order, hit in placed:
        where = -1 if part == "cover" else _TABLE if part == "revisions" else index
        if rank.get((hit.code, part), (0, -1))[1] < hit.version:
            rank[(hit.code, part)] = (where, hit.version)
    placed.sort(key=lambda item: (item[3].code, rank[(item[3].code, item[0])][0], item[0], item[2], item[3].first))
    return [hit for _part, _index, _order, hit in placed]
