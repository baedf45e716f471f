"""Drawing labelled edits: several disjoint edits of one real manual, and many such manuals.

Each case is one real manual (revision marks dropped) and the same manual after 3 to 8 edits
drawn with ``random.Random``: the kind of each edit by :data:`WEIGHTS`, then a free item or
field that lends itself to it. A term rename, when drawn, goes first (it must find its phrase
in places no other edit has touched). Case n of a run with seed s uses ``Random(s * 100003 + n)``,
so any case can be drawn again alone.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from docversion.model import KeyFunction, Manual, resolve_path
from tests.diffcorpus import item_edits, position_edits, wording
from tests.diffcorpus.draft import list_fields
from tests.diffcorpus.label import Label
from tests.diffcorpus.phrases import APPENDED_STARTS, REPLACEMENTS
from tests.diffcorpus.session import Corpus, Session, is_function_list
from tests.diffcorpus.sources import Source
from tests.diffcorpus.truth import Truth, make_truth

Edit = Callable[[Session], Label | None]

EDITS: Mapping[str, Edit] = MappingProxyType({
    "extended": item_edits.extended,
    "shortened": item_edits.shortened,
    "reworded_little": item_edits.reworded_little,
    "reworded_lot": item_edits.reworded_lot,
    "split": item_edits.split,
    "merged": item_edits.merged,
    "moved": item_edits.moved,
    "moved_reworded": item_edits.moved_reworded,
    "reordered": position_edits.reordered,
    "added_beside": item_edits.added_beside,
    "removed": item_edits.removed,
    "percent": position_edits.percent,
    "position_renamed": position_edits.position_renamed,
    "term_renamed": position_edits.term_renamed,
    "field_changed": position_edits.field_changed,
})
"""Every edit kind by its label name."""

WEIGHTS: Mapping[str, float] = MappingProxyType({
    "extended": 1.0, "shortened": 1.0, "reworded_little": 1.0, "reworded_lot": 1.0, "split": 1.0, "merged": 1.0,
    "moved": 1.0, "moved_reworded": 0.6, "reordered": 1.0, "added_beside": 1.2, "removed": 1.0, "percent": 0.5,
    "position_renamed": 0.5, "term_renamed": 0.5, "field_changed": 0.8,
})
"""How often each kind is drawn, relative to the others."""

RETRIES = 6
"""Other kinds tried, one after another, when the manual has nothing left for the kind drawn."""


@dataclass(frozen=True)
class Case:
    """One labelled pair: the old manual, the new one, the edits and the truth."""

    number: int
    source: str
    old: Manual
    new: Manual
    labels: tuple[Label, ...]
    truth: Truth


def corpus_of(sources: Sequence[Source]) -> Corpus:
    """The clauses and items the edits borrow, from every list of every source, and the words a
    heavy rewording may use."""
    by_field: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        for position in source.manual.positions:
            for name in list_fields(position):
                by_field[name].update(item.text if isinstance(item, KeyFunction) else item
                                      for item in resolve_path(position, name))
    functions = sorted({text for name, texts in by_field.items() if is_function_list(name) for text in texts})
    tails = wording.donor_tails(functions)
    return Corpus(tails=tails,
                  appended=tuple(" " + tail for _, tail in tails if tail.split(" ", 1)[0] in APPENDED_STARTS),
                  pieces=MappingProxyType({name: tuple(sorted(texts)) for name, texts in by_field.items()}),
                  words=REPLACEMENTS)


def draw_case(number: int, source: Source, rng: random.Random, corpus: Corpus, *, edits: tuple[int, int] = (3, 8),
              kinds: Sequence[str] | None = None) -> Case:
    """``source`` after a number in the range ``edits`` of disjoint edits of the ``kinds`` given
    (default: all), drawn by :data:`WEIGHTS`; a kind the manual has nothing left for is replaced
    by another, up to :data:`RETRIES` times, so a small manual may get fewer edits."""
    session = Session(source.manual, rng, corpus)
    names = list(kinds or WEIGHTS)
    weights = [WEIGHTS[name] for name in names]
    plan = rng.choices(names, weights, k=rng.randint(*edits))
    plan.sort(key=lambda name: name != "term_renamed")  # stable: the rest keep their drawn order
    spares = [name for name in names if name != "term_renamed"] or names
    labels: list[Label] = []
    for name in plan:
        label = EDITS[name](session)
        for _ in range(RETRIES):
            if label is not None:
                break
            label = EDITS[rng.choices(spares, [WEIGHTS[n] for n in spares])[0]](session)
        if label is not None:
            labels.append(label)
    new, final = session.draft.build()
    return Case(number, source.name, source.manual, new, tuple(labels), make_truth(labels, session.draft.origin, final))


def case_rng(seed: int, number: int) -> random.Random:
    """The random source of case ``number`` of a run with ``seed``."""
    return random.Random(seed * 100_003 + number)  # noqa: S311 (test data, not cryptography)


def draw_cases(sources: Sequence[Source], count: int, seed: int, *, edits: tuple[int, int] = (3, 8),
               kinds: Sequence[str] | None = None) -> list[Case]:
    """``count`` cases, cycling through ``sources``."""
    corpus = corpus_of(sources)
    return [draw_case(n, sources[n % len(sources)], case_rng(seed, n), corpus, edits=edits, kinds=kinds)
            for n in range(count)]
