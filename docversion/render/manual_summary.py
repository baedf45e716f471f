"""A manual at a glance: its cover, its positions with their counts, its revision table."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import Manual, PeriodicFunctions
from docversion.render.plain import PlainTable

_PERIOD_HEADERS = ("Dia", "Sem", "Men", "Tri", "Ses", "Anu", "Eve")


class ManualSummary:
    """Renders a manual's cover, positions and revision table as three tables."""

    def __init__(self, manual: Manual) -> None:
        self.manual = manual

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Group(self._cover(), Text(""), self._positions(), Text(""), self._revisions())

    def _cover(self) -> PlainTable:
        cover = self.manual.cover
        table = PlainTable(title=f"{cover.title} · {cover.code}", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Área", cover.area)
        table.add_row("Versión", f"{cover.version:02d}")
        table.add_row("Fecha de creación", format_spanish_date(cover.created))
        table.add_row("Fecha de vigencia", format_spanish_date(cover.in_force))
        table.add_row("Autorizado", cover.authorized_by)
        table.add_row("Revisado", "\n".join(cover.reviewed_by))
        table.add_row("Responsable de Proceso", cover.process_owner)
        return table

    def _positions(self) -> PlainTable:
        table = PlainTable(title="Puestos (funciones claves y periódicas)", title_justify="left",
                      caption="Dia Sem Men Tri Ses Anu Eve: diarias, semanales, mensuales, "
                      "trimestrales, semestrales, anuales, eventuales", caption_justify="left")
        table.add_column("Puesto (id)", ratio=1)
        table.add_column("Claves (%)", no_wrap=True)
        for header in _PERIOD_HEADERS:
            table.add_column(header, justify="right", no_wrap=True)
        for position in self.manual.positions:
            shares = ", ".join(str(f.percent) for f in position.key_functions)
            counts = [str(len(getattr(position.periodic_functions, name)))
                      for name in PeriodicFunctions.model_fields]
            name = Text(position.title)
            name.append(f"\n{position.id}", style="dim")
            table.add_row(name, f"{len(position.key_functions)} ({shares})", *counts)
        return table

    def _revisions(self) -> PlainTable:
        table = PlainTable(title="MODIFICACIONES REALIZADAS", title_justify="left")
        table.add_column("Versión", justify="right")
        table.add_column("Referencia de autorización")
        table.add_column("Descripción de la modificación")
        for row in self.manual.revisions:
            reference = row.authorized_by
            if row.last_modified is not None:
                reference += f"\nFecha de última modificación: {format_spanish_date(row.last_modified)}"
            reference += f"\nFecha de vigencia: {format_spanish_date(row.in_force)}"
            description = "\n".join(row.changes) + f"\n{row.prepared_by_label}: {row.prepared_by}"
            table.add_row(str(row.version), reference, description)
        return table
