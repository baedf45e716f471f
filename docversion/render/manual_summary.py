"""A manual at a glance: its cover, its positions with their counts, its revision table."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
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
        yield Group(self._cover(), Text(""), *self._positions(options.max_width), Text(""), self._revisions())

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

    def _positions(self, width: int) -> list[RenderableType]:
        """One table of titles, ids, shares and counts; where the longest id and the counts do not
        fit one line, two tables, numbered alike: titles and ids, then shares and counts."""
        positions = self.manual.positions
        longest = max((len(p.id) for p in positions), default=0)
        shares = [f"{len(p.key_functions)} ({', '.join(str(f.percent) for f in p.key_functions)})"
                  for p in positions]
        counts = [[str(len(getattr(p.periodic_functions, name))) for name in PeriodicFunctions.model_fields]
                  for p in positions]
        caption = ("Dia Sem Men Tri Ses Anu Eve: diarias, semanales, mensuales, trimestrales, semestrales, "
                   "anuales, eventuales")
        # nine columns: the title or id, the shares, seven counts of 3; each padded by 2, and 10 borders
        if longest + max(map(len, shares), default=0) + 7 * 3 + 9 * 2 + 10 <= width:
            table = PlainTable(title="Puestos (funciones claves y periódicas)", title_justify="left",
                               caption=caption, caption_justify="left")
            table.add_column("Puesto (id)", ratio=1, min_width=longest)
            table.add_column("Claves (%)", no_wrap=True)
            _count_columns(table)
            for position, share, row in zip(positions, shares, counts, strict=True):
                name = Text(position.title)
                name.append(f"\n{position.id}", style="dim")
                table.add_row(name, share, *row)
            return [table]
        names = PlainTable(title="Puestos", title_justify="left")
        names.add_column("#", justify="right", no_wrap=True)
        names.add_column("Puesto", ratio=1)
        names.add_column("Id", no_wrap=True, style="dim")
        functions = PlainTable(title="Funciones claves y periódicas", title_justify="left", caption=caption,
                               caption_justify="left")
        functions.add_column("#", justify="right", no_wrap=True)
        functions.add_column("Claves (%)", no_wrap=True)
        _count_columns(functions)
        for number, (position, share, row) in enumerate(zip(positions, shares, counts, strict=True), start=1):
            names.add_row(str(number), position.title, position.id)
            functions.add_row(str(number), share, *row)
        return [names, Text(""), functions]

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


def _count_columns(table: PlainTable) -> None:
    for header in _PERIOD_HEADERS:
        table.add_column(header, justify="right", no_wrap=True)
