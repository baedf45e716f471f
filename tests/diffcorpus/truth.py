"""The ground truth of one edited manual: where every old item went, where every new item came
from, and the change records a correct diff gives.

Built from the labels and the draft's tags once all edits are made: an old item whose tag the
new manual still holds went to the slot holding it (edited, moved, reordered or untouched); a
split item went to each of its pieces; merged items went to the item they became; a removed
item went nowhere and an added item came from nowhere. "Touched" slots are those some label
names: the figures count links of touched items only (untouched identical items would make
any diff look good), but a diff's link that is not in the truth counts wherever it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tests.diffcorpus.draft import Slot
from tests.diffcorpus.label import Expect, Label
from tests.diffcorpus.records import Record, item_record, term_record

SlotLink = tuple[Slot | None, Slot | None]
"""(old slot, new slot); None where there is no item (removed, added)."""


@dataclass(frozen=True)
class Truth:
    """Every link between old and new slots, the touched ones, and the expected records.

    ``label_slots[n]`` holds the old and new slots of label n's items (in its tag order);
    ``expected_by`` the label each expected record comes from.
    """

    links: frozenset[SlotLink]
    touched_old: frozenset[Slot]
    touched_new: frozenset[Slot]
    records: frozenset[Record]
    expected_by: Mapping[Record, int]
    label_slots: tuple[tuple[tuple[Slot, ...], tuple[Slot, ...]], ...]

    def touches(self, link: SlotLink) -> bool:
        """True when either side of ``link`` is a slot some edit touched."""
        return link[0] in self.touched_old or link[1] in self.touched_new


def _record(expect: Expect, origin: Mapping[int, Slot], final: Mapping[int, Slot]) -> Record:
    if expect.kind == "term_renamed":
        return term_record(*expect.term)
    if expect.kind == "items_reordered":
        return (expect.kind, expect.position_id, expect.field)
    if expect.kind == "position_renamed":
        return (expect.kind, expect.position_id)
    if expect.kind == "field_changed":
        return (expect.kind, expect.position_id, expect.field)
    return item_record(expect.kind, [origin[tag] for tag in expect.old], [final[tag] for tag in expect.new])


def make_truth(labels: Sequence[Label], origin: Mapping[int, Slot], final: Mapping[int, Slot]) -> Truth:
    """The truth of a manual edited by ``labels``; ``origin`` and ``final`` give each tag's slot in
    the old and the new manual. Raises AssertionError when the labels and tags disagree."""
    links: set[SlotLink] = set()
    explained_old: set[int] = set()
    explained_new: set[int] = set()
    for label in labels:
        for old, new in label.links:
            assert old is None or old in origin, f"{label.kind}: tag {old} is not an old item"
            assert new is None or new in final, f"{label.kind}: tag {new} is not in the new manual"
            links.add((origin[old] if old is not None else None, final[new] if new is not None else None))
            explained_old.update([old] if old is not None else [])
            explained_new.update([new] if new is not None else [])
    for tag, slot in origin.items():
        if tag not in explained_old:
            assert tag in final, f"old item {slot} vanished without a label"
            links.add((slot, final[tag]))
            explained_new.add(tag)
    assert explained_new == set(final), f"new items without a label: {set(final) - explained_new}"
    records: dict[Record, int] = {}
    for number, label in enumerate(labels):
        for expect in label.expects:
            record = _record(expect, origin, final)
            # Two reorders of one list are one record; any other record has one edit behind it.
            assert record not in records or expect.kind == "items_reordered", f"two labels expect {record}"
            records.setdefault(record, number)
    slots = tuple((tuple(origin[t] for t in label.old_tags), tuple(final[t] for t in label.new_tags))
                  for label in labels)
    return Truth(links=frozenset(links),
                 touched_old=frozenset(slot for old, _ in slots for slot in old),
                 touched_new=frozenset(slot for _, new in slots for slot in new),
                 records=frozenset(records), expected_by=records, label_slots=slots)
