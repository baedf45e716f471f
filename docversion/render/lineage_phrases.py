"""The words of a position's history and blame, as plain strings: no rich, so that their plain lines
(to a file or a pipe) and the rich views say exactly the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docversion.i18n import N_, _
from docversion.labels import SECTION_TITLES, field_label
from docversion.records import BlamedPart, PositionBlame, PositionChange, PositionHistory, VersionRecord, VersionStamp
from docversion.render.phrases import COUNTED, signer_phrase

# The diff's words for each kind, but a position's own creation, removal and renaming said once.
_COUNTED: dict[str, Callable[[int], str]] = {
    **COUNTED,
    "position_added": lambda n: _("created"),
    "position_removed": lambda n: _("removed"),
    "position_renamed": lambda n: _("renamed"),
}
# How a part last changed (docversion.diff.links.HOWS), in words; "moved" names the list it left.
_HOWS = {"renamed": N_("renamed"), "changed": N_("changed"), "edited": N_("edited"), "share": N_("share changed"),
         "split": N_("split"), "merged": N_("merged"), "term": N_("term renamed everywhere")}


def stamp_phrase(stamp: VersionStamp) -> str:
    """A version with its in-force date: "v3 (2013-10-01)", "v6", or "draft"."""
    if stamp.version is None:
        return _("draft")
    return f"v{stamp.version} ({stamp.in_force.isoformat()})" if stamp.in_force else f"v{stamp.version}"


def part_label(path: str) -> str:
    """A field or item by the document's label: "Puesto funcional", "Diaria 3", "Funciones claves 1"."""
    field, _sep, last = path.rpartition(".")
    if last.isdigit():
        return f"{field_label(field)} {int(last) + 1}"
    return field_label(path)


def part_text(value: Any) -> str:
    """A part's value as the views show it; a key function with its share and expected result."""
    if isinstance(value, dict) and {"text", "percent", "expected_result"} <= set(value):
        return f"{value['text']} ({value['percent']}%; {value['expected_result']})"
    return str(value)


def section_heading(numeral: str) -> str:
    """A section as the document heads it: "III. FUNCIONES PERIÓDICAS"."""
    return f"{numeral}. {SECTION_TITLES.get(numeral, '')}"


def origin_phrase(part: BlamedPart) -> str:
    """Where a part comes from: "v3 (2013-10-01)" when it is as it came, else with its last change:
    "v1 (2011-07-29) · last v5 (2018-01-02), moved from Trimestral"."""
    since = stamp_phrase(part.introduced)
    if part.how in ("created", "added", "kept"):
        return since
    if part.how == "moved":
        how = _("moved from {field}").format(field=field_label(part.moved_from or ""))
    elif part.how == "term" and part.term is not None:
        how = _("term renamed everywhere: {old} -> {new}").format(old=part.term[0], new=part.term[1])
    else:
        how = _(_HOWS[part.how]) if part.how in _HOWS else part.how
    last = _("last {version}, {how}").format(version=stamp_phrase(part.changed), how=how)
    return f"{since} · {last}"


def blame_heading(blame: PositionBlame) -> str:
    """The blame's first line: the position and the revision it is read at."""
    version = f"v{blame.version.version}" if blame.version is not None else _("draft")
    return _("Where each part of {title} [{id}] comes from, {code} {version}").format(
        title=blame.title, id=blame.position_id, code=blame.code, version=version)


def authorized_phrase(record: VersionRecord) -> str | None:
    """Who authorized a version: the name and role, or for one signed on paper the role and so."""
    if record.authorized is None:
        return None
    authorized = signer_phrase(record.authorized)
    if record.is_imported and not record.authorized.name:
        authorized = _("{signer} (signed on paper)").format(signer=authorized)
    return authorized


def record_line(record: VersionRecord) -> str:
    """A version named by a blame, with its in-force date and who authorized it."""
    parts = [f"v{record.version}"]
    if record.in_force:
        parts.append(_("in force from {day}").format(day=record.in_force.isoformat()))
    authorized = authorized_phrase(record)
    if authorized:
        parts.append(_("authorized by {signer}").format(signer=authorized))
    return " · ".join(parts)


def history_heading(history: PositionHistory) -> str:
    """The history's first line: the position as it stands (or stood, when removed)."""
    return _("History of {title} [{id}] in {code}, newest first").format(
        title=history.title, id=history.position_id, code=history.code)


def change_heading(change: PositionChange) -> str:
    """A version's heading in a position's history: the version, its in-force date, how it was
    recorded, its commit."""
    stamp, record = change.stamp, change.record
    if stamp.version is None:
        parts = [_("draft")]
    else:
        parts = [f"v{stamp.version}",
                 _("in force from {day}").format(day=stamp.in_force.isoformat()) if stamp.in_force
                 else _("no in-force date")]
    if record is not None and record.is_imported:
        parts.append(_("imported"))
    elif record is not None and record.published is not None:
        published = record.published
        when = published.time.strftime("%Y-%m-%d") if published.time else ""
        parts.append(_("published {day} by {name}, change request {number}").format(
            day=when, name=published.name, number=record.request))
    return " · ".join([*parts, f"commit {change.commit[:8]}"])


def kinds_phrase(change: PositionChange) -> str:
    """What the diff found in the position: "created", or each kind counted ("1 item edited")."""
    if change.event == "created" and not change.kinds:
        return _("in the first version recorded")
    return ", ".join(_COUNTED[kind](number).format(n=number) if kind in _COUNTED else f"{number} {kind}"
                     for kind, number in change.kinds)


def change_facts(change: PositionChange) -> list[tuple[str, str]]:
    """A version's facts in a position's history, as (label, value); a value of several lines holds
    each on its own."""
    facts = []
    if change.former_title is not None:
        facts.append((_("Title"), _("{title} (was {former})").format(title=change.title, former=change.former_title)))
    elif change.event == "created":
        facts.append((_("Title"), change.title))
    facts.append((_("Diff"), kinds_phrase(change)))
    authorized = authorized_phrase(change.record) if change.record is not None else None
    if authorized:
        facts.append((_("Authorized"), authorized))
    if change.sentences:
        label = _("Changes (the version's)") if change.are_the_versions_sentences else _("Changes")
        facts.append((label, "\n".join(change.sentences)))
    return facts
