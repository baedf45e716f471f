"""Tables and rules whose text is never read as rich markup.

A manual's text may hold brackets ("[sic]", "[N/A.](#)"); rich would take ``[...]`` in a plain
string for a style tag and drop it. Every view builds its tables and rules from these, so user
text always shows as written, whatever console it is printed on.
"""

from __future__ import annotations

from typing import Any

from rich.rule import Rule
from rich.table import Column, Table
from rich.text import Text


def _text(value: Any) -> Any:
    return Text(value) if isinstance(value, str) else value


class PlainTable(Table):
    """A rich Table that takes every string (title, caption, header, cell) as plain text."""

    def __init__(self, *headers: Any, **options: Any) -> None:
        for name in ("title", "caption"):
            if isinstance(options.get(name), str):
                options[name] = Text(options[name], style="table." + name)
        super().__init__(*(Column(header=_text(h), overflow="fold") if isinstance(h, str) else h
                           for h in headers), **options)

    def add_column(self, header: Any = "", *args: Any, **options: Any) -> None:
        """Add a column; a word too long for it folds onto the next line instead of being cut."""
        options.setdefault("overflow", "fold")
        super().add_column(_text(header), *args, **options)

    def add_row(self, *renderables: Any, **options: Any) -> None:
        """Add a row; strings are plain text."""
        super().add_row(*(_text(cell) for cell in renderables), **options)


def plain_rule(title: str, **options: Any) -> Rule:
    """A horizontal rule with a plain-text title."""
    return Rule(Text(title), **options)
