"""A labelled edit: what was done to a manual, and what a correct diff says about it.

Items are named by their draft tags (see :mod:`tests.diffcorpus.draft`), never by index: the
truth resolves tags to slots once every edit of the manual is made.
"""

from __future__ import annotations

from dataclasses import dataclass

Link = tuple[int | None, int | None]
"""(old item's tag, new item's tag); None on the side where there is no item (removed, added)."""


@dataclass(frozen=True)
class Expect:
    """A change record the edit should produce: its kind, the items it names (old and new, by
    tag), and for records that name no item the position, the field or the renamed term."""

    kind: str
    old: tuple[int, ...] = ()
    new: tuple[int, ...] = ()
    position_id: str = ""
    field: str = ""
    term: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Label:
    """One edit and its expected outcome.

    ``links`` pair the old items it touched with the new items they became; ``before`` and
    ``after`` hold the texts of :attr:`old_tags` and :attr:`new_tags` in that order (for an edit of
    a single-valued field or a title, its old and new value; for a term, the old and new term).
    ``places`` are the model paths a term rename rewrote; ``variant`` says how it was done.
    """

    kind: str
    position_id: str
    field: str
    links: tuple[Link, ...]
    expects: tuple[Expect, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    variant: str = ""
    places: tuple[str, ...] = ()

    @property
    def old_tags(self) -> tuple[int, ...]:
        """The old items the edit touched, each once, in link order."""
        return tuple(dict.fromkeys(old for old, _ in self.links if old is not None))

    @property
    def new_tags(self) -> tuple[int, ...]:
        """The new items the edit made or kept, each once, in link order."""
        return tuple(dict.fromkeys(new for _, new in self.links if new is not None))
