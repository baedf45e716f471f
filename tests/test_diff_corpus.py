"""The labelled corpus of edits (tests/diffcorpus): each edit does what its label says, the truth
points at the right texts, the scorer gives a perfect change set 1.0 and a wrong one less; and
the diff against a sample of it (issue 15)."""

from __future__ import annotations

import itertools
from difflib import SequenceMatcher
from functools import cache

import pytest

from docversion.diff import apply, diff
from docversion.diff.changes import ChangeSet, ItemAdded, ItemEdited, ItemRemoved, ItemSplit
from docversion.diff.terms import position_texts
from docversion.diff.words import plain
from docversion.model import KeyFunction, Manual, resolve_path
from tests.diffcorpus import wording
from tests.diffcorpus.draft import Slot, list_fields
from tests.diffcorpus.failures import text_at
from tests.diffcorpus.generate import EDITS, Case, case_rng, corpus_of, draw_case, draw_cases
from tests.diffcorpus.label import Label
from tests.diffcorpus.names import holds
from tests.diffcorpus.oracle import oracle
from tests.diffcorpus.score import predicted_links, score_case, tally
from tests.diffcorpus.session import Corpus, is_periodic
from tests.diffcorpus.sources import Source, read_sources

SEED = 15


@cache
def sources() -> tuple[Source, ...]:
    return read_sources().manuals


@cache
def corpus() -> Corpus:
    return corpus_of(sources())


@cache
def cases_of(kind: str, count: int = 10) -> tuple[Case, ...]:
    """``count`` manuals, each with 1 to 4 edits of ``kind`` only (so their indexes shift each other)."""
    found = []
    for number in range(count):
        source = sources()[number % len(sources())]
        case = draw_case(number, source, case_rng(SEED, number), corpus(), edits=(1, 4), kinds=(kind,))
        if case.labels:
            found.append(case)
    return tuple(found)


def slots_of(case: Case, label: Label) -> tuple[tuple[Slot, ...], tuple[Slot, ...]]:
    return case.truth.label_slots[case.labels.index(label)]


def words(text: str) -> list[str]:
    return plain(text).split(" ")


