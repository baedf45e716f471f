"""A manual's change requests, replayed from its log, and the rules every event must keep.

The same rules refuse a new event (the command fails naming the rule) and judge the history
(``verify`` names each event that broke one), so what the store accepts and what it verifies
cannot drift apart. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from docversion.i18n import N_, _
from docversion.model import Cover, Frozen
from docversion.workflow.events import (
    Imported,
    LogLine,
    PeriodicReview,
    PolicySet,
    Proposed,
    Published,
    ReviewIntervalSet,
    SentencesSet,
    Signed,
    SignOff,
    Withdrawn,
)

OPEN_STATES = ("draft", "in_review", "authorized")


class Policy(Frozen):
    """Who must sign: every reviewer role, then the authoriser; one role per person unless allowed."""

    reviewers: tuple[str, ...]
    authorizer: str
    is_one_person_many_roles: bool = False

    @classmethod
    def from_cover(cls, cover: Cover) -> Policy:
        """The policy a manual's cover states: Revisado reviews, Autorizado authorises."""
        return cls(reviewers=cover.reviewed_by, authorizer=cover.authorized_by)


@dataclass
class Request:
    """One change request: its preparer, sentences, state and sign-offs."""

    number: int
    preparer: str
    label: str
    sentences: tuple[str, ...]
    policy: Policy
    state: str = "draft"
    round_start: int = 0
    signoffs: list[tuple[int, SignOff]] = field(default_factory=list)
    reason: str = ""
    version: int | None = None
    voided: list[SignOff] = field(default_factory=list)  # the round a rejection ended: they sign again
    last_modified: date | None = None
    log_policy: Policy | None = None  # the policy the log set when it was proposed (None: the cover's)
    trust: str | None = None  # the trust point its proposal names

    @property
    def facts(self) -> dict[str, Any]:
        """What the request itself states, signed with the draft (see ``content_digest``)."""
        return {"preparer": self.preparer, "label": self.label, "reviewers": list(self.policy.reviewers),
                "authorizer": self.policy.authorizer, "many_roles": self.policy.is_one_person_many_roles,
                "last_modified": self.last_modified.isoformat() if self.last_modified else None}

    @property
    def is_open(self) -> bool:
        """True until it is published or withdrawn."""
        return self.state in OPEN_STATES

    def current(self, digest: str | None = None) -> list[SignOff]:
        """The sign-offs of the current round (from the latest submission on), only those on
        ``digest`` when one is given."""
        return [s for seq, s in self.signoffs
                if seq >= self.round_start and (digest is None or s.digest == digest)]

    def approval(self, role: str, meaning: str, digest: str) -> SignOff | None:
        """The fresh approving sign-off of ``role`` with ``meaning``, if any."""
        return next((s for s in self.current(digest) if s.role == role and s.meaning == meaning
                     and s.decision == "approved"), None)

    def is_submitted(self, digest: str) -> bool:
        """True when the preparer submitted exactly this content in the current round."""
        return any(s.meaning == "prepared" and s.digest == digest for s in self.current())

    def missing(self, digest: str) -> list[str]:
        """The roles that still have to sign ``digest``: the preparer's submission, reviewers, authorizer."""
        return [role for role, _ in self.steps_left(digest)]

    def steps_left(self, digest: str) -> list[tuple[str, str]]:
        """Each sign-off ``digest`` still needs, in order: (role, ``submit``|``review``|``authorize``);
        the preparer's role reads "Elaborado por (Name)"."""
        steps = [] if self.is_submitted(digest) else [(f"{self.label} ({self.preparer})", "submit")]
        steps += [(r, "review") for r in self.policy.reviewers if self.approval(r, "reviewed", digest) is None]
        if self.approval(self.policy.authorizer, "authorized", digest) is None:
            steps.append((self.policy.authorizer, "authorize"))
        return steps


@dataclass
class Workflow:
    """Everything the log says about one manual."""

    policy: Policy | None = None
    requests: dict[int, Request] = field(default_factory=dict)
    published: dict[int, tuple[LogLine, Published]] = field(default_factory=dict)
    imported: dict[int, tuple[LogLine, Imported]] = field(default_factory=dict)
    reviews: list[tuple[LogLine, PeriodicReview]] = field(default_factory=list)
    review_months: int | None = None  # set in the manual's log (None: the trust log's, else 12)

    @property
    def last_version(self) -> tuple[int, date] | None:
        """The newest version the log records (published or imported) and its in-force date."""
        # Each dict's last entry is its highest version: step() adds a version only after the last
        # one (_follows), so this costs the same for the thousandth version as for the first.
        found = []
        if self.published:
            number, (_line, published) = next(reversed(self.published.items()))
            found.append((number, published.in_force))
        if self.imported:
            number, (_line, imported) = next(reversed(self.imported.items()))
            found.append((number, imported.in_force))
        return max(found) if found else None

    @property
    def open(self) -> Request | None:
        """The open change request, if any (a manual has at most one)."""
        return next((r for r in self.requests.values() if r.is_open), None)

    def policy_for(self, cover: Cover) -> Policy:
        """The policy set in the store, else the one the cover states."""
        return self.policy or Policy.from_cover(cover)


