"""``diff(old, new) -> ChangeSet``: the changes between two versions, in the manual's own terms.

Positions are matched (by id, then by content); organisation-wide renames are found and applied
to the old version first, so what they explain is reported once as ``term_renamed``; then each
matched position is compared field by field and item by item. Pure: manuals in, a change set out.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from docversion.diff import terms
from docversion.diff.changes import (
    Change,
    ChangeSet,
    FieldChanged,
    IdMatch,
    ItemAdded,
    ItemEdited,
    ItemMerged,
    ItemMoved,
    ItemRemoved,
    ItemSplit,
    ItemsReordered,
    ManualFieldChanged,
    PercentChanged,
    PositionAdded,
    PositionRemoved,
    PositionRenamed,
    TermRenamed,
)
from docversion.diff.match import match_items, match_positions
from docversion.diff.order import in_document_order
from docversion.diff.paths import rewrite_texts
from docversion.diff.splits import find_splits
from docversion.diff.words import is_cosmetic, word_ops
from docversion.model import SECTIONS, KeyFunction, Manual, Position, resolve_path

SCALAR_FIELDS = ("generic_title", "department", "unit", "reports_to", "direct_reports_count", "objective",
                 "marked")
LIST_FIELDS = ("direct_reports", "values", "assets", "decision_making", "key_authorizations",
               "inputs_and_resources", "security_measures", "education", "experience", "skills",
               "relations.with_whom", "relations.purposes", "competencies.technical",
               "competencies.methodological", "competencies.social", "competencies.participative")
PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")
_SECTION_OF = {name: numeral for numeral, _, names in SECTIONS for name in names}


def section_of(field: str) -> str:
    """The numeral of the section that holds a position field (``periodic_functions.monthly`` -> III)."""
    return _SECTION_OF.get(field.split(".")[0], "")


def diff(old: Manual, new: Manual) -> ChangeSet:
    """Every change from ``old`` to ``new``; empty when they are the same manual."""
    from docversion.diff.sentences import sentences

    pairs = match_positions(old.positions, new.positions)
    renames, rewritten = _term_changes(old, new, pairs)
    changes: list[Change] = [*renames, *_manual_changes(rewritten, new)]
    changes += _position_set_changes(rewritten, new, pairs)
    matches = []
    for i, j in pairs:
        before, after = rewritten.positions[i], new.positions[j]
        if before.id != after.id:
            matches.append(IdMatch(old_id=before.id, new_id=after.id))
        changes += position_changes(before, after)
    changeset = ChangeSet(changes=in_document_order(changes, old, new, pairs), matches=tuple(matches))
    return changeset.model_copy(update={"sentences": sentences(changeset, old, new)})


def _term_changes(old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> tuple[list[TermRenamed], Manual]:
    """Renamed positions' titles wherever else they appear, then organisation-wide renames; and
    ``old`` with all of them applied.

    Titles go first: a title is the whole phrase ("Analista de Agencia Virtual"), so the places
    that name the position follow its rename rather than a shorter term inside it.
    """
    holders = terms.Holders(new)
    titles = sorted(((old.positions[i].title, new.positions[j].title) for i, j in pairs
                     if old.positions[i].title != new.positions[j].title), key=lambda t: -len(t[0]))
    comparison = terms.Comparison(old, new, pairs)
    found = _renames(comparison, holders, titles)
    if found:
        old = apply_terms(old, found)
        comparison = terms.Comparison(old, new, pairs, earlier=comparison)
    more = _renames(comparison, holders, terms.find_terms(comparison))
    return found + more, apply_terms(old, more)


def _renames(comparison: terms.Comparison, holders: terms.Holders,
             candidates: list[tuple[str, str]]) -> list[TermRenamed]:
    """The candidates replaced in :data:`terms.MIN_PLACES` places or more: a phrase changed in one
    place only is that place's edit (a position's title is its rename), not a rename everywhere."""
    if not candidates:
        return []
    places = [(path, text, text.casefold()) for path, text in comparison.places()]
    found = []
    for old_term, new_term in candidates:
        pattern, needle = terms.term_pattern(old_term), " ".join(old_term.casefold().split())
        renamed_at = tuple(path for path, text, folded in places
                           if needle in folded and pattern.search(text)
                           and terms.is_renamed_at(comparison.counterpart(path), text, pattern))
        if len(renamed_at) >= terms.MIN_PLACES:
            found.append(TermRenamed(old=old_term, new=new_term, places=renamed_at,
                                     remaining=holders.find(needle, pattern)))
    return found


def apply_terms(manual: Manual, renames: Sequence[TermRenamed]) -> Manual:
    """``manual`` with each rename applied at the places it names.

    Only the texts a rename touches are replaced, by copies along their paths; every other
    position and value stays the very object it was. A revision mark on a rewritten text no
    longer fits it and is dropped: marks belong to the version that made them, and the diff
    reports the new version's marks as they are.
    """
    if not renames:
        return manual
    touched: dict[str, list[tuple[str, Callable[[str], str]]]] = {}
    for rename in renames:
        def rewrite(text: str, rename: TermRenamed = rename) -> str:
            return terms.replace_term(text, rename.old, rename.new)
        for place in rename.places:
            head, _, rest = place.partition(".")
            if head == "positions":
                position_id, _, inner = rest.partition(".")
                touched.setdefault(position_id, []).append((inner, rewrite))
            else:
                touched.setdefault("", []).append((place, rewrite))
    positions = tuple(rewrite_texts(position, touched[position.id]) if position.id in touched else position
                      for position in manual.positions)
    rewritten = manual.model_copy(update={"positions": positions})
    return rewrite_texts(rewritten, touched[""]) if "" in touched else rewritten


def _manual_changes(old: Manual, new: Manual) -> list[Change]:
    if (old.cover, old.revisions, old.marked) == (new.cover, new.revisions, new.marked):
        return []
    fields = sorted([f"cover.{name}" for name in type(old.cover).model_fields
                     if getattr(old.cover, name) != getattr(new.cover, name)]
                    + [name for name in ("revisions", "marked") if getattr(old, name) != getattr(new, name)])
    changes: list[Change] = []
    for field in fields:
        was, now = resolve_path(old, field), resolve_path(new, field)
        words = word_ops(was, now) if isinstance(was, str) and isinstance(now, str) else ()
        cosmetic = isinstance(was, str) and isinstance(now, str) and is_cosmetic(was, now)
        changes.append(ManualFieldChanged(field=field, old=_plain(was), new=_plain(now), words=words,
                                          is_cosmetic=cosmetic))
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _position_set_changes(old: Manual, new: Manual, pairs: list[tuple[int, int]]) -> list[Change]:
    kept_old = {i for i, _ in pairs}
    kept_new = {j for _, j in pairs}
    changes: list[Change] = [PositionRemoved(position_id=p.id, title=p.title, index=i, position=p)
                             for i, p in enumerate(old.positions) if i not in kept_old]
    changes += [PositionAdded(position_id=p.id, title=p.title, index=j, position=p)
                for j, p in enumerate(new.positions) if j not in kept_new]
    reorder = _reorder([(i, j) for i, j in pairs])
    if reorder is not None:
        changes.append(ItemsReordered(field="positions", order=reorder[0], moved=reorder[1]))
    return changes


def _reorder(pairs: list[tuple[int, int]]) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """The old indexes in new order and those outside the longest run kept in order; None if none moved."""
    by_old = sorted(pairs)
    targets = [j for _, j in by_old]
    if all(a < b for a, b in itertools.pairwise(targets)):
        return None
    keep = set(_longest_increasing(targets))
    order = tuple(i for i, _ in sorted(by_old, key=lambda pair: pair[1]))
    moved = tuple(i for i, j in by_old if j not in keep)
    return order, moved


def _longest_increasing(values: list[int]) -> list[int]:
    """The longest strictly increasing subsequence of ``values`` (patience sorting, O(n log n))."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent: list[int] = [-1] * len(values)
    for index, value in enumerate(values):
        place = bisect.bisect_left(tails, value)
        if place == len(tails):
            tails.append(value)
            tail_at.append(index)
        else:
            tails[place] = value
            tail_at[place] = index
        parent[index] = tail_at[place - 1] if place else -1
    run, at = [], tail_at[-1] if tail_at else -1
    while at != -1:
        run.append(values[at])
        at = parent[at]
    return run[::-1]


