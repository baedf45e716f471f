"""Matching across versions: which position of the new version is which of the old, which item
is which.

Positions match by id first; those left match by similarity of title and content as one
one-to-one assignment, best pairs first, above a threshold. Items match exactly first, then by
similarity in one assignment over all their groups (a function that left "Mensual" for
"Trimestral" must be more alike to cross). Pure: takes values, returns index pairs.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Mapping, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from docversion.diff.assignment import assign
from docversion.diff.words import plain
from docversion.model import Position

POSITION_THRESHOLD = 55.0
ITEM_THRESHOLD = 60.0
CROSS_GROUP_THRESHOLD = 75.0
ORDER_WEIGHT = 4.0
_CONTAINMENT_WORDS = 3
_EPSILON = 1e-6  # a pair at the threshold itself is still an edge

Slot = tuple[str, int]  # (group, index)


def _content(position: Position) -> str:
    periodic = [item for group in position.periodic_functions.model_dump().values() for item in group]
    return " ".join([*(f.text for f in position.key_functions), *periodic, position.objective])


def _features(position: Position) -> tuple[str, str, str, str]:
    """What :func:`position_score` compares, in compare form: title, content, reports_to, unit."""
    return (plain(position.title), plain(_content(position)), plain(position.reports_to), plain(position.unit))


def _score(old: tuple[str, str, str, str], new: tuple[str, str, str, str], threshold: float = 0.0) -> float:
    """The score of two positions' features, summed as it always was (a change in the last bit
    can move a pair across the threshold, and a diff a sign-off names must not change). A pair
    that cannot reach ``threshold`` skips the long content comparison and scores under it."""
    title = fuzz.ratio(old[0], new[0])
    place = 50.0 * (old[2] == new[2]) + 50.0 * (old[3] == new[3])
    needed = (threshold - 0.35 * title - 0.15 * place) / 0.5  # the margins keep every pair that reaches it
    content = 0.0 if needed > 100.0 + 1e-6 else fuzz.ratio(old[1], new[1], score_cutoff=max(needed - 1e-6, 0.0))
    return 0.35 * title + 0.5 * content + 0.15 * place


def position_score(old: Position, new: Position) -> float:
    """How likely two positions are the same one, 0 to 100: title, functions, place in the structure."""
    return _score(_features(old), _features(new))


def match_positions(old: Sequence[Position], new: Sequence[Position]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same position: by id, then by similarity."""
    new_by_id = {p.id: j for j, p in enumerate(new)}
    pairs = [(i, new_by_id[p.id]) for i, p in enumerate(old) if p.id in new_by_id]
    left_old = [i for i in range(len(old)) if old[i].id not in new_by_id]
    taken = {j for _, j in pairs}
    left_new = [j for j in range(len(new)) if j not in taken]
    if left_old and left_new:  # each position's compare forms worked out once, not once per pair
        old_features = {i: _features(old[i]) for i in left_old}
        new_features = {j: _features(new[j]) for j in left_new}
        pairs += greedy(left_old, left_new,
                        lambda i, j: _score(old_features[i], new_features[j], POSITION_THRESHOLD),
                        POSITION_THRESHOLD)
    return sorted(pairs)


def greedy(old: Sequence[int], new: Sequence[int], score: Callable[[int, int], float],
            threshold: float) -> list[tuple[int, int]]:
    """A one-to-one assignment taking the best-scoring pairs first; ties go to document order."""
    candidates = sorted((-s, i, j) for i in old for j in new if (s := score(i, j)) >= threshold)
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return pairs


def item_score(old: Sequence[str], new: Sequence[str], old_plain: str, new_plain: str) -> float:
    """How likely two items (their words and compare forms) are one item, 0 to 100.

    The better of two readings: the texts' likeness letter by letter, and how much of each
    text's words the other holds in order (the longest common run of words, over each length).
    The second does not punish growth: a function extended to three times its length still
    holds all its old words, where letter likeness falls with every word added. For a text of
    one or two words ("Empatía.") it counts only when the other holds all of them, in order.
    """
    ratio = fuzz.ratio(old_plain, new_plain)
    if not old or not new:
        return ratio
    common = LCSseq.similarity(old, new)
    more, less = sorted((common / len(old), common / len(new)), reverse=True)
    if min(len(old), len(new)) < _CONTAINMENT_WORDS and more < 1.0:
        return ratio
    return max(ratio, 100.0 * (0.8 * more + 0.2 * less))