def changed_words(old: str, new: str) -> int:
    """Old words replaced or deleted, plus words inserted."""
    matcher = SequenceMatcher(None, old.split(" "), new.split(" "), autojunk=False)
    return sum(max(i2 - i1, 0) if tag != "insert" else j2 - j1
               for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(word in rest for word in short)


class TestSources:
    """The real manuals the corpus edits."""

    def test_every_source_reads_and_the_bundled_directories_equal_the_fixtures(self) -> None:
        read = read_sources()
        assert not read.skipped
        assert len(read.manuals) == 5
        assert {twin for _, twin in read.duplicates} == {"tests/fixtures/seed-900-0935-v05.txt",
                                                         "tests/fixtures/manual-310-0120-v03.txt"}
        assert all(not p.marked for source in read.manuals for p in source.manual.positions)


@pytest.mark.parametrize("kind", list(EDITS))
class TestEveryKind:
    """Every edit kind, drawn alone over every source."""

    def test_the_new_manual_validates_and_differs(self, kind: str) -> None:
        cases = cases_of(kind)
        assert len(cases) >= 5, f"{kind} found too few manuals to edit"
        for case in cases:
            assert Manual.model_validate(case.new.model_dump()) == case.new
            assert case.new != case.old
            assert all(label.kind == kind for label in case.labels)

    def test_the_truth_points_at_the_labels_texts(self, kind: str) -> None:
        for case in cases_of(kind):
            for label in case.labels:
                old, new = slots_of(case, label)
                if label.links and kind != "term_renamed":  # a term's label holds the terms (tested below)
                    assert [text_at(case.old, slot) for slot in old] == list(label.before)
                    assert [text_at(case.new, slot) for slot in new] == list(label.after)

    def test_untouched_items_are_linked_to_themselves_and_every_slot_is_linked(self, kind: str) -> None:
        for case in cases_of(kind):
            truth = case.truth
            for old, new in truth.links:
                if not truth.touches((old, new)):
                    assert old is not None and new is not None and text_at(case.old, old) == text_at(case.new, new)
            assert {old for old, _ in truth.links} - {None} == all_slots(case.old)
            assert {new for _, new in truth.links} - {None} == all_slots(case.new)

    def test_edits_are_disjoint(self, kind: str) -> None:
        for case in cases_of(kind):
            tags = [tag for label in case.labels for tag in label.old_tags]
            assert len(tags) == len(set(tags))

    def test_a_perfect_change_set_implies_every_true_link_and_scores_one(self, kind: str) -> None:
        for case in cases_of(kind):
            assert predicted_links(oracle(case), case.old, case.new) == case.truth.links
            score = score_case(case, oracle(case))
            assert score.predicted == score.true
            assert score.predicted_records == case.truth.records


def all_slots(manual: Manual) -> set[Slot]:
    return {(p.id, name, index) for p in manual.positions for name in list_fields(p)
            for index in range(len(resolve_path(p, name)))}


def labels_of(kind: str) -> list[tuple[Case, Label]]:
    return [(case, label) for case in cases_of(kind) for label in case.labels]


class TestTextEdits:
    """Items grown, cut and reworded in place keep their slot's identity."""

    def test_extended_grows_up_to_three_times_keeping_every_word(self) -> None:
        for _, label in labels_of("extended"):
            [before], [after] = label.before, label.after
            assert len(before) < len(after) <= 3 * len(before)
            assert is_subsequence(words(before), words(after))

    def test_shortened_keeps_at_least_half_and_only_drops_words(self) -> None:
        for _, label in labels_of("shortened"):
            [before], [after] = label.before, label.after
            assert len(before) / 2 <= len(after) < len(before)
            assert is_subsequence(words(after), words(before))

    def test_reworded_little_changes_one_or_two_words(self) -> None:
        for _, label in labels_of("reworded_little"):
            assert 1 <= changed_words(label.before[0], label.after[0]) <= 2

    def test_reworded_lot_replaces_a_third_or_more_keeping_verb_and_noun(self) -> None:
        for _, label in labels_of("reworded_lot"):
            old, new = label.before[0].split(" "), label.after[0].split(" ")
            noun = wording.main_noun(old)
            assert noun is not None and old[0] == new[0] and old[noun] in new
            assert 0.25 <= changed_words(label.before[0], label.after[0]) / len(old) <= 0.5


class TestStructuralEdits:
    """Splits, merges, moves, reorders and items added beside a neighbour."""

    def test_a_split_is_two_adjacent_pieces_that_join_into_the_old_text(self) -> None:
        for case, label in labels_of("split"):
            (old,), (first, second) = slots_of(case, label)
            assert first[:2] == second[:2] == old[:2] and second[2] == first[2] + 1
            separator = label.variant.strip("'")
            head = label.after[0].removesuffix(".") if label.before[0].endswith(".") else label.after[0]
            tail = label.before[0][len(head) + len(separator):]
            assert head + separator + tail == label.before[0]
            assert label.after[1] == wording.capitalised(tail)

    def test_a_merge_joins_two_adjacent_items(self) -> None:
        for case, label in labels_of("merged"):
            (first, second), (new,) = slots_of(case, label)
            assert first[:2] == second[:2] == new[:2] and second[2] == first[2] + 1
            first_text, second_text = label.before
            assert label.after[0] == wording.merged(first_text, second_text, label.variant.strip("'"))

    @pytest.mark.parametrize("kind", ["moved", "moved_reworded"])
    def test_a_move_goes_to_another_periodicity(self, kind: str) -> None:
        for case, label in labels_of(kind):
            (old,), (new,) = slots_of(case, label)
            assert is_periodic(old[1]) and is_periodic(new[1]) and old[1] != new[1]
            assert (label.before == label.after) == (kind == "moved")
            assert changed_words(label.before[0], label.after[0]) <= 2

    def test_a_reorder_keeps_the_texts_and_changes_their_order(self) -> None:
        for case, label in labels_of("reordered"):
            old, new = slots_of(case, label)
            assert label.before == label.after and {s[1] for s in (*old, *new)} == {label.field}
            if label.variant == "swap":
                assert (old[0][2] < old[1][2]) != (new[0][2] < new[1][2])
            else:
                assert old[0][2] != new[0][2]

    def test_an_item_added_beside_shares_its_neighbours_first_words_and_sits_next_to_it(self) -> None:
        for case, label in labels_of("added_beside"):
            (neighbour,), (kept, added) = slots_of(case, label)
            assert (neighbour, kept) in case.truth.links and (None, added) in case.truth.links
            assert kept[:2] == added[:2] and abs(kept[2] - added[2]) == 1
            shared = len(list(itertools.takewhile(lambda pair: pair[0] == pair[1],
                                                  zip(label.before[0].split(" "), label.after[1].split(" "),
                                                      strict=False))))
            assert 3 <= shared <= 5
            assert (label.after[0] == label.before[0]) == label.variant.startswith("neighbour unchanged")

    def test_a_removed_item_goes_nowhere(self) -> None:
        for case, label in labels_of("removed"):
            (old,), new = slots_of(case, label)
            assert new == () and (old, None) in case.truth.links


class TestPositionEdits:
    """Shares of time, titles, single-valued fields and terms."""

    def test_a_share_moves_between_two_key_functions_and_the_total_stays(self) -> None:
        for case, label in labels_of("percent"):
            old, new = slots_of(case, label)
            before = [percent(case.old, slot) for slot in old]
            after = [percent(case.new, slot) for slot in new]
            assert sum(before) == sum(after) and before != after and after[0] < before[0]
            position = label.position_id
            assert sum(f.percent for f in case.old.position(position).key_functions) \
                == sum(f.percent for f in case.new.position(position).key_functions)

    def test_a_renamed_position_keeps_its_id(self) -> None:
        for case, label in labels_of("position_renamed"):
            assert case.old.position(label.position_id).title == label.before[0]
            assert case.new.position(label.position_id).title == label.after[0] != label.before[0]

    def test_a_changed_field_holds_its_new_value(self) -> None:
        for case, label in labels_of("field_changed"):
            assert getattr(case.old.position(label.position_id), label.field) == label.before[0]
            assert getattr(case.new.position(label.position_id), label.field) == label.after[0] != label.before[0]

    def test_a_renamed_term_is_gone_everywhere_and_its_new_form_is_in_every_place(self) -> None:
        for case, label in labels_of("term_renamed"):
            [old], [new] = label.before, label.after
            assert len(label.places) >= 2
            assert not holds(old, texts(case.new)) and holds(old, texts(case.old))
            for place in label.places:
                _, position_id, path = place.split(".", 2)
                assert new in text_of(case.new, position_id, path)


def percent(manual: Manual, slot: Slot) -> int:
    value = manual.position(slot[0]).key_functions[slot[2]]
    assert isinstance(value, KeyFunction)
    return value.percent


def texts(manual: Manual) -> list[str]:
    return [text for p in manual.positions for text in position_texts(p, has_titles=True).values()]


def text_of(manual: Manual, position_id: str, path: str) -> str:
    value = resolve_path(manual.position(position_id), path)
    assert isinstance(value, str)
    return value


class TestScore:
    """The scorer counts what a change set gets right and wrong."""

    def test_a_mixed_sample_scored_perfect_by_its_oracle(self) -> None:
        cases = draw_cases(sources(), 20, SEED)
        figures = tally(score_case(case, oracle(case)) for case in cases).figures()
        assert figures["pairing"]["precision"] == figures["pairing"]["recall"] == 1.0

    def test_a_split_reported_as_an_edit_and_an_addition_scores_half(self) -> None:
        case = cases_of("split")[0]
        label = case.labels[0]
        (old,), (first, second) = slots_of(case, label)
        perfect = oracle(case)
        split = next(c for c in perfect.changes if isinstance(c, ItemSplit) and c.old_index == old[2]
                     and c.field == old[1])
        edited = ItemEdited(position_id=old[0], title="", section="", field=old[1], old_index=old[2], index=first[2],
                            old=label.before[0], new=label.after[0])
        added = ItemAdded(position_id=old[0], title="", section="", field=old[1], index=second[2], item=label.after[1])
        changes = ChangeSet(changes=(*(c for c in perfect.changes if c is not split), edited, added))
        score = score_case(case, changes)
        assert score.true - score.predicted == {(old, second)}
        assert score.predicted - score.true == {(None, second)}

    def test_a_link_for_an_untouched_item_counts_when_it_is_wrong(self) -> None:
        case, old, follower = next((c, slot, (slot[0], slot[1], slot[2] + 1)) for c in cases_of("removed")
                                   for slot in sorted(c.truth.touched_old) if last_index(c.old, slot) > slot[2]
                                   and not c.truth.touches(((slot[0], slot[1], slot[2] + 1), None)))
        # The diff says the removed item was edited into its follower's text, and the follower removed.
        wrong = ChangeSet(changes=(
            ItemEdited(position_id=old[0], title="", section="", field=old[1], old_index=old[2], index=old[2],
                       old=text_at(case.old, old), new=text_at(case.old, follower)),
            ItemRemoved(position_id=old[0], title="", section="", field=old[1], index=follower[2],
                        item=text_at(case.old, follower))))
        score = score_case(case, wrong)
        assert (follower, None) in score.predicted - score.true
        assert (old, (old[0], old[1], old[2])) in score.predicted - score.true
        assert (old, None) in score.true - score.predicted


def last_index(manual: Manual, slot: Slot) -> int:
    return len(resolve_path(manual.position(slot[0]), slot[1])) - 1


@cache
def sample() -> tuple[Case, ...]:
    """At least 150 labelled edits of every kind, fixed seed."""
    cases: list[Case] = []
    for case in draw_cases(sources(), 40, SEED):
        if sum(len(c.labels) for c in cases) >= 150:
            break
        cases.append(case)
    return tuple(cases)


class TestDiffOnTheCorpus:
    """The diff against a sample of the corpus."""

    def test_apply_rebuilds_every_new_version(self) -> None:
        for case in sample():
            assert apply(diff(case.old, case.new), case.old) == case.new, f"case {case.number}"

    def test_pairing_and_every_kind_are_found(self) -> None:
        figures = tally(score_case(case, diff(case.old, case.new)) for case in sample()).figures()
        assert figures["edits"] >= 150
        pairing = figures["pairing"]
        assert pairing["precision"] >= 0.99 and pairing["recall"] >= 0.99, pairing
        low = {kind: row for kind, row in figures["kinds"].items() if row["precision"] < 0.95 or row["recall"] < 0.95}
        assert not low, low
