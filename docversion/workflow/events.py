"""The workflow's log: an append-only, hash-chained list of events, one JSON line each.

Each line holds its sequence number, the SHA-256 of the line before it and one event. Removing,
reordering or editing a line breaks the chain at that point, and every published version's tag
names the hash of its ``published`` line, so rewriting the whole chain is caught too. Lines are
canonical JSON (sorted keys, no spaces, UTF-8), so their hashes are reproducible anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from docversion.i18n import _
from docversion.model import Frozen

Meaning = Literal["prepared", "reviewed", "authorized"]
MEANINGS: dict[str, str] = {"prepared": "Elaborado", "reviewed": "Revisado", "authorized": "Autorizado"}
"""Each sign-off meaning and the word the document prints for it (21 CFR 11.50's "meaning")."""
Decision = Literal["approved", "rejected"]


def canonical_json(value: Any) -> bytes:
    """``value`` as canonical JSON bytes: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode("utf-8")


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class SignOff(Frozen):
    """One person's signature on one exact content: who, in which role, meaning what, when.

    ``digest`` names what was signed (the draft's canonical content, that of the version it
    continues, and its sentences); ``signature`` is an Ed25519 signature of the record without it, by ``key_id``.
    """

    request: int
    name: str
    role: str
    meaning: Meaning
    decision: Decision
    time: datetime
    comment: str = ""
    digest: str
    commit: str
    key_id: str | None = None
    trust: str | None = None  # the trust log's head when signed (None: the store had no trust root)
    signature: str | None = None

    def signed_bytes(self) -> bytes:
        """What the signature covers: the record without its signature."""
        return canonical_json(self.model_dump(mode="json", exclude={"signature"}))


class Proposed(Frozen):
    """A change request opened by its preparer, for the manual's open draft, under the policy
    in effect then (the one set in the store, else the one the cover states)."""

    type: Literal["proposed"] = "proposed"
    request: int
    preparer: str
    label: str
    sentences: tuple[str, ...] = ()
    reviewers: tuple[str, ...]
    authorizer: str
    is_one_person_many_roles: bool = False
    time: datetime
    trust: str | None = None  # the trust log's head when proposed, whose policy it follows
    last_modified: date | None = None  # Fecha de última modificación of the row it will publish


class SentencesSet(Frozen):
    """The preparer wrote or edited the change sentences."""

    type: Literal["sentences_set"] = "sentences_set"
    request: int
    sentences: tuple[str, ...]
    time: datetime


class Signed(Frozen):
    """A sign-off: submission (prepared), a review or the authorisation, approving or rejecting."""

    type: Literal["signed"] = "signed"
    signoff: SignOff


class Withdrawn(Frozen):
    """The change request was withdrawn; its draft stays in history."""

    type: Literal["withdrawn"] = "withdrawn"
    request: int
    name: str
    reason: str = ""
    time: datetime


class Published(Frozen):
    """The authorised request became version ``version``, in force from ``in_force``."""

    type: Literal["published"] = "published"
    request: int
    version: int
    in_force: date
    last_modified: date | None
    draft_commit: str
    commit: str
    digest: str
    name: str
    time: datetime


class Imported(Frozen):
    """A version signed on paper was recorded, with its content's digest."""

    type: Literal["imported"] = "imported"
    version: int
    in_force: date
    commit: str
    digest: str  # no time and no file name: two stores importing one document log one line


class PolicySet(Frozen):
    """The manual's policy was set or changed."""

    type: Literal["policy_set"] = "policy_set"
    reviewers: tuple[str, ...]
    authorizer: str
    is_one_person_many_roles: bool = False
    name: str
    time: datetime


class PeriodicReview(Frozen):
    """The periodic review of the version in force (ISO 9001 7.5.2): its process owner kept it as it
    is. ``signoff`` is the reviewer's signature on that version's exact content, as any sign-off
    (request 0: no change request; meaning ``reviewed``; role the cover's Responsable de Proceso;
    digest :func:`docversion.workflow.content.review_digest`). A review that needs changes is no
    event of its own: it opens a change request."""

    type: Literal["periodic_review"] = "periodic_review"
    version: int
    verdict: Literal["keep"] = "keep"
    signoff: SignOff


class ReviewIntervalSet(Frozen):
    """How many months the version in force may go unreviewed (12 until this is set); under a trust
    root the interval is an administrator's event in the trust log instead."""

    type: Literal["review_interval_set"] = "review_interval_set"
    months: Annotated[int, Field(ge=1, le=120)]
    name: str
    time: datetime


Event = Annotated[Proposed | SentencesSet | Signed | Withdrawn | Published | PolicySet | Imported | PeriodicReview
                  | ReviewIntervalSet, Field(discriminator="type")]


class ChainLine(Frozen):
    """A line of a hash-chained log: its place and the SHA-256 of the line before (empty first)."""

    seq: int
    prev: str

    def to_bytes(self) -> bytes:
        """The line as written: canonical JSON, no newline."""
        return canonical_json(self.model_dump(mode="json"))

    @property
    def hash(self) -> str:
        """The SHA-256 the next line names as ``prev`` (and sign-offs name as their trust point)."""
        return sha256(self.to_bytes())


def dump_lines(lines: Sequence[ChainLine]) -> bytes:
    """A log file: one canonical line per event."""
    return b"".join(line.to_bytes() + b"\n" for line in lines)


class LogLine(ChainLine):
    """One line of a manual's log: its place, the hash of the line before, and its event."""

    event: Event


def append(lines: list[LogLine], event: Any) -> LogLine:
    """The line that appends ``event`` after ``lines``."""
    previous = lines[-1].hash if lines else ""
    return LogLine(seq=len(lines) + 1, prev=previous, event=event)


def parse_log(data: bytes) -> tuple[list[LogLine], list[str]]:
    """The log's lines, and the problems of its chain (a line out of place, a broken link)."""
    lines: list[LogLine] = []
    problems: list[str] = []
    previous = ""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw:
            continue
        try:
            line = LogLine.model_validate_json(raw)
        except ValueError as exc:
            problems.append(_("log line {number} is not a valid event: {reason}").format(
                number=number, reason=str(exc).splitlines()[0]))
            continue
        if line.to_bytes() != raw:
            problems.append(_("log line {number} is not in canonical form (edited by hand?)").format(number=number))
        if line.seq != len(lines) + 1:
            problems.append(_("log line {number} has sequence number {seq}, expected {expected} (a line was "
                              "deleted or moved)").format(number=number, seq=line.seq, expected=len(lines) + 1))
        if line.prev != previous:
            problems.append(_("log line {number} does not follow the line before it (a line was deleted, moved or "
                              "edited)").format(number=number))
        previous = sha256(raw)
        lines.append(line)
    return lines, problems


dump_log = dump_lines
