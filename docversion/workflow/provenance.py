"""Who made each version, as the record tells it, and what an open request has been through. Pure.

A version published through change control names its signers in the log: the preparer's
submission, each review and the authorization of the round that published it. A version
signed on paper (imported) has only its row of MODIFICACIONES REALIZADAS: the preparer as the
row writes it and the authorizing role. The sentences are the row's (what the printed table
says), else the request's; nothing is recomputed from the versions themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from docversion.model import RevisionRow
from docversion.records import RequestEvent, Signer, VersionInfo, VersionRecord
from docversion.workflow.events import LogLine, PolicySet, Proposed, Published, SentencesSet, Signed, Withdrawn
from docversion.workflow.state import Request, Workflow


def version_records(versions: Iterable[VersionInfo], workflow: Workflow,
                    rows: Sequence[RevisionRow]) -> dict[int, VersionRecord]:
    """The record of each of ``versions``, by number, from the log and the revision ``rows``."""
    by_number = {row.version: row for row in rows}
    records = {}
    for info in versions:
        row = by_number.get(info.version)
        published = workflow.published.get(info.version)
        if published is not None:
            record = _published(published[1], workflow.requests[published[1].request], row)
        else:
            record = _on_paper(info, row)
        kept = tuple(Signer(r.signoff.role, r.signoff.name, r.signoff.time, r.signoff.comment)
                     for _line, r in workflow.reviews if r.version == info.version)
        records[info.version] = dataclasses.replace(record, kept=kept) if kept else record
    return records


def _published(event: Published, request: Request, row: RevisionRow | None) -> VersionRecord:
    signed = [s for s in request.current(event.digest) if s.decision == "approved"]
    prepared = next((Signer(request.label, s.name, s.time, s.comment) for s in signed if s.meaning == "prepared"),
                    Signer(request.label, request.preparer))
    reviewed = tuple(Signer(s.role, s.name, s.time, s.comment) for s in signed if s.meaning == "reviewed")
    authorized = next((Signer(s.role, s.name, s.time, s.comment) for s in signed if s.meaning == "authorized"),
                      None)
    return VersionRecord(version=event.version, in_force=event.in_force, is_imported=False,
                         sentences=row.changes if row is not None else request.sentences, prepared=prepared,
                         reviewed=reviewed, authorized=authorized,
                         published=Signer(role="", name=event.name, time=event.time), request=request.number)


def _on_paper(info: VersionInfo, row: RevisionRow | None) -> VersionRecord:
    if row is None:
        return VersionRecord(version=info.version, in_force=info.in_force, is_imported=info.is_imported,
                             sentences=())
    return VersionRecord(version=info.version, in_force=row.in_force, is_imported=info.is_imported,
                         sentences=row.changes, prepared=Signer(role=row.prepared_by_label, name=row.prepared_by),
                         authorized=Signer(role=row.authorized_by))


def request_events(lines: Sequence[LogLine], request: Request) -> tuple[RequestEvent, ...]:
    """The events of ``request``, newest first: its proposal, sentences, sign-offs and
    rejections, and any policy set while it was open."""
    events: list[RequestEvent] = []
    is_open = False
    for line in lines:
        event = line.event
        if isinstance(event, Proposed) and event.request == request.number:
            is_open = True
            events.append(RequestEvent(line.seq, event.time, "proposed", event.preparer, event.label,
                                       sentences=event.sentences))
        elif not is_open:
            continue
        elif isinstance(event, SentencesSet) and event.request == request.number:
            events.append(RequestEvent(line.seq, event.time, "sentences set", "", sentences=event.sentences))
        elif isinstance(event, Signed) and event.signoff.request == request.number:
            signoff = event.signoff
            action = ("rejected" if signoff.decision == "rejected"
                      else "submitted" if signoff.meaning == "prepared" else signoff.meaning)
            events.append(RequestEvent(line.seq, signoff.time, action, signoff.name, signoff.role,
                                       comment=signoff.comment))
        elif isinstance(event, Withdrawn) and event.request == request.number:
            events.append(RequestEvent(line.seq, event.time, "withdrawn", event.name, comment=event.reason))
        elif isinstance(event, PolicySet):
            events.append(RequestEvent(line.seq, event.time, "policy set", event.name))
    return tuple(reversed(events))
