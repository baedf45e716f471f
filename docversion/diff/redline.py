"""Underlines for a printed version, from a real diff: what changed since an earlier version.

The institution underlines what a version changed; this computes those spans from the change
set instead of trusting hand-made marks. Paths are absolute (``positions.<id>.objective``),
as the document writers take them. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from docversion.diff.changes import ChangeSet, WordOp
from docversion.diff.engine import diff
from docversion.diff.paths import get_path
from docversion.diff.terms import term_pattern
from docversion.model import Manual, plain_data

Underlines = dict[str, list[tuple[int | None, str]]]


def redline(old: Manual, new: Manual) -> Underlines:
    """The spans of ``new`` to underline as changed since ``old``."""
    return underlines(diff(old, new), new)


def underlines(changes: ChangeSet, new: Manual) -> Underlines:
    """The spans a change set marks in the new version."""
    found: Underlines = defaultdict(list)
    renamed_ids = {m.old_id: m.new_id for m in changes.matches}
    data = plain_data(new.model_dump())
    for change in changes.changes:
        if change.kind == "term_renamed":
            _mark_term(found, change, renamed_ids, data)
        else:
            _mark(found, change, new)
    return {path: sorted(set(spans), key=lambda s: -1 if s[0] is None else s[0]) for path, spans in found.items()}


def _mark_term(found: Underlines, change: Any, renamed_ids: dict[str, str], data: dict[str, Any]) -> None:
    """The new phrase wherever the rename put it."""
    pattern = term_pattern(change.new)
    for place in change.places:
        head, _, rest = place.partition(".")
        if head == "positions":
            old_id, _, inner = rest.partition(".")
            place = f"positions.{renamed_ids.get(old_id, old_id)}.{inner}"
        try:
            text = get_path(data, place)
        except (KeyError, IndexError, StopIteration, ValueError):
            continue  # the place changed again after the rename (removed, moved): nothing to mark
        if isinstance(text, str):
            found[place] += [(m.start(), m.group()) for m in pattern.finditer(text)]


def _mark(found: Underlines, change: Any, new: Manual) -> None:
    base = f"positions.{change.position_id}" if getattr(change, "position_id", None) else ""
    kind = change.kind
    if kind == "position_added":
        found[f"{base}.title"].append((0, change.title))
    elif kind == "position_renamed":
        found[f"{base}.title"] += _inserted(change.words, change.new)
    elif kind in ("item_added", "item_moved", "item_edited"):
        index = change.index
        value = change.item if kind == "item_added" else change.new
        if change.field == "key_functions":
            found[f"{base}.key_functions.{index}.text"] += _whole_or_inserted(change, value.text)
            return
        path = f"{base}.{change.field}.{index}"
        found[path] += [(0, value)] if kind == "item_added" or not change.words else _inserted(change.words, value)
    elif kind == "percent_changed":
        found[f"{base}.key_functions.{change.index}.percent"].append((None, f"{change.new}%"))
    elif kind == "field_changed" and isinstance(change.new, str) and not change.is_cosmetic:
        found[f"{base}.{change.field}"] += _inserted(change.words, change.new)
    elif kind == "manual_field_changed" and change.field.startswith("cover.") and isinstance(change.new, str):
        found[change.field] += _inserted(change.words, change.new)


def _whole_or_inserted(change: Any, text: str) -> list[tuple[int | None, str]]:
    if change.kind == "item_added" or not change.words:
        return [(0, text)]
    return _inserted(change.words, text)


def _inserted(words: tuple[WordOp, ...], new: str) -> list[tuple[int | None, str]]:
    """The inserted or replacing words' offsets in ``new``."""
    spans: list[tuple[int | None, str]] = []
    at = 0
    for op in words:
        if not op.new:
            continue
        start = new.find(op.new, at)
        if start < 0:
            continue
        if op.op != "equal":
            spans.append((start, op.new))
        at = start + len(op.new)
    return spans
