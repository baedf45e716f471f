"""``apply(changes, old) -> new``: rebuild a version from its predecessor and the change set.

The proof that a change set is complete: ``apply(diff(a, b), a) == b`` for every pair. Renames
of terms go first (the rest of the set was computed against the renamed text); then each
position's fields and lists, the set and order of positions, and the manual's own fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from docversion.diff.changes import (
    Change,
    ChangeSet,
    FieldChanged,
    ItemAdded,
    ItemEdited,
    ItemMerged,
    ItemMoved,
    ItemRemoved,
    ItemSplit,
    ItemsReordered,
    ManualFieldChanged,
    PercentChanged,
    PositionAdded,
    PositionRemoved,
    PositionRenamed,
    TermRenamed,
)
from docversion.diff.engine import apply_terms
from docversion.diff.paths import set_path, thaw
from docversion.i18n import _
from docversion.model import Manual


def apply(changeset: ChangeSet, old: Manual) -> Manual:
    """The version ``changeset`` leads to from ``old``; raises ValueError if they do not fit."""
    manual = apply_terms(old, [c for c in changeset.changes if isinstance(c, TermRenamed)])
    data = thaw(manual.model_dump())
    new_id = {m.old_id: m.new_id for m in changeset.matches}
    by_position: dict[str, list[Change]] = defaultdict(list)
    for change in changeset.changes:
        position_id = getattr(change, "position_id", None)
        if position_id is not None and not isinstance(change, (PositionAdded, PositionRemoved)):
            by_position[position_id].append(change)
    removed = {c.position_id for c in changeset.changes if isinstance(c, PositionRemoved)}
    kept = []
    for index, position in enumerate(data["positions"]):
        if position["id"] in removed:
            continue
        position["id"] = new_id.get(position["id"], position["id"])
        _apply_position(position, by_position.pop(position["id"], []))
        kept.append((index, position))
    if by_position:
        raise ValueError(_("changes name positions the old version does not have: {ids}").format(
            ids=sorted(by_position)))
    added = {c.index: thaw(c.position.model_dump())
             for c in changeset.changes if isinstance(c, PositionAdded)}
    reorder = next((c for c in changeset.changes if isinstance(c, ItemsReordered) and c.field == "positions"),
                   None)
    data["positions"] = _rebuild(dict(kept), [i for i, _ in kept], added, reorder)
    for change in changeset.changes:
        if isinstance(change, ManualFieldChanged):
            set_path(data, change.field, thaw(change.new))
    return Manual.model_validate(data)


def _apply_position(position: dict[str, Any], changes: Sequence[Change]) -> None:
    lists: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if isinstance(change, PositionRenamed):
            position["title"] = change.new
        elif isinstance(change, FieldChanged):
            set_path(position, change.field, thaw(change.new))
        elif isinstance(change, ItemMoved):
            lists[change.from_field].append(change)
            lists[change.field].append(change)
        elif isinstance(change, (ItemAdded, ItemRemoved, ItemEdited, ItemSplit, ItemMerged, ItemsReordered,
                                 PercentChanged)):
            lists[change.field].append(change)
    for field, found in lists.items():
        node, key = _field(position, field)
        node[key] = _apply_list(node[key], field, found)


def _field(position: dict[str, Any], field: str) -> tuple[dict[str, Any], str]:
    *parents, last = field.split(".")
    node = position
    for part in parents:
        node = node[part]
    return node, last


def _apply_list(items: list[Any], field: str, changes: list[Change]) -> list[Any]:
    gone = {c.index for c in changes if isinstance(c, ItemRemoved)}
    gone |= {c.old_index for c in changes if isinstance(c, ItemMoved) and c.from_field == field}
    gone |= {c.old_index for c in changes if isinstance(c, ItemSplit)}
    gone |= {i for c in changes if isinstance(c, ItemMerged) for i in c.old_indexes}
    values = dict(enumerate(items))
    for change in changes:
        if isinstance(change, ItemEdited):
            values[change.old_index] = thaw(_dump(change.new))
        elif isinstance(change, PercentChanged):
            values[change.old_index] = {**values[change.old_index], "percent": change.new}
    inserts = {c.index: thaw(_dump(c.item)) for c in changes if isinstance(c, ItemAdded)}
    inserts |= {c.index: thaw(_dump(c.new)) for c in changes if isinstance(c, ItemMoved) and c.field == field}
    inserts |= {c.index: thaw(_dump(c.new)) for c in changes if isinstance(c, ItemMerged)}
    inserts |= {j: thaw(_dump(piece)) for c in changes if isinstance(c, ItemSplit)
                for j, piece in zip(c.indexes, c.new, strict=True)}
    reorder = next((c for c in changes if isinstance(c, ItemsReordered)), None)
    return _rebuild(values, [i for i in range(len(items)) if i not in gone], inserts, reorder)


def _rebuild(values: dict[int, Any], kept: list[int], inserts: dict[int, Any],
             reorder: ItemsReordered | None) -> list[Any]:
    """Kept items (in their new order) fill the places the inserted ones leave free."""
    order = list(reorder.order) if reorder is not None else kept
    if sorted(order) != sorted(kept):
        raise ValueError(_("the reorder does not name the items kept"))
    size = len(kept) + len(inserts)
    if any(index >= size for index in inserts):
        raise ValueError(_("an added item's place is past the end of the list"))
    result: list[Any] = [None] * size
    for index, item in inserts.items():
        result[index] = item
    free = (index for index in range(size) if index not in inserts)
    for index, old_index in zip(free, order, strict=True):
        result[index] = values[old_index]
    return result


def _dump(value: Any) -> Any:
    return value.model_dump() if hasattr(value, "model_dump") else value
