"""One position through a manual's versions: ``history`` (each version that changed it) and
``blame`` (where each of its fields and items comes from)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docversion.cli.base import (
    EXIT_CODES_HELP,
    StoreContext,
    cli,
    emit_json,
    html_option,
    json_option,
    pass_context,
    reports_errors,
    show_view,
)
from docversion.cli.completion import complete_target
from docversion.cli.records_json import record_json, version_json

if TYPE_CHECKING:
    from docversion.records import BlamedPart, PositionBlame, PositionChange, PositionHistory, VersionStamp
    from docversion.store.refs import Revision


def _target(context: StoreContext, target: str) -> tuple[str, Revision]:
    from docversion.store.refs import parse_target

    code, revision = parse_target(target)
    return context.store().known_code(code), revision


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", metavar="CODE[@REV]", shell_complete=complete_target)
@click.argument("position")
@html_option
@json_option
@pass_context
@reports_errors
def history(context: StoreContext, target: str, position: str, html: Path | None, as_json: bool) -> None:
    """Show each version of manual CODE that created, changed or removed POSITION, newest first:
    its in-force date, who authorized it, what the diff found in the position (renamed, items
    edited, moved, added…) and its change sentences that concern it.

    POSITION is the position's id or a title it has had in any version (case and accents aside), so
    a renamed position is found by its old title too. REV (latest by default; 5, v5, a date, or
    draft to include the open draft) is the last version looked at.
    """
    from docversion.store.lineage import position_history

    code, revision = _target(context, target)
    found = position_history(context.store(), code, revision, position)
    if as_json:
        emit_json(_history_json(found))
        return
    if html is None and not sys.stdout.isatty():  # a script, a pipe or a file: plain lines, no rich
        from docversion.render.lineage_lines import history_lines

        click.echo("\n".join(history_lines(found)))
        return
    from docversion.render.lineage_views import PositionHistoryView

    show_view(context, PositionHistoryView(found), html)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("target", metavar="CODE[@REV]", shell_complete=complete_target)
@click.argument("position")
@html_option
@json_option
@pass_context
@reports_errors
def blame(context: StoreContext, target: str, position: str, html: Path | None, as_json: bool) -> None:
    """Show every field and item of POSITION in manual CODE[@REV] beside the version that introduced
    it and the version that last changed it, then who authorized each version named.

    An item edited word by word, moved to another periodicity, split or merged keeps the version it
    came in; the edit, the move, the split or merge, or a term renamed everywhere is its last
    change. POSITION is the position's id or a title it has had in any version. REV is 5 or v5,
    latest (the default), draft, or a date YYYY-MM-DD.
    """
    from docversion.store.lineage import position_blame

    code, revision = _target(context, target)
    found = position_blame(context.store(), code, revision, position)
    click.echo(f"{code}@{revision}: commit {found.commit[:12]}", err=True)
    if as_json:
        emit_json(_blame_json(found))
        return
    if html is None and not sys.stdout.isatty():
        from docversion.render.lineage_lines import blame_lines

        click.echo("\n".join(blame_lines(found)))
        return
    from docversion.render.lineage_views import PositionBlameView

    show_view(context, PositionBlameView(found), html)


def _stamp(stamp: VersionStamp) -> dict[str, Any]:
    return {"version": stamp.version, "in_force": stamp.in_force.isoformat() if stamp.in_force else None}


def _change_json(change: PositionChange) -> dict[str, Any]:
    return {**_stamp(change.stamp), "commit": change.commit, "event": change.event,
            "position_id": change.position_id, "title": change.title, "former_title": change.former_title,
            "kinds": dict(change.kinds), "sentences": list(change.sentences),
            "sentences_of_version": change.are_the_versions_sentences, "record": record_json(change.record),
            "changes": list(change.changes)}


def _history_json(history: PositionHistory) -> dict[str, Any]:
    """``history --json``: the position, then each version that touched it, newest first."""
    return {"code": history.code, "revision": history.revision,
            "position": {"id": history.position_id, "title": history.title, "titles": list(history.titles)},
            "entries": [_change_json(change) for change in history.changes]}


def _part_json(part: BlamedPart) -> dict[str, Any]:
    from docversion.render.lineage_phrases import part_label

    field, _sep, last = part.path.rpartition(".")
    return {"path": part.path, "field": field if last.isdigit() else part.path,
            "index": int(last) if last.isdigit() else None, "section": part.section, "label": part_label(part.path),
            "value": part.value, "introduced": _stamp(part.introduced), "changed": _stamp(part.changed),
            "how": part.how, "moved_from": part.moved_from,
            "term": {"old": part.term[0], "new": part.term[1]} if part.term else None}


def _blame_json(blame: PositionBlame) -> dict[str, Any]:
    """``blame --json``: the revision, the position, each part with its origin, the versions named."""
    return {"code": blame.code, "revision": blame.revision, "commit": blame.commit,
            "version": version_json(blame.version), "position": {"id": blame.position_id, "title": blame.title},
            "parts": [_part_json(part) for part in blame.parts],
            "versions": [record_json(record) for record in blame.records]}