class RuleBroken(Exception):
    """An event that the workflow's rules refuse; the message says which rule and what to do."""


def step(workflow: Workflow, line: LogLine, digest: str | None = None) -> None:
    """Apply ``line`` to ``workflow`` after checking it; RuleBroken when it breaks a rule.

    ``digest`` is the current content's digest when known (a new event): a sign-off must be on
    it and a publication needs fresh sign-offs on it.
    """
    event: Any = line.event
    if isinstance(event, PolicySet):
        workflow.policy = Policy(reviewers=event.reviewers, authorizer=event.authorizer,
                                 is_one_person_many_roles=event.is_one_person_many_roles)
        if workflow.open is not None:  # the open request follows it (its sign-offs go stale)
            workflow.open.policy = workflow.open.log_policy = workflow.policy
    elif isinstance(event, Proposed):
        if workflow.open is not None:
            raise RuleBroken(_("change request {number} is still open: submit, publish or "
                               "withdraw it before proposing another").format(number=workflow.open.number))
        if event.request != len(workflow.requests) + 1:
            raise RuleBroken(_("change request {number} is out of sequence").format(number=event.request))
        policy = Policy(reviewers=event.reviewers, authorizer=event.authorizer,
                        is_one_person_many_roles=event.is_one_person_many_roles)
        workflow.requests[event.request] = Request(event.request, event.preparer, event.label,
                                                   event.sentences, policy, last_modified=event.last_modified,
                                                   log_policy=workflow.policy, trust=event.trust)
    elif isinstance(event, SentencesSet):
        request = _open(workflow, event.request)
        request.sentences = event.sentences
    elif isinstance(event, Signed):
        _sign(workflow, line.seq, event.signoff, digest)
    elif isinstance(event, Withdrawn):
        _open(workflow, event.request).state = "withdrawn"
    elif isinstance(event, Imported):
        _import(workflow, event)
        workflow.imported[event.version] = (line, event)
    elif isinstance(event, PeriodicReview):
        _review(workflow, event)
        workflow.reviews.append((line, event))
    elif isinstance(event, ReviewIntervalSet):
        workflow.review_months = event.months
    elif isinstance(event, Published):
        _follows(workflow, event.version, event.in_force)
        request = _open(workflow, event.request)
        if request.state != "authorized":
            raise RuleBroken(_unpublishable(request))
        missing = request.missing(event.digest)
        if missing:
            raise RuleBroken(_("the sign-offs of {roles} are missing or stale (the draft changed "
                               "after they signed): submit it again for review").format(roles=", ".join(missing)))
        if digest is not None and digest != event.digest:
            raise RuleBroken(_("the draft changed after it was authorized: submit it again for review"))
        request.state, request.version = "published", event.version
        workflow.published[event.version] = (line, event)


# Each refusal is one whole sentence per state, so a translation can agree with the state's word.
_UNPUBLISHABLE = {
    "draft": N_("change request {number} is draft, not authorized: only an authorized request publishes"),
    "in_review": N_("change request {number} is in_review, not authorized: only an authorized request publishes"),
}
_UNREVIEWABLE = {
    "draft": N_("change request {number} is draft: it must be submitted for review first"),
    "authorized": N_("change request {number} is authorized: it must be submitted for review first"),
}


def _unpublishable(request: Request) -> str:
    """Why a request that is not authorized cannot publish, naming its state."""
    text = _UNPUBLISHABLE.get(request.state, N_(
        "change request {number} is {state}, not authorized: only an authorized request publishes"))
    return _(text).format(number=request.number, state=request.state)


def _unreviewable(request: Request) -> str:
    """Why a request that is not in review takes no review or authorization, naming its state."""
    text = _UNREVIEWABLE.get(request.state, N_(
        "change request {number} is {state}: it must be submitted for review first"))
    return _(text).format(number=request.number, state=request.state)


def _import(workflow: Workflow, event: Imported) -> None:
    if workflow.published:
        first = min(workflow.published)
        raise RuleBroken(_("version {version} was published through change control: historical imports are only "
                           "for the versions signed on paper before it; record the text as a draft instead").format(
            version=first))
    _follows(workflow, event.version, event.in_force)


def _review(workflow: Workflow, event: PeriodicReview) -> None:
    """A periodic review keeps the newest version, while no change request revises it, and comes
    after the review before it."""
    last = workflow.last_version
    if last is None or event.version != last[0]:
        raise RuleBroken(_("a periodic review keeps the newest version ({latest}), not version {version}").format(
            latest=last[0] if last else "—", version=event.version))
    if workflow.open is not None:
        raise RuleBroken(_("change request {number} is open: the manual is being revised, so it cannot be kept as "
                           "it is; publish or withdraw the request first").format(number=workflow.open.number))
    signoff = event.signoff
    if signoff.request != 0 or signoff.meaning != "reviewed" or signoff.decision != "approved":
        raise RuleBroken(_("a periodic review's signature is a review that approves, outside any change request"))
    earlier = [review.signoff.time for _line, review in workflow.reviews]
    if earlier and signoff.time <= max(earlier):
        raise RuleBroken(_("a periodic review is dated {time}, not after the one before it ({before})").format(
            time=signoff.time.isoformat(), before=max(earlier).isoformat()))


