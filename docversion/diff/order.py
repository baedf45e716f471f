"""The changes of a change set in the order of the document, so every view reads top to bottom.

Terms renamed everywhere first (they explain changes further down); then the cover and the
revision table, field by field as the cover prints them; then the order of the positions;
then each position in the new version's order (a removed one where it stood, after the
position that preceded it), with its title first and then its sections I to VII, each field in
the order the document prints it and each item by its place. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from docversion.diff.changes import (
    Change,
    ItemSplit,
    ItemsReordered,
    ManualFieldChanged,
    PositionAdded,
    PositionRemoved,
    PositionRenamed,
    TermRenamed,
)
from docversion.model import Cover, Manual, Position

Key = tuple[Any, ...]


def _field_ranks(model: type[BaseModel], prefix: str = "") -> dict[str, int]:
    """Every field path of ``model`` (nested models expanded) numbered in declaration order,
    which for the manual's models is the order the document prints them."""
    ranks: dict[str, int] = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        ranks[path] = len(ranks)
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            for inner in _field_ranks(kind, f"{path}."):
                ranks[inner] = len(ranks)
    return ranks


_POSITION_FIELDS = _field_ranks(Position)
_COVER_FIELDS = {f"cover.{name}": rank for name, rank in _field_ranks(Cover).items()}
_MANUAL_FIELDS = {**_COVER_FIELDS, "revisions": len(_COVER_FIELDS), "marked": len(_COVER_FIELDS) + 1}


def in_document_order(changes: Sequence[Change], old: Manual, new: Manual,
                      pairs: Sequence[tuple[int, int]]) -> tuple[Change, ...]:
    """``changes`` sorted as the document reads; ``pairs`` are the matched (old, new) positions."""
    places = _position_places(old, new, pairs)
    keyed = [(_key(change, places), at, change) for at, change in enumerate(changes)]
    return tuple(change for _, _, change in sorted(keyed, key=lambda entry: (entry[0], entry[1])))


def _position_places(old: Manual, new: Manual, pairs: Sequence[tuple[int, int]]) -> dict[str, float]:
    """Where each position's changes go: its place in the new version, or for a removed one,
    just after the place of the nearest earlier position that was kept."""
    places: dict[str, float] = {position.id: float(j) for j, position in enumerate(new.positions)}
    kept = dict(pairs)
    before = -1.0
    for i, position in enumerate(old.positions):
        if i in kept:
            before = float(kept[i])
        else:
            places.setdefault(position.id, before + 0.5)
    return places


def _key(change: Change, places: dict[str, float]) -> Key:
    if isinstance(change, TermRenamed):
        return (0,)
    if isinstance(change, ManualFieldChanged):
        return (1, _MANUAL_FIELDS.get(change.field, len(_MANUAL_FIELDS)))
    if isinstance(change, ItemsReordered) and change.field == "positions":
        return (2,)
    place = places.get(change.position_id or "", math.inf)
    if isinstance(change, (PositionAdded, PositionRemoved)):
        return (3, place, 0)
    if isinstance(change, PositionRenamed):
        return (3, place, 1)
    field = change.field
    rank = _POSITION_FIELDS.get(field, len(_POSITION_FIELDS))
    return (3, place, 2, rank, _index(change))


def _index(change: Change) -> float:
    """The item's place in its list: the new place when it has one; a reorder after the items."""
    if isinstance(change, ItemsReordered):
        return math.inf
    if isinstance(change, ItemSplit):
        return float(change.indexes[0])
    return float(getattr(change, "index", 0))
