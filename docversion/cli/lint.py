"""The lint command: a manual's consistency findings, from a document or the store."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    accept_changes_option,
    cli,
    emit_json,
    json_option,
    lenient_option,
    pass_context,
    reports_errors,
    warn,
)
from docversion.cli.completion import complete_target
from docversion.cli.org import finding_json, in_force_option, read_in_force, skipped_json
from docversion.errors import InvalidInputError
from docversion.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from docversion.lint import Finding
    from docversion.model import Manual
    from docversion.store import Store
    from docversion.store.history import ManualRefs, VersionInfo


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", required=False, shell_complete=complete_target)
@click.option("--all", "is_all", is_flag=True,
              help=N_("Check every manual in force (today, or --as-of) and what they say of each other."))
@in_force_option
@lenient_option
@accept_changes_option
@json_option
@pass_context
@reports_errors
def lint(context: StoreContext, target: str | None, is_all: bool, as_of: date | None, lenient: bool,
         accept_changes: bool, as_json: bool) -> None:
    """Check a manual's consistency: TARGET is a document (FILE or DIR) or CODE[@REV] in the store.

    REV is 5 or v5, latest, draft, or a date YYYY-MM-DD; without one, the open draft if there is
    one, else the latest version. A store target is checked against the version before it, so a
    renamed position's old title left behind is found. With --all instead of TARGET, each manual's
    version in force, then what one manual cannot see: a REPORTA A that names no position of any
    manual and no role of any cover, a manager whose direct reports are not the positions that
    report to it, a title two positions hold. Errors exit 5; warnings alone exit 0.
    """
    from docversion.lint import lint as lint_manual

    if as_of is not None and not is_all:
        raise click.UsageError(_("--as-of goes with --all; for one manual give CODE@DATE"))
    if is_all:
        if target is not None:
            raise click.UsageError(_("give TARGET or --all, not both"))
        _lint_all(context, as_of or date.today(), as_json)
        return
    if target is None:
        raise click.UsageError(_("give TARGET (a document, or CODE[@REV]), or --all for every manual in force"))
    if Path(target).exists():
        from docversion.files import read_document

        result = read_document(Path(target), is_lenient=lenient, is_accepting_changes=accept_changes)
        warn(result.warnings)
        manual, base, against = result.manual, None, None
    else:
        manual, base, against = _from_store(context.store(), target)
    findings = lint_manual(manual, base)
    errors = sum(finding.severity == "error" for finding in findings)
    if as_json:
        emit_json({"target": target, "base": against, "ok": not errors,
                   "findings": [finding_json(f) for f in findings]})
    for finding in findings:
        click.echo(str(finding), err=True)
    counts = {"target": target, "against": against, "errors": _errors(errors),
              "warnings": _warnings(len(findings) - errors)}
    text = _("{target} (against {against}): {errors}, {warnings}") if against else _("{target}: {errors}, {warnings}")
    click.echo(text.format(**counts), err=True)
    if errors:
        sys.exit(InvalidInputError.exit_code)


def _lint_all(context: StoreContext, day: date, as_json: bool) -> None:
    """lint --all: each manual in force, then what they say of each other, none twice."""
    from docversion.organisation import lint_all

    manuals, skipped = read_in_force(context, day, has_bases=True)
    findings = lint_all(manuals)
    errors = sum(finding.severity == "error" for finding in findings)
    if as_json:
        emit_json({"all": True, "as_of": day.isoformat(), "ok": not errors, "manuals": [
            {"code": m.code, "version": m.manual.cover.version,
             "base": f"v{m.base.cover.version}" if m.base is not None else None,
             **_counts([f for f in findings if f.code == m.code])} for m in manuals],
            "skipped": skipped_json(skipped), "findings": [finding_json(f) for f in findings]})
    for finding in findings:
        click.echo(str(finding), err=True)
    for manual in manuals:
        mine = _counts([f for f in findings if f.code == manual.code])
        click.echo(_("{target}: {errors}, {warnings}").format(
            target=f"{manual.code}@v{manual.manual.cover.version}", errors=_errors(mine["errors"]),
            warnings=_warnings(mine["warnings"])), err=True)
    click.echo(ngettext("{n} manual in force on {day}: {errors}, {warnings}",
                        "{n} manuals in force on {day}: {errors}, {warnings}", len(manuals)).format(
        n=len(manuals), day=day.isoformat(), errors=_errors(errors), warnings=_warnings(len(findings) - errors)),
        err=True)
    if errors:
        sys.exit(InvalidInputError.exit_code)


def _counts(findings: list[Finding]) -> dict[str, int]:
    errors = sum(finding.severity == "error" for finding in findings)
    return {"errors": errors, "warnings": len(findings) - errors}


def _from_store(store: Store, target: str) -> tuple[Manual, Manual | None, str | None]:
    """The manual at CODE[@REV] (by default the open draft, else the latest version), the
    published version it continues, and that version's name."""
    from docversion.store.refs import DRAFT, LATEST, parse_target

    code, revision = parse_target(target)
    refs = store.refs(code)
    if "@" not in target:
        revision = DRAFT if refs.has_open_draft else LATEST
    commit, info = store.resolve(code, revision)
    before = _previous(refs, info)
    if before is None:
        return store.load_commit(code, commit, f"{code}@{revision}"), None, None
    manual, base = store.load_pair(code, (commit, before.commit), (f"{code}@{revision}", f"{code}@v{before.version}"))
    return manual, base, f"v{before.version}"


def _previous(refs: ManualRefs, info: VersionInfo | None) -> VersionInfo | None:
    """The latest published version before ``info`` (before the draft, when ``info`` is None)."""
    earlier = [v for v in refs.versions if info is None or v.version < info.version]
    return earlier[-1] if earlier else None


def _errors(number: int) -> str:
    return ngettext("{n} error", "{n} errors", number).format(n=number)


def _warnings(number: int) -> str:
    return ngettext("{n} warning", "{n} warnings", number).format(n=number)
