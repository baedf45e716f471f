"""What the refs say: each manual's tip and published versions, and its line of snapshots.

One ``git for-each-ref`` reads every manual's branch and version tags with the tags' messages;
one ``git log`` reads a manual's history. Version facts (number, in-force date, imported or
not) are trailers of the tag message, so listing and logging never open a manual's files.
The records they make (:class:`VersionInfo`, :class:`LogEntry`) live in :mod:`docversion.records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from docversion.records import LogEntry, VersionInfo
from docversion.store.gitcmd import Git
from docversion.store.refs import MANUALS_PREFIX, TAGS_PREFIX, parse_manual_ref, parse_version_tag

TRAILER = "Docversion-"
_FIELDS = "%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(contents)%00%00"
_LOG = "%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B"

__all__ = ["TRAILER", "LogEntry", "ManualRefs", "VersionInfo", "format_trailers", "log", "scan", "trailers"]


def trailers(message: str) -> dict[str, str]:
    """The ``Docversion-*`` trailers of a commit or tag message, by name without the prefix."""
    found: dict[str, str] = {}
    for line in message.splitlines():
        name, sep, value = line.partition(": ")
        if sep and name.startswith(TRAILER):
            found[name[len(TRAILER):].lower()] = value.strip()
    return found


def format_trailers(values: dict[str, str]) -> str:
    """Trailer lines for ``values``, in the order given."""
    return "".join(f"{TRAILER}{name}: {value}\n" for name, value in values.items())


@dataclass
class ManualRefs:
    """A manual's branch tip and its published versions, in version order."""

    code: str
    tip: str | None = None
    versions: list[VersionInfo] = field(default_factory=list)

    @property
    def latest(self) -> VersionInfo | None:
        """The highest published version."""
        return self.versions[-1] if self.versions else None

    @property
    def head(self) -> str | None:
        """The newest snapshot: the branch tip, or the latest version when there is no branch."""
        return self.tip or (self.latest.commit if self.latest else None)

    @property
    def has_open_draft(self) -> bool:
        """True when snapshots were recorded after the latest published version."""
        return self.tip is not None and (self.latest is None or self.tip != self.latest.commit)

    def in_force(self, day: date) -> VersionInfo | None:
        """The version in force on ``day``: the highest version whose in-force date is on or before it."""
        candidates = [v for v in self.versions if v.in_force is not None and v.in_force <= day]
        return candidates[-1] if candidates else None

    def version(self, number: int) -> VersionInfo | None:
        """The published version ``number``, if any."""
        return next((v for v in self.versions if v.version == number), None)


def scan(runner: Git, code: str | None = None, root: str = "refs/") -> dict[str, ManualRefs]:
    """Every manual's refs (or one manual's), from a single ``git for-each-ref``.

    ``root`` reads a copy of the layout kept elsewhere, such as a remote's refs fetched under
    ``refs/docversion/remotes/<name>/``.
    """
    manuals_prefix, tags_prefix = (root + p.removeprefix("refs/") for p in (MANUALS_PREFIX, TAGS_PREFIX))
    patterns = [manuals_prefix + code, f"{tags_prefix}{code}/"] if code else [manuals_prefix, tags_prefix]
    out = runner.run("for-each-ref", f"--format={_FIELDS}", *patterns).stdout.decode("utf-8", "replace")
    manuals: dict[str, ManualRefs] = {}
    for record in out.split("\0\0\n"):
        if not record:
            continue
        ref, oid, kind, peeled, message = record.split("\0", 4)
        ref = "refs/" + ref.removeprefix(root)
        branch_code = parse_manual_ref(ref)
        if branch_code is not None and kind == "commit":
            manuals.setdefault(branch_code, ManualRefs(branch_code)).tip = oid
            continue
        tagged = parse_version_tag(ref)
        if tagged is None or kind != "tag" or not peeled:
            continue  # not a docversion version: a user's own tag or branch is left alone
        facts = trailers(message)
        in_force = facts.get("in-force")
        manuals.setdefault(tagged[0], ManualRefs(tagged[0])).versions.append(VersionInfo(
            code=tagged[0], version=tagged[1], commit=peeled, tag=oid,
            in_force=_date(in_force), is_imported=facts.get("imported") == "yes", message=message))
    for refs in manuals.values():
        refs.versions.sort(key=lambda v: v.version)
    return manuals


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def log(runner: Git, refs: ManualRefs) -> list[LogEntry]:
    """The manual's snapshots, newest first, following first parents from its head."""
    if refs.head is None:
        return []
    by_commit = {v.commit: v for v in refs.versions}
    out = runner.run("log", "--first-parent", "-z", f"--format={_LOG}", refs.head, "--").stdout
    entries = []
    for record in out.decode("utf-8", "replace").split("\0"):
        if not record:
            continue
        commit, parents, author, email, authored, committed, message = record.split("\x1f", 6)
        entries.append(LogEntry(commit, tuple(parents.split()), author, email,
                                datetime.fromisoformat(authored), datetime.fromisoformat(committed),
                                message.strip(), by_commit.get(commit)))
    return entries
