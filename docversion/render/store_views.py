"""Views of a store: its manuals, and one manual's history."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult

from docversion.render.plain import PlainTable
from docversion.store.history import LogEntry, VersionInfo
from docversion.store.store import ManualStatus


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
        for header in ("Code", "Area", "Latest", "In force", "Draft"):
            table.add_column(header)
        for status in self.statuses:
            table.add_row(status.code, status.title, _version(status.latest), _version(status.in_force),
                          "open" if status.has_open_draft else "—")
        if not self.statuses:
            table.caption = "The store holds no manual yet: 'docversion import FILE' records one."
        yield table


class HistoryLog:
    """A manual's snapshots, newest first: versions with their in-force dates, drafts, merges."""

    def __init__(self, code: str, entries: Sequence[LogEntry]) -> None:
        self.code = code
        self.entries = entries

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = PlainTable(title=f"History of {self.code}", title_justify="left")
        table.add_column("Commit", no_wrap=True)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Version", no_wrap=True)
        table.add_column("Recorded", no_wrap=True)
        table.add_column("By")
        table.add_column("Summary", ratio=1)
        for entry in self.entries:
            info = entry.version
            kind = "imported" if info is not None and info.is_imported else entry.kind
            table.add_row(entry.commit[:8], kind, _version(info) if info else "",
                          entry.committed.strftime("%Y-%m-%d"), entry.author,
                          entry.summary.removeprefix(f"{self.code}: "))
        yield table
