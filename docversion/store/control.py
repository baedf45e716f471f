"""Change control over the store: requests, sign-offs, publication, each an event in the log.

Each manual's log lives on ``refs/docversion/workflow/<code>`` (``store/logs.py``). Every event
is checked by the workflow's rules against the draft as it stands, and under a trust root by
the trust log's (``workflow/proof.py``), then appended by compare-and-swap; proposing writes the
cover's version and in-force date into the draft and publishing moves the manual's branch,
creates the version tag and appends the ``published`` line in one transaction, so two
publishers never both get a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docversion.diff import ChangeSet, diff
from docversion.errors import ConflictError
from docversion.formats.canonical import dump_manual
from docversion.i18n import N_, _
from docversion.labels import field_name
from docversion.model import Manual
from docversion.store import history, logs, packing
from docversion.store.gitcmd import GitCommandError, Identity
from docversion.store.history import ManualRefs
from docversion.store.locking import writers_lock
from docversion.store.logs import workflow_ref
from docversion.store.refs import ZERO_OID, manual_ref, version_tag
from docversion.store.signoff_rules import WorkflowError as WorkflowError  # its home before signoff_rules
from docversion.store.signoff_rules import checked_signoff
from docversion.store.store import Recorded, Store
from docversion.workflow.content import content_digest, published_manual
from docversion.workflow.door import checked, checked_all
from docversion.workflow.events import (
    Decision,
    LogLine,
    Meaning,
    PolicySet,
    Proposed,
    Published,
    SentencesSet,
    Signed,
    SignOff,
    Withdrawn,
    append,
    dump_log,
)
from docversion.workflow.settle import in_force_problem, with_cover
from docversion.workflow.signing import Key
from docversion.workflow.spelling import as_recorded_name, as_recorded_role
from docversion.workflow.state import Policy, Request, RuleBroken, Workflow, step
from docversion.workflow.trust import TrustLog

# Why a new text would make sign-offs stale, by the open request's state (one sentence each).
_BUSY = {
    "in_review": N_("change request {number} of manual {code} is in review: recording a new draft would make "
                    "the sign-offs of {names} stale"),
    "authorized": N_("change request {number} of manual {code} is authorized: recording a new draft would make "
                     "the sign-offs of {names} stale"),
}


@dataclass(frozen=True)
class Draft:
    """The open draft as it stands: its commit and manual, the version it continues, its changes."""

    commit: str
    manual: Manual
    base: Manual | None
    changes: ChangeSet
    files: dict[str, bytes]

    def digest(self, request: Request, sentences: tuple[str, ...]) -> str:
        """What a sign-off on this draft, under ``request`` with these sentences, signs."""
        return content_digest(self.files, dump_manual(self.base) if self.base is not None else None, sentences,
                              request.facts)


@dataclass(frozen=True)
class LogState:
    """A manual's log as read: the ref's commit, its lines, its chain's problems, the replay."""

    ref: str | None
    lines: list[LogLine]
    problems: list[str]
    workflow: Workflow


@dataclass(frozen=True)
class Proposal:
    """What ``propose`` did: the request's number, the version and date it will publish, and the
    judgements made on the user's behalf."""

    request: int
    version: int
    in_force: date
    warnings: tuple[str, ...]


