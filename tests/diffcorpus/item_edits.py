"""Edits of list items: text grown, cut or reworded in place, an item split, two merged, one
moved to another periodicity, one added beside a similar item, one removed.

Each takes a :class:`~tests.diffcorpus.session.Session`, edits its draft and returns the
:class:`~tests.diffcorpus.label.Label`, or None when no free item lends itself to it.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.diffcorpus import wording
from tests.diffcorpus.label import Expect, Label
from tests.diffcorpus.phrases import CLAUSES, INNER_PHRASES, NOUN_CLAUSES
from tests.diffcorpus.session import Session, is_divisible, is_editable, is_function_list, is_periodic

ATTEMPTS = 25
"""Items tried before an edit gives up on a manual."""

Rewrite = Callable[[Session, str, str], str | None]
"""A rewrite of an item's text: (session, field, text) -> new text, or None."""


def grow(session: Session, field: str, text: str) -> str | None:
    """``text`` of ``field`` extended with clauses that suit the field: a function's clauses
    (stock ones and those ending other functions); for a list of nouns another item of that field
    in the manuals (" y ...", none the list already holds), and for the profile's lists (education,
    skills, competencies) stock clauses too ("a nivel avanzado")."""
    if is_function_list(field) or field == "objective":
        return wording.extend(text, session.rng, CLAUSES, session.corpus.appended, INNER_PHRASES)
    present = {item.text for key, items in session.draft.lists.items() if key[1] == field for item in items}
    pieces = [" y " + wording.lower_first(piece.removesuffix(".")) for piece in session.corpus.pieces.get(field, ())
              if piece not in present and piece.removesuffix(".").casefold() not in text.casefold()]
    stock = NOUN_CLAUSES if field in ("education", "skills") or field.startswith("competencies.") else ()
    return wording.extend(text, session.rng, stock, pieces, ())


def _in_place(session: Session, kind: str, rewrite: Rewrite) -> Label | None:
    for position_id, field, item in session.free_items(is_editable)[:ATTEMPTS]:
        new = rewrite(session, field, item.text)
        if new is None or not session.accepts(new) or not session.is_new_in(position_id, field, new):
            continue
        old = item.text
        item.value = item.with_text(new)
        session.take(item.tag)
        return Label(kind, position_id, field, ((item.tag, item.tag),),
                     (Expect("item_edited", (item.tag,), (item.tag,)),), (old,), (new,))
    return None


def extended(session: Session) -> Label | None:
    """An item grown to 1.15-3 times its length: clauses appended, sometimes a phrase inside."""
    return _in_place(session, "extended", grow)


def shortened(session: Session) -> Label | None:
    """An item with a trailing clause or words dropped, at least half of it kept."""
    return _in_place(session, "shortened", lambda s, _, text: wording.shorten(text, s.rng))


def reworded_little(session: Session) -> Label | None:
    """An item with one or two words replaced or inserted."""
    return _in_place(session, "reworded_little",
                     lambda s, _, text: wording.reword_little(text, s.rng, s.used_words, s.corpus.words))


def reworded_lot(session: Session) -> Label | None:
    """An item with 30-45% of its words replaced, its verb and main noun kept."""
    return _in_place(session, "reworded_lot",
                     lambda s, _, text: wording.reword_lot(text, s.rng, s.used_words, s.corpus.words))


def split(session: Session) -> Label | None:
    """An item cut in two at a comma or conjunction, the pieces in its place, in order; a function
    only where its second piece starts with a verb ("..., y remitirlas a ...")."""
    for position_id, field, item in session.free_items(is_divisible)[:ATTEMPTS]:
        cuts = wording.split_cuts(item.text, is_verb_led=is_function_list(field))
        if not cuts:
            continue
        head, separator, tail = session.rng.choice(cuts)
        pieces = wording.split_pieces(item.text, head, tail)
        if not session.is_new_in(position_id, field, *pieces) or not all(map(session.accepts, pieces)):
            continue
        items = session.draft.items(position_id, field)
        first, second = session.draft.new_item(pieces[0]), session.draft.new_item(pieces[1])
        at = items.index(item)
        items[at:at + 1] = [first, second]
        session.take(item.tag, first.tag, second.tag)
        return Label("split", position_id, field, ((item.tag, first.tag), (item.tag, second.tag)),
                     (Expect("item_split", (item.tag,), (first.tag, second.tag)),), (item.text,), pieces,
                     variant=repr(separator))
    return None


