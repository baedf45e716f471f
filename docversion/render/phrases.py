"""The words of the views, as plain strings: no rich, so that plain output (``log`` to a file or a
pipe) needs nothing else and the rich views say exactly the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from docversion.i18n import N_, _, ngettext
from docversion.records import LogEntry, RequestEvent, RequestHistory, Signer, VersionInfo, VersionRecord

_STATES = {"draft": N_("draft"), "in_review": N_("in review"), "authorized": N_("authorized")}
# Each step of change control as the log names it (RequestEvent.action, signoff_action), in words.
_ACTIONS = {"proposed": N_("proposed"), "sentences set": N_("sentences set"), "submitted": N_("submitted"),
            "reviewed": N_("reviewed"), "authorized": N_("authorized"), "rejected": N_("rejected"),
            "withdrawn": N_("withdrawn"), "policy set": N_("policy set")}


def state_name(state: str) -> str:
    """An open request's state in words: "draft", "in review", "authorized"."""
    return _(_STATES[state]) if state in _STATES else state


def standing(version: int | None, in_force: date | None) -> str:
    """What a request's draft states, for a heading: " · version 6, in force from 2026-04-01"
    (as much of it as is known)."""
    if version and in_force:
        return " · " + _("version {version}, in force from {day}").format(version=version, day=in_force.isoformat())
    if version:
        return " · " + _("version {version}").format(version=version)
    if in_force:
        return ", " + _("in force from {day}").format(day=in_force.isoformat())
    return ""


def signoff_phrase(action: str, name: str, role: str, comment: str = "") -> str:
    """What a change-control step did, by whom and in which role, with its comment:
    "submitted by Clara Arce (Elaborado por)", "rejected by Pedro Plan as Gerente de Planificación: …"."""
    word = _(_ACTIONS[action]) if action in _ACTIONS else action
    is_own = action in ("submitted", "proposed")  # the preparer's steps name the label, not a role
    if name and role:
        text = (_("{action} by {name} ({role})") if is_own else _("{action} by {name} as {role}")).format(
            action=word, name=name, role=role)
    elif name:
        text = _("{action} by {name}").format(action=word, name=name)
    elif role:
        text = f"{word} ({role})" if is_own else _("{action} as {role}").format(action=word, role=role)
    else:
        text = word
    return f"{text}: {comment}" if comment else text


def sentences_heading(has_sentences: bool, are_written: bool) -> str:
    """The line above a request's change sentences: whose they are, or that there are none."""
    if not has_sentences:
        return _("Changes: none written")
    return _("Changes:") if are_written else _("Changes (from the diff: the preparer wrote none):")


_KINDS = {"draft": N_("draft"), "merge": N_("merge")}


def version_phrase(info: VersionInfo | None) -> str:
    """A version as ``list`` shows it: "v5 since 2018-01-02", "v6", or "—" for none."""
    if info is None:
        return "—"
    if info.in_force:
        return _("v{version} since {day}").format(version=info.version, day=info.in_force.isoformat())
    return f"v{info.version}"


def _when(signer: Signer) -> str:
    return f", {signer.time.date().isoformat()}" if signer.time else ""


def signer_phrase(signer: Signer) -> str:
    """A name and the role it signed as ("Clara Arce (Elaborado por), 2024-03-04"); a role
    alone when the record knows no name."""
    if not signer.name:
        return signer.role
    return f"{signer.name} ({signer.role}){_when(signer)}" if signer.role else f"{signer.name}{_when(signer)}"


