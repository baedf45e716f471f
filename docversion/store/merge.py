"""Three-way merge of two snapshots of one manual, in the manual's own terms.

Both sides' work is kept when it does not clash: different positions, or different fields of
one position; a position added on one side joins the order where that side put it. A field
changed two ways is a :class:`Clash` naming the position and field, resolved only when the
caller says which side to prefer. Lists (functions, rows) are single values here: two sides
editing one list differently clash. Pure: takes manuals, returns a manual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from docversion.i18n import _
from docversion.labels import field_name
from docversion.model import Manual, describe_error

Prefer = Literal["ours", "theirs"]
_MISSING: Any = object()


@dataclass(frozen=True)
class Clash:
    """One field changed two ways: where (position id, or None for the cover and table) and both values."""

    position: str | None
    field: str
    ours: Any
    theirs: Any

    def describe(self, code: str) -> str:
        """One line naming the manual, position and field."""
        what = field_name(self.field) if self.field else _("(whole position)")
        if self.position:
            return _("{code}: position {position}: {field} changed two ways").format(
                code=code, position=self.position, field=what)
        return _("{code}: cover and revision table: {field} changed two ways").format(code=code, field=what)


@dataclass
class _Merger:
    prefer: Prefer | None
    position: str | None = None

    def __post_init__(self) -> None:
        self.clashes: list[Clash] = []

    def value(self, path: str, base: Any, ours: Any, theirs: Any) -> Any:
        if ours == theirs:
            return ours
        if ours == base:
            return theirs
        if theirs == base:
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict):
            base = base if isinstance(base, dict) else {}
            merged = {}
            for key in [*ours, *(k for k in theirs if k not in ours)]:
                item = self.value(f"{path}.{key}" if path else key, base.get(key, _MISSING),
                                  ours.get(key, _MISSING), theirs.get(key, _MISSING))
                if item is not _MISSING:
                    merged[key] = item
            return merged
        self.clashes.append(Clash(self.position, path, _shown(ours), _shown(theirs)))
        return theirs if self.prefer == "theirs" else ours


def _shown(value: Any) -> Any:
    return None if value is _MISSING else value


def merge_manuals(base: Manual | None, ours: Manual, theirs: Manual,
                  prefer: Prefer | None = None) -> tuple[Manual | None, list[Clash]]:
    """The merge of ``ours`` and ``theirs`` since ``base``, and the clashes found.

    Returns no manual when there are clashes and no ``prefer``, or when the merged values
    break a rule of the model (reported as a clash on the field the rule names).
    """
    dumps = [m.model_dump(mode="python") if m else {"positions": []} for m in (base, ours, theirs)]
    by_id = [{p["id"]: p for p in d["positions"]} for d in dumps]
    head = _Merger(prefer)
    merged_head = head.value("", *({k: v for k, v in d.items() if k != "positions"} for d in dumps))
    clashes = head.clashes
    positions: dict[str, Any] = {}
    for position_id in dict.fromkeys([*by_id[1], *by_id[2]]):
        merger = _Merger(prefer, position_id)
        merged = merger.value("", *(side.get(position_id, _MISSING) for side in by_id))
        clashes += merger.clashes
        if merged is not _MISSING:
            positions[position_id] = merged
    order = _merge_order([p["id"] for p in dumps[1]["positions"]], [p["id"] for p in dumps[2]["positions"]],
                         set(positions))
    if clashes and prefer is None:
        return None, clashes
    try:
        manual = Manual.model_validate({**merged_head, "positions": [positions[i] for i in order]})
    except ValidationError as exc:
        path, message, _ = describe_error(exc)
        field = ".".join(str(part) for part in path) or "(manual)"
        return None, [*clashes, Clash(None, field, "merged result invalid", message)]
    return manual, clashes


def _merge_order(ours: list[str], theirs: list[str], kept: set[str]) -> list[str]:
    """Our order of the kept positions, with each of theirs inserted after its predecessor there."""
    order = [i for i in ours if i in kept]
    for index, position_id in enumerate(theirs):
        if position_id in order or position_id not in kept:
            continue
        before = next((p for p in reversed(theirs[:index]) if p in order), None)
        order.insert(order.index(before) + 1 if before else 0, position_id)
    return order
