"""A position's history and blame, from the store: each version that changed it, and where each of
its fields and items comes from.

Every published version (and the open draft, for ``@draft``) is read through one ``git cat-file``
process and each consecutive pair is diffed once; the position is followed through them by
:mod:`docversion.diff.lineage`, found by any title it has had in any of them, and told up to the
revision asked for. Who made each version is the record's, as ``log``
tells it (:func:`docversion.workflow.provenance.version_records`): the change-control log for a
version published through it, the row of MODIFICACIONES REALIZADAS for one signed on paper.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from docversion.diff import diff
from docversion.diff.changes import TermRenamed
from docversion.diff.lineage import Event, Origin, Step, Track, concerning, events, matching, origins, tracks
from docversion.diff.links import parts, section
from docversion.errors import DocversionError, InvalidInputError
from docversion.i18n import _
from docversion.records import (
    BlamedPart,
    PositionBlame,
    PositionChange,
    PositionHistory,
    VersionInfo,
    VersionRecord,
    VersionStamp,
)
from docversion.store.logs import read_workflow
from docversion.store.refs import Revision, parse_revision
from docversion.store.store import Store
from docversion.workflow.provenance import version_records
from docversion.workflow.state import Request

_OWN_KINDS = ("position_added", "position_renamed", "position_removed")  # told first: what befell the position


@dataclass(frozen=True)
class Line:
    """A manual's published versions (and the open draft when it is asked for), each with its change
    set from the one before, its commit and its version (None for the draft); ``last``, the step of
    the revision asked for; the record of every version; the open request."""

    code: str
    revision: Revision
    last: int
    steps: tuple[Step, ...]
    commits: tuple[str, ...]
    versions: tuple[VersionInfo | None, ...]
    records: dict[int, VersionRecord]
    request: Request | None

    def stamp(self, step: int) -> VersionStamp:
        """The version of ``step`` with its in-force date (the record's, else the tag's)."""
        info = self.versions[step]
        if info is None:
            return VersionStamp(None)
        record = self.records.get(info.version)
        return VersionStamp(info.version, record.in_force if record and record.in_force else info.in_force)

    def name(self, step: int) -> str:
        """``v5``, or ``draft``."""
        info = self.versions[step]
        return f"v{info.version}" if info is not None else _("draft")

    @property
    def until(self) -> tuple[Step, ...]:
        """The steps up to the revision asked for."""
        return self.steps[:self.last + 1]


def read_line(store: Store, code: str, revision: Revision | str) -> Line:
    """Manual ``code``'s published versions (and for ``draft`` the open draft), each pair diffed once,
    read through one git process."""
    revision = parse_revision(revision)
    refs = store.refs(code)
    commit, info = store.resolve(code, revision)
    versions: list[VersionInfo | None] = list(refs.versions)
    commits = [v.commit for v in refs.versions]
    if info is None:
        versions.append(None)
        commits.append(commit)
    sources = [f"{code}@{_name(v)}" for v in versions]
    manuals = store.load_many(code, list(zip(commits, sources, strict=True)))
    steps = [Step(manuals[0])] + [Step(new, diff(old, new)) for old, new in itertools.pairwise(manuals)]
    _, _, _, workflow = read_workflow(store.git, code)
    records = version_records(refs.versions, workflow, manuals[len(refs.versions) - 1].revisions if refs.versions
                              else ())
    last = len(versions) - 1 if info is None else versions.index(info)
    return Line(code, revision, last, tuple(steps), tuple(commits), tuple(versions), records, workflow.open)


def _name(info: VersionInfo | None) -> str:
    return f"v{info.version}" if info is not None else "draft"


def find_position(line: Line, text: str) -> Track:
    """The position ``text`` names, by id or by a title it has had in any version of the line, as it
    stands up to the revision asked for.

    None: DocversionError listing the positions at the revision (exit 1); one that came in after
    the revision: DocversionError naming the version it came in. Several (a title that passed from
    one position to another): InvalidInputError naming each with its titles (exit 5).
    """
    candidates = tracks(line.steps)
    found = matching(line.steps, candidates, text)
    if len(found) > 1:
        raise InvalidInputError(
            _("{text!r} names more than one position of manual {code}: {choices}").format(
                text=text, code=line.code, choices="; ".join(_choice(line, t) for t in found)),
            hint=_("give the position's id"))
    if not found:
        here = [t for t in candidates if t.start <= line.last < t.end]
        raise DocversionError(_("manual {code} has no position {text!r} in any version; its positions at "
                                "{revision}: {choices}").format(code=line.code, text=text,
                                                                revision=line.name(line.last),
                                                                choices="; ".join(_choice(line, t) for t in here)))
    [track] = found
    if track.start > line.last:
        raise DocversionError(_("position {id} of manual {code} came in {version}, after {revision}: ask at "
                                "{code}@{version} or later").format(
            id=track.ids[0], code=line.code, version=line.name(track.start), revision=line.name(line.last)))
    return Track(track.start, track.ids[:line.last + 1 - track.start])


def _choice(line: Line, track: Track) -> str:
    """A position as an error names it: its last id and every title it has had, with when."""
    spans: list[tuple[str, int, int]] = []
    for k in range(track.start, track.end):
        title = track.position(line.steps, k).title
        if spans and spans[-1][0] == title:
            spans[-1] = (title, spans[-1][1], k)
        else:
            spans.append((title, k, k))
    named = [f"{title} ({_span(line, first, last)})" for title, first, last in spans]
    return f"{track.ids[-1]}: {', '.join(named)}"


def _span(line: Line, first: int, last: int) -> str:
    return line.name(first) if first == last else f"{line.name(first)}–{line.name(last)}"


def position_history(store: Store, code: str, revision: Revision | str, text: str) -> PositionHistory:
    """Every version up to ``revision`` that created, changed or removed the position ``text`` names,
    newest first, with its change kinds, its sentences that concern it and who made it."""
    line = read_line(store, code, revision)
    track = find_position(line, text)
    found = tuple(_change(line, track, event) for event in reversed(events(line.until, track)))
    current = track.position(line.steps, track.end - 1)
    return PositionHistory(code=code, revision=str(line.revision), position_id=current.id, title=current.title,
                           titles=track.titles(line.steps), changes=found)


def _change(line: Line, track: Track, event: Event) -> PositionChange:
    info = line.versions[event.step]
    record = line.records.get(info.version) if info is not None else None
    changeset = line.steps[event.step].changes
    if record is not None:
        written: Sequence[str] = record.sentences
    elif line.request is not None and line.request.sentences:
        written = line.request.sentences
    else:
        written = changeset.sentences if changeset is not None else ()
    own, others = _titles(line, track, event.step)
    terms = [word for change in event.changes if isinstance(change, TermRenamed) for word in (change.old, change.new)]
    sentences = concerning(written, own + terms, others)
    kinds = Counter(sorted((change.kind for change in event.changes), key=lambda kind: kind not in _OWN_KINDS))
    return PositionChange(
        stamp=line.stamp(event.step), commit=line.commits[event.step], event=event.kind,
        position_id=track.ids[min(event.step, track.end - 1) - track.start], title=event.title,
        former_title=event.former_title, kinds=tuple(kinds.items()), sentences=sentences or tuple(written),
        are_the_versions_sentences=not sentences and bool(written), record=record,
        changes=tuple(change.model_dump(mode="json") for change in event.changes))


def _titles(line: Line, track: Track, step: int) -> tuple[list[str], list[str]]:
    """The position's titles at ``step`` and the step before, and every other position's there."""
    own: list[str] = []
    others: list[str] = []
    for k in (step - 1, step):
        if k < 0:
            continue
        mine = track.ids[k - track.start] if track.start <= k < track.end else None
        for position in line.steps[k].manual.positions:
            (own if position.id == mine else others).append(position.title)
    return own, others


def _blamed(line: Line, path: str, value: Any, origin: Origin) -> BlamedPart:
    plain = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return BlamedPart(path=path, section=section(path), value=plain, introduced=line.stamp(origin.introduced),
                      changed=line.stamp(origin.changed), how=origin.how, moved_from=origin.moved_from,
                      term=origin.term)


def position_blame(store: Store, code: str, revision: Revision | str, text: str) -> PositionBlame:
    """Every field and item of the position ``text`` names, at ``revision``, beside the versions that
    introduced and last changed it."""
    line = read_line(store, code, revision)
    track = find_position(line, text)
    last = line.last
    if track.end <= last:
        raise DocversionError(_("position {id} of manual {code} was removed in {removed}: blame it at an "
                                "earlier revision, such as {code}@{before}").format(
            id=track.ids[-1], code=code, removed=line.name(track.end), before=line.name(track.end - 1)))
    position = track.position(line.steps, last)
    found = origins(line.until, track)
    blamed = tuple(_blamed(line, path, value, found[path]) for path, value in parts(position))
    named = sorted({v for part in blamed for v in (part.introduced.version, part.changed.version) if v is not None})
    return PositionBlame(code=code, revision=str(line.revision), commit=line.commits[last],
                         version=line.versions[last], position_id=position.id, title=position.title, parts=blamed,
                         records=tuple(line.records[v] for v in named if v in line.records))
