"""The organisation in the terminal: each manual and unit, each position with whom it reports to."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from docversion.i18n import _, ngettext
from docversion.lint import quoted
from docversion.organisation import Edge, Organisation
from docversion.render.hanging import Hanging
from docversion.render.org_chart import chart_title, manual_heading, skipped_phrase


class OrganisationView:
    """The chart as indented text: a heading per manual (code, version, area) and per unit, each
    position with its id and its REPORTA A (to a position, with its manual when it is another;
    to a cover role; or what is wrong with it); then the findings and the manuals not in force."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self._edges = {edge.source: edge for edge in organisation.edges}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        organisation = self.organisation
        yield Hanging("", Text(chart_title(organisation), style="bold"))
        for manual in organisation.manuals:
            yield Hanging(Text("── ", style="bold"), Text(manual_heading(manual), style="bold"))
            for unit in manual.units:
                yield Hanging("   ", f"{unit.name} ({unit.department})")
                for node_id in unit.nodes:
                    yield from self._position(node_id, manual.code)
        yield from _section(_("Findings:"), [str(finding) for finding in organisation.findings])
        yield from _section(_("Not in force on that day:"),
                            [skipped_phrase(s.code, s.first_in_force) for s in organisation.skipped])

    def _position(self, node_id: str, code: str) -> RenderResult:
        node = self.organisation.node(node_id)
        title = Text(node.title)
        title.append(f" [{node.position_id}]", style="dim")
        yield Hanging("     ", title)
        edge = self._edges.get(node_id)
        if edge is not None:
            yield Hanging("       ", self._superior(edge, code))

    def _superior(self, edge: Edge, code: str) -> Text:
        if edge.kind == "dangling":
            return Text(_("reports to {title}: no position or role of that title").format(
                title=quoted(edge.reports_to)), style="red")
        if edge.kind == "ambiguous":
            return Text(ngettext("reports to {title}: the title of {n} position",
                                 "reports to {title}: the title of {n} positions", len(edge.candidates)).format(
                title=quoted(edge.reports_to), n=len(edge.candidates)), style="red")
        superior = self.organisation.node(edge.target or "")  # a position's or a role's edge: it has one
        if superior.kind == "role":
            return Text(_("reports to {title} (cover role)").format(title=superior.title))
        if superior.code != code:
            return Text(_("reports to {title} ({code})").format(title=superior.title, code=superior.code))
        return Text(_("reports to {title}").format(title=superior.title))


def _section(heading: str, lines: list[str]) -> RenderResult:
    if not lines:
        return
    parts: list[RenderableType] = [Text(""), Text(heading, style="bold")]
    parts += [Hanging("   - ", line) for line in lines]
    yield from parts
