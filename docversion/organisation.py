"""The organisation: every position of the manuals in force, and whom each reports to.

One manual's :func:`docversion.lint.lint` cannot see past its own cover: a REPORTA A may name a
position of another manual, and a manager's PUESTOS DIRECTAMENTE BAJO SU CARGO may list
positions another manual describes. :func:`organise` reads every manual in force together and
returns the chart as plain records: a node per position (grouped by manual and unit), a node per
cover role (Autorizado, Revisado, Responsable de Proceso) that some REPORTA A names and no
position holds, and an edge per REPORTA A. Titles are matched as one manual's lint matches them
(:func:`docversion.lint.title_key`: case, accents, white space and a trailing full stop aside),
over all the manuals at once; a position's title wins over a cover role of the same words.

Edge kinds: ``position`` (to the one position that holds the title), ``role`` (to a cover role),
``ambiguous`` (the title is held by two positions or more: to none, and a finding),
``dangling`` (it names nothing: to none, and a finding). A REPORTA A of "N/A" is the top of the
chart: no edge.

Findings across manuals, all warnings (either side may be the stale one, and only a person can
tell which), in document order (manual by manual, position by position, field by field):

- ``title_used_twice``: two positions, of one manual or of two, with one title (at each of them);
- ``unknown_superior``: a REPORTA A that names no position of any manual in force and no role
  of any of their covers;
- ``ambiguous_superior``: a REPORTA A that names a title two positions hold;
- ``direct_reports_disagree``: a manager whose list of direct reports (and so its count, which
  the model holds equal to the list) is not the positions whose REPORTA A names it, with both
  sides: listed but not reporting to it, reporting to it but not listed.

:func:`lint_all` is what ``docversion lint --all`` reports: each manual's own findings, then
those across manuals, none twice. One manual's "no position of this manual" warning and its
"lists a direct report that reports to another position" warning are left out there: the checks
across manuals answer both, with every manual in view. A finding across manuals at a position and
field where the manual's own lint gives an error (an old title left after a rename) is left out
too: the error says what to write.

Pure: takes manuals, returns records; no store, no terminal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from docversion.formats.structure.labels import is_placeholder
from docversion.i18n import _, ngettext
from docversion.lint import Finding, FindingKind, lint, quoted, title_key
from docversion.model import Manual, Position
from docversion.text import slugify

NodeKind = Literal["position", "role"]
EdgeKind = Literal["position", "role", "dangling", "ambiguous"]
_SUPERSEDED = frozenset({"unknown_superior", "not_reporting_back"})  # one manual's, answered across manuals


@dataclass(frozen=True)
class ManualInForce:
    """One manual as the organisation reads it: its store code, the version read, and (for
    :func:`lint_all`) the published version that one continues."""

    code: str
    manual: Manual
    base: Manual | None = None


@dataclass(frozen=True)
class Skipped:
    """A manual with no version in force on the day asked: the day its first version came into
    force, None when it has no published version."""

    code: str
    first_in_force: date | None


@dataclass(frozen=True)
class Node:
    """A box of the chart: a position (its manual's code, its id, title, unit and department) or
    a cover role that a REPORTA A names and no position holds (title only)."""

    id: str
    kind: NodeKind
    title: str
    code: str | None = None
    position_id: str | None = None
    unit: str | None = None
    department: str | None = None


@dataclass(frozen=True)
class Edge:
    """A position's REPORTA A: from the position's node to its superior's (None when the words
    name nothing, or a title several positions hold: then ``candidates`` are those)."""

    source: str
    target: str | None
    kind: EdgeKind
    reports_to: str
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """The positions of one UNIDAD/ÁREA (and DEPENDENCIA) of a manual, by node id, in document order."""

    name: str
    department: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class ManualChart:
    """One manual of the chart: its code, the version in force, its area and its units."""

    code: str
    version: int
    area: str
    in_force: date
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Organisation:
    """The chart: manuals with their units, nodes, edges and the findings across manuals; the
    day it is drawn for and the manuals that had no version in force that day."""

    manuals: tuple[ManualChart, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    findings: tuple[Finding, ...]
    as_of: date | None = None
    skipped: tuple[Skipped, ...] = ()

    def node(self, node_id: str) -> Node:
        """The node with this id; ``KeyError`` when there is none."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    @property
    def roles(self) -> tuple[Node, ...]:
        """The role nodes, in the order REPORTA A first names them."""
        return tuple(node for node in self.nodes if node.kind == "role")


@dataclass(frozen=True)
class _Held:
    """A position with its node, as the title index keeps it."""

    node: Node
    position: Position


