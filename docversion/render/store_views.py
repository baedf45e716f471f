"""Views of a store: its manuals, and one manual's history as its record tells it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from docversion.records import LogEntry, ManualStatus, RequestEvent, RequestHistory, Signer, VersionInfo, VersionRecord
from docversion.render.hanging import Hanging
from docversion.render.plain import PlainTable
from docversion.render.workflow_views import signoff_phrase

_STATES = {"draft": "draft", "in_review": "in review", "authorized": "authorized"}


def _version(info: VersionInfo | None) -> str:
    if info is None:
        return "—"
    since = f" since {info.in_force.isoformat()}" if info.in_force else ""
    return f"v{info.version}{since}"


class ManualList:
    """One row per manual: code, area, latest version, version in force, open draft."""

    def __init__(self, statuses: Sequence[ManualStatus]) -> None:
        self.statuses = statuses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = PlainTable(title="Manuals", title_justify="left")
        table.add_column("Code", no_wrap=True)
        table.add_column("Area", ratio=1)
        for header in ("Latest", "In force"):
            table.add_column(header, no_wrap=True)  # "v6 since 2027-01-04" reads as one
        table.add_column("Draft", no_wrap=True)
        for status in self.statuses:
            table.add_row(status.code, status.title, _version(status.latest), _version(status.in_force),
                          "open" if status.has_open_draft else "—")
        if not self.statuses:
            table.caption = "The store holds no manual yet: 'docversion import FILE' records one."
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
    paper = " (signed on paper)" if record.is_imported else ""
    if record.prepared is not None:
        grid.add_row("Prepared", _signer(record.prepared))
    if record.reviewed:
        grid.add_row("Reviewed", "\n".join(_signer(s) for s in record.reviewed))
    elif record.is_imported:
        grid.add_row("Reviewed", "signed on paper; the record names no reviewer")
    if record.authorized is not None:
        grid.add_row("Authorized", _signer(record.authorized) + (paper if not record.authorized.name else ""))
    if record.sentences:
        grid.add_row("Changes", "\n".join(record.sentences))
    return grid


def _heading(entry: LogEntry) -> Text:
    info, record = entry.version, entry.record
    commit = f"commit {entry.commit[:8]}"
    if info is None:
        recorded = entry.committed.strftime("%Y-%m-%d")
        return Text(f"{entry.kind} · recorded {recorded} by {entry.author} · {commit}")
    in_force = record.in_force if record is not None and record.in_force else info.in_force
    parts = [f"v{info.version}", f"in force from {in_force.isoformat()}" if in_force else "no in-force date"]
    if info.is_imported:
        parts.append("imported")
    elif record is not None and record.published is not None:
        published = record.published
        when = published.time.strftime("%Y-%m-%d") if published.time else ""
        parts.append(f"published {when} by {published.name}, change request {record.request}")
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
    version = f" · version {request.version}" if request.version else ""
    in_force = f", in force from {request.in_force.isoformat()}" if request.in_force else ""
    heading = Text(f"Open change request {request.number} · {_STATES.get(request.state, request.state)}"
                   f"{version}{in_force}", style="bold")
    parts: list[RenderableType] = [Hanging(Text("── ", style="bold"), heading),
                                   Hanging("   Prepared by ", f"{request.preparer} ({request.label})")]
    if request.sentences:
        source = "" if request.are_sentences_written else " (from the diff: the preparer wrote none)"
        parts.append(Text(f"   Changes{source}:"))
        parts.extend(Hanging("     ", sentence) for sentence in request.sentences)
    if request.events:
        parts.append(Text("   Change control, newest first:"))
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
        yield Text(f"History of {self.code}, newest first", style="bold")
        if self.request is not None:
            yield from _request(self.request)
        for entry in self.entries:
            yield from _entry(entry, self.code)
        if not self.entries:
            yield Text("No snapshot recorded yet.")
