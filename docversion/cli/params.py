"""Command-line values read the way people type them: days and manual codes.

A day as ISO, day first (``02/01/2027``) or as the institution writes it (``02 de enero de
2027``); a manual's code as stored, as printed on the document (``900 0935``) or without its
separator when only one manual of the store reads so, with "did you mean" for a near miss.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from docversion.errors import InvalidInputError
from docversion.inputs import parse_date


class Day(click.ParamType):  # type: ignore[type-arg]
    """A day in any of the accepted forms, as a :class:`datetime.date`."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value), field=param.opts[0] if param is not None and param.opts else "date")
        except InvalidInputError as error:
            self.fail(f"{error.message}; {error.hint}" if error.hint else error.message, param, ctx)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"


DAY = Day()