def _follows(workflow: Workflow, version: int, in_force: date) -> None:
    """A new version comes after the last one recorded, and so does its in-force date."""
    last = workflow.last_version
    if last is None:
        return
    number, previous = last
    if version <= number:
        raise RuleBroken(_("version {version} is not after version {number}, which the log already records").format(
            version=version, number=number))
    if in_force <= previous:
        raise RuleBroken(_("version {version} would come into force on {day}, not after version {number} "
                           "({previous}): no version may be in force before its predecessor").format(
            version=version, day=in_force.isoformat(), number=number, previous=previous.isoformat()))


def _open(workflow: Workflow, number: int) -> Request:
    request = workflow.requests.get(number)
    if request is None or not request.is_open:
        raise RuleBroken(_("change request {number} is not open").format(number=number))
    return request


def _sign(workflow: Workflow, seq: int, signoff: SignOff, digest: str | None) -> None:
    request = _open(workflow, signoff.request)
    policy = request.policy
    if digest is not None and signoff.digest != digest:
        raise RuleBroken(_("the sign-off is not on the draft as it stands"))
    if signoff.meaning == "prepared":
        if signoff.name != request.preparer:
            raise RuleBroken(_("only the preparer, {preparer}, submits change request {number}").format(
                preparer=request.preparer, number=request.number))
        if signoff.decision != "approved":
            raise RuleBroken(_("a submission cannot reject"))
        request.state, request.round_start, request.reason, request.voided = "in_review", seq, "", []
        request.signoffs.append((seq, signoff))
        return
    if request.state != "in_review":
        raise RuleBroken(_unreviewable(request))
    if not request.is_submitted(signoff.digest):
        raise RuleBroken(_("the draft changed after {preparer} submitted it: the preparer must submit "
                           "it again before anyone reviews or authorizes it").format(preparer=request.preparer))
    if any(earlier == signoff for _seq, earlier in request.signoffs):
        raise RuleBroken(_("the sign-off of {name} as {role} is already in the log: a sign-off is "
                           "recorded once (a copy of it is a replay)").format(name=signoff.name, role=signoff.role))
    submitted = next(s for seq, s in request.signoffs if seq == request.round_start)
    if signoff.time < submitted.time:
        raise RuleBroken(_("the sign-off of {name} is dated before the submission it answers ({time})").format(
            name=signoff.name, time=submitted.time.isoformat()))
    if signoff.name == request.preparer:
        own = (_("{name} prepared change request {number} and may not review it") if signoff.meaning == "reviewed"
               else _("{name} prepared change request {number} and may not authorize it"))
        raise RuleBroken(own.format(name=signoff.name, number=request.number))
    _check_role(request, signoff, policy)
    if signoff.meaning == "authorized" and signoff.decision == "approved":
        waiting = [r for r in policy.reviewers if request.approval(r, "reviewed", signoff.digest) is None]
        if waiting:
            raise RuleBroken(_("every review comes before the authorization; still to review: {roles}").format(
                roles=", ".join(waiting)))
    request.signoffs.append((seq, signoff))
    if signoff.decision == "rejected":
        request.voided = request.current()
        request.state, request.reason, request.round_start = "draft", signoff.comment, seq + 1
    elif signoff.meaning == "authorized":
        request.state = "authorized"


def _check_role(request: Request, signoff: SignOff, policy: Policy) -> None:
    if signoff.meaning == "reviewed" and signoff.role not in policy.reviewers:
        raise RuleBroken(_("{role!r} is not a reviewing role of this manual ({reviewers})").format(
            role=signoff.role, reviewers="; ".join(policy.reviewers)))
    if signoff.meaning == "authorized" and signoff.role != policy.authorizer:
        raise RuleBroken(_("{role!r} does not authorize this manual ({authorizer} does)").format(
            role=signoff.role, authorizer=policy.authorizer))
    if not policy.is_one_person_many_roles:
        other = next((s.role for s in request.current() if s.name == signoff.name and s.role != signoff.role
                      and s.meaning != "prepared"), None)
        if other is not None:
            raise RuleBroken(_("{name} already signed as {other}; one person signs for one role "
                               "unless the manual's policy allows more").format(name=signoff.name, other=other))


def replay(lines: list[LogLine]) -> tuple[Workflow, list[str]]:
    """The workflow the log describes, and each line that broke a rule (named by its number)."""
    workflow = Workflow()
    problems = []
    for line in lines:
        try:
            step(workflow, line)
        except RuleBroken as exc:
            problems.append(_("log line {seq} ({event}) breaks a rule: {problem}").format(
                seq=line.seq, event=line.event.type, problem=exc))
    return workflow, problems
