"""Views of a store: its manuals, and one manual's history as its record tells it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from docversion.i18n import _
from docversion.records import LogEntry, ManualStatus, RequestEvent, RequestHistory, VersionRecord
from docversion.render.hanging import Hanging
from docversion.render.phrases import (
    event_phrase,
    log_heading,
    record_facts,
    request_heading,
    sentences_heading,
    version_phrase,
)
from docversion.render.plain import PlainTable


class ManualList:
    """One row per manual: code, area, latest version, version in force, open draft."""

    def __init__(self, statuses: Sequence[ManualStatus]) -> None:
        self.statuses = statuses

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = PlainTable(title=_("Manuals"), title_justify="left")
        table.add_column(_("Code"), no_wrap=True)
        # "v6 since 2027-01-04" reads best as one, but an area's longest word is never cut: when
        # both cannot fit, the versions give way at their spaces.
        longest = min(max((len(word) for status in self.statuses for word in status.title.split()), default=4), 30)
        versions = [version_phrase(v) for status in self.statuses for v in (status.latest, status.in_force)]
        fixed = [max([len(_("Code")), *(len(status.code) for status in self.statuses)]),
                 *[max([len(header), *map(len, versions)]) for header in (_("Latest"), _("In force"))],
                 max(len(_("Draft")), len(_("open")))]
        room = options.max_width - sum(fixed) - 3 * 5 - 1  # each column's padding and rule, the last rule
        table.add_column(_("Area"), ratio=1, min_width=longest)
        for header in (_("Latest"), _("In force")):
            table.add_column(header, no_wrap=longest <= room)
        table.add_column(_("Draft"), no_wrap=True)
        for status in self.statuses:
            table.add_row(status.code, status.title, version_phrase(status.latest), version_phrase(status.in_force),
                          _("open") if status.has_open_draft else "—")
        if not self.statuses:
            table.caption = _("The store holds no manual yet: 'docversion import FILE' records one.")
        yield table


def _facts(record: VersionRecord) -> PlainTable:
    """Who prepared, reviewed and authorized a version, and its sentences, as label and value."""
    grid = PlainTable(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in record_facts(record):
        grid.add_row(label, value)
    return grid


def _entry(entry: LogEntry, code: str) -> list[RenderableType]:
    heading = Text(log_heading(entry))
    heading.stylize("bold", 0, len(heading.plain) - len(f"commit {entry.commit[:8]}"))
    parts: list[RenderableType] = [Hanging(Text("── ", style="bold"), heading)]
    if entry.record is not None:
        parts.append(Padding(_facts(entry.record), (0, 0, 0, 3), expand=False))
    else:
        parts.append(Hanging("   ", entry.summary.removeprefix(f"{code}: ")))
    return parts


def _event(event: RequestEvent) -> Hanging:
    return Hanging(f"     {event.time.strftime('%Y-%m-%d %H:%M')}  ", event_phrase(event))


def _request(request: RequestHistory) -> list[RenderableType]:
    heading = Text(request_heading(request), style="bold")
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
