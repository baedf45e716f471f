"""A version signed on paper, as the store records it: its tag and the log line that records its
content's digest, written as lines of the transaction that moves the manual's branch. Only
``import --historical`` loads this (and with it the change-control log's models)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docversion.errors import InvalidInputError
from docversion.i18n import _
from docversion.model import Manual
from docversion.store import logs
from docversion.store.gitcmd import Identity
from docversion.store.refs import ZERO_OID, version_tag, workflow_ref
from docversion.workflow.content import content_digest
from docversion.workflow.events import Imported, append, dump_log
from docversion.workflow.state import RuleBroken, step

if TYPE_CHECKING:
    from docversion.store.store import Store


def import_lines(store: Store, code: str, manual: Manual, commit: str, author: Identity, source: str,
                 files: dict[str, bytes]) -> list[str]:
    """The tag of a version signed on paper and the log line that records its digest, as
    transaction lines; InvalidInputError when the log refuses it (change control has begun)."""
    log_commit, lines, _problems, workflow = logs.read_workflow(store.git, code)
    digest = content_digest(files, None, ())
    event = Imported(version=manual.cover.version, in_force=manual.cover.in_force, commit=commit, digest=digest)
    line = append(lines, event)
    try:
        step(workflow, line)
    except RuleBroken as exc:
        raise InvalidInputError(str(exc), source=source or None, field="cover.version",
                                hint=_("import without --historical to record a draft")) from exc
    facts = {"Code": code, "Version": str(manual.cover.version), "In-Force": manual.cover.in_force.isoformat(),
             "Imported": "yes", "Log": line.hash, "Digest": digest}
    note = "Imported from a document signed on paper; the store holds no sign-off records for it."
    tag = store.make_tag(code, manual.cover.version, commit, author, note, facts)
    new_log = logs.commit_file(store.git, logs.LOG_FILE, dump_log([*lines, line]), log_commit, f"{code}: imported\n",
                               author)
    return [f"create {version_tag(code, manual.cover.version)} {tag}",
            f"update {workflow_ref(code)} {new_log} {log_commit or ZERO_OID}"]
