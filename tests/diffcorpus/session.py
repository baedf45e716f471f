"""The state shared by the edits of one manual: its draft, the random source, what is taken.

Edits are disjoint: an item or a single-valued field one edit touched is taken, and no other
edit of the manual picks it. A term rename forbids its old and new phrase in any text a later
edit writes, so the rename stays the only change that holds them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from docversion.model import Manual
from tests.diffcorpus.draft import Draft, Item
from tests.diffcorpus.names import holds

FieldFilter = Callable[[str], bool]


@dataclass(frozen=True)
class Corpus:
    """What edits borrow from all the real manuals: clauses that end functions (with the function
    they end), clauses to append to a function (with their leading space), the items of each
    list field; and the words a heavy rewording may use where a word has no synonym."""

    tails: tuple[tuple[str, str], ...]
    appended: tuple[str, ...]
    pieces: Mapping[str, tuple[str, ...]]
    words: tuple[str, ...]


def is_text_list(field: str) -> bool:
    """Lists of plain strings an edit may change: all but ``direct_reports`` (tied to its count)."""
    return field not in ("key_functions", "direct_reports")


def is_divisible(field: str) -> bool:
    """Text lists whose items may be split or merged: the periodic functions and the lists that
    enumerate things (education, skills, assets, resources ...). Not the purposes of the relations
    (each ends with its own frequency, "... Diariamente."), the decisions ("Alta, sobre ...") nor
    the experience ("Mínima de 2 años ..."), whose items are statements that do not come apart."""
    return is_text_list(field) and field not in ("relations.purposes", "decision_making", "experience")


def is_editable(field: str) -> bool:
    """Lists whose items' texts an edit may change: the text lists and the key functions."""
    return field != "direct_reports"


def is_function_list(field: str) -> bool:
    """Lists whose items are functions (a verb and its object): key, periodic, and the purposes
    of the relations."""
    return field in ("key_functions", "relations.purposes") or is_periodic(field)


def is_periodic(field: str) -> bool:
    """The seven lists of FUNCIONES PERIÓDICAS."""
    return field.startswith("periodic_functions.")


class Session:
    """One manual being edited: the draft, the random source, and what is taken."""

    def __init__(self, manual: Manual, rng: random.Random, corpus: Corpus) -> None:
        self.draft = Draft(manual)
        self.rng = rng
        self.corpus = corpus
        self.taken_tags: set[int] = set()
        self.taken_places: set[tuple[str, str]] = set()
        self.used_words: set[tuple[str, str]] = set()
        self.used_values: set[tuple[str, str, str]] = set()
        self.forbidden: list[str] = []

    def free_items(self, fields: FieldFilter = is_editable) -> list[tuple[str, str, Item]]:
        """Items of the old manual no edit has taken, in the lists ``fields`` accepts, shuffled."""
        found = [(position_id, field, item) for position_id, field, items in self.draft.all_lists()
                 if fields(field) for item in items
                 if item.tag in self.draft.origin and item.tag not in self.taken_tags]
        self.rng.shuffle(found)
        return found

    def is_free(self, tag: int) -> bool:
        """True for an item of the old manual no edit has taken."""
        return tag in self.draft.origin and tag not in self.taken_tags

    def take(self, *tags: int) -> None:
        """Mark items as edited."""
        self.taken_tags.update(tags)

    def is_place_free(self, position_id: str, field: str) -> bool:
        """True when no edit has changed this single-valued field (or title) of the position."""
        return (position_id, field) not in self.taken_places

    def take_place(self, position_id: str, field: str) -> None:
        """Mark a single-valued field (or the title) of a position as edited."""
        self.taken_places.add((position_id, field))

    def accepts(self, text: str) -> bool:
        """True when ``text`` holds no phrase a term rename of this manual owns."""
        return not any(holds(name, [text]) for name in self.forbidden)

    def is_new_in(self, position_id: str, field: str, *texts: str) -> bool:
        """True when none of ``texts`` is already an item of that list (nor two of them alike)."""
        present = {item.text for item in self.draft.items(position_id, field)}
        return len(set(texts)) == len(texts) and not present.intersection(texts)
