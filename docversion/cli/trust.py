"""Trust commands: trust (init, add-admin, remove-admin, log), keys (generate, add, revoke, list), policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from docversion.cli.base import EXIT_CODES_HELP, StoreContext, cli, emit_json, json_option, pass_context, reports_errors
from docversion.cli.completion import complete_code
from docversion.cli.store import identity_for
from docversion.cli.workflow import _code, _control, _done, _key, _name, _now, as_option
from docversion.i18n import N_, _

admin_key_option = click.option("--admin-key", "admin_key", type=click.Path(path_type=Path, dir_okay=False),
                                help=N_("Sign as an administrator with this Ed25519 private key (PEM or "
                                        "OpenSSH)."))


def _admin(context: StoreContext) -> Any:
    from docversion.store.trust_admin import TrustAdmin

    return TrustAdmin(context.store())


def _admin_key(path: Path | None) -> Any:
    if path is None:
        raise click.UsageError(_("this is an administrator's event: sign it with --admin-key"))
    return _key(path)


def _public(path: Path, person: str, roles: tuple[str, ...]) -> Any:
    from docversion.bounded import read_key_file
    from docversion.workflow.signing import make_key

    return make_key(read_key_file(path), person, roles, str(path))


@cli.group(epilog=EXIT_CODES_HELP)
def trust() -> None:
    """The trust root: administrators whose signatures make the store's keys and policies trusted."""


@trust.command("init", epilog=EXIT_CODES_HELP)
@admin_key_option
@click.option("--admin", "person", required=True, help=N_("The first administrator's name."))
@json_option
@pass_context
@reports_errors
def trust_init(context: StoreContext, admin_key: Path | None, person: str, as_json: bool) -> None:
    """Start the trust log with its first administrator (adopting the logs and keys the store has)."""
    lines = _admin(context).start(_admin_key(admin_key), person, _now(), identity_for(context.store(), None))
    first = lines[0].event
    _done(as_json, _("trust root made: {person} ({key_id}) administers the store; {keys} earlier key(s) adopted, "
                     "{logs} manual log(s) adopted as recorded, not proven").format(
              person=person, key_id=first.key_id, keys=len(lines) - 1, logs=len(first.adopted_logs)),
          admin=first.key_id, adopted_keys=len(lines) - 1, adopted_logs=sorted(first.adopted_logs))


@trust.command("add-admin", epilog=EXIT_CODES_HELP)
@click.argument("key_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--person", required=True, help=N_("The new administrator's name."))
@admin_key_option
@json_option
@pass_context
@reports_errors
def trust_add_admin(context: StoreContext, key_file: Path, person: str, admin_key: Path | None,
                    as_json: bool) -> None:
    """Name PERSON an administrator with the public key KEY_FILE."""
    key = _public(key_file, person, ())
    _admin(context).add_admin(key, _admin_key(admin_key), _now(), identity_for(context.store(), None))
    _done(as_json, _("{person} ({key_id}) administers the store").format(person=person, key_id=key.key_id),
          key_id=key.key_id)


@trust.command("remove-admin", epilog=EXIT_CODES_HELP)
@click.argument("key_id")
@admin_key_option
@json_option
@pass_context
@reports_errors
def trust_remove_admin(context: StoreContext, key_id: str, admin_key: Path | None, as_json: bool) -> None:
    """Stop KEY_ID administering the store (never the last administrator)."""
    _admin(context).remove_admin(key_id, _admin_key(admin_key), _now(), identity_for(context.store(), None))
    _done(as_json, _("{key_id} no longer administers the store").format(key_id=key_id), key_id=key_id)


