"""Commands over a store: init, import, list, log, show, diff."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    accept_changes_option,
    cli,
    emit_json,
    html_option,
    json_option,
    lenient_option,
    pass_context,
    progress,
    reports_errors,
    show_view,
    warn,
)
from docversion.cli.completion import complete_code, complete_target
from docversion.cli.params import DAY
from docversion.cli.records_json import history_json, version_json
from docversion.i18n import N_, _, ngettext

author_option = click.option(
    "--author", metavar="'NAME <EMAIL>'",
    help=N_("Who records it. Default: user.name and user.email of git's configuration."))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("path", type=click.Path(path_type=Path), default=".")
@click.option("--bare", is_flag=True, help=N_("Make a bare repository (no work tree), as on a server."))
@click.option("--admin-key", "admin_key", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help=N_("Start the trust log with this administrator's Ed25519 private key (with --admin)."))
@click.option("--admin", "admin", help=N_("The first administrator's name (with --admin-key)."))
@json_option
@reports_errors
def init(path: Path, bare: bool, admin_key: Path | None, admin: str | None, as_json: bool) -> None:
    """Make PATH a store: a git repository with fsync and ref logs turned on, and with
    --admin-key a trust root (every sign-off must then be signed by a trusted key)."""
    from docversion.store import Store

    if (admin_key is None) != (admin is None):
        raise click.UsageError(_("give --admin-key and --admin together"))
    key = None
    if admin_key is not None:
        from docversion.bounded import read_key_file
        from docversion.workflow.signing import load_private_key

        key = load_private_key(read_key_file(admin_key), str(admin_key))
    store = Store.init(path, is_bare=bare)
    if key is not None and admin is not None:
        from datetime import UTC, datetime

        from docversion.store.trust_admin import TrustAdmin

        TrustAdmin(store).start(key, admin, datetime.now(UTC).replace(microsecond=0), identity_for(store, None))
    if as_json:
        emit_json({"ok": True, "store": str(store.git_dir), "bare": bare, "trust_root": key is not None})
    else:
        ready = (_("store ready at {store}, administered by {admin}") if key else _("store ready at {store}"))
        click.echo(ready.format(store=store.git_dir, admin=admin), err=True)


@cli.command("import", epilog=EXIT_CODES_HELP)
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--code", help=N_("The manual's code in the store. Default: the cover's code "
                                "(900 0935 -> 900-0935)."))
@click.option("--historical", is_flag=True,
              help=N_("Record the version each cover states as published, signed on paper "
                      "(its revision table must have that version's row). It is recorded as 'imported' on its "
                      "in-force date, not by --author, so every store that imports the same documents holds "
                      "the same commits and tags."))
@click.option("--accept-changes", is_flag=True,
              help=N_("Accept every tracked change of a Word document (by default they are refused)."))
@click.option("--replace", "replace", is_flag=True,
              help=N_("Record a new draft even though a change request is under review (its sign-offs go "
                      "stale)."))
@author_option
@lenient_option
@json_option
@pass_context
@reports_errors
def import_(context: StoreContext, documents: tuple[Path, ...], code: str | None, historical: bool,
            accept_changes: bool, replace: bool, author: str | None, lenient: bool, as_json: bool) -> None:
    """Record DOCUMENTS in the store, in the order given: drafts, or with --historical published versions.

    A document that is already recorded as it stands changes nothing, so running an import
    again is safe. The first document that fails stops the run; those before it stay recorded.
    """

    store = context.store()
    who = identity_for(store, author)
    recorded: list[dict[str, Any]] = []
    with progress(_("importing"), total=len(documents)) as advance:
        for document in documents:
            advance(document.name)
            recorded.append(_import_one(store, document, who, code, historical, lenient, accept_changes, replace))
    if as_json:
        emit_json({"ok": True, "recorded": recorded})


def _import_one(store: Any, document: Path, who: Any, code: str | None, historical: bool,
                lenient: bool, accept_changes: bool, replace: bool) -> dict[str, Any]:
    from docversion.files import read_document
    from docversion.store.control import ChangeControl

    result = read_document(document, is_lenient=lenient, is_accepting_changes=accept_changes)
    done, stale = ChangeControl(store).record(result.manual, author=who, has_ids=result.has_ids,
                                              is_historical=historical, code=code, source=str(document),
                                              is_replacing=replace)
    warn(result.warnings)
    warn(done.warnings)
    if stale:
        click.echo(ngettext("warning: the sign-offs of {names} are now stale: they must sign the new draft",
                            "warning: the sign-offs of {names} are now stale: they must sign the new draft",
                            len(stale)).format(names=", ".join(stale)), err=True)
    click.echo(_recorded(done).format(code=done.code, version=done.version, commit=done.commit[:12],
                                      document=document), err=True)
    return {"document": str(document), "code": done.code, "commit": done.commit, "version": done.version,
            "unchanged": done.is_unchanged, "positions": list(done.position_ids),
            "warnings": [str(w) for w in result.warnings] + list(done.warnings), "stale": stale}


def _recorded(done: Any) -> str:
    """What an import did, for the message: a version or a draft, recorded or already there."""
    if done.version:
        return (_("{code}: version {version} already recorded, nothing changed ({commit}) from {document}")
                if done.is_unchanged else _("{code}: version {version} recorded ({commit}) from {document}"))
    return (_("{code}: draft already recorded, nothing changed ({commit}) from {document}")
            if done.is_unchanged else _("{code}: draft recorded ({commit}) from {document}"))


def identity_for(store: Any, author: str | None) -> Any:
    """The --author option as an Identity, or the store's default."""
    from docversion.store import Identity

    if author is None:
        return store.default_identity()
    name, _sep, rest = author.partition("<")
    if not rest.endswith(">"):
        raise click.BadParameter(_("write it as 'Name <email>'"), param_hint="--author")
    return Identity(name.strip(), rest[:-1].strip())


