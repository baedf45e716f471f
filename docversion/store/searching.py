"""Searching the store: a phrase in the published versions of every manual, without regard to case
or accents, each hit with the range of versions its text stands in.

The scope is the version of each manual in force on a day (today by default) or every published
version; drafts are never searched, as they are not the record and change with every import.
The answer comes from the search index (:mod:`docversion.store.search_index`), brought up to
date first from the refs (one ``git for-each-ref``): nothing is indexed when a version is
recorded, so writers pay nothing, and a version that came by a pull, a publish or another
docversion is indexed by the next search all the same. When the index cannot answer (a read-only
store, a database busy in another process, a damage that building it again does not mend), the
texts are read from git and matched here: slower, never different.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from docversion.errors import DocversionError, InvalidInputError
from docversion.i18n import _
from docversion.search.hits import hits_of
from docversion.search.phrase import Phrase
from docversion.search.records import IndexState, Occurrence, ScopeKind, SearchedManual, SearchResult, SearchScope
from docversion.search.units import FIELDS
from docversion.store import history
from docversion.store.history import ManualRefs
from docversion.store.search_index import Current, IndexUnavailable, SearchIndex
from docversion.store.search_reading import Units, VersionFiles, Wanted, read_versions

if TYPE_CHECKING:
    from docversion.store.store import Store

__all__ = ["search"]


def search(store: Store, text: str, *, today: date, code: str | None = None, as_of: date | None = None,
           is_all_versions: bool = False, fields: Collection[str] = ()) -> SearchResult:
    """Where ``text`` stands: in each manual's version in force on ``as_of`` (else ``today``), or in
    every published version with ``is_all_versions``; of manual ``code`` only (as stored), in
    ``fields`` only (:data:`docversion.search.units.FIELDS`; empty: every field).

    InvalidInputError when ``text`` holds no word, a field is unknown, or both a day and every
    version are asked for; DocversionError when the store has no manual ``code``.
    """
    phrase = Phrase.of(text)
    if as_of is not None and is_all_versions:
        raise InvalidInputError(_("give either a day or every version, not both"), field="--as-of")
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InvalidInputError(_("{name!r} is not a field a search can be restricted to").format(name=unknown[0]),
                                field="--field")
    scanned = history.scan(store.git)
    if code is not None and (code not in scanned or scanned[code].head is None):
        raise DocversionError(_("the store has no manual {code}; 'docversion list' shows those it has").format(
            code=code))
    manuals = {name: refs for name, refs in scanned.items() if refs.versions}
    kind: ScopeKind = "all" if is_all_versions else "as_of" if as_of is not None else "in_force"
    day = None if is_all_versions else as_of or today
    in_scope = _in_scope(manuals, code, day)
    current = {(name, v.version): v.commit for name, refs in manuals.items() if name in in_scope
               for v in refs.versions}
    everything = {(name, v.version): v.commit for name, refs in manuals.items() for v in refs.versions}
    occurrences, state = _occurrences(store, phrase, everything, current, code, frozenset(fields))
    versions = {name: [v.version for v in refs.versions] for name, refs in manuals.items()}
    shown = None if day is None else {name: numbers[0] for name, numbers in in_scope.items()}
    hits = hits_of((o for o in occurrences if o.code in in_scope), phrase, versions, shown)
    scope = SearchScope(kind, day, code, tuple(field for field in FIELDS if field in fields))
    return SearchResult(phrase.text, phrase.words, scope,
                        tuple(SearchedManual(name, numbers) for name, numbers in in_scope.items()), tuple(hits), state)


def _in_scope(manuals: Mapping[str, ManualRefs], code: str | None, day: date | None) -> dict[str, tuple[int, ...]]:
    """The versions searched of each manual (of ``code`` only, when given): the one in force on ``day``,
    or every one when ``day`` is None; a manual with none in force that day is not searched."""
    found: dict[str, tuple[int, ...]] = {}
    for name, refs in sorted(manuals.items()):
        if code is not None and name != code:
            continue
        if day is None:
            found[name] = tuple(v.version for v in refs.versions)
        elif (in_force := refs.in_force(day)) is not None:
            found[name] = (in_force.version,)
    return found


def _occurrences(store: Store, phrase: Phrase, everything: Current, current: Current, code: str | None,
                 fields: frozenset[str]) -> tuple[list[Occurrence], IndexState]:
    """What the index finds, brought up to ``everything`` (the index reflects every published version,
    whatever one search asks) first; what git holds of ``current`` when it cannot answer."""
    index = SearchIndex(store.git_dir)

    def read(wanted: Sequence[Wanted], known: Callable[[Collection[str]], Collection[str]]) -> tuple[
            list[VersionFiles], Units]:
        return read_versions(store.git, store.parsed, wanted, known)

    for attempt in range(2):
        try:
            refresh = index.refresh(everything, read)
            found = index.occurrences(phrase, code, fields)
        except IndexUnavailable as exc:
            if exc.is_damaged and attempt == 0 and index.discard():
                continue  # built again on the second try
            break
        found = [o for o in found if current.get((o.code, o.version)) == o.commit]
        if all(phrase.is_in(text) for text in {o.text for o in found}):
            return found, refresh.state
        if attempt == 1 or not index.discard():  # it names texts that do not hold the phrase: not to be trusted
            break
    return _from_git(store, phrase, current, code, fields), "unavailable"


def _from_git(store: Store, phrase: Phrase, current: Current, code: str | None,
              fields: frozenset[str]) -> list[Occurrence]:
    """The occurrences of ``phrase`` read from git's objects, each blob's texts matched once."""
    wanted = sorted((name, version, commit) for (name, version), commit in current.items()
                    if code is None or name == code)
    versions, units = read_versions(store.git, store.parsed, wanted)
    matching = {blob: [(order, unit) for order, unit in enumerate(texts)
                       if (not fields or unit.field in fields) and phrase.is_in(unit.text)]
                for blob, texts in units.items()}
    return [Occurrence(version.code, version.version, version.commit, version.area, placed.position_id,
                       units[placed.blob][0].text if placed.position_id else None, placed.index, unit.path,
                       unit.field, order, unit.text)
            for version in versions for placed in version.files for order, unit in matching[placed.blob]]
