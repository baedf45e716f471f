"""What a sign-off proves, judged against the trust log. Pure.

Without a trust root a sign-off records a name, nothing more. With one, every sign-off and
proposal after the root was made names the trust log's head when it was made, and is held to
the state of the log at that point: the key that signed it must be trusted for that person and
that role there, and the points a manual's log names never go back (a signer cannot pick an
older point, before a revocation, to sign with a revoked key). The same rules refuse a new
sign-off and judge the history in ``verify``.
"""

from __future__ import annotations

from typing import Any

from docversion.i18n import N_, _
from docversion.workflow.events import LogLine, PeriodicReview, PolicySet, Proposed, ReviewIntervalSet, Signed, SignOff
from docversion.workflow.signing import signature_matches
from docversion.workflow.trust import TrustLog, TrustState

UNPROVEN = N_("identities are recorded, not proven: the store has no trust root")
"""Said where sign-offs are shown without a trust root (marked for the catalogue: show ``_(UNPROVEN)``)."""


def signoff_problem(signoff: SignOff, state: TrustState) -> str | None:
    """What is wrong with ``signoff`` under the trust ``state`` it names, or None."""
    if signoff.signature is None or signoff.key_id is None:
        return _("unsigned, but the store has a trust root: every sign-off must be signed with a trusted key")
    key = state.keys.get(signoff.key_id)
    if key is None:
        return _("signed with key {key_id}, which the trust log does not trust at that point").format(
            key_id=signoff.key_id)
    if key.person != signoff.name or signoff.role not in key.roles:
        return _("signed with the key of {person} ({roles}), not trusted for {name} as {role}").format(
            person=key.person, roles="; ".join(key.roles), name=signoff.name, role=signoff.role)
    if not signature_matches(signoff, key):
        return _("the signature does not match the record (forged or edited)")
    return None


def proposal_problem(event: Proposed, state: TrustState, code: str) -> str | None:
    """A proposal under a trust root follows the policy the trust log sets for the manual, if any."""
    policy = state.policies.get(code)
    if policy is None:
        return None
    if (event.reviewers, event.authorizer, event.is_one_person_many_roles) != (
            policy.reviewers, policy.authorizer, policy.is_one_person_many_roles):
        return _("its reviewers and authorizer are not the policy the trust log sets for the manual")
    return None


def log_problems(code: str, lines: list[LogLine], trust: TrustLog) -> list[str]:
    """Each line of a manual's log that its trust level does not bear out."""
    if not trust.is_rooted:
        return [_("log line {seq}: names a trust point, but the store has no trust log").format(seq=line.seq)
                for line in lines if _point(line.event) is not None]
    problems: list[str] = []
    adopted = trust.state.adopted_logs.get(code)
    hashes = [line.hash for line in lines]
    if adopted is not None and adopted not in hashes:
        problems.append(_("the line the trust root adopted is no longer in the log: every line is held to the "
                          "trust log"))
    unproven = hashes.index(adopted) + 1 if adopted in hashes else 0
    floors = _floors(code, hashes, trust)
    last = 0
    for index, line in enumerate(lines):
        event: Any = line.event
        point = _point(event)
        if index < unproven:
            continue  # recorded before the root was made: identities recorded, not proven
        if isinstance(event, PolicySet | ReviewIntervalSet):
            problems.append(_("log line {seq}: a policy set outside the trust log after the trust root").format(
                seq=line.seq))
            continue
        if not isinstance(event, Signed | Proposed | PeriodicReview):
            continue
        state = trust.at(point)
        if state is None:
            text = (_("log line {seq} ({event}): names no point of the trust log") if point is None else
                    _("log line {seq} ({event}): names trust point {point}, which the trust log does not have"))
            problems.append(text.format(seq=line.seq, event=event.type, point=(point or "")[:12]))
            continue
        order = trust.order[point or ""]
        if order < last:
            problems.append(_("log line {seq} ({event}): names an earlier point of the trust log than the line "
                              "before it").format(seq=line.seq, event=event.type))
        if order < floors[index]:
            problems.append(_("log line {seq} ({event}): names trust point {order}, but was written after trust "
                              "log line {floor} was signed").format(seq=line.seq, event=event.type, order=order,
                                                                    floor=floors[index]))
        last = max(last, order)
        found = (signoff_problem(event.signoff, state) if isinstance(event, Signed | PeriodicReview)
                 else proposal_problem(event, state, code))
        if found is not None:
            if isinstance(event, Signed | PeriodicReview):
                problems.append(_("log line {seq} ({event} by {name} as {role}): {problem}").format(
                    seq=line.seq, event=event.type, name=event.signoff.name, role=event.signoff.role,
                    problem=found))
            else:
                problems.append(_("log line {seq} ({event}): {problem}").format(seq=line.seq, event=event.type,
                                                                              problem=found))
    return problems


def _floors(code: str, hashes: list[str], trust: TrustLog) -> list[int]:
    """For each line of a manual's log, the latest trust line it must not name a point before: the
    last trust line that witnessed this log at a head before it."""
    floors = [0] * len(hashes)
    position = {digest: index for index, digest in enumerate(hashes)}
    for line in trust.lines:
        head = line.logs.get(code)
        if head in position:
            for index in range(position[head] + 1, len(hashes)):
                floors[index] = max(floors[index], line.seq)
    return floors


def _point(event: Any) -> str | None:
    if isinstance(event, Signed | PeriodicReview):
        return event.signoff.trust
    if isinstance(event, Proposed):
        return event.trust
    return None
