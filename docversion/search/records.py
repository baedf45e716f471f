"""What a search finds, as plain frozen values: the store builds them, the views and ``--json``
read them. Pure: no git, no SQLite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

ScopeKind = Literal["in_force", "as_of", "all"]
IndexState = Literal["fresh", "updated", "built", "unavailable"]


@dataclass(frozen=True)
class Occurrence:
    """One text unit holding the phrase in one published version: where it stands (the position
    by id and its title then, the unit's path and field, their places in the document) and its text."""

    code: str
    version: int
    commit: str
    area: str
    position_id: str | None  # None: the cover or the revision table
    position_title: str | None
    position_index: int  # the position's place in the version; -1 for the cover and the table
    path: str
    field: str
    order: int  # the unit's place among its file's texts
    text: str


@dataclass(frozen=True)
class SearchScope:
    """Which versions were searched (those in force on ``day``, or all), of which manual, in which fields."""

    kind: ScopeKind
    day: date | None = None
    code: str | None = None
    fields: tuple[str, ...] = ()  # empty: every field


@dataclass(frozen=True)
class SearchedManual:
    """A manual the search read, and the versions of it in scope."""

    code: str
    versions: tuple[int, ...]


@dataclass(frozen=True)
class SearchHit:
    """The phrase in one text of one position (or of the cover or revision table) of a manual,
    standing unchanged from version ``first`` to ``last`` (consecutive published versions,
    the position followed by its id); ``version`` is the one shown (the one in scope, or the
    last of the range), with its path and title; ``matches`` are (start, end) offsets in ``text``."""

    code: str
    area: str
    position_id: str | None
    position_title: str | None
    path: str
    version: int
    commit: str
    first: int
    last: int
    text: str
    matches: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class SearchResult:
    """A search's answer: the phrase as typed and as words, the scope, the manuals read, the hits
    in the document's order (by manual, then position), and how the index stood (``unavailable``:
    read from git without it)."""

    query: str
    words: tuple[str, ...]
    scope: SearchScope
    manuals: tuple[SearchedManual, ...]
    hits: tuple[SearchHit, ...]
    index: IndexState
