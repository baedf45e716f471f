"""A new text brought into line with the record before it is stored: earlier rows, marks, cover.

* **Published rows are the record.** Row N of MODIFICACIONES REALIZADAS is the same in every
  version from N on. A document whose copy of an earlier row differs (a Find/Replace over an
  exported version reaches the table too) gets the row back from the version it continues,
  with a warning naming the row and the words that differed. Restoring rather than refusing:
  the analyst's edit of an old row is never what they meant to change, and refusing would
  send them hunting through a table they did not mean to touch.
* **Marks are this version's changes.** The underlines a document carries are replaced by
  those its diff against the version it continues gives; the warning counts the marks that
  were dropped (an exported v5 edited into v6 brings v5's underlines back).
* **The cover states the version and its in-force date**, set when the request is proposed and
  signed with the rest. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from docversion.diff.redline import redline
from docversion.diff.words import word_ops
from docversion.i18n import _, ngettext
from docversion.labels import field_name
from docversion.model import Manual, RevisionRow

MAX_YEARS_AHEAD = 10


@dataclass(frozen=True)
class Settled:
    """The manual as it will be stored, and what was changed on the user's behalf."""

    manual: Manual
    warnings: tuple[str, ...]


def settle_rows(draft: Manual, base: Manual) -> Settled:
    """``draft`` with every row up to ``base``'s version taken from ``base``'s table."""
    record = {row.version: row for row in base.revisions}
    warnings = []
    for row in draft.revisions:
        kept = record.get(row.version)
        if kept is not None and kept != row:
            warnings.append(_("MODIFICACIONES REALIZADAS row {row:02d} differs from the record ({differences}): "
                              "the published row is kept").format(row=row.version,
                                                                   differences=_differences(kept, row)))
        elif kept is None and row.version <= base.cover.version:
            warnings.append(_("MODIFICACIONES REALIZADAS row {row:02d} is not in the record of version {version}: "
                              "it is dropped").format(row=row.version, version=base.cover.version))
    missing = sorted(set(record) - {row.version for row in draft.revisions})
    if missing:
        warnings.append(_("MODIFICACIONES REALIZADAS rows {rows} were missing: restored from the record").format(
            rows=", ".join(f"{v:02d}" for v in missing)))
    rows = [*base.revisions, *(r for r in draft.revisions if r.version > base.cover.version)]
    if tuple(rows) == draft.revisions:
        return Settled(draft, ())
    data = draft.model_dump()
    data["revisions"] = [r.model_dump() for r in rows]
    data["marked"] = [m for m in data["marked"] if not m["path"].startswith("revisions.")]
    return Settled(Manual.model_validate(data), tuple(warnings))


def _differences(kept: RevisionRow, found: RevisionRow) -> str:
    """The fields and words where ``found`` departs from ``kept``, as a reader would name them."""
    parts = []
    for name in RevisionRow.model_fields:
        old, new = getattr(kept, name), getattr(found, name)
        if old == new:
            continue
        if isinstance(old, tuple) and isinstance(new, tuple):
            old, new = " ".join(old), " ".join(new)
        if isinstance(old, str) and isinstance(new, str):
            ops = [op for op in word_ops(old, new) if op.op != "equal"]
            words = "; ".join(f"'{op.old}' -> '{op.new}'" for op in ops[:3])
            parts.append(f"{field_name(name)}: {words}" + (" …" if len(ops) > 3 else ""))
        else:
            parts.append(f"{field_name(name)}: {old} -> {new}")
    return ", ".join(parts)


def own_marks(draft: Manual, base: Manual) -> Settled:
    """``draft`` marked exactly where it changed since ``base``; a warning counts the marks dropped.

    A draft that changes nothing but marks is ``base`` itself: there is nothing to record."""
    unmarked = _with_marks(draft, ())
    if unmarked == _with_marks(base, ()):
        return Settled(base, ())
    spans = [(path, start, text) for path, found in redline(base, unmarked).items() for start, text in found]
    manual = _with_marks(unmarked, spans)
    carried = _all_marks(draft)
    dropped = len(carried - _all_marks(manual))
    if manual == draft:
        return Settled(draft, ())
    warnings = (ngettext("{n} revision mark(s) the document carries are not changes of this version: dropped "
                         "(the new version's changes are marked instead)",
                         "{n} revision mark(s) the document carries are not changes of this version: dropped "
                         "(the new version's changes are marked instead)", dropped).format(n=dropped),
                ) if dropped else ()
    return Settled(manual, warnings)


def without_marks(manual: Manual) -> Manual:
    """``manual`` with no marks at all."""
    if not manual.marked and not any(p.marked for p in manual.positions):
        return manual
    return _with_marks(manual, ())


def _all_marks(manual: Manual) -> set[tuple[str, int | None, str]]:
    found = {(m.path, m.start, m.text) for m in manual.marked}
    for position in manual.positions:
        found |= {(f"positions.{position.id}.{m.path}", m.start, m.text) for m in position.marked}
    return found


def _with_marks(manual: Manual, spans: Iterable[tuple[str, int | None, str]]) -> Manual:
    """``manual`` carrying ``spans`` (absolute paths) as its cover's and positions' marks."""
    by_position: dict[str, list[dict[str, object]]] = {p.id: [] for p in manual.positions}
    top: list[dict[str, object]] = []
    for path, start, text in spans:
        head, _, rest = path.partition(".")
        position_id, _, inner = rest.partition(".")
        if head == "positions" and position_id in by_position and inner:
            by_position[position_id].append({"path": inner, "start": start, "text": text})
        else:
            top.append({"path": path, "start": start, "text": text})
    data = manual.model_dump()
    data["marked"] = top
    for position in data["positions"]:
        position["marked"] = by_position[position["id"]]
    return Manual.model_validate(data)


def with_cover(draft: Manual, version: int, in_force: date) -> Manual:
    """``draft`` whose cover states ``version`` in force from ``in_force``."""
    if draft.cover.version == version and draft.cover.in_force == in_force:
        return draft
    data = draft.model_dump()
    data["cover"].update(version=version, in_force=in_force)
    return Manual.model_validate(data)


def in_force_problem(in_force: date, previous: date | None, today: date, *,
                     is_far_ahead_allowed: bool = False) -> tuple[str | None, str | None]:
    """(error, warning) about an in-force date: an error when it is not after the previous
    version's or (unless ``is_far_ahead_allowed``) more than ten years ahead (a typo), a warning
    when it is in the past."""
    day = in_force.isoformat()
    if previous is not None and in_force <= previous:
        return (_("the in-force date {day} is not after that of the version in force before it ({previous})")
                .format(day=day, previous=previous.isoformat())), None
    if in_force > today + timedelta(days=365 * MAX_YEARS_AHEAD + 2):
        if is_far_ahead_allowed:
            return None, None
        return _("the in-force date {day} is more than {years} years ahead (a typo?)").format(
            day=day, years=MAX_YEARS_AHEAD), None
    if in_force < today:
        return None, _("the in-force date {day} is before today: the version applies retroactively").format(day=day)
    return None, None
