"""A change set as plain text: one line per change, then the change sentences.

Word-level edits read as ``[-old-]{+new+}`` inside the kept text, as ``git diff --word-diff``
writes them. Cosmetic edits (punctuation, white space, case) and revision marks are left out
unless asked for, and counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from docversion.diff.changes import ChangeSet, WordOp
from docversion.model import KeyFunction

_PUNCTUATION_SPACE = re.compile(r" (?=[.,;:)]|\{\+[.,;:)]|\[-[.,;:)])")


def redline(words: Sequence[WordOp]) -> str:
    """The word operations as one line: kept text plain, ``[-removed-]`` and ``{+added+}``."""
    parts = []
    for op in words:
        if op.op == "equal":
            parts.append(op.old)
        else:
            removed = f"[-{op.old}-]" if op.old else ""
            added = f"{{+{op.new}+}}" if op.new else ""
            parts.append(removed + added)
    return _PUNCTUATION_SPACE.sub("", " ".join(part for part in parts if part))


def _item(value: Any) -> str:
    if isinstance(value, KeyFunction):
        return f"{value.text} ({value.percent} %; {value.expected_result})"
    if isinstance(value, dict) and "text" in value:
        return f"{value['text']} ({value.get('percent')} %)"
    return str(value)


def _line(change: Any) -> str:
    kind = change.kind
    position_id = getattr(change, "position_id", None)
    where = f"{change.title} [{position_id}] {change.section}." if position_id and hasattr(
        change, "section") else ""
    if kind == "manual_field_changed" and change.field == "revisions":
        return _revision_rows(change.old, change.new)
    if kind == "term_renamed":
        rest = f"; still '{change.old}' at {', '.join(change.remaining)}" if change.remaining else ""
        return f"term renamed: '{change.old}' -> '{change.new}' in {len(change.places)} places{rest}"
    if kind == "position_added":
        return f"position added: {change.title} [{change.position_id}] at {change.index + 1}"
    if kind == "position_removed":
        return f"position removed: {change.title} [{change.position_id}]"
    if kind == "position_renamed":
        return f"position renamed: '{change.old}' -> '{change.new}' [{change.position_id}]"
    if kind == "items_reordered":
        moved = ", ".join(str(i + 1) for i in change.moved)
        return f"reordered: {where} {change.field}: item(s) {moved} moved".replace("  ", " ")
    if kind == "percent_changed":
        return f"share changed: {where} {change.text}: {change.old} % -> {change.new} %"
    if kind == "item_moved":
        edit = f": {redline(change.words)}" if change.words else f": {_item(change.new)}"
        return f"item moved: {where} {change.from_field} -> {change.field}{edit}"
    if kind in ("item_added", "item_removed"):
        return f"{kind.replace('_', ' ')}: {where} {change.field} {change.index + 1}: {_item(change.item)}"
    words = getattr(change, "words", ())
    text = redline(words) if words else f"{_show(change.old)} -> {_show(change.new)}"
    label = {"item_edited": "item edited", "field_changed": "changed", "manual_field_changed": "manual"}[kind]
    at = f" {change.index + 1}" if kind == "item_edited" else ""
    return f"{label}: {where} {change.field}{at}: {text}".replace("  ", " ")


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + "; ".join(_show(item) for item in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _revision_rows(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str:
    """The revision table's change by row: rows added, removed or edited, named by version."""
    before = {row["version"]: row for row in old}
    after = {row["version"]: row for row in new}
    parts = [f"row {v} added ({' '.join(after[v]['changes'])})" for v in after if v not in before]
    parts += [f"row {v} removed" for v in before if v not in after]
    parts += [f"row {v} edited" for v in after if v in before and before[v] != after[v]]
    return "revision table: " + "; ".join(parts)


def change_lines(changeset: ChangeSet, *, is_showing_all: bool = False) -> list[str]:
    """The lines of a change set's text view."""
    lines, hidden = [], 0
    for change in changeset.changes:
        quiet = getattr(change, "is_cosmetic", False) or getattr(change, "field", "") == "marked"
        if quiet and not is_showing_all:
            hidden += 1
            continue
        lines.append(_line(change))
    for match in changeset.matches:
        lines.append(f"matched by content: [{match.old_id}] is now [{match.new_id}]")
    if hidden:
        lines.append(f"({hidden} cosmetic or revision-mark changes hidden; --all shows them)")
    if not changeset.changes:
        lines.append("no changes")
    return lines