@trust.command("log", epilog=EXIT_CODES_HELP)
@json_option
@pass_context
@reports_errors
def trust_log(context: StoreContext, as_json: bool) -> None:
    """The trust log: each event, who signed it and when."""
    log = _control(context).trust()
    if as_json:
        emit_json({"trust_root": log.is_rooted, "problems": log.problems,
                   "lines": [line.model_dump(mode="json") | {"hash": line.hash} for line in log.lines]})
        return
    if not log.is_rooted:
        from docversion.workflow.proof import UNPROVEN

        click.echo(_(UNPROVEN), err=True)
    for line in log.lines:
        event = line.event.model_dump(mode="json")
        kind = event.pop("type")
        detail = ", ".join(f"{k}={v}" for k, v in event.items() if k != "public_key" and v not in ({}, [], ""))
        click.echo(_("{seq:>3}  {time}  {kind:<15} {detail}  (signed by {signer})").format(
            seq=line.seq, time=line.time.isoformat(), kind=kind, detail=detail, signer=line.signer))
    for problem in log.problems:
        click.echo(_("problem: {problem}").format(problem=problem), err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("code", shell_complete=complete_code)
@click.option("--reviewer", "reviewers", multiple=True, help=N_("A reviewing role (repeat for each)."))
@click.option("--authorizer", help=N_("The authorizing role."))
@click.option("--allow-many-roles", is_flag=True, help=N_("Let one person sign for more than one role."))
@click.option("--review-months", "review_months", type=click.IntRange(1, 120), metavar="N",
              help=N_("How many months the version in force may go unreviewed (default 12)."))
@as_option
@admin_key_option
@json_option
@pass_context
@reports_errors
def policy(context: StoreContext, code: str, reviewers: tuple[str, ...], authorizer: str | None,
           allow_many_roles: bool, review_months: int | None, name: str | None, admin_key: Path | None,
           as_json: bool) -> None:
    """Show CODE's policy, or set it: --reviewer and --authorizer, --review-months (each an
    administrator's event, signed with --admin-key, when the store has a trust root)."""
    from docversion.store import review

    control = _control(context)
    code = _code(context, code)
    trust_log = control.trust()
    if review_months is not None:
        if trust_log.is_rooted:
            _admin(context).set_review_interval(code, review_months, _admin_key(admin_key), _now(),
                                                identity_for(context.store(), None))
        else:
            review.set_interval(control, code, review_months, name=_name(context, name), now=_now(),
                                author=identity_for(context.store(), None))
        trust_log = control.trust()
    if reviewers or authorizer:
        if not (reviewers and authorizer):
            raise click.UsageError(_("set both --reviewer (one or more) and --authorizer"))
        if trust_log.is_rooted:
            _admin(context).set_policy(code, reviewers, authorizer, allow_many_roles, _admin_key(admin_key), _now(),
                                       identity_for(context.store(), None))
        else:
            control.set_policy(code, reviewers=reviewers, authorizer=authorizer, is_many_roles=allow_many_roles,
                               name=_name(context, name), now=_now(), author=identity_for(context.store(), None))
        trust_log = control.trust()
    current = _current_policy(context, control, trust_log, code)
    months = review.interval(code, control.log(code).workflow, trust_log)
    if as_json:
        emit_json({"code": code, **current.model_dump(mode="json"), "review_months": months,
                   "trust_root": trust_log.is_rooted})
    else:
        text = (_("reviewers: {reviewers}\nauthorizer: {authorizer}\none person, many roles: yes")
                if current.is_one_person_many_roles else
                _("reviewers: {reviewers}\nauthorizer: {authorizer}\none person, many roles: no"))
        click.echo(text.format(reviewers="; ".join(current.reviewers), authorizer=current.authorizer))
        click.echo(_("periodic review: every {months} months").format(months=months))


def _current_policy(context: StoreContext, control: Any, trust_log: Any, code: str) -> Any:
    from docversion.workflow.state import Policy

    found = trust_log.state.policies.get(code) if trust_log.is_rooted else None
    if found is not None:
        return Policy(reviewers=found.reviewers, authorizer=found.authorizer,
                      is_one_person_many_roles=found.is_one_person_many_roles)
    current = None if trust_log.is_rooted else control.log(code).workflow.policy
    if current is None:
        from docversion.store.refs import DRAFT, LATEST

        refs = context.store().refs(code)
        manual = context.store().load(code, LATEST if refs.latest else DRAFT)
        current = Policy.from_cover(manual.cover)
    return current


@cli.group(epilog=EXIT_CODES_HELP)
def keys() -> None:
    """The Ed25519 keys the trust log trusts for signing sign-offs."""


@keys.command("generate", epilog=EXIT_CODES_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help=N_("Where to write the new private key (refused if it exists)."))
@reports_errors
def keys_generate(output: Path) -> None:
    """Write a new Ed25519 private key (PEM); an administrator registers its public half with 'keys add'."""
    from docversion.workflow.signing import new_private_key

    if output.exists():
        raise click.BadParameter(_("{file} exists; refusing to overwrite a key").format(file=output),
                                 param_hint="--output")
    output.write_bytes(new_private_key())
    output.chmod(0o600)
    click.echo(_("wrote {file}").format(file=output), err=True)


@keys.command("add", epilog=EXIT_CODES_HELP)
@click.argument("key_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--person", required=True, help=N_("Whose key it is (the name they sign with)."))
@click.option("--role", "roles", multiple=True, required=True, help=N_("A role they sign for (repeat)."))
@admin_key_option
@json_option
@pass_context
@reports_errors
def keys_add(context: StoreContext, key_file: Path, person: str, roles: tuple[str, ...], admin_key: Path | None,
             as_json: bool) -> None:
    """Trust KEY_FILE (a public or private key, PEM or OpenSSH) for PERSON in ROLES: an
    administrator's event, signed with --admin-key."""
    key = _public(key_file, person, roles)
    line = _admin(context).register(key, _admin_key(admin_key), _now(), identity_for(context.store(), None))
    _done(as_json, _("trusted key {key_id} for {person}").format(key_id=key.key_id, person=person),
          key=line.event.key.model_dump(mode="json"))


@keys.command("revoke", epilog=EXIT_CODES_HELP)
@click.argument("key_id")
@click.option("--reason", default="", help=N_("Why (recorded in the trust log)."))
@admin_key_option
@json_option
@pass_context
@reports_errors
def keys_revoke(context: StoreContext, key_id: str, reason: str, admin_key: Path | None, as_json: bool) -> None:
    """Stop trusting KEY_ID from now on (sign-offs it made before stay valid)."""
    _admin(context).revoke(key_id, reason, _admin_key(admin_key), _now(), identity_for(context.store(), None))
    _done(as_json, _("revoked key {key_id}").format(key_id=key_id), key_id=key_id)


@keys.command("list", epilog=EXIT_CODES_HELP)
@json_option
@pass_context
@reports_errors
def keys_list(context: StoreContext, as_json: bool) -> None:
    """The keys the trust log trusts now, and the administrators."""
    log = _control(context).trust()
    found = list(log.state.keys.values())
    if as_json:
        emit_json({"trust_root": log.is_rooted, "keys": [k.model_dump(mode="json") for k in found],
                   "admins": [{"key_id": k, "person": p} for k, (p, _public_key) in log.state.admins.items()]})
        return
    if not log.is_rooted:
        from docversion.workflow.proof import UNPROVEN

        click.echo(_(UNPROVEN), err=True)
    for key_id, (person, _public_key) in log.state.admins.items():
        click.echo(_("{key_id}  {person}  (administrator)").format(key_id=key_id, person=person))
    for key in found:
        click.echo(f"{key.key_id}  {key.person}  {'; '.join(key.roles)}")
