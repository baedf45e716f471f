"""Ids for positions of a document that carries none, taken from the previous version.

A document read from text or Word gets ids made from its titles; a position whose title is
unchanged since the previous version must keep the id it had, or the store would see a
removal and an addition. Pure: takes manuals, returns a manual.
"""

from __future__ import annotations

from docversion.model import Manual


def carry_ids(manual: Manual, previous: Manual | None) -> Manual:
    """``manual`` with each position whose title the previous version has taking that id.

    Other positions keep their own id unless the previous version used it for another
    position; then it gets the next free ``-2``, ``-3`` suffix, so an old id is never reused
    for a different position.
    """
    if previous is None:
        return manual
    by_title: dict[str, str] = {}
    for position in previous.positions:
        by_title.setdefault(position.title, position.id)
    ids: list[str | None] = []
    taken: set[str] = set()
    for position in manual.positions:
        found = by_title.get(position.title)
        ids.append(found if found is not None and found not in taken else None)
        if found is not None and found not in taken:
            taken.add(found)
    reserved = taken | {position.id for position in previous.positions}
    final: list[str] = []
    for position, found in zip(manual.positions, ids, strict=True):
        if found is None:
            found, number = position.id, 2
            while found in reserved:
                found, number = f"{position.id}-{number}", number + 1
            reserved.add(found)
        final.append(found)
    if final == [position.id for position in manual.positions]:
        return manual
    positions = [p.model_copy(update={"id": new}) for p, new in zip(manual.positions, final, strict=True)]
    return Manual.model_validate({**manual.model_dump(), "positions": [p.model_dump() for p in positions]})
