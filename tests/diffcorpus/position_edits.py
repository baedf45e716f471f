"""Edits of a position as a whole and of the manual: a list reordered, key-function shares
moved, a position renamed, a single-valued field changed, a term renamed everywhere.

Each takes a :class:`~tests.diffcorpus.session.Session`, edits its draft and returns the
:class:`~tests.diffcorpus.label.Label`, or None when nothing free lends itself to it.
"""

from __future__ import annotations

from typing import Any

from tests.diffcorpus import wording
from tests.diffcorpus.draft import Item
from tests.diffcorpus.item_edits import ATTEMPTS, grow
from tests.diffcorpus.label import Expect, Label
from tests.diffcorpus.names import holds, is_whole_in, name_pattern, names_in, renamed
from tests.diffcorpus.phrases import FIELD_VALUES, NAME_SYNONYMS, TITLE_HEADS, TITLE_WORDS
from tests.diffcorpus.session import Session, is_editable

SCALAR_FIELDS = ("objective", "generic_title", "reports_to", "unit", "department")
"""The single-valued fields an edit changes (the title is the rename's)."""


def reordered(session: Session) -> Label | None:
    """Two items of a list swapped, or one moved to another place of it (the items it passes
    are kept out of other edits, so the new order shows whatever else happens)."""
    for position_id, field, item in session.free_items(is_editable)[:ATTEMPTS]:
        items = session.draft.items(position_id, field)
        at = items.index(item)
        if session.rng.random() < 0.5:
            others = [i for i, other in enumerate(items) if session.is_free(other.tag) and other.text != item.text
                      and other is not item]
            if not others:
                continue
            there = session.rng.choice(others)
            other = items[there]
            items[at], items[there] = other, item
            session.take(item.tag, other.tag)
            return Label("reordered", position_id, field, ((item.tag, item.tag), (other.tag, other.tag)),
                         (Expect("items_reordered", position_id=position_id, field=field),),
                         (item.text, other.text), (item.text, other.text), variant="swap")
        places = [j for j in range(len(items)) if j != at and all(
            session.is_free(other.tag) and other.text != item.text
            for other in (items[at + 1:j + 1] if j > at else items[j:at]))]
        if not places:
            continue
        there = session.rng.choice(places)
        passed = items[at + 1:there + 1] if there > at else items[there:at]
        items.insert(there, items.pop(at))
        session.take(item.tag, *(other.tag for other in passed))
        return Label("reordered", position_id, field, ((item.tag, item.tag),),
                     (Expect("items_reordered", position_id=position_id, field=field),), (item.text,),
                     (item.text,), variant=f"move by {there - at:+d}")
    return None


def percent(session: Session) -> Label | None:
    """5, 10 or 15 points of time moved from one key function to another of the same position."""
    for position_id, _, item in session.free_items(lambda field: field == "key_functions")[:ATTEMPTS]:
        share = session.rng.choice((5, 10, 15))
        others = [f for f in session.draft.items(position_id, "key_functions")
                  if session.is_free(f.tag) and f is not item]
        if item.value["percent"] < share + 5 or not others:
            continue
        receiver = session.rng.choice(others)
        variant = f"{share} points: {item.value['percent']}% -> {item.value['percent'] - share}%, " \
                  f"{receiver.value['percent']}% -> {receiver.value['percent'] + share}%"
        item.value = {**item.value, "percent": item.value["percent"] - share}
        receiver.value = {**receiver.value, "percent": receiver.value["percent"] + share}
        session.take(item.tag, receiver.tag)
        return Label("percent", position_id, "key_functions", ((item.tag, item.tag), (receiver.tag, receiver.tag)),
                     (Expect("percent_changed", (item.tag,), (item.tag,)),
                      Expect("percent_changed", (receiver.tag,), (receiver.tag,))),
                     (item.text, receiver.text), (item.text, receiver.text), variant=variant)
    return None


def _new_title(session: Session, title: str) -> str:
    head, _, rest = title.partition(" ")
    if head in TITLE_HEADS and session.rng.random() < 0.5:
        return f"{TITLE_HEADS[head]} {rest}".strip()
    return f"{head} {session.rng.choice(TITLE_WORDS)} {rest}".strip()


def position_renamed(session: Session) -> Label | None:
    """A position's title changed (a new head word, or a word after the first); its id kept."""
    positions = [p for p in session.draft.data["positions"] if session.is_place_free(p["id"], "title")]
    session.rng.shuffle(positions)
    titles = {p["title"] for p in session.draft.data["positions"]}
    for position in positions:
        title = _new_title(session, position["title"])
        if title in titles or not session.accepts(title):
            continue
        old, position["title"] = position["title"], title
        session.take_place(position["id"], "title")
        return Label("position_renamed", position["id"], "title", (),
                     (Expect("position_renamed", position_id=position["id"]),), (old,), (title,))
    return None


