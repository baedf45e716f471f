"""Who signs, in the record's spelling: a role as the cover writes it, a name as the record
already holds it, whatever case, accents or linking words were typed. Pure."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docversion.workflow.state import Request, Workflow
    from docversion.workflow.trust import TrustState


def as_recorded_role(role: str, request: Request, meaning: str) -> str:
    """``role`` in the spelling the request records (the cover's): case, accents and linking words
    aside, or a known variant when only one role fits. A role that fits none is left as typed, for
    the workflow's rules to refuse with their own message."""
    from docversion.inputs import matching_roles, resolve_role

    roles = {"prepared": (request.label,), "reviewed": tuple(request.policy.reviewers),
             "authorized": (request.policy.authorizer,)}[meaning]
    return resolve_role(role, roles) if matching_roles(role, roles) else role


def as_recorded_name(name: str, state: Workflow, trust: TrustState) -> str:
    """``name`` as the record already spells it (a preparer, someone who signed, a key's owner),
    case and accents aside; a new name as typed."""
    from docversion.inputs import resolve_name

    known = [request.preparer for request in state.requests.values()]
    known += [signoff.name for request in state.requests.values() for _, signoff in request.signoffs]
    known += [key.person for key in trust.keys.values()]
    return resolve_name(name, known) or name

