"""Commands that work on documents and directories outside a store."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
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
@json_option
@reports_errors
def convert(document: Path, output: Path, lenient: bool, as_json: bool) -> None:
    """Convert DOCUMENT (seed text or a canonical directory) to the canonical YAML form."""
    from docversion.files import read_document, write_manual_dir

    result = read_document(document, is_lenient=lenient)
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
@json_option
@reports_errors
def validate(document: Path, lenient: bool, as_json: bool) -> None:
    """Check that DOCUMENT reads into a valid manual; exit 5 naming the fault if not."""
    from docversion.files import read_document

    result = read_document(document, is_lenient=lenient)
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
def schema() -> None:
    """Print the JSON Schema of a manual."""
    from docversion.model import Manual

    click.echo(json.dumps(Manual.model_json_schema(), ensure_ascii=False, indent=2))