class _Index:
    """What every REPORTA A is looked up in: positions and cover roles of every manual, by title key."""

    def __init__(self, manuals: Sequence[ManualInForce]) -> None:
        self.holders: dict[str, list[_Held]] = {}
        self.by_id: dict[str, _Held] = {}
        self.roles: dict[str, str] = {}
        for entry in manuals:
            cover = entry.manual.cover
            for position in entry.manual.positions:
                node = Node(f"{entry.code}/{position.id}", "position", position.title, entry.code, position.id,
                            position.unit, position.department)
                held = self.by_id[node.id] = _Held(node, position)
                self.holders.setdefault(title_key(position.title), []).append(held)
            for role in (cover.authorized_by, *cover.reviewed_by, cover.process_owner):
                self.roles.setdefault(title_key(role), role)

    def of(self, entry: ManualInForce) -> list[_Held]:
        """One manual's positions with their nodes, in document order."""
        return [self.by_id[f"{entry.code}/{position.id}"] for position in entry.manual.positions]


@dataclass(frozen=True)
class _Reports:
    """The edges turned round: each REPORTA A by the node it names, and by every node an
    ambiguous one may name."""

    edges: Mapping[str, Edge]
    reporting: Mapping[str, list[str]]
    maybe: Mapping[str, set[str]]

    @classmethod
    def of(cls, edges: Sequence[Edge], index: _Index) -> _Reports:
        reporting: dict[str, list[str]] = {}
        maybe: dict[str, set[str]] = {}
        for edge in edges:
            if edge.target is not None:
                reporting.setdefault(edge.target, []).append(edge.source)
            for candidate in edge.candidates:
                maybe.setdefault(candidate, set()).add(title_key(index.by_id[edge.source].position.title))
        return cls({edge.source: edge for edge in edges}, reporting, maybe)


def organise(manuals: Sequence[ManualInForce], *, as_of: date | None = None,
             skipped: Sequence[Skipped] = ()) -> Organisation:
    """The chart of ``manuals`` (each with its store code), in their order, with the findings
    across them; ``as_of`` and ``skipped`` are carried for those who show it."""
    index = _Index(manuals)
    role_nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for entry in manuals:
        for position in entry.manual.positions:
            edge = _edge(entry.code, position, index, role_nodes)
            if edge is not None:
                edges.append(edge)
    positions = [held.node for entry in manuals for held in index.of(entry)]
    reports = _Reports.of(edges, index)
    findings: list[Finding] = []
    for entry in manuals:
        findings += _findings(entry, index, reports)
    return Organisation(tuple(_chart(entry, index) for entry in manuals), (*positions, *role_nodes.values()),
                        tuple(edges), tuple(findings), as_of, tuple(skipped))


def lint_all(manuals: Sequence[ManualInForce], organisation: Organisation | None = None) -> list[Finding]:
    """Each manual's own findings (against the version it continues) and those across manuals,
    manual by manual, none twice (see the module's docstring); each finding names its manual."""
    across = organisation.findings if organisation is not None else organise(manuals).findings
    found: list[Finding] = []
    for entry in manuals:
        own = [replace(f, code=entry.code) for f in lint(entry.manual, entry.base) if f.kind not in _SUPERSEDED]
        errors = {(f.position_id, f.field) for f in own if f.severity == "error"}
        found += own
        found += [f for f in across if f.code == entry.code and (f.position_id, f.field) not in errors]
    return found


def _edge(code: str, position: Position, index: _Index, role_nodes: dict[str, Node]) -> Edge | None:
    """The edge of one position's REPORTA A (none for "N/A"), adding the role node it names."""
    source = f"{code}/{position.id}"
    if is_placeholder(position.reports_to):
        return None
    key = title_key(position.reports_to)
    holders = index.holders.get(key, [])
    if len(holders) == 1:
        return Edge(source, holders[0].node.id, "position", position.reports_to)
    if holders:
        return Edge(source, None, "ambiguous", position.reports_to, tuple(h.node.id for h in holders))
    if key in index.roles:
        if key not in role_nodes:
            taken = {node.id for node in role_nodes.values()}
            node_id, number = f"role:{slugify(index.roles[key])}", 2
            while node_id in taken:
                node_id, number = f"role:{slugify(index.roles[key])}-{number}", number + 1
            role_nodes[key] = Node(node_id, "role", index.roles[key])
        return Edge(source, role_nodes[key].id, "role", position.reports_to)
    return Edge(source, None, "dangling", position.reports_to)


