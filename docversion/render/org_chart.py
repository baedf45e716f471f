"""The organisation chart as text other programs draw: Graphviz DOT, Mermaid, and one HTML page.

Each takes an :class:`~docversion.organisation.Organisation` and returns text. A box per
position, inside a box per manual and, in it, one per unit (UNIDAD/ÁREA, with its DEPENDENCIA);
cover roles that a REPORTA A names (dashed, outside every manual); a red note for a REPORTA A
that names nothing, or a title several positions hold. A line joins each superior (above) to
each position reporting to it; in DOT its arrow points at the superior, the way REPORTA A reads.

The manuals' words are escaped for each language: in DOT quoted strings, backslashes, quotes
and line breaks (a title reads as written, never as one of Graphviz's ``\\N``-style escapes); in
Mermaid, quotes as ``#quot;`` and ``#``, ``<``, ``>``, ``&`` and backticks as entities, with ids
of our own (``n0``, ``r0``, ``x0``, ``m0u0``) that no title can break; in HTML, every text
through :func:`html.escape`. The page loads nothing (a Content-Security-Policy forbids it): the
SVG that Graphviz drew inside it, or else the Mermaid text with a note saying how to draw it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from docversion.i18n import _, current, ngettext
from docversion.lint import title_key
from docversion.organisation import Edge, ManualChart, Organisation


@dataclass
class _Layout:
    """The chart's own ids and its lines, the same for DOT and Mermaid."""

    ids: dict[str, str] = field(default_factory=dict)                    # node id -> chart id
    notes: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (kind, key) -> (id, label)
    lines: list[tuple[str, str, str]] = field(default_factory=list)      # (superior, subordinate, edge kind)


def _layout(organisation: Organisation) -> _Layout:
    layout = _Layout()
    counts = {"position": 0, "role": 0}
    for node in organisation.nodes:
        layout.ids[node.id] = f"{'n' if node.kind == 'position' else 'r'}{counts[node.kind]}"
        counts[node.kind] += 1
    for edge in organisation.edges:
        superior = layout.ids[edge.target] if edge.target is not None else _note(layout, edge)
        layout.lines.append((superior, layout.ids[edge.source], edge.kind))
    return layout


def _note(layout: _Layout, edge: Edge) -> str:
    key = (edge.kind, title_key(edge.reports_to))
    if key not in layout.notes:
        about = (_("no position or role of that title") if edge.kind == "dangling" else
                 ngettext("the title of {n} position", "the title of {n} positions", len(edge.candidates)).format(
                     n=len(edge.candidates)))
        layout.notes[key] = (f"x{len(layout.notes)}", f"{edge.reports_to}\n({about})")
    return layout.notes[key][0]


def chart_title(organisation: Organisation) -> str:
    """The chart's heading: the day it is drawn for, with its counts."""
    positions = sum(1 for node in organisation.nodes if node.kind == "position")
    counts = "; ".join((ngettext("{n} manual", "{n} manuals", len(organisation.manuals)).format(
        n=len(organisation.manuals)), ngettext("{n} position", "{n} positions", positions).format(n=positions)))
    if organisation.as_of is None:
        return _("Organisation ({counts})").format(counts=counts)
    return _("Organisation in force on {day} ({counts})").format(day=organisation.as_of.isoformat(), counts=counts)


def manual_heading(manual: ManualChart) -> str:
    """A manual's box: its code, the version in force and its area."""
    return f"{manual.code} v{manual.version:02d}: {manual.area}"


# Graphviz DOT ------------------------------------------------------------------------------

def dot_string(text: str) -> str:
    """``text`` as a DOT quoted string that Graphviz shows exactly as written (line breaks as
    ``\\n``, centred)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "\\n".join(escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n")) + '"'


_DOT_EDGE_STYLES = {"position": "", "role": " [style=dashed]", "dangling": " [style=dashed, color=\"#c00000\"]",
                    "ambiguous": " [style=dashed, color=\"#c00000\"]"}


def dot_source(organisation: Organisation) -> str:
    """The chart in Graphviz's DOT language: ``dot -Tsvg`` draws it."""
    layout = _layout(organisation)
    lines = ["digraph organisation {",
             f"  graph [rankdir=TB, compound=true, fontname=\"Helvetica\", labelloc=t, "
             f"label={dot_string(chart_title(organisation))}];",
             "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];",
             "  edge [dir=back, color=\"#555555\"];"]
    for number, manual in enumerate(organisation.manuals):
        lines += [f"  subgraph cluster_m{number} {{", f"    label={dot_string(manual_heading(manual))};",
                  "    style=rounded; color=\"#1f4e79\"; labeljust=l;"]
        for unit_number, unit in enumerate(manual.units):
            lines += [f"    subgraph cluster_m{number}u{unit_number} {{",
                      f"      label={dot_string(unit.name + chr(10) + unit.department)};",
                      "      style=dashed; color=\"#7f7f7f\";"]
            lines += [f"      {layout.ids[node_id]} [label={dot_string(organisation.node(node_id).title)}, "
                      f"id={dot_string(node_id)}];" for node_id in unit.nodes]
            lines.append("    }")
        lines.append("  }")
    role_word = _("(cover role)")
    for role in organisation.roles:
        lines.append(f"  {layout.ids[role.id]} [label={dot_string(role.title + chr(10) + role_word)}, "
                     f"id={dot_string(role.id)}, shape=ellipse, style=dashed];")
    for note_id, label in layout.notes.values():
        lines.append(f"  {note_id} [label={dot_string(label)}, shape=note, color=\"#c00000\", "
                     "fontcolor=\"#c00000\"];")
    for superior, subordinate, kind in layout.lines:
        lines.append(f"  {superior} -> {subordinate}{_DOT_EDGE_STYLES[kind]};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# Mermaid ----------------------------------------------------------------------------------

_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ENTITIES)) + "]")


