"""Change-control commands: propose, submit, review, authorize, publish, withdraw, status, verify,
table, signoffs, policy, keys."""

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
from docversion.cli.store import identity_for

as_option = click.option("--as", "name", help="Who acts (the person's name). Default: git's user.name.")
key_option = click.option("--key", "key_path", type=click.Path(path_type=Path, dir_okay=False),
                          help="Sign with this Ed25519 private key (PEM or OpenSSH).")
comment_option = click.option("--comment", default="", help="A comment recorded with the sign-off.")


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
    from docversion.workflow.signing import load_private_key

    try:
        return load_private_key(path.read_bytes(), str(path))
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint="--key") from exc


def _code(code: str) -> str:
    from docversion.store.refs import validate_code

    return validate_code(code)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.argument("document", required=False, type=click.Path(path_type=Path))
@as_option
@click.option("--label", default="Elaborado por", show_default=True,
              help="How the revision table names the preparer (Analista, Elaborado por, …).")
@click.option("--sentence", "sentences", multiple=True,
              help="A change sentence for the revision table (repeat for several). Default: the diff's.")
@json_option
@pass_context
@reports_errors
def propose(context: StoreContext, code: str, document: Path | None, name: str | None, label: str,
            sentences: tuple[str, ...], as_json: bool) -> None:
    """Open a change request for CODE's draft (recording DOCUMENT as the draft first, if given)."""
    store = context.store()
    who = identity_for(store, None)
    if document is not None:
        from docversion.files import read_document

        result = read_document(document)
        warn(result.warnings)
        store.record(result.manual, author=who, has_ids=result.has_ids, code=_code(code), source=str(document))
    number = _control(context).propose(_code(code), preparer=_name(context, name), label=label,
                                       sentences=sentences, now=_now(), author=who)
    _done(as_json, f"{code}: change request {number} opened", code=code, request=number)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.argument("sentences", nargs=-1, required=True)
@json_option
@pass_context
@reports_errors
def sentences(context: StoreContext, code: str, sentences: tuple[str, ...], as_json: bool) -> None:
    """Set the change sentences of CODE's open request (earlier sign-offs become stale)."""
    _control(context).set_sentences(_code(code), sentences, _now(), identity_for(context.store(), None))
    _done(as_json, f"{code}: {len(sentences)} sentences set", code=code, sentences=list(sentences))