def _chart(entry: ManualInForce, index: _Index) -> ManualChart:
    """One manual's units, in the order their first position comes."""
    units: dict[tuple[str, str], list[Node]] = {}
    for held in index.of(entry):
        units.setdefault((title_key(held.position.unit), title_key(held.position.department)), []).append(held.node)
    cover = entry.manual.cover
    return ManualChart(entry.code, cover.version, cover.area, cover.in_force, tuple(
        Unit(nodes[0].unit or "", nodes[0].department or "", tuple(n.id for n in nodes)) for nodes in units.values()))


def _findings(entry: ManualInForce, index: _Index, reports: _Reports) -> Iterator[Finding]:
    """One manual's findings across manuals, position by position, field by field (section I's order)."""
    for held in index.of(entry):
        yield from _title_twice(held, index)
        edge = reports.edges.get(held.node.id)
        if edge is not None:
            yield from _superior(held, edge, index)
        yield from _disagreement(held, index, reports)


def _where(node: Node) -> str:
    return f"{node.position_id} ({node.code})"


def _finding(held: _Held, field: str, message: str, kind: FindingKind) -> Finding:
    return Finding("warning", f"positions.{held.position.id}.{field}", message, kind, held.node.code or "")


def _title_twice(held: _Held, index: _Index) -> Iterator[Finding]:
    others = [h.node for h in index.holders[title_key(held.position.title)] if h.node.id != held.node.id]
    if others:
        yield _finding(held, "title", _(
            "the title {title} is also the title of {others}: a REPORTA A or PUESTOS DIRECTAMENTE BAJO SU CARGO "
            "that names it cannot tell them apart; give each position its own title").format(
            title=quoted(held.position.title), others=", ".join(_where(node) for node in others)), "title_used_twice")


def _superior(held: _Held, edge: Edge, index: _Index) -> Iterator[Finding]:
    if edge.kind == "dangling":
        yield _finding(held, "reports_to", _(
            "reports to {title}, which is no position of any manual in force and no role of their covers: "
            "check the title").format(title=quoted(edge.reports_to)), "unknown_superior")
    elif edge.kind == "ambiguous":
        holders = index.holders[title_key(edge.reports_to)]
        yield _finding(held, "reports_to", _(
            "reports to {title}, the title of {count} positions ({where}): the chart cannot tell which").format(
            title=quoted(edge.reports_to), count=len(holders), where=", ".join(_where(h.node) for h in holders)),
            "ambiguous_superior")


def _disagreement(held: _Held, index: _Index, reports: _Reports) -> Iterator[Finding]:
    """A manager's PUESTOS DIRECTAMENTE BAJO SU CARGO against the positions whose REPORTA A names it."""
    reporting = reports.reporting.get(held.node.id, [])
    maybe = reports.maybe.get(held.node.id, set())
    listed = {title_key(title) for title in held.position.direct_reports}
    reporting_titles = {title_key(index.by_id[source].position.title) for source in reporting}
    not_reporting = [title for title in held.position.direct_reports
                     if title_key(title) not in reporting_titles and title_key(title) not in maybe]
    not_listed = [source for source in reporting if title_key(index.by_id[source].position.title) not in listed]
    if not not_reporting and not not_listed:
        return
    sides = []
    if not_reporting:
        sides.append(_("listed but not reporting to it: {titles}").format(
            titles=", ".join(_listed(title, index) for title in not_reporting)))
    if not_listed:
        sides.append(_("reporting to it but not listed: {titles}").format(
            titles=", ".join(_reporting(source, held, index) for source in not_listed)))
    counts = "; ".join((
        ngettext("{n} listed", "{n} listed", len(held.position.direct_reports)).format(
            n=len(held.position.direct_reports)),
        ngettext("{n} reports to it", "{n} report to it", len(reporting)).format(n=len(reporting))))
    yield _finding(held, "direct_reports", _(
        "its direct reports disagree with the positions whose REPORTA A names it ({counts}): {sides}").format(
        counts=counts, sides="; ".join(sides)), "direct_reports_disagree")


def _listed(title: str, index: _Index) -> str:
    """A listed title that does not report back, with what it does report to, when that is known."""
    holders = index.holders.get(title_key(title), [])
    if not holders:
        return _("{title} (no position of any manual in force)").format(title=quoted(title))
    if len(holders) == 1:
        return _("{title} (reports to {superior})").format(title=quoted(title),
                                                           superior=quoted(holders[0].position.reports_to))
    return quoted(title)


def _reporting(source: str, manager: _Held, index: _Index) -> str:
    """A position that reports to the manager without being listed, with its manual when it is another."""
    held = index.by_id[source]
    if held.node.code == manager.node.code:
        return quoted(held.position.title)
    return f"{quoted(held.position.title)} ({held.node.code})"
