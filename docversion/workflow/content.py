"""What a sign-off signs, and what publishing makes of an authorised draft. Pure.

The digest covers the draft's canonical files, those of the version it continues, its change
sentences and the request's facts (preparer, label, policy, date of last modification):
editing any of them makes every earlier sign-off stale. The change set shown to the
signers is worked out from the two versions, so it is not signed apart: a later docversion that
reads a change differently leaves every sign-off valid.
The version number and in-force date are on the draft's cover when it is signed (set when
the request is proposed); publishing appends the row of MODIFICACIONES REALIZADAS after the
rows of the record; ``verify`` repeats it to check a published version against what was signed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from docversion.model import Manual, RevisionRow
from docversion.workflow.events import canonical_json, sha256


def content_digest(files: Mapping[str, bytes], base: Mapping[str, bytes] | None, sentences: Sequence[str],
                   request: Mapping[str, Any] | None = None) -> str:
    """The SHA-256 naming exactly what is signed: the draft's files, those of the version it
    continues (None for a first version), the change sentences and the request's own facts
    (who prepares it under which label, who must review and authorize it, the row's date of
    last modification), so that no unsigned line of the log can change what the signers saw."""
    def hashes(found: Mapping[str, bytes]) -> dict[str, str]:
        return {path: sha256(data) for path, data in sorted(found.items())}

    signed: dict[str, Any] = {
        "files": hashes(files),
        "base": hashes(base) if base is not None else None,
        "sentences": list(sentences),
    }
    if request is not None:
        signed["request"] = dict(request)
    return sha256(canonical_json(signed))


def published_manual(draft: Manual, base: Manual | None, *, version: int, in_force: date,
                     last_modified: date | None, authorizer: str, sentences: Sequence[str], label: str,
                     preparer: str) -> Manual:
    """The draft as version ``version``: cover version and date set, its revision row appended.

    The rows before it are those of ``base``, the version it continues (the record; the draft's
    own copy was brought into line when it was recorded). Rows the draft has for this version
    or later (an analyst's own attempt at the row) give way to the one the record makes.
    """
    data = draft.model_dump()
    data["cover"].update(version=version, in_force=in_force)
    row = RevisionRow(version=version, authorized_by=authorizer, last_modified=last_modified,
                      in_force=in_force, changes=tuple(sentences), prepared_by_label=label,
                      prepared_by=preparer)
    earlier = base.model_dump()["revisions"] if base is not None else data["revisions"]
    kept = [r for r in earlier if r["version"] < version]
    data["revisions"] = [*kept, row.model_dump()]
    dropped = len(data["revisions"]) - 1
    data["marked"] = [m for m in data["marked"] if not m["path"].startswith("revisions.")
                      or int(m["path"].split(".")[1]) < dropped]
    return Manual.model_validate(data)


def review_digest(files: Mapping[str, bytes], version: int) -> str:
    """The SHA-256 a periodic review signs: the kept version's files and that it was kept."""
    return content_digest(files, None, (), {"periodic_review": "keep", "version": version})
