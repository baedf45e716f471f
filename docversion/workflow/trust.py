"""The trust log: who administers a store, which keys it trusts for whom, and each manual's policy.

A store without a trust log records identities without proving them. Naming administrators
starts one: a hash-chained list of events, each signed by an administrator trusted at that
point of the log (the first by the administrator it names). Registering and revoking a
person's key for roles, adding and removing administrators and setting a manual's policy are
its events. Every sign-off then names the trust log's head when it was made (``trust``), and
is checked against the keys trusted at that point: the log's order decides, never the time a
signer claims. Pure.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import Field

from docversion.i18n import _
from docversion.model import Frozen
from docversion.workflow.events import ChainLine, canonical_json, dump_lines
from docversion.workflow.signing import Key, key_id_of, raw_public


class AdminAdded(Frozen):
    """``person`` administers the store with the key ``public_key``. The first line of a trust log."""

    type: Literal["admin_added"] = "admin_added"
    person: str
    key_id: str
    public_key: str
    # On the first line only: each manual's log head when the root was made (adopted, not proven).
    adopted_logs: dict[str, str] = Field(default_factory=dict)


class AdminRemoved(Frozen):
    """The administrator key ``key_id`` no longer administers the store."""

    type: Literal["admin_removed"] = "admin_removed"
    key_id: str


class KeyRegistered(Frozen):
    """``key`` is trusted for its person signing in its roles, from this point of the log on."""

    type: Literal["key_registered"] = "key_registered"
    key: Key


class KeyRevoked(Frozen):
    """The key ``key_id`` is no longer trusted, from this point of the log on."""

    type: Literal["key_revoked"] = "key_revoked"
    key_id: str
    reason: str = ""


class TrustPolicySet(Frozen):
    """Who reviews and who authorizes manual ``code``, from this point of the log on."""

    type: Literal["policy_set"] = "policy_set"
    code: str
    reviewers: tuple[str, ...]
    authorizer: str
    is_one_person_many_roles: bool = False


class TrustReviewIntervalSet(Frozen):
    """How many months manual ``code``'s version in force may go unreviewed, from this point of the
    log on."""

    type: Literal["review_interval_set"] = "review_interval_set"
    code: str
    months: Annotated[int, Field(ge=1, le=120)]


TrustEvent = Annotated[AdminAdded | AdminRemoved | KeyRegistered | KeyRevoked | TrustPolicySet
                       | TrustReviewIntervalSet, Field(discriminator="type")]


class TrustLine(ChainLine):
    """One line of the trust log: its place, the hash of the line before, the event, and the
    administrator's signature over all of that."""

    event: TrustEvent
    time: datetime
    signer: str
    # Each manual's log head when the administrator signed: every line after it must name this
    # point of the trust log or a later one (so a revoked key signs nothing after its revocation).
    logs: dict[str, str] = Field(default_factory=dict)
    signature: str

    def signed_bytes(self) -> bytes:
        """What the administrator signs: the line without its signature."""
        return canonical_json(self.model_dump(mode="json", exclude={"signature"}))


@dataclass
class TrustState:
    """What the trust log says at one point: administrators, trusted keys, policies."""

    admins: dict[str, tuple[str, str]] = field(default_factory=dict)  # key id -> (person, public key)
    keys: dict[str, Key] = field(default_factory=dict)
    policies: dict[str, TrustPolicySet] = field(default_factory=dict)
    adopted_logs: dict[str, str] = field(default_factory=dict)
    review_months: dict[str, int] = field(default_factory=dict)

    def copy(self) -> TrustState:
        """An independent copy (states at earlier points stay as they were)."""
        return TrustState(dict(self.admins), dict(self.keys), dict(self.policies), dict(self.adopted_logs),
                          dict(self.review_months))


class TrustBroken(Exception):
    """A trust event that the trust log's rules refuse; the message says which rule."""


