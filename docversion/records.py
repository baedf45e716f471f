"""What the views of a store show, as plain frozen values: versions, log entries, list lines,
each version's signers and an open request's standing.

``docversion.store`` builds them (from refs, the git log and each manual's change-control log);
``docversion.render`` only reads them, so a view never needs a store to be drawn and a tool
can build the same records from elsewhere. Pure: no git, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only named: reading a version loads no change-control model
    from docversion.workflow.events import SignOff


@dataclass(frozen=True)
class VersionInfo:
    """A published version: its number, the commit it names, and the facts of its tag."""

    code: str
    version: int
    commit: str
    tag: str
    in_force: date | None
    is_imported: bool
    message: str


@dataclass(frozen=True)
class Signer:
    """One part a person (or, signed on paper, only a role) took in a version: the role or the
    preparer's label as the revision table writes it ("Elaborado por"), the name when the record
    knows it, when, and the comment given."""

    role: str
    name: str = ""
    time: datetime | None = None
    comment: str = ""


@dataclass(frozen=True)
class VersionRecord:
    """The record of one version: who prepared, reviewed and authorized it, when it came into
    force and what it changed. ``is_imported``: signed on paper before change control, so only
    the revision row's roles and names are known and no review is recorded."""

    version: int
    in_force: date | None
    is_imported: bool
    sentences: tuple[str, ...]
    prepared: Signer | None = None
    reviewed: tuple[Signer, ...] = ()
    authorized: Signer | None = None
    published: Signer | None = None
    request: int | None = None
    kept: tuple[Signer, ...] = ()  # the periodic reviews that kept it as it is, oldest first


@dataclass(frozen=True)
class LogEntry:
    """One snapshot on a manual's line: a published version, a draft record or a merge, with the
    record of its version when it is one."""

    commit: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: datetime
    committed: datetime
    message: str
    version: VersionInfo | None
    record: VersionRecord | None = None

    @property
    def kind(self) -> str:
        """``version``, ``merge`` or ``draft``."""
        if self.version is not None:
            return "version"
        return "merge" if len(self.parents) > 1 else "draft"

    @property
    def summary(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0]


@dataclass(frozen=True)
class RequestEvent:
    """One change-control event of a request, as its manual's log records it.

    ``action`` is one of ``proposed``, ``sentences set``, ``submitted``, ``reviewed``,
    ``authorized``, ``rejected``, ``withdrawn`` or ``policy set``.
    """

    seq: int
    time: datetime
    action: str
    name: str
    role: str = ""
    comment: str = ""
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestHistory:
    """An open change request as ``log`` tells it: its facts and its events, newest first.
    ``sentences`` are the request's own, else the ones its diff gives (``are_sentences_written``
    False)."""

    number: int
    state: str
    preparer: str
    label: str
    sentences: tuple[str, ...]
    events: tuple[RequestEvent, ...]
    are_sentences_written: bool = True
    version: int | None = None
    in_force: date | None = None


@dataclass(frozen=True)
class ManualStatus:
    """One line of ``docversion list``."""

    code: str
    title: str
    latest: VersionInfo | None
    in_force: VersionInfo | None
    has_open_draft: bool
    head: str


@dataclass(frozen=True)
class ToSign:
    """A sign-off an open request still needs: the role (or the preparer's label and name) and
    the step it takes (``submit``, ``review`` or ``authorize``)."""

    role: str
    step: str

    def __str__(self) -> str:
        return self.role


@dataclass(frozen=True)
class RequestStatus:
    """Where an open request stands: its facts, its draft's digest, each sign-off of the current
    round (stale or not), those a rejection voided, what is still to sign, and whether
    identities are proven. ``sentences`` are the request's own, else the diff's
    (``are_sentences_written`` False)."""

    code: str
    number: int
    state: str
    preparer: str
    label: str
    digest: str
    signoffs: tuple[tuple[SignOff, bool], ...]
    to_sign: tuple[ToSign, ...]
    sentences: tuple[str, ...]
    voided: tuple[SignOff, ...] = ()
    is_proven: bool = False
    reason: str = ""
    are_sentences_written: bool = True
    version: int | None = None
    in_force: date | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        """The roles still to sign, as words (the preparer as "Elaborado por (Name)")."""
        return tuple(str(item) for item in self.to_sign)