class ChangeControl:
    """The workflow's commands over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # Reading -----------------------------------------------------------------------------

    def log(self, code: str) -> LogState:
        """The manual's log, its chain checked and its events replayed."""
        return LogState(*logs.read_workflow(self.store.git, code))

    def trust(self) -> TrustLog:
        """The store's trust log (empty without a trust root)."""
        return logs.read_trust(self.store.git)[1]

    def trusted_keys(self) -> list[Key]:
        """The keys the trust log trusts now."""
        return list(self.trust().state.keys.values())

    def draft(self, code: str) -> Draft:
        """The open draft: the manual's newest snapshot after its latest version."""
        refs = self.store.refs(code)
        if not refs.has_open_draft or refs.tip is None:
            raise WorkflowError(_("manual {code} has no open draft").format(code=code), field="draft",
                                hint=_("record the new text first: docversion import FILE --code {code}").format(
                                    code=code))
        # Read from git's objects, never the parse cache: this is the content sign-offs name.
        wanted = [(refs.tip, f"{code}@draft")] + ([(refs.latest.commit, f"{code}@latest")] if refs.latest else [])
        manual, *before = self.store.load_many(code, wanted, use_cache=False)
        base = before[0] if before else None
        changes = diff(base, manual) if base else ChangeSet()
        return Draft(refs.tip, manual, base, changes, dump_manual(manual))

    def sentences(self, request: Request, draft: Draft) -> tuple[str, ...]:
        """The request's change sentences: the preparer's, else the diff's."""
        return request.sentences or draft.changes.sentences

    # Writing -----------------------------------------------------------------------------

    def append_event(self, code: str, state: LogState, event: Any, author: Identity,
                digest: str | None = None, extra: list[str] | None = None) -> LogLine:
        """Check ``event`` against the rules, then append it by compare-and-swap."""
        line = append(state.lines, event)
        try:
            step(state.workflow, line, digest)
        except RuleBroken as exc:
            raise WorkflowError(str(exc), field=getattr(event, "type", "event")) from exc
        message = f"{code}: {getattr(event, 'type', 'event')}\n"
        commit = logs.commit_file(self.store.git, logs.LOG_FILE, dump_log([*state.lines, line]), state.ref,
                                  message, author)
        lines = [f"update {workflow_ref(code)} {commit} {state.ref or ZERO_OID}", *(extra or [])]
        try:
            self.store.transaction(lines, f"docversion: {code} {getattr(event, 'type', '')}", workflow_ref(code))
        except GitCommandError as exc:
            if not exc.is_race:
                raise
            raise ConflictError(_("another writer changed manual {code} or its log meanwhile; nothing was "
                                  "written: run the command again").format(code=code)) from exc
        return line

    def record(self, manual: Manual, *, author: Identity, has_ids: bool = True, is_historical: bool = False,
               code: str | None = None, source: str = "", is_replacing: bool = False) -> tuple[Recorded, list[str]]:
        """Record a document as the manual's next snapshot (``Store.record``), refusing to replace
        a draft under review unless ``is_replacing``; returns it and the sign-offs it made stale."""
        from docversion.store.refs import store_code

        target = code or store_code(manual.cover.code)
        state = self.log(target)
        request = state.workflow.open
        stale = [f"{s.name} ({s.role})" for s in request.current()] if request is not None else []
        if request is not None and request.state != "draft" and stale and not is_historical and not is_replacing:
            busy = _BUSY.get(request.state)
            text = (_(busy) if busy else _("change request {number} of manual {code} is {state}: recording a new "
                                           "draft would make the sign-offs of {names} stale"))
            raise WorkflowError(
                text.format(number=request.number, code=target, state=request.state.replace('_', ' '),
                            names=", ".join(stale)),
                field="draft", hint=_("give --replace to record it anyway (they must sign again), or wait"))
        done = self.store.record(manual, author=author, has_ids=has_ids, is_historical=is_historical, code=code,
                                 source=source)
        return done, ([] if done.is_unchanged or request is None else stale)

    def propose(self, code: str, *, preparer: str, label: str, sentences: tuple[str, ...], now: datetime,
                author: Identity, in_force: date | None = None, today: date | None = None,
                last_modified: date | None = None) -> Proposal:
        """Open a change request for the manual's open draft, its cover stating the next version
        and its in-force date (``in_force``, else the draft's cover's)."""
        preparer, label = checked(preparer, "name", "--as"), checked(label, "label", "--label")
        sentences = checked_all(sentences, "sentence", "--sentence")
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            refs = self.store.refs(code)
            draft = self.draft(code)
            trust = self.trust()
            if trust.problems:
                raise WorkflowError(_("the trust log is damaged ({problem})").format(problem=trust.problems[0]),
                                    field="trust", hint=_("run docversion verify"))
            version, when, warnings = self._next_cover(code, refs, draft, in_force, today or now.date())
            extra = []
            settled = with_cover(draft.manual, version, when)
            if settled != draft.manual:
                message = (f"{code}: draft proposed as v{version:02d}\n\n"
                           + history.format_trailers({"Code": code, "Kind": "draft",
                                                      "Cover-Version": str(version)}))
                commit = self.store.commit_snapshot(code, settled, draft.commit, message, author)
                extra.append(f"update {manual_ref(code)} {commit} {draft.commit}")
            policy = self._policy(code, state, trust, draft)
            number = len(state.workflow.requests) + 1
            self.append_event(code, state, Proposed(
                request=number, preparer=preparer, label=label, sentences=sentences,
                reviewers=policy.reviewers, authorizer=policy.authorizer,
                is_one_person_many_roles=policy.is_one_person_many_roles, time=now, trust=trust.head,
                last_modified=last_modified),
                author, extra=extra)
            return Proposal(number, version, when, warnings)

    def _next_cover(self, code: str, refs: ManualRefs, draft: Draft, in_force: date | None,
                    today: date) -> tuple[int, date, tuple[str, ...]]:
        """The version the draft will publish as and the day it comes into force, checked."""
        latest = refs.latest
        version = latest.version + 1 if latest else draft.manual.cover.version
        warnings = []
        if draft.manual.cover.version != version:
            warnings.append(_("the draft's cover states version {stated:02d}: it will be published as version "
                              "{version:02d}").format(stated=draft.manual.cover.version, version=version))
        when = in_force or draft.manual.cover.in_force
        error, warning = in_force_problem(when, latest.in_force if latest else None, today)
        if error is not None:
            text = _("{error} (from --in-force)") if in_force else _("{error} (from the draft's cover (Vigencia))")
            raise WorkflowError(text.format(error=error), field="--in-force",
                                hint=_("give the day this version comes into force: docversion propose "
                                       "{code} --in-force YYYY-MM-DD").format(code=code))
        if warning is not None:
            warnings.append(warning)
        return version, when, tuple(warnings)

    def _policy(self, code: str, state: LogState, trust: TrustLog, draft: Draft) -> Policy:
        """The policy in effect: the trust log's under a trust root, else the log's, else the cover's."""
        cover = draft.base.cover if draft.base else draft.manual.cover
        if trust.is_rooted:
            found = trust.state.policies.get(code)
            if found is not None:
                return Policy(reviewers=found.reviewers, authorizer=found.authorizer,
                              is_one_person_many_roles=found.is_one_person_many_roles)
            return Policy.from_cover(cover)
        return state.workflow.policy_for(cover)

    def set_sentences(self, code: str, sentences: tuple[str, ...], now: datetime, author: Identity) -> None:
        """Replace the open request's change sentences (earlier sign-offs become stale)."""
        sentences = checked_all(sentences, "sentence", "SENTENCES")
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            self.append_event(code, state, SentencesSet(request=request.number, sentences=sentences, time=now), author)

    def sign(self, code: str, *, name: str, role: str | None, meaning: Meaning, decision: Decision,
             comment: str, now: datetime, author: Identity, key: Ed25519PrivateKey | None = None) -> SignOff:
        """Submit, review or authorize the open request, on the draft as it stands."""
        name, comment = checked(name, "name", "--as"), checked(comment, "comment", "--comment")
        role = checked(role, "role", "--role") if role is not None else None
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            draft = self.draft(code)
            trust = self.trust()
            digest = draft.digest(request, self.sentences(request, draft))
            if role is None:
                role = request.label if meaning == "prepared" else request.policy.authorizer
            role = as_recorded_role(role, request, meaning)
            name = as_recorded_name(name, state.workflow, trust.state)
            if meaning == "prepared" and not self.sentences(request, draft):
                raise WorkflowError(_("the request has no change sentences (the draft changes nothing the diff "
                                      "can describe)"), field="sentences",
                                    hint=_("write them: docversion sentences {code} 'Actualización de …'").format(
                                        code=code))
            if meaning == "prepared":
                _check_consistency(code, draft)
            signoff = SignOff(request=request.number, name=name, role=role, meaning=meaning, decision=decision,
                              time=now, comment=comment, digest=digest, commit=draft.commit, trust=trust.head)
            signoff = checked_signoff(signoff, trust, key)
            self.append_event(code, state, Signed(signoff=signoff), author, digest)
            return signoff

    def withdraw(self, code: str, *, name: str, reason: str, now: datetime, author: Identity) -> None:
        """Close the open request without publishing, recording why; its draft stays in history."""
        name, reason = checked(name, "name", "--as"), checked(reason, "reason", "--reason")
        if not reason:
            raise WorkflowError(_("a withdrawal records its reason"), field="--reason",
                                hint=_("say why: --reason 'Se reemplaza por …'"))
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            self.append_event(code, state, Withdrawn(request=request.number, name=name, reason=reason, time=now),
                         author)

    def set_policy(self, code: str, *, reviewers: tuple[str, ...], authorizer: str, is_many_roles: bool,
                   name: str, now: datetime, author: Identity) -> None:
        """Set who reviews and who authorizes this manual from now on (a store without a trust root;
        under one, an administrator sets it in the trust log)."""
        reviewers = checked_all(reviewers, "role", "--reviewer")
        authorizer, name = checked(authorizer, "role", "--authorizer"), checked(name, "name", "--as")
        with writers_lock(self.store.git_dir):
            if self.trust().is_rooted:
                raise WorkflowError(_("the store has a trust root: a manual's policy is an administrator's event"),
                                    field="policy", hint=_("sign it as an administrator: docversion policy CODE "
                                                           "--reviewer … --authorizer … --admin-key KEY"))
            state = self.log(code)
            self.store.refs(code)
            self.append_event(code, state, PolicySet(reviewers=reviewers, authorizer=authorizer,
                                                is_one_person_many_roles=is_many_roles, name=name, time=now),
                         author)

    def publish(self, code: str, *, name: str, now: datetime, author: Identity, in_force: date | None = None,
                last_modified: date | None = None, today: date | None = None) -> tuple[int, tuple[str, ...]]:
        """Make the authorized request the version its cover states, in force from the date signed,
        in one transaction; returns its number and the warnings."""
        name = checked(name, "name", "--as")
        with packing.packed_after(self.store.git), writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            refs = self.store.refs(code)
            draft = self.draft(code)
            sentences = self.sentences(request, draft)
            digest = draft.digest(request, sentences)
            cover = draft.manual.cover
            if last_modified is not None and last_modified != request.last_modified:
                text = (_("the date of last modification was signed with the request ({date}); publishing "
                          "cannot change it") if request.last_modified else
                        _("the date of last modification was signed with the request (none); publishing cannot "
                          "change it"))
                raise WorkflowError(text.format(date=request.last_modified),
                                    field="--last-modified", hint=_("publish without --last-modified, or withdraw "
                                                                    "and propose again with --last-modified"))
            last_modified = request.last_modified
            version, signed = cover.version, cover.in_force
            if in_force is not None and in_force != signed:
                raise WorkflowError(_("the signed draft comes into force on {signed}; publishing cannot change it "
                                      "to {given}").format(signed=signed.isoformat(), given=in_force.isoformat()),
                                    field="--in-force",
                                    hint=_("publish without --in-force, or withdraw and propose again with the "
                                           "right date"))
            expected = refs.latest.version + 1 if refs.latest else version
            if version != expected:
                raise WorkflowError(_("the signed draft states version {version}, but the next version is "
                                      "{expected}").format(version=version, expected=expected),
                                    field="cover.version", hint=_("withdraw the request and propose it again"))
            # A date far ahead was accepted when the request was proposed: only its order is held again.
            error, warning = in_force_problem(signed, refs.latest.in_force if refs.latest else None,
                                              today or now.date(), is_far_ahead_allowed=True)
            if error is not None:
                raise WorkflowError(error, field="cover.in_force", hint=_("withdraw the request and propose it "
                                                                          "again"))
            manual = published_manual(draft.manual, draft.base, version=version, in_force=signed,
                                      last_modified=last_modified, authorizer=request.policy.authorizer,
                                      sentences=sentences, label=request.label, preparer=request.preparer)
            facts = {"Code": code, "Kind": "version", "Cover-Version": str(version)}
            message = f"{code}: version {version:02d} published\n\n{history.format_trailers(facts)}"
            commit = self.store.commit_snapshot(code, manual, draft.commit, message, author)
            event = Published(request=request.number, version=version, in_force=signed,
                              last_modified=last_modified, draft_commit=draft.commit, commit=commit,
                              digest=digest, name=name, time=now)
            line = append(state.lines, event)
            tag = self.store.make_tag(code, version, commit, author, f"Published by {name} under change "
                                      f"request {request.number}.", {
                                          "Code": code, "Version": str(version), "In-Force": signed.isoformat(),
                                          "Imported": "no", "Log": line.hash, "Digest": digest})
            extra = [f"update {manual_ref(code)} {commit} {draft.commit}",
                     f"create {version_tag(code, version)} {tag}"]
            self.append_event(code, state, event, author, digest, extra)
            return version, (warning,) if warning else ()

    def _request(self, code: str, state: LogState) -> Request:
        request = state.workflow.open
        if request is None:
            raise WorkflowError(_("manual {code} has no open change request").format(code=code), field="request",
                                hint=_("open one with: docversion propose {code}").format(code=code))
        return request


def _check_consistency(code: str, draft: Draft) -> None:
    """A draft with consistency errors (``docversion lint``) is not submitted."""
    from docversion.lint import lint

    errors = [finding for finding in lint(draft.manual, draft.base) if finding.severity == "error"]
    if errors:
        found = "; ".join(f"{field_name(e.path)}: {e.message}" for e in errors)
        raise WorkflowError(_("the draft is not consistent: {found}").format(found=found), field=errors[0].path,
                            hint=_("correct the draft and import it again; 'docversion lint {code}' lists every "
                                   "finding").format(code=code))
