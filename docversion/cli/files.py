"""Commands that work on documents and directories outside a store."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    accept_changes_option,
    cli,
    document_argument,
    emit_json,
    json_option,
    lenient_option,
    reports_errors,
    warn,
)
from docversion.i18n import N_, _


@cli.command(epilog=EXIT_CODES_HELP)
@document_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help=N_("Directory to write the canonical YAML form to."))
@lenient_option
@accept_changes_option
@json_option
@reports_errors
def convert(document: Path, output: Path, lenient: bool, accept_changes: bool, as_json: bool) -> None:
    """Convert DOCUMENT (seed text or a canonical directory) to the canonical YAML form."""
    from docversion.files import read_document, write_manual_dir

    result = read_document(document, is_lenient=lenient, is_accepting_changes=accept_changes)
    write_manual_dir(result.manual, output)
    warn(result.warnings)
    if as_json:
        emit_json({"ok": True, "output": str(output), "code": result.manual.cover.code,
                    "positions": [p.id for p in result.manual.positions],
                    "warnings": [str(w) for w in result.warnings]})
    else:
        click.echo(_("wrote {output} ({count} positions)").format(output=output, count=len(result.manual.positions)),
                   err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@document_argument
@lenient_option
@accept_changes_option
@json_option
@reports_errors
def validate(document: Path, lenient: bool, accept_changes: bool, as_json: bool) -> None:
    """Check that DOCUMENT reads into a valid manual; exit 5 naming the fault if not."""
    from docversion.files import read_document

    result = read_document(document, is_lenient=lenient, is_accepting_changes=accept_changes)
    warn(result.warnings)
    manual = result.manual
    counts = result.counts
    if as_json:
        reading = None if counts is None else {
            "placed": counts.placed, "furniture": counts.furniture, "unplaced": counts.unplaced,
            "placed_characters": counts.placed_chars, "furniture_characters": counts.furniture_chars,
            "unplaced_characters": counts.unplaced_chars}
        emit_json({"ok": True, "code": manual.cover.code, "version": manual.cover.version,
                    "positions": len(manual.positions), "revisions": len(manual.revisions),
                    "reading": reading, "warnings": [str(w) for w in result.warnings]})
    else:
        click.echo(_("ok: {document}: manual {code} version {version:02d}, {positions} positions, {revisions} "
                     "revisions").format(document=document, code=manual.cover.code, version=manual.cover.version,
                                         positions=len(manual.positions), revisions=len(manual.revisions)))
        if counts is not None:
            click.echo(_("read: {placed} paragraphs placed ({placed_chars} characters), {furniture} layout "
                         "({furniture_chars}), {unplaced} unplaced ({unplaced_chars}), {warnings} warnings").format(
                placed=counts.placed, placed_chars=counts.placed_chars, furniture=counts.furniture,
                furniture_chars=counts.furniture_chars, unplaced=counts.unplaced, unplaced_chars=counts.unplaced_chars,
                warnings=len(result.warnings)))


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--for", "subject", default="manual", show_default=True, metavar="manual|COMMAND|error",
              help=N_("Whose schema: a manual (the model), the --json document of a command (diff, status, log, "
                      "list, table, …), or the document of a command that failed (error)."))
@reports_errors
def schema(subject: str) -> None:
    """Print a JSON Schema: of a manual, or of a command's --json output."""
    from docversion.errors import InvalidInputError
    from docversion.schemas import ERROR, SCHEMAS

    if subject == "manual":
        from docversion.model import Manual

        found = Manual.model_json_schema()
    elif subject == "error":
        found = ERROR
    elif subject in SCHEMAS:
        found = SCHEMAS[subject]
    else:
        raise InvalidInputError(_("there is no schema for {subject!r}").format(subject=subject), field="--for",
                                hint=_("give manual, error or one of: {names}").format(names=", ".join(SCHEMAS)))
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))