def merged(session: Session) -> Label | None:
    """Two adjacent items joined into one with " y " or "; ", in the first one's place."""
    for position_id, field, item in session.free_items(is_divisible)[:ATTEMPTS]:
        items = session.draft.items(position_id, field)
        at = items.index(item)
        if at + 1 >= len(items):
            continue
        second = items[at + 1]
        position, name, index = session.draft.origin[item.tag]
        if not session.is_free(second.tag) or session.draft.origin[second.tag] != (position, name, index + 1):
            continue  # adjacent in the old list too: nothing was added between them
        joiner = session.rng.choice((" y ", "; "))
        text = wording.merged(item.text, second.text, joiner)
        if not session.accepts(text) or not session.is_new_in(position_id, field, text):
            continue
        joined = session.draft.new_item(text)
        items[at:at + 2] = [joined]
        session.take(item.tag, second.tag, joined.tag)
        return Label("merged", position_id, field, ((item.tag, joined.tag), (second.tag, joined.tag)),
                     (Expect("item_merged", (item.tag, second.tag), (joined.tag,)),), (item.text, second.text),
                     (text,), variant=repr(joiner))
    return None


def _moved(session: Session, kind: str, rewrite: Rewrite | None) -> Label | None:
    for position_id, field, item in session.free_items(is_periodic)[:ATTEMPTS]:
        text = item.text if rewrite is None else rewrite(session, field, item.text)
        if text is None or not session.accepts(text):
            continue
        targets = [f for (p, f) in session.draft.lists if p == position_id and is_periodic(f) and f != field
                   and session.is_new_in(position_id, f, text)]
        if not targets:
            continue
        target = session.rng.choice(targets)
        session.draft.items(position_id, field).remove(item)
        destination = session.draft.items(position_id, target)
        old = item.text
        item.value = item.with_text(text)
        destination.insert(session.rng.randint(0, len(destination)), item)
        session.take(item.tag)
        return Label(kind, position_id, field, ((item.tag, item.tag),),
                     (Expect("item_moved", (item.tag,), (item.tag,)),), (old,), (text,), variant=f"to {target}")
    return None


def moved(session: Session) -> Label | None:
    """A periodic function moved, unchanged, to another periodicity (any place in its list)."""
    return _moved(session, "moved", None)


def moved_reworded(session: Session) -> Label | None:
    """A periodic function moved to another periodicity with one or two words changed."""
    return _moved(session, "moved_reworded",
                  lambda s, _, text: wording.reword_little(text, s.rng, s.used_words, s.corpus.words))


def added_beside(session: Session) -> Label | None:
    """A new periodic function opening with the first words of a neighbour, just before or after
    it; half the time the neighbour is extended too (the v4 -> v5 case), one composite edit."""
    for position_id, field, item in session.free_items(is_periodic)[:ATTEMPTS]:
        text = wording.beside(item.text, session.rng, session.corpus.tails)
        is_composite = session.rng.random() < 0.5
        grown = grow(session, field, item.text) if is_composite else item.text
        if text is None or grown is None or not session.accepts(text) or not session.accepts(grown):
            continue
        if not session.is_new_in(position_id, field, text, *([grown] if is_composite else [])) or text == grown:
            continue
        items = session.draft.items(position_id, field)
        added = session.draft.new_item(text)
        is_after = session.rng.random() < 0.5
        old = item.text
        item.value = item.with_text(grown)
        items.insert(items.index(item) + is_after, added)
        session.take(item.tag, added.tag)
        expects = (Expect("item_added", (), (added.tag,)),
                   *((Expect("item_edited", (item.tag,), (item.tag,)),) if is_composite else ()))
        variant = ("neighbour extended" if is_composite else "neighbour unchanged") + (", after" if is_after
                                                                                      else ", before")
        return Label("added_beside", position_id, field, ((item.tag, item.tag), (None, added.tag)), expects,
                     (old,), (grown, text), variant=variant)
    return None


def removed(session: Session) -> Label | None:
    """An item (a key function too) removed."""
    free = session.free_items(is_editable)
    if not free:
        return None
    position_id, field, item = free[0]
    session.draft.items(position_id, field).remove(item)
    session.take(item.tag)
    return Label("removed", position_id, field, ((item.tag, None),), (Expect("item_removed", (item.tag,)),),
                 (item.text,), ())