@cli.command("list", epilog=EXIT_CODES_HELP)
@html_option
@json_option
@pass_context
@reports_errors
def list_(context: StoreContext, html: Path | None, as_json: bool) -> None:
    """List the store's manuals: latest version, version in force today, open draft."""
    statuses = context.store().manuals(date.today())
    if as_json:
        emit_json({"manuals": [{"code": s.code, "area": s.title, "latest": version_json(s.latest),
                                "in_force": version_json(s.in_force), "open_draft": s.has_open_draft,
                                "head": s.head} for s in statuses]})
        return
    from docversion.render.store_views import ManualList

    show_view(context, ManualList(statuses), html)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@html_option
@json_option
@pass_context
@reports_errors
def log(context: StoreContext, code: str, html: Path | None, as_json: bool) -> None:
    """Show the history of manual CODE, newest first: the open change request's events, then each
    snapshot; a version with who prepared, reviewed and authorized it, its in-force date and what
    it changed."""
    from docversion.store.chronicle import manual_history

    code = context.store().known_code(code)
    entries, request = manual_history(context.store(), code)
    if as_json:
        emit_json(history_json(code, entries, request))
        return
    if html is None and not sys.stdout.isatty():  # a script, a pipe or a file: plain lines, no rich
        from docversion.render.history_lines import history_lines

        click.echo("\n".join(history_lines(code, entries, request)))
        return
    from docversion.render.store_views import HistoryLog

    show_view(context, HistoryLog(code, entries, request), html)


as_of_option = click.option("--as-of", "as_of", type=DAY,
                            help=N_("The version in force on this day (2018-01-02, 02/01/2018 or '02 de enero de "
                                    "2018')."))


def _target(context: StoreContext, target: str, as_of: Any) -> tuple[str, Any]:
    from docversion.store.refs import Revision, parse_target

    code, revision = parse_target(target)
    if as_of is not None:
        if "@" in target:
            raise click.UsageError(_("give either CODE@REV or --as-of, not both"))
        revision = Revision("as_of", as_of=as_of)
    return context.store().known_code(code), revision


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", shell_complete=complete_target)
@as_of_option
@click.option("--document", "as_document", is_flag=True,
              help=N_("Show the whole manual as the document reads."))
