"""The records ``list``, ``log`` and ``status`` report, as their ``--json`` documents give them
(the contract is tests/json_schemas.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only their attributes are read: the command line's start stays light
    from docversion.records import (
        LogEntry,
        RequestHistory,
        RequestStatus,
        ReviewStatus,
        Signer,
        VersionInfo,
        VersionRecord,
    )


def version_json(info: VersionInfo | None) -> dict[str, Any] | None:
    """A published version's facts: number, in-force date, imported or not, commit."""
    if info is None:
        return None
    return {"version": info.version, "in_force": info.in_force.isoformat() if info.in_force else None,
            "imported": info.is_imported, "commit": info.commit}


def _signer(signer: Signer | None) -> dict[str, Any] | None:
    if signer is None:
        return None
    return {"role": signer.role or None, "name": signer.name or None,
            "time": signer.time.isoformat() if signer.time else None, "comment": signer.comment}


def _record(record: VersionRecord | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {"version": record.version, "in_force": record.in_force.isoformat() if record.in_force else None,
            "imported": record.is_imported, "sentences": list(record.sentences),
            "prepared": _signer(record.prepared), "reviewed": [_signer(s) for s in record.reviewed],
            "authorized": _signer(record.authorized), "published": _signer(record.published),
            "request": record.request, "kept": [_signer(s) for s in record.kept]}


def record_json(record: VersionRecord | None) -> dict[str, Any] | None:
    """A version's record as ``log --json`` gives it: who prepared, reviewed and authorized it."""
    return _record(record)


def _request(request: RequestHistory | None) -> dict[str, Any] | None:
    if request is None:
        return None
    return {"request": request.number, "state": request.state, "preparer": request.preparer,
            "label": request.label, "version": request.version,
            "in_force": request.in_force.isoformat() if request.in_force else None,
            "sentences": list(request.sentences), "sentences_written": request.are_sentences_written,
            "events": [{"seq": e.seq, "time": e.time.isoformat(), "action": e.action, "name": e.name or None,
                        "role": e.role or None, "comment": e.comment, "sentences": list(e.sentences)}
                       for e in request.events]}


def history_json(code: str, entries: Sequence[LogEntry], request: RequestHistory | None) -> dict[str, Any]:
    """``log --json``: the open request with its events, then every snapshot with its version's record."""
    return {"code": code, "request": _request(request), "entries": [
        {"commit": e.commit, "kind": e.kind, "version": version_json(e.version), "author": e.author,
         "email": e.email, "authored": e.authored.isoformat(), "committed": e.committed.isoformat(),
         "summary": e.summary, "parents": list(e.parents), "record": _record(e.record)} for e in entries]}


def review_json(status: ReviewStatus) -> dict[str, Any]:
    """One manual of ``due --json``: its version in force, last review, process owner and due day."""
    return {"code": status.code, "title": status.title, "version": version_json(status.version),
            "last_review": status.last_review.isoformat(), "reviewed_by": _signer(status.reviewed_by),
            "process_owner": status.process_owner, "months": status.months, "due": status.due.isoformat(),
            "days_left": status.days_left, "overdue": status.days_left < 0}


def status_json(status: RequestStatus) -> dict[str, Any]:
    """One open request of ``status --json``: its facts, sign-offs (stale flagged), what is still to sign."""
    return {
        "code": status.code, "request": status.number, "state": status.state, "preparer": status.preparer,
        "label": status.label, "version": status.version,
        "in_force": status.in_force.isoformat() if status.in_force else None, "reason": status.reason,
        "sentences": list(status.sentences), "sentences_written": status.are_sentences_written,
        "digest": status.digest, "missing": list(status.missing),
        "to_sign": [{"role": t.role, "step": t.step} for t in status.to_sign], "identities_proven": status.is_proven,
        "voided": [o.model_dump(mode="json") for o in status.voided],
        "signoffs": [{**o.model_dump(mode="json"), "stale": stale} for o, stale in status.signoffs]}