def mermaid_string(text: str) -> str:
    """``text`` as a quoted Mermaid label: entities for the characters Mermaid reads, one line."""
    one_line = " ".join(text.split())
    return '"' + _MERMAID_SPECIAL.sub(lambda match: _MERMAID_ENTITIES[match.group()], one_line) + '"'


def mermaid_source(organisation: Organisation) -> str:
    """The chart as a Mermaid flowchart (``flowchart TB``), a subgraph per manual and unit."""
    layout = _layout(organisation)
    lines = ["---", f"title: {mermaid_string(chart_title(organisation))}", "---", "flowchart TB"]
    for number, manual in enumerate(organisation.manuals):
        lines.append(f"  subgraph m{number}[{mermaid_string(manual_heading(manual))}]")
        for unit_number, unit in enumerate(manual.units):
            label = f"{unit.name} ({unit.department})"
            lines.append(f"    subgraph m{number}u{unit_number}[{mermaid_string(label)}]")
            lines += [f"      {layout.ids[node_id]}[{mermaid_string(organisation.node(node_id).title)}]"
                      for node_id in unit.nodes]
            lines.append("    end")
        lines.append("  end")
    lines += [f"  {layout.ids[role.id]}([{mermaid_string(role.title)}])" for role in organisation.roles]
    lines += [f"  {note_id}>{mermaid_string(label)}]" for note_id, label in layout.notes.values()]
    lines += [f"  {superior} {'---' if kind == 'position' else '-.-'} {subordinate}"
              for superior, subordinate, kind in layout.lines]
    lines.append("  classDef role stroke-dasharray: 5 5")
    lines.append("  classDef missing stroke:#c00000,color:#c00000")
    if organisation.roles:
        lines.append("  class " + ",".join(layout.ids[role.id] for role in organisation.roles) + " role")
    if layout.notes:
        lines.append("  class " + ",".join(note_id for note_id, _label in layout.notes.values()) + " missing")
    return "\n".join(lines) + "\n"


# HTML -------------------------------------------------------------------------------------

_CSS = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
.chart svg { max-width: 100%; height: auto; }
.note { background: #fff4e5; border-left: 4px solid #e69500; padding: 0.5em 1em; }
pre { background: #f4f4f4; padding: 1em; overflow-x: auto; }
.finding { color: #8a4b00; }
"""
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def svg_element(svg: str) -> str:
    """The ``<svg>`` element of an SVG document (without its XML declaration, doctype and
    comments), to place inside a page."""
    start = svg.find("<svg")
    return svg[start:].strip() if start >= 0 else ""


def html_page(organisation: Organisation, svg: str | None, mermaid: str) -> str:
    """One self-contained page: the chart that Graphviz drew (``svg``), or else the Mermaid
    text with a note; then the manuals, those not in force and the findings."""
    e = html.escape
    title = chart_title(organisation)
    body = [f"<h1>{e(title)}</h1>"]
    if svg is not None:
        body.append(f"<div class=\"chart\">{svg_element(svg)}</div>")
    else:
        note = _("Graphviz is not installed, so this page holds the chart as Mermaid text: paste it into a "
                 "Mermaid editor to draw it, or install graphviz and run the command again for the drawing.")
        body.append(f"<p class=\"note\">{e(note)}</p>")
        body.append(f"<pre class=\"mermaid-source\">{e(mermaid)}</pre>")
    body += list(_html_lists(organisation))
    return (f"<!DOCTYPE html>\n<html lang=\"{current()}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_POLICY}\">\n<title>{e(title)}</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _html_list(heading: str, items: list[str], css: str = "") -> Iterator[str]:
    if items:
        item = f"<li class=\"{css}\">" if css else "<li>"
        yield f"<h2>{html.escape(heading)}</h2>"
        yield "<ul>" + "".join(f"{item}{html.escape(text)}</li>" for text in items) + "</ul>"


def _html_lists(organisation: Organisation) -> Iterator[str]:
    yield from _html_list(_("Manuals"), [manual_line(m) for m in organisation.manuals])
    yield from _html_list(_("Not in force on that day"),
                          [skipped_phrase(s.code, s.first_in_force) for s in organisation.skipped])
    yield from _html_list(_("Findings"), [str(f) for f in organisation.findings], "finding")


def manual_line(manual: ManualChart) -> str:
    """A manual of the chart, with the day its version came into force."""
    return _("{manual} (in force since {day})").format(manual=manual_heading(manual), day=manual.in_force.isoformat())


def skipped_phrase(code: str, first_in_force: date | None) -> str:
    """Why a manual is not in the chart: its first version came into force later, or it has none."""
    if first_in_force is None:
        return _("{code}: no published version").format(code=code)
    return _("{code}: its first version came into force on {day}").format(code=code, day=first_in_force.isoformat())
