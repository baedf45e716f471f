"""What went wrong in a scored case, in words an engineer can act on: the edit, the texts
before and after, the record or link expected, and what the diff said about those items.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rapidfuzz import fuzz

from docversion.diff.changes import Change, ItemAdded, ItemRemoved, ItemsReordered, TermRenamed
from docversion.model import KeyFunction, Manual, resolve_path
from tests.diffcorpus.draft import Slot
from tests.diffcorpus.label import Label
from tests.diffcorpus.records import change_record
from tests.diffcorpus.score import CaseScore
from tests.diffcorpus.truth import SlotLink

Failure = dict[str, Any]
TEXT_WIDTH = 110


def short(text: str) -> str:
    """``text`` cut to :data:`TEXT_WIDTH` characters."""
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "…"


def similarity(old: str, new: str) -> int:
    """rapidfuzz's ratio of the two texts case-folded, as the current matcher compares them."""
    return round(fuzz.ratio(old.casefold(), new.casefold()))


def text_at(manual: Manual, slot: Slot | None) -> str:
    """The text of the item at ``slot`` (a key function's text), or "-" for no slot."""
    if slot is None:
        return "-"
    try:
        value = resolve_path(manual.position(slot[0]), slot[1])[slot[2]]
    except (KeyError, IndexError):
        return f"<no item at {slot}>"
    return value.text if isinstance(value, KeyFunction) else str(value)


def _place(slot: Slot | None) -> str:
    return "-" if slot is None else f"{slot[0]}:{slot[1]}[{slot[2]}]"


def statement(change: Change) -> str:
    """One change in a line: its record key (kind and place), and for a rename its terms."""
    if isinstance(change, TermRenamed):
        return f"term_renamed {change.old!r} -> {change.new!r} at {len(change.places)} places"
    if isinstance(change, ItemsReordered):
        return f"items_reordered {change.position_id}:{change.field} order {change.order} moved {change.moved}"
    return " ".join(str(part) for part in change_record(change))


def _said_about(score: CaseScore, position_id: str, fields: set[str]) -> list[str]:
    said = []
    for change in score.changes.changes:
        where = getattr(change, "position_id", None)
        names = {getattr(change, "field", ""), getattr(change, "from_field", "")}
        if isinstance(change, TermRenamed) or (where == position_id and (not fields or names & fields)):
            said.append(statement(change))
    return said


def _label_failure(score: CaseScore, number: int, expected: str) -> Failure:
    label: Label = score.case.labels[number]
    old, new = score.case.truth.label_slots[number]
    fields = {slot[1] for slot in (*old, *new)} | ({label.field} if label.field else set())
    ratios = [similarity(a, b) for a in label.before for b in label.after] if old and new else []
    return {"case": score.case.number, "source": score.case.source, "edit": f"{label.kind} {label.variant}".strip(),
            "expected": expected, "where": f"{', '.join(map(_place, old)) or '-'} -> {', '.join(map(_place, new)) or '-'}",
            "old": [short(t) for t in label.before], "new": [short(t) for t in label.after], "similarity": ratios,
            "diff said": _said_about(score, label.position_id, fields) or ["nothing here"]}


def record_failures(score: CaseScore) -> Iterator[tuple[str, Failure]]:
    """(change kind, failure) for each expected record the diff missed, then each it made up."""
    truth = score.case.truth
    for record in sorted(truth.records - score.predicted_records, key=str):
        yield record[0], _label_failure(score, truth.expected_by[record], "missed " + " ".join(map(str, record)))
    for change in score.changes.changes:
        record = change_record(change)
        if record in truth.records:
            continue
        where = getattr(change, "position_id", None)
        old = "-" if isinstance(change, ItemAdded) else getattr(change, "old", getattr(change, "item", ""))
        new = "-" if isinstance(change, ItemRemoved) else getattr(change, "new", getattr(change, "item", ""))
        yield record[0], {"case": score.case.number, "source": score.case.source,
                          "unexpected": statement(change), "old": short(_text(old)), "new": short(_text(new)),
                          "edits here": [f"{label.kind} {label.field}" for label in score.case.labels
                                         if label.position_id == where] or ["none in this position"]}


def _text(value: Any) -> str:
    if isinstance(value, KeyFunction):
        return value.text
    if isinstance(value, tuple):
        return " | ".join(_text(item) for item in value)
    return str(value)


def link_failures(score: CaseScore) -> Iterator[Failure]:
    """One failure per true link the diff missed and per predicted link that is false."""
    case, truth = score.case, score.case.truth
    owner_old = {slot: n for n, (old, _) in enumerate(truth.label_slots) for slot in old}
    owner_new = {slot: n for n, (_, new) in enumerate(truth.label_slots) for slot in new}

    def described(link: SlotLink, problem: str) -> Failure:
        number = owner_old.get(link[0]) if link[0] is not None else None
        number = owner_new.get(link[1]) if number is None and link[1] is not None else number
        label = case.labels[number] if number is not None else None
        paired = sorted((_place(a), _place(b)) for a, b in score.predicted
                        if (a is not None and a == link[0]) or (b is not None and b == link[1]))
        return {"case": case.number, "source": case.source, "problem": problem,
                "edit": f"{label.kind} {label.variant}".strip() if label else "none (untouched item)",
                "link": f"{_place(link[0])} -> {_place(link[1])}", "old": short(text_at(case.old, link[0])),
                "new": short(text_at(case.new, link[1])),
                "diff paired": [f"{a} -> {b}" for a, b in paired] or ["nothing"]}

    for link in sorted(score.true - score.predicted, key=str):
        yield described(link, "missed link")
    for link in sorted(score.predicted - score.true, key=str):
        yield described(link, "false link")
