"""One position through a manual's line of snapshots: which versions changed it, and where each of
its fields and items comes from.

A line is its snapshots in order, each with the change set from the one before (worked out once
per pair). A position is followed by id, and through the diff's matches when a version gave it
another id; it starts where it was created (or in the first snapshot) and ends where it was
removed. Its history is every snapshot whose change set touches it; its origins, for each field
and item, the snapshot that introduced it and the one that last changed it, followed back
through :mod:`docversion.diff.links`:

- an item edited word by word keeps its origin; its last change is the edit;
- an item moved to another periodicity keeps its origin; the move is its last change (how often a
  function is done is part of what the document says of it);
- a piece of an item split keeps the origin of the item it came from; an item merged from several
  takes the oldest origin among them; the split or merge is their last change;
- a term renamed everywhere rewrites the texts it names: it is their last change, never their
  introduction;
- a change of place alone (a reorder, an item added or removed before it) is no change.

Revision marks are not content (each version marks its own changes), so a change of marks alone
changes nothing here. Pure: snapshots and change sets in, plain values out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docversion.diff.changes import (
    Change,
    ChangeSet,
    FieldChanged,
    PositionAdded,
    PositionRemoved,
    PositionRenamed,
    TermRenamed,
)
from docversion.diff.links import parts, position_links, split_path
from docversion.inputs import fold
from docversion.model import Manual, Position


@dataclass(frozen=True)
class Step:
    """One snapshot of the line and the change set from the snapshot before it (None for the first)."""

    manual: Manual
    changes: ChangeSet | None = None


@dataclass(frozen=True)
class Track:
    """One position through the line: the step it starts at and its id at each step from there on
    (``ids[0]`` at ``start``); it was removed at ``start + len(ids)`` when that is a step."""

    start: int
    ids: tuple[str, ...]

    @property
    def end(self) -> int:
        """The first step the position is no longer in."""
        return self.start + len(self.ids)

    def position(self, steps: Sequence[Step], step: int) -> Position:
        """The position as it stands at ``step``."""
        return steps[step].manual.position(self.ids[step - self.start])

    def titles(self, steps: Sequence[Step]) -> tuple[str, ...]:
        """Every title it has had, oldest first, each once."""
        return tuple(dict.fromkeys(self.position(steps, k).title for k in range(self.start, self.end)))


@dataclass(frozen=True)
class Event:
    """A step that touched a position: ``created`` (its first step), ``changed`` or ``removed``;
    the changes of the step's change set that touch it, and its title then (before, when renamed)."""

    step: int
    kind: str
    changes: tuple[Change, ...]
    title: str
    former_title: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a part of a position comes from: the step that introduced it, the step that last
    changed it and how (:data:`docversion.diff.links.HOWS`); for a move the list it left, for a
    term renamed everywhere the term (old and new)."""

    introduced: int
    changed: int
    how: str
    moved_from: str | None = None
    term: tuple[str, str] | None = None


def tracks(steps: Sequence[Step]) -> list[Track]:
    """Every position of the line, each followed from the step it starts at."""
    found: list[tuple[int, list[str]]] = []
    live: dict[str, int] = {}
    for k, step in enumerate(steps):
        added = {c.position_id for c in step.changes.changes if isinstance(c, PositionAdded)} if step.changes else set()
        back = {m.new_id: m.old_id for m in step.changes.matches} if step.changes else {}
        now: dict[str, int] = {}
        for position in step.manual.positions:
            old_id = back.get(position.id, position.id)
            if k and position.id not in added and old_id in live:
                at = live[old_id]
                found[at][1].append(position.id)
            else:
                at = len(found)
                found.append((k, [position.id]))
            now[position.id] = at
        live = now
    return [Track(start, tuple(ids)) for start, ids in found]


def matching(steps: Sequence[Step], candidates: Sequence[Track], text: str) -> list[Track]:
    """The positions ``text`` names: by id at any step (an id given again after its position was
    removed names the newer one), else by a title held at any step, without regard to case, accents,
    spacing or punctuation (so a title's slug names it too). Several when a title passed from one
    position to another."""
    by_id = [t for t in candidates if any(fold(i) == fold(text) for i in t.ids)]
    if by_id:
        return [max(by_id, key=lambda t: t.start)]
    wanted = _words(text)
    return [t for t in candidates if wanted and any(_words(title) == wanted for title in t.titles(steps))]


def _words(text: str) -> str:
    """A title as its words alone: "Jefe Área de Servicios en Línea" -> "jefe-area-de-servicios-en-linea"."""
    return "-".join(re.findall(r"[^\W_]+", fold(text)))


def touching(changeset: ChangeSet, new_id: str, old_id: str) -> tuple[Change, ...]:
    """The changes of ``changeset`` that touch one position: its own (revision marks aside) and each
    term renamed in one of its places (named by its ``old_id``)."""
    prefix = f"positions.{old_id}."
    found: list[Change] = []
    for change in changeset.changes:
        if isinstance(change, TermRenamed):
            if any(place.startswith(prefix) for place in change.places):
                found.append(change)
        elif getattr(change, "position_id", None) == new_id and not isinstance(change, PositionRemoved) \
                and not (isinstance(change, FieldChanged) and change.field == "marked"):
            found.append(change)
    return tuple(found)


def events(steps: Sequence[Step], track: Track) -> list[Event]:
    """Every step that touched the position, oldest first: its creation, each change, its removal."""
    first = track.position(steps, track.start)
    opening = steps[track.start].changes
    created = tuple(c for c in opening.changes if isinstance(c, PositionAdded) and c.position_id == first.id) \
        if opening else ()
    found = [Event(track.start, "created", created, first.title)]
    for k in range(track.start + 1, track.end):
        old, new = track.position(steps, k - 1), track.position(steps, k)
        changeset = steps[k].changes
        mine = touching(changeset, new.id, old.id) if changeset else ()
        if mine:
            renamed = next((c.old for c in mine if isinstance(c, PositionRenamed)), None)
            found.append(Event(k, "changed", mine, new.title, renamed))
    if track.end < len(steps):
        last = track.position(steps, track.end - 1)
        closing = steps[track.end].changes
        removed = tuple(c for c in closing.changes if isinstance(c, PositionRemoved) and c.position_id == last.id) \
            if closing else ()
        found.append(Event(track.end, "removed", removed, last.title))
    return found


def origins(steps: Sequence[Step], track: Track) -> dict[str, Origin]:
    """For each part of the position at its last step (by path, see :func:`docversion.diff.links.parts`),
    the step that introduced it and the one that last changed it."""
    first = track.position(steps, track.start)
    current = {path: Origin(track.start, track.start, "created") for path, _ in parts(first)}
    for k in range(track.start + 1, track.end):
        old, new = track.position(steps, k - 1), track.position(steps, k)
        changeset = steps[k].changes
        if changeset is None:
            continue
        links = position_links(changeset, old, new)
        following: dict[str, Origin] = {}
        for path, _ in parts(new):
            link = links[path]
            if link.is_kept:
                following[path] = current[link.sources[0]]
            elif not link.sources:
                following[path] = Origin(k, k, link.how)
            else:
                introduced = min(current[source].introduced for source in link.sources)
                moved_from = split_path(link.sources[0])[0] if link.how == "moved" else None
                following[path] = Origin(introduced, k, link.how, moved_from, link.term)
        current = following
    return current


def concerning(sentences: Sequence[str], own: Sequence[str], others: Sequence[str]) -> tuple[str, ...]:
    """The sentences that concern a position: those that name it (``own``: its titles, and the
    terms renamed in its places), and those that name no position at all ("Actualización de las
    funciones de los puestos de trabajo."); not those that name only other positions (``others``:
    their titles)."""
    titles = sorted({(fold(t), True) for t in own} | {(fold(t), False) for t in others if fold(t) not in
                                                        {fold(o) for o in own}}, key=lambda t: -len(t[0]))
    patterns = [(re.compile(r"(?<!\w)" + re.escape(title) + r"(?!\w)"), is_own) for title, is_own in titles]
    found = []
    for sentence in sentences:
        text, named = fold(sentence), set()
        for pattern, is_own in patterns:  # the longest titles first: a shorter title inside one is not named
            text, count = pattern.subn(" ", text)
            if count:
                named.add(is_own)
        if True in named or not named:
            found.append(sentence)
    return tuple(found)
