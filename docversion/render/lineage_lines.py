"""A position's history and blame as plain lines, for ``history`` and ``blame`` when their output is
not a terminal: the same facts as the rich views, in the same words and order, one line each,
never wrapped, without importing rich."""

from __future__ import annotations

from collections.abc import Iterator

from docversion.i18n import _
from docversion.records import PositionBlame, PositionHistory
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


def history_lines(history: PositionHistory) -> Iterator[str]:
    """The lines of ``docversion history CODE POSITION``, newest first."""
    yield history_heading(history)
    for change in history.changes:
        yield f"── {change_heading(change)}"
        facts = change_facts(change)
        width = max(len(label) for label, _value in facts)
        for label, value in facts:
            first, *rest = value.split("\n")
            yield f"   {label:<{width}}  {first}"
            yield from (f"   {'':<{width}}  {line}" for line in rest)


def blame_lines(blame: PositionBlame) -> Iterator[str]:
    """The lines of ``docversion blame CODE[@REV] POSITION``: each section, each part with where it
    comes from and its text, then the versions named with who authorized them."""
    yield blame_heading(blame)
    numeral = ""
    for part in blame.parts:
        if part.section != numeral:
            numeral = part.section
            yield section_heading(numeral)
        yield f"  {part_label(part.path)} · {origin_phrase(part)}"
        yield f"      {part_text(part.value)}"
    if blame.records:
        yield _("Versions:")
        yield from (f"  {record_line(record)}" for record in blame.records)
