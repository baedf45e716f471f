"""Views of one position through a manual's versions: its history (each version that changed it,
newest first, as ``log`` tells a manual's) and its blame (each field and item beside the versions
that introduced and last changed it)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from docversion.i18n import _
from docversion.records import BlamedPart, PositionBlame, PositionChange, PositionHistory
from docversion.render.hanging import Hanging
from docversion.render.lineage_phrases import (
    blame_heading,
    change_facts,
    change_heading,
    history_heading,
    origin_phrase,
    part_label,
    part_text,
    record_line,
    section_heading,
)
from docversion.render.plain import PlainTable

TEXT_INDENT = "      "  # a part's text, under its label


def _change(change: PositionChange) -> list[RenderableType]:
    heading = Text(change_heading(change))
    heading.stylize("bold", 0, len(heading.plain) - len(f"commit {change.commit[:8]}"))
    grid = PlainTable(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in change_facts(change):
        grid.add_row(label, value)
    return [Hanging(Text("── ", style="bold"), heading), Padding(grid, (0, 0, 0, 3), expand=False)]


class PositionHistoryView:
    """Every version that created, changed or removed one position, newest first: its in-force date,
    how it was recorded, the position's title when it changed, what the diff found in it, who
    authorized the version and its sentences that concern the position."""

    def __init__(self, history: PositionHistory) -> None:
        self.history = history

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Hanging("", Text(history_heading(self.history), style="bold"))
        for change in self.history.changes:
            yield from _change(change)


def _part(part: BlamedPart) -> list[RenderableType]:
    """The part's label and where it comes from (wrapped under its first word), then its text."""
    label = Text("  ")
    label.append(part_label(part.path), style="bold")
    label.append(" · ")
    return [Hanging(label, origin_phrase(part)), Hanging(TEXT_INDENT, part_text(part.value))]


class PositionBlameView:
    """Every field and item of one position at a revision, section by section: its label, where it
    comes from ("v1 (2011-07-29) · last v5 (2018-01-02), moved from Trimestral") and its text; then
    each version named, with its in-force date and who authorized it."""

    def __init__(self, blame: PositionBlame) -> None:
        self.blame = blame

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Hanging("", Text(blame_heading(self.blame), style="bold"))
        numeral = ""
        for part in self.blame.parts:
            if part.section != numeral:
                numeral = part.section
                yield Text(section_heading(numeral), style="bold")
            yield from _part(part)
        if self.blame.records:
            yield Text(_("Versions:"), style="bold")
            for record in self.blame.records:
                version, _sep, facts = record_line(record).partition(" · ")
                yield Hanging(f"  {version} · ", facts) if facts else Hanging("  ", version)
