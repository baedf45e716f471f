"""Change control over the store: requests, sign-offs, publication, keys, each an event in the log.

Each manual's log lives on ``refs/docversion/workflow/<code>`` (a commit whose tree holds
``log.jsonl``); the keys the store trusts on ``refs/docversion/keys`` (``keys.json``). Every
event is checked by the workflow's rules against the draft as it stands, then appended by
compare-and-swap; publishing moves the manual's branch, creates the version tag and appends
the ``published`` line in one transaction, so two publishers never both get a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docversion.diff import ChangeSet, diff
from docversion.errors import ConflictError, InvalidInputError
from docversion.formats.canonical import dump_manual
from docversion.model import Manual
from docversion.store import history
from docversion.store.gitcmd import GitCommandError, Identity
from docversion.store.locking import writers_lock
from docversion.store.refs import ZERO_OID, manual_ref, validate_code, version_tag
from docversion.store.store import Store
from docversion.workflow.content import content_digest, published_manual
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
    canonical_json,
    dump_log,
    parse_log,
)
from docversion.workflow.signing import Key, sign
from docversion.workflow.state import Request, RuleBroken, Workflow, replay, step

WORKFLOW_PREFIX = "refs/docversion/workflow/"
KEYS_REF = "refs/docversion/trust/keys"
LOG_FILE = "log.jsonl"
KEYS_FILE = "keys.json"


class WorkflowError(InvalidInputError):
    """An action the workflow's rules refuse (exit 5); nothing is written."""


@dataclass(frozen=True)
class Draft:
    """The open draft as it stands: its commit and manual, the version it continues, its changes."""

    commit: str
    manual: Manual
    base: Manual | None
    changes: ChangeSet
    files: dict[str, bytes]

    def digest(self, sentences: tuple[str, ...]) -> str:
        """What a sign-off on this draft with these sentences signs."""
        return content_digest(self.files, dump_manual(self.base) if self.base is not None else None, sentences)


@dataclass(frozen=True)
class LogState:
    """A manual's log as read: the ref's commit, its lines, its chain's problems, the replay."""

    ref: str | None
    lines: list[LogLine]
    problems: list[str]
    workflow: Workflow


def workflow_ref(code: str) -> str:
    """The ref of a manual's workflow log."""
    return WORKFLOW_PREFIX + validate_code(code)


