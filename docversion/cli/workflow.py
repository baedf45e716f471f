"""Change-control commands: propose, submit, review, authorize, publish, withdraw, status, verify,
table, signoffs."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    cli,
    emit_json,
    html_option,
    json_option,
    pass_context,
    progress,
    reports_errors,
    show_view,
    warn,
)
from docversion.cli.completion import complete_code, complete_target
from docversion.cli.params import DAY
from docversion.cli.store import identity_for
from docversion.i18n import N_, _, ngettext

as_option = click.option("--as", "name", help=N_("Who acts (the person's name). Default: git's user.name."))
key_option = click.option("--key", "key_path", type=click.Path(path_type=Path, dir_okay=False),
                          help=N_("Sign with this Ed25519 private key (PEM or OpenSSH)."))
comment_option = click.option("--comment", default="", help=N_("A comment recorded with the sign-off."))


def _control(context: StoreContext) -> Any:
    from docversion.store.control import ChangeControl

    return ChangeControl(context.store())


def _name(context: StoreContext, name: str | None) -> str:
    return name or context.store().default_identity().name


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _key(path: Path | None) -> Any:
    if path is None:
        return None
    from docversion.bounded import read_key_file
    from docversion.workflow.signing import load_private_key

    return load_private_key(read_key_file(path), str(path))


def _code(context: StoreContext, code: str) -> str:
    """The store's manual that ``code`` names, as typed or printed (``900 0935``)."""
    return context.store().known_code(code)


def _new_code(code: str) -> str:
    """A code for a manual the store may not have yet: as printed, in the store's spelling."""
    from docversion.inputs import code_as_typed
    from docversion.store.refs import validate_code

    return validate_code(code_as_typed(code))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.argument("document", required=False, type=click.Path(path_type=Path))
@as_option
@click.option("--label", default="Elaborado por", show_default=True,
              help=N_("How the revision table names the preparer (Analista, Elaborado por, …)."))
@click.option("--sentence", "sentences", multiple=True,
              help=N_("A change sentence for the revision table (repeat for several). Default: the diff's."))
@click.option("--in-force", "in_force", type=DAY,
              help=N_("The day the new version comes into force, signed with the draft. Default: the draft's "
                      "cover (Vigencia), if it is after the version in force."))
@click.option("--last-modified", "last_modified", type=DAY,
              help=N_("Fecha de última modificación for the revision row, signed with the request. "
                      "Default: none."))
@json_option
@pass_context
@reports_errors
def propose(context: StoreContext, code: str, document: Path | None, name: str | None, label: str,
            sentences: tuple[str, ...], in_force: Any, last_modified: Any, as_json: bool) -> None:
    """Open a change request for CODE's draft (recording DOCUMENT as the draft first, if given).

    The draft's cover is given the next version number and its in-force date; both are signed
    with the rest, and publishing uses them.
    """
    store = context.store()
    who = identity_for(store, None)
    control = _control(context)
    if document is not None:
        from docversion.files import read_document

        result = read_document(document)
        warn(result.warnings)
        done, _stale = control.record(result.manual, author=who, has_ids=result.has_ids, code=_new_code(code),
                                 source=str(document))
        warn(done.warnings)
    proposal = control.propose(_code(context, code), preparer=_name(context, name), label=label, sentences=sentences,
                               now=_now(), author=who, in_force=in_force,
                               today=date.today(), last_modified=last_modified)
    warn(proposal.warnings)
    opened = _("{code}: change request {number} opened: version {version} in force from {day}").format(
        code=code, number=proposal.request, version=proposal.version, day=proposal.in_force.isoformat())
    _done(as_json, opened, code=code, request=proposal.request, version=proposal.version,
          in_force=proposal.in_force.isoformat(), warnings=list(proposal.warnings))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.argument("sentences", nargs=-1, required=True)
@json_option
@pass_context
@reports_errors
def sentences(context: StoreContext, code: str, sentences: tuple[str, ...], as_json: bool) -> None:
    """Set the change sentences of CODE's open request (earlier sign-offs become stale)."""
    _control(context).set_sentences(_code(context, code), sentences, _now(), identity_for(context.store(), None))
    done = ngettext("{code}: {count} sentences set", "{code}: {count} sentences set", len(sentences))
    _done(as_json, done.format(code=code, count=len(sentences)), code=code, sentences=list(sentences))


