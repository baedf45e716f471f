"""Views of the change record: the revision table, the cover's sign-off block, request status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import Manual, RevisionRow
from docversion.render.plain import PlainTable
from docversion.store.requests import RequestStatus
from docversion.workflow.events import SignOff


def _authorization(row: RevisionRow) -> str:
    parts = [row.authorized_by]
    if row.last_modified is not None:
        parts.append(f"Fecha de última modificación: {format_spanish_date(row.last_modified)}")
    parts.append(f"Fecha de vigencia: {format_spanish_date(row.in_force)}")
    return "\n".join(parts)


def _description(row: RevisionRow) -> str:
    return "\n".join([*row.changes, f"{row.prepared_by_label}: {row.prepared_by}"])


class RevisionTable:
    """MODIFICACIONES REALIZADAS as the manual prints it: authorization, version, description."""

    def __init__(self, rows: Sequence[RevisionRow]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = PlainTable(title="MODIFICACIONES REALIZADAS", title_justify="left", show_lines=True)
        table.add_column("Referencia de autorización", ratio=2)
        table.add_column("Versión", justify="center", no_wrap=True)
        table.add_column("Descripción de la modificación", ratio=3)
        for row in self.rows:
            table.add_row(_authorization(row), f"{row.version:02d}", _description(row))
        yield table


def revision_table_markdown(rows: Sequence[RevisionRow]) -> str:
    """The revision table as a Markdown table (line breaks inside cells as <br>)."""
    lines = ["| Referencia de autorización | Versión | Descripción de la modificación |", "|---|---|---|"]
    for row in rows:
        cells = [_authorization(row), f"{row.version:02d}", _description(row)]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in cells) + " |")
    return "\n".join(lines) + "\n"


UNPROVEN_BLOCK = ("Identidades registradas, no verificadas: el almacén no tiene raíz de confianza (ninguna firma "
                  "está respaldada por una llave).")


class SignOffBlock:
    """The cover's sign-off block of one version: roles, who signed and when, dates, version."""

    def __init__(self, manual: Manual, signoffs: Sequence[SignOff], is_imported: bool, *,
                 is_proven: bool = True) -> None:
        self.manual = manual
        self.signoffs = signoffs
        self.is_imported = is_imported
        self.is_proven = is_proven  # False: the store has no trust root, names are recorded only

    def _signer(self, role: str, meaning: str) -> str:
        found = next((s for s in self.signoffs if s.role == role and s.meaning == meaning), None)
        if found is not None:
            return f"{found.name}, {format_spanish_date(found.time.date())}"
        return "firmado en papel (versión importada)" if self.is_imported else "sin firma registrada"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        cover = self.manual.cover
        table = PlainTable(title=f"{cover.title} · {cover.code}", show_header=True, title_justify="left")
        table.add_column("")
        table.add_column("Puesto")
        table.add_column("Firma")
        table.add_row("Autorizado", cover.authorized_by, self._signer(cover.authorized_by, "authorized"))
        for role in cover.reviewed_by:
            table.add_row("Revisado", role, self._signer(role, "reviewed"))
        table.add_row("Responsable de Proceso", cover.process_owner, "")
        dates = Text(f"Fecha de creación: {format_spanish_date(cover.created)}   Fecha de vigencia: "
                     f"{format_spanish_date(cover.in_force)}   Versión: {cover.version:02d}")
        statement = Text(cover.conformity_statement or "Este documento es conforme al original firmado")
        if self.signoffs and not self.is_proven:
            yield Group(table, dates, statement, Text(UNPROVEN_BLOCK))
            return
        yield Group(table, dates, statement)


class RequestStatusView:
    """Open change requests: state, who still has to sign, sign-offs with stale ones flagged."""

    def __init__(self, statuses: Sequence[RequestStatus]) -> None:
        self.statuses = statuses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.statuses:
            yield Text("No open change requests.")
            return
        for status in self.statuses:
            request = status.request
            table = PlainTable(title=f"{status.code}: change request {request.number} · {request.state}",
                          title_justify="left")
            for header in ("Sign-off", "Name", "Role", "Decision", "When", "Fresh"):
                table.add_column(header)
            for signoff in status.voided:
                table.add_row(signoff.meaning, signoff.name, signoff.role, signoff.decision,
                              signoff.time.strftime("%Y-%m-%d %H:%M"),
                              Text("void: rejected round", style="bold red"))
            for signoff, is_stale in status.signoffs:
                table.add_row(signoff.meaning, signoff.name, signoff.role, signoff.decision,
                              signoff.time.strftime("%Y-%m-%d %H:%M"),
                              Text("stale: the draft changed", style="bold red") if is_stale else "yes")
            missing = "; ".join(status.missing) or "nobody"
            notes = [f"Preparer: {request.preparer}", f"Still to sign: {missing}"]
            notes += [f"Sentence: {sentence}" for sentence in status.sentences]
            notes += [f"Comment by {s.name}: {s.comment}" for s, _ in status.signoffs if s.comment]
            if request.reason:
                notes.append(f"Returned to draft: {request.reason}")
            if not status.is_proven:
                notes.append("Identities are recorded, not proven: the store has no trust root.")
            yield Group(table, Text("\n".join(notes)), Text(""))