class ChangeControl:
    """The workflow's commands over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # Reading -----------------------------------------------------------------------------

    def _blob(self, ref: str, name: str) -> tuple[str | None, bytes]:
        done = self.store.git.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        commit = done.stdout.decode().strip() or None
        if commit is None:
            return None, b""
        return commit, self.store.git.run("cat-file", "blob", f"{commit}:{name}").stdout

    def log(self, code: str) -> LogState:
        """The manual's log, its chain checked and its events replayed."""
        commit, data = self._blob(workflow_ref(code), LOG_FILE)
        lines, problems = parse_log(data)
        workflow, broken = replay(lines)
        return LogState(commit, lines, problems + broken, workflow)

    def keys(self) -> list[Key]:
        """The keys the store trusts."""
        _, data = self._blob(KEYS_REF, KEYS_FILE)
        return [Key.model_validate(item) for item in json.loads(data or b"[]")]

    def draft(self, code: str, request: Request | None = None) -> Draft:
        """The open draft: the manual's newest snapshot after its latest version."""
        refs = self.store.refs(code)
        if not refs.has_open_draft or refs.tip is None:
            raise WorkflowError(f"manual {code} has no open draft", field="draft",
                                hint=f"record the new text first: docversion import FILE --code {code}")
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

    def _commit_file(self, name: str, data: bytes, parent: str | None, message: str, author: Identity) -> str:
        """A commit whose tree is the one file ``name`` (a log or the keys), after ``parent``."""
        blob = self.store.git.text("hash-object", "-w", "--stdin", data=data)
        tree = self.store.git.text("mktree", data=f"100644 blob {blob}\t{name}\n".encode())
        return self.store._commit(tree, parent, message, author)

    def _append(self, code: str, state: LogState, event: Any, author: Identity,
                digest: str | None = None, extra: list[str] | None = None) -> LogLine:
        """Check ``event`` against the rules, then append it by compare-and-swap."""
        line = append(state.lines, event)
        try:
            step(state.workflow, line, digest)
        except RuleBroken as exc:
            raise WorkflowError(str(exc), field=getattr(event, "type", "event")) from exc
        message = f"{code}: {getattr(event, 'type', 'event')}\n"
        commit = self._commit_file(LOG_FILE, dump_log([*state.lines, line]), state.ref, message, author)
        lines = [f"update {workflow_ref(code)} {commit} {state.ref or ZERO_OID}", *(extra or [])]
        try:
            self.store.transaction(lines, f"docversion: {code} {getattr(event, 'type', '')}")
        except GitCommandError as exc:
            raise ConflictError(f"another writer changed manual {code} or its log meanwhile; nothing was "
                                "written: run the command again") from exc
        return line

    def propose(self, code: str, *, preparer: str, label: str, sentences: tuple[str, ...], now: datetime,
                author: Identity) -> int:
        """Open a change request for the manual's open draft; returns its number."""
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            draft = self.draft(code)
            policy = state.workflow.policy_for(draft.base.cover if draft.base else draft.manual.cover)
            number = len(state.workflow.requests) + 1
            self._append(code, state, Proposed(
                request=number, preparer=preparer, label=label, sentences=sentences,
                reviewers=policy.reviewers, authorizer=policy.authorizer,
                is_one_person_many_roles=policy.is_one_person_many_roles, time=now), author)
            return number

    def set_sentences(self, code: str, sentences: tuple[str, ...], now: datetime, author: Identity) -> None:
        """Replace the open request's change sentences (earlier sign-offs become stale)."""
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            self._append(code, state, SentencesSet(request=request.number, sentences=sentences, time=now), author)

    def sign(self, code: str, *, name: str, role: str | None, meaning: Meaning, decision: Decision,
             comment: str, now: datetime, author: Identity, key: Ed25519PrivateKey | None = None) -> SignOff:
        """Submit, review or authorize the open request, on the draft as it stands."""
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            draft = self.draft(code)
            digest = draft.digest(self.sentences(request, draft))
            if role is None:
                role = request.label if meaning == "prepared" else request.policy.authorizer
            if meaning == "prepared" and not self.sentences(request, draft):
                raise WorkflowError("the request has no change sentences (the draft changes nothing the diff "
                                    "can describe)", field="sentences",
                                    hint=f"write them: docversion sentences {code} 'Actualización de …'")
            signoff = SignOff(request=request.number, name=name, role=role, meaning=meaning, decision=decision,
                              time=now, comment=comment, digest=digest, commit=draft.commit)
            if key is not None:
                signoff = sign(signoff, key)
            self._append(code, state, Signed(signoff=signoff), author, digest)
            return signoff

    def withdraw(self, code: str, *, name: str, reason: str, now: datetime, author: Identity) -> None:
        """Close the open request without publishing; its draft stays in history."""
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            self._append(code, state, Withdrawn(request=request.number, name=name, reason=reason, time=now),
                         author)

    def set_policy(self, code: str, *, reviewers: tuple[str, ...], authorizer: str, is_many_roles: bool,
                   name: str, now: datetime, author: Identity) -> None:
        """Set who reviews and who authorizes this manual from now on."""
        if not authorizer or not all(reviewers):
            raise WorkflowError("a policy needs an authorizing role and non-empty reviewing roles",
                                field="policy")
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            self.store.refs(code)
            self._append(code, state, PolicySet(reviewers=reviewers, authorizer=authorizer,
                                                is_one_person_many_roles=is_many_roles, name=name, time=now),
                         author)

    def publish(self, code: str, *, name: str, in_force: date, last_modified: date | None, now: datetime,
                author: Identity) -> int:
        """Make the authorized request the next version, in one transaction; returns its number."""
        with writers_lock(self.store.git_dir):
            state = self.log(code)
            request = self._request(code, state)
            refs = self.store.refs(code)
            draft = self.draft(code)
            sentences = self.sentences(request, draft)
            digest = draft.digest(sentences)
            version = (refs.latest.version if refs.latest else draft.manual.cover.version - 1) + 1
            manual = published_manual(draft.manual, version=version, in_force=in_force,
                                      last_modified=last_modified, authorizer=request.policy.authorizer,
                                      sentences=sentences, label=request.label, preparer=request.preparer)
            facts = {"Code": code, "Kind": "version", "Cover-Version": str(version)}
            message = f"{code}: version {version:02d} published\n\n{history.format_trailers(facts)}"
            commit = self.store.commit_snapshot(code, manual, draft.commit, message, author)
            event = Published(request=request.number, version=version, in_force=in_force,
                              last_modified=last_modified, draft_commit=draft.commit, commit=commit,
                              digest=digest, name=name, time=now)
            line = append(state.lines, event)
            tag = self.store.make_tag(code, version, commit, author, f"Published by {name} under change "
                                      f"request {request.number}.", {
                                          "Code": code, "Version": str(version), "In-Force": in_force.isoformat(),
                                          "Imported": "no", "Log": line.hash, "Digest": digest})
            extra = [f"update {manual_ref(code)} {commit} {draft.commit}",
                     f"create {version_tag(code, version)} {tag}"]
            self._append(code, state, event, author, digest, extra)
            return version

    def _request(self, code: str, state: LogState) -> Request:
        request = state.workflow.open
        if request is None:
            raise WorkflowError(f"manual {code} has no open change request", field="request",
                                hint=f"open one with: docversion propose {code}")
        return request

    def add_key(self, key: Key, author: Identity) -> None:
        """Trust ``key`` for its person and roles (replacing an earlier record of the same key)."""
        with writers_lock(self.store.git_dir):
            commit, data = self._blob(KEYS_REF, KEYS_FILE)
            keys = [k for k in (Key.model_validate(i) for i in json.loads(data or b"[]")) if k.key_id != key.key_id]
            body = canonical_json([k.model_dump() for k in [*keys, key]]) + b"\n"
            new = self._commit_file(KEYS_FILE, body, commit, f"keys: {key.person} ({key.key_id})\n", author)
            try:
                self.store.transaction([f"update {KEYS_REF} {new} {commit or ZERO_OID}"], "docversion: keys")
            except GitCommandError as exc:
                raise ConflictError("another writer changed the keys meanwhile; run the command again") from exc


@dataclass(frozen=True)
class RequestStatus:
    """Where an open request stands: its draft's digest, each sign-off (stale or not), who is missing."""

    code: str
    request: Request
    digest: str
    signoffs: tuple[tuple[SignOff, bool], ...]
    missing: tuple[str, ...]
    sentences: tuple[str, ...]


def request_status(control: ChangeControl, code: str) -> RequestStatus | None:
    """The open request of manual ``code`` and what it still needs, or None when there is none."""
    state = control.log(code)
    request = state.workflow.open
    if request is None:
        return None
    draft = control.draft(code)
    sentences = control.sentences(request, draft)
    digest = draft.digest(sentences)
    signoffs = tuple((s, s.digest != digest) for s in request.current())
    missing = tuple(request.missing(digest))
    return RequestStatus(code, request, digest, signoffs, missing, sentences)


def version_signoffs(control: ChangeControl, code: str, version: int) -> tuple[Request | None, list[SignOff]]:
    """The request that published ``version`` and its approving sign-offs of the final round."""
    state = control.log(code)
    found = state.workflow.published.get(version)
    if found is None:
        return None, []
    _, event = found
    request = state.workflow.requests[event.request]
    return request, [s for s in request.current(event.digest) if s.decision == "approved"]
