"""The command line: the only package that prints or exits (``docversion.cli:main``)."""

from __future__ import annotations

from docversion.cli import files as _files  # noqa: F401  (registers the commands)
from docversion.cli import lint as _lint  # noqa: F401
from docversion.cli import remote as _remote  # noqa: F401
from docversion.cli import store as _store  # noqa: F401
from docversion.cli import trust as _trust  # noqa: F401
from docversion.cli import workflow as _workflow  # noqa: F401
from docversion.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``docversion`` console script."""
    cli(prog_name="docversion")
