"""A line of a view with a hanging indent: a lead ("  ~ ") and a text that wraps under itself.

Rich wraps a long Text back to column 0, so in a list of changes the second line of one item
reads like the start of the next. Here the text is wrapped in the width left after the lead
(at spaces only: a word or an id longer than that width is the one thing ever folded) and every
continuation line starts under the text's first character.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

MIN_TEXT_WIDTH = 20  # below this the indent would leave the text too narrow: it is reduced


class Hanging:
    """``lead`` then ``text``; wrapped lines of ``text`` start under its first character."""

    def __init__(self, lead: Text | str, text: Text | str) -> None:
        self.lead = Text(lead) if isinstance(lead, str) else lead
        self.text = Text(text) if isinstance(text, str) else text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        indent = min(self.lead.cell_len, max(width - MIN_TEXT_WIDTH, 0))
        lines = self.text.wrap(console, max(width - indent, 1), overflow="fold")
        if self.lead.cell_len > indent:  # a lead too long for its line: it stands alone
            yield self.lead
            lead = Text(" " * indent)
        else:
            lead = self.lead
        for number, line in enumerate(lines):
            row = (lead if number == 0 else Text(" " * indent)).copy()
            line.rstrip()
            row.append_text(line)
            row.end = "\n"
            row.no_wrap = True
            yield row

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = self.text.plain.split() or [""]
        lead = self.lead.cell_len
        return Measurement(lead + max(cell_len(word) for word in words), lead + self.text.cell_len).clamp(
            max_width=options.max_width)
