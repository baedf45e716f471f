"""Consistency findings of a manual ("lint"): what no single field's rule can see.

A manual names its positions in several places besides their titles: REPORTA A, PUESTOS
DIRECTAMENTE BAJO SU CARGO and the objective's free text. :func:`lint` checks that these agree
with the positions the manual has and, given the version it continues, with this version's
renames. Pure: takes manuals, returns findings; the command line decides what to print.

Severities, and why:

- error: a renamed position's old title still written where a title belongs (a position's
  REPORTA A, an item of its PUESTOS DIRECTAMENTE BAJO SU CARGO). The institution would sign a
  manual that names a position it no longer has; the fix is certain (write the new title), so
  this blocks ``submit``.
- warning: the old title inside the objective's free text. The sentence may need rewording
  rather than a swap, and a sentence may name the old title on purpose.
- warning: a REPORTA A that names no position of the manual and no role of its cover
  (Autorizado, Revisado, Responsable de Proceso). The superior may be a position of another
  manual, which this one cannot see.
- warning: a direct report that is a position of this manual but whose REPORTA A names another
  position. Either side may be the stale one, and only a person can tell which.

Titles compare folded: case, accents, white space and a trailing full stop aside
(:func:`docversion.formats.structure.labels.fold`, the rule the reader uses for the index). "N/A"
and empty lists are not findings. Two rules the issue also names are rules of the model
(:class:`docversion.model.Position`): a direct-report count that disagrees with its list and
key-function shares above 100% refuse the document when it is read (exit 5), so no
:class:`~docversion.model.Manual` can hold them and they are not checked again here. Nor is the
ÍNDICE: the model keeps no index (it is written from the titles, and the reader checks a
document's index against them).

What one manual cannot see is checked across the manuals in force by
:mod:`docversion.organisation` (a REPORTA A that names another manual's position, a manager's list
against every position that reports to it, a title two positions hold); ``docversion lint --all``
reports both, none twice. Each finding has a ``kind`` (:data:`FindingKind`), and its manual's
``code`` where findings of several manuals are shown together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from docversion.formats.structure.labels import fold, is_placeholder
from docversion.i18n import N_, _, current
from docversion.labels import field_name
from docversion.model import Manual, Position

Severity = Literal["error", "warning"]
_SEVERITY_NAMES = {"error": N_("error"), "warning": N_("warning")}
FindingKind = Literal["stale_title", "stale_mention", "unknown_superior", "not_reporting_back",
                      "ambiguous_superior", "direct_reports_disagree", "title_used_twice"]
"""What a finding is about, the same in every language. One manual's: ``stale_title`` (a renamed
position's old title where a title belongs), ``stale_mention`` (one in an objective),
``unknown_superior``, ``not_reporting_back``. Across manuals (:mod:`docversion.organisation`):
``unknown_superior`` too, ``ambiguous_superior``, ``direct_reports_disagree`` and
``title_used_twice``."""


@dataclass(frozen=True)
class Finding:
    """One inconsistency: how grave, the model path it concerns, and what is wrong in words.

    ``severity``, ``path``, ``kind`` and ``code`` are the same in every language (the command
    line's JSON gives them); ``message`` is in the language current when :func:`lint` ran, and
    ``str()`` shows the severity and the field in the current language (in Spanish the
    position's id and the field's label: ``jefe-de-area, Reporta a``). ``code`` is the store
    code of the manual, set where findings of several manuals are shown together.
    """

    severity: Severity
    path: str
    message: str
    kind: FindingKind | None = None
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.code}: {_shown(self.path)}" if self.code else _shown(self.path)
        return f"{_(_SEVERITY_NAMES[self.severity])}: {where}: {self.message}"

    @property
    def position_id(self) -> str | None:
        """The id of the position the finding is about (None for a finding of the cover)."""
        parts = self.path.split(".")
        return parts[1] if len(parts) > 2 and parts[0] == "positions" else None

    @property
    def field(self) -> str:
        """The model field the finding is about, without the position or an item's index
        (``reports_to``, ``direct_reports``)."""
        parts = self.path.split(".")
        if len(parts) > 2 and parts[0] == "positions":
            parts = parts[2:]
        return ".".join(part for part in parts if not part.isdigit())


@dataclass(frozen=True)
class _Rename:
    old: str
    new: str


@dataclass(frozen=True)
class _Scope:
    """What every check looks things up in: titles, cover roles, renames, all by folded key."""

    positions: Mapping[str, Position]
    roles: frozenset[str]
    renames: Mapping[str, _Rename]


def _shown(path: str) -> str:
    """A finding's path as the user reads it: the path itself in English; in Spanish the
    position's id and the field's label."""
    parts = path.split(".")
    if current() != "es" or len(parts) < 3 or parts[0] != "positions":
        return path
    return f"{parts[1]}, {field_name(path)}"


def title_key(text: str) -> str:
    """The compare form of a title: folded, without a trailing full stop."""
    return fold(text).rstrip(" .")


def lint(manual: Manual, base: Manual | None = None) -> list[Finding]:
    """Consistency findings of `manual`; `base` is the version it continues (for renames).

    Findings come in document order: position by position, field by field.
    """
    cover = manual.cover
    positions = {title_key(p.title): p for p in manual.positions}
    scope = _Scope(
        positions=positions,
        roles=frozenset(title_key(r) for r in (cover.authorized_by, cover.process_owner, *cover.reviewed_by)),
        renames=_renames(base, manual, positions) if base is not None else {},
    )
    findings: list[Finding] = []
    for position in manual.positions:
        findings += _reports_to(position, scope)
        findings += _direct_reports(position, scope)
        findings += _objective(position, scope)
    return findings


def _renames(base: Manual, manual: Manual, positions: Mapping[str, Position]) -> dict[str, _Rename]:
    """This version's position renames by old title, leaving out those whose old title is still
    a position's (taken by another position) and those that only change case or accents."""
    from docversion.diff import diff  # only with a base: the organisation's chart needs no diff
    from docversion.diff.changes import PositionRenamed

    found = {}
    for change in diff(base, manual).changes:
        if isinstance(change, PositionRenamed):
            key = title_key(change.old)
            if key != title_key(change.new) and key not in positions:
                found[key] = _Rename(change.old, change.new)
    return found


def _reports_to(position: Position, scope: _Scope) -> Iterator[Finding]:
    path = f"positions.{position.id}.reports_to"
    key = title_key(position.reports_to)
    rename = scope.renames.get(key)
    if rename is not None:
        yield Finding("error", path, _("reports to {old}, the old title of {new} (renamed in this version): "
                                       "write the new title").format(old=quoted(position.reports_to),
                                                                     new=quoted(rename.new)), "stale_title")
    elif key not in scope.positions and key not in scope.roles and not is_placeholder(position.reports_to):
        yield Finding("warning", path, _("reports to {title}, which is no position of this manual and no role of "
                                         "its cover: check the title (it may be a position of another "
                                         "manual)").format(title=quoted(position.reports_to)), "unknown_superior")


def _direct_reports(position: Position, scope: _Scope) -> Iterator[Finding]:
    own = title_key(position.title)
    own_titles = {own, *(old for old, rename in scope.renames.items() if title_key(rename.new) == own)}
    for index, title in enumerate(position.direct_reports):
        path = f"positions.{position.id}.direct_reports.{index}"
        key = title_key(title)
        rename = scope.renames.get(key)
        report = scope.positions.get(key)
        if rename is not None:
            yield Finding("error", path, _("lists {old}, the old title of {new} (renamed in this version): "
                                           "write the new title").format(old=quoted(title), new=quoted(rename.new)),
                          "stale_title")
        elif report is not None and report is not position and title_key(report.reports_to) not in own_titles:
            yield Finding("warning", path, _("lists {title} as a direct report, but {report} reports to {superior}: "
                                             "correct whichever is out of date").format(
                title=quoted(title), report=quoted(report.title), superior=quoted(report.reports_to)),
                "not_reporting_back")


def _objective(position: Position, scope: _Scope) -> Iterator[Finding]:
    text = fold(position.objective)
    for key, rename in scope.renames.items():
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", text):
            yield Finding("warning", f"positions.{position.id}.objective",
                          _("mentions {old}, the old title of {new} (renamed in this version): check whether the "
                            "sentence should name the new title").format(old=quoted(rename.old),
                                                                         new=quoted(rename.new)), "stale_mention")


def quoted(text: str) -> str:
    """The manual's own words, quoted."""
    return f'"{text}"'
