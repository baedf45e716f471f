"""Views of the change record: the revision table, the cover's sign-off block, request status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from docversion.formats.spanish_dates import format_spanish_date
from docversion.model import Manual, RevisionRow
from docversion.records import RequestStatus
from docversion.render.hanging import Hanging
from docversion.render.plain import PlainTable
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


_STATES = {"draft": "draft", "in_review": "in review", "authorized": "authorized"}
_STEPS = {"submit": "submit the draft", "review": "review", "authorize": "authorize"}


def signoff_phrase(action: str, name: str, role: str, comment: str = "") -> str:
    """What a change-control step did, by whom and in which role, with its comment:
    "submitted by Clara Arce (Elaborado por)", "rejected by Pedro Plan as Gerente de Planificación: …"."""
    who = f" by {name}" if name else ""
    if role:
        who += f" ({role})" if action in ("submitted", "proposed") else f" as {role}"
    return f"{action}{who}: {comment}" if comment else f"{action}{who}"


def signoff_action(signoff: SignOff) -> str:
    """A sign-off's step in one word: submitted, reviewed, authorized or rejected."""
    if signoff.decision == "rejected":
        return "rejected"
    return "submitted" if signoff.meaning == "prepared" else signoff.meaning


_LEGEND = {"fresh": "fresh: bound to the draft as it stands, digest {digest}",
           "stale": "stale: the draft or its sentences changed after it was signed",
           "void": "void: a rejection ended its round"}
_STATE_STYLES = {"fresh": "green", "stale": "bold red", "void": "bold red"}


def _signoff_line(signoff: SignOff, state: str) -> Hanging:
    lead = Text("    ")
    lead.append(f"{state:<5}", style=_STATE_STYLES[state])
    lead.append(f"  {signoff.time.strftime('%Y-%m-%d %H:%M')}  ")
    return Hanging(lead, signoff_phrase(signoff_action(signoff), signoff.name, signoff.role, signoff.comment))


class RequestStatusView:
    """Open change requests: state, sentences, each sign-off with its comment (fresh, stale or
    void), and each role still to sign."""

    def __init__(self, statuses: Sequence[RequestStatus]) -> None:
        self.statuses = statuses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.statuses:
            yield Text("No open change requests.")
            return
        for number, status in enumerate(self.statuses):
            if number:
                yield Text("")
            yield from _status(status)


def _status(status: RequestStatus) -> list[RenderableType]:
    version = f" · version {status.version}" if status.version else ""
    in_force = f", in force from {status.in_force.isoformat()}" if status.in_force else ""
    lines: list[RenderableType] = [
        Hanging("", Text(f"{status.code}: change request {status.number} · {_STATES.get(status.state, status.state)}"
                         f"{version}{in_force}", style="bold")),
        Hanging("  Prepared by ", f"{status.preparer} ({status.label})")]
    if status.reason:
        lines.append(Hanging("  Returned to draft: ", status.reason))
    source = "" if status.are_sentences_written else " (from the diff: the preparer wrote none)"
    lines.append(Text(f"  Changes{source}:" if status.sentences else "  Changes: none written"))
    lines.extend(Hanging("    ", sentence) for sentence in status.sentences)
    signed = [(s, "void") for s in status.voided] + [(s, "stale" if is_stale else "fresh")
                                                      for s, is_stale in status.signoffs]
    if signed:
        states = [state for state in _LEGEND if any(found == state for _, found in signed)]
        legend = "; ".join(_LEGEND[state].format(digest=status.digest[:12]) for state in states)
        lines.append(Hanging("  Sign-offs ", f"({legend}):"))
        lines.extend(_signoff_line(signoff, state) for signoff, state in signed)
    else:
        lines.append(Hanging("  ", "Nobody has signed yet: the preparer submits the draft first "
                                   f"('docversion submit {status.code}')."))
    if status.to_sign:
        lines.append(Text("  Still to sign:"))
        lines.extend(Hanging("    ", f"{item.role}: {_STEPS.get(item.step, item.step)}") for item in status.to_sign)
    else:
        lines.append(Text(f"  Every sign-off is in: 'docversion publish {status.code}' publishes it."))
    if not status.is_proven:
        lines.append(Hanging("  ", "Identities are recorded, not proven: the store has no trust root."))
    return lines
