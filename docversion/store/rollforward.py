"""Versions the log records whose tag or branch is missing or behind, made to follow the log.

The log entry that publishes (or imports) a version is the record; the tag and the branch are
derived from it. A store that lost them without an intent to settle (a crash before intents
were written, a tag deleted by hand) gets them back here: the tag made again from the entry's
facts (for an imported version the very same tag object, as the import is deterministic), the
branch moved forward to the version when it is behind. Nothing here moves a ref back.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from docversion.store.gitcmd import Identity
from docversion.store.history import ManualRefs
from docversion.store.recording import paper_identity
from docversion.store.refs import ZERO_OID, manual_ref, version_tag
from docversion.store.store import Store
from docversion.workflow.events import Imported, LogLine


def follow_lines(store: Store, code: str, refs: ManualRefs, line: LogLine) -> list[str]:
    """The transaction lines that make the tag (and branch) of ``line``'s version follow it."""
    event: Any = line.event
    commit = event.commit
    if isinstance(event, Imported):
        manual = store.load_commit(code, commit, f"{code}@{commit[:12]}", use_cache=False)
        who = paper_identity(manual)
        note = "Imported from a document signed on paper; the store holds no sign-off records for it."
        imported = "yes"
    else:
        who = Identity("docversion", "docversion@localhost", when=int(event.time.astimezone(UTC).timestamp()))
        note = f"Published by {event.name} under change request {event.request}."
        imported = "no"
    facts = {"Code": code, "Version": str(event.version), "In-Force": event.in_force.isoformat(),
             "Imported": imported, "Log": line.hash, "Digest": event.digest}
    tag = store.make_tag(code, event.version, commit, who, note, facts)
    lines = [f"create {version_tag(code, event.version)} {tag}"]
    tip = refs.tip
    if tip is None or (tip != commit and _is_ancestor(store, tip, commit)):
        lines.append(f"update {manual_ref(code)} {commit} {tip or ZERO_OID}")
    return lines


def _is_ancestor(store: Store, ancestor: str, descendant: str) -> bool:
    return store.git.run("merge-base", "--is-ancestor", ancestor, descendant, check=False).returncode == 0