def match_items(old: Mapping[str, Sequence[str]], new: Mapping[str, Sequence[str]], *,
                is_crossing: bool) -> list[tuple[Slot, Slot]]:
    """Pairs of (group, index) slots holding the same item, old to new.

    Exact matches within a group, then exact across groups (when ``is_crossing``); then what is
    left is paired by similarity in one assignment over every group, which takes the pairing
    of greatest total margin over the thresholds: an item that moved to another group must
    score higher than one that stayed, and a slightly better pair cannot break up a pairing
    that is better as a whole. Each stage only sees what the earlier ones left.
    """
    pairs: list[tuple[Slot, Slot]] = []
    old_left = [(g, i) for g, items in old.items() for i in range(len(items))]
    new_left = [(g, j) for g, items in new.items() for j in range(len(items))]
    for is_across in (False, True):
        if (is_across and not is_crossing) or not old_left or not new_left:
            continue
        found = _exact(old_left, new_left, old, new, is_across)
        done_old = {a for a, _ in found}
        done_new = {b for _, b in found}
        old_left = [slot for slot in old_left if slot not in done_old]
        new_left = [slot for slot in new_left if slot not in done_new]
        pairs += found
    if old_left and new_left:
        pairs += _assigned(old_left, new_left, old, new, is_crossing)
    return sorted(pairs)


def _exact(old_left: list[Slot], new_left: list[Slot], old: Mapping[str, Sequence[str]],
           new: Mapping[str, Sequence[str]], is_across: bool) -> list[tuple[Slot, Slot]]:
    waiting: dict[tuple[str, str], deque[Slot]] = defaultdict(deque)
    for slot in new_left:
        waiting[("" if is_across else slot[0], new[slot[0]][slot[1]])].append(slot)
    pairs = []
    for slot in old_left:
        queue = waiting.get(("" if is_across else slot[0], old[slot[0]][slot[1]]))
        if queue:
            target = queue.popleft()
            if is_across and target[0] == slot[0]:
                continue  # same group: the stage before would have taken it
            pairs.append((slot, target))
    return pairs


def _assigned(old_left: list[Slot], new_left: list[Slot], old: Mapping[str, Sequence[str]],
              new: Mapping[str, Sequence[str]], is_crossing: bool) -> list[tuple[Slot, Slot]]:
    """The similar pairs among what is left, by one assignment of greatest total margin.

    A pair's weight is its score's margin over the threshold of its kind (within a group or
    across groups), plus up to :data:`ORDER_WEIGHT` for standing at the same relative place
    in its list, which settles near ties the way a reader would.
    """
    old_words = [plain(old[g][i]) for g, i in old_left]
    new_words = [plain(new[g][j]) for g, j in new_left]
    old_split = [text.split() for text in old_words]
    new_split = [text.split() for text in new_words]
    weights = []
    for a, (group, i) in enumerate(old_left):
        row = []
        for b, (other, j) in enumerate(new_left):
            is_across = group != other
            if is_across and not is_crossing:
                row.append(0.0)
                continue
            threshold = CROSS_GROUP_THRESHOLD if is_across else ITEM_THRESHOLD
            score = item_score(old_split[a], new_split[b], old_words[a], new_words[b])
            if score < threshold:
                row.append(0.0)
                continue
            place = 0.0 if is_across else ORDER_WEIGHT * (
                1.0 - abs((i + 0.5) / len(old[group]) - (j + 0.5) / len(new[other])))
            row.append(score - threshold + place + _EPSILON)
        weights.append(row)
    return [(old_left[a], new_left[b]) for a, b in assign(weights)]
