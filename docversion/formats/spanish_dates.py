"""Dates as Spanish documents write them: "02 de enero de 2018", "1° de marzo del 2016"."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS["setiembre"] = 9  # the spelling RAE also accepts

DATE_PATTERN = re.compile(
    r"(?P<day>\d{1,2})\s*(?:°|º|ro\b|o\b)?\s+de\s+(?P<month>[^\W\d_]+)\s+(?:de|del)\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
"""Finds a Spanish date inside a longer text."""


class SpanishDateError(ValueError):
    """A text that looks like a Spanish date but names no real day."""


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_spanish_date(text: str) -> date:
    """Parse the first Spanish date in ``text``; raise :class:`SpanishDateError` if none is valid."""
    found = DATE_PATTERN.search(text)
    if found is None:
        raise SpanishDateError(f"no date of the form '02 de enero de 2018' in {text!r}")
    month = _MONTH_NUMBERS.get(_fold(found["month"]))
    if month is None:
        raise SpanishDateError(f"{found['month']!r} is not a Spanish month name")
    try:
        return date(int(found["year"]), month, int(found["day"]))
    except ValueError as exc:
        raise SpanishDateError(f"{found.group(0)!r} is not a real date ({exc})") from exc


def format_spanish_date(value: date) -> str:
    """Write a date the way the manual does: ``02 de enero de 2018``."""
    return f"{value.day:02d} de {MONTHS[value.month - 1]} de {value.year}"
