"""Where each part of a position comes from in the version before: the change set read backwards.

A change set holds what :func:`docversion.diff.apply.apply` needs to rebuild the new version, so
it also says, for every field and every item of a matched position, which part of the old
position it continues and how it changed: kept, edited word by word, moved to another
periodicity, split from one item, merged from several, its share changed, rewritten by a term
renamed everywhere, or added. Items are placed as ``apply`` places them (the added, moved,
split and merged ones at their new indexes, the kept ones, in their new order, in the places
left free), so the links are exact whatever items were added or removed before them. Pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
    PercentChanged,
    PositionAdded,
    PositionRemoved,
    PositionRenamed,
    TermRenamed,
)
from docversion.diff.engine import LIST_FIELDS, PERIODS, SCALAR_FIELDS, section_of
from docversion.i18n import _
from docversion.model import Position, resolve_path

HOWS = ("kept", "created", "added", "renamed", "changed", "edited", "share", "moved", "split", "merged", "term")
"""How a part came to be what it is in a version: ``kept`` as it was; ``created`` with its position;
``added``; ``renamed`` (the title), ``changed`` (another field), ``edited`` word by word, ``share``
(a key function's share alone), ``moved`` from another periodicity, ``split`` from one item,
``merged`` from several, or rewritten by a ``term`` renamed everywhere."""

CONTENT_FIELDS = tuple(name for name in SCALAR_FIELDS if name != "marked")
"""The single-valued fields of a position that hold its content (revision marks are not content:
they are the version's note of what it changed)."""
_LATER_LISTS = tuple(name for name in LIST_FIELDS if not name.startswith(("relations.", "direct_")))
ITEM_FIELDS = ("direct_reports", "key_functions", *(f"periodic_functions.{period}" for period in PERIODS),
               "relations.with_whom", "relations.purposes", *_LATER_LISTS)
"""Every list of a position, in document order (sections I to VII)."""
FIELDS = ("title", "generic_title", "department", "unit", "reports_to", "direct_reports_count", "direct_reports",
          "objective", *ITEM_FIELDS[1:])
"""Every field of a position a reader can point at, in the order the document prints them
(sections I to VII)."""


@dataclass(frozen=True)
class Link:
    """Where one part (a field, ``objective``, or an item, ``periodic_functions.daily.2``) of a
    position comes from in the version before: the old parts it continues (none when it is
    new; several when items were merged) and how it changed."""

    sources: tuple[str, ...]
    how: str
    term: tuple[str, str] | None = None

    @property
    def is_kept(self) -> bool:
        """True when the part is the old part as it was (it may have changed place in its list)."""
        return self.how == "kept"


def parts(position: Position) -> Iterator[tuple[str, Any]]:
    """Every part of ``position`` a reader can point at, by path, in document order: each field of
    section I, then each item of each list (an empty list has none)."""
    for field in FIELDS:
        value = resolve_path(position, field)
        if field in ITEM_FIELDS:
            yield from ((f"{field}.{index}", item) for index, item in enumerate(value))
        else:
            yield field, value


def split_path(path: str) -> tuple[str, int | None]:
    """A part's field and index: ``periodic_functions.daily.2`` -> (``periodic_functions.daily``, 2)."""
    field, _, last = path.rpartition(".")
    return (field, int(last)) if last.isdigit() else (path, None)


def section(path: str) -> str:
    """The numeral of the section that holds a part (``title`` is in I)."""
    return section_of(split_path(path)[0]) or "I"


def position_links(changeset: ChangeSet, old: Position, new: Position) -> dict[str, Link]:
    """For every part of ``new`` (see :func:`parts`), its link to ``old``, the same position (matched
    by id or by content) in the version ``changeset`` continues. ValueError when the change set
    does not fit the two positions."""
    changes = [c for c in changeset.changes if getattr(c, "position_id", None) == new.id
               and not isinstance(c, (PositionAdded, PositionRemoved))]
    terms = term_places(changeset, old.id)
    links = {"title": Link(("title",), "renamed" if any(isinstance(c, PositionRenamed) for c in changes) else "kept")}
    changed = {c.field for c in changes if isinstance(c, FieldChanged)}
    for name in CONTENT_FIELDS:
        how = "changed" if name in changed else "term" if name in terms else "kept"
        links[name] = Link((name,), how, terms.get(name) if how == "term" else None)
    for field in ITEM_FIELDS:
        mine = [c for c in changes if getattr(c, "field", None) == field or getattr(c, "from_field", None) == field]
        sizes = len(resolve_path(old, field)), len(resolve_path(new, field))
        links.update(_list_links(field, mine, sizes, terms))
    return links


def term_places(changeset: ChangeSet, old_id: str) -> dict[str, tuple[str, str]]:
    """The parts of the old position ``old_id`` that a term renamed everywhere rewrote (a key
    function's text or expected result is its item: ``key_functions.0``), each with the first
    term renamed there (old and new)."""
    prefix = f"positions.{old_id}."
    found: dict[str, tuple[str, str]] = {}
    for change in changeset.changes:
        if isinstance(change, TermRenamed):
            for place in change.places:
                if place.startswith(prefix):
                    found.setdefault(_part_of(place.removeprefix(prefix)), (change.old, change.new))
    return found


def _part_of(inner: str) -> str:
    """The part a path inside a position belongs to: the item for a path into an item."""
    pieces = inner.split(".")
    for end in range(len(pieces) - 1, 0, -1):
        if pieces[end].isdigit():
            return ".".join(pieces[:end + 1])
    return inner


def _list_links(field: str, changes: Sequence[Change], sizes: tuple[int, int],
                terms: dict[str, tuple[str, str]]) -> dict[str, Link]:
    """The links of one list's items, placed as ``apply`` rebuilds the list."""
    gone: set[int] = set()
    inserts: dict[int, Link] = {}
    edited: set[int] = set()
    shares: set[int] = set()
    reorder: ItemsReordered | None = None
    for change in changes:
        if isinstance(change, ItemRemoved):
            gone.add(change.index)
        elif isinstance(change, ItemAdded):
            inserts[change.index] = Link((), "added")
        elif isinstance(change, ItemMoved):
            if change.from_field == field:
                gone.add(change.old_index)
            if change.field == field:
                inserts[change.index] = Link((f"{change.from_field}.{change.old_index}",), "moved")
        elif isinstance(change, ItemSplit):
            gone.add(change.old_index)
            inserts.update({j: Link((f"{field}.{change.old_index}",), "split") for j in change.indexes})
        elif isinstance(change, ItemMerged):
            gone.update(change.old_indexes)
            inserts[change.index] = Link(tuple(f"{field}.{i}" for i in change.old_indexes), "merged")
        elif isinstance(change, ItemEdited):
            edited.add(change.old_index)
        elif isinstance(change, PercentChanged):
            shares.add(change.old_index)
        elif isinstance(change, ItemsReordered):
            reorder = change
    kept = [i for i in range(sizes[0]) if i not in gone]
    order = list(reorder.order) if reorder is not None else kept
    free = [j for j in range(sizes[1]) if j not in inserts]
    if sorted(order) != kept or len(free) != len(order) or any(j >= sizes[1] for j in inserts):
        raise ValueError(_("the change set does not fit the items of {field}").format(field=field))
    links = {f"{field}.{j}": link for j, link in inserts.items()}
    for j, i in zip(free, order, strict=True):
        source = f"{field}.{i}"
        how = "edited" if i in edited else "share" if i in shares else "term" if source in terms else "kept"
        links[f"{field}.{j}"] = Link((source,), how, terms.get(source) if how == "term" else None)
    return links
