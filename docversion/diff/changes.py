"""The change set: what changed between two versions of a manual, in the manual's own terms.

Change kinds are the JSON contract (DESIGN.md, "Change sets"); each is a frozen model with a
``kind`` tag, so a change set round-trips through JSON. Every position change names the
position (id and title) and the section; paths are model field names. A change carries what
:func:`docversion.diff.apply.apply` needs to rebuild the new version from the old, so a change set
is a complete, checkable account of an edit, never a summary of it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from docversion.model import Frozen, KeyFunction, Position

Item = str | KeyFunction


class WordOp(Frozen):
    """One operation of a word-level diff: text kept, replaced, deleted or inserted."""

    op: Literal["equal", "replace", "delete", "insert"]
    old: str = ""
    new: str = ""


class _InPosition(Frozen):
    position_id: str
    title: str
    section: str


class PositionAdded(Frozen):
    """A position the new version creates; ``index`` is its place in the new order."""

    kind: Literal["position_added"] = "position_added"
    position_id: str
    title: str
    index: int
    position: Position


class PositionRemoved(Frozen):
    """A position the new version no longer has; ``index`` is its place in the old order."""

    kind: Literal["position_removed"] = "position_removed"
    position_id: str
    title: str
    index: int
    position: Position


class PositionRenamed(Frozen):
    """A position whose title changed; its id stays."""

    kind: Literal["position_renamed"] = "position_renamed"
    position_id: str
    old: str
    new: str
    words: tuple[WordOp, ...] = ()


class FieldChanged(_InPosition):
    """A single-valued field of a position changed (``objective``, ``reports_to``, a whole list of marks)."""

    kind: Literal["field_changed"] = "field_changed"
    field: str
    old: Any
    new: Any
    words: tuple[WordOp, ...] = ()
    is_cosmetic: bool = False


class ItemAdded(_InPosition):
    """An item added to a list field; ``index`` is its place in the new list."""

    kind: Literal["item_added"] = "item_added"
    field: str
    index: int
    item: Item


class ItemRemoved(_InPosition):
    """An item removed from a list field; ``index`` is its place in the old list."""

    kind: Literal["item_removed"] = "item_removed"
    field: str
    index: int
    item: Item


class ItemEdited(_InPosition):
    """An item whose text changed, in place; ``words`` holds the word-level operations."""

    kind: Literal["item_edited"] = "item_edited"
    field: str
    old_index: int
    index: int
    old: Item
    new: Item
    words: tuple[WordOp, ...] = ()
    is_cosmetic: bool = False


class ItemMoved(_InPosition):
    """An item that left one group (``from_field``) for another (``field``), edited or not."""

    kind: Literal["item_moved"] = "item_moved"
    from_field: str
    field: str
    old_index: int
    index: int
    old: Item
    new: Item
    words: tuple[WordOp, ...] = ()


class ItemSplit(_InPosition):
    """One item that became several of the same list: ``old`` (at ``old_index``) is now ``new``
    (at ``indexes``, in order); each piece carries part of the old text."""

    kind: Literal["item_split"] = "item_split"
    field: str
    old_index: int
    indexes: tuple[int, ...]
    old: Item
    new: tuple[Item, ...]


class ItemMerged(_InPosition):
    """Several items of one list that became one: ``old`` (at ``old_indexes``) is now ``new`` (at
    ``index``)."""

    kind: Literal["item_merged"] = "item_merged"
    field: str
    old_indexes: tuple[int, ...]
    index: int
    old: tuple[Item, ...]
    new: Item


class ItemsReordered(Frozen):
    """The kept items of a list (or the positions) in a new order.

    ``order`` lists the old indexes of the kept items in their new order; ``moved`` the few
    whose place really changed (outside the longest run that kept its order).
    """

    kind: Literal["items_reordered"] = "items_reordered"
    position_id: str | None = None
    title: str | None = None
    section: str | None = None
    field: str
    order: tuple[int, ...]
    moved: tuple[int, ...]


class PercentChanged(_InPosition):
    """A key function's share of time changed."""

    kind: Literal["percent_changed"] = "percent_changed"
    field: Literal["key_functions"] = "key_functions"
    old_index: int
    index: int
    text: str
    old: int
    new: int


class TermRenamed(Frozen):
    """A phrase replaced by another across the manual: one change for all the places it explains.

    ``places`` are the paths in the old version it rewrote; ``remaining`` the paths of the new
    version that still hold the old phrase.
    """

    kind: Literal["term_renamed"] = "term_renamed"
    old: str
    new: str
    places: tuple[str, ...]
    remaining: tuple[str, ...] = ()


class ManualFieldChanged(Frozen):
    """A field of the manual outside its positions changed: the cover, the revision table, marks."""

    kind: Literal["manual_field_changed"] = "manual_field_changed"
    field: str
    old: Any
    new: Any
    words: tuple[WordOp, ...] = ()
    is_cosmetic: bool = False


Change = Annotated[
    TermRenamed | PositionAdded | PositionRemoved | PositionRenamed | FieldChanged | ItemAdded
    | ItemRemoved | ItemEdited | ItemMoved | ItemSplit | ItemMerged | ItemsReordered | PercentChanged
    | ManualFieldChanged,
    Field(discriminator="kind"),
]


class IdMatch(Frozen):
    """A position matched across versions by its content although its id differs."""

    old_id: str
    new_id: str


class ChangeSet(Frozen):
    """Every change from one version to the next, and the sentences that describe them."""

    changes: tuple[Change, ...] = ()
    matches: tuple[IdMatch, ...] = ()
    sentences: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the two versions are the same manual."""
        return not self.changes and not self.matches
