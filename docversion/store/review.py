"""Periodic review (ISO 9001 7.5.2): when each manual's version in force is due, and the review
that keeps it as it is.

Every version in force is reviewed at least every ``months`` months (12 unless the manual's
policy says otherwise: set in its log, or under a trust root by an administrator in the trust
log). The clock starts when the version comes into force and again at each periodic review that
keeps it. A review that keeps the manual is its process owner's sign-off on that version's exact
content, recorded in the manual's log (signed with a key where the store has a trust root) and
checked by ``verify``; a review that needs changes opens a change request, as any revision does.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import TYPE_CHECKING

from docversion.formats.canonical import dump_manual
from docversion.i18n import _
from docversion.inputs import resolve_role
from docversion.model import Manual
from docversion.records import ReviewStatus, Signer, VersionInfo
from docversion.store.locking import writers_lock
from docversion.store.signoff_rules import WorkflowError, checked_signoff
from docversion.workflow.content import review_digest
from docversion.workflow.events import PeriodicReview, ReviewIntervalSet, SignOff
from docversion.workflow.proof import signoff_problem
from docversion.workflow.spelling import as_recorded_name
from docversion.workflow.state import Workflow

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from docversion.store.control import ChangeControl
    from docversion.store.gitcmd import Identity
    from docversion.workflow.trust import TrustLog

DEFAULT_MONTHS = 12


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` months later, on the month's last day when it has no such day (31 January
    and one month: 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval(code: str, workflow: Workflow, trust: TrustLog) -> int:
    """Manual ``code``'s review interval in months: the trust log's under a trust root, else its log's."""
    if trust.is_rooted:
        return trust.state.review_months.get(code, DEFAULT_MONTHS)
    return workflow.review_months or DEFAULT_MONTHS


def statuses(control: ChangeControl, today: date) -> list[ReviewStatus]:
    """Each manual with a version in force on ``today``, with when it is due."""
    store = control.store
    trust = control.trust()
    found = []
    for code in store.codes():
        refs = store.refs(code)
        info = refs.in_force(today)
        if info is None:
            continue
        workflow = control.log(code).workflow
        content = store.load(code, str(info.version))
        kept = [review.signoff for _line, review in workflow.reviews
                if review.version == info.version and _standing(review, info, content, trust)]
        last = max(kept, key=lambda signoff: signoff.time) if kept else None
        started = max(info.in_force or today, last.time.date() if last else date.min)
        months = interval(code, workflow, trust)
        due = add_months(started, months)
        cover = content.cover
        found.append(ReviewStatus(code, cover.area, info, started,
                                  Signer(last.role, last.name, last.time) if last else None, cover.process_owner,
                                  months, due, (due - today).days))
    return found


def review_problems(review: PeriodicReview, info: VersionInfo | None, content: Manual | None) -> list[str]:
    """A periodic review against the version it kept: its commit, its content, its process owner
    and its day."""
    signoff = review.signoff
    if info is None or content is None:
        return [_("the log records a periodic review of a version the store does not have")]
    found = []
    if signoff.commit != info.commit:
        found.append(_("the periodic review by {name} names commit {commit}, not the version's").format(
            name=signoff.name, commit=signoff.commit[:12]))
    if signoff.digest != review_digest(dump_manual(content), info.version):
        found.append(_("the periodic review by {name} was not signed on this version's content").format(
            name=signoff.name))
    if signoff.role != content.cover.process_owner:
        found.append(_("the periodic review was signed as {role}, not by the process owner ({owner})").format(
            role=signoff.role, owner=content.cover.process_owner))
    if info.in_force is not None and signoff.time.date() < info.in_force:
        found.append(_("the periodic review by {name} is dated before the version came into force").format(
            name=signoff.name))
    return found


def _standing(review: PeriodicReview, info: VersionInfo, content: Manual, trust: TrustLog) -> bool:
    """Whether a logged review may start the clock again: what ``verify`` would find nothing wrong
    with (its version's commit, content, process owner and day; under a trust root, its signature
    against the keys trusted at the point it names)."""
    if review_problems(review, info, content):
        return False
    if not trust.is_rooted:
        return True
    state = trust.at(review.signoff.trust)
    return state is not None and signoff_problem(review.signoff, state) is None


def keep(control: ChangeControl, code: str, *, name: str, role: str | None, comment: str, now: datetime,
         author: Identity, key: Ed25519PrivateKey | None = None) -> PeriodicReview:
    """Record that the process owner reviewed the version in force and keeps it as it is."""
    store = control.store
    with writers_lock(store.git_dir):
        state = control.log(code)
        refs = store.refs(code)
        info = refs.in_force(now.date())
        if info is None or refs.latest is None or info.version != refs.latest.version:
            raise WorkflowError(
                _("manual {code} has no version in force to keep: a periodic review keeps the version in force, "
                  "and only when it is the newest").format(code=code), field="version",
                hint=_("docversion due lists the manuals whose review is due"))
        # What is signed is read from git's objects, never the parse cache.
        [content] = store.load_many(code, [(info.commit, f"{code}@v{info.version}")], use_cache=False)
        owner = content.cover.process_owner
        role = resolve_role(role, (owner,), field="--role") if role is not None else owner
        trust = control.trust()
        signoff = SignOff(request=0, name=as_recorded_name(name, state.workflow, trust.state), role=role,
                          meaning="reviewed", decision="approved", time=now, comment=comment,
                          digest=review_digest(dump_manual(content), info.version), commit=info.commit,
                          trust=trust.head)
        signoff = checked_signoff(signoff, trust, key)
        event = PeriodicReview(version=info.version, signoff=signoff)
        control.append_event(code, state, event, author)
        return event


def set_interval(control: ChangeControl, code: str, months: int, *, name: str, now: datetime,
                 author: Identity) -> None:
    """Set manual ``code``'s review interval (a store without a trust root; under one, it is an
    administrator's event in the trust log)."""
    with writers_lock(control.store.git_dir):
        if control.trust().is_rooted:
            raise WorkflowError(_("the store has a trust root: a manual's review interval is an administrator's "
                                  "event"), field="--review-months",
                                hint=_("sign it as an administrator: docversion policy CODE --review-months N "
                                       "--admin-key KEY"))
        control.store.refs(code)
        control.append_event(code, control.log(code), ReviewIntervalSet(months=months, name=name, time=now), author)
