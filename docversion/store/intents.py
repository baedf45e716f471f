"""A written intent before refs move, so a transaction a crash cut short is finished or undone.

``git update-ref --stdin`` is atomic against other writers, not against a crash between its
ref renames: a kill there leaves some refs moved, some not, and the new ids of the rest only in
their ``.lock`` files. So before a transaction of several refs moves anything, its lines are
written to ``docversion-intents/<id>.json`` in the git directory (fsynced), with its commit
point: the ref whose move decides (a manual's log for a publication). After the transaction the
intent is removed. An intent still there means the writer died: when no writer is running,
the next command (or ``doctor --repair``) settles it: forward, when the commit point reached
its new value (the log says published, so the tag and the branch follow it), else back, every
ref the transaction had moved set to its old value. The lock files of its refs, whose ids the
intent holds too, are removed then and only then.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from docversion.i18n import _
from docversion.store.gitcmd import Git
from docversion.store.refs import ZERO_OID

INTENT_DIR = "docversion-intents"


@dataclass(frozen=True)
class Move:
    """One line of a transaction: ``ref`` from ``old`` (None: must not exist) to ``new``."""

    ref: str
    new: str
    old: str | None


def _moves(lines: list[str]) -> list[Move]:
    moves = []
    for line in lines:
        verb, ref, *ids = line.split()
        if verb == "update":
            moves.append(Move(ref, ids[0], None if ids[1] == ZERO_OID else ids[1]))
        elif verb == "create":
            moves.append(Move(ref, ids[0], None))
    return moves


def write(git_dir: Path, lines: list[str], point: str | None) -> Path:
    """Record the intent to run ``lines`` (``point``: the ref whose move decides), durably."""
    folder = git_dir / INTENT_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.json"
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        handle.write(json.dumps({"lines": lines, "point": point}).encode())
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return path


def has_moved(git: Git, line: str) -> bool:
    """True when the ref of transaction line ``line`` already holds its new value."""
    found = _moves([line])
    return bool(found) and _current(git, found[0].ref) == found[0].new


def pending(git_dir: Path) -> list[Path]:
    """The intents of transactions that did not finish (their writers died, or are running)."""
    folder = git_dir / INTENT_DIR
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _current(git: Git, ref: str) -> str | None:
    done = git.run("rev-parse", "--verify", "--quiet", ref, check=False)
    return done.stdout.decode().strip() or None


def _set(git: Git, move: Move, value: str | None) -> None:
    lock = git.git_dir / f"{move.ref}.lock"
    lock.unlink(missing_ok=True)  # the crashed transaction's: the intent holds its id
    if value is None:
        git.run("update-ref", "-d", move.ref)
    else:
        git.run("update-ref", move.ref, value)


def settle(git: Git, path: Path) -> str:
    """Finish or undo the transaction of intent ``path`` (the caller holds the writers' lock
    alone); what was done, in a sentence."""
    try:
        data = json.loads(path.read_bytes())
        moves, point = _moves(list(data["lines"])), data.get("point")
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        path.unlink(missing_ok=True)
        return _("{name}: unreadable (cut short while written, before any ref moved): removed").format(
            name=path.name)
    decided = next((m for m in moves if m.ref == point), None)
    is_forward = decided is not None and _current(git, decided.ref) == decided.new
    changed = []
    for move in moves:
        now = _current(git, move.ref)
        wanted = move.new if is_forward else move.old
        if now != wanted and now in (move.new, move.old):
            _set(git, move, wanted)
            changed.append(move.ref.removeprefix("refs/"))
        else:
            (git.git_dir / f"{move.ref}.lock").unlink(missing_ok=True)
    (git.git_dir / "packed-refs.lock").unlink(missing_ok=True)
    path.unlink(missing_ok=True)
    text = (_("an interrupted transaction finished (its commit point had moved): {refs}") if is_forward else
            _("an interrupted transaction undone (its commit point had not moved): {refs}"))
    return text.format(refs=", ".join(changed) or _("no ref needed moving"))
