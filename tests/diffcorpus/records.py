"""The key of a change record, the unit the per-kind figures count.

A record is the change's kind and where it is, never its texts or word operations, so a diff
that finds the right change at the right place scores whatever its wording details:

==================== =====================================================================
kind                 key after the kind
==================== =====================================================================
item_added           position id, field, new index
item_removed         position id, field, old index
item_edited          position id, field, old index, new index
percent_changed      position id, ``key_functions``, old index, new index
item_moved           position id, old field, old index, new field, new index
item_split           position id, field, old index, new indexes (tuple, in order)
item_merged          position id, field, old indexes (tuple, in order), new index
items_reordered      position id (None for the positions themselves), field; not the
                     ``moved`` indexes (which of two swapped items "moved" is a tie)
position_renamed     position id
field_changed        position id, field
term_renamed         old phrase, new phrase, both case-folded
manual_field_changed field
position_added /     position id
position_removed
==================== =====================================================================

Indexes are those of the change contract: old ones in the old version's list, new ones in the
new version's. Record keys of two cases are compared within their case only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docversion.diff.changes import (
    Change,
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
from tests.diffcorpus.draft import Slot

Record = tuple[Any, ...]


def item_record(kind: str, old: Sequence[Slot], new: Sequence[Slot]) -> Record:
    """The key of a record naming items, from the slots of its old and new items."""
    position_id = (old or new)[0][0]
    if kind == "item_added":
        return (kind, position_id, new[0][1], new[0][2])
    if kind == "item_removed":
        return (kind, position_id, old[0][1], old[0][2])
    if kind in ("item_edited", "percent_changed"):
        return (kind, position_id, old[0][1], old[0][2], new[0][2])
    if kind == "item_moved":
        return (kind, position_id, old[0][1], old[0][2], new[0][1], new[0][2])
    if kind == "item_split":
        return (kind, position_id, old[0][1], old[0][2], tuple(slot[2] for slot in new))
    if kind == "item_merged":
        return (kind, position_id, old[0][1], tuple(slot[2] for slot in old), new[0][2])
    raise ValueError(f"{kind} names no items")


def term_record(old: str, new: str) -> Record:
    """The key of a term rename."""
    return ("term_renamed", old.casefold(), new.casefold())


def change_record(change: Change) -> Record:
    """The key of one change of a change set."""
    if isinstance(change, (ItemAdded, ItemRemoved)):
        slot = (change.position_id, change.field, change.index)
        return item_record(change.kind, [slot], [slot])
    if isinstance(change, (ItemEdited, PercentChanged, ItemMoved)):
        from_field = change.from_field if isinstance(change, ItemMoved) else change.field
        return item_record(change.kind, [(change.position_id, from_field, change.old_index)],
                           [(change.position_id, change.field, change.index)])
    if isinstance(change, ItemSplit):
        return item_record(change.kind, [(change.position_id, change.field, change.old_index)],
                           [(change.position_id, change.field, j) for j in change.indexes])
    if isinstance(change, ItemMerged):
        return item_record(change.kind, [(change.position_id, change.field, i) for i in change.old_indexes],
                           [(change.position_id, change.field, change.index)])
    if isinstance(change, ItemsReordered):
        return (change.kind, change.position_id, change.field)
    if isinstance(change, (PositionRenamed, PositionAdded, PositionRemoved)):
        return (change.kind, change.position_id)
    if isinstance(change, FieldChanged):
        return (change.kind, change.position_id, change.field)
    if isinstance(change, TermRenamed):
        return term_record(change.old, change.new)
    if isinstance(change, ManualFieldChanged):
        return (change.kind, change.field)
    raise TypeError(f"no record key for {type(change).__name__}")