def _verify(public_key: str, signature: str, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(base64.b64decode(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def apply(state: TrustState, line: TrustLine, previous: str) -> TrustState:
    """The state after ``line``; TrustBroken when the line is out of place, unsigned or breaks a rule."""
    if line.prev != previous:
        raise TrustBroken(_("it does not follow the line before it (a line was deleted, moved or edited)"))
    event: Any = line.event
    if not state.admins:
        if not isinstance(event, AdminAdded) or line.signer != event.key_id:
            raise TrustBroken(_("a trust log starts with an administrator signing their own key"))
        signer_key = event.public_key
    else:
        admin = state.admins.get(line.signer)
        if admin is None:
            raise TrustBroken(_("signed by key {key_id}, which is no administrator's at that point").format(
                key_id=line.signer))
        signer_key = admin[1]
        if isinstance(event, AdminAdded) and event.adopted_logs:
            raise TrustBroken(_("only the first line adopts the manuals' logs"))
    if not _verify(signer_key, line.signature, line.signed_bytes()):
        raise TrustBroken(_("its signature does not match the line (forged or edited)"))
    after = state.copy()
    if isinstance(event, AdminAdded):
        if key_id_of(base64.b64decode(event.public_key)) != event.key_id:
            raise TrustBroken(_("the administrator's key id does not match the key"))
        after.admins[event.key_id] = (event.person, event.public_key)
        after.adopted_logs.update(event.adopted_logs)
    elif isinstance(event, AdminRemoved):
        if event.key_id not in after.admins:
            raise TrustBroken(_("key {key_id} is no administrator's").format(key_id=event.key_id))
        if len(after.admins) == 1:
            raise TrustBroken(_("the last administrator cannot be removed"))
        del after.admins[event.key_id]
    elif isinstance(event, KeyRegistered):
        if key_id_of(base64.b64decode(event.key.public_key)) != event.key.key_id:
            raise TrustBroken(_("the key id does not match the key"))
        after.keys[event.key.key_id] = event.key
    elif isinstance(event, KeyRevoked):
        if after.keys.pop(event.key_id, None) is None:
            raise TrustBroken(_("key {key_id} is not trusted, so it cannot be revoked").format(key_id=event.key_id))
    elif isinstance(event, TrustPolicySet):
        after.policies[event.code] = event
    elif isinstance(event, TrustReviewIntervalSet):
        after.review_months[event.code] = event.months
    return after


@dataclass
class TrustLog:
    """A trust log as read: its lines, the state after each, and the problems found."""

    lines: list[TrustLine] = field(default_factory=list)
    states: dict[str, TrustState] = field(default_factory=dict)  # line hash -> state after it
    order: dict[str, int] = field(default_factory=dict)  # line hash -> seq
    problems: list[str] = field(default_factory=list)

    @property
    def head(self) -> str | None:
        """The hash of the last line, or None when the store has no trust root."""
        return self.lines[-1].hash if self.lines else None

    @property
    def is_rooted(self) -> bool:
        """True when administrators are named (or a damaged log claims so): sign-offs must then be
        signed by trusted keys."""
        return bool(self.lines) or bool(self.problems)

    @property
    def state(self) -> TrustState:
        """The state at the head (empty without a trust root)."""
        return self.states[self.head] if self.head else TrustState()

    def at(self, point: str | None) -> TrustState | None:
        """The state at ``point`` (a line's hash), or None when the log has no such line."""
        return self.states.get(point) if point else None

    def add(self, line: TrustLine) -> None:
        """Append ``line`` after checking it; TrustBroken when it does not follow or breaks a rule."""
        state = apply(self.state, line, self.head or "")
        self.lines.append(line)
        self.states[line.hash], self.order[line.hash] = state, line.seq


def parse_trust(data: bytes) -> TrustLog:
    """The trust log in ``data`` (one canonical JSON line per event), every line checked in order."""
    log = TrustLog()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw:
            continue
        try:
            line = TrustLine.model_validate_json(raw)
        except ValueError as exc:
            log.problems.append(_("trust log line {number} is not a valid event: {reason}").format(
                number=number, reason=str(exc).splitlines()[0]))
            break
        if line.to_bytes() != raw or line.seq != len(log.lines) + 1:
            log.problems.append(_("trust log line {number} is not in canonical form or out of sequence").format(
                number=number))
            break
        try:
            log.add(line)
        except TrustBroken as exc:
            log.problems.append(_("trust log line {number} ({event}): {problem}").format(
                number=number, event=line.event.type, problem=exc))
            break
    return log


def signed_line(log: TrustLog, event: Any, private: Ed25519PrivateKey, now: datetime,
                heads: dict[str, str] | None = None) -> TrustLine:
    """The line that appends ``event`` to ``log``, witnessing the manuals' log ``heads``, signed by
    ``private``; TrustBroken when the log refuses it (the key administers nothing, the event breaks
    a rule)."""
    signer = key_id_of(raw_public(private.public_key()))
    unsigned = TrustLine(seq=len(log.lines) + 1, prev=log.head or "", event=event, time=now, signer=signer,
                         logs=heads or {}, signature="")
    signature = base64.b64encode(private.sign(unsigned.signed_bytes())).decode()
    line = unsigned.model_copy(update={"signature": signature})
    apply(log.state, line, log.head or "")  # refused here, before anything is written
    return line


dump_trust = dump_lines


def extends(ours: TrustLog, theirs: TrustLog) -> bool:
    """True when ``theirs`` is ``ours`` with lines appended (ours may be empty)."""
    return [line.hash for line in theirs.lines[: len(ours.lines)]] == [line.hash for line in ours.lines]