# A sign-off as its command reports it: what it was and its decision.
_SIGNED = {("prepared", "approved"): N_("prepared approved"), ("reviewed", "approved"): N_("reviewed approved"),
           ("reviewed", "rejected"): N_("reviewed rejected"), ("authorized", "approved"): N_("authorized approved"),
           ("authorized", "rejected"): N_("authorized rejected")}


def _sign(context: StoreContext, code: str, name: str | None, role: str | None, meaning: Any, decision: Any,
          comment: str, key_path: Path | None, as_json: bool) -> None:
    signoff = _control(context).sign(_code(context, code), name=_name(context, name), role=role, meaning=meaning,
                                     decision=decision, comment=comment, now=_now(),
                                     author=identity_for(context.store(), None), key=_key(key_path))
    step = _SIGNED.get((signoff.meaning, signoff.decision))
    what = _(step) if step else f"{signoff.meaning} {signoff.decision}"
    done = (_("{code}: {step} by {name} as {role} (signed)") if signoff.signature
            else _("{code}: {step} by {name} as {role}"))
    _done(as_json, done.format(code=code, step=what, name=signoff.name, role=signoff.role),
          signoff=signoff.model_dump(mode="json"))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@as_option
@key_option
@comment_option
@json_option
@pass_context
@reports_errors
def submit(context: StoreContext, code: str, name: str | None, key_path: Path | None, comment: str,
           as_json: bool) -> None:
    """Submit CODE's open request for review: the preparer signs the draft as it stands."""
    _sign(context, code, name, None, "prepared", "approved", comment, key_path, as_json)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.option("--role", required=True, help=N_("The reviewing role you sign for (one under Revisado)."))
@click.option("--approve/--reject", "approve", required=True, help=N_("Approve, or reject back to draft."))
@as_option
@key_option
@comment_option
@json_option
@pass_context
@reports_errors
def review(context: StoreContext, code: str, role: str, approve: bool, name: str | None, key_path: Path | None,
           comment: str, as_json: bool) -> None:
    """Review CODE's request in ROLE; a rejection sends it back to draft with your comment as reason."""
    if not approve and not comment:
        raise click.UsageError(_("a rejection needs --comment with the reason"))
    _sign(context, code, name, role, "reviewed", "approved" if approve else "rejected", comment, key_path, as_json)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.option("--role", help=N_("The authorizing role. Default: the one the policy names."))
@click.option("--reject", is_flag=True, help=N_("Refuse the authorization (back to draft)."))
@as_option
@key_option
@comment_option
@json_option
@pass_context
@reports_errors
def authorize(context: StoreContext, code: str, role: str | None, reject: bool, name: str | None,
              key_path: Path | None, comment: str, as_json: bool) -> None:
    """Authorize CODE's request after every review."""
    if reject and not comment:
        raise click.UsageError(_("a rejection needs --comment with the reason"))
    _sign(context, code, name, role, "authorized", "rejected" if reject else "approved", comment, key_path, as_json)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@as_option
@click.option("--in-force", "in_force", type=DAY,
              help=N_("Only a check: the in-force date was signed with the draft (set by propose), and "
                      "publishing refuses any other."))
@click.option("--last-modified", "last_modified", type=DAY,
              help=N_("Only a check: the date of last modification was signed with the request (set by "
                      "propose)."))
@json_option
@pass_context
@reports_errors
def publish(context: StoreContext, code: str, name: str | None, in_force: Any, last_modified: Any,
            as_json: bool) -> None:
    """Publish CODE's authorized request as the version its signed cover states, in force from the
    date signed; immutable from then on."""
    version, warnings = _control(context).publish(
        _code(context, code), name=_name(context, name), in_force=in_force,
        last_modified=last_modified, now=_now(),
        author=identity_for(context.store(), None), today=date.today())
    warn(warnings)
    _done(as_json, _("{code}: version {version} published").format(code=code, version=version), code=code,
          version=version, warnings=list(warnings))


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@as_option
@click.option("--reason", required=True, help=N_("Why it is withdrawn (recorded in the log)."))
@json_option
@pass_context
@reports_errors
def withdraw(context: StoreContext, code: str, name: str | None, reason: str, as_json: bool) -> None:
    """Withdraw CODE's open request; its draft stays in history."""
    _control(context).withdraw(_code(context, code), name=_name(context, name), reason=reason, now=_now(),
                               author=identity_for(context.store(), None))
    _done(as_json, _("{code}: change request withdrawn").format(code=code), code=code)


