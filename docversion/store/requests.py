"""Where change requests stand, read from the log: an open request's status, a version's sign-offs."""

from __future__ import annotations

from docversion.records import RequestStatus as RequestStatus  # re-exported: its home before docversion.records
from docversion.records import ToSign
from docversion.store.control import ChangeControl
from docversion.workflow.events import SignOff
from docversion.workflow.state import Request


def request_status(control: ChangeControl, code: str) -> RequestStatus | None:
    """The open request of manual ``code`` and what it still needs, or None when there is none."""
    state = control.log(code)
    request = state.workflow.open
    if request is None:
        return None
    draft = control.draft(code)
    sentences = control.sentences(request, draft)
    digest = draft.digest(request, sentences)
    signoffs = tuple((s, s.digest != digest) for s in request.current())
    to_sign = tuple(ToSign(role, step) for role, step in request.steps_left(digest))
    cover = draft.manual.cover
    return RequestStatus(code=code, number=request.number, state=request.state, preparer=request.preparer,
                         label=request.label, digest=digest, signoffs=signoffs, to_sign=to_sign,
                         sentences=sentences, voided=tuple(request.voided), is_proven=control.trust().is_rooted,
                         reason=request.reason, are_sentences_written=bool(request.sentences),
                         version=cover.version, in_force=cover.in_force)


def version_signoffs(control: ChangeControl, code: str, version: int) -> tuple[Request | None, list[SignOff]]:
    """The request that published ``version`` and its approving sign-offs of the final round."""
    state = control.log(code)
    found = state.workflow.published.get(version)
    if found is None:
        return None, []
    _, event = found
    request = state.workflow.requests[event.request]
    return request, [s for s in request.current(event.digest) if s.decision == "approved"]
