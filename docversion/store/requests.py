"""Where change requests stand, read from the log: an open request's status, a version's sign-offs."""

from __future__ import annotations

from dataclasses import dataclass

from docversion.store.control import ChangeControl
from docversion.workflow.events import SignOff
from docversion.workflow.state import Request


@dataclass(frozen=True)
class RequestStatus:
    """Where an open request stands: its draft's digest, each sign-off (stale or not), those a
    rejection voided, who is missing, and whether identities are proven."""

    code: str
    request: Request
    digest: str
    signoffs: tuple[tuple[SignOff, bool], ...]
    missing: tuple[str, ...]
    sentences: tuple[str, ...]
    voided: tuple[SignOff, ...] = ()
    is_proven: bool = False


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
    missing = tuple(request.missing(digest))
    return RequestStatus(code, request, digest, signoffs, missing, sentences, tuple(request.voided),
                         control.trust().is_rooted)


def version_signoffs(control: ChangeControl, code: str, version: int) -> tuple[Request | None, list[SignOff]]:
    """The request that published ``version`` and its approving sign-offs of the final round."""
    state = control.log(code)
    found = state.workflow.published.get(version)
    if found is None:
        return None, []
    _, event = found
    request = state.workflow.requests[event.request]
    return request, [s for s in request.current(event.digest) if s.decision == "approved"]
