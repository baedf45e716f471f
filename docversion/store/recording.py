"""How a document is recorded: its commit's message, who records a version signed on paper, and
the checks a historical import must pass first. Pure."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from docversion.errors import InvalidInputError
from docversion.i18n import _
from docversion.model import Manual
from docversion.store import history
from docversion.store.gitcmd import Identity
from docversion.store.history import ManualRefs


def check_historical(manual: Manual, refs: ManualRefs, source: str) -> None:
    """InvalidInputError unless ``manual`` can be recorded as the version its cover states."""
    version = manual.cover.version
    if not manual.revisions or manual.revisions[-1].version != version:
        raise InvalidInputError(
            _("the cover states version {version} but the revision table has no row for it").format(version=version),
            source=source or None, field="revisions",
            hint=_("a version signed on paper needs its row in MODIFICACIONES REALIZADAS; import it without "
                   "--historical to record a draft"))
    latest = refs.latest
    if latest is not None and version < latest.version and refs.version(version) is None:
        raise InvalidInputError(
            _("version {version} is older than the latest published version {latest}").format(
                version=version, latest=latest.version),
            source=source or None, field="cover.version",
            hint=_("import a manual's historical versions in order, oldest first"))


def paper_identity(manual: Manual) -> Identity:
    """Who records a version signed on paper: nobody in particular, on the day it came into force.
    The same documents then make the same commits and tags in every store, so two offices that
    imported one past share it."""
    midnight = datetime.combine(manual.cover.in_force, datetime.min.time(), tzinfo=UTC)
    return Identity("imported", "imported@docversion.invalid",
                    when=int(midnight.timestamp()))


def commit_message(code: str, manual: Manual, source: str, is_historical: bool) -> str:
    """The message of the snapshot commit that records ``manual``."""
    kind = "version" if is_historical else "draft"
    origin = f" from {Path(source).name}" if source and not is_historical else ""
    summary = (f"{code}: version {manual.cover.version:02d} imported{origin}" if is_historical
               else f"{code}: draft recorded{origin}")
    facts = {"Code": code, "Kind": kind, "Cover-Version": str(manual.cover.version)}
    return f"{summary}\n\n{history.format_trailers(facts)}"
