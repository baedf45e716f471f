"""The command line: the only module that prints or exits.

Exit codes: 0 ok; 1 error; 2 usage; 3 conflict; 4 verification failed; 5 invalid input.
With ``--json`` a command prints exactly one JSON document on stdout (with ``schema_version``)
and keeps human messages on stderr.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from docversion.errors import DocversionError, InvalidInputError

SCHEMA_VERSION = 1
F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes: 0 ok, 1 error, 2 usage, 3 conflict with another writer,
4 verification failed, 5 invalid input."""


def _emit_json(payload: dict[str, Any]) -> None:
    click.echo(json.dumps({"schema_version": SCHEMA_VERSION, **payload}, ensure_ascii=False, indent=2))


def _error_payload(error: DocversionError) -> dict[str, Any]:
    details: dict[str, Any] = {"type": type(error).__name__, "message": str(error),
                               "exit_code": error.exit_code}
    if isinstance(error, InvalidInputError):
        details.update(source=error.source, line=error.line, field=error.field, hint=error.hint)
    return {"ok": False, "error": details}


def reports_errors(command: F) -> F:
    """Turn a DocversionError into its message on stderr (and JSON on stdout) and exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocversionError as error:
            if kwargs.get("as_json"):
                _emit_json(_error_payload(error))
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def _warn(warnings: tuple[Any, ...]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
lenient_option = click.option(
    "--lenient", is_flag=True,
    help="Keep going past text that has no place in the model, reporting it as warnings.")
document_argument = click.argument("document", type=click.Path(path_type=Path))


@click.group(epilog=EXIT_CODES_HELP)
@click.version_option(package_name="docversion")
def cli() -> None:
    """Keep job-description manuals under formal change control."""


@cli.command(epilog=EXIT_CODES_HELP)
@document_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Directory to write the canonical YAML form to.")
@lenient_option
@json_option
@reports_errors
def convert(document: Path, output: Path, lenient: bool, as_json: bool) -> None:
    """Convert DOCUMENT (seed text or a canonical directory) to the canonical YAML form."""
    from docversion.files import read_document, write_manual_dir

    result = read_document(document, is_lenient=lenient)
    write_manual_dir(result.manual, output)
    _warn(result.warnings)
    if as_json:
        _emit_json({"ok": True, "output": str(output), "code": result.manual.cover.code,
                    "positions": [p.id for p in result.manual.positions],
                    "warnings": [str(w) for w in result.warnings]})
    else:
        click.echo(f"wrote {output} ({len(result.manual.positions)} positions)", err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@document_argument
@lenient_option
@json_option
@reports_errors
def show(document: Path, lenient: bool, as_json: bool) -> None:
    """Show the manual in DOCUMENT: cover, positions and revision table."""
    from docversion.files import read_document

    result = read_document(document, is_lenient=lenient)
    _warn(result.warnings)
    if as_json:
        _emit_json({"manual": result.manual.model_dump(mode="json"),
                    "warnings": [str(w) for w in result.warnings]})
        return
    from rich.console import Console

    from docversion.render.manual_summary import ManualSummary

    Console(soft_wrap=False).print(ManualSummary(result.manual))


@cli.command(epilog=EXIT_CODES_HELP)
@document_argument
@lenient_option
@json_option
@reports_errors
def validate(document: Path, lenient: bool, as_json: bool) -> None:
    """Check that DOCUMENT reads into a valid manual; exit 5 naming the fault if not."""
    from docversion.files import read_document

    result = read_document(document, is_lenient=lenient)
    _warn(result.warnings)
    manual = result.manual
    if as_json:
        _emit_json({"ok": True, "code": manual.cover.code, "version": manual.cover.version,
                    "positions": len(manual.positions), "revisions": len(manual.revisions),
                    "warnings": [str(w) for w in result.warnings]})
    else:
        click.echo(f"ok: {document}: manual {manual.cover.code} version {manual.cover.version:02d}, "
                   f"{len(manual.positions)} positions, {len(manual.revisions)} revisions")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a manual."""
    from docversion.model import Manual

    click.echo(json.dumps(Manual.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point of the ``docversion`` console script."""
    cli(prog_name="docversion")