def _field_value(session: Session, position: dict[str, Any], field: str) -> str | None:
    old = position[field]
    if field == "objective":
        if session.rng.random() < 0.5:
            return grow(session, field, old)
        return wording.reword_little(old, session.rng, session.used_words, session.corpus.words)
    options = list(FIELD_VALUES[field])
    if field == "reports_to":
        options += [p["title"] for p in session.draft.data["positions"] if p["id"] != position["id"]]
    options = [o for o in options if o != old and (field, old, o) not in session.used_values]
    return session.rng.choice(options) if options else None


def field_changed(session: Session) -> Label | None:
    """One single-valued field of a position changed: the objective reworded or extended, or a
    new generic title, superior, unit or department."""
    places = [(p, f) for p in session.draft.data["positions"] for f in SCALAR_FIELDS
              if session.is_place_free(p["id"], f)]
    session.rng.shuffle(places)
    for position, field in places[:ATTEMPTS]:
        new = _field_value(session, position, field)
        if new is None or not session.accepts(new):
            continue
        old, position[field] = position[field], new
        session.used_values.add((field, old, new))
        session.take_place(position["id"], field)
        return Label("field_changed", position["id"], field, (),
                     (Expect("field_changed", position_id=position["id"], field=field),), (old,), (new,))
    return None


def _places(session: Session) -> list[tuple[str, str, Item | None, str]]:
    """Every text a term can live in: (position id, path, the item holding it or None, text)."""
    found: list[tuple[str, str, Item | None, str]] = []
    for position in session.draft.data["positions"]:
        found += [(position["id"], f, None, position[f]) for f in SCALAR_FIELDS]
    for position_id, field, items in session.draft.all_lists():
        for index, item in enumerate(items):
            if isinstance(item.value, dict):
                found += [(position_id, f"{field}.{index}.{key}", item, item.value[key])
                          for key in ("text", "expected_result")]
            else:
                found.append((position_id, f"{field}.{index}", item, item.value))
    return found


def _outside_texts(session: Session) -> list[str]:
    """Texts a term rename leaves alone: titles, the cover, the revision table."""
    manual = session.draft.old
    cover = [manual.cover.title, manual.cover.area, manual.cover.authorized_by, manual.cover.process_owner,
             *manual.cover.reviewed_by, manual.cover.conformity_statement or ""]
    rows = [text for row in manual.revisions for text in (row.authorized_by, *row.changes, row.prepared_by)]
    return [p["title"] for p in session.draft.data["positions"]] + cover + rows


def _new_name(session: Session, name: str, everywhere: list[str]) -> str | None:
    words = name.split(" ")
    options = [i for i, word in enumerate(words) if word in NAME_SYNONYMS]
    session.rng.shuffle(options)
    for at in options:
        new = " ".join([*words[:at], NAME_SYNONYMS[words[at]], *words[at + 1:]])
        if not holds(new, everywhere):
            return new
    return None


def term_renamed(session: Session) -> Label | None:
    """An organisational name found whole in two places or more (none of them a title, the cover
    or the revision table) replaced everywhere: one word of it changed ("Gerencia de Servicio al
    Cliente" -> "Gerencia de Atención al Cliente"). At most one per manual."""
    if session.forbidden:
        return None
    places = _places(session)
    outside = _outside_texts(session)
    everywhere = outside + [text for *_, text in places]
    names = sorted({name for *_, text in places for name in names_in(text)})
    session.rng.shuffle(names)
    for name in names:
        holders = [place for place in places if name in place[3] and name_pattern(name).search(place[3])]
        if len(holders) < 2 or holds(name, outside) or not all(is_whole_in(name, text) for *_, text in holders):
            continue
        if any(not (session.is_free(item.tag) if item else session.is_place_free(p, path))
               for p, path, item, _ in holders):
            continue
        new = _new_name(session, name, everywhere)
        if new is None:
            continue
        return _rename(session, name, new, holders)
    return None


def _old_path(session: Session, path: str, item: Item | None) -> str:
    """The path of a place in the old manual (an item's index there, not in the draft)."""
    if item is None:
        return path
    _, field, index = session.draft.origin[item.tag]
    return f"{field}.{index}" + (f".{path.rsplit('.', 1)[1]}" if isinstance(item.value, dict) else "")


def _rename(session: Session, old: str, new: str, holders: list[tuple[str, str, Item | None, str]]) -> Label:
    links: dict[int, None] = {}
    for position_id, path, item, text in holders:
        if item is None:
            session.draft.position(position_id)[path] = renamed(text, old, new)
            session.take_place(position_id, path)
        else:
            key = path.rsplit(".", 1)[1]
            item.value = {**item.value, key: renamed(text, old, new)} if isinstance(item.value, dict) \
                else renamed(text, old, new)
            session.take(item.tag)
            links[item.tag] = None
    session.forbidden += [old, new]
    paths = tuple(f"positions.{position_id}.{_old_path(session, path, item)}" for position_id, path, item, _ in holders)
    return Label("term_renamed", "", "", tuple((tag, tag) for tag in links), (Expect("term_renamed", term=(old, new)),),
                 (old,), (new,), variant=f"{len(paths)} places", places=paths)
