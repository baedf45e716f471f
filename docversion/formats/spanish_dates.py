"""Dates as Spanish documents write them: "02 de enero de 2018", "1° de marzo del 2016"; and a
moment as a printed sign-off shows it: "04 de marzo de 2024, 09:05 (UTC-06:00)"."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from docversion.i18n import N_, _

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

_DATE_FAULTS = {"day is out of range for month": N_("day is out of range for month"),
                "month must be in 1..12": N_("month must be in 1..12")}
"""What :class:`datetime.date` says of an impossible date, marked for the catalogue."""


class SpanishDateError(ValueError):
    """A text that looks like a Spanish date but names no real day; ``is_impossible`` when the
    day, month and year were all found but that month has no such day (``30 de febrero``)."""

    def __init__(self, message: str, *, is_impossible: bool = False) -> None:
        super().__init__(message)
        self.is_impossible = is_impossible


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_spanish_date(text: str) -> date:
    """Parse the first Spanish date in ``text``; raise :class:`SpanishDateError` if none is valid."""
    found = DATE_PATTERN.search(text)
    if found is None:
        raise SpanishDateError(_("no date of the form '02 de enero de 2018' in {text!r}").format(text=text))
    month = _MONTH_NUMBERS.get(_fold(found["month"]))
    if month is None:
        raise SpanishDateError(_("{month!r} is not a Spanish month name").format(month=found["month"]))
    try:
        return date(int(found["year"]), month, int(found["day"]))
    except ValueError as exc:
        raise SpanishDateError(_("{date!r} is not a real date ({reason})").format(
            date=found.group(0), reason=date_fault(exc)), is_impossible=True) from exc


def date_fault(exc: ValueError) -> str:
    """What :class:`datetime.date` found wrong, in the current language (its own words are English)."""
    reason = str(exc)
    if reason in _DATE_FAULTS:
        return _(_DATE_FAULTS[reason])
    year = re.fullmatch(r"year (-?\d+) is out of range", reason)
    return _("year {year} is out of range").format(year=year[1]) if year else reason


def format_spanish_date(value: date) -> str:
    """Write a date the way the manual does: ``02 de enero de 2018``."""
    return f"{value.day:02d} de {MONTHS[value.month - 1]} de {value.year}"


def format_spanish_datetime(value: datetime) -> str:
    """A moment as the printed sign-off page writes it: ``04 de marzo de 2024, 09:05 (UTC-06:00)``,
    the day and the 24-hour time in the moment's own zone, then that zone as an offset from UTC
    (a naive moment, which names no zone, is written without one)."""
    text = f"{format_spanish_date(value.date())}, {value:%H:%M}"
    offset = value.utcoffset()
    if offset is None:
        return text
    minutes = round(offset.total_seconds() / 60)
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text} (UTC{'-' if offset.total_seconds() < 0 else '+'}{hours:02d}:{minutes:02d})"
