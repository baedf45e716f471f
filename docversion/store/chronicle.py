"""A manual's history as its record tells it: each snapshot with, for a version, who prepared,
reviewed and authorized it, its in-force date and its change sentences; and the open request's
events.

It reads the refs and the first-parent line (``history``), then in one ``git cat-file`` process
the manual's change-control log and only ``manual.yaml`` of the latest version (its revision
table holds every earlier row) and of the draft, so the cost does not grow with the manual's
positions. The change sentences are the ones recorded; only an open request whose preparer
wrote none has its diff worked out.
"""

from __future__ import annotations

import dataclasses

from docversion.formats.canonical import Head
from docversion.records import LogEntry, RequestEvent, RequestHistory
from docversion.store import history, reading
from docversion.store.catfile import CatFile
from docversion.store.history import ManualRefs
from docversion.store.logs import LOG_FILE, workflow_ref
from docversion.store.store import Store
from docversion.workflow.events import parse_log
from docversion.workflow.provenance import request_events, version_records
from docversion.workflow.state import Request, replay


def manual_history(store: Store, code: str) -> tuple[list[LogEntry], RequestHistory | None]:
    """Manual ``code``'s snapshots, newest first, each version with its record; and its open
    change request, if any."""
    refs = store.refs(code)
    entries = history.log(store.git, refs)
    heads = {"latest": refs.latest.commit if refs.latest else None,
             "draft": refs.tip if refs.has_open_draft else None}
    wanted = {name: reading.head_name(code, commit) for name, commit in heads.items() if commit}
    with CatFile(store.git) as git:
        answers = git.objects([f"{workflow_ref(code)}:{LOG_FILE}", *wanted.values()])
    found = dict(zip(wanted, answers[1:], strict=True))
    read = {name: reading.read_head(answer, store.parsed, f"{code}@{name}") for name, answer in found.items()}
    lines, _ = parse_log(answers[0][2] if answers[0] is not None else b"")
    workflow, _ = replay(lines)  # a log that breaks a rule is verify's to name; the log shows what it holds
    records = version_records(refs.versions, workflow, read["latest"].revisions if "latest" in read else ())
    entries = [dataclasses.replace(entry, record=records.get(entry.version.version)) if entry.version else entry
               for entry in entries]
    request = workflow.open
    if request is None:
        return entries, None
    return entries, _open_request(store, code, refs, request, request_events(lines, request), read.get("draft"))


def _open_request(store: Store, code: str, refs: ManualRefs, request: Request, events: tuple[RequestEvent, ...],
                  draft: Head | None) -> RequestHistory:
    sentences = request.sentences or _diff_sentences(store, code, refs)
    return RequestHistory(number=request.number, state=request.state, preparer=request.preparer,
                          label=request.label, sentences=sentences, events=events,
                          are_sentences_written=bool(request.sentences),
                          version=draft.cover.version if draft else None,
                          in_force=draft.cover.in_force if draft else None)


def _diff_sentences(store: Store, code: str, refs: ManualRefs) -> tuple[str, ...]:
    """The sentences the draft's diff gives, as a request without its own uses them."""
    if refs.latest is None or refs.tip is None or not refs.has_open_draft:
        return ()
    from docversion.diff import diff  # only here: the diff is the one costly step, and rarely needed

    old, new = store.load_pair(code, (refs.latest.commit, refs.tip), (f"{code}@latest", f"{code}@draft"))
    return diff(old, new).sentences