@lenient_option
@accept_changes_option
@html_option
@json_option
@pass_context
@reports_errors
def show(context: StoreContext, target: str, as_of: Any, as_document: bool, lenient: bool, accept_changes: bool,
         html: Path | None, as_json: bool) -> None:
    """Show a manual: TARGET is a document (FILE or DIR) or CODE[@REV] in the store.

    REV is 5 or v5, latest (the default), draft, or a date YYYY-MM-DD.
    """
    where: dict[str, Any] = {}
    if Path(target).exists() and as_of is None:
        from docversion.files import read_document

        result = read_document(Path(target), is_lenient=lenient, is_accepting_changes=accept_changes)
        manual, warnings = result.manual, result.warnings
        if Path(target).suffix.lower() == ".docx" and not result.has_ids:
            click.echo(_("note: {target} carries no position ids (another word processor may have dropped "
                         "them): ids come from the titles; import matches them against the previous version").format(
                target=target), err=True)
    else:
        code, revision = _target(context, target, as_of)
        store = context.store()
        commit, info = store.resolve(code, revision)
        manual, warnings = store.load_commit(code, commit, f"{code}@{revision}"), ()
        where = {"code": code, "revision": str(revision), "commit": commit,
                 "version": version_json(info)}
        click.echo(f"{code}@{revision}: commit {commit[:12]}", err=True)
    warn(warnings)
    if as_json:
        emit_json({**where, "manual": manual.model_dump(mode="json"), "warnings": [str(w) for w in warnings]})
        return
    if as_document:
        from docversion.render.manual_view import ManualView

        show_view(context, ManualView(manual), html)
        return
    from docversion.render.manual_summary import ManualSummary

    show_view(context, ManualSummary(manual), html)


@cli.command("diff", epilog=EXIT_CODES_HELP)
@click.argument("targets", nargs=-1, required=True, shell_complete=complete_target)
@click.option("--all", "show_all", is_flag=True, help=N_("Show cosmetic edits and revision-mark changes too."))
@click.option("--side-by-side", "side_by_side", metavar="POSITION_ID",
              help=N_("Show one position old and new in two columns."))
@lenient_option
@accept_changes_option
@html_option
@json_option
@pass_context
@reports_errors
def diff_(context: StoreContext, targets: tuple[str, ...], show_all: bool, side_by_side: str | None,
          lenient: bool, accept_changes: bool, html: Path | None, as_json: bool) -> None:
    """What changed: ``diff CODE REV_A REV_B`` in the store, or ``diff FILE_A FILE_B`` between documents.

    Documents may be in any supported form (text, canonical directory). Revisions as for show.
    """
    from docversion.diff import diff

    if len(targets) == 2:  # two documents: the store is never opened, nor imported
        from docversion.files import read_document

        readings = [read_document(Path(target), is_lenient=lenient, is_accepting_changes=accept_changes)
                    for target in targets]
        for reading in readings:
            warn(reading.warnings)
        old, new = (reading.manual for reading in readings)
        title = f"{targets[0]} -> {targets[1]}"
    elif len(targets) == 3:
        from docversion.store.refs import parse_revision

        store = context.store()
        code = context.store().known_code(targets[0])
        revisions = [parse_revision(rev) for rev in targets[1:]]
        commits = tuple(store.resolve(code, revision)[0] for revision in revisions)
        old, new = store.load_pair(code, (commits[0], commits[1]), (f"{code}@{revisions[0]}", f"{code}@{revisions[1]}"))
        title = f"{code} {targets[1]} -> {targets[2]}"
    else:
        raise click.UsageError(_("give FILE_A FILE_B, or CODE REV_A REV_B"))
    changeset = diff(old, new)
    from docversion.lint import lint

    for finding in lint(new, old):
        click.echo(str(finding), err=True)
    if as_json:
        emit_json({"from": {"code": old.cover.code, "version": old.cover.version},
                   "to": {"code": new.cover.code, "version": new.cover.version},
                   **changeset.model_dump(mode="json")})
        return
    if side_by_side is not None:
        from docversion.render.side_by_side import PositionSideBySide

        before, after = _pair(old, new, changeset, side_by_side)
        mine = [c for c in changeset.changes if getattr(c, "position_id", None) == after.id]
        show_view(context, PositionSideBySide(before, after, mine), html)
        return
    from docversion.render.diff_view import DiffView

    show_view(context, DiffView(changeset, title=title, is_showing_all=show_all, hidden_hint=_("--all shows them")),
              html)


def _pair(old: Any, new: Any, changeset: Any, position_id: str) -> tuple[Any, Any]:
    """The old and new state of one position, following an id the diff matched by content."""
    old_id = next((m.old_id for m in changeset.matches if m.new_id == position_id), position_id)
    try:
        return old.position(old_id), new.position(position_id)
    except KeyError:
        raise click.BadParameter(_("no position {position_id!r} in both versions").format(position_id=position_id),
                                 param_hint="--side-by-side") from None
