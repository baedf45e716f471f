"""The change set a perfect diff would give for a case, built from its truth: the scorer must
give it precision and recall 1.0, which checks the truth and the scorer against each other.

Only what the scorer reads is filled in (kinds, places, items); word operations, sections and
sentences are left empty. Reorders are derived from the links, for every list whose kept items
changed order, so an unlabelled reorder shows as a record no edit expects.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

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
    PercentChanged,
    PositionRenamed,
    TermRenamed,
)
from docversion.model import KeyFunction, Manual, resolve_path
from tests.diffcorpus.draft import Slot
from tests.diffcorpus.generate import Case
from tests.diffcorpus.label import Expect
from tests.diffcorpus.truth import SlotLink


def _item(manual: Manual, slot: Slot) -> str | KeyFunction:
    value: str | KeyFunction = resolve_path(manual.position(slot[0]), slot[1])[slot[2]]
    return value


def _change(case: Case, expect: Expect, old: list[Slot], new: list[Slot]) -> Change:
    slot = (old or new or [("", "", 0)])[0]
    where = {"position_id": slot[0] or expect.position_id, "title": "", "section": ""}
    if expect.kind == "item_added":
        return ItemAdded(**where, field=new[0][1], index=new[0][2], item=_item(case.new, new[0]))
    if expect.kind == "item_removed":
        return ItemRemoved(**where, field=old[0][1], index=old[0][2], item=_item(case.old, old[0]))
    if expect.kind == "item_edited":
        return ItemEdited(**where, field=old[0][1], old_index=old[0][2], index=new[0][2],
                          old=_item(case.old, old[0]), new=_item(case.new, new[0]))
    if expect.kind == "item_moved":
        return ItemMoved(**where, from_field=old[0][1], field=new[0][1], old_index=old[0][2], index=new[0][2],
                         old=_item(case.old, old[0]), new=_item(case.new, new[0]))
    if expect.kind == "item_split":
        return ItemSplit(**where, field=old[0][1], old_index=old[0][2], indexes=tuple(s[2] for s in new),
                         old=_item(case.old, old[0]), new=tuple(_item(case.new, s) for s in new))
    if expect.kind == "item_merged":
        return ItemMerged(**where, field=old[0][1], old_indexes=tuple(s[2] for s in old), index=new[0][2],
                          old=tuple(_item(case.old, s) for s in old), new=_item(case.new, new[0]))
    if expect.kind == "percent_changed":
        before, after = _item(case.old, old[0]), _item(case.new, new[0])
        assert isinstance(before, KeyFunction) and isinstance(after, KeyFunction)
        return PercentChanged(**where, old_index=old[0][2], index=new[0][2], text=after.text, old=before.percent,
                              new=after.percent)
    if expect.kind == "position_renamed":
        return PositionRenamed(position_id=expect.position_id, old="", new="")
    if expect.kind == "field_changed":
        return FieldChanged(**where, field=expect.field, old="", new="")
    if expect.kind == "term_renamed":
        return TermRenamed(old=expect.term[0], new=expect.term[1], places=())
    raise ValueError(f"no oracle change for {expect.kind}")


def _reorders(case: Case) -> list[Change]:
    """items_reordered for every list whose one-to-one, same-list links cross."""
    olds: defaultdict[Slot | None, list[SlotLink]] = defaultdict(list)
    news: defaultdict[Slot | None, list[SlotLink]] = defaultdict(list)
    for link in case.truth.links:
        olds[link[0]].append(link)
        news[link[1]].append(link)
    kept: defaultdict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for old, new in case.truth.links:
        if old is not None and new is not None and old[:2] == new[:2] and len(olds[old]) == len(news[new]) == 1:
            kept[old[:2]].append((old[2], new[2]))
    found: list[Change] = []
    for (position_id, field), pairs in sorted(kept.items()):
        by_old = [j for _, j in sorted(pairs)]
        if any(a > b for a, b in itertools.pairwise(by_old)):
            order = tuple(i for i, _ in sorted(pairs, key=lambda pair: pair[1]))
            found.append(ItemsReordered(position_id=position_id, field=field, order=order, moved=()))
    return found


def oracle(case: Case) -> ChangeSet:
    """The change set a perfect diff gives for ``case`` (see the module docstring)."""
    origin: dict[int, Slot] = {}
    final: dict[int, Slot] = {}
    for label, (old, new) in zip(case.labels, case.truth.label_slots, strict=True):
        origin.update(zip(label.old_tags, old, strict=True))
        final.update(zip(label.new_tags, new, strict=True))
    changes = [_change(case, expect, [origin[t] for t in expect.old], [final[t] for t in expect.new])
               for label in case.labels for expect in label.expects if expect.kind != "items_reordered"]
    return ChangeSet(changes=(*changes, *_reorders(case)))