def _done(as_json: bool, message: str, **payload: Any) -> None:
    if as_json:
        emit_json({"ok": True, **payload})
    else:
        click.echo(message, err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", required=False, shell_complete=complete_code)
@html_option
@json_option
@pass_context
@reports_errors
def status(context: StoreContext, code: str | None, html: Path | None, as_json: bool) -> None:
    """Open change requests: state, change sentences, each sign-off with its comment (fresh, stale
    or void), and each role still to sign."""
    from docversion.store.history import scan
    from docversion.store.requests import request_status

    control = _control(context)
    codes = [_code(context, code)] if code else sorted(scan(context.store().git))
    found = [s for s in (request_status(control, c) for c in codes) if s is not None]
    if as_json:
        from docversion.cli.records_json import status_json

        emit_json({"requests": [status_json(s) for s in found]})
        return
    from docversion.render.workflow_views import RequestStatusView

    show_view(context, RequestStatusView(found), html)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", required=False)
@json_option
@pass_context
@reports_errors
def verify(context: StoreContext, code: str | None, as_json: bool) -> None:
    """Check the record: the log's chain, each version against its sign-offs, signatures, policy.

    Exit 4 naming each problem.
    """
    from docversion.store.verification import manual_codes
    from docversion.store.verification import verify as verify_store

    store = context.store()
    with progress(_("verifying"), total=len(manual_codes(store, _code(context, code) if code else None))) as advance:
        problems = verify_store(store, _code(context, code) if code else None, on_manual=advance)
    is_rooted = _control(context).trust().is_rooted
    if as_json:
        emit_json({"ok": not problems, "trust_root": is_rooted, "problems": [
            {"code": p.code, "version": p.version, "message": p.message} for p in problems]})
    for problem in problems:
        click.echo(_("problem: {problem}").format(problem=problem), err=True)
    if not is_rooted:
        from docversion.workflow.proof import UNPROVEN

        click.echo(_("note: {note}").format(note=_(UNPROVEN)), err=True)
    if problems:
        sys.exit(4)
    click.echo(_("verified: every published version matches its record"), err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", shell_complete=complete_target)
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@html_option
@json_option
@pass_context
@reports_errors
def table(context: StoreContext, target: str, output_format: str, html: Path | None, as_json: bool) -> None:
    """The revision table (MODIFICACIONES REALIZADAS) of CODE[@REV], generated from the store."""
    from docversion.store.refs import parse_target

    code, revision = parse_target(target)
    code = _code(context, code)
    rows = context.store().load(code, revision).revisions
    if as_json or output_format == "json":
        emit_json({"code": code, "revision": str(revision), "rows": [r.model_dump(mode="json") for r in rows]})
    elif output_format == "markdown":
        from docversion.render.workflow_views import revision_table_markdown

        click.echo(revision_table_markdown(rows), nl=False)
    else:
        from docversion.render.workflow_views import RevisionTable

        show_view(context, RevisionTable(rows), html)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", shell_complete=complete_target)
@html_option
@json_option
@pass_context
@reports_errors
def signoffs(context: StoreContext, target: str, html: Path | None, as_json: bool) -> None:
    """The cover's sign-off block of CODE@REV: roles, who signed and when, dates, version."""
    from docversion.store.refs import parse_target
    from docversion.store.requests import version_signoffs

    code, revision = parse_target(target)
    code = _code(context, code)
    store = context.store()
    commit, info = store.resolve(code, revision)
    manual = store.load_commit(code, commit, target)
    version = info.version if info else None
    request, found = version_signoffs(_control(context), code, version) if version else (None, [])
    imported = bool(info and info.is_imported)
    is_proven = _control(context).trust().is_rooted
    if as_json:
        emit_json({"code": code, "version": version, "imported": imported, "identities_proven": is_proven,
                   "request": request.number if request else None,
                   "cover": manual.cover.model_dump(mode="json"),
                   "signoffs": [s.model_dump(mode="json") for s in found]})
        return
    from docversion.render.workflow_views import SignOffBlock

    show_view(context, SignOffBlock(manual, found, imported, is_proven=is_proven), html)
