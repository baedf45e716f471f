"""A version read as a document: the cover, the index, each position's seven sections, the table."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import Manual, Position
from docversion.render.hanging import Hanging
from docversion.render.labels import FIELD_LABELS
from docversion.render.plain import PlainTable, plain_rule
from docversion.render.workflow_views import RevisionTable

_PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")


class ManualView:
    """The whole manual, in the order and words of the printed document."""

    def __init__(self, manual: Manual) -> None:
        self.manual = manual

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        cover = self.manual.cover
        yield Text(f"CÓDIGO: {cover.code}", style="bold")
        yield Text(cover.title, style="bold")
        yield Text(cover.area, style="bold")
        signers = PlainTable(show_header=False, box=None)
        signers.add_row("Autorizado:", cover.authorized_by)
        signers.add_row("Revisado:", "\n".join(cover.reviewed_by))
        signers.add_row("Responsable de Proceso:", cover.process_owner)
        yield signers
        yield Text(f"Fecha de creación: {format_spanish_date(cover.created)}   Fecha de vigencia: "
                   f"{format_spanish_date(cover.in_force)}   Versión: {cover.version:02d}")
        if cover.conformity_statement:
            yield Text(cover.conformity_statement, style="italic")
        yield plain_rule("ÍNDICE", align="left")
        for number, position in enumerate(self.manual.positions, start=1):
            yield Text(f"  {number}. {position.title}")
        yield Text("  MODIFICACIONES REALIZADAS")
        for position in self.manual.positions:
            yield from _position(position)
        yield RevisionTable(self.manual.revisions)


def _items(values: tuple[str, ...]) -> RenderableType:
    """A numbered list, each item's wrapped lines under its text."""
    if not values:
        return Text("N/A")
    return Group(*(Hanging(f"{n}. ", value) for n, value in enumerate(values, start=1)))


def _position(position: Position) -> Iterator[RenderableType]:
    yield plain_rule(position.title, style="bold")
    yield Text("I. IDENTIFICACIÓN", style="bold")
    ident = PlainTable(show_header=False, box=None)
    for name in ("title", "generic_title", "department", "unit", "reports_to"):
        ident.add_row(FIELD_LABELS[name] + ":", getattr(position, name))
    ident.add_row(FIELD_LABELS["direct_reports"] + ":",
                  f"{position.direct_reports_count}\n" + "\n".join(position.direct_reports))
    ident.add_row(FIELD_LABELS["objective"] + ":", position.objective)
    yield ident
    yield Text("II. FUNCIONES CLAVES", style="bold")
    key = PlainTable("Funciones claves", "% tiempo asignado", "Resultados esperados", show_lines=True)
    for function in position.key_functions:
        key.add_row(function.text, f"{function.percent}%", function.expected_result)
    yield key
    yield Text("III. FUNCIONES PERIÓDICAS", style="bold")
    for period in _PERIODS:
        yield Text(FIELD_LABELS[f"periodic_functions.{period}"] + ".", style="italic")
        yield _items(getattr(position.periodic_functions, period))
    yield Text("IV. RELACIONES DEL PUESTO", style="bold")
    relations = PlainTable("Con", "Para / Frecuencia", show_lines=True)
    relations.add_row(_items(position.relations.with_whom), _items(position.relations.purposes))
    yield relations
    yield Text("V. RESPONSABILIDADES, INSUMOS Y RECURSOS", style="bold")
    for name in ("values", "assets", "decision_making", "key_authorizations", "inputs_and_resources",
                 "security_measures"):
        yield Text(FIELD_LABELS[name] + ":", style="italic")
        yield _items(getattr(position, name))
    yield Text("VI. PERFIL REQUERIDO", style="bold")
    for name in ("education", "experience"):
        yield Text(FIELD_LABELS[name] + ":", style="italic")
        yield _items(getattr(position, name))
    yield Text("VII. HABILIDADES Y COMPETENCIAS", style="bold")
    yield Text(FIELD_LABELS["skills"] + ":", style="italic")
    yield _items(position.skills)
    for name in ("technical", "methodological", "social", "participative"):
        yield Text(FIELD_LABELS[f"competencies.{name}"] + ":", style="italic")
        yield _items(getattr(position.competencies, name))
