"""Periodic review: ``due`` (the manuals whose review is due) and ``reviewed CODE --keep`` (the
process owner keeps the version in force as it is)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from docversion.cli.base import EXIT_CODES_HELP, StoreContext, cli, emit_json, json_option, pass_context, reports_errors
from docversion.cli.completion import complete_code
from docversion.cli.params import DAY
from docversion.cli.store import identity_for
from docversion.cli.workflow import _code, _control, _key, _name, _now, as_option, comment_option, key_option
from docversion.i18n import N_, _, ngettext


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--within", type=click.IntRange(min=0), metavar="DAYS",
              help=N_("Also the manuals due within DAYS days. Default: only those overdue or due today."))
@click.option("--as-of", "as_of", type=DAY, help=N_("The day to judge on (default: today)."))
@click.option("--all", "show_all", is_flag=True, help=N_("Every manual in force, due or not."))
@json_option
@pass_context
@reports_errors
def due(context: StoreContext, within: int | None, as_of: date | None, show_all: bool, as_json: bool) -> None:
    """The manuals whose periodic review is due: the version in force, when it was last reviewed and
    by whom, its process owner (Responsable de Proceso) and the days left (negative: overdue)."""
    from docversion.cli.records_json import review_json
    from docversion.store.review import statuses

    today = as_of or date.today()
    found = [status for status in statuses(_control(context), today)
             if show_all or status.days_left <= (within or 0)]
    found.sort(key=lambda status: (status.days_left, status.code))
    if as_json:
        emit_json({"today": today.isoformat(), "within": within, "manuals": [review_json(s) for s in found]})
        return
    if not found:
        until = today + timedelta(days=within or 0)
        click.echo(_("No manual's review is due by {day}.").format(day=until.isoformat()))
        return
    for status in found:
        click.echo(_line(status))


def _line(status: Any) -> str:
    if status.days_left < 0:
        left = ngettext("{n} day overdue", "{n} days overdue", -status.days_left).format(n=-status.days_left)
    else:
        left = ngettext("due in {n} day", "due in {n} days", status.days_left).format(n=status.days_left)
    last = (_("kept by {name} on {day}").format(name=status.reviewed_by.name, day=status.last_review.isoformat())
            if status.reviewed_by else _("in force since {day}").format(day=status.last_review.isoformat()))
    return _("{code}  v{version}  {left} (due {due}, every {months} months; {last}); process owner: "
             "{owner}").format(code=status.code, version=status.version.version, left=left, due=status.due.isoformat(),
                               months=status.months, last=last, owner=status.process_owner)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.option("--keep", is_flag=True, required=True,
              help=N_("The version in force stays as it is (a review that needs changes opens a change request: "
                      "import the new text, then propose)."))
@click.option("--role", help=N_("The role you sign as. Default: the cover's Responsable de Proceso."))
@as_option
@key_option
@comment_option
@json_option
@pass_context
@reports_errors
def reviewed(context: StoreContext, code: str, keep: bool, role: str | None, name: str | None,
             key_path: Path | None, comment: str, as_json: bool) -> None:
    """Record CODE's periodic review: its process owner keeps the version in force as it is,
    signing its exact content; the review clock starts again."""
    from docversion.store.review import keep as keep_version

    if not keep:
        raise click.UsageError(_("say the verdict: --keep"))
    code = _code(context, code)
    event = keep_version(_control(context), code, name=_name(context, name), role=role, comment=comment,
                         now=_now(), author=identity_for(context.store(), None), key=_key(key_path))
    signoff = event.signoff
    text = _("{code}: v{version} kept as it is by {name} as {role}").format(
        code=code, version=event.version, name=signoff.name, role=signoff.role)
    if as_json:
        emit_json({"ok": True, "code": code, "version": event.version, "verdict": event.verdict,
                   "signoff": signoff.model_dump(mode="json")})
    else:
        click.echo(text + (_(" (signed)") if signoff.signature else ""))
