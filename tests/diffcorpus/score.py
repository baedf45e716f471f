"""Scoring a change set against the truth: pairing precision and recall, and per change kind.

Predicted links come from the change set as :func:`docversion.diff.apply.apply` rebuilds a list:
``item_edited`` and ``percent_changed`` pair an old item with a new one, ``item_moved`` pairs
across lists, ``item_split`` links the old item to each piece, ``item_merged`` each old item to
the one it became, a removal is (old, None) and an addition (None, new). Every other old item
of a list is kept and fills, in the order ``items_reordered`` gives (or its own), the new
places no addition, move, split or merge took: the pairing the change set implies for it. (So
both items of a swap are linked, whichever of the two ``moved`` names.)

Pairing figures count links with a touched slot on either side (see
:mod:`tests.diffcorpus.truth`), plus any predicted link that is not in the truth wherever it is:
precision = right / predicted, recall = right / true. Records are keyed by
:mod:`tests.diffcorpus.records`; ``apply(diff(a, b), a) == b`` is checked for every case.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docversion.diff.apply import apply
from docversion.diff.changes import (
    ChangeSet,
    ItemAdded,
    ItemEdited,
    ItemMerged,
    ItemMoved,
    ItemRemoved,
    ItemSplit,
    ItemsReordered,
    PercentChanged,
)
from docversion.model import Manual, resolve_path
from tests.diffcorpus.draft import list_fields
from tests.diffcorpus.generate import Case
from tests.diffcorpus.records import Record, change_record
from tests.diffcorpus.truth import SlotLink

List = tuple[str, str]  # position id, field


Traffic = tuple[set[SlotLink], defaultdict[List, set[int]], defaultdict[List, set[int]], dict[List, tuple[int, ...]]]


def _explicit(changes: ChangeSet, old_id: dict[str, str]) -> Traffic:
    """Links the changes state, the old and new places they take, and the orders they give."""
    links: set[SlotLink] = set()
    gone: defaultdict[List, set[int]] = defaultdict(set)
    inserted: defaultdict[List, set[int]] = defaultdict(set)
    orders: dict[List, tuple[int, ...]] = {}
    for change in changes.changes:
        if isinstance(change, ItemsReordered):
            if change.position_id is not None:
                orders[(old_id.get(change.position_id, change.position_id), change.field)] = change.order
            continue
        if not isinstance(change, (ItemAdded, ItemRemoved, ItemEdited, PercentChanged, ItemMoved, ItemSplit,
                                   ItemMerged)):
            continue
        new_id = change.position_id
        was = old_id.get(new_id, new_id)
        if isinstance(change, ItemRemoved):
            links.add(((was, change.field, change.index), None))
            gone[(was, change.field)].add(change.index)
        elif isinstance(change, ItemAdded):
            links.add((None, (new_id, change.field, change.index)))
            inserted[(new_id, change.field)].add(change.index)
        elif isinstance(change, (ItemEdited, PercentChanged)):
            links.add(((was, change.field, change.old_index), (new_id, change.field, change.index)))
        elif isinstance(change, ItemMoved):
            links.add(((was, change.from_field, change.old_index), (new_id, change.field, change.index)))
            gone[(was, change.from_field)].add(change.old_index)
            inserted[(new_id, change.field)].add(change.index)
        elif isinstance(change, ItemSplit):
            links |= {((was, change.field, change.old_index), (new_id, change.field, j)) for j in change.indexes}
            gone[(was, change.field)].add(change.old_index)
            inserted[(new_id, change.field)].update(change.indexes)
        else:
            links |= {((was, change.field, i), (new_id, change.field, change.index)) for i in change.old_indexes}
            gone[(was, change.field)].update(change.old_indexes)
            inserted[(new_id, change.field)].add(change.index)
    return links, gone, inserted, orders


def predicted_links(changes: ChangeSet, old: Manual, new: Manual) -> set[SlotLink]:
    """Every link between old and new slots the change set states or implies (module docstring)."""
    new_id = {match.old_id: match.new_id for match in changes.matches}
    old_id = {b: a for a, b in new_id.items()}
    links, gone, inserted, orders = _explicit(changes, old_id)
    new_ids = {position.id for position in new.positions}
    for position in old.positions:
        now = new_id.get(position.id, position.id)
        if now not in new_ids:
            continue
        after = new.position(now)
        for name in list_fields(position):
            size, new_size = len(resolve_path(position, name)), len(resolve_path(after, name))
            kept = orders.get((position.id, name)) or [i for i in range(size) if i not in gone[(position.id, name)]]
            free = [j for j in range(new_size) if j not in inserted[(now, name)]]
            links |= {((position.id, name, i), (now, name, j)) for i, j in zip(kept, free, strict=False)}
    return links


def is_applied(changes: ChangeSet, case: Case) -> bool:
    """True when ``apply(changes, old) == new`` (False too when apply refuses the change set)."""
    try:
        return apply(changes, case.old) == case.new
    except (ValueError, KeyError, IndexError):
        return False


@dataclass(frozen=True)
class CaseScore:
    """One case's links and records, predicted against true (both restricted as scored)."""

    case: Case
    changes: ChangeSet
    predicted: frozenset[SlotLink]
    true: frozenset[SlotLink]
    predicted_records: frozenset[Record]
    is_applied: bool

    @property
    def right(self) -> frozenset[SlotLink]:
        """Predicted links that are true."""
        return self.predicted & self.true