def position_changes(old: Position, new: Position) -> list[Change]:
    """The changes inside one matched position (its id may differ: matched by content)."""
    if old.model_copy(update={"id": new.id}) == new:
        return []
    where = {"position_id": new.id, "title": new.title}
    changes: list[Change] = []
    if old.title != new.title:
        changes.append(PositionRenamed(position_id=new.id, old=old.title, new=new.title,
                                       words=word_ops(old.title, new.title)))
    for field in SCALAR_FIELDS:
        was, now = getattr(old, field), getattr(new, field)
        if was != now:
            text = isinstance(was, str)
            changes.append(FieldChanged(**where, section=section_of(field), field=field, old=_plain(was),
                                        new=_plain(now), words=word_ops(was, now) if text else (),
                                        is_cosmetic=text and is_cosmetic(was, now)))
    for field in LIST_FIELDS:
        was, now = resolve_path(old, field), resolve_path(new, field)
        if was != now:
            changes += list_changes(where, {field: was}, {field: now}, is_crossing=False)
    periods = {f"periodic_functions.{p}": getattr(old.periodic_functions, p) for p in PERIODS}
    later = {f"periodic_functions.{p}": getattr(new.periodic_functions, p) for p in PERIODS}
    if periods != later:
        changes += list_changes(where, periods, later, is_crossing=True)
    if old.key_functions != new.key_functions:
        changes += list_changes(where, {"key_functions": old.key_functions},
                                {"key_functions": new.key_functions}, is_crossing=False)
    return changes


