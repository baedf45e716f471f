"""Commands that share a store and look after it: push, pull, doctor."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    cli,
    emit_json,
    json_option,
    pass_context,
    progress,
    reports_errors,
)
from docversion.cli.store import author_option, identity_for
from docversion.i18n import N_, _

remote_argument = click.argument("remote", default="origin")
# How a pull moved a manual (the JSON's "updated" values), as the text output says it.
_UPDATED = {"new": N_("{code}: new"), "fast-forward": N_("{code}: fast-forward"), "merged": N_("{code}: merged")}
# A doctor's finding, by what became of it.
_FINDING = {"repaired": N_("repaired: {kind}: {path}: {message}"), "damage": N_("damage: {kind}: {path}: {message}"),
            "note": N_("note: {kind}: {path}: {message}")}


@cli.command(epilog=EXIT_CODES_HELP)
@remote_argument
@json_option
@pass_context
@reports_errors
def push(context: StoreContext, remote: str, as_json: bool) -> None:
    """Send every manual and version to REMOTE (default origin) in one atomic push.

    Exit 3 when the remote has moved: pull, then push again.
    """
    from docversion.store.remote import push as push_refs

    with progress(_("pushing to {remote}").format(remote=remote)):
        report = push_refs(context.store(), remote)
    if as_json:
        emit_json({"ok": True, "remote": remote, "refs": list(report.refs)})
    else:
        click.echo(_("pushed {count} refs to {remote}").format(count=len(report.refs), remote=remote), err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@remote_argument
@click.option("--prefer", type=click.Choice(["ours", "theirs"]),
              help=N_("Settle field clashes (a field changed two ways) with this side's value. A version "
                      "number published on both sides always keeps the remote's version (the remote "
                      "refused the other); either value keeps yours aside and merges it as a draft. "
                      "Without it a clash leaves the manual as it was."))
@click.option("--adopt-trust", "adopt_trust", is_flag=True,
              help=N_("Take the remote's trust root (its administrators) into a store that has none."))
@author_option
@json_option
@pass_context
@reports_errors
def pull(context: StoreContext, remote: str, prefer: Any, adopt_trust: bool, author: str | None,
         as_json: bool) -> None:
    """Bring REMOTE's work (default origin) into the store, keeping both sides' work.

    Exit 3 when a manual clashes; it is left as it was and the clashes are listed.
    """
    from docversion.store.remote import pull as pull_refs

    store = context.store()
    with progress(_("pulling from {remote}").format(remote=remote)):
        report = pull_refs(store, remote, author=identity_for(store, author), prefer=prefer,
                           is_adopting_trust=adopt_trust)
    clashes = [(code, clash) for code, found in sorted(report.clashes.items()) for clash in found]
    if as_json:
        emit_json({"ok": not report.has_clashes, "remote": remote, "updated": report.updated,
                   "versions": report.versions, "version_clashes": report.version_clashes,
                   "clashes": [{"code": code, "position": c.position, "field": c.field,
                                "ours": _plain(c.ours), "theirs": _plain(c.theirs)} for code, c in clashes]})
    for code, how in sorted(report.updated.items()):
        shown = _UPDATED.get(how)
        click.echo(_(shown).format(code=code) if shown else f"{code}: {how}", err=True)
    for line in report.versions:
        click.echo(_("took {version}").format(version=line), err=True)
    for line in report.version_clashes:
        click.echo(_("clash: {clash}").format(clash=line), err=True)
    for code, clash in clashes:
        click.echo(_("clash: {clash}").format(clash=clash.describe(code)), err=True)
    if report.has_clashes and prefer is None:
        click.echo(_("nothing was lost: the remote's work is kept under refs/docversion/remotes/; settle the "
                     "clashes with --prefer ours or --prefer theirs"), err=True)
        sys.exit(3)


def _size(count: int) -> str:
    """Bytes as a person reads them: ``474 KiB``, ``19.8 MiB``."""
    if count < 1024:
        return f"{count} B"
    if count < 1 << 20:
        return f"{count / 1024:.0f} KiB"
    return f"{count / (1 << 20):.1f} MiB"


def _plain(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, default=str))


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--repair", is_flag=True,
              help=N_("Remove stale lock files and temporary files; drop parse-cache entries that are off."))
# The default is docversion.store.locking.STALE_AFTER, the margin writers use (not imported here,
# so that starting the command line stays cheap).
@click.option("--min-age", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help=N_("Seconds a lock file must have stood untouched before it counts as stale."))
@json_option
@pass_context
@reports_errors
def doctor(context: StoreContext, repair: bool, min_age: float, as_json: bool) -> None:
    """Check the store: stale locks, leftovers of killed writers, refs, git fsck, the parse cache,
    and what it takes on disk. Without --repair it writes nothing (a read-only store is checked).

    Exit 1 when damage remains.
    """
    from dataclasses import asdict

    from docversion.store.doctor import examine
    from docversion.store.packing import measure

    git = context.store().git
    findings = examine(git, is_repairing=repair, min_age=min_age, now=time.time())
    storage = measure(git)
    damage = [f for f in findings if f.is_damage]
    if as_json:
        emit_json({"ok": not damage, "findings": [
            {"kind": f.kind, "path": f.path, "message": f.message, "repaired": f.is_repaired,
             "damage": f.is_damage} for f in findings], "storage": asdict(storage)})
    click.echo(_("size: {total} in all; {loose} loose objects ({loose_size}); {packs} packs ({pack_size}); "
                 "parse cache {cache_size}").format(
        total=_size(storage.store_bytes), loose=storage.loose_objects, loose_size=_size(storage.loose_bytes),
        packs=storage.packs, pack_size=_size(storage.pack_bytes), cache_size=_size(storage.parse_cache_bytes)),
        err=True)
    for finding in findings:
        state = "repaired" if finding.is_repaired else ("damage" if finding.is_damage else "note")
        click.echo(_(_FINDING[state]).format(kind=finding.kind, path=finding.path, message=finding.message),
                   err=True)
    if not findings:
        click.echo(_("the store is healthy"), err=True)
    if damage:
        if not repair and any(f.kind in ("stale_lock", "temporary_file", "parse_cache") for f in damage):
            click.echo(_("run 'docversion doctor --repair' to remove stale locks and temporary files and the "
                         "parse-cache entries that are off"), err=True)
        sys.exit(1)