@dataclass(frozen=True)
class Stamp:
    """What an exported copy says on every page about its standing, in the document's Spanish:
    ``superseded`` ("VERSIÓN NO VIGENTE: sustituida por la versión 6 el 04 de enero de 2027"),
    ``draft`` ("BORRADOR: no vigente"), ``pending`` (published, in force only from a later day) or
    ``uncontrolled`` ("COPIA NO CONTROLADA", asked for on the version in force)."""

    kind: str
    text: str


@dataclass(frozen=True)
class PrintedSignature:
    """One sign-off as a printed copy shows it (21 CFR 11.50): the printed name, the role, the
    meaning in the document's words (Elaborado, Revisado, Autorizado), the time with its zone,
    and the fingerprint of the key it was signed with (None: no key)."""

    name: str
    role: str
    meaning: str
    time: datetime
    fingerprint: str | None = None


@dataclass(frozen=True)
class SignatureRecord:
    """The sign-offs of one version, for its printed sign-off page: those of the request that
    published it and the content digest they signed; or, for a version imported from paper,
    none and ``is_imported``. ``is_verified``: the version was published and its record verifies,
    so the copy may state that it conforms to the signed original."""

    signatures: tuple[PrintedSignature, ...] = ()
    digest: str = ""
    is_imported: bool = False
    is_verified: bool = False
    request: int | None = None


@dataclass(frozen=True)
class Printing:
    """How an export prints a version beyond its text: the paper (``a4`` or ``letter``), the stamp
    on every page, and the sign-offs. An export with no record behind it (``convert`` of a file)
    prints the text alone, as the document states it."""

    paper: str = "a4"
    stamp: Stamp | None = None
    signatures: SignatureRecord | None = None

    @property
    def states_conformity(self) -> bool:
        """Whether the cover's conformity statement ("Este documento es conforme al original
        firmado") may be printed: no record to contradict it, a version signed on paper, or one
        published whose record verifies; never a draft, which nobody has signed for publication."""
        if self.stamp is not None and self.stamp.kind == "draft":
            return False
        record = self.signatures
        return record is None or record.is_imported or record.is_verified


@dataclass(frozen=True)
class ReviewStatus:
    """Where a manual stands in its review cycle: the version in force, when it was last reviewed
    (its coming into force, or the last periodic review that kept it) and by whom, its process
    owner (Responsable de Proceso), the interval in months, and the day it is due with the days
    left (negative: overdue)."""

    code: str
    title: str
    version: VersionInfo
    last_review: date
    reviewed_by: Signer | None
    process_owner: str
    months: int
    due: date
    days_left: int


@dataclass(frozen=True)
class VersionStamp:
    """A version as a position's history and blame name it: its number and the day it came into
    force; ``version`` None is the open draft."""

    version: int | None
    in_force: date | None = None


@dataclass(frozen=True)
class PositionChange:
    """One version in a position's history: whether it ``created``, ``changed`` or ``removed`` the
    position; its title then (and before, when that version renamed it); each change kind with
    how many of its changes touched the position; the version's recorded sentences that concern
    it (``are_the_versions_sentences``: none does, so these are all the version's); who made the
    version (None for the draft); and those changes as the diff's JSON gives them."""

    stamp: VersionStamp
    commit: str
    event: str
    position_id: str
    title: str
    former_title: str | None
    kinds: tuple[tuple[str, int], ...]
    sentences: tuple[str, ...]
    are_the_versions_sentences: bool = False
    record: VersionRecord | None = None
    changes: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class PositionHistory:
    """Every version that touched one position, newest first, up to ``revision``; the position by
    its id and title there (or when it was removed), and every title it has had, oldest first."""

    code: str
    revision: str
    position_id: str
    title: str
    titles: tuple[str, ...]
    changes: tuple[PositionChange, ...]


@dataclass(frozen=True)
class BlamedPart:
    """One field or item of a position (``path``: ``title``, ``periodic_functions.daily.2``, in
    ``section`` I to VII) with its value (a key function as its JSON), the version that introduced
    it and the one that last changed it, how (``created``, ``added``, ``edited``, ``moved``,
    ``term``…); for a move the list it left, for a term renamed everywhere the term (old, new)."""

    path: str
    section: str
    value: Any
    introduced: VersionStamp
    changed: VersionStamp
    how: str
    moved_from: str | None = None
    term: tuple[str, str] | None = None


@dataclass(frozen=True)
class PositionBlame:
    """Every field and item of one position at a revision, each beside the versions that introduced
    and last changed it, and the record of each version they name, oldest first."""

    code: str
    revision: str
    commit: str
    version: VersionInfo | None
    position_id: str
    title: str
    parts: tuple[BlamedPart, ...]
    records: tuple[VersionRecord, ...]