def _sign(context: StoreContext, code: str, name: str | None, role: str | None, meaning: Any, decision: Any,
          comment: str, key_path: Path | None, as_json: bool) -> None:
    signoff = _control(context).sign(_code(code), name=_name(context, name), role=role, meaning=meaning,
                                     decision=decision, comment=comment, now=_now(),
                                     author=identity_for(context.store(), None), key=_key(key_path))
    signed = " (signed)" if signoff.signature else ""
    _done(as_json, f"{code}: {signoff.meaning} {signoff.decision} by {signoff.name} as {signoff.role}{signed}",
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
@click.option("--role", required=True, help="The reviewing role you sign for (one under Revisado).")
@click.option("--approve/--reject", "approve", required=True, help="Approve, or reject back to draft.")
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
        raise click.UsageError("a rejection needs --comment with the reason")
    _sign(context, code, name, role, "reviewed", "approved" if approve else "rejected", comment, key_path, as_json)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.option("--role", help="The authorizing role. Default: the one the policy names.")
@click.option("--reject", is_flag=True, help="Refuse the authorization (back to draft).")
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
        raise click.UsageError("a rejection needs --comment with the reason")
    _sign(context, code, name, role, "authorized", "rejected" if reject else "approved", comment, key_path, as_json)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@as_option
@click.option("--in-force", "in_force", type=click.DateTime(["%Y-%m-%d"]),
              help="The day the version comes into force. Default: today.")
@click.option("--last-modified", "last_modified", type=click.DateTime(["%Y-%m-%d"]),
              help="Fecha de última modificación for the revision row. Default: none.")
@json_option
@pass_context
@reports_errors
def publish(context: StoreContext, code: str, name: str | None, in_force: Any, last_modified: Any,
            as_json: bool) -> None:
    """Publish CODE's authorized request as the next version, immutable from then on."""
    version = _control(context).publish(
        _code(code), name=_name(context, name), in_force=in_force.date() if in_force else date.today(),
        last_modified=last_modified.date() if last_modified else None, now=_now(),
        author=identity_for(context.store(), None))
    _done(as_json, f"{code}: version {version} published", code=code, version=version)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@as_option
@click.option("--reason", default="", help="Why it is withdrawn.")
@json_option
@pass_context
@reports_errors
def withdraw(context: StoreContext, code: str, name: str | None, reason: str, as_json: bool) -> None:
    """Withdraw CODE's open request; its draft stays in history."""
    _control(context).withdraw(_code(code), name=_name(context, name), reason=reason, now=_now(),
                               author=identity_for(context.store(), None))
    _done(as_json, f"{code}: change request withdrawn", code=code)


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
    """Open change requests: state, sentences, sign-offs (stale ones flagged), who still has to sign."""
    from docversion.store.control import request_status
    from docversion.store.history import scan

    control = _control(context)
    codes = [_code(code)] if code else sorted(scan(context.store().git))
    found = [s for s in (request_status(control, c) for c in codes) if s is not None]
    if as_json:
        emit_json({"requests": [{
            "code": s.code, "request": s.request.number, "state": s.request.state, "preparer": s.request.preparer,
            "reason": s.request.reason, "sentences": list(s.sentences), "digest": s.digest,
            "missing": list(s.missing),
            "signoffs": [{**o.model_dump(mode="json"), "stale": stale} for o, stale in s.signoffs]}
            for s in found]})
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
    with progress("verifying", total=len(manual_codes(store, _code(code) if code else None))) as advance:
        problems = verify_store(store, _code(code) if code else None, on_manual=advance)
    if as_json:
        emit_json({"ok": not problems, "problems": [
            {"code": p.code, "version": p.version, "message": p.message} for p in problems]})
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        sys.exit(4)
    click.echo("verified: every published version matches its record", err=True)


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
    from docversion.store.control import version_signoffs
    from docversion.store.refs import parse_target

    code, revision = parse_target(target)
    store = context.store()
    commit, info = store.resolve(code, revision)
    manual = store.load_commit(code, commit, target)
    version = info.version if info else None
    request, found = version_signoffs(_control(context), code, version) if version else (None, [])
    imported = bool(info and info.is_imported)
    if as_json:
        emit_json({"code": code, "version": version, "imported": imported,
                   "request": request.number if request else None,
                   "cover": manual.cover.model_dump(mode="json"),
                   "signoffs": [s.model_dump(mode="json") for s in found]})
        return
    from docversion.render.workflow_views import SignOffBlock

    show_view(context, SignOffBlock(manual, found, imported), html)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.option("--reviewer", "reviewers", multiple=True, help="A reviewing role (repeat for each).")
@click.option("--authorizer", help="The authorizing role.")
@click.option("--allow-many-roles", is_flag=True, help="Let one person sign for more than one role.")
@as_option
@json_option
@pass_context
@reports_errors
def policy(context: StoreContext, code: str, reviewers: tuple[str, ...], authorizer: str | None,
           allow_many_roles: bool, name: str | None, as_json: bool) -> None:
    """Show CODE's policy, or set it with --reviewer and --authorizer."""
    control = _control(context)
    code = _code(code)
    if reviewers or authorizer:
        if not (reviewers and authorizer):
            raise click.UsageError("set both --reviewer (one or more) and --authorizer")
        control.set_policy(code, reviewers=reviewers, authorizer=authorizer, is_many_roles=allow_many_roles,
                           name=_name(context, name), now=_now(), author=identity_for(context.store(), None))
    current = control.log(code).workflow.policy
    if current is None:
        from docversion.store.refs import DRAFT, LATEST
        from docversion.workflow.state import Policy

        refs = context.store().refs(code)
        manual = context.store().load(code, LATEST if refs.latest else DRAFT)
        current = Policy.from_cover(manual.cover)
    if as_json:
        emit_json({"code": code, **current.model_dump(mode="json")})
    else:
        click.echo(f"reviewers: {'; '.join(current.reviewers)}\nauthorizer: {current.authorizer}\n"
                   f"one person, many roles: {'yes' if current.is_one_person_many_roles else 'no'}")


@cli.group(epilog=EXIT_CODES_HELP)
def keys() -> None:
    """The Ed25519 keys the store trusts for signing sign-offs."""


@keys.command("generate", epilog=EXIT_CODES_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Where to write the new private key (refused if it exists).")
@reports_errors
def keys_generate(output: Path) -> None:
    """Write a new Ed25519 private key (PEM); register its public half with 'keys add'."""
    from docversion.workflow.signing import new_private_key

    if output.exists():
        raise click.BadParameter(f"{output} exists; refusing to overwrite a key", param_hint="--output")
    output.write_bytes(new_private_key())
    output.chmod(0o600)
    click.echo(f"wrote {output}", err=True)


@keys.command("add", epilog=EXIT_CODES_HELP)
@click.argument("key_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--person", required=True, help="Whose key it is (the name they sign with).")
@click.option("--role", "roles", multiple=True, required=True, help="A role they sign for (repeat).")
@json_option
@pass_context
@reports_errors
def keys_add(context: StoreContext, key_file: Path, person: str, roles: tuple[str, ...], as_json: bool) -> None:
    """Trust KEY_FILE (a public or private key, PEM or OpenSSH) for PERSON in ROLES."""
    from docversion.workflow.signing import make_key

    key = make_key(key_file.read_bytes(), person, roles, str(key_file), since=_now())
    _control(context).add_key(key, identity_for(context.store(), None))
    _done(as_json, f"trusted key {key.key_id} for {person}", key=key.model_dump(mode="json"))


@keys.command("list", epilog=EXIT_CODES_HELP)
@json_option
@pass_context
@reports_errors
def keys_list(context: StoreContext, as_json: bool) -> None:
    """The keys the store trusts."""
    found = _control(context).keys()
    if as_json:
        emit_json({"keys": [k.model_dump(mode="json") for k in found]})
        return
    for key in found:
        click.echo(f"{key.key_id}  {key.person}  {'; '.join(key.roles)}")
