"""Ids for positions of a document that carries none, taken from the previous version.

A document read from text or Word gets ids made from its titles; a position the previous
version already had must keep the id it had, or the store would see a removal and an addition.
Positions match by identical title first, then by the diff's similarity of title and content
(so a renamed position keeps its id). Pure: takes manuals, returns a manual.
"""

from __future__ import annotations

from docversion.diff.match import POSITION_THRESHOLD, greedy, position_score
from docversion.model import Manual


def carry_ids(manual: Manual, previous: Manual | None) -> Manual:
    """``manual`` with each position the previous version had taking that position's id.

    A position that matches none keeps its own id unless the previous version used it for
    another position; then it gets the next free ``-2``, ``-3`` suffix, so an old id is never
    given to a different position.
    """
    if previous is None:
        return manual
    old, new = previous.positions, manual.positions
    by_title: dict[str, int] = {}
    for index, position in enumerate(old):
        by_title.setdefault(position.title, index)
    pairs: dict[int, int] = {}
    for j, position in enumerate(new):
        i = by_title.get(position.title)
        if i is not None and i not in pairs.values():
            pairs[j] = i
    left_old = [i for i in range(len(old)) if i not in pairs.values()]
    left_new = [j for j in range(len(new)) if j not in pairs]
    for i, j in greedy(left_old, left_new, lambda i, j: position_score(old[i], new[j]), POSITION_THRESHOLD):
        pairs[j] = i
    reserved = {position.id for position in old}
    final: list[str] = []
    for j, position in enumerate(new):
        if j in pairs:
            final.append(old[pairs[j]].id)
            continue
        found, number = position.id, 2
        while found in reserved or found in final:
            found, number = f"{position.id}-{number}", number + 1
        final.append(found)
    if final == [position.id for position in new]:
        return manual
    positions = [p.model_copy(update={"id": new_id}).model_dump()
                 for p, new_id in zip(new, final, strict=True)]
    return Manual.model_validate({**manual.model_dump(), "positions": positions})
