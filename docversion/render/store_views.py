"""Views of a store: its manuals, and one manual's history as its record tells it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from docversion.i18n import N_, _
from docversion.records import LogEntry, ManualStatus, RequestEvent, RequestHistory, Signer, VersionInfo, VersionRecord
from docversion.render.hanging import Hanging
from docversion.render.plain import PlainTable
from docversion.render.workflow_views import sentences_heading, signoff_phrase, standing, state_name

_KINDS = {"draft": N_("draft"), "merge": N_("merge")}


def _version(info: VersionInfo | None) -> str:
    if info is None:
        return "—"
    if info.in_force:
        return _("v{version} since {day}").format(version=info.version, day=info.in_force.isoformat())
    return f"v{info.version}"


class ManualList:
    """One row per manual: code, area, latest version, version in force, open draft."""

    def __init__(self, statuses: Sequence[ManualStatus]) -> None:
        self.statuses = statuses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = PlainTable(title=_("Manuals"), title_justify="left")
        table.add_column(_("Code"), no_wrap=True)
        table.add_column(_("Area"), ratio=1)
        for header in (_("Latest"), _("In force")):
            table.add_column(header, no_wrap=True)  # "v6 since 2027-01-04" reads as one
        table.add_column(_("Draft"), no_wrap=True)
        for status in self.statuses:
            table.add_row(status.code, status.title, _version(status.latest), _version(status.in_force),
                          _("open") if status.has_open_draft else "—")
        if not self.statuses:
            table.caption = _("The store holds no manual yet: 'docversion import FILE' records one.")
        yield table


def _when(signer: Signer) -> str:
    return f", {signer.time.date().isoformat()}" if signer.time else ""


def _signer(signer: Signer) -> str:
    """A name and the role it signed as ("Clara Arce (Elaborado por), 2024-03-04"); a role
    alone when the record knows no name."""
    if not signer.name:
        return signer.role
    return f"{signer.name} ({signer.role}){_when(signer)}" if signer.role else f"{signer.name}{_when(signer)}"


def _facts(record: VersionRecord) -> PlainTable:
    """Who prepared, reviewed and authorized a version, and its sentences, as label and value."""
    grid = PlainTable(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    if record.prepared is not None:
        grid.add_row(_("Prepared"), _signer(record.prepared))
    if record.reviewed:
        grid.add_row(_("Reviewed"), "\n".join(_signer(s) for s in record.reviewed))
    elif record.is_imported:
        grid.add_row(_("Reviewed"), _("signed on paper; the record names no reviewer"))
    if record.authorized is not None:
        authorized = _signer(record.authorized)
        if record.is_imported and not record.authorized.name:
            authorized = _("{signer} (signed on paper)").format(signer=authorized)
        grid.add_row(_("Authorized"), authorized)
    if record.sentences:
        grid.add_row(_("Changes"), "\n".join(record.sentences))
    return grid


def _heading(entry: LogEntry) -> Text:
    info, record = entry.version, entry.record
    commit = f"commit {entry.commit[:8]}"
    if info is None:
        recorded = entry.committed.strftime("%Y-%m-%d")
        kind = _(_KINDS[entry.kind]) if entry.kind in _KINDS else entry.kind
        recorded_by = _("recorded {day} by {author}").format(day=recorded, author=entry.author)
        return Text(f"{kind} · {recorded_by} · {commit}")
    in_force = record.in_force if record is not None and record.in_force else info.in_force
    parts = [f"v{info.version}",
             _("in force from {day}").format(day=in_force.isoformat()) if in_force else _("no in-force date")]
    if info.is_imported:
        parts.append(_("imported"))
    elif record is not None and record.published is not None:
        published = record.published
        when = published.time.strftime("%Y-%m-%d") if published.time else ""
        parts.append(_("published {day} by {name}, change request {number}").format(
            day=when, name=published.name, number=record.request))
    return Text(" · ".join([*parts, commit]))


def _entry(entry: LogEntry, code: str) -> list[RenderableType]:
    heading = _heading(entry)
    heading.stylize("bold", 0, len(heading.plain) - len(f"commit {entry.commit[:8]}"))
    parts: list[RenderableType] = [Hanging(Text("── ", style="bold"), heading)]
    if entry.record is not None:
        parts.append(Padding(_facts(entry.record), (0, 0, 0, 3), expand=False))
    else:
        parts.append(Hanging("   ", entry.summary.removeprefix(f"{code}: ")))
    return parts


def _event(event: RequestEvent) -> Hanging:
    text = signoff_phrase(event.action, event.name, event.role, event.comment)
    if event.sentences and not event.comment:
        text += ": " + " ".join(event.sentences)
    return Hanging(f"     {event.time.strftime('%Y-%m-%d %H:%M')}  ", text)


def _request(request: RequestHistory) -> list[RenderableType]:
    opened = _("Open change request {number}").format(number=request.number)
    heading = Text(f"{opened} · {state_name(request.state)}{standing(request.version, request.in_force)}",
                   style="bold")
    parts: list[RenderableType] = [Hanging(Text("── ", style="bold"), heading),
                                   Hanging("   " + _("Prepared by") + " ", f"{request.preparer} ({request.label})")]
    if request.sentences:
        parts.append(Text(f"   {sentences_heading(True, request.are_sentences_written)}"))
        parts.extend(Hanging("     ", sentence) for sentence in request.sentences)
    if request.events:
        parts.append(Text("   " + _("Change control, newest first:")))
        parts.extend(_event(e) for e in request.events)
    return parts


class HistoryLog:
    """A manual's history, newest first: the open change request's events, then each snapshot;
    a version with who prepared, reviewed and authorized it, its in-force date and its sentences."""

    def __init__(self, code: str, entries: Sequence[LogEntry], request: RequestHistory | None = None) -> None:
        self.code = code
        self.entries = entries
        self.request = request

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(_("History of {code}, newest first").format(code=self.code), style="bold")
        if self.request is not None:
            yield from _request(self.request)
        for entry in self.entries:
            yield from _entry(entry, self.code)
        if not self.entries:
            yield Text(_("No snapshot recorded yet."))