def _text(item: str | KeyFunction) -> str:
    return item.text if isinstance(item, KeyFunction) else item


def list_changes(where: dict[str, str], old: dict[str, Sequence[Any]], new: dict[str, Sequence[Any]], *,
                 is_crossing: bool) -> list[Change]:
    """Added, removed, edited, moved and reordered items of one list, or of groups of lists."""
    old_texts = {g: [_text(x) for x in items] for g, items in old.items()}
    new_texts = {g: [_text(x) for x in items] for g, items in new.items()}
    pairs = match_items(old_texts, new_texts, is_crossing=is_crossing)
    splits, merges = find_splits(old_texts, new_texts, pairs)
    changes: list[Change] = []
    for found in splits:
        changes.append(ItemSplit(**where, section=section_of(found.group), field=found.group, old_index=found.one,
                                 indexes=found.pieces, old=old[found.group][found.one],
                                 new=tuple(new[found.group][j] for j in found.pieces)))
    for found in merges:
        changes.append(ItemMerged(**where, section=section_of(found.group), field=found.group,
                                  old_indexes=found.pieces, index=found.one,
                                  old=tuple(old[found.group][i] for i in found.pieces),
                                  new=new[found.group][found.one]))
    regrouped_old = {(s.group, s.one) for s in splits} | {(m.group, i) for m in merges for i in m.pieces}
    regrouped_new = {(s.group, j) for s in splits for j in s.pieces} | {(m.group, m.one) for m in merges}
    pairs = [(a, b) for a, b in pairs if a not in regrouped_old and b not in regrouped_new]
    matched_old = {slot for slot, _ in pairs} | regrouped_old
    matched_new = {slot for _, slot in pairs} | regrouped_new
    for group, items in old.items():
        changes += [ItemRemoved(**where, section=section_of(group), field=group, index=i, item=item)
                    for i, item in enumerate(items) if (group, i) not in matched_old]
    for group, items in new.items():
        changes += [ItemAdded(**where, section=section_of(group), field=group, index=j, item=item)
                    for j, item in enumerate(items) if (group, j) not in matched_new]
    for (from_group, i), (group, j) in pairs:
        was, now = old[from_group][i], new[group][j]
        changes += _pair_changes(where, from_group, group, i, j, was, now)
    for group in new:
        reorder = _reorder([(i, j) for (g1, i), (g2, j) in pairs if g1 == g2 == group])
        if reorder is not None:
            changes.append(ItemsReordered(**where, section=section_of(group), field=group, order=reorder[0],
                                          moved=reorder[1]))
    return changes


def _pair_changes(where: dict[str, str], from_group: str, group: str, i: int, j: int, was: Any,
                  now: Any) -> list[Change]:
    words = word_ops(_text(was), _text(now)) if _text(was) != _text(now) else ()
    section = section_of(group)
    if from_group != group:
        return [ItemMoved(**where, section=section, from_field=from_group, field=group, old_index=i, index=j,
                          old=was, new=now, words=words)]
    changes: list[Change] = []
    if isinstance(was, KeyFunction) and isinstance(now, KeyFunction):
        if was.model_copy(update={"percent": now.percent}) != now:
            changes.append(ItemEdited(**where, section=section, field=group, old_index=i, index=j, old=was,
                                      new=now, words=words,
                                      is_cosmetic=is_cosmetic(was.text, now.text)
                                      and was.expected_result == now.expected_result))
        if was.percent != now.percent:
            changes.append(PercentChanged(**where, section=section, old_index=i, index=j, text=now.text,
                                          old=was.percent, new=now.percent))
    elif was != now:
        changes.append(ItemEdited(**where, section=section, field=group, old_index=i, index=j, old=was,
                                  new=now, words=words, is_cosmetic=is_cosmetic(was, now)))
    return changes