def record_facts(record: VersionRecord) -> list[tuple[str, str]]:
    """Who prepared, reviewed and authorized a version, and its sentences, as (label, value);
    a value of several lines holds each on its own."""
    facts = []
    if record.prepared is not None:
        facts.append((_("Prepared"), signer_phrase(record.prepared)))
    if record.reviewed:
        facts.append((_("Reviewed"), "\n".join(signer_phrase(s) for s in record.reviewed)))
    elif record.is_imported:
        facts.append((_("Reviewed"), _("signed on paper; the record names no reviewer")))
    if record.authorized is not None:
        authorized = signer_phrase(record.authorized)
        if record.is_imported and not record.authorized.name:
            authorized = _("{signer} (signed on paper)").format(signer=authorized)
        facts.append((_("Authorized"), authorized))
    if record.sentences:
        facts.append((_("Changes"), "\n".join(record.sentences)))
    if record.kept:
        facts.append((_("Kept"), "\n".join(_("{signer}: periodic review, kept as it is").format(
            signer=signer_phrase(signer)) for signer in record.kept)))
    return facts


def log_heading(entry: LogEntry) -> str:
    """A snapshot's heading in ``log``: a version with its in-force date and how it was recorded,
    or a draft or merge with who recorded it when; its commit last."""
    info, record = entry.version, entry.record
    commit = f"commit {entry.commit[:8]}"
    if info is None:
        recorded = entry.committed.strftime("%Y-%m-%d")
        kind = _(_KINDS[entry.kind]) if entry.kind in _KINDS else entry.kind
        recorded_by = _("recorded {day} by {author}").format(day=recorded, author=entry.author)
        return f"{kind} · {recorded_by} · {commit}"
    in_force = record.in_force if record is not None and record.in_force else info.in_force
    parts = [f"v{info.version}",
             _("in force from {day}").format(day=in_force.isoformat()) if in_force else _("no in-force date")]
    if info.is_imported:
        parts.append(_("imported"))
    elif record is not None and record.published is not None:
        published = record.published
        when = published.time.strftime("%Y-%m-%d") if published.time else ""
        parts.append(_("published {day} by {name}, change request {number}").format(
            day=when, name=published.name, number=record.request))
    return " · ".join([*parts, commit])


def event_phrase(event: RequestEvent) -> str:
    """One step of an open request: who did what, with the comment or the sentences it set."""
    text = signoff_phrase(event.action, event.name, event.role, event.comment)
    if event.sentences and not event.comment:
        text += ": " + " ".join(event.sentences)
    return text


def request_heading(request: RequestHistory) -> str:
    """The open request's heading in ``log``: its number, its state, what its draft states."""
    opened = _("Open change request {number}").format(number=request.number)
    return f"{opened} · {state_name(request.state)}{standing(request.version, request.in_force)}"


# Each change kind counted, in words ("3 items edited"): the diff view's summary and a position's
# history say it alike.
COUNTED: dict[str, Callable[[int], str]] = {
    "term_renamed": lambda n: ngettext("{n} term renamed everywhere", "{n} terms renamed everywhere", n),
    "term_renamed_once": lambda n: ngettext("{n} term renamed in one place", "{n} terms renamed in one place", n),
    "position_added": lambda n: ngettext("{n} position added", "{n} positions added", n),
    "position_removed": lambda n: ngettext("{n} position removed", "{n} positions removed", n),
    "position_renamed": lambda n: ngettext("{n} position renamed", "{n} positions renamed", n),
    "field_changed": lambda n: ngettext("{n} field changed", "{n} fields changed", n),
    "item_added": lambda n: ngettext("{n} item added", "{n} items added", n),
    "item_removed": lambda n: ngettext("{n} item removed", "{n} items removed", n),
    "item_edited": lambda n: ngettext("{n} item edited", "{n} items edited", n),
    "item_moved": lambda n: ngettext("{n} item moved", "{n} items moved", n),
    "item_split": lambda n: ngettext("{n} item split", "{n} items split", n),
    "item_merged": lambda n: ngettext("{n} merge", "{n} merges", n),
    "items_reordered": lambda n: ngettext("{n} reorder", "{n} reorders", n),
    "percent_changed": lambda n: ngettext("{n} share changed", "{n} shares changed", n),
    "manual_field_changed": lambda n: ngettext("{n} cover or table change", "{n} cover and table changes", n),
}
