"""The export command: a version from the store as the canonical directory or a printed copy
(Word, PDF, Markdown, HTML), with its stamp and its sign-off page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docversion.cli.base import EXIT_CODES_HELP, StoreContext, cli, emit_json, json_option, pass_context, reports_errors
from docversion.cli.completion import complete_target
from docversion.cli.records_json import version_json
from docversion.cli.store import _target, as_of_option
from docversion.i18n import N_, _

if TYPE_CHECKING:
    from docversion.records import Printing


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", shell_complete=complete_target)
@click.option("--format", "output_format", type=click.Choice(["yaml", "docx", "pdf", "md", "html"]),
              default="yaml", show_default=True,
              help=N_("yaml: the canonical directory, the record's data (no stamp, no sign-off page); docx, pdf, "
                      "md, html: one printed document, with its stamp and its sign-off page (pdf: the Word "
                      "document printed by LibreOffice, which must be installed)."))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help=N_("Where to write: a directory for yaml (refused if it holds anything but a manual), a file "
                      "otherwise."))
@click.option("--redline-against", "against", metavar="REV",
              help=N_("Underline what changed since this version (from a real diff), as the institution "
                      "marks it."))
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help=N_("The paper a printed document is laid out for."))
@click.option("--uncontrolled", is_flag=True,
              help=N_("Print the version in force as an uncontrolled copy: 'COPIA NO CONTROLADA' on every page. "
                      "Refused for any other version (a version no longer in force, one not yet in force, a "
                      "draft), whose copies carry their own stamp."))
@as_of_option
@json_option
@pass_context
@reports_errors
def export(context: StoreContext, target: str, output_format: str, output: Path, against: str | None, paper: str,
           uncontrolled: bool, as_of: Any, as_json: bool) -> None:
    """Write manual CODE[@REV] from the store: canonical YAML, Word, PDF, Markdown or HTML.

    A printed document says on every page what the copy is on the day it is made: no longer in
    force (and which version replaced it), not yet in force, a draft, or with --uncontrolled an
    uncontrolled copy of the version in force. After the revision table comes the sign-off page;
    the copy states that it conforms to the signed original only when the version's record
    verifies.
    """
    from docversion.files import write_file_atomically, write_manual_dir
    from docversion.store.refs import parse_revision

    code, revision = _target(context, target, as_of)
    store = context.store()
    commit, info = store.resolve(code, revision)
    printing = None
    if output_format == "yaml":
        if uncontrolled:
            raise click.UsageError(_("--uncontrolled makes a printed document: use --format docx, pdf, md or html"))
    else:
        from docversion.store.printing import printing_for

        printing = printing_for(store, code, commit, info, date.today(), paper=paper, is_uncontrolled=uncontrolled)
    manual = store.load_commit(code, commit, f"{code}@{revision}")
    underline = None
    if against is not None:
        from docversion.diff.redline import redline

        underline = redline(store.load(code, parse_revision(against)), manual)
    if output_format == "yaml":
        if underline is not None:
            raise click.UsageError(_("--redline-against makes a printed document: use --format docx, pdf, md or html"))
        write_manual_dir(manual, output)
    else:
        write_file_atomically(_document_bytes(manual, output_format, underline, printing), output)
    stamp = printing.stamp.kind if printing is not None and printing.stamp is not None else None
    if as_json:
        emit_json({"ok": True, "output": str(output), "format": output_format, "code": code,
                   "commit": commit, "version": version_json(info), "stamp": stamp})
    else:
        click.echo(_("wrote {target} to {output}").format(target=f"{code}@{revision}", output=output), err=True)


def _document_bytes(manual: Any, output_format: str, underline: Any, printing: Printing | None = None) -> bytes:
    """The printed document's bytes; ``printing`` (a :class:`docversion.records.Printing`) adds its
    stamp and sign-off page, None prints the text alone."""
    if output_format == "docx":
        from docversion.formats.docx.writer import write_docx

        return write_docx(manual, underline, printing)
    if output_format == "pdf":
        from docversion.formats.docx.writer import write_docx
        from docversion.formats.pdf import docx_to_pdf

        return docx_to_pdf(write_docx(manual, underline, printing))
    from docversion.formats.document_text import to_html, to_markdown

    text = to_markdown(manual, underline, printing) if output_format == "md" else to_html(manual, underline, printing)
    return text.encode("utf-8")
