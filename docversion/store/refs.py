"""Names in the store: manual codes, the refs that hold them, and revision specs.

Everything that reaches git as a ref name is built here from a validated code, so no user
string (``..``, a leading ``-``, ``@{``, a path separator) can ever name a ref or an option.
Pure: no git, no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from docversion.errors import InvalidInputError
from docversion.i18n import _
from docversion.inputs import DATE_FORMS, parse_date

MANUALS_PREFIX = "refs/heads/manuals/"
TAGS_PREFIX = "refs/tags/"
WORKFLOW_PREFIX = "refs/docversion/workflow/"
ZERO_OID = "0" * 40

_CODE = re.compile(r"^[0-9A-Za-z]+(?:[._-][0-9A-Za-z]+)*$")
_MAX_CODE = 40
_VERSION = re.compile(r"^[vV]?0*([1-9][0-9]{0,5})$")
_OID = re.compile(r"^[0-9a-f]{40}$")


def store_code(cover_code: str) -> str:
    """The store's code for a cover code: ``900 0935`` becomes ``900-0935``."""
    return validate_code("-".join(cover_code.split()))


def validate_code(code: str) -> str:
    """Return ``code`` if it is safe as a directory and ref component, else raise (exit 5).

    Letters and digits, in groups joined by one ``.``, ``_`` or ``-``: this refuses ``..``,
    a leading ``-``, ``@{``, ``/``, white space and control characters by construction.
    """
    if len(code) > _MAX_CODE or not _CODE.match(code) or code.lower().endswith(".lock"):
        raise InvalidInputError(
            _("{code!r} is not a valid manual code").format(code=code), field="code",
            hint=_("use letters and digits in groups joined by '-', '.' or '_', such as 900-0935"))
    return code


def validate_oid(oid: str) -> str:
    """A full hexadecimal object id, as git prints it."""
    if not _OID.match(oid):
        raise InvalidInputError(_("{oid!r} is not a git object id").format(oid=oid), field="commit",
                                hint=_("give the full 40-character id"))
    return oid


def manual_ref(code: str) -> str:
    """The branch that carries a manual's line of snapshots: versions and the open draft."""
    return MANUALS_PREFIX + validate_code(code)


def workflow_ref(code: str) -> str:
    """The ref of a manual's workflow log."""
    return WORKFLOW_PREFIX + validate_code(code)


def version_tag(code: str, version: int) -> str:
    """The annotated tag of a published version; created once, never moved."""
    if version < 1:
        raise InvalidInputError(_("version {version} is not a version number").format(version=version),
                                field="version", hint=_("versions are numbered from 1"))
    return f"{TAGS_PREFIX}{validate_code(code)}/v{version}"


def parse_version_tag(ref: str) -> tuple[str, int] | None:
    """``refs/tags/900-0935/v5`` gives ("900-0935", 5); anything else None."""
    if not ref.startswith(TAGS_PREFIX):
        return None
    code, _, name = ref[len(TAGS_PREFIX):].partition("/")
    found = _VERSION.match(name)
    if not found or not name.startswith("v") or not _CODE.match(code) or name != f"v{found.group(1)}":
        return None
    return code, int(found.group(1))


def parse_manual_ref(ref: str) -> str | None:
    """``refs/heads/manuals/900-0935`` gives "900-0935"; anything else None."""
    if not ref.startswith(MANUALS_PREFIX):
        return None
    code = ref[len(MANUALS_PREFIX):]
    return code if _CODE.match(code) and len(code) <= _MAX_CODE else None


@dataclass(frozen=True)
class Revision:
    """Which snapshot of a manual: a version number, the latest, the draft, or as of a day."""

    kind: str  # "version", "latest", "draft" or "as_of"
    version: int | None = None
    as_of: date | None = None

    def __str__(self) -> str:
        if self.kind == "version":
            return f"v{self.version}"
        if self.kind == "as_of" and self.as_of is not None:
            return self.as_of.isoformat()
        return self.kind


LATEST = Revision("latest")
DRAFT = Revision("draft")


def parse_revision(text: str | int | Revision) -> Revision:
    """``5``, ``v5``, ``05``, ``latest``, ``draft`` or a day (as of it: ``2018-01-02``,
    ``02/01/2018``, ``02 de enero de 2018``); a :class:`Revision` or a version number as it is."""
    if isinstance(text, Revision):
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        return Revision("version", version=text)
    word = str(text).strip().lower()
    if word in ("latest", "draft"):
        return Revision(word)
    found = _VERSION.match(word)
    if found:
        return Revision("version", version=int(found.group(1)))
    try:
        return Revision("as_of", as_of=parse_date(word, field="revision"))
    except InvalidInputError:
        pass
    raise InvalidInputError(_("{text!r} is not a revision").format(text=text), field="revision",
                            hint=_("use a version (5 or v5), latest, draft, or a day: {forms}").format(
                                forms=_(DATE_FORMS)))


def parse_target(text: str) -> tuple[str, Revision]:
    """``CODE[@REV]``: the manual code and the revision (latest when none is given)."""
    code, at, rev = text.partition("@")
    if at and not rev:
        raise InvalidInputError(_("{text!r} ends with '@'").format(text=text), field="revision",
                                hint=_("write CODE@REV, such as 900-0935@v5"))
    return validate_code(code), parse_revision(rev) if at else LATEST
