"""Views of the change record: the revision table, the cover's sign-off block, request status."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from docversion.formats.spanish_dates import format_spanish_date
from docversion.i18n import N_, _
from docversion.model import Manual, RevisionRow
from docversion.records import RequestStatus
from docversion.render.hanging import Hanging
from docversion.render.phrases import sentences_heading, signoff_phrase, standing, state_name
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


_STEPS = {"submit": N_("submit the draft"), "review": N_("review"), "authorize": N_("authorize")}


def _step(step: str) -> str:
    return _(_STEPS[step]) if step in _STEPS else step


def signoff_action(signoff: SignOff) -> str:
    """A sign-off's step in one word: submitted, reviewed, authorized or rejected."""
    if signoff.decision == "rejected":
        return "rejected"
    return "submitted" if signoff.meaning == "prepared" else signoff.meaning


_LEGEND = {"fresh": N_("fresh: bound to the draft as it stands, digest {digest}"),
           "stale": N_("stale: the draft or its sentences changed after it was signed"),
           "void": N_("void: a rejection ended its round")}
_STATE_WORDS = {"fresh": N_("fresh"), "stale": N_("stale"), "void": N_("void")}
_STATE_STYLES = {"fresh": "green", "stale": "bold red", "void": "bold red"}


def _signoff_line(signoff: SignOff, state: str) -> Hanging:
    width = max(len(_(word)) for word in _STATE_WORDS.values())  # the words line up in either language
    lead = Text("    ")
    lead.append(_(_STATE_WORDS[state]).ljust(width), style=_STATE_STYLES[state])
    lead.append(f"  {signoff.time.strftime('%Y-%m-%d %H:%M')}  ")
    return Hanging(lead, signoff_phrase(signoff_action(signoff), signoff.name, signoff.role, signoff.comment))


class RequestStatusView:
    """Open change requests: state, sentences, each sign-off with its comment (fresh, stale or
    void), and each role still to sign."""

    def __init__(self, statuses: Sequence[RequestStatus]) -> None:
        self.statuses = statuses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.statuses:
            yield Text(_("No open change requests."))
            return
        for number, status in enumerate(self.statuses):
            if number:
                yield Text("")
            yield from _status(status)


def _status(status: RequestStatus) -> list[RenderableType]:
    heading = _("{code}: change request {number}").format(code=status.code, number=status.number)
    lines: list[RenderableType] = [
        Hanging("", Text(f"{heading} · {state_name(status.state)}{standing(status.version, status.in_force)}",
                         style="bold")),
        Hanging("  " + _("Prepared by") + " ", f"{status.preparer} ({status.label})")]
    if status.reason:
        lines.append(Hanging("  " + _("Returned to draft:") + " ", status.reason))
    lines.append(Text(f"  {sentences_heading(bool(status.sentences), status.are_sentences_written)}"))
    lines.extend(Hanging("    ", sentence) for sentence in status.sentences)
    signed = [(s, "void") for s in status.voided] + [(s, "stale" if is_stale else "fresh")
                                                      for s, is_stale in status.signoffs]
    if signed:
        states = [state for state in _LEGEND if any(found == state for _found, found in signed)]
        legend = "; ".join(_(_LEGEND[state]).format(digest=status.digest[:12]) for state in states)
        lines.append(Hanging("  " + _("Sign-offs") + " ", f"({legend}):"))
        lines.extend(_signoff_line(signoff, state) for signoff, state in signed)
    else:
        lines.append(Hanging("  ", _("Nobody has signed yet: the preparer submits the draft first "
                                     "('docversion submit {code}').").format(code=status.code)))
    if status.to_sign:
        lines.append(Text("  " + _("Still to sign:")))
        lines.extend(Hanging("    ", f"{item.role}: {_step(item.step)}") for item in status.to_sign)
    else:
        lines.append(Text("  " + _("Every sign-off is in: 'docversion publish {code}' publishes it.").format(
            code=status.code)))
    if not status.is_proven:
        lines.append(Hanging("  ", _("Identities are recorded, not proven: the store has no trust root.")))
    return lines
