"""The org command: every position in force, across manuals, with whom each reports to."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    cli,
    emit_json,
    json_option,
    pass_context,
    reports_errors,
    show_view,
)
from docversion.cli.params import DAY
from docversion.errors import DocversionError
from docversion.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from docversion.lint import Finding
    from docversion.organisation import ManualInForce, Organisation, Skipped

FORMATS = ("svg", "dot", "mermaid", "html", "text")
in_force_option = click.option(
    "--as-of", "as_of", type=DAY,
    help=N_("Read each manual's version in force on this day (2018-01-02, 02/01/2018 or '02 de enero de 2018'); "
            "default: today. Manuals with no version in force that day are skipped, and named."))


def read_in_force(context: StoreContext, day: date, *,
                  has_bases: bool = False) -> tuple[list[ManualInForce], list[Skipped]]:
    """Every manual's version in force on ``day`` and those skipped, each skipped one named on
    stderr; an error when none is in force."""
    from docversion.render.org_chart import skipped_phrase
    from docversion.store.in_force import manuals_in_force

    manuals, skipped = manuals_in_force(context.store(), day, has_bases=has_bases)
    for manual in skipped:
        click.echo(_("skipped {manual}").format(manual=skipped_phrase(manual.code, manual.first_in_force)), err=True)
    if not manuals:
        raise DocversionError(_("no manual of the store was in force on {day}: 'docversion list' shows when each "
                                "came into force").format(day=day.isoformat()))
    return manuals, skipped


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as the --json documents of ``lint`` and ``org`` give it."""
    from docversion.labels import field_label

    data: dict[str, Any] = {"severity": finding.severity, "kind": finding.kind, "path": finding.path,
                            "position_id": finding.position_id, "field": finding.field,
                            "label": field_label(finding.field), "message": finding.message}
    if finding.code:
        data["code"] = finding.code
    return data


def skipped_json(skipped: list[Skipped] | tuple[Skipped, ...]) -> list[dict[str, Any]]:
    """The manuals with no version in force, as the --json documents give them."""
    return [{"code": s.code, "first_in_force": s.first_in_force.isoformat() if s.first_in_force else None}
            for s in skipped]


@cli.command(epilog=EXIT_CODES_HELP)
@in_force_option
@click.option("--format", "chart_format", type=click.Choice(FORMATS),
              help=N_("svg: drawn by Graphviz (dot must be installed); dot: Graphviz's DOT text; mermaid: a "
                      "Mermaid flowchart; html: one self-contained page (the SVG, or the Mermaid text without "
                      "Graphviz); text: indented, for the terminal. Default: svg when Graphviz is installed, "
                      "else mermaid."))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("Write the chart to this file (all at once) instead of stdout."))
@json_option
@pass_context
@reports_errors
def org(context: StoreContext, as_of: date | None, chart_format: str | None, output: Path | None,
        as_json: bool) -> None:
    """Draw the organisation: every position in force, by manual and unit, with its REPORTA A.

    Each manual's version in force today (or --as-of) is read; a REPORTA A joins its position to
    the position of that title in any manual, else to a role of a cover (Autorizado, Revisado,
    Responsable de Proceso); one that names nothing, or a title two positions hold, is drawn in
    red and counted as a finding ('docversion lint --all' explains them). With --json, the nodes,
    edges and findings as data (and the chart written only with -o).
    """
    from docversion.organisation import organise
    from docversion.render.org_chart import chart_title

    day = as_of or date.today()
    manuals, skipped = read_in_force(context, day)
    organisation = organise(manuals, as_of=day, skipped=skipped)
    written = None
    if output is not None or not as_json:
        written = _chart_format(chart_format, is_quiet=as_json)
        _write_chart(context, organisation, written, output)
    if as_json:
        emit_json(_organisation_json(organisation, written, output))
        return
    click.echo(_("{title}: {edges}, {findings}").format(
        title=chart_title(organisation),
        edges=ngettext("{n} REPORTA A edge", "{n} REPORTA A edges", len(organisation.edges)).format(
            n=len(organisation.edges)),
        findings=ngettext("{n} finding ('docversion lint --all' explains it)",
                          "{n} findings ('docversion lint --all' explains them)", len(organisation.findings)).format(
            n=len(organisation.findings))), err=True)


def _chart_format(chosen: str | None, *, is_quiet: bool) -> str:
    """The format asked for, else svg when Graphviz is installed and mermaid (saying so) when not."""
    from docversion.formats.graphviz import find_dot

    if chosen is not None:
        return chosen
    if find_dot() is not None:
        return "svg"
    if not is_quiet:
        click.echo(_("Graphviz is not installed (no 'dot' program on PATH): writing the chart as Mermaid text; "
                     "install the graphviz package for SVG, or choose --format dot, html or text"), err=True)
    return "mermaid"


def _write_chart(context: StoreContext, organisation: Organisation, chart_format: str, output: Path | None) -> None:
    """The chart in ``chart_format``, to ``output`` (atomically) or stdout."""
    from docversion.render import org_chart

    if chart_format == "text":
        from docversion.render.org_view import OrganisationView

        view = OrganisationView(organisation)
        if output is None:
            show_view(context, view)
            return
        text = _plain_text(view)
    elif chart_format == "dot":
        text = org_chart.dot_source(organisation)
    elif chart_format == "mermaid":
        text = org_chart.mermaid_source(organisation)
    elif chart_format == "svg":
        from docversion.formats.graphviz import dot_to_svg

        text = dot_to_svg(org_chart.dot_source(organisation))
    else:
        text = org_chart.html_page(organisation, _svg_if_possible(organisation), org_chart.mermaid_source(organisation))
    if output is None:
        click.echo(text, nl=False)
        return
    from docversion.files import write_file_atomically

    write_file_atomically(text.encode("utf-8"), output)
    click.echo(_("wrote {file}").format(file=output), err=True)


def _svg_if_possible(organisation: Organisation) -> str | None:
    """The SVG of the chart when Graphviz is installed; None (said on stderr) when it is not."""
    from docversion.formats.graphviz import dot_to_svg, find_dot
    from docversion.render.org_chart import dot_source

    if find_dot() is None:
        click.echo(_("Graphviz is not installed (no 'dot' program on PATH): the page holds the chart as Mermaid "
                     "text"), err=True)
        return None
    return dot_to_svg(dot_source(organisation))


def _plain_text(view: Any) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=100, color_system=None, soft_wrap=False)
    console.print(view)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def _organisation_json(organisation: Organisation, chart_format: str | None, output: Path | None) -> dict[str, Any]:
    return {
        "as_of": organisation.as_of.isoformat() if organisation.as_of else None,
        "manuals": [{"code": m.code, "version": m.version, "area": m.area, "in_force": m.in_force.isoformat(),
                     "units": [{"name": u.name, "department": u.department, "nodes": list(u.nodes)} for u in m.units]}
                    for m in organisation.manuals],
        "skipped": skipped_json(organisation.skipped),
        "nodes": [{"id": n.id, "kind": n.kind, "title": n.title, "code": n.code, "position_id": n.position_id,
                   "unit": n.unit, "department": n.department} for n in organisation.nodes],
        "edges": [{"from": e.source, "to": e.target, "kind": e.kind, "reports_to": e.reports_to,
                   "candidates": list(e.candidates)} for e in organisation.edges],
        "findings": [finding_json(f) for f in organisation.findings],
        "format": chart_format, "output": str(output) if output is not None else None,
    }