def score_case(case: Case, changes: ChangeSet) -> CaseScore:
    """Score the change set a diff gave for ``case``."""
    truth = case.truth
    links = predicted_links(changes, case.old, case.new)
    predicted = frozenset(link for link in links if truth.touches(link) or link not in truth.links)
    true = frozenset(link for link in truth.links if truth.touches(link))
    records = frozenset(change_record(change) for change in changes.changes)
    return CaseScore(case, changes, predicted, true, records, is_applied(changes, case))


@dataclass
class Tally:
    """Counts over many cases: links, records per change kind, edits per label kind, apply."""

    cases: int = 0
    edits: int = 0
    links: Counter[str] = field(default_factory=Counter)
    kinds: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    labels: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    not_applied: list[int] = field(default_factory=list)

    def add(self, score: CaseScore) -> None:
        """Count one case."""
        truth = score.case.truth
        self.cases += 1
        self.edits += len(score.case.labels)
        self.links.update(predicted=len(score.predicted), true=len(score.true), right=len(score.right))
        for record in truth.records | score.predicted_records:
            counts = self.kinds[record[0]]
            counts.update(true=record in truth.records, predicted=record in score.predicted_records,
                          right=record in truth.records and record in score.predicted_records)
        for number, label in enumerate(score.case.labels):
            old, new = truth.label_slots[number]
            mine = {link for link in truth.links if link[0] in old or link[1] in new}
            said = {link for link in score.predicted if link[0] in old or link[1] in new}
            expected = {record for record, by in truth.expected_by.items() if by == number}
            self.labels[label.kind].update(edits=1, true=len(mine), predicted=len(said), right=len(mine & said),
                                           complete=expected <= score.predicted_records)
        if not score.is_applied:
            self.not_applied.append(score.case.number)

    def figures(self) -> dict[str, Any]:
        """Precision and recall of the pairing, per change kind and per edit kind, as plain data."""
        return {
            "cases": self.cases, "edits": self.edits, "apply_failures": len(self.not_applied),
            "pairing": _ratios(self.links),
            "kinds": {kind: _ratios(counts) for kind, counts in sorted(self.kinds.items())},
            "edit_kinds": {kind: {**_ratios(counts), "edits": counts["edits"],
                                  "complete": counts["complete"] / counts["edits"]}
                           for kind, counts in sorted(self.labels.items())},
        }


def _ratios(counts: Counter[str]) -> dict[str, float | int]:
    """true / predicted / right counts and precision / recall (1.0 when there is nothing to count)."""
    true, predicted, right = counts["true"], counts["predicted"], counts["right"]
    return {"true": true, "predicted": predicted, "right": right,
            "precision": right / predicted if predicted else 1.0, "recall": right / true if true else 1.0}


def tally(scores: Iterable[CaseScore]) -> Tally:
    """The counts of many scored cases."""
    found = Tally()
    for score in scores:
        found.add(score)
    return found
