"""What a printed copy of a version says beyond its text: its standing on a day (the stamp on
every page) and its sign-offs (the sign-off page), read from the store's refs and log.

The words are the document's own Spanish, the same in every language. The stamp of a version
is worked out from its manual's refs alone (:func:`stamp_for` takes values, no git); the
sign-off record reads the manual's change-control log and runs ``verify`` over the manual, so
a copy states conformity only when the record holds.
"""

from __future__ import annotations

from datetime import UTC, date

from docversion.errors import InvalidInputError
from docversion.formats.layout import PAPERS
from docversion.formats.spanish_dates import format_spanish_date
from docversion.i18n import _
from docversion.records import PrintedSignature, Printing, SignatureRecord, Stamp, VersionInfo
from docversion.store.control import ChangeControl
from docversion.store.history import ManualRefs
from docversion.store.requests import version_signoffs
from docversion.store.store import Store
from docversion.workflow.events import MEANINGS

DRAFT = Stamp("draft", "BORRADOR: no vigente")
UNCONTROLLED = Stamp("uncontrolled", "COPIA NO CONTROLADA")


def stamp_for(refs: ManualRefs, commit: str, info: VersionInfo | None, today: date, *,
              is_uncontrolled: bool = False) -> Stamp | None:
    """The stamp a copy of ``commit`` (published as ``info``, or None) carries on ``today``.

    ``superseded``: a later version came into force by ``today``; the text names the one that
    came into force directly after this one (the copy's own replacement, which need not be the
    version in force today). ``draft``: a snapshot no version names. ``pending``: published, in
    force only from a later day. None: the version in force on ``today``, or with
    ``is_uncontrolled`` the ``uncontrolled`` stamp; asking that of any other snapshot is an
    :class:`InvalidInputError` naming the version in force.
    """
    info = info or next((v for v in refs.versions if v.commit == commit), None)
    current = refs.in_force(today)
    is_current = info is not None and current is not None and current.version == info.version
    if is_uncontrolled and not is_current:
        raise _not_in_force(refs, info, current, today)
    if info is None:
        return DRAFT
    if is_current:
        return UNCONTROLLED if is_uncontrolled else None
    successor = next((v for v in refs.versions if v.version > info.version and v.in_force is not None
                      and v.in_force <= today), None)
    if successor is not None and successor.in_force is not None:
        return Stamp("superseded", f"VERSIÓN NO VIGENTE: sustituida por la versión {successor.version} el "
                                   f"{format_spanish_date(successor.in_force)}")
    if info.in_force is None:  # a tag that states no in-force day (made by hand): never in force
        return Stamp("pending", "VERSIÓN APROBADA: sin fecha de vigencia")
    return Stamp("pending", f"VERSIÓN APROBADA: vigente a partir del {format_spanish_date(info.in_force)}")


def _not_in_force(refs: ManualRefs, info: VersionInfo | None, current: VersionInfo | None,
                  today: date) -> InvalidInputError:
    asked = f"{refs.code}@v{info.version}" if info is not None else f"{refs.code}@draft"
    if current is None:
        return InvalidInputError(
            _("only the version in force can be printed as an uncontrolled copy, and no version of {code} is in "
              "force on {day}").format(code=refs.code, day=today.isoformat()),
            field="--uncontrolled", hint=_("export {asked} without --uncontrolled").format(asked=asked))
    return InvalidInputError(
        _("only the version in force can be printed as an uncontrolled copy: {asked} is not; {code}@v{version} "
          "is in force on {day}").format(asked=asked, code=refs.code, version=current.version,
                                         day=today.isoformat()),
        field="--uncontrolled", hint=_("export {code}@v{version} --uncontrolled, or {asked} without "
                                       "--uncontrolled").format(code=refs.code, version=current.version,
                                                                asked=asked))


def signature_record(control: ChangeControl, code: str, info: VersionInfo | None) -> SignatureRecord | None:
    """The sign-off page's record of a version: None for a draft; for a version signed on paper,
    only that; for one published through change control, the approving sign-offs of the request
    that published it, the digest they signed, and whether the manual's record verifies (no
    problem of this version, of the manual as a whole or of the trust log)."""
    if info is None:
        return None
    if info.is_imported:
        return SignatureRecord(is_imported=True)
    request, signoffs = version_signoffs(control, code, info.version)
    signatures = tuple(PrintedSignature(
        name=s.name, role=s.role, meaning=MEANINGS[s.meaning],
        time=s.time if s.time.tzinfo is not None else s.time.replace(tzinfo=UTC), fingerprint=s.key_id)
        for s in signoffs)
    return SignatureRecord(signatures=signatures, digest=signoffs[0].digest if signoffs else "",
                           is_verified=request is not None and _verifies(control.store, code, info.version),
                           request=request.number if request is not None else None)


def _verifies(store: Store, code: str, version: int) -> bool:
    """True when ``verify`` finds nothing wrong with this version, its manual or the trust log."""
    from docversion.store.verification import verify

    return not any(problem.version in (None, version) for problem in verify(store, code))


def printing_for(store: Store, code: str, commit: str, info: VersionInfo | None, today: date, *,
                 paper: str = "a4", is_uncontrolled: bool = False) -> Printing:
    """How an export prints ``commit`` of manual ``code`` on ``today``: the paper, the stamp, the
    sign-offs."""
    if paper not in PAPERS:
        raise InvalidInputError(_("no paper {paper!r}: give a4 or letter").format(paper=paper), field="--paper")
    refs = store.refs(code)
    info = info or next((v for v in refs.versions if v.commit == commit), None)
    stamp = stamp_for(refs, commit, info, today, is_uncontrolled=is_uncontrolled)
    return Printing(paper=paper, stamp=stamp, signatures=signature_record(ChangeControl(store), code, info))
