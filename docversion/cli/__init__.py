"""The command line: the only package that prints or exits (``docversion.cli:main``).

Each command's module is imported when the command is first looked up
(:data:`docversion.cli.base.COMMAND_MODULES`), not here.
"""

from __future__ import annotations

from docversion.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``docversion`` console script."""
    cli(prog_name="docversion")
